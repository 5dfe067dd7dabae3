"""Follow-ups: what a customer writes about a ticket already filed reaches that ticket.

docs/process.md section 4: "the customer's reply with the ticket number (or in the open
conversation) is attached to the ticket". A message joins a ticket when it names the ticket's
number, answers a request for material, or comes within the policy's follow-up window of the
bot's last word about that ticket (its acknowledgement, a reply, a question, a result). When
the customer has open tickets and none of that holds, the bot asks which ticket, or whether
this is a new complaint, instead of guessing. The message is recorded on the ticket as the
customer's (`customer_message` event, shown by /show), relayed to the assignee (or the agents'
room), and the customer is told which ticket it joined.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

from handlers import lifecycle as life
from handlers.answer_person import conversation_fields
from handlers.customer import add_evidence, evidence_arrived
from handlers.evidence import take_attachments
from handlers.messages import Choice
from handlers.search import index_correction
from handlers.session import SESSION_GAP
from handlers.states import State
from handlers.tickets import OPEN_STATUSES, find_customer
from handlers.turn import Turn
from handlers.words import find_ticket_number
from nlp.extract import extract_fields
from nlp.extract_refs import find_references
from nlp.extract_remedy import find_remedies
from nlp.extract_text import normalise as fold
from nlp.intent import (
    has_cue,
    is_question,
    material_later,
    material_split,
    new_part,
    promises_material,
    says_lack,
    says_no_material,
    strip_phrases,
)
from storage import outbox
from storage.models import Ticket
from storage.queries import tickets as ticket_rows
from storage.vault import mask_text

MAX_CHOICES = 3  # tickets offered when asking which one; more would not fit a phone screen

DISPLEASED = re.compile(
    r"破|差|烂|垃圾|坑|骗|黑心|恶心|离谱|过分|气死|投诉|terrible|awful|worst|"
    r"scam"
)


def is_displeased(turn: Turn, text: str) -> bool:
    """Anger, abuse or "not solved" in the message: what makes a closed ticket's follow-up a
    matter for the supervisors."""
    insult = turn.reading is not None and turn.reading.cues.insult
    return insult or DISPLEASED.search(text) is not None or has_cue(text, "not_solved", "words")


def presses_or_vents(turn: Turn, text: str) -> bool:
    """Displeasure, pressing or venting ("你们这个处理也太慢了", "怎么还没处理", "到底管不管",
    "什么破服务"): words about the handling, never the material an agent asked for (re-trial
    of newcomer trial 22: "太慢了 我爸还在输液" was taken as the material and the clock ran)."""
    return (
        is_displeased(turn, text)
        or has_cue(text, "pressing", "words")
        or has_cue(text, "venting", "words")
    )


async def remark_while_awaited(turn: Turn, ticket: Ticket, text: str) -> None:
    """A complaint about the handling while material is awaited: the handler hears it, the
    ticket keeps waiting with its clocks paused, and the customer hears both that it was
    passed on and that the material is still awaited."""
    await turn.record(ticket.id or 0, "customer_message", None, text or None)
    await life.tell_assignee(
        turn, ticket, life.AGENT_TEXTS("agent.customer_says", number=ticket.number, text=text)
    )
    turn.say(turn.t("followup.remark_material_awaited", number=ticket.number))


async def open_tickets(turn: Turn) -> list[Ticket]:
    """The customer's tickets that are not closed or rejected, newest first (at most 10);
    [] without a query for a sender the turn's claim found with nothing on file."""
    if not turn.on_file:
        return []
    # Locked: a follow-up may change one of them in this transaction.
    inbound = turn.inbound
    return await ticket_rows.open_of(
        turn.session, inbound.channel, inbound.user_id, OPEN_STATUSES, limit=10, lock=True
    )


def remember(turn: Turn, ticket: Ticket) -> None:
    """Marks the conversation as being about `ticket` from now on (an idle state's data)."""
    turn.data["about"] = ticket.number
    turn.data["about_at"] = turn.now.isoformat()


