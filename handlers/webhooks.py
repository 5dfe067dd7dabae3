"""Event webhooks (issue 14 item 5): ticket events told to outside URLs through the outbox.

The public events are derived from the audit trail the handlers already write
(`handlers/turn.py:Unit.record`): `public_name` maps an audit event to at most one public
event, declared once in `EVENTS` (docs/operations.md shows the same table). When an audit
event is recorded, every active webhook subscribed to its public event gets one outbox row
(channel `webhook`, user id = the webhook's id) in the same transaction, carrying the JSON
body with a fresh event id (a UUID): the event and its deliveries commit together or not
at all, each (webhook, event) is one row, and a row once `sent` is never sent again, also
across restarts. bot/webhook_delivery.py signs and POSTs them.

The hot path stays cheap: the active webhooks are cached per process (`Subscriptions`,
kept on `handlers/services.py:Services`), loaded when the services are built, refreshed by
`serve` every `REFRESH_SECONDS`, and, in every process that records events (`serve`, a
`chat` session, a CLI command), read again on use once the list is `REFRESH_SECONDS` old
by the services' clock: one SELECT at most every few seconds, none otherwise. So a webhook
added or removed by another process is seen within seconds everywhere; with no webhook
configured and no reload due, recording an event costs no statement at all.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from handlers.messages import Outbound
from storage.engine import AsyncSession, Database
from storage.models import Ticket, Webhook
from storage.queries import agents as agent_rows
from storage.queries import turns
from storage.queries import webhooks as rows
from storage.queries.webhooks import CHANNEL, Subscriber
from storage.vault import Vault

if TYPE_CHECKING:
    from handlers.turn import Unit

# The outbox kind (also its channel, storage/queries/webhooks.py:CHANNEL) and the
# `Outbound.meta` keys of a webhook delivery.
KIND = CHANNEL
META_EVENT_ID = "event_id"
META_EVENT_TYPE = "event_type"
ALL = "*"
# Event data that quotes the customer's words: the classifier's `reasons` ("词: 空调坏了 →
# 产品质量"). Only webhooks added with --personal-data get them; the others get the codes
# and confidences (category, severity, *_confidence) alone.
PERSONAL_DATA_KEYS = frozenset({"reasons"})
PING = "ping"  # sent by `complaint-bot webhooks test`; not subscribable
# How soon a process sees a webhook added or removed elsewhere: `serve` reloads its list this
# often, and any process reloads it on use when it is this old.
REFRESH_SECONDS = 5.0
SECRET_PREFIX = "whsec_"
MAX_URL = 2000


@dataclass(frozen=True)
class EventType:
    """A public event: its name, the audit-trail kinds it comes from, what it means."""

    name: str
    kinds: tuple[str, ...]
    meaning: str


# The audit kinds of a status change (handlers/lifecycle.py:move records the agent command's
# own kind where one caused it); their data is {"from": old, "to": new}.
STATUS_KINDS = frozenset({"status", "ask", "resolve", "reject"})
# Status changes with an event of their own; any other new status is ticket.status_changed.
STATUS_EVENTS = {
    "resolved": "ticket.resolved",
    "rejected": "ticket.rejected",
    "reopened": "ticket.reopened",
    "closed": "ticket.closed",
}
# A status kind recorded without a change of status (from == to) is no status change: a
# further /ask while the ticket already waits for the customer (newcomer trial 10) is still
# a request to the customer, told as an event of its own; any other kind is none.
UNCHANGED_EVENTS = {"ask": "ticket.asked_again"}

# The registry of public events (documented in docs/operations.md, "Webhooks").
EVENTS: tuple[EventType, ...] = (
    EventType("ticket.filed", ("filed",), "a customer's complaint was filed as a ticket"),
    EventType("ticket.assigned", ("assigned",), "an agent took or was given the ticket"),
    EventType("ticket.replied", ("reply",), "an agent answered the customer (/reply)"),
    EventType(
        "ticket.status_changed",
        tuple(sorted(STATUS_KINDS)),
        "the status changed to one without its own event (verifying, processing, "
        "awaiting_customer)",
    ),
    EventType(
        "ticket.asked_again",
        ("ask",),
        "an agent asked the customer again while the ticket already waited for them (a "
        "further /ask; the status stays awaiting_customer)",
    ),
    EventType("ticket.resolved", ("resolve", "status"), "the ticket was resolved"),
    EventType("ticket.rejected", ("reject", "status"), "the ticket was rejected (不予受理)"),
    EventType("ticket.reopened", ("status",), "a survey answer reopened the ticket"),
    EventType("ticket.closed", ("status",), "the ticket was closed (survey answered or expired)"),
    EventType("ticket.escalated", ("escalated",), "escalated to supervisors (urgent, breach)"),
    EventType("ticket.reclassified", ("reclass",), "an agent changed category or severity"),
    EventType("ticket.proposal_sent", ("proposal",), "an agent proposed a remedy"),
    EventType(
        "ticket.proposal_answered",
        ("proposal_accepted", "proposal_refused"),
        "the customer accepted or refused the proposal",
    ),
    EventType(
        "ticket.customer_message",
        ("customer_message", "supplement", "no_material", "evidence_added", "withdrawal"),
        "the customer wrote about the ticket (also to say it needs no more handling) or sent "
        "evidence",
    ),
    EventType("survey.answered", ("survey_answer",), "the customer scored the handling"),
)
EVENT_NAMES: tuple[str, ...] = tuple(e.name for e in EVENTS)
_BY_KIND: dict[str, str] = {
    kind: event.name for event in EVENTS for kind in event.kinds if kind not in STATUS_KINDS
}


class WebhookError(ValueError):
    """A webhook request the operator must correct (a bad URL, an unknown event name)."""


def public_name(kind: str, data: Mapping[str, Any] | None) -> str | None:
    """The public event of an audit event of `kind` with `data`; None when it has none
    (internal notes, reminders, survey sent ...). A status change maps by its new status; a
    status kind whose status did not change (from == to) is no status change
    (`UNCHANGED_EVENTS`: a further /ask is ticket.asked_again)."""
    if kind in STATUS_KINDS:
        old, new = (data or {}).get("from"), (data or {}).get("to")
        if old is not None and old == new:
            return UNCHANGED_EVENTS.get(kind)
        return STATUS_EVENTS.get(str(new), "ticket.status_changed")
    return _BY_KIND.get(kind)


def check_url(url: str) -> str:
    """`url` trimmed, when it is an absolute http or https URL with a host; raises
    WebhookError otherwise (another scheme, no host, spaces, over MAX_URL characters)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(f"webhook URL must be an http:// or https:// URL with a host: {url!r}")
    if len(url) > MAX_URL or any(c.isspace() for c in url):
        raise WebhookError("webhook URL must have no spaces and at most 2000 characters")
    return url


