"""The intake conversation (docs/process.md section 1): collect a complete complaint, then file it.

States (diagram in intake.mmd): collecting -> confirming -> (choosing_field -> editing ->
confirming) -> filed. Every answer is read for every field (handlers/answers.py), so nothing
the customer already said is asked again; only what is still missing is asked, one question
at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from handlers.answer_person import (
    bare_name_framed,
    chat_only_choice,
    conversation_fields,
    local_number,
    offers_chat_id,
)
from handlers.answer_words import MAX_FIELD_CHARS, only_filler, resolve_choice, without_fillers
from handlers.answers import (
    FREE_TEXT,
    confirms,
    explicitly_confirms,
    fill,
    no_remedy_yet,
    read_answer,
    said,
    value_for_wish,
    warnings,
)
from handlers.corrections import (
    OTHER_MATTER_FIELDS,
    ForOtherMatter,
    apply_correction,
    before_correction,
    correction_note,
    facts_told,
    note_renamed,
    noted_facts,
    quoted_values,
    replaced_contact,
    restate_account,
    updated_note,
    wishes_noted,
)
from handlers.draft import Draft
from handlers.evidence import discard_pending, keep_text, pending_count, take_attachments
from handlers.evidence_words import (
    evidence_aside,
    evidence_in_words,
    evidence_later,
    evidence_remark,
    goes_on,
    has_evidence,
    is_record,
    material_after_none,
    names_evidence,
    names_files,
    names_which_evidence,
    no_evidence_reason,
    nothing_more,
    reason_words,
    says_none,
    wish_not_evidence,
    yes_have,
)
from handlers.fields import BY_NAME, FIELD_ORDER, FIELDS, FieldName, row
from handlers.fields import columns as field_columns
from handlers.messages import Choice
from handlers.session import explain_contact, in_session, note_welcome, welcomed
from handlers.states import State, StateHandler
from handlers.story import (
    add_to_story,
    already_told,
    keep_tracking_number,
    keep_unkept_facts,
    story_instead_of_wish,
    tracking_number,
)
from handlers.tickets import acknowledgement, customer_on_file, file_ticket
from handlers.turn import Turn
from handlers.words import NONE_WORDS, has_meaning, normalise, quote
from nlp.extract import extract_fields
from nlp.extract_company import is_chain, served_remotely
from nlp.extract_refs import find_references
from nlp.intent import after_cue, is_question, new_part
from nlp.summary_cues import at_same_shop, matter_answer, other_problem, vents


# --- asking ------------------------------------------------------------------------------
def _choices(turn: Turn, field: str) -> tuple[Choice, ...]:
    """The buttons offered with the question for `field` (none for a name that is no field)."""
    row_ = BY_NAME.get(field)
    return row_.choices(turn.t) if row_ else ()


def _question(turn: Turn, field: str | None) -> str:
    """The question for `field`; the account's when none is being asked."""
    return turn.t(row(field or FieldName.ACCOUNT).question)


async def ask_next(turn: Turn, draft: Draft, prefix: str = "", left_open: bool = False) -> None:
    """Asks the first missing question, or shows the summary when nothing is missing.
    `left_open`: the message was read as an answer to the open question but left it open;
    asked again, the question keeps its count of misses and this one is added."""
    missing = draft.missing()
    if not missing:
        await show_summary(turn, draft, prefix)
        return
    field = missing[0]
    # The same question asked again after an answer that did not fill it ("招行" read as a
    # correction of the object, newcomer trial 21: the place asked seven times) keeps its
    # count of misses: a fresh count each time let the loop escape the way-out rule.
    # Only time, object and place (see the caller): the contact and the name have their own
    # reasons and ways out, and a question said back is no miss.
    again = (
        left_open
        and turn.conversation.state == State.COLLECTING.value
        and turn.data.get("asking") == field
    )
    counts = {k: turn.data[k] for k in ("refused", "unanswered") if again and k in turn.data}
    way_out: list[str] = []
    if again:
        turn.data["unanswered"] = int(turn.data.get("unanswered") or 0) + 1
        counts["unanswered"] = turn.data["unanswered"]
        if _skip_refused(turn, draft, field, _ASKED_AGAIN):
            note = _skipped_note(turn, draft, field)
            await ask_next(turn, draft, f"{prefix}\n{note}".strip())
            return
        if _misses(turn) >= WAY_OUT_AFTER + UNANSWERED_MORE:
            own = f"way_out.{field}"
            way_out.append(turn.t(own if turn.t.has(own) else "way_out.default"))
    turn.go(State.COLLECTING, draft=draft.to_json(), asking=field, **counts)
    question = _question(turn, field)
    if field == FieldName.PLACE and draft.store and is_chain(draft.store):
        # "海底捞的服务员…": the chain is known, the question is which of its stores
        # (newcomer trial 20: the general question did not say the chain was heard).
        question = turn.t("ask.place_chain", chain=draft.store)
    question = "\n".join([question, *way_out])
    turn.say(f"{prefix}\n{question}".strip(), _choices(turn, field))


async def show_summary(turn: Turn, draft: Draft, prefix: str = "") -> None:
    """Shows every field of the table with its value (or "（未填写）") and offers submit,
    change and cancel; the conversation moves to `confirming` (docs/process.md section 1)."""
    t = turn.t
    files = await pending_count(turn)
    none = t("confirm.none")
    body = "\n".join(
        t("confirm.row", label=t(f.label), value=f.shown(draft, t, files) or none) for f in FIELDS
    )
    turn.go(State.CONFIRMING, draft=draft.to_json())
    turn.say(f"{prefix}\n{t('confirm.title')}\n{body}".strip(), _confirm_choices(turn))


def _confirm_choices(turn: Turn) -> tuple[Choice, ...]:
    return (
        Choice("submit", turn.t("confirm.submit")),
        Choice("change", turn.t("confirm.change")),
        Choice("cancel", turn.t("confirm.cancel")),
    )


# "再看一下": the customer asks for the summary again (newcomer trial, item 3).
SUMMARY_WORDS = frozenset(
    normalise(w)
    for w in ("再看一下", "再看看", "看一下", "看看", "查看", "重看", "核对", "summary", "review")
)


async def confirm_again(turn: Turn, draft: Draft, prefix: str = "") -> None:
    """The confirmation asked again in one short line with its choices, once the summary
    was shown: a question or a thank-you at the summary step does not resend the whole
    summary (newcomer trial, item 3: nine lines three times in a row on a phone). The
    summary is shown again when asked for (SUMMARY_WORDS) or after a change."""
    turn.go(State.CONFIRMING, draft=draft.to_json())
    turn.say(f"{prefix}\n{turn.t('confirm.again')}".strip(), _confirm_choices(turn))


# --- states ------------------------------------------------------------------------------
async def start(
    turn: Turn,
    with_account: bool,
    text: str | None = None,
    *,
    greet: bool = True,
    facts: Sequence[str] = (),
    filed: Draft | None = None,
) -> None:
    """A new complaint; the message that opened it is the account when it says something.
    `facts` are values told for it after its story (draft.later_facts): read over what the
    story gave, as the more precise ("上周三晚上11点" over the story's "晚上"). `filed`: the
    complaint just filed, when this one was held while it was filled in; a held story that
    names no object but places itself at that shop ("结账的时候多收了我20块") carries its
    store and place, so the object is not asked again (newcomer trial 22).

    A returning customer's name and contact on file are filled in (and shown in the
    summary, where they can be changed), so they are never asked again.
    """
    draft = Draft()
    taken = await take_attachments(turn, None) if turn.inbound.attachments else 0
    text = said(turn) if text is None else text
    notes: list[str] = []
    if with_account:
        story = text
        aside = evidence_aside(text, bare_none=True) if not turn.inbound.attachments else None
        if aside and aside[0]:
            # "…手机13812345678，没有照片" / "… 暂无": the evidence question answered ahead
            # (newcomer trial 20); a bare "暂无" only when evidence is all the rest leaves open.
            trial = Draft()
            read_answer(turn, trial, FieldName.ACCOUNT, aside[0])
            named = evidence_aside(aside[1]) is not None  # "没有照片", not only "暂无"
            if named or trial.missing() == [FieldName.EVIDENCE]:
                draft, story = trial, aside[0]
                await _no_evidence(turn, draft, notes, aside[1])
        if story is text:
            read_answer(turn, draft, FieldName.ACCOUNT, text)
        notes += warnings(turn, text)
    elif text and (found := extract_fields(text, turn.now)).company:
        # "我要投诉移动": too short to be the account, but it names what the complaint is
        # against (newcomer trial 14: the object question later asked it again).
        fill(draft, found, turn.now, frozenset())
    for fact in facts:
        found = conversation_fields(turn, fact)
        told = frozenset(
            c for f in OTHER_MATTER_FIELDS for c in row(f).columns if getattr(found, c, None)
        )
        fill(draft, found, turn.now, told)
    if filed is not None and text:
        _carry_shop(draft, filed, text)
    known = await _known_identity(turn, draft)  # what they just said comes first
    notes = (known if greet else []) + notes
    if taken:
        draft.evidence_done = True
    await ask_next(turn, draft, "\n".join(notes))


