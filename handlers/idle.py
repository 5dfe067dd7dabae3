"""A message when no dialogue is under way: a follow-up on a ticket, material, or a new complaint.

docs/process.md section 4: what the customer says about a ticket already filed joins that ticket
(handlers/ticket_messages.py). Only a message that is about no open ticket, or that says it
is a new complaint ("我还要投诉…"), starts a new draft; when it is unclear which, the bot asks.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from handlers import customer, intake
from handlers import lifecycle as life
from handlers.another_complaint import another_complaint_story, start_after_filing, ticket_in_view
from handlers.answer_words import resolve_choice
from handlers.answers import CONFIRM_WORDS, said
from handlers.draft import Draft
from handlers.evidence import attach_pending_to, pending_count
from handlers.followup import answer_survey, leading_score
from handlers.reader import Intent
from handlers.rejected_ticket import about_rejection, say_foreign_number
from handlers.states import State, StateHandler
from handlers.survey_correction import correction_after_survey
from handlers.ticket_choice import (
    ask_which_of,
    followed_up_of_several,
    singled_out,
    status_all,
    tail_named,
)
from handlers.ticket_messages import (
    DISPLEASED,
    about_ended,
    ask_which,
    chosen_ticket_number,
    correct_contact,
    ended_ticket,
    foreign_number,
    is_displeased,
    last_push,
    last_push_asks,
    matching_ticket,
    material_pending,
    names_another_object,
    open_tickets,
    recent_contact,
    relay,
    remedy_fit,
    remember,
    withdraw,
    written_before_request,
)
from handlers.tickets import local_time
from handlers.turn import Turn
from handlers.words import (
    CANCEL_WORDS,
    CLOSING_WORDS,
    find_ticket_number,
    normalise,
    strip_intent,
)
from nlp.extract import extract_fields
from nlp.intent import (
    acknowledges_only,
    another_complaint_words,
    has_cue,
    is_question,
    new_complaint_story,
    withdraws,
)
from nlp.summary_cues import other_problem, problem_kinds
from storage.models import Ticket


async def _another_complaint(turn: Turn, text: str) -> bool:
    """A complaint act for one more matter after a ticket is filed starts a new draft
    (handlers/another_complaint.py); the tickets are loaded only when the words say so."""
    reading = turn.reading
    if reading is None or not turn.on_file or turn.inbound.attachments:
        return False
    if not reading.cues.new_complaint and another_complaint_words(reading.rest or text) is None:
        return False
    ticket = await ticket_in_view(turn)
    story = another_complaint_story(turn, ticket)
    if story is None:
        return False
    await start_after_filing(turn, story, ticket)
    return True


async def idle(turn: Turn) -> None:
    """State `idle`: a follow-up on an open ticket, evidence for it, or a new complaint."""
    text = said(turn)
    reading = turn.reading
    if reading is not None and reading.intent is Intent.SOCIAL and not turn.inbound.attachments:
        turn.say(turn.t("common.welcome"))  # a greeting handed on by another state
        return
    if await about_rejection(turn, text):
        return  # "为什么驳回我的投诉" about a rejected ticket, at any time (newcomer trial 24)
    if await _another_complaint(turn, text):
        return  # "另外我还想投诉一下你们的快递员…": a new draft, the ticket told unchanged
    if reading is not None and reading.intent is Intent.NEW_COMPLAINT:
        story = new_complaint_story(text)
        await intake.start(turn, with_account=intake.is_substantive(story), text=story)
        return
    if await correction_after_survey(turn, within_window=True):
        return  # "改成2分" just after "4 还行" closed the survey (newcomer trial 20)
    tickets = await open_tickets(turn)
    if _cancels_nothing(turn, text):
        _nothing_to_cancel(turn, tickets)
        return
    if await _acknowledges_filing(turn, text, tickets):
        return
    if _BARE_NUMBER.match(normalise(text)) and not turn.inbound.attachments:
        await bare_number(turn, tickets, text)
        return
    if await _scored_with_words(turn, tickets, text):
        return
    target = await followed_up(turn, text, tickets)
    if await _closing_only(turn, text, target):
        if turn.replies:
            return  # "好的 那要多久？": the question was answered, the "好的" needs nothing
        if has_cue(turn.inbound.text, "thanks", "words"):
            # "ok thx", "cool, thanks": answered as "谢谢" is (handlers/router.py:_social),
            # never relayed to the handler (newcomer trial 21).
            turn.say(turn.t("answer.thanks"))
            if target is not None:
                remember(turn, target)
            return
        if target is None and len(tickets) > 1:
            turn.say(status_all(turn, tickets))  # where each stands
        elif target is not None or tickets:
            _where_it_stands(turn, target or tickets[0])
        else:
            turn.say(turn.t("followup.nothing_pending"))  # how to complain, should they want to
        return
    if target is not None:
        await deliver(turn, target, _without_number(text, target))
        return
    if await _about_ended_ticket(turn, text, tickets):
        return
    if turn.inbound.attachments and len(tickets) > 1:  # nothing said whose they are
        await ask_which_of(turn, tickets, text)
        return
    if turn.inbound.attachments and tickets:
        ticket = await customer.latest_open_ticket(turn, find_ticket_number(text))
        if ticket is not None:
            await customer.add_evidence(turn, ticket)
            return
    story = strip_intent(text)
    if await _names_foreign_number(turn, tickets, story):
        return
    if not tickets and _asks_after_nothing(turn, text):  # "怎么还没人联系我" with no ticket
        turn.say(turn.t("answer.no_ticket_yet"))
        return
    if not tickets and _unanswerable_question(turn, text):
        turn.say(turn.t("answer.unknown_question"))
        return
    if len(tickets) > 1 and intake.is_substantive(story):
        await ask_which_of(turn, tickets, text)  # more facts for one of them: which?
        return
    if tickets and intake.is_substantive(story):
        await ask_which(turn, tickets, text)
        return
    if tickets and story and not turn.inbound.attachments:  # "收到了": where their tickets stand
        await customer.show_status(turn, None)
        return
    await intake.start(turn, with_account=intake.is_substantive(story), text=text)


# What a customer sends to acknowledge a reply: "好", "ok", "收到", "1" (the summary's
# submit, typed again). Normalised (handlers/words.py:normalise).
ACKNOWLEDGEMENTS = CONFIRM_WORDS | frozenset(
    normalise(word)
    for word in (
        *("1", "好的", "好了", "嗯", "嗯嗯", "哦", "哦哦", "噢", "收到", "收到了", "知道了"),
        *("明白", "明白了", "了解", "了解了", "好的收到", "收到谢谢", "确认提交", "已确认"),
        *("ok", "okay", "k", "kk", "got it", "alright", "all right", "noted", "cool", "fine"),
    )
)


async def _acknowledges_filing(turn: Turn, text: str, tickets: list[Ticket]) -> bool:
    """An acknowledgement alone ("1", "好", "ok", "收到") right after a filing: the ticket
    number and what happens next, never a question what it means, a relay to the staff or a
    new draft (newcomer trial 20). "Right after": the conversation still holds the filing's
    mark (`filed`, set by handlers/intake.py:confirming), within JUST_SPOKEN, and no message
    about a ticket came to the customer since (then "好" answers that message, as before)."""
    filed = turn.data.get("filed")
    if not filed or turn.inbound.attachments or normalise(text) not in ACKNOWLEDGEMENTS:
        return False
    ticket = next((t for t in tickets if t.number == filed), None)
    filed_at = turn.data.get("about_at")
    if ticket is None or ticket.status not in life.OPEN or not filed_at:
        return False  # resolved meanwhile (a push in the same minute): not "just filed"
    if ticket.first_responded_at is not None:
        # An agent answered already: promising a first response by a time is wrong (newcomer
        # trial 21: "We will first get back to you by 12-03 09:00" after the reply).
        return False
    at = datetime.fromisoformat(str(filed_at))
    pushed = await last_push(turn)
    if turn.now - at > JUST_SPOKEN or (pushed is not None and pushed.at > at):
        return False
    turn.say(
        turn.t(
            "followup.filed_ack",
            number=ticket.number,
            first_due=local_time(turn, ticket.first_response_due),
        )
    )
    return True


_BARE_CANCEL = frozenset(normalise(word) for word in CANCEL_WORDS)


def _cancels_nothing(turn: Turn, text: str) -> bool:
    """A bare cancel word ("取消", "cancel", "算了", "撤销") with no draft open: there is
    nothing being filled in to cancel (re-trial of newcomer trial 22: after a message on a
    rejected ticket, "取消" opened a new complaint). A withdrawal in words ("取消投诉",
    "不用处理了") is not this: it reaches the ticket (handlers/withdrawal.py)."""
    return not turn.inbound.attachments and normalise(text) in _BARE_CANCEL and not withdraws(text)


def _nothing_to_cancel(turn: Turn, tickets: list[Ticket]) -> None:
    """Says nothing is being filled in; with open tickets, how to withdraw one."""
    if not tickets:
        turn.say(turn.t("common.nothing_to_cancel"))
        return
    numbers = "、".join(t.number for t in tickets[:3])
    turn.say(turn.t("common.nothing_to_cancel_open", numbers=numbers))


async def _closing_only(turn: Turn, text: str, target: Ticket | None) -> bool:
    """Closing words ("没有了", "skip", "不用了", "thanks bye": words.CLOSING_WORDS) that answer
    no question: no new complaint and nothing for a handler (newcomer trial 17: "没有了" after
    the survey started a draft). Said to an agent's question about `target` ("/reply N 还有
    别的问题吗？"), or replying to a message, they are that answer."""
    if turn.inbound.attachments:
        return False
    # Acknowledgements and thanks alone ("ok thx", "cool, thanks", "嗯嗯 👍") close as "好的"
    # does: `text` is the words left once thanks were read off, so the whole message is read.
    if normalise(text) not in CLOSING_WORDS and not acknowledges_only(turn.inbound.text):
        return False
    return target is None or not await _answers_agent(turn, target)