def parse_events(spec: str) -> tuple[str, ...]:
    """The event names of a comma-separated `spec` ("ticket.filed,ticket.resolved"), in
    registry order, or ("*",) for all. Raises WebhookError naming the valid ones for an
    unknown or empty list."""
    names = {name.strip() for name in spec.split(",") if name.strip()}
    if ALL in names:
        return (ALL,)
    unknown = sorted(names - set(EVENT_NAMES))
    if unknown or not names:
        raise WebhookError(
            f"unknown webhook event(s) {', '.join(unknown) or '(none given)'}; "
            f"valid: {', '.join(EVENT_NAMES)}, or * for all"
        )
    return tuple(name for name in EVENT_NAMES if name in names)


def takes(subscriber: Subscriber, event: str) -> bool:
    """True when `subscriber` subscribed to `event` (by name, or to all with "*")."""
    return ALL in subscriber.events or event in subscriber.events


class Subscriptions:
    """The active webhooks, cached per process so that recording an event reads nothing.

    Loaded when the services are built (`load`) and again after a change made through this
    process; `serve` also reloads it every REFRESH_SECONDS, and `active` reads it again when
    it is REFRESH_SECONDS old (by the caller's clock, the services' `now`), so a change made
    by another process (`complaint-bot webhooks add|remove` beside a running server or an
    open `chat` session) is seen within seconds by every process.
    """

    def __init__(self) -> None:
        self._active: tuple[Subscriber, ...] | None = None
        self._loaded_at: datetime | None = None

    async def load(self, db: Database, now: datetime) -> None:
        """Reads the active webhooks in a transaction of its own (one SELECT); `now` is
        when, by the services' clock."""
        async with db.transaction() as session:
            self._keep(await rows.subscribers(session), now)

    @property
    def cached(self) -> tuple[Subscriber, ...] | None:
        """The active webhooks as last loaded; None before the first load."""
        return self._active

    def stale(self, now: datetime) -> bool:
        """True when the list was never loaded, or loaded REFRESH_SECONDS or more before
        `now` (or after it: a clock set back), so the next `active` reads it again."""
        if self._active is None or self._loaded_at is None:
            return True
        age = (now - self._loaded_at).total_seconds()
        return not 0 <= age < REFRESH_SECONDS

    async def active(self, session: AsyncSession, now: datetime) -> tuple[Subscriber, ...]:
        """The cached active webhooks; read in `session` (one SELECT) when `stale(now)`."""
        if self.stale(now):
            self._keep(await rows.subscribers(session), now)
        assert self._active is not None
        return self._active

    def _keep(self, found: list[Subscriber], now: datetime) -> None:
        self._active, self._loaded_at = tuple(found), now