def _carry_shop(draft: Draft, filed: Draft, story: str) -> None:
    """The store and place of the complaint `filed` for a held matter told at its shop
    ("结账的时候多收了我20块", "at the till") that names no object of its own."""
    if draft.product or draft.store or draft.staff or not filed.store or not at_same_shop(story):
        return
    draft.store = filed.store
    draft.place = draft.place or filed.place


async def _known_identity(turn: Turn, draft: Draft) -> list[str]:
    customer = await customer_on_file(turn)
    if customer is None:
        return []
    vault = turn.services.vault
    if not (draft.phone or draft.email):  # "我换号了，新手机…" beats the number on file
        draft.phone = vault.open(customer.phone_enc) or None
        draft.email = vault.open(customer.email_enc) or None
        # A complaint is filed only with a phone, an e-mail or "就在这里联系": a customer on
        # file with neither chose to be contacted in the chat only, and is not asked for a
        # phone again (newcomer trial 22); a number given later replaces the choice.
        draft.contact_chat_only = not (draft.phone or draft.email)
    draft.name = draft.name or vault.open(customer.name_enc) or None
    if not draft.name or welcomed(turn):  # welcomed by name once a session (handlers/session.py)
        return []
    note_welcome(turn)
    return [turn.t("answer.welcome_back", name=draft.name)]


# Conversation data at the evidence question: the words that said material is there ("医院的
# 单子有", "I have the receipt photo") when the files were asked for; a yes next ("对的",
# "yes") means it exists and is awaited, never "none" (trial 24). Dropped by any other answer.
EVIDENCE_HAVE = "evidence_have"