async def _last_push(turn: Turn) -> outbox.TicketPush | None:
    """The newest message queued to this customer about a ticket (read once a turn)."""
    if not turn.last_push_read:
        inbound = turn.inbound
        turn.last_push = await outbox.last_ticket_push(
            turn.session, inbound.channel, inbound.user_id
        )
        turn.last_push_read = True
    return turn.last_push


async def last_push(turn: Turn) -> outbox.TicketPush | None:
    """The newest message queued to this customer about a ticket, None when there is none
    (read once a turn)."""
    return await _last_push(turn)


async def last_push_asks(turn: Turn, ticket: Ticket) -> bool:
    """Whether the newest message to the customer is about `ticket` and ends asking
    something ("/reply N 请问是几楼？"): a bare "12" after it is the answer."""
    pushed = await _last_push(turn)
    if pushed is None or pushed.ticket_id != ticket.id:
        return False
    payload = turn.services.vault.open_json(pushed.payload_enc, default={})
    if payload.get("choices"):
        return False  # a proposal or a survey: answered through its own choices and state
    text = str(payload.get("text", ""))
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and is_question(lines[-1])


async def question_just_pushed(turn: Turn, ticket: Ticket) -> bool:
    """Whether the newest message to the customer is the question (with its choices: a
    proposal, the survey) about `ticket`, sent within SESSION_GAP (30 min), and they have not
    written since: it is the last thing on their screen, so a reopened chat need not show it
    again (newcomer trial 11: the proposal was shown, then at once again under
    "我们接着上次的继续。"). After a longer silence it is shown whole again."""
    pushed = await _last_push(turn)
    if pushed is None or pushed.ticket_id != ticket.id:
        return False
    if not turn.services.vault.open_json(pushed.payload_enc, default={}).get("choices"):
        return False
    if turn.now - pushed.at >= SESSION_GAP:
        return False
    last_turn = turn.conversation.updated_at  # the customer's last message, or the push's move
    return last_turn is None or pushed.at >= last_turn


async def recent_ticket(turn: Turn, tickets: list[Ticket]) -> Ticket | None:
    """The open ticket the conversation was last about, within the follow-up window."""
    recent = await recent_contact(turn, tickets)
    return recent[0] if recent else None


async def recent_contact(turn: Turn, tickets: list[Ticket]) -> tuple[Ticket, datetime] | None:
    """The ticket of `tickets` the conversation was last about and when (aware), if that was
    within `conversation.followup_window_hours` (72 h) of now: the conversation's `about` mark
    or the newest push to the customer about a ticket (docs/process.md section 4)."""
    window = timedelta(hours=turn.services.policy.followup_window_hours)
    candidates: list[tuple[datetime, Ticket]] = []
    about, about_at = turn.data.get("about"), turn.data.get("about_at")
    if about and about_at:
        for ticket in tickets:
            if ticket.number == about:
                candidates.append((datetime.fromisoformat(about_at), ticket))
    pushed = await _last_push(turn)
    if pushed is not None:
        for ticket in tickets:
            if ticket.id == pushed[0]:
                candidates.append((pushed[1], ticket))
    recent = [(at, t) for at, t in candidates if turn.now - at <= window]
    if not recent:
        return None
    at, ticket = max(recent, key=lambda pair: pair[0])
    return ticket, at


# Final statuses (handlers/lifecycle.py:TRANSITIONS): nothing moves them, but what the
# customer says about them must still reach a person (trial 6 item 3).
ENDED_STATUSES = frozenset({"closed", "rejected"})


