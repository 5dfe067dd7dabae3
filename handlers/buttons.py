"""Buttons know their moment (issue 15 item 2): a press that no longer applies changes nothing.

A button's data names what it is for. Buttons about a ticket carry its number (`accept:N`,
`score:N:5`): they are checked against the ticket. Buttons of a dialogue step (`submit`,
`refund`, `none` ...) carry the step and the version of the question that offered them:
`submit|confirming.3f9a0c`, where the version is drawn anew each time a question with choices
is asked (`Turn.say`). A press is taken only while its question is the open one (for the
confirmation: that very summary, see `_same_moment`); anything else (a double tap after the
ticket was filed, an old keyboard, data the bot never made) gets a short "this button has
expired" and no change: its label never becomes complaint text.
"""

from __future__ import annotations

from dataclasses import replace

from handlers import followup
from handlers import lifecycle as life
from handlers.messages import Outbound
from handlers.states import State
from handlers.turn import Turn
from storage.queries import tickets as ticket_rows

SEPARATOR = "|"
EXPIRED_KIND = "expired"  # Outbound.kind of the answer: a channel may show it as a toast
TICKET_BUTTONS = frozenset({"accept", "refuse", "score"})
# Steps whose buttons hold only for the very message that offered them.
_VERSIONED_STEPS = (State.CONFIRMING.value,)


def tag(key: str, moment: str | None) -> str:
    """The data a button carries: its key and, for a dialogue step, the question's moment."""
    return f"{key}{SEPARATOR}{moment}" if moment else key


def untag(data: str) -> tuple[str, str | None]:
    """(key, moment) from a button's data; moment None for ticket buttons and old keyboards."""
    key, separator, moment = data.partition(SEPARATOR)
    return key, (moment if separator else None)


async def press(turn: Turn) -> bool:
    """Handles a pressed button of a customer's; True when nothing more is to be done with the
    message (a ticket's button was answered, or the press had expired). False: the press is
    the open question's, and `turn.inbound.choice` now holds its plain key for the state."""
    key, moment = untag(turn.inbound.choice or "")
    turn.inbound = replace(turn.inbound, choice=key)
    name = key.partition(":")[0]
    if name in TICKET_BUTTONS:
        if await _applies_to_ticket(turn, key) and await followup.button(turn):
            return True
        expire(turn)
        return True
    offered = {choice.key for choice in turn.offered()}
    if key in offered and _same_moment(moment, turn.data.get("moment")):
        return False
    expire(turn)
    return True


def _same_moment(pressed: str | None, current: str | None) -> bool:
    """The press belongs to the open question: the same step, and for the confirmation the
    same version too, because a summary shown earlier may show other data than the draft
    now holds. An earlier copy of any other question (asked again after a typed answer it
    could not use) offers the same thing and still works. None: a keyboard from before
    buttons carried their moment, checked by its key alone."""
    if pressed is None:
        return True
    if current is None:
        return False
    step, _, _ = pressed.rpartition(".")
    if step.startswith(_VERSIONED_STEPS):
        return pressed == current
    return step == current.rpartition(".")[0]


def expire(turn: Turn) -> None:
    """Answers "this button has expired" without touching the conversation (not even the
    choices on offer, which `Turn.say` would replace)."""
    inbound = turn.inbound
    turn.replies.append(
        Outbound(
            inbound.channel,
            inbound.reply_target,
            turn.t("common.button_expired"),
            kind=EXPIRED_KIND,
        )
    )


async def _applies_to_ticket(turn: Turn, key: str) -> bool:
    """A remedy's accept/refuse holds only while that proposal is unanswered (so a double tap
    does not tell the agent twice); the survey handles its own repeats (`answer_survey`)."""
    name, _, number = key.partition(":")
    if name not in ("accept", "refuse"):
        return True
    ticket = await life.find_ticket(turn, number)
    if ticket is None:
        return False
    last = await ticket_rows.last_event_kind(
        turn.session, ticket.id or 0, ticket_rows.PROPOSAL_EVENTS
    )
    return last == "proposal" and ticket.status in life.OPEN