async def collecting(turn: Turn) -> None:
    """State `collecting`: reads the message for every field, then asks what is missing."""
    draft = Draft.from_json(turn.data.get("draft"))
    asking = turn.data.get("asking")
    notes: list[str] = []
    text = await _files_then_corrections(turn, draft, notes)
    if text is None:
        return
    if asking and normalise(text) in SUMMARY_WORDS:
        # "再看一下" is the summary's own command, no answer to the open question (newcomer
        # trial 8: it was filed as 诉求：再看一下): what is still needed, and the question.
        turn.say(
            "\n".join([*notes, draft_status(turn), _question(turn, asking)]), _choices(turn, asking)
        )
        return
    if asking != FieldName.EVIDENCE and text and not draft.evidence_done:
        text = await _evidence_said_aside(turn, draft, text, notes)
        if not text:  # "冇相" at the contact question: about evidence, the question stays
            turn.data["draft"] = draft.to_json()
            turn.say("\n".join([*notes, _question(turn, asking)]), _choices(turn, asking or ""))
            return
    if asking and asking != FieldName.CONTACT and text and chat_only_choice(text):
        # "here only", "就在这里联系" at another question: the contact choice, said back, never
        # a wish nor story (re-trial 22: filed as "You want: here only"); the question stays.
        draft.contact_chat_only = True
        turn.data["draft"] = draft.to_json()
        notes += [turn.t("answer.contact_chat_only"), _question(turn, asking)]
        turn.say("\n".join(notes), _choices(turn, asking))
        return
    have = turn.data.pop(EVIDENCE_HAVE, None) if asking == FieldName.EVIDENCE else None
    if asking == FieldName.EVIDENCE and text:
        if have and yes_have(text) and not turn.inbound.attachments:
            # "对的" / "yes" to the follow-up after "医院的单子有": material exists, awaited
            # with the words that named it (trial 24: it was taken as none).
            await _evidence_later(turn, draft, have, notes, note_text=have)
        elif says_none(text) or resolve_choice(turn) == "none" or goes_on(text):
            await _no_evidence(turn, draft, notes, text)
        elif evidence_later(text) and not turn.inbound.attachments:
            await _evidence_later(turn, draft, text, notes)
        elif evidence_remark(text) and not turn.inbound.attachments:
            # "照片就是这个", "就这些 没别的了": the evidence step is done, no story.
            if not await _evidence_remarked(turn, draft, text, notes):
                turn.say(turn.t("evidence.send_it"), _choices(turn, FieldName.EVIDENCE))
                return
        elif (number := tracking_number(draft, text)) and not turn.inbound.attachments:
            # "1234567890123" in a parcel's complaint: its tracking number, kept as the order
            # number (newcomer trial 22), not an item of evidence; the question stays.
            before = Draft.from_json(draft.to_json())
            keep_tracking_number(draft, number)
            turn.data["draft"] = draft.to_json()
            notes += noted_facts(turn, before, draft, False)
            notes.append(_question(turn, FieldName.EVIDENCE))
            turn.say("\n".join(notes), _choices(turn, FieldName.EVIDENCE))
            return
        elif is_question(text) and not turn.inbound.attachments:
            # "whats the tracking number for?": a question about the evidence, never an item
            # of it (newcomer trial 22): what evidence is for and that it is optional, once
            # (the router may have said it for "do i need to send it"), the question kept
            # for the staff, and the evidence question stays.
            _note_question(draft, "answer.noted_question", text)
            turn.data["draft"] = draft.to_json()
            if not any(r.text == turn.t("need.evidence") for r in turn.replies):
                notes.append(turn.t("need.evidence"))
            notes.append(_question(turn, FieldName.EVIDENCE))
            turn.say("\n".join(notes), _choices(turn, FieldName.EVIDENCE))
            return
        elif (
            not turn.inbound.attachments
            and evidence_in_words(text)
            and await _evidence_in_words(turn, draft, text, notes)
        ):
            # "订单号是123456789 有聊天记录截图", "有录音 还有证人 当时我老婆也在": evidence
            # given in words is an item of text evidence, said back, never the account (trial
            # 24); the files it names are asked for once, else the conversation goes on.
            if not draft.evidence_done:
                turn.data["draft"] = draft.to_json()
                turn.say("\n".join(notes), _choices(turn, FieldName.EVIDENCE))
                return
        elif material_after_none(text) and not turn.inbound.attachments:
            # "盒子我扔了没有照片医院的单子有", "no photos but I have the receipt": what is there
            # is asked for, the words kept for a yes that follows (trial 24).
            turn.data[EVIDENCE_HAVE] = text.strip()[:MAX_FIELD_CHARS]
            turn.data["draft"] = draft.to_json()
            turn.say(turn.t("evidence.send_it"), _choices(turn, FieldName.EVIDENCE))
            return
        elif is_record(text) and not turn.inbound.attachments and await keep_text(turn, None):
            # A link or a pasted chat record at the evidence step is evidence (issue 15),
            # not more of the account: no field is read from it.
            draft.evidence_done = True
            notes.append(turn.t("evidence.received", count=await pending_count(turn)))
        else:
            before = Draft.from_json(draft.to_json())
            read_answer(turn, draft, None, text)
            told = add_to_story(turn, draft, text, asking)
            facts = noted_facts(turn, before, draft, False)
            if not (told or facts or turn.inbound.attachments) and wish_not_evidence(text):
                # "deposit refunded and an apology": wishes said again, none new, are said
                # back as wishes, and the evidence question stays; no item of evidence.
                facts = [wishes_noted(turn, draft)]
            if (
                not (told or facts or has_evidence(text))
                and len(text) >= 15
                and (not turn.inbound.attachments)
                and await keep_text(turn, None)
            ):
                draft.evidence_done = True  # a pasted record that is no story: evidence
                notes.append(turn.t("evidence.received", count=await pending_count(turn)))
            # What was recorded, named: the facts, and the story's words when it went on.
            notes += [updated_note(turn, before, draft, text)] if told else facts
            if not turn.inbound.attachments and not draft.evidence_done:
                turn.data["draft"] = draft.to_json()
                if has_evidence(text):  # "有病历和发票的照片": the files themselves, please
                    turn.data[EVIDENCE_HAVE] = text.strip()[:MAX_FIELD_CHARS]
                    notes.append(turn.t("evidence.send_it"))
                elif told or facts:  # what they said was kept; the evidence question stays
                    notes.append(_question(turn, FieldName.EVIDENCE))
                else:
                    notes.append(turn.t("invalid.evidence"))
                turn.say("\n".join(notes), _choices(turn, FieldName.EVIDENCE))
                return
    elif (
        text
        and asking
        and not draft.evidence_note
        and evidence_later(text)
        and names_evidence(text)
        and not turn.inbound.attachments
    ):
        # "照片在客服聊天记录里 你们自己去看" at the name question: where the evidence is,
        # kept for the agent; the question is asked again (newcomer trial 6: it was lost).
        await _evidence_later(turn, draft, text, notes)
        turn.data["draft"] = draft.to_json()
        turn.say("\n".join([*notes, _question(turn, asking)]), _choices(turn, asking))
        return
    elif (
        asking
        and evidence_remark(text)
        and not turn.inbound.attachments
        and await pending_count(turn)
    ):
        # "thats the photo" after a file sent at another question: acknowledged, no answer.
        turn.data["draft"] = draft.to_json()
        notes += [turn.t("evidence.received", count=await pending_count(turn))]
        turn.say("\n".join([*notes, _question(turn, asking)]), _choices(turn, asking))
        return
    elif asking and _filler_answer(turn, text):
        # "哈哈", "emmm", "ok": nothing is kept, the question is asked again as it was, and a
        # customer who goes on so hears how to get past it (newcomer trial 17: "haha" was
        # filed as the place).
        turn.data["draft"] = draft.to_json()
        notes.append(_question(turn, asking))
        notes += _way_out(turn, asking, FILLER)
        turn.say("\n".join(notes), _choices(turn, asking))
        return
    elif text or not turn.inbound.attachments:
        if asking:  # "呵呵 刘": the answer without the laughter beside it
            text = without_fillers(text)
        before = Draft.from_json(draft.to_json())
        problem = read_answer(turn, draft, asking, text)
        answered = bool(asking) and problem is None and draft.has(asking or "")
        told = add_to_story(
            turn, draft, text, asking, answered=answered and not before.has(asking or "")
        )
        if problem == "reader.noted_facts" and not told:
            # A failed answer holding facts ("年费 360" at the time question) joins the
            # account, and the customer hears that it did (newcomer trial 17).
            told = keep_unkept_facts(turn, draft, text)
        if (
            problem == "reader.noted_facts"
            and not told
            and asking == FieldName.OBJECT
            and draft.account != before.account
        ):
            # A line of the story the object's reader kept itself ("他们说没货", "佢仲鬧我"):
            # the customer hears it was kept, as for any other (newcomer trial 22: silent).
            # Not the facts a failed wish kept for the agent ("就是那个店员"), said in silence.
            told = True
        if problem == "reader.noted_facts" and not told and asking == FieldName.REMEDY:
            # "nobody came": a short story line the remedy reader kept in the account itself
            # (handlers/story.py:keep_story_line) is named in "Noted" too (newcomer trial 22).
            told = draft.account != before.account and story_instead_of_wish(text)
        if has_evidence(text) and not turn.inbound.attachments:
            # "有聊天记录的截图" at the name question: the files are asked for, whenever they
            # come, and the open question stays (newcomer trial 14: now story, now a refusal).
            notes.append(turn.t("evidence.send_any_time"))
            problem = "reader.noted_facts" if problem else problem
        if (
            problem
            and asking == FieldName.PLACE
            and _remote_channel(draft, problem, told=told or before.staff != draft.staff)
        ):
            # A bank's or carrier's matter with no branch said: the place is asked once, and
            # an answer that gives none records the company's channel, saying why.
            notes += noted_facts(turn, before, draft, told)  # what else the message told
            draft.place = turn.t("field.place_remote", company=draft.store)
            notes.append(turn.t("answer.place_remote", value=draft.place, company=draft.store))
            problem, told = None, False
        beside = _words_beside_who(before, draft, asking) if told else None
        if problem:
            notes += noted_facts(turn, before, draft, told, beside)  # what it told is kept
        if problem != "answer.noted_question":
            notes += _questions_noted(turn, before, draft)
            # Another question answered meanwhile ("my name is Li Lei" at the object question)
            # is progress: not counted as leaving this one open.
        progressed = bool(problem) and len(draft.missing()) < len(before.missing())
        if problem and asking and _skip_refused(turn, draft, asking, problem, progressed):
            notes.append(_skipped_note(turn, draft, asking))
            await ask_next(turn, draft, "\n".join(notes))
            return
        if problem:
            _note_question(draft, problem, text)
            turn.data["draft"] = draft.to_json()
            notes.append(_problem_text(turn, problem, text))
            notes += _way_out(turn, asking, problem, progressed) or _remote_why(turn, draft)
            turn.say("\n".join(notes), _choices(turn, asking or ""))
            return
        if told:
            # "孩子前几天在幼儿园摔了 额头磕破了": the time is the answer, the rest joined the
            # account; the customer hears that it did, as for a message that answers nothing
            # (newcomer trial 18: it was kept in silence, or lost). The answer is named too:
            # "已记下：时间 上周五、经过", not "经过" alone, as if the time had not been taken
            # (newcomer trial 20). Beside a name or a contact, the words kept are said back
            # ("经过（补充：“房间号是8012”）"): the customer sees the fact was not taken for
            # part of the answer (newcomer trial 22).
            notes += noted_facts(turn, before, draft, told, beside)
        if asking == FieldName.TIME and draft.occurred_text and not draft.occurred_at:
            # "不记得了", "反正就是前段时间": recorded as not known or rough, said in one line.
            notes.append(turn.t("answer.time_recorded", value=draft.occurred_text))
        if asking == FieldName.CONTACT and draft.contact_chat_only and not draft.phone:
            notes.append(turn.t("answer.contact_chat_only"))  # "就在这里回我": said back
        if asking == FieldName.REMEDY and no_remedy_yet(draft):
            # "先不用", "还没想好": recorded as none yet, the business to propose one, in one line.
            notes.append(turn.t("answer.remedy_recorded"))
        if offers_chat_id(text) and not (draft.phone or draft.email):
            # "我叫Jessica 微信号是 jess_0921 你加我就行": the name is taken, and the customer
            # hears why the ID cannot be used before the contact is asked (newcomer trial 14:
            # the ID was passed over in silence).
            notes.append(explain_contact(turn, "reader.contact_reluctant", _RELUCTANT_AGAIN))
    # Read as an answer, yet the question is still open (a company taken as a correction of
    # the object at the place question): ask_next counts it as a miss.
    left_open = bool(asking) and not draft.has(asking or "") and asking in _SKIPPED_UNANSWERED
    await ask_next(turn, draft, "\n".join(notes), left_open=left_open)


def _questions_noted(turn: Turn, before: Draft, draft: Draft) -> list[str]:
    """ "您的问题“但是钱怎么办”我已记下…" for a question the readers noted for the staff
    beside what else the message said (the remedy question's reader: "我已经打电话冻结了 但是
    钱怎么办"), so the customer knows it was heard (newcomer trial 22: noted in silence)."""
    asked = [q for q in draft.questions if q not in before.questions]
    return [turn.t("answer.noted_question", question=quote(asked[-1], 40))] if asked else []


def _words_beside_who(before: Draft, draft: Draft, asking: str | None) -> str | None:
    """The words a message at the name or contact question added to the account (said back
    with the note); None at other questions, or when the account did not grow at its end."""
    if asking not in (FieldName.NAME, FieldName.CONTACT):
        return None
    old, new = before.account or "", draft.account or ""
    return new[len(old) :].strip() or None if new.startswith(old) else None


