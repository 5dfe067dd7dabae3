"""The customer's side of a ticket being worked: material supplied, a remedy answered, the survey.

Buttons carry the ticket in their key (`accept:N`, `score:N:5`), so they work in any state;
typed answers ("1", "接受", "5") work while the conversation holds the pushed question.
"""

from __future__ import annotations

from sqlalchemy import select

from handlers import lifecycle as life
from handlers.evidence import take_attachments
from handlers.intake import resolve_choice
from handlers.turn import Turn
from handlers.words import NONE_WORDS, normalise
from storage.models import Ticket

_SCORE_WORDS = {"非常满意": 5, "很满意": 5, "满意": 4, "一般": 3, "还行": 3, "不太满意": 2,
                "不满意": 1, "很不满意": 1, "非常不满意": 1, "差": 1}
NOT_SOLVED = ("没解决", "没有解决", "未解决", "不解决", "notsolved", "没处理", "没有处理")
_ACCEPT = {"接受", "同意", "可以", "好的", "好", "行", "ok", "yes", "accept"}
_REFUSE = {"不接受", "不同意", "拒绝", "不行", "不可以", "no", "refuse"}


async def _ticket_of(turn: Turn, number: str | None) -> Ticket | None:
    if not number:
        return None
    ticket = await life.find_ticket(turn, number)
    if ticket is None or (ticket.channel, ticket.user_id) != (turn.inbound.channel,
                                                             turn.inbound.user_id):
        return None  # a customer only ever touches their own tickets
    return ticket


async def button(turn: Turn) -> bool:
    """Handles a pressed button that names a ticket; True when it did."""
    key = turn.inbound.choice or ""
    name, _, rest = key.partition(":")
    if name in ("accept", "refuse"):
        ticket = await _ticket_of(turn, rest)
        if ticket is not None:
            await answer_proposal(turn, ticket, name == "accept")
            return True
    if name == "score":
        number, _, score = rest.partition(":")
        ticket = await _ticket_of(turn, number)
        if ticket is not None and score.isdigit():
            await answer_survey(turn, ticket, int(score), solved=True)
            return True
    return False


async def awaiting_ticket(turn: Turn) -> Ticket | None:
    """The customer's newest ticket that waits for their material, if any."""
    statement = (
        select(Ticket)
        .where(Ticket.channel == turn.inbound.channel, Ticket.user_id == turn.inbound.user_id,
               Ticket.status == "awaiting_customer")
        .order_by(Ticket.id.desc()).limit(1)  # type: ignore[union-attr]
        .with_for_update()
    )
    return (await turn.session.execute(statement)).scalar_one_or_none()


async def supplement(turn: Turn, ticket: Ticket) -> None:
    """The customer's answer to a request for material: attached, clock restarted, agent told."""
    text = turn.inbound.text.strip()
    taken = await take_attachments(turn, ticket.id) if turn.inbound.attachments else 0
    await turn.record(ticket.id or 0, "supplement", {"files": taken}, text or None)
    await life.move(turn, ticket, "processing", actor_kind="customer", actor_id=turn.actor)
    summary = text or turn.t("evidence.received", count=taken)
    await life.tell_assignee(turn, ticket, life.AGENT_TEXTS("agent.customer_says",
                                                          number=ticket.number, text=summary))
    turn.say(turn.t("push.supplement_received", number=ticket.number))


async def proposal(turn: Turn) -> None:
    """State `proposal`: the customer answers a remedy pushed to them."""
    ticket = await _ticket_of(turn, turn.data.get("ticket"))
    said = normalise(turn.inbound.text)
    choice = resolve_choice(turn)
    accepted = choice.startswith("accept") if choice else said in _ACCEPT
    refused = choice.startswith("refuse") if choice else said in _REFUSE
    if ticket is None or not (accepted or refused):
        turn.go("idle")
        from handlers.idle import idle  # a message about something else: treat it as new

        await idle(turn)
        return
    await answer_proposal(turn, ticket, accepted)