# --- the hook in Unit.record ------------------------------------------------------------
async def on_recorded(
    unit: Unit,
    ticket_id: int,
    kind: str,
    data: Mapping[str, Any] | None,
    text: str | None,
    actor_kind: str,
) -> None:
    """Queues the webhook deliveries of an audit event just recorded in `unit`'s
    transaction: one outbox row per active webhook subscribed to its public event, all in
    one statement. Nothing is read or written when no webhook wants it; otherwise the
    ticket comes from the session (no statement when the unit loaded it), the assignee's
    name likewise."""
    subscribers = await unit.services.webhooks.active(unit.session, unit.now)
    if not subscribers:
        return
    name = public_name(kind, data)
    if name is None:
        return
    wanted = [s for s in subscribers if takes(s, name)]
    if not wanted:
        return
    ticket = await rows.ticket_in_session(unit.session, ticket_id)
    if ticket is None:
        return
    event_id = str(uuid.uuid4())
    base = {
        "id": event_id,
        "type": name,
        "created_at": unit.now.astimezone(UTC).isoformat(),
        "actor": actor_kind,
        "data": {k: v for k, v in (data or {}).items() if k not in PERSONAL_DATA_KEYS},
        "ticket": await _ticket_view(unit, ticket),
    }
    bodies: dict[bool, str] = {}
    pushes = []
    for subscriber in wanted:
        personal = subscriber.personal_data
        if personal not in bodies:
            body = (
                _with_personal(unit.services.vault, base, ticket, data, text) if personal else base
            )
            bodies[personal] = json.dumps(body, ensure_ascii=False, sort_keys=True)
        message = _outbound(subscriber.id, bodies[personal], event_id, name)
        pushes.append(
            turns.Push(
                CHANNEL,
                str(subscriber.id),
                KIND,
                0,
                unit.services.vault.seal_json(message.to_json()),
                ticket_id,
            )
        )
    await turns.push(unit.session, pushes, unit.now)


def _outbound(webhook_id: int, body: str, event_id: str, event_type: str) -> Outbound:
    return Outbound(
        CHANNEL,
        str(webhook_id),
        body,
        kind=KIND,
        meta={META_EVENT_ID: event_id, META_EVENT_TYPE: event_type},
    )


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


async def _ticket_view(unit: Unit, ticket: Ticket) -> dict[str, Any]:
    """The ticket's fields without personal data: number, status, classification, channel,
    assignee and clocks (ISO 8601, UTC)."""
    assignee = None
    if ticket.assignee_id is not None:
        agent = await agent_rows.by_id(unit.session, ticket.assignee_id)
        assignee = {"id": ticket.assignee_id, "name": agent.name if agent else None}
    return {
        "number": ticket.number,
        "status": ticket.status,
        "category": ticket.category,
        "severity": ticket.severity,
        "channel": ticket.channel,
        "assignee": assignee,
        "created_at": _utc(ticket.created_at),
        "first_response_due": _utc(ticket.first_response_due),
        "resolution_due": _utc(ticket.resolution_due),
        "first_responded_at": _utc(ticket.first_responded_at),
        "resolved_at": _utc(ticket.resolved_at),
        "closed_at": _utc(ticket.closed_at),
        "escalated_at": _utc(ticket.escalated_at),
        "reopen_count": ticket.reopen_count,
        "survey_score": ticket.survey_score,
    }


