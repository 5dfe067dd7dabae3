"""Units of work: one transaction with its clock, its outbox writes and its audit-trail events.

`Unit` serves scheduled jobs; `Turn` is a Unit for one inbound message, adding the sender's
conversation and the replies to the sender.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from handlers import webhooks
from handlers.messages import CHOICES_SHOWN, Choice, Inbound, Outbound, options
from handlers.reader import Reading
from handlers.services import Services
from handlers.states import IDLE_STATES, State
from handlers.texts import Texts
from storage.engine import AsyncSession
from storage.models import Conversation
from storage.outbox import TicketPush
from storage.queries import turns

# Outbox priorities: when a channel can send only a few messages, the higher go first.
PRIORITY = {
    "result": 30,
    "survey": 30,
    "request": 20,
    "reply": 20,
    "progress": 10,
    "alert": 20,
    "card": 10,
}


@dataclass(kw_only=True)
class Unit:
    """One unit of work: the services, the open transaction's session and its moment (aware,
    in the business's zone). Whatever it records or pushes commits with the transaction."""

    services: Services
    session: AsyncSession
    now: datetime

    def default_actor(self) -> tuple[str, str | None]:
        """(actor kind, actor id) of events recorded without one: ("system", None) here."""
        return "system", None

    async def push(self, message: Outbound, ticket_id: int | None = None) -> None:
        """Queues a message for someone (an outbox row, pending from this unit's moment); it
        commits (or not) with this unit's changes. `ticket_id`: the ticket it is about, which
        must exist in the database already (flushed)."""
        pending = turns.Push(
            message.channel,
            message.user_id,
            message.kind,
            PRIORITY.get(message.kind, 0),
            self.services.vault.seal_json(message.to_json()),
            ticket_id,
        )
        await turns.push(self.session, [pending], self.now)

    async def record(
        self,
        ticket_id: int,
        kind: str,
        data: dict[str, Any] | None = None,
        text: str | None = None,
        *,
        actor_kind: str | None = None,
        actor_id: str | None = None,
    ) -> None:
        """Adds an audit-trail event (written at once: the ticket `ticket_id` must be in the
        database, flushed); free text is sealed because people write contacts in it.

        The actor defaults to whoever this unit acts for: the system, or a message's sender.
        Webhooks subscribed to the event's public name get their outbox rows here, in the
        same transaction (handlers/webhooks.py:on_recorded; nothing when none is configured).
        """
        if actor_kind is None:
            actor_kind, default_id = self.default_actor()
            actor_id = actor_id or default_id
        await turns.add_event(
            self.session,
            ticket_id=ticket_id,
            at=self.now,
            actor_kind=actor_kind,
            actor_id=actor_id,
            kind=kind,
            data=json.dumps(data, ensure_ascii=False) if data else None,
            text_enc=self.services.vault.seal(text),
        )
        # Outside URLs subscribed to this event get their outbox rows in this transaction.
        await webhooks.on_recorded(self, ticket_id, kind, data, text, actor_kind)

    async def prompt(
        self, channel: str, user_id: str, state: State, choices: tuple[Choice, ...], **data: Any
    ) -> bool:
        """Puts someone's idle conversation in `state`, so a typed "1" answers a pushed question.

        A person in the middle of another dialogue is left alone (their draft matters more);
        buttons still work for them because button keys name the ticket.
        """
        conversation = await turns.locked_conversation(self.session, channel, user_id)
        if conversation is None:
            conversation = Conversation(channel=channel, user_id=user_id, updated_at=self.now)
            self.session.add(conversation)
        elif conversation.state not in IDLE_STATES:
            return False
        conversation.state = State(state).value  # an unknown state fails here, not later
        conversation.data_enc = self.services.vault.seal_json(
            {**data, "offered": [[c.key, c.label] for c in choices]}
        )
        conversation.updated_at = self.now
        return True


class RolledBack(Exception):
    """Undo this message's changes but still answer: e.g. a refused command."""

    def __init__(self, replies: list[Outbound]) -> None:
        super().__init__("rolled back")
        self.replies = replies


