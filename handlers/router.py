"""The one way in: every inbound message goes through `handle()` (docs/architecture.md section 3).

A short chain written once: record (its own transaction, before the platform is answered)
-> claim the record -> lock the conversation -> load state -> handle -> commit -> error
sink. One database transaction per turn, so an error half-way leaves nothing half-written
and the record unprocessed for the recovery job; a platform's retry of the same message
gets the stored answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from handlers import (
    agent_commands,
    agent_views,
    agents,
    customer,
    followup,
    inbox,
    intake,
    notify,
    questions,
    refund_question,
)
from handlers import idle as idle_state
from handlers.answer_words import MAX_FIELD_CHARS, asks_what_is_meant
from handlers.answers import wish_asked
from handlers.buttons import press as press_button
from handlers.draft import Draft
from handlers.evidence import discard_pending
from handlers.idle import idle
from handlers.inbox import Answer
from handlers.messages import Inbound, Outbound
from handlers.not_new import not_new_after_all
from handlers.reachability import mark_reachable
from handlers.reader import Intent, Mood, agrees, emoji_mood, read
from handlers.services import Services
from handlers.session import in_session, mark_session, note_welcome, welcomed
from handlers.stale_drafts import STATES as EXPIRY_STATES
from handlers.states import State, StateHandler
from handlers.survey_aside import answered_aside
from handlers.texts import TRADITIONAL, Texts, choose_locale
from handlers.ticket_aside import about_filed_ticket
from handlers.ticket_choice import named_ticket, singled_out, status_all
from handlers.ticket_messages import (
    ended_in_view,
    open_tickets,
    presses_or_vents,
    question_just_pushed,
    recent_ticket,
    relay,
    remedy_fit,
)
from handlers.tickets import customer_on_file, on_ticket_filed
from handlers.turn import RolledBack, Turn
from handlers.withdrawal import withdrawal
from handlers.words import (
    CANCEL_PHRASES,
    CANCEL_WORDS,
    HELP_WORDS,
    STATUS_WORDS,
    find_ticket_number,
    has_meaning,
    is_status_query,
    normalise,
    restores_cancelled,
)
from nlp.extract_person import is_surname
from nlp.intent import (
    after_cue,
    asks_after_refund,
    gives_up,
    gives_up_plainly,
    has_cue,
    may_give_up,
    withdrawal_reason,
)
from nlp.language import CHINESE, ENGLISH, detect_language, leans_english, switches_to
from nlp.script import writes_traditional
from nlp.summary_cues import vents
from storage.engine import AsyncSession
from storage.models import Ticket
from storage.queries import turns
from storage.vault import mask_text

log = logging.getLogger(__name__)

# Conversation states (handlers/states.py:State) and their handlers: one registration line
# per feature. Keyed by the stored string, which each State member equals.
STATE_HANDLERS: dict[str, StateHandler] = {
    **intake.STATES,
    **followup.STATES,
    **idle_state.STATES,
    **EXPIRY_STATES,
}
# Who else may be writing: a role check returns a handler that takes the whole turn
# (registered agents), or None for an ordinary customer.
RoleRouter = Callable[[Turn], Awaitable[StateHandler | None]]
ROLE_ROUTERS: list[RoleRouter] = [agents.role]
on_ticket_filed.extend([notify.announce, notify.urgent_alert])
# The agent command modules register their commands when imported.
_ = (agent_commands, agent_views)


async def handle(
    services: Services,
    inbound: Inbound,
    *,
    answer: Answer | None = None,
    absorbs: tuple[str, ...] = (),
    recorded: inbox.Recorded | None = None,
) -> list[Outbound]:
    """Records the message, then processes it; returns the replies for its sender.

    The record is its own short transaction (issue 10): raises `inbox.NotRecorded` when even
    that fails, and the channel must then answer the platform so that it retries. After it,
    nothing is lost: a turn that fails or a process that dies leaves the row unprocessed for
    the recovery job. `answer` decides whether the replies go back to a waiting request or
    into the outbox ([] is returned then); `absorbs` are message ids this one stands for
    (the other items of a Telegram album), marked processed with it. `recorded`: the record
    when the channel wrote it itself before acknowledging the message.
    """
    if recorded is None:
        recorded = await inbox.record(services, inbound)
    for earlier in recorded.earlier:
        # Left by a failed turn or a dead worker: read before this one, answered by push.
        before = await inbox.load(services, earlier)
        if before is not None:
            await process(services, before, earlier, answer=inbox.pushed(), skip_locked=True)
    return await process(services, inbound, recorded.id, answer=answer, absorbs=absorbs)


async def process(
    services: Services,
    inbound: Inbound,
    row_id: int,
    *,
    answer: Answer | None = None,
    absorbs: tuple[str, ...] = (),
    skip_locked: bool = False,
) -> list[Outbound]:
    """Processes a recorded message once: lock the row -> turn -> commit -> error sink.

    One transaction per message, so an error half-way leaves nothing half-written; a second
    attempt at a processed message (a platform retry, the recovery job) gets the stored
    replies. At most `inbox.GATE.slots` messages per worker are in here at once.
    """
    try:
        async with inbox.GATE, turns.turn_transaction(services.db) as session:
            now = services.now()
            opened = await turns.open_turn(
                session,
                row_id=row_id,
                channel=inbound.channel,
                user_id=inbound.user_id,
                new_state=State.IDLE.value,
                now=now,
                skip_locked=skip_locked,
            )
            if opened.conversation is None:  # processed before: the stored replies
                stored = services.vault.open_json(opened.reply_enc, default=[])
                return [Outbound.from_json(item) for item in stored]
            turn = await _open_turn(session, services, inbound, opened, opened.conversation, now)
            await _dispatch(turn, opened.agent)
            await _close_turn(turn, row_id, answer, absorbs)
        return inbox.direct(turn.replies, answer)
    except RolledBack as undone:
        await inbox.finish_without_turn(services, row_id, undone.replies, answer)
        return inbox.direct(undone.replies, answer)
    except Exception as exc:
        log.exception(
            "inbound message failed: channel=%s user=%s message=%s text=%r",
            inbound.channel,
            inbound.user_id,
            inbound.message_id,
            mask_text(inbound.text)[:80],  # masked whole, then cut: half a number is no mask
        )
        # The row stays unprocessed: the recovery job tries again, a few times at most.
        await inbox.failed(services, inbound, row_id, exc)
        return [_without_turn(services, inbound, "common.error")]


def not_recorded(services: Services, inbound: Inbound, held: str | None = None) -> Outbound:
    """What a channel nobody retries for (the console) says when `handle` raised
    `inbox.NotRecorded`: the message was not kept and can be sent again. `held`: the reply
    language the channel saw last, since the conversation's own cannot be read now."""
    return _without_turn(services, inbound, "common.not_recorded", held)


