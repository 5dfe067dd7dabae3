"""Another complaint announced after a ticket is filed (newcomer trial 24, docs/process.md
section 4).

"另外我还想投诉一下你们的快递员 态度太差了" written at a proposal was relayed to the ticket as
a note, and where a new draft did start, its account kept the announcement's leftovers
("一下你们的快递员…", "一个：安装师傅…") and the customer was not told the ticket on file
stays as it was. A message that names a complaint act for one more matter starts a new
draft, its story in the account, and the customer hears that a new complaint is filled in
and the ticket's number is unchanged:
- a [new_complaint] cue ("我还要投诉…", "再投诉一个：…", "I also want to complain…");
- or one more thing opened plainly with a complaint verb and an object named that is not
  the ticket's (nlp/intent.py:another_complaint_words; "顺便投诉一下你们的快递员…", "还有就是
  我要投诉你们的安装师傅…", "I'd also like to complain about the courier…").
More of the same matter with no complaint act ("另外那个客服还骂我了", "另外送货的人还把我家
门框撞坏了") and a complaint verb naming the ticket's own object stay with the ticket.
"""

from __future__ import annotations

import re

from handlers import intake
from handlers.states import State
from handlers.ticket_messages import ended_ticket, open_tickets, recent_ticket
from handlers.turn import Turn
from nlp.extract import extract_fields
from nlp.extract_text import normalise as fold
from nlp.intent import another_complaint_words, new_complaint_story
from storage.models import Ticket

__all__ = ["another_complaint_story", "start_after_filing", "ticket_in_view"]

# "我还要投诉到消协", "I'll complain to the regulator": the same matter taken further, no
# other complaint; read as before this rule (an idle message with the cue still starts one).
_ESCALATES = re.compile(
    r"投诉到|投诉去|去\S{0,8}投诉|向\S{0,8}投诉|12315|12345|消协|消费者协会|市场监管|工商|媒体|曝光|"
    r"complain to\b|report (?:you|this) to\b|regulator",
    re.IGNORECASE,
)


async def ticket_in_view(turn: Turn) -> Ticket | None:
    """The ticket a message after filing would be about: a closed or rejected one the bot
    last wrote about, else the open one the conversation was last about, else the newest
    open one; None with nothing on file."""
    tickets = await open_tickets(turn)
    ended = await ended_ticket(turn, tickets)
    if ended:
        return ended[0]
    return await recent_ticket(turn, tickets) or (tickets[0] if tickets else None)


def _names_other_party(turn: Turn, words: str, ticket: Ticket | None) -> bool:
    """Whether `words` (what a complaint verb is about) name a product, person or store that
    is not `ticket`'s object nor spoken of in its account."""
    found = extract_fields(words, turn.now)
    named = [v for v in (found.product, found.staff, found.store) if v]
    if not named:
        return False
    if ticket is None:
        return True
    known = [v for v in (ticket.product, ticket.staff, ticket.store, ticket.place) if v]
    if any(v in k or k in v for v in named for value in known for k in value.split("、")):
        return False
    account = fold(turn.services.vault.open(ticket.account_enc) or "").lower()
    return not all(fold(v).lower() in account for v in named)


def another_complaint_story(turn: Turn, ticket: Ticket | None, strict: bool = False) -> str | None:
    """The story of another complaint the message announces after filing ("" when only
    announced: "还有一件事要投诉"), or None when it announces none. `strict` (while a
    proposal waits for its answer): a cue counts only when nothing follows it or what
    follows names another party ("就给500？我还要投诉你们" is about the ticket)."""
    reading = turn.reading
    if reading is None or turn.inbound.attachments or turn.inbound.choice:
        return None
    text = turn.inbound.text.strip()
    if _ESCALATES.search(fold(text).lower()):
        return None
    if reading.cues.new_complaint:
        story = new_complaint_story(reading.rest or text)
        if strict and story and not _names_other_party(turn, story, ticket):
            return None
        return story
    words = another_complaint_words(reading.rest or text)
    if words is None or not _names_other_party(turn, words, ticket):
        return None
    return words


async def start_after_filing(turn: Turn, story: str, ticket: Ticket | None) -> None:
    """Starts the new complaint with `story` as its account (when it says something), the
    customer told that `ticket` stays as it is."""
    turn.go(State.IDLE)
    if ticket is not None:
        turn.say(turn.t("followup.new_complaint_started", number=ticket.number))
    await intake.start(turn, with_account=intake.is_substantive(story), text=story)
