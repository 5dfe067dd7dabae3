"""Text normalisation for field extraction: one character in, one character out.

Customers write full-width digits (１３８１２３４５６７８), full-width punctuation and traditional
characters (訂單號, 退貨, 吹風機冒煙). Matching runs on a normalised copy of the same length, so
every span found there cuts the customer's own words out of the original text ("as written"
fields keep 陳小明, not 陈小明).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from nlp.script import simplified


def read_words(name: str) -> list[str]:
    """Lines of a word list in nlp/data, blank lines and # comments skipped."""
    text = resources.files("nlp.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {0x3000: " "}  # ideographic space
    # The full-width ASCII block (！ to ～) maps onto ASCII at a fixed offset.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    table[ord("￥")] = "¥"
    for pair in read_words("extract_t2s.txt"):
        trad, simp = pair.split()
        table[ord(trad)] = simp
    return table


_TABLE = _build_table()
_TO_FOLD = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def _fold(m: re.Match[str]) -> str:
    return _TABLE[ord(m.group())]


def _build_cantonese(name: str = "extract_yue.txt") -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in read_words(name):
        said, mandarin = line.split()
        if len(said) != len(mandarin):  # spans in the folded copy must fit the original
            raise ValueError(f"{name}: {said} and {mandarin} differ in length")
        pairs[said] = mandarin
    return pairs


# Homophone typos of the bot's key words ("头诉", "陪礼到歉", "照骗") read as the words meant,
# folded like Cantonese: phrases of the same length (nlp/data/extract_typos.txt).
_CANTONESE = _build_cantonese() | _build_cantonese("extract_typos.txt")
# Longest first, so a phrase (關係, 唔該) wins over its first character.
_TO_MANDARIN = re.compile("|".join(sorted(map(re.escape, _CANTONESE), key=len, reverse=True)))
_CANTONESE_START = re.compile("[" + "".join(sorted({w[0] for w in _CANTONESE})) + "]")


def _mandarin(m: re.Match[str]) -> str:
    return _CANTONESE[m.group()]


# Pure, and asked for the same message by several readers of a turn (bench/bench_turn.py:
# 1,591 calls, 704 texts): the last thousand texts are kept (a few MB at most).
@lru_cache(maxsize=1024)
def normalise(text: str) -> str:
    """Half-width, simplified copy of `text`, written Cantonese read as Mandarin ("係前日嘅事"
    -> "是前天的事", nlp/data/extract_yue.txt), homophone typos as the word meant ("头诉" ->
    "投诉", nlp/data/extract_typos.txt); `len(normalise(t)) == len(t)` always holds.
    For the readers only: the classifier folds its own way (nlp/features.py:normalise)."""
    # Most messages have no Cantonese: one scan for its first characters before the phrases.
    # Before the script's fold, which would write 係 (is) as 系 (a system, 关系).
    if _CANTONESE_START.search(text):
        text = _TO_MANDARIN.sub(_mandarin, text)
    # A message has a handful of characters to fold (its full-width punctuation): replacing
    # those is 4x cheaper than str.translate looking up every character. The table's own
    # choices (帳 -> 账, 覆 -> 复) come first; OpenCC folds every other traditional character
    # (風, 煙, 蝦: newcomer trial 17, the table had a few hundred).
    return simplified(_TO_FOLD.sub(_fold, text))


# A verb or adjective said both ways asks whether: "会不会", "管不管", "能不能", "可不可以",
# "到没到" (newcomer trial 14). Not "爱住不住" (take it or leave it) nor "说不说都行" (either
# way): indifference, no question. nlp/intent.py reads it as a question, nlp/extract_remedy.py
# as no denial ("能不能赔偿" asks for 赔偿).
A_NOT_A = re.compile(r"(?<!爱)([\u4e00-\u9fff]{1,2})[不没]\1(?![都也])")


def first_chars(alternatives: str) -> str:
    """A look-ahead class of the characters that can start `a|b|[cd]e|\\d+号` (simple
    alternations only, each may open with a look-behind of one class: `(?<![闪消])退`), so
    the engine skips other positions without trying each branch."""
    chars: set[str] = set()
    for alt in alternatives.split("|"):
        if alt.startswith(("(?<!", "(?<=")):
            alt = alt[alt.index(")") + 1 :]  # a look-behind of one class starts nothing
        if alt.startswith("["):
            chars.update(alt[1 : alt.index("]")])
        elif alt.startswith("\\d"):
            chars.update("0123456789")
        elif alt.startswith("(?"):
            raise ValueError(f"no group at the start of an alternative: {alt}")
        else:
            chars.update({alt[0].lower(), alt[0].upper()})
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(chars)) + "])"


class Lexicon:
    """A word list matched leftmost-longest by one regex built as a trie: the regex engine
    then tests one character per position instead of every word (30x faster than set
    look-ups per position, which dominated extraction time)."""

    def __init__(self, words: list[str]) -> None:
        self.regex = re.compile(_trie_pattern({w.lower() for w in words if w}), re.IGNORECASE)

    @classmethod
    def from_file(cls, name: str) -> Lexicon:
        """The lexicon of a word list in nlp/data (`read_words`; several words a line allowed).
        Raises FileNotFoundError for a missing list."""
        return cls([w for line in read_words(name) for w in line.split()])

    def longest_at(self, text: str, i: int) -> int:
        """Length of the longest word starting at `text[i]`, 0 when none does."""
        m = self.regex.match(text, i)
        return m.end() - i if m else 0

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) spans of words inside text[start:end]."""
        stop = len(text) if end is None else end
        return [m.span() for m in self.regex.finditer(text, start, stop)]


def _trie_pattern(words: set[str]) -> str:
    """A regex matching any of `words`, longest first: (?:空(?:调|气净化器)|...)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    # The look-ahead on the first characters lets the engine skip most positions at once.
    first = "".join(re.escape(ch) for ch in sorted(trie))
    return f"(?=[{first}]){_node_pattern(trie)}" if trie else "(?!)"


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer words are optional (greedy, so tried first)
        return f"(?:{body})?"
    return body