def _without_turn(
    services: Services, inbound: Inbound, key: str, held: str | None = None
) -> Outbound:
    # No turn ran: the language from the text itself, else what the caller knows of it.
    locale = choose_locale(
        detect_language(inbound.text),
        held,
        inbound.locale,
        fallback=services.policy.intake.fallback_locale,
    )
    return Outbound(inbound.channel, inbound.reply_target, Texts(locale)(key))


async def _open_turn(
    session: AsyncSession,
    services: Services,
    inbound: Inbound,
    opened: turns.Opened,
    conversation: turns.ConversationRow,
    now: datetime,
) -> Turn:
    if opened.held or opened.unreachable:
        # They wrote: reachable again, and whatever waited for them goes back in the queue.
        await mark_reachable(
            session, inbound.channel, inbound.user_id, now, was_unreachable=opened.unreachable
        )
    locale = _reply_locale(
        conversation, inbound, opened.customer_locale, services.policy.intake.fallback_locale
    )
    data = services.vault.open_json(conversation.data_enc, default={})
    return Turn(
        services=services,
        session=session,
        now=now,
        inbound=inbound,
        conversation=conversation,
        data=data,
        t=Texts(locale),
        on_file=opened.on_file,
    )


def _reply_locale(
    conversation: turns.ConversationRow, inbound: Inbound, filed: str | None, fallback: str
) -> str:
    """The language of this turn's replies, kept with the conversation (issue 9 item 7).

    Only a language the text showed is kept: a default or a platform hint is not the
    customer's choice, so it must not outlast them (`chat --lang en` after a session that
    only said "/start"). A conversation held in one language changes only for a message
    plainly in the other (`nlp.language.switches_to`). `filed` is the language on file from
    an earlier ticket (possibly a default), which counts like a platform hint where the
    platform gives none (WeChat).
    """
    held = conversation.locale
    if held is not None and recognised_speech(inbound):
        # Speech recognition (a WeChat voice message) is the machine's writing, not the
        # customer's: a conversation held in English or in traditional characters keeps its
        # language, and the letter and every push with it (newcomer trial 24: one Chinese
        # voice message turned an English customer's letter, result and survey Chinese).
        return choose_locale(None, held, inbound.locale or filed, fallback=fallback)
    detected = detect_language(inbound.text)
    held_language = CHINESE if held == TRADITIONAL else held
    if (
        detected is not None
        and held_language not in (None, detected)
        and not switches_to(inbound.text, detected)
    ):
        # "last night" in a Chinese chat, "Chaoyang district, 建国路88号" in an English one:
        # the customer's predominant language stays (newcomer trial 14: each flipped it).
        detected = None
    if detected == CHINESE:
        detected = _chinese_script(inbound.text, held)
    if detected is not None and held != detected:
        conversation.locale = detected
    lean = ENGLISH if leans_english(inbound.text) else None
    return choose_locale(
        detected, conversation.locale, inbound.locale or filed, lean, fallback=fallback
    )


