"""A customer writing about a ticket an agent rejected (newcomer trial 24).

After `/reject 6 与 CP20261202004 重复`, "怎么回事 为什么驳回我的投诉？？CP20261202004是什么 我查
不到" opened a blank draft (the number named was not theirs, so the rejected ticket was not
looked at) and the next line joined it. A message that speaks of the rejection ("为什么驳回",
"為什麼駁回", "why was my complaint rejected", "不予受理是什么意思") from a customer whose
ticket was rejected is that ticket's, at any time: recorded on it and sent to the supervisors
(handlers/ticket_messages.py:about_ended), and the customer hears how it ended and why (the
agent's reason). A ticket number in it that is not theirs is answered as not found.
"""

from __future__ import annotations

import re

from handlers.questions import concluded
from handlers.ticket_messages import (
    about_ended,
    ended_in_view,
    ended_ticket,
    foreign_number,
    is_displeased,
    open_tickets,
)
from handlers.turn import Turn
from nlp.extract_text import normalise as fold
from storage.models import Ticket

# Words naming the rejection itself, simplified, traditional and English.
_REJECTION = re.compile(
    r"驳回|駁回|不予受理|不受理|拒绝受理|拒絕受理|拒绝了我的投诉|拒絕了我的投訴|"
    r"\brejected\b|\brejection\b|\breject\b|\bdeclined\b|\bnot accepted\b",
    re.IGNORECASE,
)


def speaks_of_rejection(text: str) -> bool:
    """Whether the message names the rejection ("为什么驳回", "why was it rejected")."""
    return _REJECTION.search(fold(text)) is not None


async def rejected_in_view(turn: Turn) -> Ticket | None:
    """The customer's rejected ticket a message about a rejection means: one named or last
    written about (ended_ticket), else with no open ticket the newest ended one; None when
    that is not a rejected ticket."""
    tickets = await open_tickets(turn)
    found = await ended_ticket(turn, tickets)
    ticket = found[0] if found else await ended_in_view(turn, tickets)
    return ticket if ticket is not None and ticket.status == "rejected" else None


async def about_rejection(turn: Turn, text: str) -> bool:
    """An idle message speaking of the rejection of the customer's rejected ticket: how it
    ended and why, recorded on it for the supervisors; a number not theirs is said not
    found. False for any other message (nothing read for one with no rejection word)."""
    if turn.inbound.attachments or not turn.on_file or not speaks_of_rejection(text):
        return False
    ticket = await rejected_in_view(turn)
    if ticket is None:
        return False
    line = await concluded(turn, ticket, with_next=False)
    if line:
        turn.say(line)
    await about_ended(turn, ticket, text, is_displeased(turn, text))
    await say_foreign_number(turn)
    return True


async def say_foreign_number(turn: Turn) -> None:
    """ "CP20261202004是什么 我查不到": a number named that is not the customer's is answered
    as not found (the same words for another's and for none)."""
    number = await foreign_number(turn)
    if number is not None:
        turn.say(turn.t("status.not_found", number=number))
