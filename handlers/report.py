"""The monthly report (docs/process.md section 6): figures over one month's tickets, no rendering.

A ticket belongs to the month in which it was filed (`created_at`, in the business's time
zone). Durations run from the SLA clock's start (`clock_start_at`, i.e. the next opening when
a complaint came in outside business hours) and are measured on the wall clock, so they read
the way a customer lives them; SLA compliance, by contrast, compares with the deadlines, which
already allow for business hours and for time spent waiting for the customer.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from handlers import topics
from handlers.calendar import BusinessCalendar
from handlers.fields import FieldName, row
from storage.blind_index import BlindIndex
from storage.engine import AsyncSession, Database
from storage.models import Ticket
from storage.queries import reports as reports_q
from storage.queries import search as search_q
from storage.vault import Vault, mask_name, mask_personal

if TYPE_CHECKING:  # handlers.services imports most of handlers
    from handlers.services import Services

# The ticket columns ranked as frequent objects: the intake's object field says which.
OBJECT_KINDS = row(FieldName.OBJECT).report_columns
CHANNELS = ("wechat", "telegram", "console")
SCORES = (1, 2, 3, 4, 5)
LOW_SCORE = 2  # "share of 1-2": the customers who were clearly unhappy
TOP_OBJECTS = 5
TOP_WORDS = 15
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class BadMonth(ValueError):
    """The month is not YYYY-MM; the message is meant for the operator."""


@dataclass(frozen=True)
class Durations:
    count: int
    average: timedelta | None
    p90: timedelta | None


@dataclass(frozen=True)
class Compliance:
    met: int
    missed: int
    pending: int  # still open and not yet due: neither met nor missed

    @property
    def share(self) -> float | None:
        """Met / (met + missed), 0.0-1.0; None when no ticket was decided yet."""
        decided = self.met + self.missed
        return self.met / decided if decided else None


@dataclass(frozen=True)
class Satisfaction:
    answered: int
    average: float | None
    low: int  # scores 1-2
    no_response: int
    distribution: dict[int, int]

    @property
    def low_share(self) -> float | None:
        """Scores 1-2 / scores given, 0.0-1.0; None when nobody answered the survey."""
        return self.low / self.answered if self.answered else None


@dataclass(frozen=True)
class MonthlyReport:
    month: str
    start: datetime
    end: datetime
    total: int
    by_category: list[tuple[str, int]]
    by_severity: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    first_response: Durations
    resolution: Durations
    first_response_sla: Compliance
    resolution_sla: Compliance
    satisfaction: Satisfaction
    reopened: int
    top_objects: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    top_words: list[tuple[str, int]] = field(default_factory=list)


# --- the month ------------------------------------------------------------------------------
def month_bounds(month: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) in `tz`; BadMonth when not YYYY-MM."""
    found = _MONTH.fullmatch(month.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
        raise BadMonth(f"--month must be a month like 2026-11, not {month!r}")
    year, number = int(found.group(1)), int(found.group(2))
    start = datetime(year, number, 1, tzinfo=tz)
    following = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=tz)
    return start, following


async def month_tickets(database: Database, start: datetime, end: datetime) -> list[Ticket]:
    """Every ticket filed in [start, end), whole, by id: the input of `build_report`, which
    tests keep as the reference; `month_report` reads only what the figures need."""
    async with database.transaction() as session:
        return await reports_q.month_tickets(session, start, end)


# --- figures --------------------------------------------------------------------------------
def counts(values: Iterable[str], order: Sequence[str]) -> list[tuple[str, int]]:
    """Every code of `order` (zeros included, so an empty month still lists them), then others."""
    found = Counter(values)
    known = [(code, found.pop(code, 0)) for code in order]
    return known + sorted(found.items(), key=lambda item: (-item[1], item[0]))