def recognised_speech(inbound: Inbound) -> bool:
    """Whether the message's text is a voice message's speech recognition (WeChat hands it
    over as the text and as the voice item's note, bot/channels/wechat/inbound.py) rather
    than words the customer typed."""
    text = inbound.text.strip()
    return bool(text) and any(
        item.kind == "voice" and (item.note or "").strip() == text for item in inbound.attachments
    )


def spoken_locale(text: str) -> str | None:
    """The reply locale `text` shows by itself: "en", zh-CN or TRADITIONAL (by the script its
    Chinese is written in), None when it shows none ("1", a name, a command). For what is
    answered before any turn reads the conversation: the console's opening greeting when
    the customer's first line was already typed."""
    detected = detect_language(text)
    return _chinese_script(text, None) if detected == CHINESE else detected


def _chinese_script(text: str, held: str | None) -> str:
    """The Chinese reply locale for `text`, a message in Chinese: TRADITIONAL when it is
    plainly in traditional characters, zh-CN when plainly in simplified, else the script the
    conversation holds (a name, "好的", one traditional character in a simplified message
    change nothing; newcomer trial 17: a Taiwan customer was answered in simplified)."""
    traditional = writes_traditional(text)
    if traditional is None:
        return TRADITIONAL if held == TRADITIONAL else CHINESE
    return TRADITIONAL if traditional else CHINESE


async def _close_turn(
    turn: Turn, row_id: int, answer: Answer | None = None, absorbs: tuple[str, ...] = ()
) -> None:
    reply_enc = await inbox.settle_replies(
        turn.session, turn.services, turn.replies, answer, turn.now
    )
    # Sealed once, here: the handlers changed `turn.data` in place all along. The message's
    # row by the id the record returned: this transaction's, locked by the claim.
    await turns.close_turn(
        turn.session,
        turn.conversation,
        turn.services.vault.seal_json(turn.data),
        row_id,
        reply_enc,
        turn.now,
    )
    if absorbs:
        await turns.absorb(
            turn.session,
            turn.inbound.channel,
            absorbs,
            turn.services.vault.seal_json([]),
            turn.now,
        )


async def _dispatch(turn: Turn, agent: bool) -> None:
    # The role routers answer registered agents and group chats: for anyone else (the
    # claim read whether the sender is an active agent) they would only look and pass.
    if agent or turn.inbound.chat_id:
        for role_router in ROLE_ROUTERS:
            role_handler = await role_router(turn)
            if role_handler is not None:
                await role_handler(turn)
                return
    await customer_turn(turn)


CustomerRule = Callable[[Turn], Awaitable[bool]]


async def customer_turn(turn: Turn) -> None:
    """A customer's message: read for what it is, then the first rule that takes it acts.

    The rules (CUSTOMER_RULES, in order) are small named functions; each returns True when
    it answered the message. The last one hands the message to the conversation's state.
    """
    limit = turn.services.policy.intake.max_text_chars
    if len(turn.inbound.text) > limit:
        turn.inbound = _with_text(turn.inbound, turn.inbound.text[:limit])
        turn.say(turn.t("common.too_long", limit=limit))
    turn.reading = read(turn.inbound.text.strip())
    mark_session(turn)
    for rule in CUSTOMER_RULES:
        if await rule(turn):
            return


async def _nothing_sent(turn: Turn) -> bool:
    inbound = turn.inbound
    if inbound.text.strip() or inbound.attachments or inbound.choice:
        return False
    turn.say(turn.t("common.empty"))
    return True


async def _button(turn: Turn) -> bool:
    # A button is the answer to its own question, or it has expired: never complaint text.
    return bool(turn.inbound.choice) and await press_button(turn)


async def _unknown_command(turn: Turn) -> bool:
    text = turn.inbound.text.strip()
    if not text.startswith("/"):
        return False
    known = agents.is_agent_command(text)
    turn.say(turn.t("agent.not_registered" if known else "common.unknown_command"))
    return True


def _only_text(turn: Turn) -> bool:
    return not turn.inbound.attachments and not turn.inbound.choice


