"""The intake's fields, declared once (docs/process.md section 1; issue 13 item 3).

One row per field of a complaint. The question flow (handlers/intake.py), the answer readers
(handlers/answers.py), the summary the customer confirms, the acknowledgement letter
(handlers/tickets.py:acknowledgement), the draft reminders and the monthly report read this
table instead of spelling field names. Adding a field is one row here, its answer reader in
handlers/answers.py:ANSWER_READERS (an import-time check names a missing one), its texts in
the locale catalogues and its tests (tests/handlers/test_fields.py drives every row through
the question, the summary and the letter). A field that needs new storage also needs its
Draft attribute (handlers/draft.py:Draft), its ticket column with a migration, and its copy
onto the ticket in handlers/tickets.py:file_ticket.

Texts are keyed by the field's name in four catalogue sections: `ask.<name>` (the question),
`invalid.<name>` (an answer that does not fit), `field.<name>` (the label in the summary,
reminders and notes) and `ack.field.<name>` (the label in the letter).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING

from handlers.account_lead import clip, clip_width, story_line
from handlers.messages import Choice
from handlers.remedies import REMEDY_KEYS
from handlers.remedies import describe as describe_remedies
from handlers.remedies import on_ticket as ticket_remedies
from nlp.extract_time import gives_clock
from nlp.time_precision import Precision, precision, span
from storage.models import Ticket
from storage.vault import Vault, mask_email, mask_phone, mask_text

if TYPE_CHECKING:  # draft.py reads this table, so the Draft type is for the checker only
    from handlers.draft import Draft

Translate = Callable[..., str]
# The letter restates the account only as its opening words: the whole story is on the
# ticket. The room of 60 Chinese characters, in screen columns (a Han character takes two, a
# Latin letter one), so an English story gets as much room (newcomer trial 17: cut at 60
# letters, about ten words).
LETTER_ACCOUNT_COLUMNS = 120
# The summary the customer confirms shows a long account's opening only, with its length
# (newcomer trial 14: a 2,000-character rant was echoed whole); the draft keeps it all.
SUMMARY_ACCOUNT_CHARS = 150


class FieldName(StrEnum):
    """A field's name: the key of its texts, of the draft's `asking` and of a ticket's
    `missing_materials` entries (stored strings; never rename one without a migration)."""

    ACCOUNT = "account"
    OBJECT = "object"
    TIME = "time"
    PLACE = "place"
    REMEDY = "remedy"
    NAME = "name"
    CONTACT = "contact"
    EVIDENCE = "evidence"


@dataclass(frozen=True)
class IntakeField:
    """One field of a complaint and every place it shows.

    `columns`: the draft attributes (and ticket columns of the same names) an answer to the
    field writes; a new answer or a correction replaces them together. `known_by`: the draft
    attributes any one of which answers the field (the question is then not asked).
    `free_text`: a bare answer may be taken as it stands once the facts for other fields are
    taken out of it (handlers/answers.py:read_answer). `noted`: when a message gives this field
    besides what was asked, the customer hears "已记下：…" with its value. `shown(draft, t,
    files)`: the value in the summary and in notes, "" when unknown (`files`: the evidence
    files received so far). `required`: a complaint is filed only with an answer (the way
    past a question the customer cannot answer, "不记得" or "没有", is such an answer);
    False for what is only encouraged (evidence: "暂无" will do). `in_letter(ticket, vault,
    t, tz)`: the value in the acknowledgement letter, times in `tz` (the business's time
    zone, Services.tz).
    `choices(t)`: the buttons offered with the question. `report_columns`: the ticket columns
    the monthly report ranks as frequent objects (handlers/report.py:top_objects).
    """

    name: FieldName
    columns: tuple[str, ...]
    known_by: tuple[str, ...]
    shown: Callable[[Draft, Translate, int], str]
    in_letter: Callable[[Ticket, Vault, Translate, tzinfo], str]
    free_text: bool = False
    noted: bool = True
    choices: Callable[[Translate], tuple[Choice, ...]] = lambda t: ()
    report_columns: tuple[str, ...] = ()
    required: bool = True

    @property
    def question(self) -> str:
        """The locale key of the question that asks for the field."""
        return f"ask.{self.name}"

    @property
    def invalid(self) -> str:
        """The locale key of the answer to a reply that does not fit the field."""
        return f"invalid.{self.name}"

    @property
    def label(self) -> str:
        """The locale key of the field's label in the summary, notes and reminders."""
        return f"field.{self.name}"

    @property
    def need(self) -> str:
        """The locale key of what "这个要填吗" hears at the field's question: whether it must
        be answered and the way past it the field's reader takes (docs/process.md section 1)."""
        return f"need.{self.name}"

    @property
    def letter_label(self) -> str:
        """The locale key of the field's label in the acknowledgement letter."""
        return f"ack.field.{self.name}"

    def answered(self, draft: Draft) -> bool:
        """Whether the draft already holds an answer, so the question is not asked."""
        return any(getattr(draft, column) for column in self.known_by)