async def thanks_while_material_awaited(turn: Turn) -> bool:
    """Thanks alone ("好的谢谢", "谢谢", "thanks") while the ticket the message follows up waits
    for the material its handler asked for (/ask): the wait goes on, so the customer hears
    that it is still awaited and how to send it, not only "不客气" (newcomer trial 22). Kept
    on the trail as an acknowledgement (handlers/ticket_messages.py:material_pending); the
    handler is not pinged. False, and nothing read, outside an idle conversation or for a
    customer with nothing on file."""
    if turn.state != State.IDLE or not turn.on_file or turn.inbound.attachments:
        return False
    tickets = await open_tickets(turn)
    if not any(t.status == "awaiting_customer" for t in tickets):
        return False
    text = said(turn)
    target = await followed_up(turn, text, tickets)
    if target is None or target.status != "awaiting_customer":
        return False
    await material_pending(turn, target, turn.inbound.text.strip())
    remember(turn, target)
    return True


def _where_it_stands(turn: Turn, ticket: Ticket) -> None:
    """ "好的", "就这些" with a ticket open: acknowledged with that ticket's number, status and
    next step, not "如需投诉，直接把遇到的问题告诉我" as if nothing were filed (newcomer trial
    20)."""
    status = turn.t(f"status_label.{ticket.status}")
    if ticket.status == "resolved":
        key = "followup.noted_resolved"
    elif ticket.status == "awaiting_customer":
        key = "followup.noted_waiting"  # its clocks are paused: no due time to promise
    else:
        key = "followup.noted_open"
    turn.say(
        turn.t(
            key, number=ticket.number, status=status, due=local_time(turn, ticket.resolution_due)
        )
    )
    remember(turn, ticket)