# Conversation data that outlives a state change: when the customer was last welcomed by
# name (handlers/session.py), so a session welcomes them once.
SESSION_KEYS = ("welcomed_at", "returned_at", "contact_explained_at")


@dataclass(kw_only=True)
class Turn(Unit):
    inbound: Inbound
    conversation: turns.ConversationRow
    data: dict[str, Any]
    t: Texts
    replies: list[Outbound] = field(default_factory=list)
    reading: Reading | None = None  # what the message is (handlers/reader.py), once read
    # False when the claim found no customers row for the sender: they never filed, so they
    # have no ticket and nothing on file, and the handlers need not ask the database.
    on_file: bool = True
    # The sender's evidence waiting for the complaint being collected, once counted in this
    # turn (handlers/evidence.py:pending_count); None when not counted since the last change.
    pending_evidence: int | None = None
    # The newest push to the sender about a ticket (storage/outbox.py:last_ticket_push), once
    # read in this turn (handlers/ticket_messages.py:last_push): read once, used twice.
    last_push: TicketPush | None = None
    last_push_read: bool = False
    # The choices the customer's screen showed last ([[key, label], ...], as `say` keeps
    # them), read when the turn opens: a state change replaces `data` before the next say.
    offered_before: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.offered_before = list(self.data.get("offered") or [])

    @property
    def actor(self) -> str:
        """The sender as an actor id: "<channel>:<user_id>"."""
        return f"{self.inbound.channel}:{self.inbound.user_id}"

    # --- conversation state -------------------------------------------------------------
    @property
    def state(self) -> str:
        """The conversation's state (handlers/intake.mmd draws the intake's)."""
        return self.conversation.state

    def go(self, state: State, **data: Any) -> None:
        """Moves the conversation to `state`, replacing the state's data; the keys of
        `SESSION_KEYS` (what the session remembers across states) are kept.

        Raises ValueError for a value that is no handlers/states.py:State member, so a
        misspelt state fails at once instead of being stored and read as idle later.
        """
        self.conversation.state = State(state).value
        kept = {key: self.data[key] for key in SESSION_KEYS if key in self.data}
        self.data = {**kept, **data}

    # --- answers to the sender ----------------------------------------------------------
    def say(self, text: str, choices: tuple[Choice, ...] = (), files: tuple[str, ...] = ()) -> None:
        """Adds a reply to the sender: `text`, `choices` (buttons, or numbered lines where a
        channel has none) and `files` (paths under DATA_DIR). Buttons get this moment's key, so
        a press of an older question's buttons is known as expired (handlers/buttons.py), and
        the offered choices are kept so a typed number maps back to them. Choices the last
        message offered already are marked for text channels to show in one line."""
        meta: dict[str, str] = dict(self.inbound.reply_meta)  # e.g. the forum topic
        self.data.pop("moment", None)
        answers = options(choices)
        if answers and self.offered_before == [[c.key, c.label] for c in answers]:
            meta[CHOICES_SHOWN] = "compact"  # listed in the message before: one line now
        if answers:
            # Buttons carry this question's step and version; a press of any other moment's
            # buttons has expired (handlers/buttons.py).
            meta["moment"] = self.data["moment"] = self._moment()
        self.replies.append(
            Outbound(
                self.inbound.channel, self.inbound.reply_target, text, choices, files, meta=meta
            )
        )
        # The numbers a text-only channel shows map back to these keys on the next message.
        self.data["offered"] = [[c.key, c.label] for c in answers]

    def _moment(self) -> str:
        """ "<step>.<version>": the state (and field asked), and 6 hex digits new each time."""
        step = self.conversation.state
        if self.data.get("asking"):
            step += "-" + str(self.data["asking"])
        seed = f"{self.inbound.channel}:{self.inbound.message_id}:{len(self.replies)}"
        return f"{step}.{hashlib.blake2s(seed.encode(), digest_size=3).hexdigest()}"

    def offered(self) -> list[Choice]:
        """The choices the last reply offered (what a typed "1", "2" ... refers to)."""
        return [Choice(key, label) for key, label in self.data.get("offered", [])]

    def default_actor(self) -> tuple[str, str | None]:
        """("customer", "<channel>:<user_id>"): a turn acts for its message's sender."""
        return "customer", self.actor
