"""The SLA watch: a reminder to the assignee at the policy's share of each clock, and on a
breach one escalation to the supervisors. Safe to run twice: what was sent is marked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from handlers import lifecycle as life
from handlers.policy import Clock
from handlers.services import Services
from handlers.turn import Unit
from storage.models import Ticket

# A clock a ticket has: (name, due column, column that stops it, policy clock attribute).
CLOCKS = (
    ("first", "first_response_due", "first_responded_at", "first_response"),
    ("resolution", "resolution_due", "resolved_at", "resolution"),
)
WATCHED = tuple(life.OPEN - {"awaiting_customer"})  # a paused clock does not run


def _marks(value: str | None) -> set[str]:
    return set(filter(None, (value or "").split(",")))


def _with(value: str | None, mark: str) -> str:
    return ",".join(sorted(_marks(value) | {mark}))


async def scan_clocks(services: Services) -> int:
    """Runs every clock of every open ticket once; returns how many messages it queued."""
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        tickets = (
            (
                await session.execute(
                    select(Ticket).where(Ticket.status.in_(WATCHED)).with_for_update()  # type: ignore[attr-defined]
                )
            )
            .scalars()
            .all()
        )
        queued = 0
        for ticket in tickets:
            for name, due_column, stop_column, clock_name in CLOCKS:
                if getattr(ticket, stop_column) is not None:
                    continue
                due = getattr(ticket, due_column)
                clock = getattr(services.policy.severity(ticket.severity), clock_name)
                queued += await _check(unit, ticket, name, due, clock)
        return queued


async def _check(unit: Unit, ticket: Ticket, name: str, due: datetime | None, clock: Clock) -> int:
    if due is None or ticket.clock_start_at is None:
        return 0
    t = life.AGENT_TEXTS
    label = t(f"agent.clock_{name}")
    if unit.now >= due:
        if name in _marks(ticket.breached):
            return 0
        ticket.breached = _with(ticket.breached, name)
        await life.escalate(
            unit,
            ticket,
            t("agent.alert_breach", number=ticket.number, clock=label, due=life.local(unit, due)),
            actor_kind="system",
            actor_id=None,
            reason=f"{name} clock breached",
        )
        return 1
    calendar = unit.services.calendar
    total = calendar.elapsed(ticket.clock_start_at, due, clock)
    used = calendar.elapsed(ticket.clock_start_at, unit.now, clock)
    share = used / total if total else 0.0
    if share < unit.services.policy.reminder_at or name in _marks(ticket.reminded):
        return 0
    ticket.reminded = _with(ticket.reminded, name)
    await unit.record(ticket.id or 0, "reminder", {"clock": name, "share": round(share, 2)})
    await life.tell_assignee(
        unit,
        ticket,
        t(
            "agent.reminder",
            number=ticket.number,
            clock=label,
            percent=int(share * 100),
            due=life.local(unit, due),
        ),
    )
    return 1
