"""A month's tickets as CSV (the console's export, `complaint-bot report --csv FILE`).

One row per ticket filed in the month (docs/process.md section 6), in filing order: number,
filing time in the business's time zone, channel, status, category, severity, the object
(product, store, staff, order), assignee, hours to first response and to resolution (measured
as the report measures them, handlers/report.py), whether each SLA clock was met, the survey
score, and the customer's name, phone and e-mail, masked unless the caller says the viewer may
see them whole (`ContactAccess`: supervisors see all, an agent the tickets assigned to them).

For Excel: UTF-8 with a byte-order mark, so Chinese opens right, and CRLF line ends. Against
CSV injection (OWASP), a cell starting with = + - @, a tab or a carriage return gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it as a formula.

The month is read a page at a time (storage/queries/exports.py), each page in its own short
transaction (SQLite's writers are not held up while a slow client downloads), and rendered off
the event loop (decrypting the contacts is CPU work): `month_csv` yields the text in chunks, one
per page, ready to stream.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.calendar import BusinessCalendar
from handlers.policy import Policy
from handlers.report import CHANNELS, first_response_end, first_response_start, resolution_end
from handlers.texts import Texts
from storage.engine import Database
from storage.masking import mask_email, mask_id_numbers, mask_name, mask_personal, mask_phone
from storage.queries import exports as exports_q
from storage.queries.exports import After, ExportRow
from storage.vault import Vault

BOM = "\ufeff"
COLUMNS = (
    "number",
    "created_at",
    "channel",
    "status",
    "category",
    "severity",
    "product",
    "store",
    "staff",
    "order_no",
    "assignee",
    "first_response_hours",
    "resolution_hours",
    "first_response_sla",
    "resolution_sla",
    "survey_score",
    "name",
    "phone",
    "email",
)
# What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ContactAccess:
    """Whose contacts the viewer sees whole (docs/process.md section 6): everyone's
    (`everyone`, a supervisor), or those of the tickets assigned to agent `agent_id`; all
    others masked (王*, 138****5678, w***@x.cn). The default masks every one."""

    everyone: bool = False
    agent_id: int | None = None

    def whole(self, assignee_id: int | None) -> bool:
        """True when the contacts of a ticket assigned to `assignee_id` are shown whole."""
        return self.everyone or (self.agent_id is not None and assignee_id == self.agent_id)


@dataclass(frozen=True)
class ExportContext:
    """What the rows are rendered with: the locale of the header and labels, the business's
    time zone and calendar (durations as the report measures them), the policy (labels), the
    vault (contacts), `now` (an open ticket past its deadline has missed it) and the access."""

    locale: str
    tz: ZoneInfo
    calendar: BusinessCalendar
    policy: Policy
    vault: Vault
    now: datetime
    contacts: ContactAccess = ContactAccess()


def safe_cell(value: str) -> str:
    """`value`, with an apostrophe in front when a spreadsheet would take it for a formula
    ("=1+1" -> "'=1+1"); anything else unchanged."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def header(locale: str) -> list[str]:
    """The header row's names in `locale` (catalogue section [report.csv])."""
    t = Texts(locale)
    return [t(f"report.csv.{column}") for column in COLUMNS]


def csv_lines(rows: Sequence[Sequence[str]]) -> str:
    """`rows` as CSV text (Excel's dialect: CRLF, quotes where needed), each cell guarded
    by `safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


async def month_csv(
    database: Database,
    start: datetime,
    end: datetime,
    context: ExportContext,
    page: int = exports_q.PAGE,
) -> AsyncIterator[str]:
    """The tickets filed in [start, end) (aware datetimes; handlers/report.py:month_bounds) as
    CSV text: the first chunk is the BOM and the header row, then one chunk per page of `page`
    tickets. Raises storage.vault.VaultError when a contact cannot be decrypted (another
    PII_KEY)."""
    yield BOM + csv_lines([header(context.locale)])
    after: After | None = None
    while True:
        async with database.transaction() as session:
            rows = await exports_q.month_export_page(session, start, end, after, page)
        if rows:
            yield await asyncio.to_thread(_render_page, rows, context)
            after = After(rows[-1].created_at, rows[-1].id)
        if len(rows) < page:
            return


def _render_page(rows: Sequence[ExportRow], context: ExportContext) -> str:
    render = _renderer(context)
    return csv_lines([render(row) for row in rows])


def _renderer(context: ExportContext) -> Callable[[ExportRow], list[str]]:
    t = Texts(context.locale)
    policy, vault = context.policy, context.vault

    def render(row: ExportRow) -> list[str]:
        name, phone, email = (vault.open(v) for v in (row.name_enc, row.phone_enc, row.email_enc))
        whole, customer = context.contacts.whole(row.assignee_id), name

        def free(value: str | None) -> str:
            # The object fields are the customer's free text: a phone or the name typed into
            # them is masked like the contact columns (newcomer trial 12); ID numbers always.
            text = value or ""
            return mask_id_numbers(text) if whole else mask_personal(text, (customer,))

        if not whole:
            name, phone, email = mask_name(name), mask_phone(phone), mask_email(email)
        concluded, answered = resolution_end(row), first_response_end(row)
        return [
            row.number,
            row.created_at.astimezone(context.tz).strftime("%Y-%m-%d %H:%M"),
            t(f"report.channel.{row.channel}") if row.channel in CHANNELS else row.channel,
            t(f"status_label.{row.status}"),
            policy.category(row.category).label(t.locale),
            policy.severity(row.severity).label(t.locale),
            free(row.product),
            free(row.store),
            free(row.staff),
            row.order_no or "",
            row.assignee or "",
            _hours(first_response_start(row, context.calendar), answered),
            _hours(row.clock_start_at, concluded),
            _sla(answered, row.first_response_due, context.now, t),
            _sla(concluded, row.resolution_due, context.now, t),
            "" if row.survey_score is None else str(row.survey_score),
            name or "",
            phone or "",
            email or "",
        ]

    return render


def _hours(start: datetime | None, end: datetime | None) -> str:
    """Wall-clock hours from `start` to `end`, two decimals; "" while either is missing. An
    answer before the clock started took no time (as handlers/report.py measures it)."""
    if start is None or end is None:
        return ""
    return f"{max(timedelta(), end - start) / timedelta(hours=1):.2f}"


def _sla(done: datetime | None, due: datetime | None, now: datetime, t: Texts) -> str:
    """One ticket's clock as handlers/report.py:compliance counts it: met, missed (late, or
    open and past due at `now`), pending (open, not yet due); "" when the clock never ran."""
    if due is None:
        return ""
    if done is not None:
        return t("report.csv.met") if done <= due else t("report.csv.missed")
    return t("report.csv.missed") if now > due else t("report.csv.pending")
