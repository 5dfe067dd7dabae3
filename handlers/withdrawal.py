"""After filing, the customer says the complaint needs no handling any more (docs/process.md
section 4, "Withdrawn or resolved by itself").

"算了 不用处理了 他们今天已经把钱退给我了", "我撤销投诉", "you can close it" (newcomer trial 17:
such a message reached the agent as an ordinary remark). Read before the commands, whose
cancel words drop only a draft being filled in, and before the questions: the words go to the
ticket as a `withdrawal` event and to its handler with the command that closes it
(handlers/ticket_messages.py:withdraw). Customers change no status themselves.
"""

from __future__ import annotations

from handlers.followup import leading_score
from handlers.idle import followed_up
from handlers.states import State
from handlers.ticket_choice import ask_which_of
from handlers.ticket_messages import ended_ticket, open_tickets, withdraw
from handlers.turn import Turn
from nlp.intent import withdraws
from storage.models import Ticket

# The states in which a withdrawal is read here. Not while a complaint is filled in (its
# cancel words are about the draft) or was just cancelled ("还是不投诉了" is about that
# draft), nor while the survey waits (its answer has its own path, handlers/followup.py),
# nor while the customer is asked which ticket a message was for (the answer is read there,
# and the withdrawal reaches the ticket chosen through handlers/idle.py:deliver).
_READ_IN = frozenset({State.IDLE, State.PROPOSAL})


async def withdrawal(turn: Turn) -> bool:
    """A router rule: True when the message withdraws a ticket of the customer's and was
    answered. The text scan comes first, so other messages cost no statement."""
    text = _words_only(turn)
    if text is None or not withdraws(text) or leading_score(text) is not None:
        return False  # "5 问题解决了 谢谢" scores a survey (handlers/idle.py)
    tickets = await open_tickets(turn)
    ticket = await _withdrawn(turn, text, tickets)
    if ticket is None and len(tickets) > 1:
        await ask_which_of(turn, tickets, text)  # which one; the answer delivers it
        return True
    if ticket is None:
        ended = await ended_ticket(turn, tickets)  # "撤诉" about a ticket closed just now
        if ended is None:
            return False  # nothing of theirs to withdraw: read as usual
        ticket = ended[0]
    if turn.state != State.IDLE:  # a proposal waits no more: the handler hears why
        turn.go(State.IDLE)
    await withdraw(turn, ticket, text)
    return True


def _words_only(turn: Turn) -> str | None:
    """The message's text when a withdrawal may be read in it: words alone (no files, no
    button, no command), from a customer with something on file, in a state of _READ_IN,
    not telling a new complaint ("问题解决了 另外还有一件事…"). None otherwise."""
    inbound = turn.inbound
    text = inbound.text.strip()
    if turn.state not in _READ_IN or not turn.on_file or not text or text.startswith("/"):
        return None
    if inbound.attachments or inbound.choice:
        return None
    if turn.reading is not None and turn.reading.cues.new_complaint:
        return None
    return text


async def _withdrawn(turn: Turn, text: str, tickets: list[Ticket]) -> Ticket | None:
    """The open ticket withdrawn: the proposal's while one waits, else the one the message
    is about as any follow-up's (handlers/idle.py:followed_up), else the only one open."""
    held = turn.data.get("ticket") if turn.state == State.PROPOSAL else None
    waiting = next((t for t in tickets if held and t.number == held), None)
    if waiting is not None:
        return waiting
    about = await followed_up(turn, text, tickets)
    if about is not None:
        return about
    return tickets[0] if len(tickets) == 1 else None