def durations(values: Sequence[timedelta]) -> Durations:
    """Count, average and 90th percentile (nearest rank) of `values`; all None when empty."""
    if not values:
        return Durations(0, None, None)
    ordered = sorted(values)
    average = sum(ordered, timedelta()) / len(ordered)
    # Nearest rank: the 90th percentile is a time some ticket really took, never interpolated.
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return Durations(len(ordered), average, p90)


class Clocked(Protocol):
    """What the durations read of a ticket: a `Ticket` or a `storage.queries.reports.ClockRow`.

    Members are the ticket's columns of the same names (aware datetimes; `status` one of
    docs/process.md section 4's statuses); read-only properties so a frozen row fits.
    """

    @property
    def created_at(self) -> datetime: ...  # noqa: D102 (the class says)
    @property
    def clock_start_at(self) -> datetime | None: ...  # noqa: D102 (the class says)
    @property
    def first_responded_at(self) -> datetime | None: ...  # noqa: D102 (the class says)
    @property
    def reopen_count(self) -> int: ...  # noqa: D102 (the class says)
    @property
    def status(self) -> str: ...  # noqa: D102 (the class says)
    @property
    def resolved_at(self) -> datetime | None: ...  # noqa: D102 (the class says)
    @property
    def closed_at(self) -> datetime | None: ...  # noqa: D102 (the class says)


def first_response_start(ticket: Clocked, calendar: BusinessCalendar) -> datetime:
    """When the first response's clock started (aware): the first round's start."""
    # Reopening restarts `clock_start_at` for the second round of handling; the first response
    # belongs to the first round, whose clock started at the first opening after filing.
    if ticket.reopen_count or ticket.clock_start_at is None:
        return calendar.next_opening(ticket.created_at)
    return ticket.clock_start_at


def resolution_end(ticket: Clocked) -> datetime | None:
    """When handling concluded (resolved, or closed by a rejection); None while open."""
    # A rejection (不予受理) concludes the ticket just as a resolution does.
    if ticket.status == "rejected":
        return ticket.closed_at
    return ticket.resolved_at


def first_response_end(ticket: Clocked) -> datetime | None:
    """When the customer was first answered: the first response's delivery, or the
    conclusion (resolution or rejection) when that came earlier or the answer never
    arrived. A resolution is also a response, so the first response is never after it,
    however late the delivery of an earlier reply was recorded (newcomer trial 10)."""
    answered, concluded = ticket.first_responded_at, resolution_end(ticket)
    if answered is None or (concluded is not None and concluded < answered):
        return concluded
    return answered


def _elapsed(start: datetime | None, end: datetime | None) -> timedelta | None:
    if start is None or end is None:
        return None
    # An agent may answer during the night before the clock starts: that took no time at all.
    return max(timedelta(), end - start)


def response_times(tickets: Sequence[Clocked], calendar: BusinessCalendar) -> Durations:
    """First-response durations (wall clock) of the tickets that had one, ended by
    `first_response_end`."""
    spans = [_elapsed(first_response_start(t, calendar), first_response_end(t)) for t in tickets]
    return durations([span for span in spans if span is not None])


def resolution_times(tickets: Sequence[Clocked]) -> Durations:
    """Resolution durations (wall clock, from the clock start) of the concluded tickets."""
    spans = [_elapsed(t.clock_start_at, resolution_end(t)) for t in tickets]
    return durations([span for span in spans if span is not None])


def compliance(
    tickets: Sequence[Ticket],
    now: datetime,
    done: Callable[[Ticket], datetime | None],
    due: Callable[[Ticket], datetime | None],
) -> Compliance:
    """SLA compliance of `tickets` for one clock: `done(ticket)` is when it was met (None
    while open), `due(ticket)` its deadline (None: the clock never ran, not counted); an open
    ticket past its deadline at `now` has missed it (docs/process.md sections 3 and 4)."""
    met = missed = pending = 0
    for ticket in tickets:
        finished, deadline = done(ticket), due(ticket)
        if deadline is None:
            continue
        if finished is not None:
            met, missed = (met + 1, missed) if finished <= deadline else (met, missed + 1)
        elif now > deadline:
            missed += 1  # still open and past due: it missed, whatever happens next
        else:
            pending += 1
    return Compliance(met, missed, pending)


