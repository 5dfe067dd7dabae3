"""A customer's question after a refund, about a ticket filed (newcomer trial 22).

"退款了吗", "钱给我退回来了吗", "退到哪了", "钱到账了吗", "has my refund come through" after
filing were relayed as a remark ("已将您的消息转给…") or, while an /ask waited, taken for the
material ("已收到您的补充", the paused clocks running again). Such a message is a progress
question (read by `nlp/intent.py:asks_after_refund`): the customer hears where the ticket
stands and what was proposed or decided, and the question goes to its handler, who alone
knows whether the money went out (as a remedy's delivery question does, docs/process.md
section 4). It changes no status: a ticket waiting for material keeps waiting.
"""

from __future__ import annotations

from handlers import lifecycle as life
from handlers.questions import progress
from handlers.ticket_messages import remember
from handlers.tickets import local_time
from handlers.turn import Turn
from storage.models import Ticket, TicketEvent
from storage.queries import tickets as tickets_q

# The events that say what was asked, proposed or decided; the newest of each is among the
# ticket's last ones (a proposal's answer, a request for material, the result).
_SAYS = ("ask", "proposal", "proposal_accepted", "proposal_refused", "resolve")
_EVENTS_READ = 50


async def answer(turn: Turn, ticket: Ticket) -> None:
    """Answers the refund question in the message with `ticket`'s standing, records it on the
    ticket as the customer's message and relays it to the handler (the rooms, or the
    supervisors, for a ticket nobody holds)."""
    text = turn.inbound.text.strip()
    turn.say(await standing(turn, ticket))
    await turn.record(ticket.id or 0, "customer_message", None, text or None)
    await life.tell_assignee(
        turn,
        ticket,
        life.AGENT_TEXTS("agent.customer_question", number=ticket.number, text=text),
    )
    turn.say(turn.t("followup.refund_question_passed", number=ticket.number))
    remember(turn, ticket)


async def standing(turn: Turn, ticket: Ticket) -> str:
    """Where `ticket` stands for a customer asking after their money: waiting for their
    material (what was asked), a proposal waiting for their answer or accepted (its words),
    resolved (with the result), else its status and next deadline as "进度呢" is answered
    (handlers/questions.py:progress)."""
    said = await _latest_said(turn, ticket)
    status = turn.t(f"status_label.{ticket.status}")
    if ticket.status == "awaiting_customer" and "ask" in said:
        return turn.t(
            "answer.progress_waiting", number=ticket.number, status=status, request=said["ask"]
        )
    if ticket.status == "resolved":
        line = await progress(turn, ticket)
        result = said.get("resolve")
        return f"{line}\n{turn.t('answer.progress_result', result=result)}" if result else line
    proposal = said.get("proposal")
    if proposal is not None and _last_kind(said) == "proposal":  # not answered yet
        return turn.t(
            "answer.progress_proposed", number=ticket.number, status=status, proposal=proposal
        )
    if proposal is not None and _last_kind(said) == "proposal_accepted":
        return turn.t(
            "answer.progress_accepted",
            number=ticket.number,
            status=status,
            proposal=proposal,
            due=local_time(turn, ticket.resolution_due),
        )
    return await progress(turn, ticket)


async def _latest_said(turn: Turn, ticket: Ticket) -> dict[str, str]:
    """The newest text of each of _SAYS among the ticket's last events, by kind, in the order
    they came (so the last key is the newest); one statement."""
    events = await tickets_q.recent_events(turn.session, ticket.id or 0, _EVENTS_READ)
    said: dict[str, str] = {}
    for event in events:
        if event.kind in _SAYS:
            said.pop(event.kind, None)  # re-inserted last: the dict keeps the order of news
            said[event.kind] = _opened(turn, event)
    return said


def _opened(turn: Turn, event: TicketEvent) -> str:
    return turn.services.vault.open(event.text_enc) or ""


def _last_kind(said: dict[str, str]) -> str | None:
    """The kind of the newest of the events read (a proposal answered or not)."""
    return next(reversed(said), None) if said else None