# What a message of emoji alone is answered with, by its mood (handlers/reader.py:emoji_mood):
# an angry or sad face gets an apology and no smiley (newcomer trial, item 2).
_EMOJI_ANSWERS = {
    Mood.UPSET: "common.emoji_upset",
    Mood.FRIENDLY: "common.emoji_friendly",
    Mood.NEUTRAL: "common.emoji_only",
}


async def _emoji_only(turn: Turn) -> bool:
    """Emoji alone: an answer in the emoji's mood, then the open question again."""
    text = turn.inbound.text.strip()
    if not text or has_meaning(text) or not _only_text(turn):
        return False
    if turn.state == State.CONFIRMING and agrees(text):
        return False  # "👍" at the summary submits it (handlers/answers.py:confirms)
    if turn.state == State.SURVEY_SCORE and followup.score_form(text) != text:
        return False  # "⭐⭐⭐⭐", "★★★☆☆": stars are the survey's score (newcomer trial 24)
    turn.say(turn.t(_EMOJI_ANSWERS[emoji_mood(text)]))
    await _resume(turn)
    return True


# Question marks alone: "?", "？？", "??".
_PUZZLED = re.compile(r"[?？¿\s]+")


async def _puzzled(turn: Turn) -> bool:
    """Question marks alone: the customer does not follow the open question, which is said
    another way (handlers/intake.py:explain_question); with none open, what the bot does."""
    text = turn.inbound.text.strip()
    if not text or not _only_text(turn):
        return False
    if turn.state in intake.STATES and asks_what_is_meant(text):
        # "这个要填什么", "什么意思", "like what?": the open question explained with an
        # example, never kept as its answer (newcomer trial 24: stored as the account).
        await intake.explain_question(turn, meant=True)
        return True
    if not _PUZZLED.fullmatch(text):
        return False
    if turn.state in intake.STATES:
        await intake.explain_question(turn)
    elif turn.state == State.IDLE:
        turn.say(turn.t("common.welcome"))
    else:
        await _resume(turn, again="")  # the choices with the hint how to answer them
    return True


async def _social(turn: Turn) -> bool:
    """A greeting, thanks or abuse with nothing else said: a short answer, then where we are."""
    reading = turn.reading
    if reading is None or reading.intent is not Intent.SOCIAL or not _only_text(turn):
        return False
    if turn.state == State.CONFIRMING and agrees(turn.inbound.text):
        return False  # "👍" at the summary submits it (handlers/answers.py:confirms)
    if turn.state not in intake.STATES and turn.state not in (State.IDLE, State.CHOOSING_TICKET):
        return False  # a survey comment or a proposal reads its own words
    if reading.cues.insult and turn.state == State.CONFIRMING and vents(turn.inbound.text):
        return False  # "垃圾店" at the summary: all is told, it is kept as venting (intake)
    if reading.cues.insult:
        turn.say(turn.t("answer.insult"))
    elif reading.cues.thanks:
        # "好的谢谢" while an /ask waits: the material is still awaited (newcomer trial 22).
        if not await idle_state.thanks_while_material_awaited(turn):
            turn.say(turn.t("answer.thanks"))
    elif in_session(turn):
        # A second greeting in a conversation under way ("在吗"): "在的，请说。" and the
        # open question, not the welcome word for word (newcomer trial, item 2).
        if turn.state in intake.STATES or (turn.state != State.IDLE and turn.offered()):
            await _resume(turn, again=turn.t("common.greet_again"))
        else:
            turn.say(turn.t("common.greet_again"))
        return True
    elif turn.state == State.IDLE:
        turn.say(await _welcome(turn))
        return True
    else:
        await _resume(turn)  # back after a while: "我们接着上次的继续。" and the question
        return True
    await _resume(turn, again="")
    return True


async def _welcome(turn: Turn) -> str:
    """The greeting; a customer on file is greeted by name once a session (issue 9:
    remember the customer; handlers/session.py). A customer with an open ticket hears its
    number and status and how to add to it or start another complaint, at every greeting
    (newcomer trial 21: "我是投诉受理助手…" came back each time, as if nothing were filed)."""
    known = await customer_on_file(turn)
    name = turn.services.vault.open(known.name_enc) if known and not welcomed(turn) else None
    tickets = await open_tickets(turn)
    if not name and not tickets:
        return str(turn.t("common.welcome"))
    lines: list[str] = []
    if name:
        note_welcome(turn)
        # A surname alone ("周") is no way to greet someone: "欢迎回来，周！" (newcomer trial 9).
        greeting = "answer.welcome_back_unnamed" if is_surname(name) else "answer.welcome_back"
        lines.append(turn.t(greeting, name=name))
    else:
        lines.append(turn.t("answer.hello"))
    if not tickets:
        # No second hello after "欢迎回来" (newcomer trial 7): the invitation alone.
        return "\n".join([*lines, turn.t("common.welcome_known")])
    newest = tickets[0]  # back after a break: where their newest stands
    status = turn.t(f"status_label.{newest.status}")
    lines.append(turn.t("answer.latest_ticket", number=newest.number, status=status))
    if len(tickets) > 1:
        lines.append(turn.t("answer.open_tickets_hint", count=len(tickets)))
    else:
        lines.append(turn.t("answer.open_ticket_hint", number=newest.number))
    return "\n".join(lines)


