"""Which Chinese script a customer writes in, and the catalogue's sentences in traditional.

Customers in Taiwan, Hong Kong and Macau write traditional characters (訂單、退錢、沒有). The
fields are read through a fold to simplified (`simplified` below, after nlp/data/extract_yue.txt
and extract_t2s.txt), but replies written in simplified read to them as mainland-only
(newcomer trial 17). The
conversation keeps the script as its locale (handlers/texts.py:TRADITIONAL), decided only by
a message plainly in traditional characters, and the zh-CN catalogue is converted for it.

OpenCC does the conversion: its dictionaries are curated word by word (后台 -> 後臺 but 皇后
stays, 里面 -> 裡面 but 公里 stays), which a table of our own would get wrong one character at
a time, and its maintained Python binding ships them. "s2tw" writes Taiwan's standard forms
(為, 裡, 著), which Hong Kong and Macau readers read as their own.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

__all__ = ["TRADITIONAL_EVIDENCE", "simplified", "traditional_script", "writes_traditional"]

_HAN = re.compile(r"[\u4e00-\u9fff]")
# How many characters of one script a message needs before it says which one its writer
# uses, and how many times the other script's count: a single traditional character in a
# simplified message (a pasted shop name, "我的訂单") or an ambiguous one (台北's 台, which
# the mainland writes so too) says nothing.
TRADITIONAL_EVIDENCE = 2
_RATIO = 3


@cache
def _converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per configuration, loaded when first needed (~70 ms)."""
    return opencc.OpenCC(config)


def _changed(text: str, config: str) -> int:
    """How many characters of `text` the conversion `config` writes differently, each read
    alone (`_changed_alone`): a set lookup a character, where converting the message twice
    cost ~0.13 ms of every message's CPU (bench/bench_turn.py, cProfile)."""
    changed = _changed_alone(config)
    return sum(1 for ch in text if ch in changed)


def writes_traditional(text: str) -> bool | None:
    """True when `text` is plainly in traditional characters ("你們的訂單號是多少"), False when
    plainly in simplified ("你们的订单号"), None when it does not say: no Chinese, too few
    characters that differ between the scripts ("好的", "林小姐"), or an even mix."""
    if not _HAN.search(text):
        return None
    traditional = _changed(text, "t2s")  # characters only traditional writing has
    simplified = _changed(text, "s2tw")  # characters only simplified writing has
    if traditional >= TRADITIONAL_EVIDENCE and traditional >= _RATIO * simplified:
        return True
    if simplified >= TRADITIONAL_EVIDENCE and simplified >= _RATIO * traditional:
        return False
    return None


# Reading folds traditional to simplified with "hk2s": OpenCC's t2s plus Hong Kong's variant
# forms (衞, 綫, 纔). "tw2s" would add Taiwan's, but it also rewrites simplified text (么 ->
# 幺), and reading must leave a simplified message as it is. Of Taiwan's forms only 著 for
# 着 matters to the readers (著火, 開著, 睡不著), taken from "tw2s" at that character alone.
_READING = "hk2s"
_TAIWAN = "tw2s"
_TAIWAN_ZHE = "著"
# The CJK blocks a customer's message can hold (Extension A, the unified block, the
# compatibility ideographs); characters beyond them are left as typed.
_CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@cache
def _changed_alone(config: str) -> frozenset[str]:
    """The characters the conversion `config` changes on their own, found once by converting
    every CJK character (~40 ms with loading, when first needed). A phrase of characters
    each unchanged alone (瞭解 -> 了解) is missed by what uses it."""
    chars = [chr(c) for first, end in _CJK_BLOCKS for c in range(first, end)]
    converted = str(_converter(config).convert("\n".join(chars))).split("\n")
    if len(converted) != len(chars):  # never seen; a conversion across lines would shift all
        converted = [str(_converter(config).convert(ch)) for ch in chars]
    return frozenset(ch for ch, out in zip(chars, converted, strict=True) if out != ch)


@cache
def _folded_by_reading() -> frozenset[str]:
    """The characters `simplified` changes: a message with none of them skips OpenCC."""
    return _changed_alone(_READING) | {_TAIWAN_ZHE}


def simplified(text: str) -> str:
    """`text` with traditional characters in simplified ones (訂單 -> 订单, 蝦皮 -> 虾皮, 冒煙 ->
    冒烟), everything else as it is, and of the same length character for character: the
    readers cut values out of the original at the spans they find in this copy. OpenCC's
    conversion keeps the length for the texts seen; where it would not (a phrase written with
    more or fewer characters), each character is converted alone."""
    if _folded_by_reading().isdisjoint(text):  # most messages: no traditional character
        return text
    converter = _converter(_READING)
    out = str(converter.convert(text))
    if len(out) != len(text):
        out = "".join(_one_for_one(converter, ch) for ch in text)
    return _taiwan_zhe(out) if _TAIWAN_ZHE in out else out


def _taiwan_zhe(text: str) -> str:
    """`text` with each 著 as "tw2s" reads it in its words: 着 in 著火, 看著, 著急; 著 in 著名,
    著作. Only that character is taken, the rest of "tw2s"'s changes left out."""
    taiwan = str(_converter(_TAIWAN).convert(text))
    if len(taiwan) != len(text):
        return text
    return "".join(tw if ch == _TAIWAN_ZHE else ch for ch, tw in zip(text, taiwan, strict=True))


def _one_for_one(converter: opencc.OpenCC, ch: str) -> str:
    """`ch` converted alone, or as it is when its conversion is not one character."""
    out = str(converter.convert(ch))
    return out if len(out) == 1 else ch


@cache
def traditional_script(sentence: str) -> str:
    """`sentence` (a catalogue template or a policy label, in simplified) in traditional
    characters; `{placeholders}` and everything but Han characters unchanged. Cached: the
    catalogue holds a few hundred sentences, each converted once."""
    return str(_converter("s2tw").convert(sentence))