async def ended_ticket(turn: Turn, tickets: list[Ticket]) -> tuple[Ticket, bool] | None:
    """The customer's closed or rejected ticket this message is about, and whether the
    message named it: named by its number (or replying to a message naming it), at any
    time; else the ticket the bot last wrote about, within the follow-up window
    (docs/process.md section 4). None otherwise, and for a sender with nothing on file
    (no query then)."""
    if not turn.on_file:
        return None
    number = turn.reading.ticket_number if turn.reading else None
    if number is None and turn.inbound.reply_to:
        number = find_ticket_number(turn.inbound.reply_to)
    if number is not None:
        named = await life.find_ticket(turn, number)
        if named is not None and _own(turn, named):
            return (named, True) if _ended_own(turn, named) else None
        # Another's number or none at all ("CP20261202004是什么 我查不到" after a rejection
        # naming it: newcomer trial 24): answered apart (`foreign_number`); the message is
        # still the ended ticket's by the window, as one naming no number would be.
    pushed = await _last_push(turn)
    window = timedelta(hours=turn.services.policy.followup_window_hours)
    if pushed is None or turn.now - pushed[1] > window:
        return None
    if any(t.id == pushed[0] for t in tickets):
        return None  # an open ticket: the ordinary follow-up rules had their say
    ticket = await turn.session.get(Ticket, pushed[0])
    return (ticket, False) if ticket is not None and _ended_own(turn, ticket) else None


def _own(turn: Turn, ticket: Ticket) -> bool:
    return (ticket.channel, ticket.user_id) == (turn.inbound.channel, turn.inbound.user_id)


def _ended_own(turn: Turn, ticket: Ticket) -> bool:
    return _own(turn, ticket) and ticket.status in ENDED_STATUSES


async def foreign_number(turn: Turn) -> str | None:
    """The ticket number the message names when it is not the customer's (another's, or no
    such ticket): they hear it was not found (`status.not_found`), never silence or a new
    draft (newcomer trial 24). None when it names none or one of theirs."""
    number = turn.reading.ticket_number if turn.reading else None
    if number is None:
        return None
    named = await life.find_ticket(turn, number)
    if named is not None:
        return None if _own(turn, named) else number
    # No such ticket: "not found" only for a number in this business's ticket form. An order
    # number of the same shape ("订单号DD20261125887", re-trial 25) is no ticket number.
    prefix = turn.services.policy.ticket_prefix
    return number if number.startswith(prefix) and number[len(prefix) :][:1].isdigit() else None


async def ended_in_view(turn: Turn, tickets: list[Ticket]) -> Ticket | None:
    """With no open ticket (`tickets` empty), the closed or rejected ticket a question or a
    dispute is about: the one the message names or the bot last wrote about
    (`ended_ticket`), else the customer's newest ticket when it has ended, at any time
    (newcomer trial 24: "我那个地板的事怎么样了" days after the rejection heard "您目前没有
    投诉工单"). None with open tickets, or nothing on file."""
    if tickets or not turn.on_file:
        return None
    found = await ended_ticket(turn, tickets)
    if found is not None:
        return found[0]
    inbound = turn.inbound
    newest = await ticket_rows.open_of(
        turn.session, inbound.channel, inbound.user_id, sorted(ENDED_STATUSES), limit=1
    )
    return newest[0] if newest else None


async def about_ended(turn: Turn, ticket: Ticket, text: str, displeased: bool) -> None:
    """A message about a closed or rejected ticket: recorded on it and told to a person.
    The status stays (both are final); a rejection disputed, or a closure the customer is
    unhappy with, goes to the supervisors (docs/process.md section 4), anything else to
    the handler. The customer is told where it went and how to start a new complaint."""
    await turn.record(ticket.id or 0, "customer_message", None, text or None)
    status = life.AGENT_TEXTS(f"status_label.{ticket.status}")
    escalated = ticket.status == "rejected" or displeased
    if escalated:
        alert = life.AGENT_TEXTS(
            "agent.alert_ended_message", number=ticket.number, status=status, text=mask_text(text)
        )
        await life.escalate(
            turn, ticket, alert, actor_kind="customer", actor_id=turn.actor, reason="disputed"
        )
    else:
        await life.tell_assignee(
            turn, ticket, life.AGENT_TEXTS("agent.customer_says", number=ticket.number, text=text)
        )
    key = "followup.ended_escalated" if escalated else "followup.ended_relayed"
    turn.say(turn.t(key, number=ticket.number, status=turn.t(f"status_label.{ticket.status}")))
    remember(turn, ticket)