def satisfaction(tickets: Sequence[Ticket]) -> Satisfaction:
    """Survey figures of `tickets`: scores 1-5 answered, their average, the low ones (1-2),
    surveys closed without an answer, and the count of each score (docs/process.md section 5)."""
    scores = [t.survey_score for t in tickets if t.survey_score is not None]
    found = Counter(scores)
    return Satisfaction(
        answered=len(scores),
        average=sum(scores) / len(scores) if scores else None,
        low=sum(1 for score in scores if score <= LOW_SCORE),
        no_response=sum(1 for t in tickets if t.survey_outcome == "no_response"),
        distribution={score: found.get(score, 0) for score in SCORES},
    )


def top_objects(
    tickets: Sequence[Ticket], limit: int = TOP_OBJECTS
) -> dict[str, list[tuple[str, int]]]:
    """The `limit` most frequent names per object kind (OBJECT_KINDS: product, store, staff),
    as (name, tickets) by count then name, so the same month always reads the same."""
    tops: dict[str, list[tuple[str, int]]] = {}
    for kind in OBJECT_KINDS:
        names = (shown_name(str(getattr(t, kind) or "")) for t in tickets)
        tops[kind] = _most_common(Counter(name for name in names if name), limit)
    return tops


def shown_name(value: str) -> str:
    """An object's name as the report lists it: trimmed, its inner spaces as one, and any
    phone, e-mail, card or ID number or introduced name in it masked (newcomer trial 12: a
    customer's address and phone typed into the store field topped 高频对象 whole)."""
    return " ".join(mask_personal(value).split())


def _most_common(found: Counter[str], limit: int) -> list[tuple[str, int]]:
    # Ties by name, so the same month always gives the same report.
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]


# --- words ----------------------------------------------------------------------------------
# The topic words of one complaint (handlers/topics.py); kept here under its old name too.
complaint_words = topics.complaint_words


def top_words(
    tickets: Sequence[Ticket], vault: Vault, limit: int = TOP_WORDS
) -> list[tuple[str, int]]:
    """Words by the number of complaints using them, so one long message cannot dominate."""
    found: Counter[str] = Counter()
    for ticket in tickets:
        text = vault.open(ticket.account_enc)
        if text:
            found.update(complaint_words(text, vault.open(ticket.name_enc)))
    return _most_common(found, limit)


# --- the whole report -----------------------------------------------------------------------
def build_report(
    month: str,
    start: datetime,
    end: datetime,
    tickets: Sequence[Ticket],
    *,
    now: datetime,
    calendar: BusinessCalendar,
    vault: Vault,
    categories: Sequence[str],
    severities: Sequence[str],
) -> MonthlyReport:
    """`tokenizer.load()` must have run (the CLI does it at start, as `build` does)."""
    return MonthlyReport(
        month=month,
        start=start,
        end=end,
        total=len(tickets),
        by_category=counts((t.category for t in tickets), categories),
        by_severity=counts((t.severity for t in tickets), severities),
        by_channel=counts((t.channel for t in tickets), CHANNELS),
        first_response=response_times(tickets, calendar),
        resolution=resolution_times(tickets),
        first_response_sla=compliance(
            tickets, now, first_response_end, lambda t: t.first_response_due
        ),
        resolution_sla=compliance(tickets, now, resolution_end, lambda t: t.resolution_due),
        satisfaction=satisfaction(tickets),
        reopened=sum(1 for t in tickets if t.reopen_count > 0),
        top_objects=top_objects(tickets),
        top_words=top_words(tickets, vault),
    )


