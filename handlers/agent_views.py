"""What agents read: the queue, one ticket in full, and the day's and month's figures."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select

from handlers import lifecycle as life
from handlers.agents import AgentTurn
from handlers.lifecycle import Refused
from handlers.remedies import describe, on_ticket
from handlers.tickets import object_label
from storage.models import Agent, Customer, Evidence, OutboxMessage, Ticket, TicketEvent
from storage.vault import mask_email, mask_name, mask_personal, mask_phone

QUEUE_LIMIT = 30
HISTORY_LIMIT = 12
_SCOPES = {
    "mine": "mine",
    "我的": "mine",
    "all": "all",
    "全部": "all",
    "overdue": "overdue",
    "超时": "overdue",
    "": "all",
}


def next_deadline(ticket: Ticket) -> datetime | None:
    """The deadline that matters now: first response until answered, then resolution."""
    if ticket.first_responded_at is None and ticket.first_response_due is not None:
        return ticket.first_response_due
    return ticket.resolution_due


async def queue(context: AgentTurn, args: str) -> None:
    scope = _SCOPES.get(args.strip().lower())
    if scope is None:
        raise Refused(context.t("agent.usage", usage="/queue [mine|all|overdue]"))
    now = context.turn.now
    statement = select(Ticket).where(Ticket.status.in_(life.OPEN))  # type: ignore[attr-defined]
    if scope == "mine":
        statement = statement.where(Ticket.assignee_id == context.agent.id)
    tickets = list((await context.turn.session.execute(statement)).scalars().all())
    far = now + timedelta(days=3650)
    tickets.sort(key=lambda x: next_deadline(x) or far)
    if scope == "overdue":
        tickets = [x for x in tickets if (next_deadline(x) or far) < now]
    if not tickets:
        context.say(context.t("agent.queue_empty"))
        return
    names = await _agent_names(context)
    lines = [
        context.t("agent.queue_title", scope=context.t(f"agent.scope_{scope}"), count=len(tickets))
    ]
    for ticket in tickets[:QUEUE_LIMIT]:
        due = next_deadline(ticket)
        lines.append(
            context.t(
                "agent.queue_line",
                number=ticket.number,
                status=context.t(f"status_label.{ticket.status}"),
                severity=context.turn.services.policy.severity(ticket.severity).label("zh-CN"),
                category=context.turn.services.policy.category(ticket.category).label("zh-CN"),
                due=life.local(context.turn, due),
                overdue=context.t("agent.overdue_mark") if due and due < now else "",
                assignee=names.get(ticket.assignee_id or 0, context.t("agent.unassigned")),
            )
        )
    if len(tickets) > QUEUE_LIMIT:
        lines.append(context.t("agent.queue_more", count=len(tickets) - QUEUE_LIMIT))
    context.say("\n".join(lines))


async def _agent_names(context: AgentTurn) -> dict[int, str]:
    rows = (await context.turn.session.execute(select(Agent.id, Agent.name))).all()
    return {row[0]: row[1] for row in rows}


async def show(context: AgentTurn, args: str) -> None:
    ticket, _ = await context.ticket(args, "/show CP20261122001")
    turn, t, vault = context.turn, context.t, context.turn.services.vault
    policy = turn.services.policy
    # Personal data whole only for the assignee and supervisors (docs/process.md section 6).
    whole = context.is_supervisor or ticket.assignee_id == context.agent.id
    name = vault.open(ticket.name_enc)
    phone, email = vault.open(ticket.phone_enc), vault.open(ticket.email_enc)
    contact = (phone or email or "") if whole else (mask_phone(phone) or mask_email(email))
    evidence = list(
        (
            await turn.session.execute(
                select(Evidence).where(Evidence.ticket_id == ticket.id).order_by(Evidence.id)  # type: ignore[arg-type]
            )
        )
        .scalars()
        .all()
    )
    names = await _agent_names(context)
    text = t(
        "agent.show",
        number=ticket.number,
        status=t(f"status_label.{ticket.status}"),
        category=policy.category(ticket.category).label("zh-CN"),
        severity=policy.severity(ticket.severity).label("zh-CN"),
        confidence=f"{ticket.category_confidence:.2f}",
        review=t("agent.review") if ticket.needs_review else "",
        reasons="、".join(json.loads(ticket.reasons or "[]")) or "-",
        name=(name or "-") if whole else mask_name(name),
        contact=contact or "-",
        object=object_label(ticket) or "-",
        time=ticket.occurred_text or "-",
        place=ticket.place or "-",
        remedy=describe(on_ticket(ticket, vault), t, with_kind=True) or "-",
        account=_account(vault.open(ticket.account_enc) or "-", whole, name),
        evidence=len(evidence),
        missing="、".join(
            context.t(f"field.{m}") for m in json.loads(ticket.missing_materials or "[]")
        )
        or "-",
        assignee=names.get(ticket.assignee_id or 0, t("agent.unassigned")),
        first_due=life.local(turn, ticket.first_response_due),
        first_state=t("agent.first_done") if ticket.first_responded_at else "",
        due=life.local(turn, ticket.resolution_due),
        survey=_survey(context, ticket),
    )
    history = await _history(context, ticket)
    if not whole:  # agents' and customers' words in the trail hold personal data too
        history = [mask_personal(line, (name,)) for line in history]
    lines = [
        text + await _unreachable(context, ticket),
        *history,
        *await _failures(context, ticket),
    ]
    files = tuple(e.path for e in evidence if e.path)
    context.turn.say("\n".join(lines), files=files)


def _account(text: str, whole: bool, name: str | None) -> str:
    # Customers write their name and number into the story too; masked for everyone else.
    return text if whole else mask_personal(text, (name,))


def _survey(context: AgentTurn, ticket: Ticket) -> str:
    if ticket.survey_score is not None:
        return str(ticket.survey_score)
    if ticket.survey_outcome == "no_response":
        return context.t("survey.no_response")
    return context.t("survey.not_asked")


async def _unreachable(context: AgentTurn, ticket: Ticket) -> str:
    customer = await context.turn.session.get(Customer, ticket.customer_id)
    if customer is None or not customer.unreachable_reason:
        return ""
    return context.t("agent.unreachable", reason=customer.unreachable_reason)


async def _history(context: AgentTurn, ticket: Ticket) -> list[str]:
    events = list(
        (
            await context.turn.session.execute(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket.id)
                .order_by(TicketEvent.id.desc())
                .limit(HISTORY_LIMIT)  # type: ignore[union-attr]
            )
        )
        .scalars()
        .all()
    )
    lines = [context.t("agent.history_title")]
    for event in reversed(events):
        words = context.turn.services.vault.open(event.text_enc)
        lines.append(
            context.t(
                "agent.history_line",
                at=life.local(context.turn, event.at),
                actor=event.actor_kind,
                kind=event.kind,
                text=f"：{words}" if words else "",
            )
        )
    return lines


async def _failures(context: AgentTurn, ticket: Ticket) -> list[str]:
    rows = list(
        (
            await context.turn.session.execute(
                select(OutboxMessage)
                .where(
                    OutboxMessage.ticket_id == ticket.id,
                    OutboxMessage.status.in_(("failed", "undeliverable")),  # type: ignore[attr-defined]
                )
                .order_by(OutboxMessage.id)  # type: ignore[arg-type]
            )
        )
        .scalars()
        .all()
    )
    lines = (
        [
            context.t("agent.failed_title"),
            *(
                context.t(
                    "agent.failed_line",
                    at=life.local(context.turn, row.created_at),
                    kind=row.kind,
                    status=row.status,
                    reason=row.last_error or "-",
                )
                for row in rows
            ),
        ]
        if rows
        else []
    )
    return lines + await _queued(context, ticket)


async def _queued(context: AgentTurn, ticket: Ticket) -> list[str]:
    """Pushes to the customer not delivered yet: an agent's answer is "queued" until then."""
    rows = list(
        (
            await context.turn.session.execute(
                select(OutboxMessage)
                .where(
                    OutboxMessage.ticket_id == ticket.id,
                    OutboxMessage.channel == ticket.channel,
                    OutboxMessage.user_id == ticket.user_id,
                    OutboxMessage.status.in_(("pending", "sending")),  # type: ignore[attr-defined]
                )
                .order_by(OutboxMessage.id)  # type: ignore[arg-type]
            )
        )
        .scalars()
        .all()
    )
    if not rows:
        return []
    return [
        context.t("agent.queued_title"),
        *(
            context.t(
                "agent.queued_line",
                at=life.local(context.turn, row.created_at),
                kind=row.kind,
                attempts=row.attempts,
                reason=row.last_error or "",
            )
            for row in rows
        ),
    ]