async def _about_ended_ticket(turn: Turn, text: str, tickets: list[Ticket]) -> bool:
    """A reply to a ticket just closed or rejected, or one naming such a ticket, goes to it
    and to a person, not into a blank new complaint (trial 6 item 3). Unless named, a story
    about another product or store, or words too short to say anything, are left alone."""
    found = await ended_ticket(turn, tickets)
    if found is None:
        return False
    ticket, named = found
    if not named and (
        not intake.is_substantive(strip_intent(text)) or _tells_another_matter(turn, text, ticket)
    ):
        return False
    await about_ended(turn, ticket, _without_number(text, ticket), is_displeased(turn, text))
    await say_foreign_number(turn)  # "CP20261202004是什么 我查不到" (newcomer trial 24)
    return True


async def _names_foreign_number(turn: Turn, tickets: list[Ticket], story: str) -> bool:
    """A message naming a ticket number that is not the customer's (another's, or none), with
    no ticket of theirs it joins: "not found" with their own tickets (or that they have
    none), never a greeting or a question back (newcomer trial 24). A story told with it
    goes on to a new complaint after that line."""
    number = await foreign_number(turn) if not turn.inbound.attachments else None
    if number is None:
        return False
    await customer.show_status(turn, number)
    rest = story.replace(number, " ").strip()
    if intake.is_substantive(rest) and not is_question(rest):
        await intake.start(turn, with_account=True, text=turn.inbound.text.strip())
    return True


