"""Which of a customer's open tickets a follow-up is about, when they have several.

docs/process.md section 4, "Several open tickets": a message goes to the ticket it singles
out (its number, the number's last digits, a reply to a message naming it, its object, store
or remedy words), else to the one ticket with a question waiting for the customer (an /ask, an
agent's message ending in a question), else to the ticket filed or spoken of within the visit
(less than 30 minutes ago); after a longer silence, being last spoken of singles out nothing.
With nothing to single one out, a progress question is answered for all of them
(`status_all`) and a message with content for one ticket asks which (`ask_which_of`): a short
numbered list that a number, a button or words naming the ticket's object answer.
"""

from __future__ import annotations

import re

from handlers import lifecycle as life
from handlers.account_lead import clip
from handlers.evidence import take_attachments
from handlers.messages import Choice
from handlers.session import SESSION_GAP
from handlers.states import State
from handlers.ticket_messages import (
    MAX_CHOICES,
    last_push_asks,
    matching_ticket,
    pending_since,
    recent_contact,
    remedy_fit,
)
from handlers.tickets import local_time
from handlers.turn import Turn
from handlers.words import find_ticket_number
from storage.models import Ticket

_OBJECT_CHARS = 12  # an object's words in the list: enough to know it, short on a phone

# The last digits of a ticket number said alone ("003那个", "2001号单"): three or four digits
# standing apart, not a sum, a count or a time ("300元", "100块", "2024年").
_TAIL = re.compile(
    r"(?<![\d.,，])(\d{3,4})(?![\d.,，])"
    r"(?!\s*(?:元|块|圆|个|台|件|天|小时|分钟|年|月|日|毫|米|斤|公斤|g\b|kg|ml|%|％|rmb|yuan))",
    re.I,
)


def tail_named(text: str, tickets: list[Ticket]) -> Ticket | None:
    """The one ticket of `tickets` whose number ends in digits the message says on their own
    ("003那个怎么样了" with CP20261122003 open); None when none or several fit."""
    for found in _TAIL.finditer(text):
        tail = found.group(1)
        fitting = [t for t in tickets if t.number.endswith(tail)]
        if len(fitting) == 1:
            return fitting[0]
    return None


def _number_said(turn: Turn, text: str) -> str | None:
    number = turn.reading.ticket_number if turn.reading else None
    number = number or find_ticket_number(text)
    if number is None and turn.inbound.reply_to:  # a reply to a bot message naming a ticket
        number = find_ticket_number(turn.inbound.reply_to)
    return number


def named_ticket(turn: Turn, text: str, tickets: list[Ticket]) -> Ticket | None:
    """The open ticket the message names: its number (or a reply to a message naming it),
    the number's last digits, or the ticket's product, store or staff ("空调那个")."""
    number = _number_said(turn, text)
    if number is not None:
        named = next((t for t in tickets if t.number == number), None)
        if named is not None:
            return named
    return tail_named(text, tickets) or matching_ticket(text, tickets)


def singled_out(turn: Turn, text: str, tickets: list[Ticket]) -> Ticket | None:
    """The open ticket the message itself points at: the one it names (`named_ticket`), or
    the one whose remedy it speaks of ("啥时候能退钱" with one refund ticket). None when
    nothing points at exactly one."""
    return named_ticket(turn, text, tickets) or remedy_fit(text, tickets)


async def waiting_on_customer(turn: Turn, tickets: list[Ticket]) -> list[Ticket]:
    """The tickets with a question waiting for the customer's answer: a request for material
    (`awaiting_customer`, /ask) and the ticket of the newest message to the customer when it
    ends asking something ("/reply N 请问是几楼？"). A proposal holds the conversation in its
    own state (handlers/followup.py:proposal) and is answered there."""
    waiting = [t for t in tickets if t.status == "awaiting_customer"]
    for ticket in tickets:
        if ticket not in waiting and await last_push_asks(turn, ticket):
            waiting.append(ticket)
    return waiting


async def followed_up_of_several(turn: Turn, text: str, tickets: list[Ticket]) -> Ticket | None:
    """The ticket of several open ones that a message is about: the one it names
    (`singled_out`), else the one question waiting for the customer, else the one filed or
    spoken of less than SESSION_GAP (30 min) ago; None when nothing tells which (the caller
    asks, or answers a progress question for all)."""
    named = singled_out(turn, text, tickets)
    if named is not None:
        return named
    waiting = await waiting_on_customer(turn, tickets)
    if len(waiting) == 1:
        return waiting[0]
    # Within the visit the ticket was just filed or spoken of, the conversation is about it
    # ("对了，我还留着小票" a minute after filing): asking "which one?" there would be absurd.
    # After a silence of SESSION_GAP, being last spoken of singles out nothing.
    recent = await recent_contact(turn, tickets)
    return recent[0] if recent is not None and turn.now - recent[1] < SESSION_GAP else None


def object_words(turn: Turn, ticket: Ticket) -> str:
    """What the ticket is about, in a few words for a list: its product, else its store,
    else its staff member, else the account's opening words; personal data masked (the list
    is shown in a chat a phone may display to others)."""
    said = next((v for v in (ticket.product, ticket.store, ticket.staff) if v), None)
    if said:
        return clip(life.masked(turn, ticket, said), _OBJECT_CHARS)
    return life.summary(ticket, turn, limit=_OBJECT_CHARS, hidden=True)


def ticket_line(turn: Turn, ticket: Ticket) -> str:
    """ "CP20261122001（空调，已受理）": number, object and status, for the list of tickets."""
    return str(
        turn.t(
            "followup.ticket_of_several",
            number=ticket.number,
            object=object_words(turn, ticket),
            status=turn.t(f"status_label.{ticket.status}"),
        )
    )


async def ask_which_of(turn: Turn, tickets: list[Ticket], text: str) -> None:
    """Asks which of several open tickets the message is about, keeping it (and its files,
    as evidence not yet on a ticket) to deliver once the customer says which
    (handlers/idle.py:choosing_ticket). A new complaint is offered too."""
    if turn.inbound.attachments:
        await take_attachments(turn, None)  # kept until the answer says whose they are
    choices = [Choice(f"ticket:{t.number}", ticket_line(turn, t)) for t in tickets[:MAX_CHOICES]]
    choices.append(Choice("new", turn.t("followup.new_choice")))
    turn.go(State.CHOOSING_TICKET, pending=text, several=True, pending_at=pending_since(turn))
    turn.say(turn.t("followup.which_of_several", count=len(tickets)), tuple(choices))


def status_all(turn: Turn, tickets: list[Ticket]) -> str:
    """A progress question with several open tickets and none named: one short reply with a
    line for each (number, object, status, when it is due), newest first."""
    lines = [turn.t("answer.status_all", count=len(tickets))]
    for ticket in tickets:
        # A paused ticket (waiting for the customer's material) has no due time to promise.
        due = ticket.resolution_due if ticket.status != "awaiting_customer" else None
        lines.append(
            turn.t(
                "answer.status_all_line" if due else "answer.status_all_line_undated",
                number=ticket.number,
                object=object_words(turn, ticket),
                status=turn.t(f"status_label.{ticket.status}"),
                due=local_time(turn, due),
            )
        )
    return "\n".join(lines)