async def withdraw(turn: Turn, ticket: Ticket, text: str) -> None:
    """The customer says `ticket` needs no handling any more ("不用处理了 他们已经把钱退给我了",
    "我撤销投诉": nlp/intent.py:withdraws). Recorded on it as a `withdrawal` event with their
    words (sealed, as any message), whatever its status. An open ticket's handler (the rooms,
    or the supervisors, when it is unassigned) hears it marked, with the command that closes
    it: the agent decides, since customers change no status (docs/process.md section 4).
    The customer hears the handler will confirm and close it; for a ticket resolved or ended
    already, that there is nothing to withdraw."""
    await turn.record(ticket.id or 0, "withdrawal", {"status": ticket.status}, text or None)
    status = turn.t(f"status_label.{ticket.status}")
    if ticket.status in ENDED_STATUSES:
        turn.say(turn.t("followup.withdraw_ended", number=ticket.number, status=status))
    elif ticket.status == "resolved":
        turn.say(turn.t("followup.withdraw_resolved", number=ticket.number, status=status))
    else:
        said = life.AGENT_TEXTS("agent.customer_withdraws", number=ticket.number, text=text)
        await life.tell_assignee(turn, ticket, said)
        turn.say(turn.t("followup.withdraw_passed", number=ticket.number))
    remember(turn, ticket)


async def supplement(
    turn: Turn, ticket: Ticket, text: str | None = None, *, instead: str | None = None
) -> None:
    """The customer's answer to a request for material: attached, clock restarted, agent told.

    `text` is what the customer said (without greetings); the whole message when None.
    `instead`: the reference they give in place of the material they say they lack ("the
    counter kept the original, I only have the ref number SZX3U12345"): it is material, and
    the handler hears both that the original is missing and what came instead (newcomer
    trial 21).
    """
    text = (turn.inbound.text if text is None else text).strip()
    taken = await take_attachments(turn, ticket.id) if turn.inbound.attachments else 0
    if taken:  # newcomer trial 11: /show still said "待补充：证据材料" after the photo came
        evidence_arrived(ticket)
    await turn.record(ticket.id or 0, "supplement", {"files": taken}, text or None)
    order_no = extract_fields(text, turn.now).order_no if text else None
    if order_no and not ticket.order_no:  # "订单号是JD88776655" answering "/ask 请补充订单号"
        ticket.order_no = order_no  # an empty field only: what was filed is never overwritten
    await life.move(turn, ticket, "processing", actor_kind="customer", actor_id=turn.actor)
    said = life.AGENT_TEXTS("agent.customer_says", number=ticket.number, text=text)
    if instead:
        said = life.AGENT_TEXTS(
            "agent.customer_supplement_instead", number=ticket.number, reference=instead, text=text
        )
    await life.tell_assignee(
        turn, ticket, life.files_note(ticket.number, taken, text) if taken else said
    )
    if instead:
        turn.say(turn.t("push.supplement_instead", number=ticket.number, reference=instead))
    else:
        turn.say(turn.t("push.supplement_received", number=ticket.number))


def given_reference(text: str, now: datetime) -> str | None:
    """The order number or labelled reference `text` gives ("订单号是JD88776655", "ref number
    SZX3U12345", "受理号 WX20240511"): material said in words. None when it gives none."""
    order_no = extract_fields(text, now).order_no
    if order_no:
        return order_no
    return next((r.code for r in find_references(text) if r.known and r.code), None)