def _tells_another_matter(turn: Turn, text: str, ticket: Ticket) -> bool:
    """Whether a message just after `ticket` was closed or rejected tells a matter of its own:
    another object named, with when or where it happened or "另外/又" ("昨天在你们国贸店买的
    吹风机用一次就冒烟了"). An object named in passing while disputing the decision ("那我还能
    怎么办 房间号是8012 你们自己去查"; newcomer trial 22: it opened a new complaint) is the
    ticket's; "不是新投诉" always is."""
    if turn.reading is not None and turn.reading.cues.not_new:
        return False
    if not names_another_object(turn, text, ticket):
        return False
    found = extract_fields(text, turn.now)
    told = found.occurred_at is not None or found.occurred_text or found.store or found.place
    return bool(told) or has_cue(text, "another_matter", "words")


JUST_SPOKEN = timedelta(hours=24)
_SCORE = re.compile(r"^[1-5]$")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")  # "4", "10": no ticket number, no phone, no story


def surveyed(tickets: list[Ticket]) -> list[Ticket]:
    """The resolved tickets of `tickets` whose survey question was sent and is unanswered
    (`survey_sent_at` set by handlers/survey.py:send_survey): only these take a bare score."""
    return [t for t in tickets if t.status == "resolved" and t.survey_sent_at is not None]


async def bare_number(turn: Turn, tickets: list[Ticket], text: str) -> None:
    """A message that is only a small number ("4"), read in an idle conversation.

    docs/process.md section 5: a number is a satisfaction score only once the survey question
    of that very ticket was sent: the ticket the conversation is about when it was asked, or
    the one ticket asked. Before that (the survey follows the result by
    `survey.delay_minutes`) the number scores nothing and closes nothing. On a ticket being
    worked that the message follows up (an answer to an agent's question) it joins the
    ticket as any words would; otherwise the customer is asked what they mean. (A pending
    proposal's "1"/"2" never gets here: the proposal holds the conversation,
    handlers/followup.py:proposal.)
    """
    value = int(normalise(text))
    named = tail_named(text, tickets) if len(normalise(text)) >= 3 else None
    if named is not None:  # "003": a ticket's last digits alone ask for it, as its number does
        await customer.show_status(turn, named.number)
        return
    target = await followed_up(turn, text, tickets)
    if 1 <= value <= 5 and (scored := _scored_ticket(tickets, target)) is not None:
        await answer_survey(turn, scored, value, solved=True)
        return
    if target is not None and target.status != "resolved" and await _answers_agent(turn, target):
        await deliver(turn, target, text)  # the answer to an agent's "几台？": "2"
        return
    # No ticket at all (a complaint just cancelled, say): no survey to speak of.
    key = "followup.bare_number" if tickets else "followup.bare_number_no_ticket"
    turn.say(turn.t(key, text=normalise(text)))