async def _no_evidence(turn: Turn, draft: Draft, notes: list[str], said: str = "") -> None:
    """The evidence step answered "none" (files sent before still count). When the words
    `said` give a reason beside the none ("当时没拍 喝了一半才发现的"), they are kept for the
    agent and said back (newcomer trial 21)."""
    draft.evidence_done = True
    # "快递单照片删了": which paper is missing helps the agent too (newcomer trial 22)
    if reason_words(said) or (names_which_evidence(said) and no_evidence_reason(said)):
        draft.evidence_reason = said.strip()[:MAX_FIELD_CHARS]
    if not await pending_count(turn):
        draft.evidence_skipped = True
        if draft.evidence_reason:
            notes.append(turn.t("evidence.skipped_reason", reason=draft.evidence_reason))
        else:
            notes.append(turn.t("evidence.skipped"))


async def _evidence_said_aside(turn: Turn, draft: Draft, text: str, notes: list[str]) -> str:
    """The message without its closing words that there is no evidence, said before the
    evidence question ("13812345678 没有照片", "冇相" at the contact question: newcomer trial
    20, read as refusing a phone): the evidence step is answered "none" and the rest read as
    usual. Only words that name what is missing count here ("没有照片", "照片删了", "没拍"):
    a bare "没有" answers the open question."""
    aside = evidence_aside(text) if not turn.inbound.attachments else None
    if aside is None:
        return text
    if not aside[0] and not draft.evidence_note and evidence_later(text) and names_evidence(text):
        return text  # "冇截圖" alone: kept as a note for the agent by the path for that
    await _no_evidence(turn, draft, notes, aside[1])
    return aside[0]


async def _evidence_in_words(turn: Turn, draft: Draft, text: str, notes: list[str]) -> bool:
    """Evidence given in words at the evidence step (handlers/evidence_words.py:
    evidence_in_words): kept as an item of text evidence and said back; an order or tracking
    number in it is kept in its field too, as the account's reader would (never replacing
    one already given: the item holds it). The files it names ("聊天记录截图", "录音", "a
    receipt") are asked for, the question staying, unless evidence was already kept at this
    step; otherwise the step is done. False when the policy takes no text evidence."""
    earlier = await pending_count(turn)
    if not await keep_text(turn, None):
        return False
    before = Draft.from_json(draft.to_json())
    number = extract_fields(text, turn.now).order_no
    if number and draft.order_no in (None, number):
        draft.order_no = number
    notes += noted_facts(turn, before, draft, False)
    notes.append(turn.t("evidence.text_kept", note=quote(text.strip(), 60)))
    if names_files(text) and not earlier:
        notes.append(turn.t("evidence.text_send_files"))
    else:
        draft.evidence_done = True
    return True


async def _evidence_remarked(turn: Turn, draft: Draft, text: str, notes: list[str]) -> bool:
    """A remark on the evidence sent or that there is no more ("thats the photo. nothing
    else"; handlers/evidence_words.py:evidence_remark) at the evidence step: done, with the
    files sent counted, or none when there are none and no more come (newcomer trial 17: it
    was appended to the account). False when it points at files that never came."""
    count = await pending_count(turn)
    if count:
        notes.append(turn.t("evidence.received", count=count))
    elif nothing_more(text):
        draft.evidence_skipped = True
        notes.append(turn.t("evidence.skipped"))
    else:
        return False
    draft.evidence_done = True
    return True


async def _evidence_later(
    turn: Turn, draft: Draft, text: str, notes: list[str], *, note_text: str | None = None
) -> None:
    """Evidence that comes later or lies elsewhere ("合同照片有 但在家里"): the evidence step
    is answered as none for now, the customer's words kept as the note for the agent, and
    the customer told that files sent after filing join the ticket (docs/process.md
    section 1; handlers/idle.py adds them)."""
    # with any question in it: "银行短信截图可以吗 算了先暂无"; or the words said before a yes
    whole = note_text or turn.inbound.text.strip()
    note = (whole if len(whole) <= MAX_FIELD_CHARS else text.strip())[:MAX_FIELD_CHARS]
    draft.evidence_note = f"{draft.evidence_note}；{note}" if draft.evidence_note else note
    if not await pending_count(turn):
        draft.evidence_skipped = True
    draft.evidence_done = True
    notes.append(turn.t("evidence.later", note=note))


# The problem an answer that left its question open is counted as when the question comes
# again (ask_next): facts said instead, no refusal.
_ASKED_AGAIN = "reader.noted_facts"

# --- no dead ends ------------------------------------------------------------------------
# A question refused this many times in a row says how to get past it (a none or "not
# known" answer it accepts, or a person); refused once more, a question that may stay
# unknown is recorded so and the intake goes on (newcomer trial 15: the time question
# refused "暂无", "1", "暂无", "1"… with no way out). The count lives in the state's data,
# which every new question (`turn.go`) starts afresh.
WAY_OUT_AFTER = 2
# Messages that leave the question open without refusing it (facts or a question said
# instead) count too, more slowly: a customer who answers every place question with what
# happened must not be asked it for ever (trial 19: an insurance claim and a parcel, the
# place asked after every message and the complaint never filed). One more than a refusal
# says the way out; the next skips a question that may stay unknown, the facts kept.
UNANSWERED_MORE = 1
# The contact is skipped ("this chat only") only when refused: never for facts said instead.
_SKIPPED_UNANSWERED = frozenset({FieldName.TIME, FieldName.OBJECT, FieldName.PLACE})
# The questions whose answer may be "not known": what each is recorded as when skipped.
# The contact is "this chat only" (docs/process.md section 1): the customer is answered here.
_SKIPPABLE = frozenset({FieldName.TIME, FieldName.OBJECT, FieldName.PLACE, FieldName.CONTACT})


# A name or a contact declined ("不想说", "不留", "没有") is a refusal too: explained each
# time, and from the second on with its way out (newcomer trial 17: "不留", "说了不留电话",
# "没有" at the contact question heard the same text three times).
_DECLINED = frozenset({"reader.name_declined", "reader.contact_reluctant"})


# Laughter or a filler said instead of an answer (handlers/answer_words.py:only_filler): no
# answer, counted as a refusal of the question for its way out.
FILLER = "reader.filler"


def _filler_answer(turn: Turn, text: str) -> bool:
    """Whether the message answers the open question (not the evidence step, where "好了"
    says it is done) with laughter or a filler alone, no button pressed nor file sent."""
    if turn.data.get("asking") == FieldName.EVIDENCE or turn.inbound.choice:
        return False
    return not turn.inbound.attachments and only_filler(text)


def _refusal(problem: str) -> bool:
    """Whether `problem` refuses the answer (an `invalid.*` text, a name or contact
    declined, or a filler said instead), rather than noting facts or a question said
    instead, which keep the question open without refusing anything."""
    return problem.startswith("invalid.") or problem in _DECLINED or problem == FILLER


def _way_out(turn: Turn, field: str | None, problem: str, progressed: bool = False) -> list[str]:
    """Counts a refusal of the open question; from the WAY_OUT_AFTER-th in a row on, the
    line that says how to get past it (`way_out.<field>`, else `way_out.default`)."""
    if not field or (progressed and not _refusal(problem)):
        return []  # another question answered meanwhile: progress, not counted
    if not _refusal(problem):
        turn.data["unanswered"] = int(turn.data.get("unanswered") or 0) + 1
        if _misses(turn) < WAY_OUT_AFTER + UNANSWERED_MORE:
            return []
    else:
        turn.data["refused"] = int(turn.data.get("refused") or 0) + 1
        if _misses(turn) < WAY_OUT_AFTER:
            return []
    own = f"way_out.{field}"
    return [turn.t(own if turn.t.has(own) else "way_out.default")]


def _remote_channel(draft: Draft, problem: str, told: bool) -> bool:
    """Whether the place question's answer that gave no place ends the question for a company
    that serves from no one place, named as the object with no branch ("China Mobile charged
    me roaming fees…": newcomer trial 22, the place asked after every answer until the way
    out): a refusal or not-known (`problem` invalid), or facts for the other questions said
    instead (a wish, the name, the contact). Then the company's channel is the place.
    The place question is still asked once, since a branch may matter (trial 14: "我在广州
    网上营业厅查的"), and asked again after more of the story or a staff member met (`told`:
    either may lead to a branch; trial14_t), as after a question back; a line into the home
    (宽带) keeps asking its address."""
    if problem == "answer.noted_question" or draft.place or not draft.store:
        return False
    if told and not problem.startswith("invalid."):
        return False
    return served_remotely(draft.store, f"{draft.product or ''} {draft.account or ''}")


