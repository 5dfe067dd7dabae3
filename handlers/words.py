"""How customers say common things: greetings, intents, "none", and ticket numbers.

Matching is on normalised text (full-width folded, lower-cased, punctuation stripped,
traditional characters and written Cantonese read as simplified Mandarin), so "取消！",
"ＣＡＮＣＥＬ" and "cancel" all mean cancel, and "沒有" and "冇嘢" mean "没有".
"""

from __future__ import annotations

import re
import unicodedata

from nlp.extract_text import normalise as fold
from nlp.intent import GREETINGS

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Full-width to half-width, traditional and Cantonese folded to simplified Mandarin
    (nlp/extract_text.py), lower case, no spaces or punctuation: "沒有！" -> "没有"."""
    return _PUNCT.sub("", fold(unicodedata.normalize("NFKC", text))).lower()


COMPLAIN_INTENTS = (
    "我要投诉",
    "我想投诉",
    "投诉一下",
    "我要反映",
    "我要反馈",
    "投诉",
    "complaint",
    "i want to complain",
    "我要举报",
)
CANCEL_WORDS = frozenset({"取消", "不投诉了", "算了", "cancel", "quit", "取消投诉", "撤销"})
# Said inside a sentence, these still cancel the complaint being filled ("算了不投诉了").
CANCEL_PHRASES = (
    "不投诉了",
    "取消投诉",
    "撤销投诉",
    "不想投诉了",
    "不用投诉了",
    "投诉取消",
    "不要投诉了",
    "不投了",
    "cancelmycomplaint",
    "cancelthecomplaint",
)
# Said within a while of a cancel (handlers/intake.py:RESTORE_MINUTES), these bring the
# cancelled draft back: a change of mind ("等等 还是投诉吧 越想越气"), not a new complaint
# (newcomer trial 15: it started again from nothing). Matched inside the normalised message.
RESTORE_PHRASES = (
    "还是投诉",
    "还是要投诉",
    "还是得投诉",
    "继续投诉",
    "接着投诉",
    "恢复",
    "撤销取消",
    "不取消了",
    "别取消",
    "不要取消",
    "还是投吧",
    "undo",
    "goon",
    "restore",
    "resume",
    "continue",
    "changedmymind",
)
HELP_WORDS = frozenset({"帮助", "help", "使用帮助", "怎么用", "菜单", "?", "？"})
STATUS_WORDS = frozenset(
    {"查询进度", "进度", "查询", "查进度", "工单进度", "status", "我的工单", "进度查询", "查询工单"}
)
# Kept folded as `normalise` folds what is said ("冇嘢" is kept as "没有").
NONE_WORDS = frozenset(
    normalise(word)
    for word in {
        "暂无",
        "没有",
        "无",
        "没",
        "none",
        "no",
        "跳过",
        "skip",
        "暂时没有",
        "没有了",
        "不用",
        "不需要",
        "完成",
        "好了",
        "done",
        "发完了",
        "就这些",
        # Dialect and net-speak "none" (newcomer trial 8: "木有" at the evidence question was
        # not taken as 暂无, "木有截图" at the place question was filed as the place): 木有
        # (online), 没得 (southwest), 冇/冇嘢 (Cantonese), 无了.
        "木有",
        "木有了",
        "没得",
        "没得了",
        "冇",
        "冇嘢",
        "冇啊",
        "无了",
        # English as normalise() leaves it, no spaces or apostrophes ("I don't have any")
        "nothing",
        "nope",
        "noevidence",
        "nothanks",
        "idonthaveany",
        "ihavenone",
        "na",
        "nonefornow",
    }
)

# Not \b: Han characters are word characters too, so "工单CP20261122001要多久" has no word
# boundary around the number; only Latin letters and digits may not touch it.
TICKET_NUMBER = re.compile(r"(?<![A-Z0-9])([A-Z]{1,8}\d{11,})(?![A-Z0-9])")


def strip_intent(text: str) -> str:
    """What is left of a message once greetings and "我要投诉" are taken off."""
    rest = normalise(text)
    changed = True
    while changed:
        changed = False
        # The reader's greetings (nlp/intent.py), longest first: one list for both.
        for word in (*sorted(GREETINGS, key=len, reverse=True), *COMPLAIN_INTENTS):
            key = normalise(word)
            if key and rest.startswith(key):
                rest, changed = rest[len(key) :], True
    return rest


def has_meaning(text: str) -> bool:
    """True when the text holds letters, digits or Han characters, not only emoji or marks."""
    return any(ch.isalnum() for ch in unicodedata.normalize("NFKC", text))


def find_ticket_number(text: str) -> str | None:
    """The first ticket number in the text (full-width or lower case allowed), upper-cased:
    a prefix of 1-8 letters and at least 11 digits, `CP20261122001` (docs/architecture.md,
    "Ticket numbers"); None when there is none."""
    match = TICKET_NUMBER.search(unicodedata.normalize("NFKC", text).upper())
    return match.group(1) if match else None


_QUERY_FILLERS = ("一下", "工单", "单号", "我的", "的", "请", "帮我", "麻烦", "吗", "呢")
_SHORT_NUMBER = re.compile(r"\d{1,4}")  # "查询 8": a sequence or the last digits, no phone


def is_status_query(text: str) -> bool:
    """True when the message is only a ticket number, or a status word (STATUS_WORDS:
    "查询", "进度" ...) with a ticket number or a short number ("查询 CP20261130008",
    "CP20261130008 进度", "查询 8"): a status query, never complaint text, whoever's the
    number is (docs/process.md section 5; the answer shows only the customer's own tickets).
    A bare short number alone is no status query (handlers/idle.py:bare_number reads it)."""
    said = normalise(text)
    number = find_ticket_number(text)
    if number is not None:
        rest = said.replace(number.lower(), "")
    else:
        rest = _SHORT_NUMBER.sub("", said, count=1)
        if rest == said or not rest:
            return False
    for filler in _QUERY_FILLERS:
        rest = rest.replace(filler, "")
    return rest in STATUS_WORDS or (not rest and number is not None)


def quote(text: str, limit: int) -> str:
    """`text` for quoting back, at most `limit` characters: a longer one is cut at the last
    space or punctuation before the limit when the cut would split a Latin word (newcomer
    trial 12: "…do I need to come in " was quoted without "person"), with "…" marking it."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if cut[-1].isascii() and cut[-1].isalnum() and text[limit].isascii() and text[limit].isalnum():
        space = max(cut.rfind(mark) for mark in " ,.;:!?，。；：！？")
        if space > 0:
            cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：") + "…"
