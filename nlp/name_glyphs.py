"""How a customer spells a character of their name: "安静的静", "耳东陈", "弓长张", "木子李",
"草头黄", "草字头的黄", "静是安静的静".

On the phone and in chat a Chinese name is confirmed by describing its characters, either by
a word that holds the character (安静的静: the 静 of 安静) or by the parts it is written with
(耳东陈: 耳 and 东 make 陈; 弓长张). Such a description is no word of the name and no story
(newcomer trial 20: "名字打错了 是陈静 安静的静" cleared the name and asked again, "陈静 安静的
静" at the name question went to the account). It names one character: the name read beside
it, or that character alone when it is all that was said ("木子李": the surname 李).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nlp.extract_text import normalise as fold

__all__ = ["Glyphs", "described_character", "without_glyph_descriptions"]

# Characters described by the parts they are written with, as people say them: the parts,
# then the character. Only these: a generic "two characters and a third" would take real
# names ("欧阳静") for descriptions.
_PARTS: dict[str, str] = {
    "耳东": "陈",
    "弓长": "张",
    "立早": "章",
    "木子": "李",
    "草头": "黄",
    "口天": "吴",
    "双木": "林",
    "古月": "胡",
    "言午": "许",
    "人可": "何",
    "子小": "孙",
    "双口": "吕",
    "关耳": "郑",
    "文刀": "刘",
    "走肖": "赵",
    "禾呈": "程",
    "木易": "杨",
    "小月": "肖",
    "口十": "叶",
    "言身寸": "谢",
    "三横": "王",
    "三横一竖": "王",
    "双人余": "徐",
    "女开": "妍",
    "日月": "明",
    "日青": "晴",
    "三点水工": "江",
}
_HAN = r"[\u4e00-\u9fff]"
# "静是…", "…的静字": the character said before and "字" after.
_LEAD = rf"(?:(?P<lead>{_HAN})(?:字)?是)?"
_TAIL = r"(?:字)?(?:的)?(?:字)?"
# A radical named, then the character: "草字头的黄", "三点水的江", "木字旁的林".
_RADICAL = rf"{_HAN}{{1,3}}(?:旁|头|底|框|边)|三点水|两点水|四点底"
_BY_WORD = re.compile(rf"{_LEAD}(?P<word>{_HAN}{{1,4}})的(?P<ch>{_HAN}){_TAIL}")
_BY_PARTS = re.compile(
    rf"{_LEAD}(?:(?P<parts>{'|'.join(sorted(_PARTS, key=len, reverse=True))})(?:的)?)"
    rf"(?P<ch>{_HAN}){_TAIL}"
)
_PIECES = re.compile(r"[^\s，,。.!！?？;；:：、]+")


def described_character(piece: str) -> str | None:
    """The character `piece` (one word of a message) describes, or None when it is no such
    description: "安静的静" -> 静, "耳东陈" -> 陈, "草字头的黄" -> 黄, "静是安静的静" -> 静.
    A word that does not hold its character ("我的钱") or parts that do not make it ("耳东李")
    describe nothing."""
    said = fold(piece.strip())
    m = _BY_PARTS.fullmatch(said)
    if m and _PARTS[m["parts"]] == m["ch"] and m["lead"] in (None, m["ch"]):
        return m["ch"]
    m = _BY_WORD.fullmatch(said)
    if m is None or m["lead"] not in (None, m["ch"]):
        return None
    word, ch = m["word"], m["ch"]
    if (ch in word and word != ch) or re.fullmatch(_RADICAL, word) or word in _PARTS:
        return ch
    return None


class Glyphs(NamedTuple):
    """A message without its descriptions of characters, and the characters described."""

    text: str
    described: tuple[str, ...]


def without_glyph_descriptions(text: str) -> Glyphs:
    """`text` with every word that describes a character of the name removed ("陈静 安静的
    静" -> "陈静"; "名字打错了 是陈静 耳东陈" -> "名字打错了 是陈静"), and the characters
    described in order. A message with none comes back as it was."""
    pieces = [(m, described_character(m.group())) for m in _PIECES.finditer(text)]
    found = [(m, ch) for m, ch in pieces if ch]
    if not found:
        return Glyphs(text, ())
    kept = text
    for m, _ in reversed(found):
        kept = kept[: m.start()] + kept[m.end() :]
    kept = re.sub(r"[\s，,、]+$", "", re.sub(r"^[\s，,、]+", "", kept))
    return Glyphs(re.sub(r"\s{2,}", " ", kept), tuple(ch for _, ch in found if ch))
