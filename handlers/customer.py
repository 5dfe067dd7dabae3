"""What a customer can ask outside the intake: the status of their tickets, adding evidence."""

from __future__ import annotations

import json

from handlers.evidence import take_attachments
from handlers.lifecycle import files_note, tell_assignee
from handlers.questions import concluded
from handlers.states import INTAKE_STATES
from handlers.tickets import OPEN_STATUSES, local_time
from handlers.turn import Turn
from handlers.words import bare_ticket_digits, fits_bare_digits
from storage.models import Ticket
from storage.queries import turns

STATUS_LIST_LIMIT = 10
ENDED = frozenset({"closed", "rejected"})


async def _own_tickets(turn: Turn) -> list[Ticket]:
    if not turn.on_file:  # never filed (the turn's claim read it): no query
        return []
    return await turns.tickets_of(turn.session, turn.inbound.channel, turn.inbound.user_id)


async def bare_ticket(turn: Turn, text: str) -> str | None:
    """The number of the customer's own ticket that a message naming it without its prefix
    means ("2026120112" or "20261201012 进度" for CP20261201012: newcomer trial 15), when
    exactly one fits; None otherwise. Reads the tickets only for a message of that shape."""
    bare = bare_ticket_digits(text)
    if bare is None:
        return None
    fitting = [t.number for t in await _own_tickets(turn) if fits_bare_digits(t.number, *bare)]
    return fitting[0] if len(fitting) == 1 else None


async def _assignee_name(turn: Turn, ticket: Ticket) -> str:
    if ticket.assignee_id is None:
        return turn.t("ack.assignee_pending")
    name = await turns.agent_name(turn.session, ticket.assignee_id)
    return name or turn.t("ack.assignee_pending")


async def show_status(turn: Turn, number: str | None) -> None:
    """All of the customer's tickets, or one; a customer only ever sees their own. A number
    that is not theirs (another's, or none) gets "not found" and their own list (or "you have
    none"), so nobody learns whether another customer's ticket exists."""
    t, policy = turn.t, turn.services.policy
    tickets = await _own_tickets(turn)
    if number:
        ticket = next((x for x in tickets if x.number == number), None)
        if ticket is None:  # not theirs or none at all: the same answer, then their own
            # One message: on WeChat a second one would leave the passive reply's slot.
            if tickets:
                turn.say(f"{t('status.not_found', number=number)}\n{_overview(turn, tickets)}")
            elif turn.state in INTAKE_STATES:
                # The complaint being filled in follows with its question: nothing to invite.
                turn.say(t("status.not_found", number=number))
            else:  # one line, not "not found" and then "you have none" (newcomer trial 15)
                turn.say(t("status.not_found_none", number=number))
            return
        turn.say(
            t(
                "status.detail",
                number=ticket.number,
                status=t(f"status_label.{ticket.status}"),
                category=policy.category(ticket.category).label(t.locale),
                severity=policy.severity(ticket.severity).label(t.locale),
                created=local_time(turn, ticket.created_at),
                assignee=await _assignee_name(turn, ticket),
                resolution_due=local_time(turn, ticket.resolution_due),
            )
        )
        if ticket.status in ENDED:  # no due time holds: how it ended, and what can be done
            turn.say(await concluded(turn, ticket) or "")
        return
    overview = _overview(turn, tickets)
    if tickets and all(x.status in ENDED for x in tickets):
        # Nothing open: how the newest ended, its reason and what can be done, not a bare
        # list (newcomer trial 24: a rejected ticket's customer was told nothing of it).
        overview = f"{overview}\n{await concluded(turn, tickets[0])}"
    turn.say(overview)


def _overview(turn: Turn, tickets: list[Ticket]) -> str:
    """The customer's latest tickets, a line each, or "you have none"."""
    t, policy = turn.t, turn.services.policy
    if not tickets:
        return str(t("status.none"))
    lines = [t("status.list_title")]
    for ticket in tickets[:STATUS_LIST_LIMIT]:
        lines.append(
            t(
                "status.line",
                number=ticket.number,
                status=t(f"status_label.{ticket.status}"),
                category=policy.category(ticket.category).label(t.locale),
                created=local_time(turn, ticket.created_at),
            )
        )
    return "\n".join(lines)


async def latest_open_ticket(turn: Turn, number: str | None = None) -> Ticket | None:
    """The sender's newest ticket in OPEN_STATUSES (the one numbered `number` when given),
    or None; reads the turn's session, raises nothing of its own."""
    for ticket in await _own_tickets(turn):
        if ticket.status in OPEN_STATUSES and (number is None or ticket.number == number):
            return ticket
    return None


def evidence_arrived(ticket: Ticket) -> None:
    """Evidence joined `ticket`: it is no longer among the materials it waits for (/show's
    "待补充", the customer's "还需要"), whichever way the files came."""
    missing = [m for m in json.loads(ticket.missing_materials or "[]") if m != "evidence"]
    ticket.missing_materials = json.dumps(missing)


async def add_evidence(turn: Turn, ticket: Ticket) -> None:
    """Evidence sent outside a complaint goes to an open ticket (the one named, or the newest)."""
    taken = await take_attachments(turn, ticket.id)
    if not taken:
        return
    await turn.record(
        ticket.id or 0, "evidence_added", {"count": taken}, text=turn.inbound.text or None
    )
    evidence_arrived(ticket)
    await tell_assignee(turn, ticket, files_note(ticket.number, taken, turn.inbound.text))
    turn.say(turn.t("evidence.added_to_ticket", count=taken, number=ticket.number))
