"""Ticket states and their allowed transitions (docs/process.md section 4), with the
pushes they cause.

Every change is one function here, used by agent commands, customer answers and the
scheduled scans alike, so the audit trail and the clocks behave the same whoever acts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.account_lead import clip, story_line
from handlers.messages import Choice, Outbound
from handlers.texts import Texts
from handlers.turn import Unit
from storage.models import Agent, Ticket
from storage.queries import agents as agent_rows
from storage.queries import tickets as ticket_rows
from storage.vault import mask_id_numbers, mask_personal, mask_text

TRANSITIONS: dict[str, frozenset[str]] = {
    "accepted": frozenset({"verifying", "processing", "awaiting_customer", "resolved", "rejected"}),
    "verifying": frozenset({"processing", "awaiting_customer", "resolved", "rejected"}),
    "processing": frozenset({"verifying", "awaiting_customer", "resolved"}),
    "awaiting_customer": frozenset({"verifying", "processing", "resolved", "rejected"}),
    "reopened": frozenset({"verifying", "processing", "awaiting_customer", "resolved"}),
    "resolved": frozenset({"closed", "reopened"}),
    "rejected": frozenset(),
    "closed": frozenset(),
}
OPEN = frozenset({"accepted", "verifying", "processing", "awaiting_customer", "reopened"})
AGENT_TEXTS = Texts("zh-CN")


class Refused(Exception):
    """An action that is not allowed; the message is for the person who tried it."""


def can_move(old: str, new: str) -> bool:
    """True when TRANSITIONS allows status `old` -> `new` (docs/process.md section 4);
    an unknown `old` allows nothing."""
    return new in TRANSITIONS.get(old, frozenset())


async def find_ticket(unit: Unit, number: str) -> Ticket | None:
    """The ticket numbered `number` (spaces trimmed, upper-cased: "cp20261122001" finds
    CP20261122001), locked FOR UPDATE for the unit's transaction; None when there is none."""
    return await ticket_rows.by_number(unit.session, number.strip().upper())


async def move(
    unit: Unit,
    ticket: Ticket,
    new: str,
    *,
    actor_kind: str,
    actor_id: str | None,
    text: str | None = None,
    kind: str = "status",
) -> None:
    """Changes a ticket's status along TRANSITIONS (docs/process.md section 4) and records an
    event of `kind` with {"from", "to"}: `status` by default, the agent command's own kind
    (`ask`, `resolve`, `reject`) where one caused it, so the trail tells them apart (/show,
    handlers/history.py). Leaving `awaiting_customer` moves the deadlines on by the pause.

    Raises Refused, with a message for the agent, for any other transition.
    """
    old = ticket.status
    if old == new:  # "/status N 处理中" on a ticket already being processed: nothing to do
        raise Refused(
            AGENT_TEXTS(
                "agent.same_status", number=ticket.number, old=AGENT_TEXTS(f"status_label.{old}")
            )
        )
    if not can_move(old, new):
        t = AGENT_TEXTS
        raise Refused(
            t(
                "agent.bad_transition",
                number=ticket.number,
                old=t(f"status_label.{old}"),
                new=t(f"status_label.{new}"),
            )
        )
    if old == "awaiting_customer":
        resume_clocks(unit, ticket)
    if new == "awaiting_customer":
        ticket.paused_since = unit.now
    ticket.status = new
    ticket.updated_at = unit.now
    if new == "resolved":
        ticket.resolved_at = unit.now
    if new in ("closed", "rejected"):
        ticket.closed_at = unit.now
    await unit.record(
        ticket.id or 0,
        kind,
        {"from": old, "to": new},
        text,
        actor_kind=actor_kind,
        actor_id=actor_id,
    )


def resume_clocks(unit: Unit, ticket: Ticket) -> None:
    """Moves the deadlines on by the time the ticket waited for the customer (clock paused)."""
    if ticket.paused_since is None:
        return
    calendar = unit.services.calendar
    level = unit.services.policy.severity(ticket.severity)
    for column, clock in (
        ("first_response_due", level.first_response),
        ("resolution_due", level.resolution),
    ):
        due = getattr(ticket, column)
        if due is None or due <= ticket.paused_since:
            continue
        if clock.unit == "business_hours":
            left = calendar.business_time_between(ticket.paused_since, due)
            setattr(ticket, column, calendar.add_business_time(unit.now, left))
        else:
            # Wall-clock time the clock still had when the pause began; a pause that began
            # before the clock started (filed after hours, asked at once) had used none of it.
            began = max(ticket.paused_since, ticket.clock_start_at or ticket.paused_since)
            setattr(ticket, column, calendar.next_opening(unit.now) + (due - began))
    ticket.paused_since = None


