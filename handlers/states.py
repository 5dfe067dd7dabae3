"""The customer conversation's states, declared once (issue 13 item 3).

A state is stored as its string in `conversations.state` (storage/models.py:Conversation),
so the members' values are the strings stored before this enum existed and must never be
renamed without a migration. The diagram of the states is handlers/intake.mmd; the handler of
each state is registered in handlers/router.py:STATE_HANDLERS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the turn module stores states, so the type is for the checker only
    from handlers.turn import Turn


class State(StrEnum):
    """Where a customer's conversation stands; the value is what the database stores."""

    IDLE = "idle"  # nothing open: a message is a new complaint, a question or about a ticket
    # The intake (handlers/intake.py, docs/process.md section 1).
    COLLECTING = "collecting"  # asking the missing fields one at a time
    CONFIRMING = "confirming"  # the summary shown: submit, change or cancel
    CHOOSING_FIELD = "choosing_field"  # "修改": which field to change
    EDITING = "editing"  # the new answer to one field
    # About tickets already filed (handlers/idle.py, handlers/followup.py).
    CHOOSING_TICKET = "choosing_ticket"  # several open tickets: which one a message is about
    PROPOSAL = "proposal"  # an agent's proposed remedy waits for yes or no
    SURVEY_SCORE = "survey_score"  # the satisfaction survey's 1-5 score
    SURVEY_COMMENT = "survey_comment"  # the survey's optional comment
    # A draft dropped after a week untouched (handlers/stale_drafts.py): told on the next message.
    DRAFT_EXPIRED = "draft_expired"
    # A draft the customer cancelled, kept handlers/intake.py:RESTORE_MINUTES for a change of
    # mind; the next message either restores it or finds the conversation idle, and the
    # stale-draft scan erases it once that time is over (handlers/stale_drafts.py).
    DRAFT_CANCELLED = "draft_cancelled"


# The states that hold a complaint being filled in (a draft in the conversation's data).
INTAKE_STATES = frozenset({State.COLLECTING, State.CONFIRMING, State.CHOOSING_FIELD, State.EDITING})
# States a pushed question may replace: nothing is being typed in them. An expired draft's
# notice gives way to a question about a ticket.
IDLE_STATES = frozenset(
    {
        State.IDLE,
        State.PROPOSAL,
        State.SURVEY_SCORE,
        State.SURVEY_COMMENT,
        State.DRAFT_EXPIRED,
        State.DRAFT_CANCELLED,
    }
)

# A state's handler; it returns False when the state no longer applies (idle reads it then).
# Each feature registers its states as {State.X: handler} (handlers/router.py:STATE_HANDLERS),
# keyed by str so a stored string finds its handler.
StateHandler = Callable[["Turn"], Awaitable[bool | None]]