async def month_report(
    database: Database,
    month: str,
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    calendar: BusinessCalendar,
    vault: Vault,
    categories: Sequence[str],
    severities: Sequence[str],
) -> MonthlyReport:
    """The same figures as `build_report` over `month_tickets`, read the way they scale:
    counts, compliance and the survey aggregated in SQL (storage/queries/reports.py),
    durations from the few columns they need, words from the sealed account and name only.
    `tokenizer.load()` must have run. One read transaction."""
    async with database.transaction() as session:
        kinds = await reports_q.counts_by(session, start, end)
        totals = await reports_q.month_totals(session, start, end, now)
        objects = {
            kind: _top_values(await reports_q.value_counts(session, kind, start, end))
            for kind in OBJECT_KINDS
        }
        objects = await mask_customer_names(session, vault, objects)
        clocks = await reports_q.month_clocks(session, start, end)
    # Durations and words are pure CPU over tens of thousands of rows: off the event loop.
    first, resolution, words, computed = await asyncio.to_thread(
        _row_figures, clocks, calendar, vault
    )
    await _keep_words(database, computed)
    low = sum(n for score, n in totals.scores.items() if score <= LOW_SCORE)
    answered = sum(totals.scores.values())
    # The mean from the distribution, as `satisfaction` computes it: a database's AVG may
    # round differently in the last digit.
    average = sum(score * n for score, n in totals.scores.items()) / answered if answered else None
    return MonthlyReport(
        month=month,
        start=start,
        end=end,
        total=totals.total,
        by_category=_ordered(kinds["category"], categories),
        by_severity=_ordered(kinds["severity"], severities),
        by_channel=_ordered(kinds["channel"], CHANNELS),
        first_response=first,
        resolution=resolution,
        first_response_sla=Compliance(*_triple(totals.first_response)),
        resolution_sla=Compliance(*_triple(totals.resolution)),
        satisfaction=Satisfaction(
            answered=answered,
            average=average,
            low=low,
            no_response=totals.no_response,
            distribution={score: totals.scores.get(score, 0) for score in SCORES},
        ),
        reopened=totals.reopened,
        top_objects=objects,
        top_words=words,
    )


def _row_figures(
    raw: Sequence[Sequence[Any]], calendar: BusinessCalendar, vault: Vault
) -> tuple[Durations, Durations, list[tuple[str, int]], list[tuple[int, str]]]:
    rows = [reports_q.clock_row(row) for row in raw]
    words, computed = _month_words(rows, vault)
    return response_times(rows, calendar), resolution_times(rows), words, computed


def _month_words(
    rows: Sequence[reports_q.ClockRow], vault: Vault
) -> tuple[list[tuple[str, int]], list[tuple[int, str]]]:
    """The month's TOP_WORDS by complaints using them, from the words kept at filing; for a
    ticket without them (filed before they were kept) computed from its account as
    `top_words` does, and returned sealed as (ticket id, words) for `_keep_words`."""
    found: Counter[str] = Counter()
    computed: list[tuple[int, str]] = []
    for ticket in rows:
        if ticket.topic_words_enc is not None:
            # Words kept before the topic stop list grew are filtered by it here too.
            opened = topics.open_words(vault, ticket.topic_words_enc)
            found.update(w for w in opened if topics.is_topic_word(w))
        elif ticket.account_enc is not None:
            text = vault.open(ticket.account_enc)
            words = complaint_words(text, vault.open(ticket.name_enc)) if text else set()
            computed.append((ticket.id, topics.seal_set(vault, words)))
            found.update(words)
    return _most_common(found, TOP_WORDS), computed


KEEP_BATCH = 500  # tickets per write transaction when words computed late are kept


async def _keep_words(database: Database, computed: Sequence[tuple[int, str]]) -> None:
    # Tickets filed before the words were kept at filing get them from the first report over
    # their month (a lazy backfill: no long migration); later reports only count. Short
    # transactions, so the writer lock (SQLite) and the rows' locks are held briefly.
    for at in range(0, len(computed), KEEP_BATCH):
        async with database.transaction() as session:
            await reports_q.store_topic_words(session, computed[at : at + KEEP_BATCH])