def _remote_why(turn: Turn, draft: Draft) -> list[str]:
    """Why the place is asked again of a bank's or carrier's matter (more of the story was
    told instead, see _remote_channel), and how to end it: the question is never asked
    twice without a reason (newcomer trial 22)."""
    if turn.data.get("asking") != FieldName.PLACE or draft.place or not draft.store:
        return []
    if not served_remotely(draft.store, f"{draft.product or ''} {draft.account or ''}"):
        return []
    return [turn.t("answer.place_remote_why", company=draft.store)]


def _misses(turn: Turn) -> int:
    """How many messages in a row left the open question unanswered: refusals, and facts or
    questions said instead (the state's data: each new question starts afresh)."""
    return int(turn.data.get("refused") or 0) + int(turn.data.get("unanswered") or 0)


def _skip_refused(
    turn: Turn, draft: Draft, field: str, problem: str, progressed: bool = False
) -> bool:
    """Whether a question that may stay unknown, refused WAY_OUT_AFTER times in a row
    already, is refused again: then it is recorded as not said (`field.time_unknown`,
    `field.object_none`, `field.place_none`) in `draft`, and True."""
    if field not in _SKIPPABLE or (progressed and not _refusal(problem)):
        return False
    if _refusal(problem):
        if _misses(turn) < WAY_OUT_AFTER:
            return False
    elif field not in _SKIPPED_UNANSWERED or _misses(turn) < WAY_OUT_AFTER + UNANSWERED_MORE:
        return False
    said = turn.t("field.not_said")
    if field == FieldName.TIME:
        draft.occurred_at, draft.occurred_text = None, turn.t("field.time_unknown", said=said)
    elif field == FieldName.OBJECT:
        draft.product = draft.object_none = turn.t("field.object_none", said=said)
    elif field == FieldName.CONTACT:
        draft.contact_chat_only = True
    else:
        draft.place = turn.t("field.place_none", said=said)
    return True


def _skipped_note(turn: Turn, draft: Draft, field: str) -> str:
    if field == FieldName.CONTACT:
        return turn.t("answer.contact_chat_only")
    value = row(field).shown(draft, turn.t, 0)
    return turn.t("answer.skipped", field=turn.t(row(field).label), value=value)


def _note_question(draft: Draft, problem: str, text: str) -> None:
    if problem == "answer.noted_question" and text not in draft.questions:
        draft.questions.append(text[:MAX_FIELD_CHARS])


# Why a contact is needed, said again in the same visit: one short line (handlers/session.py).
_RELUCTANT_AGAIN = "reader.contact_reluctant_again"


def _problem_text(turn: Turn, problem: str, text: str) -> str:
    if problem == "reader.noted_facts":
        return _question(turn, turn.data.get("asking"))
    if problem == "reader.name_declined":  # why a name is asked, then the question
        return f"{turn.t('answer.why_name')}\n{_question(turn, turn.data.get('asking'))}"
    if problem == "reader.contact_reluctant":
        why = explain_contact(turn, problem, _RELUCTANT_AGAIN)
        return f"{why}\n{_question(turn, turn.data.get('asking'))}"
    if problem == "reader.phone_needs_code":  # "07700 900123", "9123 4567": its code asked
        return turn.t(problem, number=local_number(text) or text.strip())
    if problem == "answer.noted_question":
        question = turn.t("answer.noted_question", question=quote(text, 40))
        return f"{question}\n{_question(turn, turn.data.get('asking'))}"
    return turn.t(problem)


async def _files_then_corrections(turn: Turn, draft: Draft, notes: list[str]) -> str | None:
    """Takes the message's files as evidence and reads a correction in passing, adding what
    the customer should hear to `notes`. The words left to read, or None when a correction
    already answered the turn."""
    if turn.inbound.attachments and await take_attachments(turn, None):
        draft.evidence_done = True
        notes.append(turn.t("evidence.received", count=await pending_count(turn)))
    text = said(turn)
    if text and _evidence_given_in_words(turn, text):
        return text  # its numbers are the evidence's: no phone to warn about, no correction
    if turn.data.get("asking") == FieldName.NAME and not draft.name and bare_name_framed(text):
        return text  # "周五" asked the name: the name, no time said again (newcomer trial 24)
    if text:
        notes += warnings(turn, text)
        if await _corrected(turn, draft, text, notes):
            return None
    return text


def _evidence_given_in_words(turn: Turn, text: str) -> bool:
    """Whether `text` answers the open evidence question with evidence in words ("快递单号
    SF1234567890 物流显示已签收", "我有收据 发票号码 04400212"; trial 24): read by the
    evidence step, never as a correction ("已更正：投诉对象 物流") or a mistyped phone."""
    return (
        turn.state == State.COLLECTING
        and turn.data.get("asking") == FieldName.EVIDENCE
        and not turn.inbound.attachments
        and evidence_in_words(text)
    )


async def _corrected(turn: Turn, draft: Draft, text: str, notes: list[str]) -> bool:
    """Handles a correction in passing; True when the turn is answered by it."""
    before = Draft.from_json(draft.to_json())
    try:
        fields = apply_correction(turn, draft, text)
    except ForOtherMatter:  # "上周三晚上11点" after "另外还有一件事…": that matter's
        await _for_other_matter(turn, before, text)
        return True
    if fields is None:
        return False
    if not fields:
        named = [
            f for f in (turn.reading.cues.field_labels if turn.reading else ()) if f in FIELD_ORDER
        ]
        if len(named) == 1 and await _corrected_to(turn, draft, named[0], text, notes):
            return True  # "名字写错了，应该是王方": the words after the cue are the value
        if len(named) == 1:  # "地址写错了": ask that field again
            turn.go(State.EDITING, draft=draft.to_json(), asking=named[0], back=turn.state)
            ask = _question(turn, named[0])
            if named[0] == FieldName.CONTACT and local_number(text):
                # "不对 电话打错了 是0912345679": why that number cannot be taken, not the
                # bare question again (newcomer trial 20: it was passed over in silence).
                ask = _problem_text(turn, "reader.phone_needs_code", text)
            turn.say("\n".join([*notes, ask]), _choices(turn, named[0]))
            return True
        # Asked mid-way, the open question comes back after the change (newcomer trial 22:
        # the summary followed, the evidence question skipped and shown as 暂无).
        turn.go(State.CHOOSING_FIELD, draft=draft.to_json(), **_back_to(turn))
        turn.say("\n".join([*notes, turn.t("reader.which_correction")]), _field_choices(turn))
        return True
    notes.append(correction_note(turn, draft, fields, before))
    if _collecting(turn):
        _answer_before(turn, draft, text, fields)
        await ask_next(turn, draft, "\n".join(notes))
    else:
        await show_summary(turn, draft, "\n".join(notes))
    return True


def _back_to(turn: Turn) -> dict[str, str]:
    """The state a change picked from the list of fields returns to: the questions, when it
    was asked for while they were open (the `back` of the state's data), else the summary."""
    if turn.state == State.COLLECTING or turn.data.get("back") == State.COLLECTING:
        return {"back": State.COLLECTING.value}
    return {}


def _collecting(turn: Turn) -> bool:
    """Whether the questions are still open: being asked, or a change picked mid-way."""
    return bool(_back_to(turn))


def _answer_before(turn: Turn, draft: Draft, text: str, fields: list[str]) -> None:
    """Reads the answer to the open question said before a correction ("1和5  哦对了手机号
    打错了是…": options 1 and 5 are the remedy) into `draft`, when there is one and it fits;
    the draft is left as it was otherwise."""
    asking = turn.data.get("asking")
    prefix = before_correction(text)
    if not asking or asking in fields or asking == FieldName.EVIDENCE or not prefix:
        return
    trial = Draft.from_json(draft.to_json())
    if read_answer(turn, trial, asking, prefix) is None and trial.has(asking):
        for column in row(asking).columns:
            setattr(draft, column, getattr(trial, column))