# --- how each field shows ----------------------------------------------------------------
def _object_label(draft: Draft, t: Translate, files: int = 0) -> str:
    return draft.object_label(t("confirm.order", number=draft.order_no), t("confirm.separator"))


def _ticket_object(ticket: Ticket, vault: Vault, t: Translate, tz: tzinfo) -> str:
    parts = [p for p in (ticket.product, ticket.store, ticket.staff) if p]
    if ticket.order_no:
        parts.append(t("confirm.order", number=ticket.order_no))
    return str(t("confirm.separator")).join(parts)


def _account_shown(draft: Draft, t: Translate, files: int) -> str:
    """The account in the summary: whole up to SUMMARY_ACCOUNT_CHARS, else its opening and
    "…（共 N 字，已完整记录）", so the customer sees it was all kept."""
    account = draft.account or ""
    if len(account) <= SUMMARY_ACCOUNT_CHARS:
        return account
    return clip(account, SUMMARY_ACCOUNT_CHARS + 1) + t("confirm.account_whole", count=len(account))


def _account_opening(ticket: Ticket, vault: Vault, t: Translate, tz: tzinfo) -> str:
    """The account's opening words from where the story starts (a greeting, the customer's
    introduction and "我要投诉" skipped: `handlers/account_lead.py`), phones and e-mails in it
    masked like the contact line ("手机138****5678…"): the whole story is on the ticket."""
    # Masked whole, then cut: a number cut in two would no longer look like one.
    # Two columns more: a story a Han character longer than the room is shown whole rather
    # than cut for its last character (`clip_width` keeps one column for the ellipsis).
    return clip_width(mask_text(story_line(ticket, vault)), LETTER_ACCOUNT_COLUMNS + 2)


# Times that name a stretch of days: the letter gives its first and last day.
_SPANNED = frozenset({Precision.YEAR_PART, Precision.MONTH, Precision.MONTH_PART})


def _occurred_in_letter(ticket: Ticket, vault: Vault, t: Translate, tz: tzinfo) -> str:
    """When it happened, as the resolved date in the business's time zone `tz`, then the
    customer's words: "2026-11-28（上周六）", "2026-11-30 15:00（今天下午3点）" (the time
    of day only when the words gave one, nlp/extract_time.py:gives_clock). A relative time
    alone ("昨天") means nothing in a letter forwarded a week later (docs/process.md
    section 2). The words alone when no date was resolved; "" when neither is known."""
    said = ticket.occurred_text or ""
    if ticket.occurred_at is None:
        return said
    at = ticket.occurred_at.astimezone(tz)
    resolved = at.strftime("%Y-%m-%d %H:%M" if gives_clock(said) else "%Y-%m-%d")
    if precision(said) in _SPANNED:
        # "十月中旬", "去年年底", "early October": the days they cover, not one day the
        # customer never said (newcomer trial 17).
        first, last = span(said, at)
        if ticket.created_at is not None:  # "这个月" filed on the 1st: no days still to come
            last = max(first, min(last, ticket.created_at.astimezone(tz).date()))
        resolved = (
            str(t("ack.occurred_span", first=first.isoformat(), last=last.isoformat()))
            if last > first
            else first.isoformat()
        )
    if not said or said.strip() == resolved:
        return resolved
    return str(t("ack.occurred", at=resolved, said=said))


def _evidence_shown(draft: Draft, t: Translate, files: int) -> str:
    if files:
        return t("confirm.evidence_count", count=files)
    if draft.evidence_note:  # none yet, and where it is or when it comes
        return t("confirm.evidence_later", note=draft.evidence_note)
    if draft.evidence_reason:  # none, and why: "暂无（当时没拍 喝了一半才发现的）"
        return t("confirm.evidence_none_reason", reason=draft.evidence_reason)
    return t("confirm.evidence_none")


def _materials(ticket: Ticket, vault: Vault, t: Translate, tz: tzinfo) -> str:
    """What the customer still has to send: evidence when none came with the complaint."""
    missing = json.loads(ticket.missing_materials or "[]")
    return t("ack.material_evidence") if FieldName.EVIDENCE in missing else t("ack.no_materials")


