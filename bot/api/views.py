"""Tickets as the API shows them: plain JSON values, personal data masked as `/show` masks it.

The rule is `/show`'s (handlers/agent_views.py:show, docs/process.md section 6): the name,
phone, e-mail, the customer's account and every free text of the trail are whole only for the
ticket's assignee and for supervisors; anyone else gets them through the same masking
functions (storage/masking.py). Evidence is listed by its metadata: never a file path or a
platform's file id.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from handlers.agent_views import sees_whole
from handlers.lifecycle import OPEN
from handlers.remedies import on_ticket
from storage.masking import (
    mask_email,
    mask_id_numbers,
    mask_name,
    mask_personal,
    mask_phone,
    mask_platform_id,
)
from storage.models import Agent, Evidence, Ticket, TicketEvent
from storage.queries.api_tickets import NO_DEADLINE, page_key
from storage.vault import Vault


def when(moment: datetime | None) -> str | None:
    """An aware moment as ISO 8601 with its offset (UTC), None for none."""
    return moment.isoformat() if moment is not None else None


def summary(ticket: Ticket, names: dict[int, str], now: datetime) -> dict[str, Any]:
    """A ticket in a list: codes, clocks and assignee; no personal data."""
    due, _ = page_key(ticket, "due")
    next_due = None if due == NO_DEADLINE else due
    assignee = (
        {"id": ticket.assignee_id, "name": names.get(ticket.assignee_id, "")}
        if ticket.assignee_id is not None
        else None
    )
    return {
        "number": ticket.number,
        "status": ticket.status,
        "category": ticket.category,
        "severity": ticket.severity,
        "channel": ticket.channel,
        "assignee": assignee,
        "created_at": when(ticket.created_at),
        "updated_at": when(ticket.updated_at),
        "first_response_due": when(ticket.first_response_due),
        "first_responded_at": when(ticket.first_responded_at),
        "resolution_due": when(ticket.resolution_due),
        "next_due": when(next_due),
        "overdue": ticket.status in OPEN and next_due is not None and next_due < now,
    }


def detail(
    ticket: Ticket,
    agent: Agent,
    vault: Vault,
    *,
    names: dict[int, str],
    now: datetime,
    events: list[TicketEvent],
    evidence: list[Evidence],
) -> dict[str, Any]:
    """One ticket in full for `agent`: its fields, classification and reasons, every event
    in order and its evidence's metadata, masked unless `sees_whole`."""
    whole = sees_whole(agent, ticket)
    name = vault.open(ticket.name_enc)
    phone, email = vault.open(ticket.phone_enc), vault.open(ticket.email_enc)
    free = masker(whole, name)

    return {
        **summary(ticket, names, now),
        "masked": not whole,
        "customer": {
            "name": name if whole else (mask_name(name) or None),
            "phone": phone if whole else (mask_phone(phone) or None),
            "email": email if whole else (mask_email(email) or None),
            "locale": ticket.locale,
        },
        "classification": {
            "category": ticket.category,
            "severity": ticket.severity,
            "category_confidence": ticket.category_confidence,
            "severity_confidence": ticket.severity_confidence,
            "needs_review": ticket.needs_review,
            "reasons": json.loads(ticket.reasons or "[]"),
            "repeat_of": ticket.repeat_of,
        },
        "object": {
            "product": ticket.product,
            "store": ticket.store,
            "staff": ticket.staff,
            "order_no": ticket.order_no,
        },
        "occurred_at": when(ticket.occurred_at),
        "occurred_text": ticket.occurred_text,
        "place": ticket.place,
        "account": free(vault.open(ticket.account_enc)),
        "remedies": _remedies(ticket, vault, free),
        "missing_materials": json.loads(ticket.missing_materials or "[]"),
        "escalated_at": when(ticket.escalated_at),
        "resolved_at": when(ticket.resolved_at),
        "closed_at": when(ticket.closed_at),
        "reopen_count": ticket.reopen_count,
        "survey": {
            "score": ticket.survey_score,
            "outcome": ticket.survey_outcome,
            "sent_at": when(ticket.survey_sent_at),
        },
        "events": [_event(event, vault, free, whole) for event in events],
        "evidence": [_evidence(item, vault, free) for item in evidence],
    }


Masker = Callable[[str | None], str | None]


def masker(whole: bool, name: str | None) -> Masker:
    """Free text as the reader may see it: whole but for ID numbers, or with phones, cards,
    e-mails and names (the customer's `name` wherever it occurs) masked, as /show masks its
    trail."""

    def free(text: str | None) -> str | None:
        if text is None:
            return text
        # An ID number masked for everyone, as in /show (docs/process.md section 1).
        return mask_id_numbers(text) if whole else mask_personal(text, (name,))

    return free


def event(item: TicketEvent, vault: Vault, name: str | None, whole: bool) -> dict[str, Any]:
    """One audit event as JSON, its free text and a customer actor's platform id masked
    unless `whole`."""
    return _event(item, vault, masker(whole, name), whole)


def _remedies(ticket: Ticket, vault: Vault, free: Masker) -> list[dict[str, Any]]:
    return [{"kind": kind, "wording": free(text)} for kind, text in on_ticket(ticket, vault)]


def _event(event: TicketEvent, vault: Vault, free: Masker, whole: bool) -> dict[str, Any]:
    # The customer's platform id names them as their name does: masked alike. Agents' ids
    # ("console:a1") are the team's, shown whole.
    customer = event.actor_kind == "customer"
    return {
        "id": event.id,
        "at": when(event.at),
        "kind": event.kind,
        "actor_kind": event.actor_kind,
        "actor_id": mask_platform_id(event.actor_id) if customer and not whole else event.actor_id,
        "data": json.loads(event.data) if event.data else None,
        "text": free(vault.open(event.text_enc)),
    }


def _evidence(item: Evidence, vault: Vault, free: Masker) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "mime": item.mime,
        "size": item.size,
        "name": free(item.original_name),
        "note": free(vault.open(item.note_enc)),
        "status": item.status,
        "created_at": when(item.created_at),
    }