async def _answers_agent(turn: Turn, ticket: Ticket) -> bool:
    """Whether a bare number answers something asked about `ticket`: its request for
    material (/ask), a reply to the bot's message about it, or the newest message to the
    customer being about it and ending in a question ("/reply N 请问是几楼？"). A "4" that
    answers nothing is asked about (docs/process.md section 5; trial 6)."""
    if ticket.status == "awaiting_customer" or turn.inbound.reply_to:
        return True
    return await last_push_asks(turn, ticket)


def _scored_ticket(tickets: list[Ticket], target: Ticket | None) -> Ticket | None:
    """The ticket a score is for (docs/process.md section 5): among those whose survey was
    sent and waits, the one the message follows up, else the only one; None when no survey
    waits or two do and the message names neither."""
    asked = surveyed(tickets)
    return target if target in asked else (asked[0] if len(asked) == 1 else None)


async def _scored_with_words(turn: Turn, tickets: list[Ticket], text: str) -> bool:
    """ "1 太差了" while a survey waits for its answer: the score and the words (its comment)
    go to the ticket a bare score would (`_scored_ticket`), even when the conversation has
    moved on to a complaint filed since."""
    scored = leading_score(text) if surveyed(tickets) and not turn.inbound.attachments else None
    if scored is None:
        return False
    ticket = _scored_ticket(tickets, await followed_up(turn, text, tickets))
    if ticket is None:
        return False
    score, solved, remark = scored
    await answer_survey(turn, ticket, score, solved, remark)
    return True


async def deliver(turn: Turn, ticket: Ticket, text: str, *, answers_request: bool = True) -> None:
    """A message about `ticket`: a contact correction, a survey score (only once the survey
    of this ticket was sent, see bare_number), a withdrawal (handlers/withdrawal.py), or words
    to relay (`answers_request`: see ticket_messages.relay)."""
    reading = turn.reading
    if (
        reading is not None
        and reading.intent is Intent.CORRECTION
        and (await correct_contact(turn, ticket, text))
    ):
        return  # "不对，手机号是…" after filing: the ticket's contact is put right
    if ticket in surveyed([ticket]) and _SCORE.match(normalise(text)):
        await answer_survey(turn, ticket, int(normalise(text)), solved=True)  # once it was asked
        return
    if not turn.inbound.attachments and withdraws(text):
        # "不用处理了 已经解决了", kept while the customer said which ticket it was for
        await withdraw(turn, ticket, text)
        return
    await relay(turn, ticket, text, answers_request=answers_request)