async def _corrected_to(turn: Turn, draft: Draft, field: str, text: str, notes: list[str]) -> bool:
    value = new_part(after_cue(text, "correction", "words", last=True))
    if not value or value == text.strip() or field not in FREE_TEXT:
        return False
    trial = Draft.from_json(draft.to_json())
    for column in row(field).columns:
        setattr(trial, column, None)
    if read_answer(turn, trial, field, value) is not None:
        return False
    notes.append(correction_note(turn, trial, [field], draft))
    if turn.state == State.COLLECTING:
        await ask_next(turn, trial, "\n".join(notes))
    else:
        await show_summary(turn, trial, "\n".join(notes))
    return True


def _field_choices(turn: Turn) -> tuple[Choice, ...]:
    return tuple(Choice(f.name, turn.t(f.label)) for f in FIELDS)


# Conversation data at the summary: how many files came since the confirmation was last
# asked in words of its own (newcomer trial 20: "好了" typed after sending photos meant "done
# sending", and filed). Any state change drops it (Turn.go), so it counts only files that
# came after the last question.
FILES_ADDED = "files_added"


async def confirming(turn: Turn) -> None:
    """State `confirming`: submit, change, cancel; or more evidence, story or a correction.

    Files that arrive at the summary are counted (FILES_ADDED) until the confirmation is asked
    again for another reason; an unclear yes meanwhile (answers.py:explicitly_confirms) hears
    what was added and is asked again instead of filing (docs/process.md section 1)."""
    added = int(turn.data.get(FILES_ADDED) or 0)
    before = await pending_count(turn) if turn.inbound.attachments else 0
    await _confirming(turn, added)
    if turn.inbound.attachments and turn.state == State.CONFIRMING:
        taken = await pending_count(turn) - before
        if taken > 0:
            turn.data[FILES_ADDED] = added + taken


async def _files_added(turn: Turn, draft: Draft, added: int) -> None:
    """The answer to an unclear yes after `added` files came at the summary: what was added
    and the confirmation asked again, with the words that file it."""
    total = await pending_count(turn)
    turn.go(State.CONFIRMING, draft=draft.to_json())
    turn.say(turn.t("confirm.files_added", added=added, total=total), _confirm_choices(turn))


async def _confirming(turn: Turn, added: int) -> None:
    draft = Draft.from_json(turn.data.get("draft"))
    choice = resolve_choice(turn)
    words = normalise(said(turn))
    if turn.data.get(OTHER_MATTER) and not turn.inbound.attachments:
        await _matter_answered(turn, draft, choice)
        return
    if choice == "submit" or (confirms(turn, words) and not turn.inbound.attachments):
        if added and choice != "submit" and not explicitly_confirms(turn.inbound.text):
            await _files_added(turn, draft, added)  # "好了" may mean "done sending"
            return
        ticket = await file_ticket(turn, draft)
        # `filed`: a bare "1", "好" or "ok" next acknowledges this filing (handlers/idle.py).
        turn.go(State.IDLE, about=ticket.number, about_at=turn.now.isoformat(), filed=ticket.number)
        turn.say(acknowledgement(turn, ticket))
        if draft.later:  # the other complaint they told while this one was filled in
            story = "\n".join(draft.later)
            turn.say(turn.t("reader.later_now"))
            await start(
                turn,
                with_account=is_substantive(story),
                text=story,
                greet=False,
                facts=draft.later_facts,
                filed=draft,
            )
        return
    if choice == "change" or words in ("改", "更改", "修改"):
        turn.go(State.CHOOSING_FIELD, draft=draft.to_json())
        turn.say(turn.t("confirm.which_field"), _field_choices(turn))
        return
    if choice == "cancel":
        await cancel(turn)
        return
    if words in SUMMARY_WORDS:
        await show_summary(turn, draft)
        return
    notes: list[str] = []
    if vents(turn.inbound.text) and not turn.inbound.attachments:
        # "真没意思 这种店", "垃圾店": kept, never a yes (read whole: abuse is cut from said())
        await _vented(turn, draft, turn.inbound.text, notes)
        return
    text = await _files_then_corrections(turn, draft, notes)
    if text is None:
        return
    if text:
        before = draft.to_json()
        if evidence_later(text) and names_evidence(text) and not turn.inbound.attachments:
            await _evidence_later(turn, draft, text, notes)  # "收据在家里，明天拍给你们"
            await show_summary(turn, draft, "\n".join(notes))
            return
        if evidence_remark(text) and not turn.inbound.attachments:
            # "thats the photo. nothing else" after a file: acknowledged, no story. A closing
            # word ("没了", "done", "that's all") ends the sending: said so, never as a new
            # item (trial 24: "Received 1 item(s)" again); the confirmation that follows
            # is what the customer last saw, so a yes to it files.
            if count := await pending_count(turn):
                key = "evidence.all_in" if nothing_more(text) else "evidence.received"
                notes.append(turn.t(key, count=count))
            await confirm_again(turn, draft, "\n".join(notes))
            return
        if says_none(text) and not turn.inbound.attachments:
            # "none for now", "暂时没有" at the summary: nothing to send now; the evidence
            # line stays as it is (trial 24: "Please reply with the number").
            if not (await pending_count(turn) or draft.evidence_note):
                draft.evidence_skipped = True
            notes.append(turn.t("evidence.none_now"))
            await confirm_again(turn, draft, "\n".join(notes))
            return
        if value_for_wish(draft, text):  # "东西价值800多" at the summary: the money wish's
            changed = updated_note(turn, Draft.from_json(before), draft)
            await show_summary(turn, draft, "\n".join([*notes, changed]))
            return
        if other_problem(draft.account or "", text) and not turn.inbound.attachments:
            await ask_which_matter(turn, draft, text, notes)  # "还有 结账的时候多收了我20块"
            return
        fill(draft, conversation_fields(turn, text), turn.now, frozenset())
        if number := tracking_number(draft, text):  # a parcel's number said bare at the summary
            keep_tracking_number(draft, number)
        told = add_to_story(turn, draft, text, None) or _keep_reference(turn, draft, text)
        if has_evidence(text) and not turn.inbound.attachments and not told:
            notes.append(turn.t("evidence.send_any_time"))  # "照片我有" at the summary
        elif is_question(text):
            _note_question(draft, "answer.noted_question", text)
            notes.append(turn.t("answer.noted_question", question=quote(text, 40)))
        elif told or draft.to_json() != before:
            changed = updated_note(turn, Draft.from_json(before), draft, text if told else None)
            await show_summary(turn, draft, "\n".join([*notes, changed]))
            return
        elif _new_time_detail(draft, text, turn):
            # "蛋糕是昨天下午买的": the object known, the afternoon not; the line joins the
            # account (newcomer trial 22: it was acknowledged as known and lost).
            _append_account(turn, draft, text)
            changed = updated_note(turn, Draft.from_json(before), draft, text)
            await show_summary(turn, draft, "\n".join([*notes, changed]))
            return
        elif not notes:  # a fact already known said again is acknowledged, not refused
            notes += facts_told(turn, draft, text) or [turn.t("invalid.choice")]
    if turn.inbound.attachments:  # evidence sent: the summary's evidence line changed
        await show_summary(turn, draft, "\n".join(notes))
        return
    await confirm_again(turn, draft, "\n".join(notes))


async def _vented(turn: Turn, draft: Draft, text: str, notes: list[str]) -> None:
    """Venting at the summary ("真没意思 这种店", "太气人了 以后再也不来了", "what a joke of a
    shop"; nlp/summary_cues.py:vents): kept in the account in the customer's words, so the
    handler reads how the customer feels, said back in one line, and the confirmation asked
    again. It neither files nor cancels (newcomer trial 22: it was refused as no option)."""
    if not already_told(draft, text):
        _append_account(turn, draft, text)
    notes.append(turn.t("confirm.vent_kept", words=quote(text.strip(), 40)))
    await confirm_again(turn, draft, "\n".join(notes))


def _append_account(turn: Turn, draft: Draft, text: str) -> None:
    """Adds `text` to the account as a line of its own, cut at the policy's limit."""
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{text.strip()}"[:limit] if draft.account else text.strip()


