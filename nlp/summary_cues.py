"""Readers for what a customer says at the summary, just before filing (newcomer trial 22):
venting with no fact in it, a line that tells another kind of trouble than the complaint's,
the answer to "same complaint or another one?", and a second matter told at the same shop.

The cue words are in nlp/data/intent_cues.toml ([venting], [problem_kind], [matter_answer],
[same_shop]). Each reader first checks for a cue with one substring pass, so messages they
cannot concern cost no more (issue 11).
"""

from __future__ import annotations

import re
from functools import cache

from nlp.intent import _cues, cue_phrases, has_cue, is_question, key

# What is left of a vent once its cue and filler words are out: punctuation, spaces, digits
# of nothing ("!!!", "。。。") say nothing more.
_NOTHING_LEFT = re.compile(r"[\s\W_]*")
_ASKS = re.compile(r"[?？吗么呢]")
# Han characters a vent may keep beside its cues without telling a fact: "我再也不来了", "真的".
_FEELING_HAN = 2


def vents(text: str) -> bool:
    """Whether `text` only vents about the business ("真没意思 这种店", "太气人了 以后再也不来了",
    "what a joke of a shop"): a [venting] cue, and nothing left once the cues and their
    filler words are out but a couple of characters; a question or a number is no vent."""
    if not has_cue(text, "venting", "words") or re.search(r"\d", text):
        return False
    # A question asks something ("这种店能投诉吗"); "what a joke …" only opens like one.
    if _ASKS.search(text) and is_question(text):
        return False
    left = _without(key(text), ("venting", "words"))
    left = _without(left, ("venting", "filler"))
    left = _NOTHING_LEFT.sub("", left)
    han = sum(1 for ch in left if "\u4e00" <= ch <= "\u9fff")
    return han <= _FEELING_HAN and not re.search(r"[a-z]{3,}", left)


def _without(folded: str, path: tuple[str, str]) -> str:
    """`folded` with the cues of `path` cut out (each replaced by a space)."""
    spans = cue_phrases(folded, *path)
    for begin, end in reversed(spans):
        folded = f"{folded[:begin]} {folded[end:]}"
    return folded


@cache
def _kinds() -> tuple[str, ...]:
    return tuple(_cues()["problem_kind"])


def problem_kinds(text: str) -> frozenset[str]:
    """The kinds of trouble `text` tells ([problem_kind]: charge, quality, attitude, delay,
    hygiene); empty when it tells none ("蛋糕是昨天下午买的")."""
    return frozenset(kind for kind in _kinds() if has_cue(text, "problem_kind", kind))


def other_problem(account: str, text: str) -> bool:
    """Whether `text`, said at the summary, tells a kind of trouble the complaint's `account`
    tells none of ("还有 结账的时候多收了我20块" under "蛋糕发霉了"): a different problem, to be
    asked about. A line of no kind, or of a kind the account tells ("发霉的地方在底下"), or
    an account of no known kind (nothing to compare with), is no other problem."""
    told = problem_kinds(text)
    if not told:
        return False
    known = problem_kinds(account)
    return bool(known) and not (told & known)


def matter_answer(text: str) -> str | None:
    """ "separate" or "same" for the answer to "same complaint or another one?" ("另一件",
    "单独登记", "separate"; "同一件", "一起", "same one"); None when it says neither."""
    if has_cue(text, "matter_answer", "separate"):
        return "separate"
    if has_cue(text, "matter_answer", "same"):
        return "same"
    return None


def at_same_shop(text: str) -> bool:
    """Whether `text` places its matter at the shop the customer is complaining about
    ("结账的时候多收了我20块", "they overcharged me at the till")."""
    return has_cue(text, "same_shop", "words")
