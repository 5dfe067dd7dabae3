"""The tables. Personal data lives only in `*_enc` columns, encrypted by `storage.vault`.

Columns holding free text that a customer wrote (which may contain a phone number) are
encrypted too, so the database alone never reveals a customer's contact details.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _dt(nullable: bool = True, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Customer(SQLModel, table=True):
    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("channel", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    user_id: str = Field(max_length=128)
    locale: str = Field(default="zh-CN", max_length=16)
    name_enc: str | None = Field(default=None, sa_type=Text)
    phone_enc: str | None = Field(default=None, sa_type=Text)
    email_enc: str | None = Field(default=None, sa_type=Text)
    unreachable_reason: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(sa_column=_dt(nullable=False))


class Conversation(SQLModel, table=True):
    """Where a person's dialogue stands, so a restart or another worker continues it."""

    __tablename__ = "conversations"
    # The stale-draft scan filters on state and age (handlers/drafts.py).
    __table_args__ = (
        UniqueConstraint("channel", "user_id"),
        Index("ix_conversations_state_updated", "state", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    user_id: str = Field(max_length=128)
    state: str = Field(default="idle", max_length=32)
    # The reply language chosen from what this person wrote (issue 9 item 7); None until the
    # text first shows one. Not in data_enc: that is replaced with every state change.
    locale: str | None = Field(default=None, max_length=16)
    data_enc: str | None = Field(default=None, sa_type=Text)  # draft fields: personal data
    updated_at: datetime = Field(sa_column=_dt(nullable=False))
    # When a stale draft was last reminded of; older than updated_at means not since touched.
    reminded_at: datetime | None = Field(default=None, sa_column=_dt())


class Agent(SQLModel, table=True):
    __tablename__ = "agents"
    __table_args__ = (UniqueConstraint("channel", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    user_id: str = Field(max_length=128)
    name: str = Field(max_length=64)
    role: str = Field(default="agent", max_length=16)  # agent | supervisor
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=_dt(nullable=False))


class Ticket(SQLModel, table=True):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_due", "status", "resolution_due"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True, index=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    channel: str = Field(max_length=32)
    user_id: str = Field(max_length=128)
    locale: str = Field(default="zh-CN", max_length=16)
    status: str = Field(default="accepted", max_length=24, index=True)
    # identity (encrypted) and object
    name_enc: str | None = Field(default=None, sa_type=Text)
    phone_enc: str | None = Field(default=None, sa_type=Text)
    email_enc: str | None = Field(default=None, sa_type=Text)
    product: str | None = Field(default=None, max_length=255)
    store: str | None = Field(default=None, max_length=255)
    staff: str | None = Field(default=None, max_length=255)
    order_no: str | None = Field(default=None, max_length=64)
    object_key: str | None = Field(default=None, max_length=255, index=True)
    # time, place, account, remedy
    occurred_at: datetime | None = Field(default=None, sa_column=_dt())
    occurred_text: str | None = Field(default=None, max_length=255)
    place: str | None = Field(default=None, max_length=255)
    account_enc: str | None = Field(default=None, sa_type=Text)
    # The account's topic words (handlers/report.py:complaint_words) as a sealed JSON list,
    # computed at filing so the monthly report only counts them; None: not computed yet (a
    # ticket filed before issue 11's i11t, filled in by the first report over its month).
    topic_words_enc: str | None = Field(default=None, sa_type=Text)
    remedy: str | None = Field(default=None, max_length=32)
    remedy_text: str | None = Field(default=None, max_length=255)
    remedy_keys: str | None = Field(default=None, max_length=255)  # every remedy's key, "a,b"
    remedies_enc: str | None = Field(default=None, sa_type=Text)  # JSON [[key, wording], ...]
    missing_materials: str | None = Field(default=None, sa_type=Text)  # JSON list of codes
    # classification
    category: str = Field(default="other", max_length=32, index=True)
    severity: str = Field(default="general", max_length=16, index=True)
    category_confidence: float = Field(default=0.0)
    severity_confidence: float = Field(default=0.0)
    needs_review: bool = Field(default=False)
    reasons: str | None = Field(default=None, sa_type=Text)  # JSON list of strings
    repeat_of: str | None = Field(default=None, max_length=32)
    # handling and clocks
    assignee_id: int | None = Field(default=None, foreign_key="agents.id", index=True)
    created_at: datetime = Field(sa_column=_dt(nullable=False, index=True))
    clock_start_at: datetime | None = Field(default=None, sa_column=_dt())
    first_response_due: datetime | None = Field(default=None, sa_column=_dt())
    resolution_due: datetime | None = Field(default=None, sa_column=_dt())
    first_responded_at: datetime | None = Field(default=None, sa_column=_dt())
    paused_since: datetime | None = Field(default=None, sa_column=_dt())
    reminded: str | None = Field(default=None, max_length=64)  # which reminders went out
    breached: str | None = Field(default=None, max_length=64)  # which clocks breached
    escalated_at: datetime | None = Field(default=None, sa_column=_dt())
    resolved_at: datetime | None = Field(default=None, sa_column=_dt())
    closed_at: datetime | None = Field(default=None, sa_column=_dt())
    reopen_count: int = Field(default=0)
    # survey
    survey_due_at: datetime | None = Field(default=None, sa_column=_dt(index=True))
    survey_sent_at: datetime | None = Field(default=None, sa_column=_dt())
    survey_score: int | None = Field(default=None)
    survey_comment_enc: str | None = Field(default=None, sa_type=Text)
    survey_outcome: str | None = Field(default=None, max_length=32)
    updated_at: datetime = Field(sa_column=_dt(nullable=False))
    # search (issue 14): keyed blind-index tokens of the contact (storage/blind_index.py),
    # never the values; `index_key` names the key they were made with (NULL: not indexed
    # yet, `complaint-bot db reindex` fills it).
    phone_index: str | None = Field(default=None, max_length=32, index=True)
    email_index: str | None = Field(default=None, max_length=32, index=True)
    index_key: str | None = Field(default=None, max_length=8)


class Evidence(SQLModel, table=True):
    """A file or fact the customer supplied. Never overwritten: a new version is a new row."""

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    channel: str = Field(max_length=32)
    user_id: str = Field(max_length=128, index=True)
    kind: str = Field(max_length=16)  # photo, video, voice, document, location, link
    path: str | None = Field(default=None, max_length=512)  # relative to DATA_DIR
    file_ref: str | None = Field(default=None, max_length=255)  # platform file id / media id
    mime: str | None = Field(default=None, max_length=128)
    size: int | None = Field(default=None)
    original_name: str | None = Field(default=None, max_length=255)
    note_enc: str | None = Field(default=None, sa_type=Text)  # caption, location, link
    status: str = Field(default="stored", max_length=16)  # stored | too_large | kept_by_ref
    group_ref: str | None = Field(default=None, max_length=128)  # e.g. a Telegram album
    version_of: int | None = Field(default=None)
    created_at: datetime = Field(sa_column=_dt(nullable=False))


class TicketEvent(SQLModel, table=True):
    """The audit trail (全程留痕): every step, message and change, with who and when."""

    __tablename__ = "ticket_events"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    at: datetime = Field(sa_column=_dt(nullable=False))
    actor_kind: str = Field(max_length=16)  # customer | agent | system
    actor_id: str | None = Field(default=None, max_length=160)
    kind: str = Field(max_length=32)
    data: str | None = Field(default=None, sa_type=Text)  # JSON, no personal data
    text_enc: str | None = Field(default=None, sa_type=Text)  # free text, encrypted


class InboundMessage(SQLModel, table=True):
    """Every inbound message once, recorded before the platform is answered: platform
    retries find the stored reply here, and the recovery job finds what was not processed."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    message_id: str = Field(max_length=128)
    user_id: str = Field(max_length=128)
    received_at: datetime = Field(sa_column=_dt(nullable=False))
    body_enc: str | None = Field(default=None, sa_type=Text)
    reply_enc: str | None = Field(default=None, sa_type=Text)
    # Recorded first, processed after (issue 10): NULL until a turn committed for it, so a
    # crash or a failed turn leaves the row for the recovery job (handlers/inbox.py).
    processed_at: datetime | None = Field(default=None, sa_column=_dt(index=True))
    attempts: int = Field(default=0)  # failed tries; the recovery job gives up after a few
    last_error: str | None = Field(default=None, max_length=255)


class OutboxMessage(SQLModel, table=True):
    """A message for someone other than the sender, written in the same transaction as its cause."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    user_id: str = Field(max_length=128, index=True)
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    kind: str = Field(max_length=32)
    priority: int = Field(default=0)
    payload_enc: str = Field(sa_type=Text)
    # pending | sending | sent | failed | undeliverable
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_column=_dt(nullable=False))
    claimed_until: datetime | None = Field(default=None, sa_column=_dt())
    last_error: str | None = Field(default=None, max_length=512)
    created_at: datetime = Field(sa_column=_dt(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=_dt())


class TicketCounter(SQLModel, table=True):
    """Daily ticket sequence; incremented atomically with an upsert."""

    __tablename__ = "ticket_counters"

    day: str = Field(primary_key=True, max_length=16)
    last: int = Field(default=0)


class SharedValue(SQLModel, table=True):
    """Small values every worker shares (e.g. the WeChat access token)."""

    __tablename__ = "shared_values"

    key: str = Field(primary_key=True, max_length=64)
    value_enc: str = Field(sa_type=Text)
    expires_at: datetime | None = Field(default=None, sa_column=_dt())
    updated_at: datetime = Field(sa_column=_dt(nullable=False))


class Webhook(SQLModel, table=True):
    """An outside URL told of ticket events (issue 14 item 5), through the outbox.

    `events` is the comma-separated list of public event names it subscribes to
    (handlers/webhooks.py:EVENTS, or "*"); `secret_enc` the signing secret, sealed (it is
    needed whole to sign, so it cannot be hashed). A removed webhook is kept, inactive.
    """

    __tablename__ = "webhooks"

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=64)
    url: str = Field(sa_type=Text)
    events: str = Field(sa_type=Text)
    personal_data: bool = Field(default=False)
    secret_enc: str = Field(sa_type=Text)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=_dt(nullable=False))
    removed_at: datetime | None = Field(default=None, sa_column=_dt())


class WebLink(SQLModel, table=True):
    """A one-time sign-in link to the web console (`/web`, `web-link`; issue 14): only the
    sha256 of its token is kept, so the table alone opens nothing."""

    __tablename__ = "web_links"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    agent_id: int = Field(foreign_key="agents.id", index=True)
    created_at: datetime = Field(sa_column=_dt(nullable=False))
    expires_at: datetime = Field(sa_column=_dt(nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=_dt())


class WebSession(SQLModel, table=True):
    """A browser's session in the web console, opened by a WebLink: the sha256 of its
    cookie's token, whose agent, until when; `ended_at` once signed out. `flash_enc` holds the
    answers of the last action until the next page shows them (sealed: they may quote words)."""

    __tablename__ = "web_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    agent_id: int = Field(foreign_key="agents.id", index=True)
    created_at: datetime = Field(sa_column=_dt(nullable=False))
    expires_at: datetime = Field(sa_column=_dt(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_dt())
    flash_enc: str | None = Field(default=None, sa_type=Text)


# --- the agents' views and the scans (issue 11 item 4; storage/queries/tickets.py) ----------
# Partial on both backends, so each holds only the rows its query can want. The predicates
# are written exactly as the queries write them: PostgreSQL uses a partial index only when
# it can prove the predicate from the query's own WHERE.
_T = Ticket.__table__.c  # type: ignore[attr-defined]
_OPEN = "status IN ('accepted', 'verifying', 'processing', 'awaiting_customer', 'reopened')"
_WATCHED = "status IN ('accepted', 'verifying', 'processing', 'reopened')"


def _partial(predicate: str) -> dict[str, Any]:
    return {"postgresql_where": text(predicate), "sqlite_where": text(predicate)}


def _clock_live(due: str, stop: str, mark: str) -> str:
    return (
        f"{_WATCHED} AND {stop} IS NULL AND {due} IS NOT NULL AND clock_start_at IS NOT NULL"
        f" AND coalesce(breached, '') NOT LIKE '%{mark}%'"
    )


# /queue and /stats: open tickets by the deadline that matters now, first response until
# answered, then resolution; one index per case (an expression index cannot be reflected on
# SQLite, so the migrations check could not compare it), ties by id.
_FIRST_PENDING = "first_responded_at IS NULL AND first_response_due IS NOT NULL"
Index(
    "ix_tickets_open_first_due",
    _T.first_response_due,
    _T.id,
    _T.assignee_id,  # so /queue mine and /stats count from the index alone
    **_partial(f"{_OPEN} AND {_FIRST_PENDING}"),
)
Index(
    "ix_tickets_open_resolution_due",
    _T.resolution_due,
    _T.id,
    _T.assignee_id,
    **_partial(f"{_OPEN} AND NOT ({_FIRST_PENDING})"),
)
# /stats: the month's figures from the index alone (an index-only scan of the month's
# entries, no visit to the wide rows), and the open tickets nobody holds from their own
# small index.
Index(
    "ix_tickets_month_figures",
    _T.created_at,
    _T.category,
    _T.resolved_at,
    _T.closed_at,  # a rejection concludes with closed_at alone (migration t10s)
    _T.survey_score,
    _T.id,
)
Index(
    "ix_tickets_open_unassigned",
    _T.id,
    **_partial(f"{_OPEN} AND assignee_id IS NULL"),
)
# The SLA scan: per clock, the running and unbreached clocks by deadline (breaches), and
# those not reminded yet by start (reminders): a reminded clock leaves the second index, so
# the scan does not read every reminded one again each minute (migration i11t).
for _clock, _due, _stop in (
    ("first", "first_response_due", "first_responded_at"),
    ("resolution", "resolution_due", "resolved_at"),
):
    Index(f"ix_tickets_sla_{_clock}_due", _T[_due], **_partial(_clock_live(_due, _stop, _clock)))
    Index(
        f"ix_tickets_sla_{_clock}_remind",
        _T.clock_start_at,
        **_partial(
            _clock_live(_due, _stop, _clock) + f" AND coalesce(reminded, '') NOT LIKE '%{_clock}%'"
        ),
    )
# The survey scans: surveys due and not sent; surveys sent and not answered.
Index(
    "ix_tickets_survey_pending",
    _T.survey_due_at,
    **_partial("status = 'resolved' AND survey_sent_at IS NULL"),
)
Index("ix_tickets_survey_sent", _T.survey_sent_at, **_partial("status = 'resolved'"))


class TicketTerm(SQLModel, table=True):
    """One word of a ticket's complaint, as its blind-index token (storage/blind_index.py):
    word search finds tickets by term through the primary key, which leads with the term."""

    __tablename__ = "ticket_terms"

    term: str = Field(primary_key=True, max_length=16)
    ticket_id: int = Field(primary_key=True, foreign_key="tickets.id", index=True)


# --- the REST API's bearer tokens (issue 14; storage/queries/api_tokens.py) -------------------
class ApiToken(SQLModel, table=True):
    """A bearer token for /api/v1/, acting as its agent. Only a hash of the token is kept:
    the token itself is shown once, when it is created (bot/cli_api.py)."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=64)
    agent_id: int = Field(foreign_key="agents.id", index=True)
    scope: str = Field(max_length=16)  # read | read-write
    # sha256 hex of the whole token (bot/api/tokens.py explains why a plain hash suffices).
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)  # the token's first characters, to recognise it
    created_at: datetime = Field(sa_column=_dt(nullable=False))
    last_used_at: datetime | None = Field(default=None, sa_column=_dt())
    revoked_at: datetime | None = Field(default=None, sa_column=_dt())