async def _questions(turn: Turn) -> bool:
    """Questions back are answered from the policy; only questions: ask ours again."""
    reading = turn.reading
    if reading is None or not reading.cues.questions:
        return False
    if await _scores_survey(turn):
        return False  # the survey reads it; its words go to the handler with the score
    draft = Draft.from_json(turn.data.get("draft")) if turn.state in intake.STATES else None
    ticket = await _ticket_in_view(turn)
    # No open ticket: a closed or rejected one is still what "怎么样了" asks about (newcomer
    # trial 24); it is answered from, never relayed to (what reaches it goes through idle).
    asked = ticket
    if ticket is None and turn.state not in intake.STATES:
        asked = await ended_in_view(turn, [])
    for_handler = _for_ticket_handler(turn, ticket)
    asks_status = any(q.topic == "status" for q in reading.cues.questions)
    several = await _several_in_view(turn) if asks_status else []
    answered: set[str] = set()
    for question in reading.cues.questions:
        if question.topic == "status" and several:  # "进度呢" with several open: all of them
            turn.say(status_all(turn, several))
        elif question.text not in for_handler:
            about = asked if question.topic in _ENDED_TOPICS else ticket
            answer = await questions.answer(turn, question, draft, about)
            if answer not in answered:  # "whats the process, do I need to come in?": once
                turn.say(answer)
            answered.add(answer)
    for_handler += _wishes_for_handler(turn, draft, ticket)
    for_handler += _asked_on_for_handler(turn, draft, ticket)
    if turn.state == State.PROPOSAL and (for_handler or followup.proposal_verdict(turn)):
        return False  # the proposal reads its answer and relays the rest (trial 6 item 1)
    if (
        (for_handler or _chases_awaited(turn, ticket))
        and ticket is not None
        and not reading.cues.new_complaint
        and _only_text(turn)
    ):
        # "新的啥时候送来？"; "你们到底管不管啊" while material is awaited: answered, and the
        # handler hears it while the ticket keeps waiting (newcomer trial 24: it reached nobody)
        await relay(turn, ticket, turn.inbound.text.strip())
        if turn.state != State.IDLE:
            await _resume(turn, again="")
        return True
    if reading.intent is not Intent.QUESTION or not _only_text(turn):
        return False  # the rest of the message is read as usual
    if reading.cues.requests and turn.state in _ASKING_STATES and wish_asked(turn):
        return False  # "能赔偿吗 多久能到" at the remedy question: the wish is its answer
    await _resume(turn, again="")
    return True


# The questions a concluded ticket answers by itself: where it stands and when.
_ENDED_TOPICS = frozenset({"status", "not_contacted", "handled", "handling_time"})


def _chases_awaited(turn: Turn, ticket: Ticket | None) -> bool:
    """Whether a question presses or vents about a ticket waiting for the customer's
    material ("你们到底管不管啊", "还要等多久啊 烦死了"): relayed as a remark besides the answer
    (handlers/ticket_messages.py:remark_while_awaited), the ticket still waiting."""
    return (
        ticket is not None
        and ticket.status == "awaiting_customer"
        and turn.state == State.IDLE
        and presses_or_vents(turn, turn.inbound.text)
    )


# The states in which a ticket filed is what the customer's question is about: idle, a
# proposal or a survey score waiting (not while a complaint is filled in: "钱什么时候能退回来"
# at the remedy question is about the complaint being told).
_AFTER_FILING = frozenset({State.IDLE, State.PROPOSAL, State.SURVEY_SCORE})


