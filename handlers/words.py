"""How customers say common things: greetings, intents, "none", and ticket numbers.

Matching is on normalised text (full-width folded, lower-cased, punctuation stripped,
traditional characters and written Cantonese read as simplified Mandarin), so "取消！",
"ＣＡＮＣＥＬ" and "cancel" all mean cancel, and "沒有" and "冇嘢" mean "没有".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nlp.extract_refs import COURIER_NO_RE
from nlp.extract_text import normalise as fold
from nlp.intent import GREETINGS

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


# Called for the same words many times a message (every cue and none-word list): kept for the
# last thousand texts (bench/bench_turn.py; a few MB at most).
@lru_cache(maxsize=1024)
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
# The same change of mind in its other wordings (newcomer trial 17: "我刚才取消了 还是想投诉"
# started a blank complaint): 还是 + a wish + 投(诉) ("还是想投诉", "我还是要投"; never
# "还是不投了"), going on with what was there ("继续刚才的", "刚才那个继续", "接着上次的"),
# and English "still want to complain", "carry on". Read on the normalised message.
RESTORE_PATTERN = re.compile(
    r"还是(?:想|要|得|准备|打算|决定)?(?:继续)?投|"
    r"(?:继续|接着)(?:投诉|刚才|上次|之前|填|登记|办|弄)|"
    r"(?:刚才|上次|之前)(?:那个|那份|的)?(?:投诉)?(?:继续|接着|恢复|还要|还是要)|"
    r"carryon|stillwant(?:to)?(?:complain|file)|iwanttocontinue|letscontinue"
)


def restores_cancelled(said: str) -> bool:
    """Whether the normalised message asks for the cancelled draft back (RESTORE_PHRASES,
    RESTORE_PATTERN)."""
    return any(phrase in said for phrase in RESTORE_PHRASES) or bool(RESTORE_PATTERN.search(said))


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

# Closing words: "nothing (more)" and "bye", said when no question waits (newcomer trial 17:
# "没有了" and "skip" after the survey's comment step started a new complaint).
CLOSING_WORDS = NONE_WORDS | frozenset(
    normalise(word)
    for word in {
        "没了",
        "没有了",
        "没事",
        "没事了",
        "不用了",
        "不需要了",
        "没别的了",
        "没有别的了",
        "没其他的了",
        "就这样",
        "就这样吧",
        "就这些了",
        "好的",
        "好的谢谢",
        "好的谢谢你",
        "谢谢",
        "行了",
        "可以了",
        "再见",
        "拜拜",
        "ok",
        "okay",
        "ok thanks",
        "thanks",
        "thank you",
        "thanks bye",
        "bye",
        "goodbye",
        "no thank you",
        "no more",
        "nothing else",
        "nothing more",
        "that's all",
        "that's it",
        "all good",
        "no need",
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


# A number as typed with slips (newcomer trial 15): the prefix, perhaps a space or a dash, then
# groups of digits split by one space, dash, dot or underscore ("cp 20261201 005",
# "cp-20261201-012"), in which a letter that looks like a digit stands for it (O for 0, I and
# l for 1: "CP2026120l005", "CP2O261201012", "CP2026120100l"). Read only when the digits are
# a ticket's own shape, a date and a 3-5 digit sequence, so an English word before an order
# number ("order 123456789012") is no ticket.
_LENIENT_PREFIX = re.compile(r"(?<![A-Z0-9])[A-Z]{1,8}(?=[ \-_]?\d)", re.I | re.A)
_LENIENT_GROUP = re.compile(r"[ \-_.]?(\d[0-9OIL]*)", re.I | re.A)
_LOOKALIKES = str.maketrans("OoIiLl", "001111")
# YYYYMMDD of this century and the day's sequence; and a date alone, for a bare number.
_DATE = r"20\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE_AND_SEQUENCE = re.compile(rf"{_DATE}\d{{3,5}}")
_BARE_NUMBER = re.compile(rf"({_DATE})(\d{{1,4}})")
_STRICT_NUMBER = re.compile(r"(?<![A-Z0-9])([A-Z]{1,8}\d{11,})(?![A-Z0-9])", re.I | re.A)


@dataclass(frozen=True)
class TicketMention:
    """A ticket number found in a message: the number as stored (upper case, look-alike
    letters read as digits, no separators) and where it stands in the NFKC-folded text."""

    number: str
    start: int
    end: int


def _lenient_mention(folded: str) -> TicketMention | None:
    for prefix in _LENIENT_PREFIX.finditer(folded):
        digits, at = "", prefix.end()
        while group := _LENIENT_GROUP.match(folded, at):
            at = group.end()
            digits += group.group(1).translate(_LOOKALIKES)
            if _DATE_AND_SEQUENCE.fullmatch(digits):
                # The shortest reading that is whole: "cp 20261201 005 3天了" stops at 005.
                if at < len(folded) and folded[at].isascii() and folded[at].isalnum():
                    break
                return TicketMention(prefix.group().upper() + digits, prefix.start(), at)
            if len(digits) > 13:
                break
    return None


def _courier_not_ticket(word: str) -> bool:
    """Whether `word` is a courier's tracking number (nlp/extract_refs.py:COURIER_NO_RE)
    rather than a ticket number: the courier's letters, and digits that are not a date and
    a day's sequence."""
    if not COURIER_NO_RE.fullmatch(word):
        return False
    digits = word.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return not _DATE_AND_SEQUENCE.fullmatch(digits)