async def followed_up(turn: Turn, text: str, tickets: list[Ticket]) -> Ticket | None:
    """The open ticket this message is about: named, asked for material, or recent. With
    several open, recency singles out none (handlers/ticket_choice.py)."""
    if not tickets:
        return None
    if len(tickets) > 1:
        return await followed_up_of_several(turn, text, tickets)
    number = turn.reading.ticket_number if turn.reading else find_ticket_number(text)
    if number is None and turn.inbound.reply_to:  # a reply to a bot message naming a ticket
        number = find_ticket_number(turn.inbound.reply_to)
    named = next((t for t in tickets if t.number == number), None) if number else None
    if named is not None:
        return named
    waiting = next((t for t in tickets if t.status == "awaiting_customer"), None)
    if waiting is not None:  # docs/process.md section 4: the answer to a request for material
        return waiting
    named_object = matching_ticket(text, tickets) or remedy_fit(text, tickets)
    if named_object is not None:  # "米线那个单子，骑手还骂人了", "啥时候能退钱" (a refund's)
        return named_object
    recent = await recent_contact(turn, tickets)
    if recent is not None:
        ticket, at = recent
        # Within a day of the bot's last word the conversation is about that ticket, even
        # when the answer names a product ("iPhone 15 pro的" to "哪个型号？"); later, a story
        # about another object is a new complaint. Another object told as one more matter
        # ("另外…又…面包也发霉了") is no answer to that word: asked about below.
        another = names_another_object(turn, text, ticket) or _another_trouble(turn, text, ticket)
        if not another:
            return ticket
        # A problem told about another product or service ("我家宽带老断网" after a
        # phone-bill ticket) may be a new complaint: asked below, not silently attached
        # (newcomer trial 18), unless it answers what was asked about the ticket.
        just_spoken = turn.now - at <= JUST_SPOKEN and not _one_more(text)
        if just_spoken and (
            turn.data.get("decided") == ticket.number  # just refused or accepted its proposal
            or not _tells_problem(turn, text)
            or await _answers_agent(turn, ticket)
        ):
            return ticket
    if turn.reading is not None and turn.reading.cues.followup and len(tickets) == 1:
        return tickets[0]
    return None


def _another_trouble(turn: Turn, text: str, ticket: Ticket) -> bool:
    """One more matter of another kind of trouble than the ticket's, told right after filing
    ("还有 结账的时候多收了我20块" after a mouldy cake's ticket; nlp/summary_cues.py): asked
    about (this ticket or a new complaint), as at the summary, not relayed unasked (newcomer
    trial 22). The account is opened only for a message that says one more and tells a kind."""
    if not _one_more(text) or not problem_kinds(text):
        return False
    return other_problem(turn.services.vault.open(ticket.account_enc) or "", text)


def _tells_problem(turn: Turn, text: str) -> bool:
    """Whether `text` tells something that went wrong, not only names a thing ("iPhone 15
    pro的" answering "哪个型号？") or gives the customer's own details ("我手机号换了 改成
    139…": its 手机 is no product)."""
    if not intake.is_substantive(strip_intent(text)):
        return False
    found = extract_fields(text, turn.now)
    return not (found.phone or found.email or found.name)


def _one_more(text: str) -> bool:
    """Whether the message says it tells one more matter ("另外", "又", "also")."""
    return has_cue(text, "another_matter", "words")


def _unanswerable_question(turn: Turn, text: str) -> bool:
    """A short question the reader has no answer for, and no complaint in it: no draft."""
    if not is_question(text) or len(text) > 30 or (turn.inbound.attachments):
        return False
    found = extract_fields(text, turn.now)
    angry = DISPLEASED.search(text) is not None  # "你们这什么破服务啊" opens a complaint
    return not (found.product or found.store or found.staff or found.occurred_at or angry)


def _asks_after_nothing(turn: Turn, text: str) -> bool:
    if turn.reading is None or not turn.reading.cues.followup or len(text) > 20:
        return False
    found = extract_fields(text, turn.now)
    return not (found.product or found.store or found.staff or found.occurred_at)