def _new_time_detail(draft: Draft, text: str, turn: Turn) -> bool:
    """Whether `text`, said at the summary, tells a time the account and the time on file do
    not hold ("蛋糕是昨天下午买的" under "昨天…买的蛋糕"): a detail of the same matter."""
    if already_told(draft, text):
        return False
    told = extract_fields(text, turn.now).occurred_text or ""
    held = f"{draft.account or ''} {draft.occurred_text or ''}"
    return bool(told) and told not in held


# Conversation data at the summary: a line that told another kind of trouble than the
# complaint's, waiting for "same complaint or another one?" to be answered. Any state change
# drops it (Turn.go), so it is set again after every reply that keeps the question open.
OTHER_MATTER = "other_matter"


def _matter_choices(turn: Turn) -> tuple[Choice, ...]:
    return (
        Choice("same", turn.t("confirm.matter_same")),
        Choice("separate", turn.t("confirm.matter_separate")),
    )


async def ask_which_matter(turn: Turn, draft: Draft, text: str, notes: list[str]) -> None:
    """Asks whether `text`, said at the summary and telling another kind of trouble than the
    complaint's ("还有 结账的时候多收了我20块" under a mouldy cake; nlp/summary_cues.py:
    other_problem), belongs to this complaint or is another one (newcomer trial 22: it was
    merged without asking). The line waits in OTHER_MATTER until answered."""
    subject = draft.product or draft.store or draft.staff or quote(draft.account or "", 12)
    question = turn.t("confirm.which_matter", words=quote(text.strip(), 40), subject=subject)
    turn.go(State.CONFIRMING, draft=draft.to_json())
    turn.say("\n".join([*notes, question]), _matter_choices(turn))
    turn.data[OTHER_MATTER] = text.strip()[: MAX_FIELD_CHARS * 5]


async def _matter_answered(turn: Turn, draft: Draft, choice: str | None) -> None:
    """The answer to ask_which_matter: "same" adds the line to the account and shows the
    summary; "separate" keeps it as another complaint, recorded after this one is filed (as
    "我还要投诉…" is). Anything else, a yes included, asks the question again: the line is
    neither lost nor merged unasked."""
    text = str(turn.data[OTHER_MATTER])
    verdict = choice if choice in ("same", "separate") else matter_answer(said(turn))
    if verdict == "same":
        before = Draft.from_json(draft.to_json())
        fill(draft, conversation_fields(turn, text), turn.now, frozenset())
        _append_account(turn, draft, text)
        await show_summary(turn, draft, updated_note(turn, before, draft, text))
        return
    if verdict == "separate":
        draft.later.append(_ONE_MORE.sub("", text).strip() or text)  # without its "还有"
        await confirm_again(turn, draft, turn.t("reader.later_noted"))
        return
    turn.say(turn.t("confirm.which_matter_again"), _matter_choices(turn))


def _keep_reference(turn: Turn, draft: Draft, text: str) -> bool:
    """Keeps in the account a line said at the summary that gives a reference the draft does
    not hold yet ("会员号88812345 记一下": newcomer trial 20, it was refused as no option and
    lost); True when it was kept."""
    known = f"{draft.account or ''} {draft.order_no or ''}"
    if not any((ref.code or "") not in known for ref in find_references(text)):
        return False
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{text.strip()}"[:limit] if draft.account else text.strip()
    return True


async def choosing_field(turn: Turn) -> None:
    """State `choosing_field`: the field to change, picked from the summary's list."""
    draft = Draft.from_json(turn.data.get("draft"))
    field = resolve_choice(turn)
    text = said(turn)
    if field is None and text and await _corrected(turn, draft, text, []):
        # "时间改成前天" at the list of fields: applied as at the summary, which follows
        # (newcomer trial 15: told to reply with an option's number).
        return
    if field is None:
        told = facts_told(turn, draft, said(turn))  # "邮箱没记上啊 x@y.com": a fact, kept
        turn.data["draft"] = draft.to_json()
        hint = turn.t("confirm.which_field") if told else turn.t("invalid.choice")
        turn.say("\n".join([*told, hint]), tuple(turn.offered()))
        return
    turn.go(State.EDITING, draft=draft.to_json(), asking=field, **_back_to(turn))
    turn.say(_question(turn, field), _choices(turn, field))


async def editing(turn: Turn) -> None:
    """State `editing`: the new answer to one field replaces the old one whole."""
    draft = Draft.from_json(turn.data.get("draft"))
    field = turn.data.get("asking") or FieldName.ACCOUNT
    if field == FieldName.EVIDENCE:
        if turn.inbound.attachments:
            await take_attachments(turn, None)
        elif normalise(turn.inbound.text) not in NONE_WORDS and resolve_choice(turn) != "none":
            await keep_text(turn, None)
        draft.evidence_done = True
        if _collecting(turn):  # picked mid-way: the questions still open come next
            await ask_next(turn, draft, turn.t("confirm.updated"))
            return
        await show_summary(turn, draft, turn.t("confirm.updated"))
        return
    # The new answer replaces the old one whole; the old stays if the new one is refused.
    trial = Draft.from_json(draft.to_json())
    text = said(turn)
    if _filler_answer(turn, text):  # "哈哈" as the new place: no answer, the question again
        lines = [_question(turn, field), *_way_out(turn, field, FILLER)]
        turn.say("\n".join(lines), _choices(turn, field))
        return
    cleared = field_columns(field)
    if field == FieldName.CONTACT:  # only an e-mail: the phone stays (newcomer trial item 3)
        cleared = replaced_contact(text, conversation_fields(turn, text)) or cleared
    for column in cleared:
        setattr(trial, column, None)
    problem = read_answer(turn, trial, field, text)
    if problem:
        # Facts noted beside the refused answer ("东西价值800多" kept with the money wish while
        # the name is changed) stay; the field being changed keeps its old value.
        for column in cleared:
            setattr(trial, column, getattr(draft, column))
        draft = trial
        _note_question(draft, problem, text)
        turn.data["draft"] = draft.to_json()
        lines = [_problem_text(turn, problem, text), *_way_out(turn, field, problem)]
        turn.say("\n".join(lines), _choices(turn, field))
        return
    restate_account(trial, quoted_values(draft))  # the story quotes the new value, not the old
    note_renamed(turn, draft, trial)  # "更正：第三人民医院 → 第三中心医院" after the story
    changed = updated_note(turn, draft, trial)  # "已更新：姓名 王小芳。"
    if turn.data.get("back") == State.COLLECTING:  # a correction asked for mid-way: carry on
        await ask_next(turn, trial, changed)
        return
    await show_summary(turn, trial, changed)


# A cancelled draft is kept this long in the conversation's data (no table of its own), so
# a change of mind ("等等 还是投诉吧") brings it back (newcomer trial 15: one minute after
# "算了算了 不投诉了" the customer started again from nothing).
RESTORE_MINUTES = 30


async def cancel(turn: Turn, reason: str = "") -> None:
    """取消: drops the evidence files received for the draft and puts the draft aside for
    RESTORE_MINUTES, so "还是投诉吧" can bring it back (`restore`); outside the intake there
    is nothing to cancel, and the customer is told so. `reason`, why the customer gave it up
    in their words ("商家已经重新给我送了一杯"), is kept with the cancelled draft and said back."""
    if turn.state not in STATES:  # idle, or a pushed question: no draft to drop
        turn.go(State.IDLE)
        turn.say(turn.t("common.nothing_to_cancel"))
        return
    files = await discard_pending(turn)
    draft = turn.data.get("draft")
    if not draft or not any(Draft.from_json(draft).has(f) for f in FIELD_ORDER):
        turn.go(State.IDLE)
        turn.say(turn.t("common.cancelled"))
        return
    cancelled = {"draft": draft, "at": turn.now.isoformat(), "files": files}
    if reason:  # erased with the draft: nothing cancelled is kept longer than it
        cancelled["reason"] = reason[:MAX_FIELD_CHARS]
    # Its own state, so the stale-draft scan finds it by state and time in SQL and erases it
    # when the time is over: what the customer cancelled is not kept beyond what was said.
    turn.go(State.DRAFT_CANCELLED, cancelled=cancelled)
    if reason:
        said_back = quote(reason, 40)
        turn.say(turn.t("common.cancelled_with_reason", reason=said_back, minutes=RESTORE_MINUTES))
        return
    turn.say(turn.t("common.cancelled_restorable", minutes=RESTORE_MINUTES))