def _contact_shown(draft: Draft, t: Translate, files: int = 0) -> str:
    """Every way to reach the customer they gave: a phone and an e-mail both (newcomer
    trial item 3: the e-mail was kept but never shown beside the phone)."""
    given = str(t("confirm.separator")).join(v for v in (draft.phone, draft.email) if v)
    return given or (t("field.contact_chat_only") if draft.contact_chat_only else "")


def _contact_masked(ticket: Ticket, vault: Vault, t: Translate, tz: tzinfo) -> str:
    """Masked: the letter is the document a customer forwards or keeps as a screenshot.
    Both the phone and the e-mail when both were given."""
    masked = (mask_phone(vault.open(ticket.phone_enc)), mask_email(vault.open(ticket.email_enc)))
    # A ticket filed with neither was filed to be answered in this chat only.
    return str(t("confirm.separator")).join(v for v in masked if v) or t("field.contact_chat_only")


def _remedy_choices(t: Translate) -> tuple[Choice, ...]:
    return tuple(Choice(key, t(f"remedy.{key}")) for key in REMEDY_KEYS)


# --- the table ---------------------------------------------------------------------------
# In the order a person would expect to be asked (docs/process.md section 1); the summary and
# the letter list the fields in the same order.
FIELDS: tuple[IntakeField, ...] = (
    IntakeField(
        FieldName.ACCOUNT,
        columns=("account",),
        known_by=("account",),
        shown=_account_shown,
        in_letter=_account_opening,
        noted=False,  # story told later is appended to it, and said so on its own
    ),
    IntakeField(
        FieldName.OBJECT,
        columns=("product", "store", "staff", "order_no"),
        known_by=("product", "store", "staff"),  # an order number alone names no object
        shown=_object_label,
        in_letter=_ticket_object,
        free_text=True,
        report_columns=("product", "store", "staff"),
    ),
    IntakeField(
        FieldName.TIME,
        columns=("occurred_at", "occurred_text"),
        # The words alone answer it too: a time not known or said only roughly is recorded
        # as such ("不详（不记得了）", "前段时间（约）"), no date (docs/process.md section 1).
        known_by=("occurred_at", "occurred_text"),
        shown=lambda d, t, files: d.occurred_text or "",
        in_letter=_occurred_in_letter,
    ),
    IntakeField(
        FieldName.PLACE,
        columns=("place",),
        known_by=("place",),
        shown=lambda d, t, files: d.place or "",
        in_letter=lambda ticket, vault, t, tz: ticket.place or "",
        free_text=True,
    ),
    IntakeField(
        FieldName.REMEDY,
        columns=("remedy", "remedy_text"),
        known_by=("remedy",),
        shown=lambda d, t, files: describe_remedies(d.remedy_list(), t),
        in_letter=lambda ticket, vault, t, tz: describe_remedies(ticket_remedies(ticket, vault), t),
        free_text=True,
        choices=_remedy_choices,
    ),
    IntakeField(
        FieldName.NAME,
        columns=("name",),
        known_by=("name",),
        shown=lambda d, t, files: d.name or "",
        in_letter=lambda ticket, vault, t, tz: vault.open(ticket.name_enc) or "",
        free_text=True,
    ),
    IntakeField(
        FieldName.CONTACT,
        columns=("phone", "email"),
        known_by=("phone", "email", "contact_chat_only"),
        shown=_contact_shown,
        in_letter=_contact_masked,
        # Where buttons can, the person's own number is offered in one tap.
        choices=lambda t: (Choice("share_phone", t("ask.share_phone"), kind="contact"),),
    ),
    IntakeField(
        FieldName.EVIDENCE,
        columns=(),  # files, kept as evidence rows (handlers/evidence.py), not draft text
        known_by=("evidence_done",),
        shown=_evidence_shown,
        in_letter=_materials,
        noted=False,
        choices=lambda t: (Choice("none", t("evidence.none_choice")),),
        required=False,  # encouraged: "暂无" goes on (docs/process.md section 1)
    ),
)
BY_NAME: dict[str, IntakeField] = {f.name: f for f in FIELDS}
FIELD_ORDER: tuple[FieldName, ...] = tuple(f.name for f in FIELDS)
# Which field a draft column belongs to (a correction names columns, the customer fields).
COLUMN_FIELD: dict[str, FieldName] = {c: f.name for f in FIELDS for c in f.columns}


def row(name: str) -> IntakeField:
    """The row of a field by its name; raises KeyError for a name that is no field."""
    return BY_NAME[name]


def columns(name: str | None) -> tuple[str, ...]:
    """The draft columns an answer to `name` writes; () for None or a name that is no field
    (a correction asked for nothing in particular)."""
    row = BY_NAME.get(name or "")
    return row.columns if row else ()