async def material_pending(turn: Turn, ticket: Ticket, text: str) -> None:
    """The customer acknowledges a request for material or promises to look ("好的", "好的 我
    找找", "ok will do"): the material has not come, so the ticket keeps waiting and its
    clocks stay paused (newcomer trial 21: "好的" was recorded as the material, the agent read
    "客户补充：好的" and the clock ran again). It is kept on the trail (`material_pending`,
    seen in /show), but the handler is not pinged: nothing changed for them, and a ping per
    "ok" is what made an acknowledgement read as the answer. The customer hears to send it
    here once found; one who only thanks ("ok thanks", "好的谢谢") hears that the material is
    still awaited and how to send it (newcomer trial 22: thanked, nothing said of the wait)."""
    await turn.record(ticket.id or 0, "material_pending", None, text or None)
    thanked = has_cue(turn.inbound.text, "thanks", "words") and not has_cue(
        turn.inbound.text, "looking", "words"
    )
    key = "followup.material_awaited_thanks" if thanked else "followup.material_pending"
    if material_later(turn.inbound.text):
        # "not yet, will send tomorrow", "还没有 明天发": coming later, whenever it is ready
        # (newcomer trial 24: taken as the material and the paused clock ran again).
        key = "followup.material_later"
    turn.say(turn.t(key, number=ticket.number))


async def file_said_sent(turn: Turn, ticket: Ticket, text: str) -> None:
    """ "截图发你们了" with no file, answering a request for material: nothing new came, so
    the clock stays paused and the handler hears the words. The customer hears what the
    ticket already holds when it holds something ("图片之前已经发过了啊 你们没看吗" with a
    photo sent at intake; newcomer trial 22: told "we received no file"), else how to send
    it (newcomer trial 12). The evidence is read only here, never per message."""
    await turn.record(ticket.id or 0, "customer_message", None, text or None)
    await life.tell_assignee(
        turn, ticket, life.AGENT_TEXTS("agent.customer_says", number=ticket.number, text=text)
    )
    mb = turn.services.policy.intake.max_attachment_mb
    held = Counter(e.kind for e in await ticket_rows.evidence_of(turn.session, ticket.id or 0))
    if not held:
        turn.say(turn.t("followup.file_not_arrived", number=ticket.number, mb=mb))
        return
    items = "、".join(
        turn.t("followup.file_on_ticket_item", kind=turn.t(f"web.evidence_kind_{kind}"), count=n)
        for kind, n in held.items()
    )
    turn.say(turn.t("followup.file_on_ticket", number=ticket.number, items=items, mb=mb))


async def material_partly(turn: Turn, ticket: Ticket, text: str, missing: str, coming: str) -> None:
    """Part of the material asked for is lacking, part is to come ("挂号单找不到了 病历在我爸
    那 明天拍给你"): the ticket keeps waiting, its clocks paused (newcomer trial 22: read as
    "none at all", the clock ran again and the customer heard it did not matter). The
    handler hears it, since what is lacking is news for them; the customer hears what was
    understood, in their own words."""
    await turn.record(ticket.id or 0, "material_pending", None, text or None)
    await life.tell_assignee(
        turn,
        ticket,
        life.AGENT_TEXTS("agent.customer_material_partly", number=ticket.number, text=text),
    )
    turn.say(
        turn.t("followup.material_partly", number=ticket.number, missing=missing, coming=coming)
    )


async def no_material(turn: Turn, ticket: Ticket, text: str) -> None:
    """The customer answers a request for material that they have none ("没有截图 订单我删了",
    "I don't have a screenshot"): no material came, so it is recorded as such (`no_material`
    event, not `supplement`), the handler hears it in those words and the customer is
    thanked for saying so (newcomer trial 20: "we received your material"). The request is
    answered all the same, so the wait ends and the clocks run again: nobody else would move
    the ticket on (docs/process.md section 4)."""
    await turn.record(ticket.id or 0, "no_material", None, text or None)
    await life.move(turn, ticket, "processing", actor_kind="customer", actor_id=turn.actor)
    await life.tell_assignee(
        turn,
        ticket,
        life.AGENT_TEXTS("agent.customer_no_material", number=ticket.number, text=text),
    )
    turn.say(turn.t("followup.no_material", number=ticket.number))