async def _refund_progress(turn: Turn) -> bool:
    """ "退款了吗", "钱到账了吗", "has my refund come through" about a ticket filed: where it
    stands and what was proposed or decided, and the question to its handler
    (handlers/refund_question.py; newcomer trial 22: relayed as a remark, or taken for the
    material an /ask waited for). A proposal's yes or no said with it, a survey score, a new
    complaint or a file are read as before; the open proposal or survey is asked again."""
    if turn.state not in _AFTER_FILING or not turn.on_file or not _only_text(turn):
        return False
    text = turn.inbound.text.strip()
    if not asks_after_refund(text) or (turn.reading and turn.reading.cues.new_complaint):
        return False
    if followup.leading_score(text) is not None:
        return False  # "2 还没退钱呢 什么时候退？" answers the survey
    if turn.state == State.PROPOSAL and followup.proposal_verdict(turn) is not None:
        return False  # "行 那多久到账？": the proposal reads its answer and relays the rest
    ticket = await _ticket_in_view(turn)
    if ticket is None:
        return False
    await refund_question.answer(turn, ticket)
    if turn.state == State.PROPOSAL:
        turn.say(followup.proposal_again(turn), tuple(turn.offered()))
    elif turn.state == State.SURVEY_SCORE:
        turn.say(turn.t("survey.invalid"), tuple(turn.offered()))
    return True


async def _scores_survey(turn: Turn) -> bool:
    """Whether the message opens with a score while a survey waits for one ("1分 根本没人联系
    过我 退什么款？"): it is the survey's answer, its words the comment that goes to the
    handler (and, reopening, to the supervisors), not a question for the status template
    (newcomer trial 20: "客服已在这个对话里回复过您；预计 … 前处理完毕" came first)."""
    if turn.inbound.attachments or followup.leading_score(turn.inbound.text.strip()) is None:
        return False
    if turn.state == State.SURVEY_SCORE:
        return True
    return turn.state == State.IDLE and bool(idle_state.surveyed(await open_tickets(turn)))


# Questions that are answered and also carry a wish the handler must hear ("能不能直接打电话
# 给我": newcomer trial 17, only noted before).
_WISH_TOPICS = frozenset({"call"})


def _wishes_for_handler(turn: Turn, draft: Draft | None, ticket: Ticket | None) -> list[str]:
    """The wishes among the questions (_WISH_TOPICS): while a complaint is filed, kept with
    its questions for the handler (filed with the ticket) and []; after filing, returned to
    be relayed to the ticket's handler (outside a proposal, which relays on its own)."""
    reading = turn.reading
    wishes = [q.text for q in reading.cues.questions if q.topic in _WISH_TOPICS] if reading else []
    if not wishes:
        return []
    if draft is not None:
        draft.questions += [w[:MAX_FIELD_CHARS] for w in wishes if w not in draft.questions]
        turn.data["draft"] = draft.to_json()
        return []
    return wishes if ticket is not None and turn.state != State.PROPOSAL else []


def _asked_on_for_handler(turn: Turn, draft: Draft | None, ticket: Ticket | None) -> list[str]:
    """The questions of another matter asked right after one the policy answers ("那要多久啊
    下个月还会扣吗": nlp/intent.py:Question.more), which only a person can answer: while a
    complaint is filed, kept with its questions for the handler and []; after filing,
    returned to be relayed to the ticket's handler with the message (newcomer trial 22: the
    second question reached nobody, the timetable answered the first)."""
    reading = turn.reading
    more = [q.more for q in reading.cues.questions if q.more] if reading else []
    if not more:
        return []
    if draft is not None:
        draft.questions += [m[:MAX_FIELD_CHARS] for m in more if m not in draft.questions]
        turn.data["draft"] = draft.to_json()
        return []
    return more if ticket is not None and turn.state != State.PROPOSAL else []


# The states in which an open question of the intake waits for its answer.
_ASKING_STATES = frozenset({State.COLLECTING, State.EDITING})


def _for_ticket_handler(turn: Turn, ticket: Ticket | None) -> list[str]:
    """The questions only the handler of a filed ticket can answer: while a proposal waits,
    any "how long?" (handlers/followup.py:remedy_questions); otherwise one about the
    remedy's delivery ("多久到账？", "师傅什么时候上门？"), not the policy's timetable. None
    while a complaint is being filed: its own clocks answer then."""
    if turn.state == State.PROPOSAL:
        return followup.remedy_questions(turn)
    if ticket is None or turn.state in intake.STATES or turn.reading is None:
        return []
    return [
        q.text
        for q in turn.reading.cues.questions
        if q.topic in followup.REMEDY_QUESTION_TOPICS
        and has_cue(q.text, "remedy_delivery", "words")
    ]