def summary(ticket: Ticket, unit: Unit, limit: int = 60, *, hidden: bool = False) -> str:
    """The customer's account, decrypted, from where the story starts (a greeting and the
    customer's introduction skipped, `handlers/account_lead.py`), on one line and cut to
    `limit` characters (an ellipsis marks the cut); "" when it cannot be read. `hidden`:
    personal data masked (`masked`) before the cut, for agents who may not see it whole. A
    summary cut first and masked after showed what was left of a cut number ("电话13900001…",
    newcomer trial 9): a number cut short no longer looks like one. Callers that mask later
    must ask for it here."""
    text = story_line(ticket, unit.services.vault)
    # An ID number is masked even for those who see the rest whole (docs/process.md s. 1).
    return clip(masked(unit, ticket, text) if hidden else mask_id_numbers(text), limit)


def masked(unit: Unit, ticket: Ticket, text: str) -> str:
    """The text as agents other than the assignee and supervisors may see it: phones,
    e-mails and names masked, also inside the customer's own words (docs/process.md section 6)."""
    return mask_personal(text, (unit.services.vault.open(ticket.name_enc),))


def shown(unit: Unit, ticket: Ticket, text: str, whole: bool) -> str:
    """A free-text field of the ticket (object, place, remedy wording, a summary) as the
    reader may see it: ID numbers masked for everyone, and for readers who may not see the
    ticket whole (`whole` False) phones in any spacing, e-mails, card numbers and the
    customer's name too, as the account is (newcomer trial 12: a phone the customer wrote
    into the object field showed whole in /show, the CSV and the report)."""
    return mask_id_numbers(text) if whole else masked(unit, ticket, text)


SUBJECT_LIMIT = 12  # characters of a /queue or /find line's subject: phone-sized lines


def subject(unit: Unit, ticket: Ticket, limit: int = SUBJECT_LIMIT) -> str:
    """A few words of what the ticket is about, for list lines (/queue, /find): its object
    (product, store or staff, the first one set), else the first words of its summary; masked
    as for any agent, then cut to `limit` characters. "" when there is nothing to say."""
    thing = next((v.strip() for v in (ticket.product, ticket.store, ticket.staff) if v), "")
    if thing:
        return clip(" ".join(masked(unit, ticket, thing).split()), limit)
    return summary(ticket, unit, limit, hidden=True)


def sees_whole(agent: Agent, ticket: Ticket) -> bool:
    """Personal data whole only for the ticket's assignee and for supervisors."""
    return agent.role == "supervisor" or (agent.id is not None and agent.id == ticket.assignee_id)


# --- messages to the customer --------------------------------------------------------------
def customer_texts(ticket: Ticket) -> Texts:
    """The catalogue in the ticket's locale (zh-CN for one without a catalogue)."""
    return Texts(ticket.locale)


async def tell_customer(
    unit: Unit,
    ticket: Ticket,
    key: str,
    kind: str = "progress",
    choices: tuple[Choice, ...] = (),
    meta: dict[str, str] | None = None,
    **values: object,
) -> None:
    """Queues the catalogue text `key` (formatted with the ticket's number and `values`) to
    the ticket's customer through the outbox, in the unit's transaction (docs/process.md
    section 5). Raises KeyError when `key` is in no catalogue."""
    text = customer_texts(ticket)(key, number=ticket.number, **values)
    await unit.push(
        Outbound(
            ticket.channel,
            ticket.user_id,
            text,
            choices,
            kind=kind,
            ticket_number=ticket.number,
            meta=dict(meta or {}),
        ),
        ticket.id,
    )


# --- messages to agents ------------------------------------------------------------------
def files_note(number: str, count: int, text: str = "") -> str:
    """What the handler is told when the customer sends `count` files to ticket `number`:
    files received, with the customer's own `text` beside them when there was any. Never the
    bot's own confirmation as the customer's words (newcomer trial 12: "💬 客户补充：已收到
    1 份材料。")."""
    text = text.strip()
    if text:
        return AGENT_TEXTS("agent.customer_files_said", number=number, count=count, text=text)
    return AGENT_TEXTS("agent.customer_files", number=number, count=count)


async def supervisors(unit: Unit) -> list[Agent]:
    """The active agents with role `supervisor` (possibly none)."""
    return await agent_rows.active(unit.session, role="supervisor")


async def tell_agent(
    unit: Unit,
    agent: Agent,
    text: str,
    ticket: Ticket | None = None,
    choices: tuple[Choice, ...] = (),
    kind: str = "alert",
) -> None:
    """Queues `text` (with `choices` as buttons) to one agent through the outbox, tied to
    `ticket` when given. The text goes as it is: the caller decides what the agent may see
    (`masked`, `sees_whole`)."""
    await unit.push(
        Outbound(
            agent.channel,
            agent.user_id,
            text,
            choices,
            kind=kind,
            ticket_number=ticket.number if ticket else None,
        ),
        ticket.id if ticket else None,
    )