async def reopen(turn: Turn, ticket: Ticket, alert: str) -> None:
    """二次处理: the ticket is worked again on a fresh resolution clock; supervisors and its
    handler get `alert` (docs/process.md section 5: a bad survey answer or "not solved"
    reopens)."""
    await life.move(turn, ticket, "reopened", actor_kind="customer", actor_id=turn.actor)
    ticket.reopen_count += 1
    ticket.resolved_at = None
    ticket.survey_due_at = ticket.survey_sent_at = None
    ticket.survey_outcome = "reopened"
    level = turn.services.policy.severity(ticket.severity)
    ticket.clock_start_at = turn.services.calendar.next_opening(turn.now)
    ticket.resolution_due = turn.services.calendar.deadline(turn.now, level.resolution)
    ticket.reminded = ticket.breached = None
    await life.escalate(
        turn, ticket, alert, actor_kind="customer", actor_id=turn.actor, reason="survey"
    )
    # A reopened ticket is its handler's to work again (newcomer trial 16: 李四's ticket was
    # reopened by a score of 1 and only the supervisor heard of it).
    await life.tell_handler(turn, ticket, alert)


# Questions that chase a filed ticket ("any update??", "进度呢", "要多久", "会不会不管"):
# answered by the bot, yet the handler must see them, they say the customer is waiting.
_CHASING_TOPICS = frozenset({"status", "handling_time", "handled"})


def as_written(turn: Turn, text: str) -> str:
    """The message as the customer wrote it when `text` is the words left of it after a
    progress question was answered ("any update?? its been a day" -> "its been a day");
    `text` otherwise (no such question, or words kept from an earlier message). The agent's
    relay and the trail keep the question (newcomer trial 17: the agent read only "its been
    a day")."""
    reading = turn.reading
    if reading is None or not any(q.topic in _CHASING_TOPICS for q in reading.cues.questions):
        return text
    whole = turn.inbound.text.strip()
    return whole if _is_part_of(text, whole) else text


def _is_part_of(part: str, whole: str) -> bool:
    """Whether `part`'s characters, spaces aside, come in order in `whole`: the words left
    once a question in the middle was taken out ("等了三天了 进度呢 到底啥时候退")."""
    remaining = iter(fold(whole))
    return all(char in remaining for char in fold(part) if not char.isspace())


async def relay(turn: Turn, ticket: Ticket, text: str, *, answers_request: bool = True) -> None:
    """Adds the customer's message (and files) to `ticket`, tells its handler, confirms.
    `answers_request` False: words written before the ticket's request for material (kept
    while the bot asked which ticket they were for) are no answer to it, and the ticket
    goes on waiting (newcomer trial 20)."""
    text = as_written(turn, text)
    waiting = ticket.status == "awaiting_customer" and answers_request
    if waiting and not turn.inbound.attachments and says_file_sent(turn.inbound.text):
        # "截图发你们了" with no file: the material asked for has not come, so the clock stays
        # paused; the handler hears it, the customer how to send it (newcomer trial 12).
        await file_said_sent(turn, ticket, text)
    elif (
        waiting
        and not turn.inbound.attachments
        and says_lack(turn.inbound.text)
        and (reference := given_reference(turn.inbound.text, turn.now))
    ):
        # No original, but a reference in its place: that is material (newcomer trial 21).
        await supplement(turn, ticket, text, instead=reference)
    elif waiting and not turn.inbound.attachments and says_no_material(turn.inbound.text):
        await no_material(turn, ticket, text)
    elif waiting and not turn.inbound.attachments and promises_material(turn.inbound.text):
        await material_pending(turn, ticket, text)
    elif waiting and not turn.inbound.attachments and (split := material_split(text)):
        await material_partly(turn, ticket, text, *split)
    elif (
        waiting
        and not turn.inbound.attachments
        and presses_or_vents(turn, turn.inbound.text)
        and not given_reference(turn.inbound.text, turn.now)
    ):
        # Venting or pressing is no material; a reference given beside it still is.
        await remark_while_awaited(turn, ticket, text)
    elif waiting:
        await supplement(turn, ticket, text)
    elif ticket.status == "resolved" and _not_solved(text):
        # "洗衣机修好后又漏了": the result did not hold; worked again, as a bad survey would.
        await turn.record(ticket.id or 0, "customer_message", None, text or None)
        await reopen(
            turn,
            ticket,
            life.AGENT_TEXTS("agent.alert_not_solved", number=ticket.number, text=text),
        )
        turn.say(turn.t("survey.reopened", number=ticket.number))
    elif turn.inbound.attachments:
        await add_evidence(turn, ticket)  # files, with the words as their note
    else:
        await turn.record(ticket.id or 0, "customer_message", None, text or None)
        await life.tell_assignee(
            turn, ticket, life.AGENT_TEXTS("agent.customer_says", number=ticket.number, text=text)
        )
        resolved = ticket.status == "resolved"
        turn.say(
            turn.t(
                "followup.relayed_resolved" if resolved else "followup.relayed",
                number=ticket.number,
            )
        )
    remember(turn, ticket)


