"""The intake conversation (DOMAIN.md section 1): collect a complete complaint, then file it.

States (diagram in intake.mmd): collecting -> confirming -> (choosing_field -> editing ->
confirming) -> filed. Every answer is read for every field, so nothing the customer already
said is asked again; only what is still missing is asked, one question at a time.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from handlers.draft import Draft
from handlers.evidence import discard_pending, pending_count, take_attachments
from handlers.messages import Choice
from handlers.tickets import acknowledgement, file_ticket
from handlers.turn import Turn
from handlers.words import NONE_WORDS, has_meaning, normalise
from nlp.extract import Extracted, extract_fields
from nlp.extract_english import object_phrase

CONFIRM_WORDS = frozenset({"确认", "确定", "提交", "是", "好", "ok", "yes", "confirm", "submit"})
REMEDIES = ("refund", "exchange", "repair", "compensation", "apology", "improvement", "other")
MAX_FIELD_CHARS = 200
_NAME_PREFIX = re.compile(r"^(我叫|我是|本人|姓名[:：]?|名字[:：]?|my name is|i am|i'm)\s*", re.I)


# --- reading answers ----------------------------------------------------------------------
def _fill(draft: Draft, found: Extracted, now: datetime, overwrite: frozenset[str]) -> None:
    """Copies what extraction found into the draft; a field is replaced only when asked for."""

    def put(name: str, value: object) -> None:
        if value and (getattr(draft, name) is None or name in overwrite):
            setattr(draft, name, value)

    if found.product or found.store or found.staff:
        for name in ("product", "store", "staff"):
            put(name, getattr(found, name))
    put("order_no", found.order_no)
    if found.occurred_at is not None and found.occurred_at <= now:
        put("occurred_at", found.occurred_at.isoformat())
        put("occurred_text", found.occurred_text)
    put("place", found.place or found.platform or found.store)
    if found.remedy:
        put("remedy", found.remedy)
        put("remedy_text", found.remedy_text)
    put("name", found.name)
    put("phone", found.phone)
    put("email", found.email)


def _clip(text: str) -> str:
    return text.strip()[:MAX_FIELD_CHARS]


def read_answer(turn: Turn, draft: Draft, field: str | None) -> str | None:
    """Reads one message into the draft. Returns the key of a complaint about the answer to
    `field` (the question that was asked), or None when it was answered."""
    text = turn.inbound.text.strip()
    found = extract_fields(text, turn.now) if text else Extracted()
    overwrite = frozenset(_FIELD_COLUMNS.get(field or "", ()))
    _fill(draft, found, turn.now, overwrite)
    if field is None or field == "evidence":
        return None
    if not text and not turn.inbound.choice:
        return f"invalid.{field}"
    return _ANSWER_READERS[field](draft, text, found, turn)


def _account(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    if sum(1 for ch in text if ch.isalnum()) < 4:
        return "invalid.account"
    draft.account = text[: turn.services.policy.intake.max_text_chars]
    return None


def _object(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    rest = text.replace(found.order_no or "\0", "").strip(" ，,。.：:")
    for prefix in ("订单号", "订单", "单号"):
        rest = rest.replace(prefix, "")
    brief = len(rest) <= 30 and not any(mark in rest for mark in "，。,.!！?？")
    if brief and found.product and found.product in rest and not (found.store or found.staff):
        draft.product = object_phrase(rest)  # a short answer names it as the customer put it
    if draft.has("object"):
        return None
    if sum(1 for ch in rest if ch.isalnum()) < 2:
        return "invalid.object"
    draft.product = _clip(rest)
    return None


def _time(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    if found.occurred_at is not None and found.occurred_at > turn.now:
        return "invalid.time_future"
    if found.occurred_at is None:
        return "invalid.time"
    draft.occurred_at = found.occurred_at.isoformat()
    draft.occurred_text = found.occurred_text or _clip(text)
    return None


def _place(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    if found.place or found.platform or found.store:
        return None
    if sum(1 for ch in text if ch.isalnum()) < 2:
        return "invalid.place"
    draft.place = _clip(text)
    return None


def _remedy(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    choice = resolve_choice(turn)
    if choice in REMEDIES:
        draft.remedy, draft.remedy_text = choice, turn.t(f"remedy.{choice}")
        return None
    if found.remedy:
        return None
    if sum(1 for ch in text if ch.isalnum()) < 2:
        return "invalid.remedy"
    draft.remedy, draft.remedy_text = "other", _clip(text)
    return None


def _name(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    if found.name:
        return None
    name = _NAME_PREFIX.sub("", unicodedata.normalize("NFKC", text)).strip(" ，,。.!！")
    letters = sum(1 for ch in name if ch.isalpha())
    if normalise(name) in NONE_WORDS or not name or len(name) > 40 or letters < len(name) / 2:
        return "invalid.name"
    draft.name = name
    return None


def _contact(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    return None if (found.phone or found.email) else "invalid.contact"


_ANSWER_READERS = {
    "account": _account, "object": _object, "time": _time, "place": _place,
    "remedy": _remedy, "name": _name, "contact": _contact,
}
# The draft columns an answer to a question may replace (when correcting a field).
_FIELD_COLUMNS = {
    "account": ("account",),
    "object": ("product", "store", "staff", "order_no"),
    "time": ("occurred_at", "occurred_text"),
    "place": ("place",),
    "remedy": ("remedy", "remedy_text"),
    "name": ("name",),
    "contact": ("phone", "email"),
}


def resolve_choice(turn: Turn) -> str | None:
    """The key of the offered choice this message picks: a button, a number, or the label."""
    offered = turn.offered()
    keys = {c.key for c in offered}
    if turn.inbound.choice in keys:
        return turn.inbound.choice
    said = normalise(turn.inbound.text)
    if said.isdigit() and 1 <= int(said) <= len(offered):
        return offered[int(said) - 1].key
    for choice in offered:
        if said and said in (normalise(choice.label), choice.key):
            return choice.key
    return None


# --- asking ------------------------------------------------------------------------------
def _choices(turn: Turn, field: str) -> tuple[Choice, ...]:
    if field == "remedy":
        return tuple(Choice(key, turn.t(f"remedy.{key}")) for key in REMEDIES)
    if field == "evidence":
        return (Choice("none", turn.t("evidence.none_choice")),)
    return ()


async def ask_next(turn: Turn, draft: Draft, prefix: str = "") -> None:
    """Asks the first missing question, or shows the summary when nothing is missing."""
    missing = draft.missing()
    if not missing:
        await show_summary(turn, draft, prefix)
        return
    field = missing[0]
    turn.go("collecting", draft=draft.to_json(), asking=field)
    question = turn.t(f"ask.{field}")
    turn.say(f"{prefix}\n{question}".strip(), _choices(turn, field))


def _object_label(turn: Turn, draft: Draft) -> str:
    t = turn.t
    return draft.object_label(t("confirm.order", number=draft.order_no), t("confirm.separator"))


async def show_summary(turn: Turn, draft: Draft, prefix: str = "") -> None:
    t = turn.t
    evidence = await pending_count(turn)
    none = t("confirm.none")
    remedy = draft.remedy_text or (t(f"remedy.{draft.remedy}") if draft.remedy else none)
    rows = [
        (t("field.account"), draft.account or none),
        (t("field.object"), _object_label(turn, draft) or none),
        (t("field.time"), draft.occurred_text or none),
        (t("field.place"), draft.place or none),
        (t("field.remedy"), remedy),
        (t("field.name"), draft.name or none),
        (t("field.contact"), draft.phone or draft.email or none),
        (t("field.evidence"),
         t("confirm.evidence_count", count=evidence) if evidence else t("confirm.evidence_none")),
    ]
    body = "\n".join(t("confirm.row", label=label, value=value) for label, value in rows)
    turn.go("confirming", draft=draft.to_json())
    choices = (
        Choice("submit", t("confirm.submit")),
        Choice("change", t("confirm.change")),
        Choice("cancel", t("confirm.cancel")),
    )
    turn.say(f"{prefix}\n{t('confirm.title')}\n{body}".strip(), choices)


# --- states ------------------------------------------------------------------------------
async def start(turn: Turn, with_account: bool) -> None:
    """A new complaint; the message that opened it is the account when it says something."""
    draft = Draft()
    taken = await take_attachments(turn, None) if turn.inbound.attachments else 0
    if with_account:
        read_answer(turn, draft, "account")
    if taken:
        draft.evidence_done = True
    await ask_next(turn, draft)


async def collecting(turn: Turn) -> None:
    draft = Draft.from_json(turn.data.get("draft"))
    asking = turn.data.get("asking")
    prefix = ""
    if turn.inbound.attachments:
        taken = await take_attachments(turn, None)
        if taken:
            draft.evidence_done = True
            prefix = turn.t("evidence.received", count=await pending_count(turn))
    if asking == "evidence" and turn.inbound.text.strip():
        if normalise(turn.inbound.text) in NONE_WORDS or resolve_choice(turn) == "none":
            if not await pending_count(turn):
                draft.evidence_skipped = True
                prefix = turn.t("evidence.skipped")
            draft.evidence_done = True
        else:
            read_answer(turn, draft, None)
            if not turn.inbound.attachments and not draft.evidence_done:
                turn.data["draft"] = draft.to_json()
                turn.say(turn.t("invalid.evidence"), _choices(turn, "evidence"))
                return
    elif turn.inbound.text.strip() or not turn.inbound.attachments:
        problem = read_answer(turn, draft, asking)
        if problem:
            turn.data["draft"] = draft.to_json()
            turn.say(turn.t(problem), _choices(turn, asking or ""))
            return
    await ask_next(turn, draft, prefix)


async def confirming(turn: Turn) -> None:
    draft = Draft.from_json(turn.data.get("draft"))
    choice = resolve_choice(turn)
    if choice == "submit" or normalise(turn.inbound.text) in CONFIRM_WORDS:
        ticket = await file_ticket(turn, draft)
        turn.go("idle")
        turn.say(acknowledgement(turn, ticket))
        return
    if choice == "change" or normalise(turn.inbound.text) in ("改", "更改"):
        fields = ("account", "object", "time", "place", "remedy", "name", "contact", "evidence")
        turn.go("choosing_field", draft=draft.to_json())
        turn.say(turn.t("confirm.which_field"),
                 tuple(Choice(f, turn.t(f"field.{f}")) for f in fields))
        return
    if choice == "cancel":
        await cancel(turn)
        return
    prefix = ""
    if turn.inbound.attachments:
        taken = await take_attachments(turn, None)
        prefix = turn.t("evidence.received", count=await pending_count(turn)) if taken else ""
    elif turn.inbound.text.strip():
        # A correction in passing ("手机号改成139…"): read it, show the summary again.
        before = draft.to_json()
        found = extract_fields(turn.inbound.text, turn.now)
        _fill(draft, found, turn.now, frozenset(_changed_columns(found)))
        changed = draft.to_json() != before
        prefix = turn.t("confirm.updated") if changed else turn.t("invalid.choice")
    await show_summary(turn, draft, prefix)


def _changed_columns(found: Extracted) -> list[str]:
    columns = [name for name in ("name", "phone", "email", "order_no", "remedy", "remedy_text",
                                 "product", "store", "staff", "place") if getattr(found, name)]
    if found.occurred_at is not None:
        columns += ["occurred_at", "occurred_text"]
    return columns


async def choosing_field(turn: Turn) -> None:
    draft = Draft.from_json(turn.data.get("draft"))
    field = resolve_choice(turn)
    if field is None:
        turn.say(turn.t("invalid.choice"), tuple(turn.offered()))
        return
    turn.go("editing", draft=draft.to_json(), asking=field)
    turn.say(turn.t(f"ask.{field}"), _choices(turn, field))


async def editing(turn: Turn) -> None:
    draft = Draft.from_json(turn.data.get("draft"))
    field = turn.data.get("asking") or "account"
    if field == "evidence":
        if turn.inbound.attachments:
            await take_attachments(turn, None)
        draft.evidence_done = True
        await show_summary(turn, draft, turn.t("confirm.updated"))
        return
    # The new answer replaces the old one whole; the old stays if the new one is refused.
    trial = Draft.from_json(draft.to_json())
    for column in _FIELD_COLUMNS.get(field, ()):
        setattr(trial, column, None)
    problem = read_answer(turn, trial, field)
    if problem:
        turn.data["draft"] = draft.to_json()
        turn.say(turn.t(problem), _choices(turn, field))
        return
    await show_summary(turn, trial, turn.t("confirm.updated"))


async def cancel(turn: Turn) -> None:
    if turn.state not in STATES:  # idle, or a pushed question: no draft to drop
        turn.go("idle")
        turn.say(turn.t("common.nothing_to_cancel"))
        return
    await discard_pending(turn)
    turn.go("idle")
    turn.say(turn.t("common.cancelled"))


async def resume(turn: Turn) -> None:
    """The customer came back (a greeting or /start mid-complaint): repeat where we are."""
    draft = Draft.from_json(turn.data.get("draft"))
    again = turn.t("common.continue")
    if turn.state == "confirming":
        await show_summary(turn, draft, again)
    elif turn.state == "editing":
        field = turn.data.get("asking") or "account"
        turn.say(f"{again}\n{turn.t(f'ask.{field}')}", _choices(turn, field))
    elif turn.state == "choosing_field":
        turn.say(f"{again}\n{turn.t('confirm.which_field')}", tuple(turn.offered()))
    else:
        await ask_next(turn, draft, again)


def is_substantive(text: str) -> bool:
    return has_meaning(text) and sum(1 for ch in text if ch.isalnum()) >= 4


STATES = {
    "collecting": collecting,
    "confirming": confirming,
    "choosing_field": choosing_field,
    "editing": editing,
}
