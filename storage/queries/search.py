"""Search queries over the blind index (storage/blind_index.py): tickets by number, by the
token of a phone or e-mail, by the tokens of words; writing and refilling the index.

Every function takes the caller's `AsyncSession` (so it joins its transaction) and takes or
returns tokens, never the personal data they stand for: nothing here can put a phone
number, an address or a complaint's words into a statement or its parameters. Lists are
newest first (by id, which follows the filing order), paginated in SQL; each page comes
with the total of the whole match, counted in SQL.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from storage.models import Ticket, TicketTerm
from storage.queries.turns import link

# Rows per INSERT when writing terms: 2 parameters each, far below SQLite's 32,766 and
# asyncpg's 32,767 parameters per statement. A complaint rarely has more than 200 words,
# so filing writes its terms in one statement.
TERMS_PER_INSERT = 1000


@dataclass(frozen=True, slots=True)
class TicketPage:
    """One page of matching tickets (ORM rows of the session, newest first) and how many
    match in all."""

    tickets: list[Ticket]
    total: int


EMPTY = TicketPage([], 0)


async def _page(session: AsyncSession, ids: Any, limit: int, offset: int) -> TicketPage:
    """The tickets whose id `ids` (a subquery of ticket ids) yields: the total, then the page."""
    total = (await session.execute(select(func.count()).select_from(ids.subquery()))).scalar_one()
    if not total or offset >= total:
        return TicketPage([], int(total))
    statement = (
        select(Ticket)
        .where(col(Ticket.id).in_(ids))
        .order_by(col(Ticket.id).desc())
        .limit(limit)
        .offset(offset)
    )
    return TicketPage(list((await session.execute(statement)).scalars().all()), int(total))


def _ids() -> Select[Any]:
    return select(col(Ticket.id))


async def by_number(session: AsyncSession, number: str) -> TicketPage:
    """The ticket with exactly this number (any status), as a page of 0 or 1; the unique
    index on `number` answers it."""
    return await _page(session, _ids().where(col(Ticket.number) == number), 1, 0)


def _with_any(ids: Select[Any], tokens: Collection[str]) -> Any:
    """`ids`, and the tickets that have any of the term tokens `tokens` (a UNION, so a
    ticket found both ways counts once); `ids` alone without tokens."""
    wanted = sorted(set(tokens))
    if not wanted:
        return ids
    return union(ids, select(col(TicketTerm.ticket_id)).where(col(TicketTerm.term).in_(wanted)))


async def by_number_ending(
    session: AsyncSession,
    digits: str,
    *,
    limit: int,
    offset: int = 0,
    or_any: Collection[str] = (),
) -> TicketPage:
    """Tickets of any status whose number ends with `digits` (0-9 only: raises ValueError
    for anything else, so no LIKE wildcard slips in), and those that have any of the term
    tokens `or_any` (a phone's tail). A scan with a trailing LIKE, as
    storage/queries/followups.py:numbers_with_whole_tail: for a person's search, not a
    hot path."""
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"not digits: {digits!r}")
    ids = _ids().where(col(Ticket.number).like(f"%{digits}"))
    return await _page(session, _with_any(ids, or_any), limit, offset)


async def by_phone(session: AsyncSession, token: str, *, limit: int, offset: int = 0) -> TicketPage:
    """Tickets whose contact phone has blind-index token `token` (ix_tickets_phone_index)."""
    return await _page(session, _ids().where(col(Ticket.phone_index) == token), limit, offset)


async def by_email(session: AsyncSession, token: str, *, limit: int, offset: int = 0) -> TicketPage:
    """Tickets whose e-mail address has blind-index token `token` (ix_tickets_email_index)."""
    return await _page(session, _ids().where(col(Ticket.email_index) == token), limit, offset)


async def by_terms(
    session: AsyncSession,
    tokens: Collection[str],
    *,
    limit: int,
    offset: int = 0,
    or_any: Collection[str] = (),
) -> TicketPage:
    """Tickets that have every one of the term tokens (AND), and those that have any of
    the tokens `or_any` (a name's, a phone tail's), through the primary key of
    `ticket_terms`, which leads with the term; no tokens at all: no tickets."""
    wanted = sorted(set(tokens))
    if wanted:
        ids: Any = (
            select(col(TicketTerm.ticket_id))
            .where(col(TicketTerm.term).in_(wanted))
            .group_by(col(TicketTerm.ticket_id))
            .having(func.count() == len(wanted))
        )
        ids = _with_any(ids, or_any)
    elif or_any:
        ids = select(col(TicketTerm.ticket_id)).where(col(TicketTerm.term).in_(sorted(set(or_any))))
    else:
        return EMPTY
    return await _page(session, ids, limit, offset)


async def has_term(session: AsyncSession, token: str) -> bool:
    """True when some ticket has the term token `token` (one probe of the primary key)."""
    found = await session.execute(
        select(col(TicketTerm.ticket_id)).where(col(TicketTerm.term) == token).limit(1)
    )
    return found.first() is not None


async def present_terms(session: AsyncSession, tokens: Collection[str]) -> set[str]:
    """Which of `tokens` some ticket has: probes of ticket_terms' primary key (term first),
    one statement per TERMS_PER_INSERT tokens; none asked: no statement."""
    wanted, found = sorted(set(tokens)), set[str]()
    for start in range(0, len(wanted), TERMS_PER_INSERT):
        chunk = wanted[start : start + TERMS_PER_INSERT]
        rows = await session.execute(
            select(col(TicketTerm.term)).where(col(TicketTerm.term).in_(chunk)).distinct()
        )
        found.update(str(term) for term in rows.scalars())
    return found


# --- writing -------------------------------------------------------------------------------
async def add_terms(session: AsyncSession, ticket_id: int, tokens: Collection[str]) -> None:
    """Adds the term tokens of a ticket that has none yet (just filed, or just cleared by
    `clear_terms`): one multi-row INSERT for up to TERMS_PER_INSERT of them, sent to the
    driver of the session's transaction (one statement on the filing path); none: nothing.
    The ticket must be flushed. A token the ticket already has violates the primary key
    (the database's IntegrityError propagates)."""
    rows = sorted(set(tokens))
    if not rows:
        return
    db = await link(session)
    for start in range(0, len(rows), TERMS_PER_INSERT):
        chunk = rows[start : start + TERMS_PER_INSERT]
        values = ", ".join("(?, ?)" for _ in chunk)
        params = [value for term in chunk for value in (term, ticket_id)]
        await db.run(f"INSERT INTO ticket_terms (term, ticket_id) VALUES {values}", params)


async def clear_terms(session: AsyncSession, ticket_ids: Sequence[int]) -> None:
    """Deletes every term token of these tickets (ix_ticket_terms_ticket_id)."""
    if ticket_ids:
        await session.execute(
            delete(TicketTerm).where(col(TicketTerm.ticket_id).in_(list(ticket_ids)))
        )


async def replace_terms(session: AsyncSession, ticket_id: int, tokens: Collection[str]) -> None:
    """The ticket's term tokens become `tokens`: two statements, delete then insert."""
    await clear_terms(session, [ticket_id])
    await add_terms(session, ticket_id, tokens)


async def set_contact_index(
    session: AsyncSession,
    ticket_id: int,
    *,
    phone_index: str | None,
    email_index: str | None,
    key_id: str,
) -> None:
    """Writes a ticket's contact tokens and the id of the key they were made with."""
    await session.execute(
        update(Ticket)
        .where(col(Ticket.id) == ticket_id)
        .values(phone_index=phone_index, email_index=email_index, index_key=key_id)
    )


async def clear_index(session: AsyncSession) -> int:
    """Forgets the whole index (every ticket's tokens and terms), as a database from before
    the index looks; returns the number of tickets. For tests and for an operator who wants
    `db reindex` to start from nothing."""
    await session.execute(delete(TicketTerm))
    result: Any = await session.execute(
        update(Ticket).values(phone_index=None, email_index=None, index_key=None)
    )
    return int(result.rowcount or 0)


# --- the backfill ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Unindexed:
    """What indexing one ticket reads: sealed values as stored, the object names in clear."""

    id: int
    name_enc: str | None
    phone_enc: str | None
    email_enc: str | None
    account_enc: str | None
    product: str | None
    store: str | None
    staff: str | None


def _stale(key_id: str) -> Any:
    return or_(col(Ticket.index_key).is_(None), col(Ticket.index_key) != key_id)


async def count_all(session: AsyncSession) -> int:
    """How many tickets there are."""
    return int((await session.execute(select(func.count()).select_from(Ticket))).scalar_one())


async def count_unindexed(session: AsyncSession, key_id: str) -> int:
    """How many tickets have no tokens made with key `key_id` (none yet, or another key's)."""
    statement = select(func.count()).select_from(Ticket).where(_stale(key_id))
    return int((await session.execute(statement)).scalar_one())


async def unindexed_after(
    session: AsyncSession, key_id: str, after_id: int, limit: int, *, every: bool = False
) -> list[Unindexed]:
    """The next `limit` tickets by id after `after_id` whose tokens were not made with
    `key_id` (with `every`: all tickets), keyset-paginated so a batch costs what it returns."""
    t = col
    statement = (
        select(
            t(Ticket.id),
            t(Ticket.name_enc),
            t(Ticket.phone_enc),
            t(Ticket.email_enc),
            t(Ticket.account_enc),
            t(Ticket.product),
            t(Ticket.store),
            t(Ticket.staff),
        )
        .where(t(Ticket.id) > after_id)
        .order_by(t(Ticket.id))
        .limit(limit)
        # PostgreSQL: a correction of one of these tickets by a running worker waits until
        # this batch is written, so the index never keeps the value from before it.
        .with_for_update()
    )
    if not every:
        statement = statement.where(_stale(key_id))
    rows = (await session.execute(statement)).all()
    return [Unindexed(int(row[0] or 0), *row[1:]) for row in rows]


async def term_rows(session: AsyncSession, ticket_id: int) -> list[str]:
    """The term tokens stored for one ticket, sorted (for checks and tests)."""
    statement = (
        select(col(TicketTerm.term))
        .where(col(TicketTerm.ticket_id) == ticket_id)
        .order_by(col(TicketTerm.term))
    )
    return [str(term) for term in (await session.execute(statement)).scalars().all()]