async def _ticket_in_view(turn: Turn) -> Ticket | None:
    """The ticket a question is about: the one the message names among several (its number
    or last digits, its object), else the one the conversation's state waits on, else the
    one whose remedy it speaks of ("啥时候能退钱" with a refund ticket among others open:
    newcomer trial 8), else the one last spoken of, else the newest."""
    tickets = await open_tickets(turn)
    several = len(tickets) > 1
    named = named_ticket(turn, turn.inbound.text, tickets) if several else None
    if named is not None:  # "空调那个修好了吗" while another ticket's proposal waits
        return named
    held = turn.data.get("ticket")
    waited_on = next((t for t in tickets if held and t.number == held), None)
    if waited_on is not None:
        return waited_on
    fit = remedy_fit(turn.inbound.text, tickets) if several else None
    about = next((t for t in tickets if t.number == turn.data.get("about")), None)
    return fit or about or (await recent_ticket(turn, tickets)) or (tickets[0] if tickets else None)


async def _several_in_view(turn: Turn) -> list[Ticket]:
    """The open tickets a progress question is about when it names none of several
    (docs/process.md section 4): all of them, answered in one reply. [] while a complaint
    is being filed, while a proposal or survey holds one ticket, with one ticket open, or
    when the message names one (handlers/ticket_choice.py:singled_out)."""
    if turn.state in intake.STATES:
        return []
    tickets = await open_tickets(turn)
    if len(tickets) < 2 or singled_out(turn, turn.inbound.text, tickets) is not None:
        return []
    if turn.data.get("ticket"):  # a proposal's or survey's ticket: the one asked about
        return []
    return tickets


async def _resume(turn: Turn, again: str | None = None, opening: bool = False) -> None:
    """Asks the conversation's open question again (with its choices), if there is one,
    after `again` (default: "我们接着上次的继续。"). `opening`: the session (re)opened and the
    customer has written nothing yet."""
    if turn.state in intake.STATES:
        await intake.resume(turn, again)
    elif turn.state != State.IDLE and turn.offered():
        text = turn.t("invalid.choice") if again is None else again or turn.t("common.choice_hint")
        if again and (question := await followup.pending_question(turn)):
            text = f"{again}\n{question}"  # the proposal itself, not its buttons alone
            if await _just_asked(turn):
                if opening:
                    # The pushed question with its options is the last thing on their
                    # screen and they have written nothing: no reminder, so each set of
                    # options shows once (newcomer trials 11 and 14). The offered choices
                    # stay, so a typed "1" still answers it.
                    return
                # They wrote something that answers nothing: asked for in one short line,
                # not shown twice in a row (newcomer trial 11).
                text = (
                    followup.proposal_again(turn)
                    if turn.state == State.PROPOSAL
                    else turn.t(_SHORT_ASK.get(turn.state, "common.choice_hint"))
                )
        turn.say(text, tuple(turn.offered()))


# The open question asked again in one line, when its push is the last thing shown.
_SHORT_ASK: dict[str, str] = {
    State.SURVEY_SCORE: "survey.invalid",
}


async def _just_asked(turn: Turn) -> bool:
    """Whether the pushed question the conversation waits on was the last message to the
    customer, with nothing from them since."""
    number = turn.data.get("ticket")
    ticket = next((t for t in await open_tickets(turn) if t.number == number), None)
    return ticket is not None and await question_just_pushed(turn, ticket)


async def _another_complaint(turn: Turn) -> bool:
    """A second complaint told while one is filled in waits for it to be filed (issue 9):
    told with a cue of its own ("我还要投诉…", "另外还有一件事…"), or plainly opened as one
    more matter about another object ("还有 我要投诉你们的会员积分…": newcomer trial 20, it
    was merged into the draft at the summary)."""
    reading = turn.reading
    if reading is None or (turn.state not in intake.STATES) or not _only_text(turn):
        return False
    if await intake.announced_matter_told(turn):  # the words after "还有一件事" alone
        return True
    if reading.intent is not Intent.NEW_COMPLAINT:
        plain = intake.new_matter_story(turn, reading.rest)
        if plain is None:
            return False
        await intake.another_complaint(turn, plain)
        return True
    story = after_cue(reading.rest, "new_complaint", "words")
    if not intake.is_substantive(story):
        # "还有一件事" alone: the matter is asked for, and the next message is kept apart
        # (newcomer trial 22: at the summary it was refused, and the next merged).
        intake.announce_matter(turn)
        return True
    await intake.another_complaint(turn, story)
    return True


async def _by_state(turn: Turn) -> bool:
    handler = STATE_HANDLERS.get(turn.state, idle)
    if await handler(turn) is False:  # the state no longer applies: read it as idle
        await idle(turn)
    return True


def _with_text(inbound: Inbound, text: str) -> Inbound:
    return replace(inbound, text=text)


_CANCEL = frozenset(normalise(word) for word in CANCEL_WORDS)