async def answer_proposal(turn: Turn, ticket: Ticket, accepted: bool) -> None:
    turn.go("idle")
    kind = "proposal_accepted" if accepted else "proposal_refused"
    await turn.record(ticket.id or 0, kind)
    if accepted:
        await life.tell_assignee(turn, ticket, life.AGENT_TEXTS("agent.customer_accepted",
                                                              number=ticket.number))
        turn.say(turn.t("push.accepted", number=ticket.number))
        return
    # DOMAIN.md section 4: a customer rejecting the proposed remedy goes to a supervisor.
    await life.escalate(turn, ticket, life.AGENT_TEXTS("agent.alert_refused", number=ticket.number),
                        actor_kind="customer", actor_id=turn.actor, reason="remedy refused")
    turn.say(turn.t("push.refused", number=ticket.number))


def read_score(turn: Turn) -> tuple[int | None, bool]:
    """(score, solved) from a button, a number or words; "没解决" means not solved."""
    said = normalise(turn.inbound.text)
    solved = not any(word in said for word in NOT_SOLVED)
    if said.isdigit() and 1 <= int(said) <= 5:
        return int(said), solved
    choice = resolve_choice(turn)
    if choice and choice.count(":") == 2:
        return int(choice.rsplit(":", 1)[1]), solved
    for word in sorted(_SCORE_WORDS, key=len, reverse=True):
        if word in said:
            return _SCORE_WORDS[word], solved
    return (1, False) if not solved else (None, True)


async def survey_score(turn: Turn) -> None:
    ticket = await _ticket_of(turn, turn.data.get("ticket"))
    if ticket is None or ticket.status != "resolved":
        turn.go("idle")
        from handlers.idle import idle

        await idle(turn)
        return
    score, solved = read_score(turn)
    if score is None:
        turn.say(turn.t("survey.invalid"), tuple(life.survey_choices(ticket)))
        return
    await answer_survey(turn, ticket, score, solved)


async def answer_survey(turn: Turn, ticket: Ticket, score: int, solved: bool) -> None:
    if ticket.status != "resolved":
        # Already answered (a button pressed twice): say where the ticket stands, change nothing.
        turn.go("idle")
        key = "survey.closed" if ticket.status == "closed" else "survey.reopened"
        turn.say(turn.t(key, number=ticket.number))
        return
    policy = turn.services.policy
    ticket.survey_score = score
    await turn.record(ticket.id or 0, "survey_answer", {"score": score, "solved": solved})
    if score <= policy.survey.reopen_at_or_below or not solved:
        await reopen(turn, ticket, score)
        turn.go("idle")
        turn.say(turn.t("survey.reopened", number=ticket.number))
        return
    ticket.survey_outcome = "answered"
    await life.move(turn, ticket, "closed", actor_kind="customer", actor_id=turn.actor)
    turn.go("survey_comment", ticket=ticket.number)
    turn.say(turn.t("survey.closed", number=ticket.number) + "\n" + turn.t("survey.comment"))


async def reopen(turn: Turn, ticket: Ticket, score: int) -> None:
    """二次处理: the ticket is worked again on a fresh resolution clock; supervisors are told."""
    await life.move(turn, ticket, "reopened", actor_kind="customer", actor_id=turn.actor)
    ticket.reopen_count += 1
    ticket.resolved_at = None
    ticket.survey_due_at = ticket.survey_sent_at = None
    ticket.survey_outcome = "reopened"
    level = turn.services.policy.severity(ticket.severity)
    ticket.clock_start_at = turn.services.calendar.next_opening(turn.now)
    ticket.resolution_due = turn.services.calendar.deadline(turn.now, level.resolution)
    ticket.reminded = ticket.breached = None
    await life.escalate(turn, ticket, life.AGENT_TEXTS("agent.alert_reopened",
                                                     number=ticket.number, score=score),
                        actor_kind="customer", actor_id=turn.actor, reason="survey")


async def survey_comment(turn: Turn) -> None:
    ticket = await _ticket_of(turn, turn.data.get("ticket"))
    text = turn.inbound.text.strip()
    turn.go("idle")
    if ticket is None or not text or normalise(text) in NONE_WORDS:
        if turn.inbound.attachments or (text and normalise(text) not in NONE_WORDS):
            from handlers.idle import idle

            await idle(turn)
        return
    ticket.survey_comment_enc = turn.services.vault.seal(text)
    await turn.record(ticket.id or 0, "survey_comment", None, text)
    turn.say(turn.t("survey.comment_thanks"))


STATES = {
    "proposal": proposal,
    "survey_score": survey_score,
    "survey_comment": survey_comment,
}
