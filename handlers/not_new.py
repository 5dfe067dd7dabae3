""" "Not a new complaint": words that say a draft was about a ticket already filed.

Newcomer trial 22: after a rejection, "那我还能怎么办 房间号是8012" opened a draft, and "我说的是
如家那个 不是新投诉" became its story. A message saying it is no new complaint
([not_new] in nlp/data/intent_cues.toml) while a draft is open moves the draft's words and
its own to the ticket meant: a closed or rejected one the bot last wrote about within the
follow-up window (handlers/ticket_messages.py:ended_ticket), else the open ticket the
conversation was last about, else the only open one. The draft is dropped.
"""

from __future__ import annotations

from handlers import intake
from handlers.states import State
from handlers.ticket_messages import (
    about_ended,
    ended_ticket,
    is_displeased,
    open_tickets,
    recent_ticket,
    relay,
)
from handlers.turn import Turn
from storage.models import Ticket


async def not_new_after_all(turn: Turn) -> bool:
    """A router rule: while a complaint is filled in, "不是新投诉" / "我说的是之前那个" sends
    the draft's words with the message to the ticket meant; False for any other message,
    and when no ticket can be meant (the draft then reads it as usual)."""
    reading = turn.reading
    if reading is None or not reading.cues.not_new or turn.state not in intake.STATES:
        return False
    if turn.inbound.choice or turn.inbound.attachments or not turn.on_file:
        return False
    said = turn.inbound.text.strip()
    account = str(turn.data.get("draft", {}).get("account") or "")
    words = f"{account} {said}".strip() if account and account not in said else said
    tickets = await open_tickets(turn)
    ended = await ended_ticket(turn, tickets)
    target: Ticket | None = ended[0] if ended else await recent_ticket(turn, tickets)
    if target is None and len(tickets) == 1:
        target = tickets[0]
    if target is None:
        return False
    turn.go(State.IDLE)  # the draft was this ticket's words, not a complaint of its own
    if ended:
        await about_ended(turn, target, words, is_displeased(turn, words))
    else:
        await relay(turn, target, words)
    return True