async def alert_supervisors(
    unit: Unit,
    ticket: Ticket,
    text: str,
    masked_text: str | None = None,
    *,
    spare: str | None = None,
) -> None:
    """Tells every supervisor; the agent rooms hear it too, so nobody misses an escalation.
    `masked_text`: the rooms' version when the caller built one (see `tell_rooms`).
    `spare`: the actor ("<channel>:<user_id>") whose own action this is, a supervisor not
    told of it (newcomer trial 21: 陈主管's own /escalate came back as "被 陈主管 升级")."""
    for supervisor in await supervisors(unit):
        if spare is not None and f"{supervisor.channel}:{supervisor.user_id}" == spare:
            continue
        await tell_agent(unit, supervisor, text, ticket)
    await tell_rooms(unit, ticket, masked_text or text)


async def tell_rooms(unit: Unit, ticket: Ticket, text: str) -> None:
    """The agent rooms (a group every agent reads): personal data masked. A text holding a
    cut summary must come with it masked already (`summary(hidden=True)`): masking cannot
    find a number the cut has broken (it stars what is left, storage/masking.py)."""
    shown = masked(unit, ticket, text) if unit.services.agent_rooms else text
    for channel, chat in unit.services.agent_rooms:
        await unit.push(
            Outbound(channel, chat, shown, kind="alert", ticket_number=ticket.number), ticket.id
        )


async def tell_assignee(unit: Unit, ticket: Ticket, text: str) -> None:
    """The assignee; for an unassigned ticket the agent rooms, or the supervisors if none."""
    if ticket.assignee_id is None:
        await tell_rooms(unit, ticket, text)
        if not unit.services.agent_rooms:
            for supervisor in await supervisors(unit):
                await tell_agent(unit, supervisor, text, ticket)
        return
    agent = await agent_rows.by_id(unit.session, ticket.assignee_id)
    if agent is not None:
        await tell_agent(unit, agent, text, ticket)


async def tell_handler(unit: Unit, ticket: Ticket, text: str) -> None:
    """`text` to the agent holding `ticket`, after the supervisors were alerted: nobody when
    it is unassigned (the rooms had the alert) or held by a supervisor (who heard it with
    the others)."""
    if ticket.assignee_id is None:
        return
    handler = await agent_rows.by_id(unit.session, ticket.assignee_id)
    if handler is not None and handler.role != "supervisor":
        await tell_agent(unit, handler, text, ticket)


async def relay_words(unit: Unit, ticket: Ticket, key: str, words: str) -> None:
    """The customer's `words` about `ticket`, in the agent text `key` (placeholders `number`
    and `text`), to the supervisors and the handler (`tell_handler`); the rooms' copy has the
    words masked (`mask_text`), as a room may be read by anyone on the team."""
    alert = AGENT_TEXTS(key, number=ticket.number, text=words)
    masked_alert = AGENT_TEXTS(key, number=ticket.number, text=mask_text(words))
    await alert_supervisors(unit, ticket, alert, masked_alert)
    await tell_handler(unit, ticket, alert)


async def escalate(
    unit: Unit,
    ticket: Ticket,
    text: str,
    *,
    actor_kind: str,
    actor_id: str | None,
    reason: str,
    masked_text: str | None = None,
    spare: str | None = None,
) -> None:
    """Escalates the ticket (docs/process.md section 4, "Reminders and escalation"): stamps
    `escalated_at`, records an `escalated` event with `reason` ("urgent", a breached clock,
    an agent's words) and tells every supervisor `text` and the agent rooms `masked_text`
    (masked `text` when none is given). An agent's own escalation is not told back to
    them (a supervisor escalating); `spare` names such an actor when the escalation is
    recorded as the system's (a supervisor's /reclass to urgent)."""
    ticket.escalated_at = unit.now
    await unit.record(
        ticket.id or 0, "escalated", {"reason": reason}, actor_kind=actor_kind, actor_id=actor_id
    )
    if spare is None and actor_kind == "agent":
        spare = actor_id
    await alert_supervisors(unit, ticket, text, masked_text, spare=spare)


def local(unit: Unit, moment: datetime | None) -> str:
    """An aware moment as "MM-DD HH:MM" in the business's time zone, for agents; "-" for None."""
    if moment is None:
        return "-"
    return moment.astimezone(unit.services.tz).strftime("%m-%d %H:%M")


def survey_choices(ticket: Ticket) -> tuple[Choice, ...]:
    """Scores 1 to 5 in order, so a typed "2" means 2 whether read as a score or a position."""
    t = customer_texts(ticket)
    return tuple(Choice(f"score:{ticket.number}:{n}", t(f"survey.s{n}")) for n in range(1, 6))


def delay(minutes: int) -> timedelta:
    """`minutes` as a timedelta (policy values are whole minutes)."""
    return timedelta(minutes=minutes)
