"""The SLA watch: a reminder to the assignee at the policy's share of each clock, and on a
breach one escalation to the supervisors. Safe to run twice: what was sent is marked."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers import lifecycle as life
from handlers.policy import Clock, Policy
from handlers.services import Services
from handlers.turn import Unit
from storage.models import Ticket
from storage.queries import agents as agent_rows
from storage.queries import tickets as tickets_q

# A clock a ticket has: (name, due column, column that stops it, policy clock attribute).
CLOCKS = (
    ("first", "first_response_due", "first_responded_at", "first_response"),
    ("resolution", "resolution_due", "resolved_at", "resolution"),
)


def _marks(value: str | None) -> set[str]:
    return set(filter(None, (value or "").split(",")))


def _with(value: str | None, mark: str) -> str:
    return ",".join(sorted(_marks(value) | {mark}))


async def scan_clocks(services: Services) -> int:
    """Runs every clock that may need a reminder or a breach now; returns how many messages
    it queued. The candidates come from SQL (storage/queries/tickets.py:clocks_to_check),
    so a scan reads the tickets near a threshold, not every open one; the exact share of
    business time is still judged here, with the calendar."""
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        tickets = await tickets_q.clocks_to_check(
            session, now=unit.now, started_by=latest_starts(services.policy, unit.now)
        )
        if tickets:
            # Each reminder or escalation asks who the agents are: read once for the scan.
            agent_rows.keep_active(session, await agent_rows.active(session))
        queued = 0
        for ticket in tickets:
            for name, due_column, stop_column, clock_name in CLOCKS:
                if getattr(ticket, stop_column) is not None:
                    continue
                due = getattr(ticket, due_column)
                clock = getattr(services.policy.severity(ticket.severity), clock_name)
                queued += await _check(unit, ticket, name, due, clock)
        return queued


def shortest(clock: Clock) -> timedelta:
    """The least wall time a clock can measure before its deadline: business hours and
    hours are never fewer on the wall clock; a working day at least 24 hours, and a part of
    one counted as nothing (it may be a part of a short opening)."""
    if clock.unit == "working_days":
        return timedelta(days=int(clock.amount))
    return timedelta(hours=clock.amount)


def latest_starts(policy: Policy, now: datetime) -> dict[str, dict[str, datetime]]:
    """For each clock ("first", "resolution") and severity code, the latest clock start from
    which the reminder share (`policy.reminder_at`) can have run by `now`; "" holds the
    latest over all severities, for any other code. The elapsed measure of
    handlers/calendar.py:BusinessCalendar.elapsed never exceeds wall time, and a deadline is
    at least its clock after the start (lifecycle.resume_clocks only moves it later)."""
    starts: dict[str, dict[str, datetime]] = {}
    for name, _, _, clock_name in CLOCKS:
        bounds = {
            code: now - shortest(getattr(level, clock_name)) * policy.reminder_at
            for code, level in policy.severities.items()
        }
        bounds[""] = max(bounds.values(), default=now)
        starts[name] = bounds
    return starts


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
