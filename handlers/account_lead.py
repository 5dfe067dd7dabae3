"""The account as a one-line summary shows it: from where the story starts.

Customers often open a complaint with who they are ("你好，我叫王芳，手机13812345678。",
"my name is David Li, phone 13800138000."). The ticket shows the name and the contact in
fields of their own, so a 60-character summary that spends itself on them tells an agent
with forty open tickets nothing (newcomer trial 11: "摘要：my name is David Li, phone
13800138000. I'm on your 5G home…"). The account itself is kept whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from nlp.extract_text import normalise as fold_typos
from storage.models import Ticket
from storage.vault import Vault

# A clause ends at sentence or clause punctuation; an e-mail or a decimal is blanked before
# cutting (below), so its dots cut nothing.
_CLAUSE = re.compile(r"[^，,。.!！?？;；\n]+[，,。.!！?？;；\n\s]*|[，,。.!！?？;；\n\s]+")
# Contacts said in any form: a phone with spaces or dashes, an e-mail.
_CONTACT = re.compile(r"\+?\d[\d\s-]{5,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Words of a greeting or of saying who one is and how to be reached; what a clause holds
# besides them, its name and its contact, is the start of the story.
_INTRO_WORDS = re.compile(
    r"你好|您好|喂+|在吗|哈喽|嗨|我叫|我是|我姓|本人|叫我|我的|名字|姓名|手机号码|手机号|手机|电话号码|电话|"
    r"投诉一下|投诉|我要|我想|"
    r"联系方式|联系电话|号码|邮箱|微信|先生|女士|小姐|是|为|叫|姓|"
    r"\b(?:hi|hello|hey|dear|my|name|names|name's|is|i|am|i'm|im|this|it's|here|phone|tel|"
    r"mobile|number|no|email|e-mail|mail|call|me|at|and|you|can|reach|contact|mr|mrs|ms|"
    r"want|would|like|to|make|file|complain|complaint|about)\b",
    re.I,
)
_LEFT = re.compile(r"[\W_]+")
# The words that announce a complaint at the start of the story's first clause: "我要投诉你们
# 的…", "I want to complain about an order…" (newcomer trial 12: the letter's line spent
# itself on them). Cut only there, and only when something follows.
_PREAMBLE = re.compile(
    # A greeting run into the first clause: "hi my new phone…", "物业你好 电梯…" (newcomer
    # trial 13: the letter kept them).
    r"(?:(?:hi|hello|hey|dear\s+\w+)\b[\s,!.]*|[\u4e00-\u9fff]{0,4}(?:你好|您好)[\s,，!！。]*)?"
    r"(?:(?:(?:我|本人)?(?:要|想)?投诉(?:一下)?(?:你们)?的?|i(?:'d|\s+would)?\s+(?:want|like|need)\s+to\s+"
    r"(?:make\s+a\s+|file\s+a\s+)?complain(?:t)?(?:\s+about)?)\s*[:：,，]?\s*)?(?=\S)",
    re.I,
)
# A space beside Chinese (or a blanked value) parts clauses as a comma does: people typing on
# a phone write "您好 我姓林 电话135… 上周…"; between English words it does not.
_SPACE_CUT = re.compile(r"(?<=[\u4e00-\u9fff\0])\s+|\s+(?=[\u4e00-\u9fff\0])")


def without_introduction(account: str, known: Iterable[str | None]) -> str:
    """`account` from its first clause that is more than a greeting or an introduction:
    clauses holding only greeting words, the customer's `known` name, phone or e-mail (any
    of them None when not given), contact-shaped numbers and the words that introduce them
    are skipped at the start, and so are the words announcing a complaint ("我要投诉",
    "I want to complain about") before the story. The whole `account` when nothing else is
    left."""
    work = account
    for value in known:
        if value:
            work = work.replace(value, "\0" * len(value))
    work = _CONTACT.sub(lambda m: "\0" * len(m.group()), work)
    work = _SPACE_CUT.sub(lambda m: "\n" * len(m.group()), work)
    start = 0
    for clause in _CLAUSE.finditer(work):
        core = _INTRO_WORDS.sub("", clause.group().replace("\0", ""))
        if _LEFT.sub("", core):
            start = clause.start()
            break
    else:
        return account
    # Read folded ("我要头诉", a homophone typo, announces it too; same length as written).
    preamble = _PREAMBLE.match(fold_typos(account), start)
    if preamble is not None:
        start = preamble.end()
    return account[start:] or account


def story_line(ticket: Ticket, vault: Vault) -> str:
    """The ticket's account, opened, on one line from where the story starts (`without_
    introduction`, with the ticket's own name, phone and e-mail as the known values); "" when
    it cannot be read. Not masked: the caller masks before it cuts (`clip`)."""
    known = (
        vault.open(ticket.name_enc),
        vault.open(ticket.phone_enc),
        vault.open(ticket.email_enc),
    )
    return " ".join(without_introduction(vault.open(ticket.account_enc) or "", known).split())


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut, and never inside an
    English word when a space in its second half allows ("…after 3 d…" read as nonsense in
    the letter, newcomer trial 13). Mask before clipping: a cut number no longer looks like one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1].isascii() and text[limit - 1].isalnum() and cut[-1:].isalnum():
        space = cut.rfind(" ")
        cut = cut[:space] if space > limit // 2 else cut
    return cut.rstrip() + "…"


# Where a sentence or clause ends: Chinese full stops, question and exclamation marks and
# semicolons, or an English one before a space (not a decimal point: "1.5").
_SENTENCE_END = re.compile(r"[。！？；!?;]+|\.(?=\s)")


def columns(char: str) -> int:
    """The room a character takes on a screen: two columns for a Han character or another
    wide or full-width sign, one for a Latin letter, digit or space."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def clip_width(text: str, width: int) -> str:
    """`text` cut to `width` columns (`columns`), so Chinese and English get the same room
    on the screen (newcomer trial 17: an English letter cut the story at 60 characters,
    ten words, where the Chinese one held 60 characters of story); an ellipsis marks the
    cut. The cut falls at the end of a sentence in the room's second half when there is
    one, else between two English words, else after the last character that fits."""
    if sum(columns(char) for char in text) <= width:
        return text
    room = text[: _prefix_at_width(text, width - 1)]  # a column kept for the ellipsis
    half = _prefix_at_width(room, width // 2)
    ends = [m.end() for m in _SENTENCE_END.finditer(room) if m.end() > half]
    if ends:
        return room[: ends[-1]].rstrip() + "…"
    return clip(text, len(room) + 1)


def _prefix_at_width(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` columns."""
    used = 0
    for index, char in enumerate(text):
        used += columns(char)
        if used > width:
            return index
    return len(text)
