"""GET /api/v1/tickets and GET /api/v1/tickets/{number}: the list, paged in SQL, and one
ticket with its whole trail, as the token's agent may see them."""

from __future__ import annotations

import re
from typing import Literal

from aiohttp import web

from bot.api import cursor as cursors
from bot.api import views
from bot.api.auth import SERVICES, caller
from bot.api.errors import ApiError
from bot.api.schemas import TicketQuery, parse
from handlers.agents import SUFFIX_MATCHES, short_number_matches
from handlers.lifecycle import OPEN, TRANSITIONS
from handlers.report import CHANNELS
from handlers.services import Services
from storage.models import Ticket
from storage.queries import api_tickets as api_q
from storage.queries import tickets as tickets_q
from storage.queries.api_tickets import TicketFilter
from storage.queries.api_tokens import Bearer

# The policy's prefix (1-8 letters) + local date + a daily sequence, as the chat reads it
# (handlers/words.py:TICKET_NUMBER); anything else is no number, and never reaches SQL.
NUMBER = re.compile(r"^[A-Z]{1,8}\d{11,20}$")
# A short number: the day's sequence, or the last digits of a number holding its sequence (the
# chat takes up to 10 of them; here the path is nothing but the number, so up to a whole
# number's digits).
SHORT = re.compile(r"^[0-9]{1,20}$")


async def list_tickets(request: web.Request) -> web.Response:
    """The tickets the filters keep, one page, and the cursor of the next (null at the end)."""
    services = request.app[SERVICES]
    query = parse(TicketQuery, dict(request.query))
    kept = _filter(query, caller(request), services)
    after = cursors.decode(query.cursor, query.order) if query.cursor else None
    async with services.db.transaction() as session:
        rows = await api_q.ticket_page(
            session, kept, order=query.order, after=after, limit=query.limit + 1
        )
        names = await tickets_q.agent_names(session)
    page, more = rows[: query.limit], len(rows) > query.limit
    following = cursors.encode(query.order, api_q.page_key(page[-1], query.order)) if more else None
    return web.json_response(
        {
            "tickets": [views.summary(ticket, names, kept.now) for ticket in page],
            "next_cursor": following,
        }
    )


def _filter(query: TicketQuery, bearer: Bearer, services: Services) -> TicketFilter:
    policy = services.policy
    statuses: tuple[str, ...] = ()
    if query.status:
        words = tuple(w.strip() for w in query.status.split(",") if w.strip())
        unknown = [w for w in words if w != "open" and w not in TRANSITIONS]
        if unknown:
            raise ApiError(422, "invalid", f"status: unknown {unknown[0]!r}")
        statuses = tuple(sorted({s for w in words for s in (OPEN if w == "open" else (w,))}))
    _known("severity", query.severity, tuple(policy.severities))
    _known("category", query.category, policy.category_codes)
    _known("channel", query.channel, CHANNELS)
    return TicketFilter(
        now=services.now(),
        statuses=statuses,
        severity=query.severity,
        category=query.category,
        channel=query.channel,
        assignee=_assignee(query.assignee, bearer),
        overdue=query.overdue,
    )


def _known(field: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise ApiError(422, "invalid", f"{field}: one of {', '.join(allowed)}")


def _assignee(value: str | None, bearer: Bearer) -> int | Literal["none"] | None:
    if value is None:
        return None
    if value == "me":
        return bearer.agent.id
    if value == "none":
        return "none"
    if value.isdigit() and value.isascii():
        return int(value)
    raise ApiError(422, "invalid", "assignee: me, none or an agent id")


async def find(services: Services, number: str) -> Ticket:
    """The ticket numbered `number` (read, not locked): a whole number, or a short one as
    the chat takes it (the day's sequence, or last digits holding the whole sequence, naming
    exactly one unfinished ticket: handlers/agents.py:short_number_matches). 404 when there
    is none, 409 `ambiguous_number` listing the candidates when a short number names
    several."""
    number = number.strip().upper()
    ticket = None
    if SHORT.match(number):
        number = await _whole_number(services, number)
    if NUMBER.match(number):
        async with services.db.transaction() as session:
            ticket = await tickets_q.by_number(session, number, lock=False)
    if ticket is None:
        raise ApiError(404, "not_found", f"no ticket {number[:32]}")
    return ticket


async def _whole_number(services: Services, digits: str) -> str:
    """The one unfinished ticket's number `digits` names; `digits` itself when none does
    (then no ticket is found); ApiError 409 when several do."""
    async with services.db.transaction() as session:
        found = await short_number_matches(session, digits, services.policy.sequence_digits)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        shown = ", ".join(found[:SUFFIX_MATCHES]) + (", …" if len(found) > SUFFIX_MATCHES else "")
        raise ApiError(
            409,
            "ambiguous_number",
            f"{digits} names several unfinished tickets: {shown}; send the whole number",
        )
    return digits


async def show_ticket(request: web.Request) -> web.Response:
    """One ticket in full: fields, classification, every event in order, evidence metadata;
    personal data masked unless the token's agent is its assignee or a supervisor."""
    services = request.app[SERVICES]
    ticket = await find(services, request.match_info["number"])
    async with services.db.transaction() as session:
        events = await api_q.all_events(session, ticket.id or 0)
        evidence = await tickets_q.evidence_of(session, ticket.id or 0)
        names = await tickets_q.agent_names(session)
    body = views.detail(
        ticket,
        caller(request).agent,
        services.vault,
        names=names,
        now=services.now(),
        events=events,
        evidence=evidence,
    )
    return web.json_response(body)