def _ordered(found: dict[str, int], order: Sequence[str]) -> list[tuple[str, int]]:
    # As `counts` orders them, from counts already made.
    rest = dict(found)
    known = [(code, rest.pop(code, 0)) for code in order]
    return known + sorted(rest.items(), key=lambda item: (-item[1], item[0]))


def _top_values(found: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    # As `top_objects` counts them: trimmed, blanks dropped, spellings that trim alike merged.
    merged: Counter[str] = Counter()
    for value, n in found:
        if shown_name(value):
            merged[shown_name(value)] += n
    return _most_common(merged, TOP_OBJECTS)


# A customer's name inside an object's text ("王芳买的空调", "店员说王芳没付钱"): Chinese names
# are two to four Han characters; a Latin name is one to three words.
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,2}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def name_candidates(value: str) -> set[str]:
    """The name-shaped spans of an object's text: every two to four Han characters in a row,
    and every run of one to three Latin words. Their name tokens are looked up, not their
    text: what matches is some customer's name as recorded."""
    found: set[str] = set()
    for run in _HAN_RUN.findall(value):
        found |= {run[i : i + n] for n in (2, 3, 4) for i in range(len(run) - n + 1)}
    words = _LATIN_WORD.findall(value)
    for n in (1, 2, 3):
        found |= {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}
    return found


async def mask_customer_names(
    session: AsyncSession, vault: Vault, tops: dict[str, list[tuple[str, int]]]
) -> dict[str, list[tuple[str, int]]]:
    """The top objects with any customer's name in them masked ("王芳买的空调" -> "王*买的空调"),
    counts of names that mask alike merged (newcomer trial 14: a name typed into the object
    field was listed whole; phones and e-mails were masked already).

    Names are sealed, so they cannot be grouped or compared in SQL, and decrypting every
    customer to compare costs the whole table. Instead the name-shaped spans of the few
    listed objects (`name_candidates`) are turned into the keyed blind-index name tokens
    /find uses (storage/blind_index.py:BlindIndex.name_token) and looked up at once
    (storage/queries/search.py:present_terms): a span is masked only when it is some
    customer's recorded name, so "空调" or "朝阳门店" stay. A name recorded on no ticket (a
    customer named only inside the story) is not found this way; `mask_personal` already
    masks an introduced one ("我叫王芳")."""
    index = BlindIndex.of(vault)
    spans: dict[str, set[str]] = {}
    for rows in tops.values():
        for value, _ in rows:
            for span in name_candidates(value):
                if (token := index.name_token(span)) is not None:
                    spans.setdefault(token, set()).add(span)
    present = await search_q.present_terms(session, spans)
    names = sorted({s for token in present for s in spans[token]}, key=len, reverse=True)
    if not names:
        return tops
    pattern = re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)
    masked: dict[str, list[tuple[str, int]]] = {}
    for kind, rows in tops.items():
        merged: Counter[str] = Counter()
        for value, n in rows:
            merged[pattern.sub(lambda m: mask_name(m.group(0)), value)] += n
        masked[kind] = _most_common(merged, TOP_OBJECTS)
    return masked


def _triple(found: reports_q.ComplianceCounts) -> tuple[int, int, int]:
    return found.met, found.missed, found.pending


async def served_report(
    services: Services, month: str, start: datetime, end: datetime
) -> MonthlyReport:
    """`month_report` with a running server's parts (its database, clock, business calendar,
    vault and policy): the console's report page and the API's JSON ask here. `start`/`end`
    come from `month_bounds(month, services.tz)`."""
    policy = services.policy
    return await month_report(
        services.db,
        month,
        start,
        end,
        now=services.now(),
        calendar=services.calendar,
        vault=services.vault,
        categories=policy.category_codes,
        severities=tuple(policy.severities),
    )