def restorable(turn: Turn) -> bool:
    """Whether a draft cancelled less than RESTORE_MINUTES ago waits to be brought back (no
    database: it is in the conversation's data)."""
    cancelled = turn.data.get("cancelled")
    if turn.state != State.DRAFT_CANCELLED or not isinstance(cancelled, dict):
        return False
    at = datetime.fromisoformat(cancelled["at"])
    return turn.now - at <= timedelta(minutes=RESTORE_MINUTES)


async def restore(turn: Turn) -> None:
    """Brings the cancelled draft back ("还是投诉吧", "恢复", "undo") and asks what is still
    missing, or shows the summary; facts said with it are read in. Evidence files were
    dropped at the cancel: when there were some, the evidence question is asked again."""
    cancelled = turn.data["cancelled"]
    draft = Draft.from_json(cancelled["draft"])
    notes = [turn.t("common.restored")]
    if cancelled.get("files"):
        draft.evidence_done = draft.evidence_skipped = False
        notes.append(turn.t("common.restored_files", count=cancelled["files"]))
    if text := said(turn):
        fill(draft, conversation_fields(turn, text), turn.now, frozenset())
    await ask_next(turn, draft, "\n".join(notes))


async def resume(turn: Turn, again: str | None = None) -> None:
    """The customer came back (a greeting or /start mid-complaint): repeat where we are,
    after `again` (default "我们接着上次的继续。")."""
    draft = Draft.from_json(turn.data.get("draft"))
    again = turn.t("common.continue") if again is None else again
    if turn.state == State.CONFIRMING and turn.data.get(OTHER_MATTER):
        turn.say(f"{again}\n{turn.t('confirm.which_matter_again')}".strip(), _matter_choices(turn))
    elif turn.state == State.CONFIRMING and in_session(turn):
        await confirm_again(turn, draft, again)  # the summary is on the screen above
    elif turn.state == State.CONFIRMING:
        await show_summary(turn, draft, again)  # back after a while: all of it again
    elif turn.state == State.EDITING:
        field = turn.data.get("asking") or FieldName.ACCOUNT
        turn.say(f"{again}\n{_question(turn, field)}", _choices(turn, field))
    elif turn.state == State.CHOOSING_FIELD:
        turn.say(f"{again}\n{turn.t('confirm.which_field')}", tuple(turn.offered()))
    else:
        await ask_next(turn, draft, again)


async def explain_question(turn: Turn, meant: bool = False) -> None:
    """The open question said another way, for "?" alone (the customer does not follow):
    the field's `invalid.*` text, which gives examples, with its choices; at another step
    its short form (the summary's one line). Newcomer trial 14: "?" was answered as an
    emoji, "我们接着上次的继续", in the middle of a visit. `meant`: asked in words what the
    question means or wants ("这个要填什么", "like what?"): what the step asks for, with
    examples (`explain.<field>`; newcomer trial 24: stored as the account)."""
    field = turn.data.get("asking")
    if turn.state in (State.COLLECTING, State.EDITING) and field in BY_NAME and meant:
        turn.say(turn.t(f"explain.{field}"), _choices(turn, field))
    elif turn.state == State.COLLECTING and field in BY_NAME:
        turn.say(turn.t(row(field).invalid), _choices(turn, field))
    else:
        await resume(turn, "")


async def _for_other_matter(turn: Turn, draft: Draft, text: str) -> None:
    """A bare value for the other matter told while this one is filled in: kept with that
    matter's words, said in one line, and the open question asked again. `draft` is the
    draft as it was before the message, untouched by it."""
    draft.later_facts.append(text.strip()[:MAX_FIELD_CHARS])
    turn.data["draft"] = draft.to_json()
    await resume(turn, turn.t("reader.later_added", value=quote(text.strip(), 30)))


# Conversation data while a complaint is filled in: the customer announced another matter
# alone ("还有一件事", "one more thing") and its words are awaited. Any state change drops it.
ANNOUNCED = "matter_announced"


def announce_matter(turn: Turn) -> None:
    """ "还有一件事" alone while a complaint is filled in: asks for the other matter, which
    will be kept apart (announced_matter_told); the open question's choices stay offered, so
    "1" at the summary still files this one."""
    turn.data[ANNOUNCED] = True
    turn.say(turn.t("reader.later_ask"), tuple(turn.offered()))


async def announced_matter_told(turn: Turn) -> bool:
    """The message after "还有一件事": kept as the other matter (another_complaint), never
    merged into this one (newcomer trial 22: "你们的会员积分上个月被清零了" joined the cake's
    account and changed its time). A choice, a bare reply or a few characters are read as
    usual; True when the message was kept."""
    if not turn.data.get(ANNOUNCED):
        return False
    turn.data.pop(ANNOUNCED, None)
    text = said(turn)
    if resolve_choice(turn) is not None or not is_substantive(text) or confirms(turn, text):
        return False
    await another_complaint(turn, text)
    return True


async def another_complaint(turn: Turn, story: str) -> None:
    """ "另外还有一件事…" while a complaint is filled in: kept for after this one is filed,
    and the open question asked again."""
    draft = Draft.from_json(turn.data.get("draft"))
    draft.later.append(story[: MAX_FIELD_CHARS * 5])
    turn.data["draft"] = draft.to_json()
    await resume(turn, turn.t("reader.later_noted"))


# A second matter opened plainly while this one is filled in or sits at its summary (newcomer
# trial 20: "还有 我要投诉你们的会员积分 …" at the summary was merged into the cockroach
# complaint's account): words that add one more thing, then a complaint verb.
_ONE_MORE = re.compile(
    r"^(?:(?:(?:哦|噢|啊)?对了|还有|另外|此外|再就是|顺便|然后)[\s，,、:：。.!！~～]*)+"
)
_COMPLAINS = re.compile(r"^(?:我|俺)?(?:也|还|再)?(?:要|想|得|必须)?(?:再)?(?:投诉|举报)(?:一下)?")
# "我要投诉的就是这个房间", "投诉这家店": the matter on file, named again.
_SAME_MATTER = re.compile(r"^(?:的|这|那|就是|也是|还是)")


def new_matter_story(turn: Turn, text: str) -> str | None:
    """The words of a second matter `text` opens plainly ("还有 我要投诉你们的会员积分 上个月
    …", "另外我想投诉一下你们的前台…", "对了 还有 投诉你们的外卖骑手…"): an opener that adds
    one more thing, a complaint verb, and an object other than the draft's. None for more of
    the same matter ("还有 房间的床单也是脏的", "另外 我要投诉这个房间的隔音") and while the
    draft names no object yet (its object question may be what is answered)."""
    opened = _ONE_MORE.match(text.strip())
    if opened is None:
        return None
    story = text.strip()[opened.end() :]
    verb = _COMPLAINS.match(story)
    if verb is None or _SAME_MATTER.match(story[verb.end() :].lstrip()):
        return None
    draft = Draft.from_json(turn.data.get("draft"))
    known = [v for v in (draft.product, draft.store, draft.staff) if v]
    found = extract_fields(story[verb.end() :], turn.now)
    named = next((v for v in (found.product, found.staff, found.store) if v), None)
    if not known or not named:
        return None
    if any(named in v or v in named for value in known for v in value.split("、")):
        return None
    return story if is_substantive(story[verb.end() :]) else None


def draft_status(turn: Turn) -> str:
    """ "您有一份正在填写的投诉，还需要：时间、地点。" for /status during a draft."""
    draft = Draft.from_json(turn.data.get("draft"))
    missing = [turn.t(row(name).label) for name in draft.missing()]
    if not missing:
        return turn.t("answer.draft_ready")
    return turn.t(
        "answer.draft_in_progress",
        missing=turn.t("answer.needs_missing", fields=turn.t("draft.separator").join(missing)),
    )


def is_substantive(text: str) -> bool:
    """Whether `text` says something a complaint can start from (4+ letters or digits)."""
    return has_meaning(text) and sum(1 for ch in text if ch.isalnum()) >= 4


# The intake's states and their handlers (registered in handlers/router.py:STATE_HANDLERS).
STATES: dict[str, StateHandler] = {
    State.COLLECTING: collecting,
    State.CONFIRMING: confirming,
    State.CHOOSING_FIELD: choosing_field,
    State.EDITING: editing,
}