def _with_personal(
    vault: Vault,
    base: dict[str, Any],
    ticket: Ticket,
    data: Mapping[str, Any] | None,
    text: str | None,
) -> dict[str, Any]:
    """`base` with the personal data a webhook added with --personal-data may receive: the
    customer's name, phone, e-mail and platform id, the complaint's text, the event's text
    and its data whole (the classification's `reasons` included)."""
    return {
        **base,
        "data": dict(data or {}),
        "text": text,
        "ticket": {**base["ticket"], "account": vault.open(ticket.account_enc)},
        "customer": {
            "name": vault.open(ticket.name_enc),
            "phone": vault.open(ticket.phone_enc),
            "email": vault.open(ticket.email_enc),
            "user_id": ticket.user_id,
        },
    }


# --- managing webhooks (the CLI) ----------------------------------------------------------
@dataclass(frozen=True)
class Added:
    """A webhook just added: its id and its signing secret (shown this once)."""

    id: int
    secret: str


@dataclass(frozen=True)
class Listed:
    """A webhook as `webhooks list` shows it (never its secret)."""

    id: int
    name: str | None
    url: str
    events: tuple[str, ...]
    personal_data: bool
    active: bool
    created_at: datetime


async def add(
    db: Database,
    vault: Vault,
    *,
    url: str,
    events: str,
    personal_data: bool,
    name: str | None,
    now: datetime,
) -> Added:
    """Adds a webhook for `url` (checked by `check_url`) subscribed to `events` (checked by
    `parse_events`); the secret ("whsec_" and 43 url-safe characters) is stored sealed.
    Raises WebhookError for a bad URL, event list or name (1-64 characters)."""
    url = check_url(url)
    names = parse_events(events)
    if name is not None and not 0 < len(name.strip()) <= 64:
        raise WebhookError("--name must be 1 to 64 characters")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    sealed = vault.seal(secret)
    assert sealed is not None
    async with db.transaction() as session:
        webhook = await rows.add(
            session,
            url=url,
            events=names,
            personal_data=personal_data,
            secret_enc=sealed,
            name=name.strip() if name else None,
            now=now,
        )
    return Added(webhook.id or 0, secret)


async def listed(db: Database) -> list[Listed]:
    """Every webhook ever added (removed ones marked inactive), by id; no secrets."""
    async with db.transaction() as session:
        return [_listed(w) for w in await rows.every(session)]


def _listed(webhook: Webhook) -> Listed:
    return Listed(
        webhook.id or 0,
        webhook.name,
        webhook.url,
        rows.split_events(webhook.events),
        webhook.personal_data,
        webhook.active,
        webhook.created_at,
    )


async def remove(db: Database, webhook_id: int, now: datetime) -> int:
    """Deactivates webhook `webhook_id` and drops its deliveries not yet tried; returns how
    many were dropped. Raises WebhookError when there is no such active webhook."""
    async with db.transaction() as session:
        dropped = await rows.remove(session, webhook_id, now)
    if dropped is None:
        raise WebhookError(f"no active webhook {webhook_id}")
    return dropped


@dataclass(frozen=True)
class Destination:
    """Where a delivery goes: the URL and the signing secret (opened)."""

    url: str
    secret: str


async def destination(db: Database, vault: Vault, webhook_id: int) -> Destination | None:
    """The URL and secret of active webhook `webhook_id`; None when it is removed or
    unknown (its deliveries are dropped). Raises VaultError when the secret was sealed with
    another key."""
    async with db.transaction() as session:
        found = await rows.target(session, webhook_id)
    if found is None or not found.active:
        return None
    return Destination(found.url, vault.open(found.secret_enc) or "")


def ping(webhook_id: int, now: datetime) -> Outbound:
    """A `ping` event for webhook `webhook_id` (`complaint-bot webhooks test`): the same
    envelope as every event, without a ticket."""
    event_id = str(uuid.uuid4())
    body = {"id": event_id, "type": PING, "created_at": now.astimezone(UTC).isoformat()}
    return _outbound(webhook_id, json.dumps(body, sort_keys=True), event_id, PING)