def says_file_sent(text: str) -> bool:
    """Whether `text` says material was sent ("截图发你们了", "照片已经上传了", "I sent the
    screenshot"): a kind of material ([question.evidence_ok] words) or "发了/sent" with a
    sending word ([file_sent] in nlp/data/intent_cues.toml)."""
    return has_cue(text, "file_sent", "words") and (
        has_cue(text, "question", "evidence_ok", "words") or has_cue(text, "file_sent", "alone")
    )


def _not_solved(text: str) -> bool:
    return has_cue(text, "not_solved", "words")


def pending_since(turn: Turn) -> str:
    """When the message kept while the bot asks "which ticket?" was written (ISO): now, or
    the first asking's time when it is asked once more (the words are added to it)."""
    if turn.state == State.CHOOSING_TICKET and turn.data.get("pending_at"):
        return str(turn.data["pending_at"])
    return turn.now.isoformat()


def written_before_request(turn: Turn, ticket: Ticket) -> bool:
    """Whether the message kept for "which ticket?" was written before `ticket`'s request
    for material (an agent's /ask sent while the customer had not yet answered): then it
    cannot answer that request, the customer's next words do (newcomer trial 20: a remark
    about cold rice was taken for the screenshot asked after it)."""
    pending_at = turn.data.get("pending_at")
    if ticket.status != "awaiting_customer" or ticket.paused_since is None or not pending_at:
        return False
    return ticket.paused_since > datetime.fromisoformat(str(pending_at))


async def ask_which(turn: Turn, tickets: list[Ticket], text: str) -> None:
    """Several possible tickets, or none clearly meant: a numbered choice, the text kept."""
    choices = [
        Choice(
            f"ticket:{t.number}",
            turn.t(
                "followup.ticket_choice",
                number=t.number,
                summary=life.summary(t, turn, limit=16, hidden=True),
            ),
        )
        for t in tickets[:MAX_CHOICES]
    ]
    choices.append(Choice("new", turn.t("followup.new_choice")))
    turn.go(State.CHOOSING_TICKET, pending=text, pending_at=pending_since(turn))
    turn.say(turn.t("followup.which_ticket"), tuple(choices))