async def stats(context: AgentTurn, args: str) -> None:
    turn = context.turn
    now = turn.now
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    tickets = list(
        (
            await turn.session.execute(
                select(Ticket).where(Ticket.created_at >= month)  # type: ignore[arg-type]
            )
        )
        .scalars()
        .all()
    )
    open_ = list(
        (
            await turn.session.execute(
                select(Ticket).where(Ticket.status.in_(life.OPEN))  # type: ignore[attr-defined]
            )
        )
        .scalars()
        .all()
    )
    scores = [x.survey_score for x in tickets if x.survey_score is not None]
    categories: dict[str, int] = {}
    for ticket in tickets:
        categories[ticket.category] = categories.get(ticket.category, 0) + 1
    policy = turn.services.policy
    context.say(
        context.t(
            "agent.stats",
            today_new=sum(1 for x in tickets if x.created_at >= day),
            today_resolved=sum(1 for x in tickets if x.resolved_at and x.resolved_at >= day),
            open=len(open_),
            overdue=sum(1 for x in open_ if (next_deadline(x) or now) < now),
            unassigned=sum(1 for x in open_ if x.assignee_id is None),
            month_total=len(tickets),
            month_resolved=sum(1 for x in tickets if x.resolved_at),
            month_satisfaction=f"{sum(scores) / len(scores):.1f}/5" if scores else "-",
            month_categories="、".join(
                f"{policy.category(code).label('zh-CN')} {n}"
                for code, n in sorted(categories.items(), key=lambda kv: -kv[1])
            )
            or "-",
        )
    )