async def _command(turn: Turn) -> bool:
    """Commands and their plain-word forms work in every state. True when one was handled."""
    text = turn.inbound.text.strip()
    word, _, rest = text.partition(" ")
    said = normalise(text)
    name = word[1:].split("@")[0].lower() if word.startswith("/") else ""
    cancel_phrase = turn.state in intake.STATES and any(p in said for p in CANCEL_PHRASES)
    # "算了 不用处理了 商家已经重新给我送了一杯": given up, with why (newcomer trial 20: at the
    # summary it was asked to pick an option); read as the withdrawal after filing is.
    given_up = turn.state in intake.STATES and not name and gives_up(text)
    if name == "cancel" or (said in _CANCEL and turn.state != State.IDLE) or cancel_phrase:
        await intake.cancel(turn, withdrawal_reason(text) if given_up else "")
        return True
    if given_up:
        await intake.cancel(turn, withdrawal_reason(text))
        return True
    if turn.state in intake.STATES and not name and not turn.inbound.attachments:
        # Weariness (newcomer trial 21: "不想弄了 没意思" at the summary joined the account):
        # given up with nothing else said, it cancels; only weary, or given up with more
        # said, it is asked about and nothing is cancelled or added (the customer may vent).
        if gives_up_plainly(text):
            await intake.cancel(turn)
            return True
        if may_give_up(text):
            await _resume(turn, again=turn.t("common.give_up_sure"))
            return True
    if name == "help" or said in HELP_WORDS:
        turn.say(turn.t("common.help"))
        await _resume(turn)  # the open question (and its numbered choices) stays open
        return True
    asked = rest if name else text
    number = find_ticket_number(asked)
    # Without its prefix a number is the customer's only when one of theirs fits it
    # ("2026120112"): read for a message of that shape alone, so others cost no statement.
    bare = (
        await customer.bare_ticket(turn, asked)
        if number is None and name in ("", "status")
        else None
    )
    if name == "status" or said in STATUS_WORDS or (not name and (is_status_query(text) or bare)):
        number = number or bare
        if turn.state not in intake.STATES:
            await customer.show_status(turn, number)
            return True
        # A complaint half filed is what the customer means by "my complaint": say where it
        # stands (and any tickets), then the open question with its numbered choices. A
        # ticket asked for by number is answered, and the open question follows alone; at
        # the summary with the one line that it waits to be submitted (newcomer trial 15).
        if number or await open_tickets(turn):
            await customer.show_status(turn, number)
        again = "" if number and turn.state != State.CONFIRMING else intake.draft_status(turn)
        await intake.resume(turn, again)
        return True
    if name == "start":  # a session (re)opened: where the conversation stands
        if turn.state in intake.STATES or turn.offered():
            # Not "please answer with a number": the customer has typed nothing yet.
            await _resume(turn, again=turn.t("common.continue"), opening=True)
        else:
            turn.say(await _welcome(turn))
        return True
    if name == "new":
        await _discard_draft(turn)
        turn.say(turn.t("common.restart"))
        turn.inbound = _with_text(turn.inbound, rest)  # the story after "/new", if any
        turn.reading = read(rest)
        await intake.start(turn, with_account=intake.is_substantive(rest))
        return True
    return False


async def _restore_cancelled(turn: Turn) -> bool:
    """ "还是投诉吧", "恢复", "undo" a while after a cancel: the cancelled draft comes back
    (handlers/intake.py:restore). Read from the conversation's data only, no database. Any
    other message drops the cancelled draft, and is read as in an idle conversation."""
    if turn.state != State.DRAFT_CANCELLED:
        return False
    said = normalise(turn.inbound.text or "")
    if intake.restorable(turn) and restores_cancelled(said):
        await intake.restore(turn)
        return True
    turn.go(State.IDLE)
    return False


async def _discard_draft(turn: Turn) -> None:
    if turn.state in intake.STATES:
        await discard_pending(turn)
    turn.go(State.IDLE)


# The order is the meaning: a command beats a button, a question is answered before the
# state reads the rest of the message.
CUSTOMER_RULES: list[CustomerRule] = [
    withdrawal,  # "不用处理了 已经解决了" after filing: before the cancel words (a draft's)
    about_filed_ticket,  # "蟑螂那个不用处理了" while a draft is open: that ticket's (trial 20)
    not_new_after_all,  # "不是新投诉" while a draft is open: the draft was a ticket's (trial 22)
    _restore_cancelled,  # a cancelled draft: restored, or dropped before the rest reads on
    _nothing_sent,
    _button,
    _command,
    _unknown_command,
    _puzzled,
    _emoji_only,
    _social,
    answered_aside,  # a survey answer while a draft is open reaches the survey (trial 11)
    _refund_progress,  # "退款了吗" after filing: the ticket's standing, not a remark (trial 22)
    _questions,
    _another_complaint,
    _by_state,
]