def find_ticket_mention(text: str) -> TicketMention | None:
    """The first ticket number in the text, as `find_ticket_number` reads it, with its place
    in `unicodedata.normalize("NFKC", text)`; None when there is none."""
    folded = unicodedata.normalize("NFKC", text)
    strict = _STRICT_NUMBER.search(folded)
    if strict and _courier_not_ticket(strict.group(1)):
        strict = None  # "SF1234567890123": a parcel's tracking number (newcomer trial 22)
    found = [
        TicketMention(strict.group(1).upper(), strict.start(1), strict.end(1)) if strict else None,
        _lenient_mention(folded),
    ]
    return min((m for m in found if m is not None), key=lambda m: m.start, default=None)


def find_ticket_number(text: str) -> str | None:
    """The first ticket number in the text (full-width or lower case allowed), upper-cased:
    a prefix of 1-8 letters and at least 11 digits, `CP20261122001` (docs/architecture.md,
    "Ticket numbers"); None when there is none. Slips in typing are read when the number can
    only be one (newcomer trial 15): look-alike letters in the digits ("CP2026120l005") and
    separators ("cp 20261201 005", "cp-20261201-012"), for digits of a date and a sequence."""
    mention = find_ticket_mention(text)
    return mention.number if mention else None


def is_ticket_number(word: str) -> bool:
    """True when the word, NFKC-folded, is one ticket number and nothing else."""
    folded = unicodedata.normalize("NFKC", word)
    mention = find_ticket_mention(folded)
    return mention is not None and mention.start == 0 and mention.end == len(folded)


def bare_ticket_digits(text: str) -> tuple[str, str] | None:
    """(date, sequence) when the message is a ticket number without its prefix and nothing
    but query words around it ("2026120112", "20261201012 进度"): the date's 8 digits and
    1-4 more. Whose ticket it is only the customer's own tickets can tell
    (`fits_bare_digits`): an order number is longer, a phone starts with 1."""
    rest = normalise(text)
    digits = "".join(ch for ch in rest if ch.isdigit())
    if not digits or not _only_query_words(rest.replace(digits, "", 1)):
        return None
    bare = _BARE_NUMBER.fullmatch(digits)
    return (bare.group(1), bare.group(2)) if bare else None


def fits_bare_digits(number: str, date: str, sequence: str) -> bool:
    """Whether the ticket `number` is the one a bare `date` + `sequence` means, its
    sequence perhaps written without leading zeros ("2026120112" for CP20261201012)."""
    return any(
        number.endswith(date + sequence.zfill(width)) for width in range(max(len(sequence), 3), 6)
    )


_SHORT_NUMBER = re.compile(r"\d{1,4}")  # "查询 8": a sequence or the last digits, no phone
_QUERY_FILLERS = ("一下", "工单", "单号", "我的", "的", "请", "帮我", "麻烦", "吗", "呢")
# What else a message asking after a named ticket says around its number (newcomer trial 15:
# "查一下我的工单 CP…" opened a complaint, "cp 20261201 005 进度怎么样了" was answered with the
# draft): a verb to look it up, how it is going. Nothing else may be left, so "CP… 还没退款"
# or "投诉 CP… 的店员" are no query.
_QUERY_WORDS = tuple(
    sorted(
        {
            *_QUERY_FILLERS,
            *STATUS_WORDS,
            "查查",
            "查下",
            "查",
            "看看",
            "看下",
            "看一看",
            "帮忙",
            "处理",
            "现在",
            "目前",
            "怎么样了",
            "怎么样",
            "咋样了",
            "咋样",
            "如何了",
            "如何",
            "到哪了",
            "到哪一步了",
            "了",
            "啊",
            "是",
            "号",
            "check",
            "ticket",
            "progress",
            "my",
            "the",
            "of",
            "on",
            "please",
            "whats",
            "is",
        },
        key=len,
        reverse=True,
    )
)


def _only_query_words(rest: str) -> bool:
    """True when nothing but query words is left of a message (normalised) once its number
    is taken out ("" included)."""
    for word in _QUERY_WORDS:
        rest = rest.replace(word, "")
    return not rest


def is_status_query(text: str) -> bool:
    """True when the message is only a ticket number, or a status word (STATUS_WORDS:
    "查询", "进度" ...) with a ticket number or a short number ("查询 CP20261130008",
    "CP20261130008 进度", "查询 8"): a status query, never complaint text, whoever's the
    number is (docs/process.md section 5; the answer shows only the customer's own tickets).
    With a ticket number, words asking how it goes may stand around it ("查一下我的工单
    CP…", "CP… 进度怎么样了"). A bare short number alone is no status query
    (handlers/idle.py:bare_number reads it)."""
    said = normalise(text)
    mention = find_ticket_mention(text)
    if mention is not None:
        folded = unicodedata.normalize("NFKC", text)
        return _only_query_words(normalise(folded[: mention.start] + " " + folded[mention.end :]))
    rest = _SHORT_NUMBER.sub("", said, count=1)
    if rest == said or not rest:
        return False
    for filler in _QUERY_FILLERS:
        rest = rest.replace(filler, "")
    return rest in STATUS_WORDS


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