async def correct_contact(turn: Turn, ticket: Ticket, text: str) -> bool:
    """A correction of the name, phone or e-mail after filing: the ticket and the customer's
    record take the new value, the handler is told. False when it names none of them."""
    found = conversation_fields(turn, new_part(strip_phrases(text, "correction", "phrases")))
    vault = turn.services.vault
    changes = {
        column: value
        for column, value in (("name", found.name), ("phone", found.phone), ("email", found.email))
        if value
    }
    if not changes:
        return False
    customer = await find_customer(turn)
    for column, value in changes.items():
        setattr(ticket, f"{column}_enc", vault.seal(value))
        if customer is not None:
            setattr(customer, f"{column}_enc", vault.seal(value))
    await index_correction(turn.session, vault, ticket, changes)  # found by the new value
    labels = "、".join(turn.t("field.name" if c == "name" else "field.contact") for c in changes)
    said = "、".join(changes.values())
    await turn.record(ticket.id or 0, "contact_changed", {"fields": sorted(changes)}, said)
    await life.tell_assignee(
        turn,
        ticket,
        life.AGENT_TEXTS(
            "agent.contact_changed", number=ticket.number, fields=labels, text=mask_text(said)
        ),
    )  # the room may see it: /show gives it whole to those allowed
    turn.say(turn.t("followup.contact_changed", number=ticket.number, fields=labels, text=said))
    remember(turn, ticket)
    return True


def matching_ticket(text: str, tickets: list[Ticket]) -> Ticket | None:
    """The one open ticket whose object the message names ("米线那个单子…"), if exactly one."""
    hits = []
    for ticket in tickets:
        names = {
            n.strip()
            for field in (ticket.product, ticket.store, ticket.staff)
            for n in (field or "").split("、")
        }
        if any(len(n) >= 2 and n in text for n in names):
            hits.append(ticket)
    return hits[0] if len(hits) == 1 else None


# Remedies that are money either way: "退钱" follows up a ticket asking compensation too.
_MONEY_REMEDIES = frozenset({"refund", "compensation"})


def _remedy_kinds(keys: set[str]) -> set[str]:
    return keys | _MONEY_REMEDIES if keys & _MONEY_REMEDIES else keys


def remedy_fit(text: str, tickets: list[Ticket]) -> Ticket | None:
    """The one open ticket whose remedy the message speaks of ("到底啥时候能退钱啊" with a
    refund ticket and an apology ticket open: the refund's), None when the message names no
    remedy or several tickets fit. Newcomer trial 8: such a message went to the newest
    ticket, an apology, because it was the last one spoken of. Remedy words are
    nlp/extract_remedy.py's; a ticket's are its `remedy_keys` as filed."""
    said = _remedy_kinds({r.key for r in find_remedies(fold(text).lower())})
    if not said:
        return None
    fitting = [
        t
        for t in tickets
        if said & _remedy_kinds({k for k in (t.remedy_keys or t.remedy or "").split(",") if k})
    ]
    return fitting[0] if len(fitting) == 1 else None


def chosen_ticket_number(key: str | None) -> str | None:
    """The ticket number a pressed "which ticket?" button carries (key `ticket:<number>`);
    None for any other key."""
    if key and key.startswith("ticket:"):
        return key.partition(":")[2]
    return None


def names_another_object(turn: Turn, text: str, ticket: Ticket) -> bool:
    """A story about another product or store than `ticket`'s: a new complaint, however
    recent the last word about the ticket ("热水器现在漏水" after a ticket about an air
    conditioner). False for a message that says it follows the ticket up ("上次那个…"), and
    for a thing the ticket's own account speaks of: "对了 米饭后来又送来了 但是是凉的" after
    a complaint about a delivery that was short of its rice is the same matter (newcomer
    trial 20: it was asked "existing ticket or new complaint?" six minutes after filing)."""
    if turn.reading is not None and turn.reading.cues.followup:
        return False
    found = extract_fields(text, turn.now)
    named = [v for v in (found.product, found.store) if v]
    if not named:
        return False
    known = " ".join(v for v in (ticket.product, ticket.store, ticket.place) if v)
    if any(v in known or (known and known in v) for v in named):
        return False
    account = fold(turn.services.vault.open(ticket.account_enc) or "").lower()
    return not any(fold(v).lower() in account for v in named)
