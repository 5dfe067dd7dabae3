"""Which Chinese script a customer writes in, and the catalogue's sentences in traditional.

Customers in Taiwan, Hong Kong and Macau write traditional characters (訂單、退錢、沒有). The
fields are read through a fold to simplified (nlp/data/extract_t2s.txt, extract_yue.txt), but
replies written in simplified read to them as mainland-only (newcomer trial 17). The
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

__all__ = ["TRADITIONAL_EVIDENCE", "traditional_script", "writes_traditional"]

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
    """How many characters of `text` the conversion `config` writes differently."""
    converted = str(_converter(config).convert(text))
    return sum(1 for said, other in zip(text, converted, strict=False) if said != other)


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


@cache
def traditional_script(sentence: str) -> str:
    """`sentence` (a catalogue template or a policy label, in simplified) in traditional
    characters; `{placeholders}` and everything but Han characters unchanged. Cached: the
    catalogue holds a few hundred sentences, each converted once."""
    return str(_converter("s2tw").convert(sentence))