async def choosing_ticket(turn: Turn) -> None:
    """State `choosing_ticket`: which ticket a message was about, or a new complaint.

    Answered by a button, the list's number, the ticket's number or its last digits, or
    words naming the ticket's object ("空调那个"); the message that raised the question (and
    its files) is what goes to the ticket chosen, not the answer (docs/process.md section 4).
    """
    pending = str(turn.data.get("pending") or "")
    key = resolve_choice(turn)
    number = chosen_ticket_number(key) or (turn.reading.ticket_number if turn.reading else None)
    tickets = await open_tickets(turn)
    ticket = next((t for t in tickets if number and t.number == number), None)
    if ticket is None and key is None and not _says_new(turn):
        offered = [t for t in tickets if f"ticket:{t.number}" in {c.key for c in turn.offered()}]
        ticket = singled_out(turn, said(turn), offered)  # "空调那个", "003"
        if ticket is not None and _more_than_naming(said(turn), ticket):
            pending = f"{pending}\n{said(turn)}".strip()  # "空调那个，发票也找到了"
    if ticket is not None:
        early = written_before_request(turn, ticket)  # read before the state's data goes
        turn.go(State.IDLE)
        if await _attach_kept_files(turn, ticket) and not pending.strip():
            remember(turn, ticket)  # files alone: told to the handler with them
            return
        await deliver(turn, ticket, pending, answers_request=not early)
        return
    new = _says_new(turn)  # "我说的是另一个事"
    if key == "new" or new:
        if new and not key:
            pending = f"{pending}\n{new_complaint_story(said(turn))}"
        turn.go(State.IDLE)
        # "还有 结账的时候多收了我20块" right after a ticket: the new complaint is at its shop
        # when the words say so and name no object (intake._carry_shop; newcomer trial 22).
        shop = Draft(store=tickets[0].store, place=tickets[0].place) if len(tickets) == 1 else None
        await intake.start(
            turn, with_account=intake.is_substantive(pending), text=pending, filed=shop
        )
        return
    # Not an answer to "which one": more of the same message, kept with it; asked again
    # once, then everything goes to the newest ticket rather than round in a loop.
    text = said(turn)
    if text:
        pending = f"{pending}\n{text}".strip()
    asked = int(turn.data.get("asked") or 1)
    several = bool(turn.data.get("several"))
    if asked >= 2 and tickets:
        early = written_before_request(turn, tickets[0])
        turn.go(State.IDLE)
        if not await _attach_kept_files(turn, tickets[0]) or pending:
            await relay(turn, tickets[0], pending, answers_request=not early)
        turn.say(turn.t("followup.new_hint"))
        return
    if several and len(tickets) > 1:
        await ask_which_of(turn, tickets, pending)
    else:
        await ask_which(turn, tickets, pending)
    turn.data["asked"] = asked + 1


def _says_new(turn: Turn) -> bool:
    return turn.reading is not None and turn.reading.cues.new_complaint


# Words that only point at a ticket when naming it in answer to "which one?": "空调那个",
# "退款那单", "是003".
_POINTING = re.compile(r"工单|[那这]一?[个张单件]|的|是|就|吧|呀|啊|哦|嗯|单|号")


def _more_than_naming(text: str, ticket: Ticket) -> bool:
    """Whether an answer naming the ticket says more than that ("空调那个，发票也找到了"):
    the more is kept with the message delivered."""
    rest = text
    for name in (ticket.product, ticket.store, ticket.staff, ticket.number):
        for part in (name or "").split("、"):
            if part.strip():
                rest = rest.replace(part.strip(), "")
    rest = re.sub(r"\d{3,4}", "", _POINTING.sub("", rest))
    return intake.is_substantive(rest)


async def _attach_kept_files(turn: Turn, ticket: Ticket) -> int:
    """Files sent with the message that raised "which ticket?" (kept as evidence on no
    ticket yet) go to the ticket chosen, recorded and told to its handler; how many."""
    kept = await pending_count(turn)
    if not kept:
        return 0
    await attach_pending_to(turn, ticket.id or 0)
    turn.pending_evidence = 0
    await turn.record(ticket.id or 0, "evidence_added", {"count": kept})
    missing = [m for m in json.loads(ticket.missing_materials or "[]") if m != "evidence"]
    ticket.missing_materials = json.dumps(missing)
    await life.tell_assignee(turn, ticket, life.files_note(ticket.number, kept))
    turn.say(turn.t("evidence.added_to_ticket", count=kept, number=ticket.number))
    return kept


STATES: dict[str, StateHandler] = {State.CHOOSING_TICKET: choosing_ticket}


def _without_number(text: str, ticket: Ticket) -> str:
    return text.replace(ticket.number, "").strip(" ，,：:。") or text
