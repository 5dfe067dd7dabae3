"""Filing a complaint: the numbered ticket, its first event, its clocks, the acknowledgement."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime

from handlers import topics
from handlers.draft import Draft
from handlers.fields import FIELDS, FieldName
from handlers.policy import SEVERITY_ORDER
from handlers.remedies import put_on_ticket as put_remedies
from handlers.search import index_contact, index_terms
from handlers.turn import Turn
from storage.models import Customer, Ticket
from storage.numbering import format_number
from storage.queries import turns

# Not yet closed: the customer may still add material (a resolved ticket waits for its survey).
# lifecycle.OPEN is narrower: the tickets agents are working.
OPEN_STATUSES = ("accepted", "verifying", "processing", "awaiting_customer", "reopened", "resolved")

# Later steps (agent announcements, supervisor alerts) register here; each runs in the same
# transaction as the filing, so its outbox rows commit or roll back with the ticket.
TicketHook = Callable[[Turn, Ticket], Awaitable[None]]
on_ticket_filed: list[TicketHook] = []


async def find_customer(turn: Turn) -> Customer | None:
    """The sender's customer row (by channel and user id) as an ORM entity of the turn's
    session, for a caller that changes it; None for someone new."""
    return await turns.customer_entity(turn.session, turn.inbound.channel, turn.inbound.user_id)


async def customer_on_file(turn: Turn) -> turns.CustomerOnFile | None:
    """What is on file about the sender (read only, one statement; none when the turn's
    claim found them without a customers row), None for someone new."""
    if not turn.on_file:
        return None
    return await turns.customer_on_file(turn.session, turn.inbound.channel, turn.inbound.user_id)


def raise_severity(severity: str) -> str:
    """One level up in SEVERITY_ORDER, `urgent` staying `urgent`; an unknown code counts as
    `general` (docs/process.md section 3: a repeat complaint is raised one level)."""
    index = SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else 0
    return SEVERITY_ORDER[min(index + 1, len(SEVERITY_ORDER) - 1)]


async def file_ticket(turn: Turn, draft: Draft) -> Ticket:
    """Files the confirmed draft as a ticket in the turn's transaction (docs/process.md
    sections 2-3) and returns it, flushed.

    Classifies the account and object (a category the policy lacks becomes `other`), raises
    the severity of a repeat complaint about the same object, takes the day's next number,
    starts the clocks at the next opening, attaches the evidence sent with the draft, writes
    the search index (handlers/search.py: contact tokens and word tokens), records the
    `filed` event (and one per question the bot could not answer), then runs the
    `on_ticket_filed` hooks. Errors of the database or a hook propagate: the caller's
    transaction rolls back and the number is a gap.
    """
    services = turn.services
    vault = services.vault
    # Sealed once: the same tokens go on the customer and on the ticket (issue 11 item 3).
    name_enc, phone_enc, email_enc = (
        vault.seal(draft.name),
        vault.seal(draft.phone),
        vault.seal(draft.email),
    )
    turn.on_file = True  # the upsert below writes their customers row
    customer = await turns.file_customer(
        turn.session,
        channel=turn.inbound.channel,
        user_id=turn.inbound.user_id,
        locale=turn.t.locale,
        name_enc=name_enc,
        phone_enc=phone_enc,
        email_enc=email_enc,
        object_key=draft.object_key(),
        day_key=turn.now.date().strftime("%Y%m%d"),
        now=turn.now,
    )
    # The order number in the customer's language: "订单" in an English story would be the
    # only Chinese the classifier sees in it.
    object_label = draft.object_label(
        turn.t("confirm.order", number=draft.order_no), turn.t("confirm.separator")
    )
    text = "\n".join(p for p in (draft.account, object_label) if p)
    verdict = services.classifier.classify(text)
    category = verdict.category if verdict.category in services.policy.category_codes else "other"
    severity = verdict.severity if verdict.severity in SEVERITY_ORDER else "general"
    reasons = list(verdict.reasons)
    if customer.earlier_number is not None:
        # docs/process.md section 3: a repeat complaint about the same object is raised one level.
        severity = raise_severity(severity)
        reasons.append(f"重复投诉（{customer.earlier_number}）")
    policy = services.policy
    number = format_number(
        policy.ticket_prefix, turn.now.date(), customer.sequence, policy.sequence_digits
    )
    level = services.policy.severity(severity)
    clock_start = services.calendar.next_opening(turn.now)
    evidence = customer.pending_evidence
    missing = [] if evidence else [FieldName.EVIDENCE.value]
    ticket = Ticket(
        number=number,
        customer_id=customer.id,
        channel=turn.inbound.channel,
        user_id=turn.inbound.user_id,
        locale=turn.t.locale,
        name_enc=name_enc,
        phone_enc=phone_enc,
        email_enc=email_enc,
        product=draft.product,
        store=draft.store,
        staff=draft.staff,
        order_no=draft.order_no,
        object_key=draft.object_key(),
        occurred_at=draft.occurred(),
        occurred_text=draft.occurred_text,
        place=draft.place,
        account_enc=services.vault.seal(draft.account),
        # What the monthly report counts, kept now so it need not run jieba per complaint.
        topic_words_enc=topics.seal_words(vault, draft.account, draft.name),
        missing_materials=json.dumps(missing),
        category=category,
        severity=severity,
        category_confidence=verdict.category_confidence,
        severity_confidence=verdict.severity_confidence,
        needs_review=verdict.needs_review,
        reasons=json.dumps(reasons, ensure_ascii=False),
        repeat_of=customer.earlier_number,
        created_at=turn.now,
        clock_start_at=clock_start,
        first_response_due=services.calendar.deadline(clock_start, level.first_response),
        resolution_due=services.calendar.deadline(clock_start, level.resolution),
        updated_at=turn.now,
    )
    put_remedies(ticket, draft.remedy_list(), services.vault)
    index_contact(ticket, vault, draft.phone, draft.email)  # search tokens, in the INSERT
    await turns.insert_ticket(turn.session, ticket)
    if evidence:  # counted by the customer's upsert: nothing waits, nothing to attach
        await turns.attach_pending_evidence(
            turn.session, turn.inbound.channel, turn.inbound.user_id, ticket.id or 0
        )
    turn.pending_evidence = 0  # what waited is on the ticket now
    # The words it is found by (issue 14): one multi-row INSERT.
    await index_terms(
        turn.session,
        vault,
        ticket.id or 0,
        draft.account,
        name=draft.name,
        phone=draft.phone,
        objects=(draft.product, draft.store, draft.staff),
    )
    await turn.record(
        ticket.id or 0,
        "filed",
        {
            "category": category,
            "severity": severity,
            "category_confidence": round(verdict.category_confidence, 3),
            "severity_confidence": round(verdict.severity_confidence, 3),
            "reasons": reasons,
            "evidence": evidence,
            # What the account first quoted, before a correction replaced it there, goes
            # with the filing (its text), for the agent: no statement more.
            **({"restated": True} if draft.restated else {}),
        },
        "；".join(draft.restated) or None,
    )
    for question in draft.questions:  # the agent answers what the bot could not
        await turn.record(ticket.id or 0, "customer_question", None, question)
    if draft.evidence_note:  # "合同照片有 但在家里": what exists and where, for the agent
        await turn.record(ticket.id or 0, "evidence_note", None, draft.evidence_note)
    if draft.evidence_reason:  # "没有拍 当时没在意": why there is none, for the agent too
        await turn.record(ticket.id or 0, "evidence_note", None, draft.evidence_reason)
    for hook in on_ticket_filed:
        await hook(turn, ticket)
    return ticket


def object_label(ticket: Ticket) -> str:
    """What the ticket is about: products, store, staff and order, as one line (or "")."""
    parts = [
        ticket.product,
        ticket.store,
        ticket.staff,
        f"订单 {ticket.order_no}" if ticket.order_no else None,
    ]
    return "，".join(p for p in parts if p)


def local_time(turn: Turn, moment: datetime | None) -> str:
    """An aware moment as "YYYY-MM-DD HH:MM" in the business's time zone, for customers;
    "-" for None."""
    if moment is None:
        return "-"
    return moment.astimezone(turn.services.tz).strftime("%Y-%m-%d %H:%M")


def acknowledgement(turn: Turn, ticket: Ticket, assignee: str | None = None) -> str:
    """《投诉受理确认函》 (docs/process.md section 2): the number, time and grading, every
    intake field as accepted (handlers/fields.py:FIELDS, the contact masked), the deadlines
    and who handles it; local times in the business's time zone."""
    t, policy, tz = turn.t, turn.services.policy, turn.services.tz
    none, vault = t("confirm.none"), turn.services.vault
    rows = [
        t("ack.row", label=t(f.letter_label), value=f.in_letter(ticket, vault, t, tz) or none)
        for f in FIELDS
    ]
    lines = [
        t("ack.title"),
        t(
            "ack.head",
            number=ticket.number,
            accepted_at=local_time(turn, ticket.created_at),
            category=policy.category(ticket.category).label(t.locale),
            severity=policy.severity(ticket.severity).label(t.locale),
        ),
        *rows,
        t(
            "ack.tail",
            first_response_due=local_time(turn, ticket.first_response_due),
            resolution_due=local_time(turn, ticket.resolution_due),
            assignee=assignee or t("ack.assignee_pending"),
        ),
    ]
    if ticket.clock_start_at and ticket.clock_start_at > turn.now:
        lines.append(
            t(
                "ack.after_hours",
                open=policy.hours.open.strftime("%H:%M"),
                close=policy.hours.close.strftime("%H:%M"),
                start=local_time(turn, ticket.clock_start_at),
            )
        )
    if ticket.repeat_of:
        lines.append(t("ack.repeat"))
    return "\n".join(lines)
