"""What the customer wants (诉求): the first remedy named, as one of the DOMAIN.md values,
in Chinese or English ("refund", "replace it", "fix it", "an apology")."""

from __future__ import annotations

import re

from nlp.extract_text import first_chars

# Longest words first inside each group; groups are tried together, the earliest hit wins.
_REMEDIES: tuple[tuple[str, str], ...] = (
    (
        "compensation",
        r"退一赔[三十]|假一赔[三十]|[三十双两]倍赔偿|赔偿|补偿|赔钱|赔付|理赔(?!员|款)"
        r"|赔我|你们赔|赔给我",
    ),
    ("refund", r"退货退款|全额退款|退款|退房费|退钱|退费|退货|退还|把钱退|退回|退我钱|返还|refund"),
    ("exchange", r"换货|换新|调换|换一[个台件部辆份箱双]|换个新的|换个|换车|换房|换一间|exchange"),
    # 维修 that is a place or a past event (维修点, 维修了三次) is not a request.
    ("repair", r"维修(?![点站中心师傅人员了过费])|修好|修理|上门修|返修|repair"),
    ("apology", r"道歉|赔礼|赔不是|致歉|apologi[sz]e|sorry"),
    ("improvement", r"改进|整改|改正|加强培训|加强管理|培训一下|处分|开除"),
    ("other", r"给个说法|给我一个说法|给个交代|给我一个交代|要个说法|解释清楚"),
)
REMEDY_RE = re.compile(
    first_chars("|".join(words for _, words in _REMEDIES))
    + "(?:"
    + "|".join(f"(?P<{name}>{words})" for name, words in _REMEDIES)
    + ")",
    re.IGNORECASE,
)
_NEGATION = ("不要", "不想", "不用", "不需要", "没要", "不是要", "没", "没有")
# The same remedies in English, whole words ("fix" is not in "prefix").
_REMEDIES_EN: tuple[tuple[str, str], ...] = (
    ("compensation", r"compensat(?:e|ed|ion)|reimburse(?:ment|d)?|damages"),
    ("refund", r"refund(?:ed)?|money\s+back|return\s+(?:it|them)|take\s+(?:it|them)\s+back"),
    ("exchange", r"replace(?:ment|d)?|a\s+new\s+one|exchange(?:d)?|swap"),
    ("repair", r"repair(?:ed)?|fix(?:ed)?"),
    ("apology", r"apolog(?:y|ies|ise|ize)|say\s+sorry"),
    ("improvement", r"improve(?:ment)?|train\s+(?:your|the)\s+staff|better\s+service"),
)
REMEDY_EN_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _REMEDIES_EN) + r")\b",
    re.IGNORECASE,
)
# "I don't need a refund", "not a replacement", "no apology": a few words back at most.
_NEGATION_EN = re.compile(r"(?:\b(?:not?|never|without)|n't)(?:\s+[a-z]+){0,2}\s*$", re.I)


def find_remedy(text: str) -> tuple[str | None, int, int]:
    """(remedy, start, end) of the first remedy asked for, or (None, 0, 0)."""
    found = [(m.start(), m) for m in REMEDY_RE.finditer(text) if not _negated(text, m)]
    if _LATIN.search(text):
        found += [(m.start(), m) for m in REMEDY_EN_RE.finditer(text) if not _negated(text, m)]
    if not found:
        return None, 0, 0
    m = min(found, key=lambda pair: pair[0])[1]
    return m.lastgroup, m.start(), m.end()


_LATIN = re.compile(r"[A-Za-z]{3}")


def _negated(text: str, m: re.Match[str]) -> bool:
    if m.group().isascii():
        return bool(_NEGATION_EN.search(text, max(0, m.start() - 20), m.start()))
    before = text[max(0, m.start() - 3) : m.start()]
    return any(before.endswith(neg) for neg in _NEGATION)
