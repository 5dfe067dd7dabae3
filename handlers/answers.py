"""Reading a customer's words into the complaint draft (issue 9): every fact for every field,
a question's answer only in its shape, corrections in passing, the story across messages.

The intake states (handlers/intake.py) call these; they never ask anything themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from handlers.answer_fields import (
    NO_OBJECT,
    chain_branch,
    days_ahead_unyeared,
    evidence_app,
    no_place,
    not_about_place,
    place_words,
    read_object,
    read_place,
    read_time,
)
from handlers.answer_person import (
    bare_name_framed,
    contact_aside,
    conversation_fields,
    declines_phone,
    name_among_words,
    name_before_chatter,
    name_with_contact,
    other_than_contact,
    person_not_place,
    read_contact,
    read_name,
    refuses_details,
    wants_chat_only,
)
from handlers.answer_wishes import (
    NOT_A_WISH,
    contact_instead_of_wish,
    facts_instead_of_wish,
    keep_wish,
    name_instead_of_wish,
    other_facts_in_wish,
    picked_remedies,
    read_remedy,
    refine,
    undecided_wish,
    wish_instead_of_answer,
)
from handlers.answer_words import (
    EDGES,
    FILLERS,
    MAX_FIELD_CHARS,
    PLACE_WORD,
    STORY_WORD,
    UNKNOWN_WORDS,
    WISH_WORD,
    clip_answer,
    leftover,
    name_shaped,
    names_a_sum,
    resolve_choice,
    wish_shaped,
)
from handlers.draft import Draft
from handlers.evidence_words import goes_on, says_none
from handlers.fields import FIELDS, FieldName, row
from handlers.fields import columns as field_columns
from handlers.reader import agrees, invalid_phone
from handlers.story import (
    adds_to_story,
    already_told,
    holds_unkept_facts,
    keep_story_line,
    story_instead_of_wish,
    story_not_object,
    tells_story,
    without_questions,
)
from handlers.texts import TRADITIONAL
from handlers.turn import Turn
from handlers.words import NONE_WORDS, has_meaning, normalise
from nlp.extract import Extracted, extract_fields, said_as_bought
from nlp.extract_company import is_chain
from nlp.extract_object import model_named
from nlp.extract_place import (
    branch_where,
    find_channel,
    generic_store,
    is_platform,
    names_where,
    reports_by_call,
    with_branch,
)
from nlp.extract_remedy import MONEY_KEYS, blanked, remedy_nouns, value_or_sum, with_value
from nlp.extract_time import length_since_bought
from nlp.intent import asking_clauses, declines_name, is_question
from nlp.name_glyphs import without_glyph_descriptions
from nlp.script import traditional_script
from nlp.time_precision import refines
from nlp.tokenizer import is_loaded as tokenizer_loaded
from nlp.tokenizer import tagged as tagged_words

# Said alone at the summary, these submit it: chat's short yes too ("嗯", "行", "好滴", "yep";
# newcomer trial 14: "嗯" was told to reply with an option's number).
CONFIRM_WORDS = frozenset(
    {
        *("确认", "确定", "提交", "是", "好", "嗯", "嗯嗯", "对", "行", "可以", "好滴", "好嘞"),
        *("好哒", "ok", "okay", "yes", "yep", "yeah", "yup", "sure", "confirm", "submit"),
    }
)


# --- reading answers ----------------------------------------------------------------------
def fill(draft: Draft, found: Extracted, now: datetime, overwrite: frozenset[str]) -> None:
    """Copies what extraction found into the draft; a field is replaced only when asked for."""

    def put(name: str, value: object) -> None:
        if value and (getattr(draft, name) is None or name in overwrite):
            setattr(draft, name, value)

    said_where = found.store if found.store and found.store == found.place else None
    if draft.store and said_where and names_where(said_where):
        # "海淀中关村那家" after "鑫达手机维修店": where the store named is, not another one
        # (newcomer trial 15: the district replaced the store, or was lost). After a chain
        # named alone ("海底捞的服务员…"), "望京那家" is its branch there: 海底捞望京店
        # (newcomer trial 20: the place was "望京", the chain lost).
        if draft.place is None and is_chain(draft.store):
            draft.store = draft.place = f"{draft.store}{said_where}店"
            found = replace(found, store=None, place=None)
        elif draft.place in (None, draft.store) and said_where not in draft.store:
            found = replace(found, store=None, place=f"{said_where} {draft.store}")
        else:
            found = replace(found, store=None, place=None)
    branch = with_branch(draft.store, found.store) if draft.store and found.store else None
    if draft.store and found.store and draft.store in found.store != draft.store:
        branch = found.store  # "如家酒店北京西站店" after "酒店": the fuller name of it
    if branch:  # "北京西站店" after "如家酒店": the chain's branch (newcomer trial 10)
        if draft.place in (None, draft.store):
            draft.place = branch
        draft.store = branch
    elif draft.store and found.venue and _names_the_kind(draft.store, found.venue):
        # "萌宠乐园西直门店" after "宠物店", at any question: the store meant (newcomer trial
        # 15: the name was lost, the kind of store filed), with where it is when said.
        # A branch named by where it is makes the kind precise ("广州天河店" after "4S店":
        # 广州天河4S店), as the remedy question's refine does.
        where = branch_where(found.venue)
        store = f"{where}{draft.store}" if where else found.venue
        if draft.place in (None, draft.store):
            draft.place = found.place if found.place and store in found.place else store
        draft.store = store
    if found.product or found.store or found.staff:
        if draft.object_none and draft.product == draft.object_none:
            draft.product = draft.object_none = None  # "nothing specific", now named
        put("product", found.product_label)  # every product named together (issue 9 item 5)
        if draft.staff and found.staff and draft.staff in found.staff != draft.staff:
            draft.staff = found.staff  # "司机（车牌京B12345）" after "司机": who exactly
        elif draft.staff and (found.staff or "").startswith("工号") and "工号" not in draft.staff:
            # "教练工号A017" after "教练态度很差": the staff number of the one named (trial 22:
            # 教练 read as staff, the number was lost)
            draft.staff = f"{draft.staff}（{found.staff}）"
        for name in ("store", "staff"):
            put(name, getattr(found, name))
    put("order_no", found.order_no)
    ahead = days_ahead_unyeared(found, now)  # "12月1日" on 30 November: that day, as said
    if found.occurred_at is not None and (found.occurred_at <= now or ahead):
        if _sharper_time(draft, found) or not draft.occurred_at or _incident_after(draft, found):
            # "上个礼拜四" after "上个礼拜": made more precise; a date after "不详（不记得了）"
            # or "前段时间（约）" (words, no date) replaces them.
            draft.occurred_at = draft.occurred_text = None
        put("occurred_at", found.occurred_at.isoformat())
        put("occurred_text", found.occurred_text)
    found_place = found.place or found.platform or found.venue
    if draft.place and found_place and draft.place in found_place != draft.place:
        draft.place = None  # the place said again more precisely
    if draft.place and not draft.store and is_platform(draft.place) and _physical(found):
        # "就在朝阳区建国路88号那个店" after "美团点的外卖": the store where it was made is
        # the place; the platform stays in the story (newcomer trial 10: it was lost).
        draft.place = None
    put("place", _place_for(draft.place, found.place or found.platform or found.venue))
    if (found.remedies_refused or found.wishes_refused) and draft.remedy_list():
        # "算了不要退款了", "不用重新保养了": taken back
        draft.set_remedies([r for r in draft.remedy_list() if not _taken_back(r, found)])
    if found.remedies and draft.remedy_none:
        # A wish said after "先不用" / "not right now": it replaces "none yet".
        draft.set_remedies([r for r in draft.remedy_list() if r[1] != draft.remedy_none])
        draft.remedy_none = None
    if found.remedies:
        # Every remedy is kept (issue 9 item 5): one said later joins the list, and an
        # answer to the remedy question (or a correction of it) replaces the list, unless
        # it is said as one more ("另外还要道歉"); a change of mind ("算了 … 退款",
        # "actually just refund") replaces it wherever it is said (newcomer trial 8).
        remedies = list(found.remedies)
        if ("remedy" in overwrite and not found.remedy_added) or found.remedies_only:
            draft.set_remedies(remedies)
        else:
            draft.add_remedies(remedies)
    put("name", found.name)
    put("phone", found.phone)
    put("email", found.email)


def _names_the_kind(store: str, said: str) -> bool:
    """Whether the store `said` names one store of the kind `store` only said ("宠物店",
    "牙科诊所"): a store with a name of its own, not the same words again."""
    return said != store and store not in said and generic_store(store) and not generic_store(said)


def _sharper_time(draft: Draft, found: Extracted) -> bool:
    """Whether the time `found` gives makes the draft's more precise (nlp/time_precision.py:
    "9月10号" after "两个多月前", "上个礼拜四" after "上个礼拜"); then it replaces it at any
    question, and the note of what was recorded names it (newcomer trial 14: it was lost)."""
    if not (draft.occurred_at and draft.occurred_text and found.occurred_at):
        return False
    old_at = datetime.fromisoformat(draft.occurred_at)
    new_words = found.occurred_text or ""
    return refines(draft.occurred_text, old_at, new_words, found.occurred_at)


def _incident_after(draft: Draft, found: Extracted) -> bool:
    """Whether `found` tells when the thing went wrong after the draft's time was only when it
    was bought ("ordered … on nov 12", then "it arrived yesterday with a stain"): the
    incident's time replaces it, and the purchase time stays in the account (newcomer
    trial 17: the order day was filed as when it happened)."""
    said, words = draft.account or "", draft.occurred_text
    if found.bought_time or not words:
        return False
    if words not in said and words.endswith("前") and words[:-1] in said:
        # "买了两周" filed as its start, "两周前" (newcomer trial 20)
        return length_since_bought(said, said.find(words[:-1]))
    if words not in said:
        return False
    at = said.find(words)
    return said_as_bought(said, at, at + len(words))


def _place_for(old: str | None, new: str | None) -> str | None:
    """The place `new` to put in the draft after `old`: a vaguer one is dropped ("上海" or a
    platform after "上海浦东张江"), and one that holds the old one is kept by clearing the old
    ("天河区中山大道 城东汽修" after "城东汽修"; newcomer trial 14: the street was lost)."""
    if not (old and new) or old == new:
        return new
    if new in old or (is_platform(new) and not is_platform(old)):
        return None  # vaguer than what was said: the physical place stays
    return new


def _physical(found: Extracted) -> bool:
    """Whether `found` names a store or a street address ("…建国路88号那个店"), not a
    platform; a district alone may be where the customer lives ("我家在朝阳区")."""
    if found.platform or not found.place or is_platform(found.place):
        return False
    return bool(found.venue or _HOUSE_NUMBER.search(found.place))


_HOUSE_NUMBER = re.compile(r"\d+\s*号")


def _taken_back(remedy: tuple[str, str], found: Extracted) -> bool:
    """Whether the message takes `remedy` back: by its kind ("不要退款了") or by its words
    ("不用重新保养了" takes back "要求免费重新保养")."""
    key, wording = remedy
    return key in found.remedies_refused or any(w in wording for w in found.wishes_refused)


def said(turn: Turn) -> str:
    """The customer's words for the conversation: the message without greetings, questions
    and thanks (handlers/reader.py), or the whole text where it was not read."""
    if turn.reading is None:
        return turn.inbound.text.strip()
    if not turn.reading.rest.strip() and wish_asked(turn):
        # "能赔偿吗 多久能到" at the remedy question: the question is answered, and the
        # request in its shape is the wish (newcomer trial 14: the wish was lost).
        return " ".join(turn.reading.cues.requests)
    return turn.reading.rest.strip()


def wish_asked(turn: Turn) -> bool:
    """Whether the open question is the remedy question."""
    return turn.data.get("asking") == FieldName.REMEDY


# Questions a named sum ("年费 360", "月租 50") never answers, though 年/月 are in its words.
_NO_SUM_ANSWER = frozenset({FieldName.TIME, FieldName.PLACE, FieldName.NAME})


# Answers a question's free-text reader may take as they stand; anything that holds other
# facts, or asks something, is not an answer to it ("手机号是…" is no remedy).
FREE_TEXT = frozenset(f.name for f in FIELDS if f.free_text)


def _shaped_for(field: str, rest: str) -> bool:
    """Whether `rest` has the shape of a free-text answer to `field`."""
    if field == FieldName.NAME:
        return name_shaped(rest)
    if field == FieldName.REMEDY:
        return len(rest) <= 30 and wish_shaped(rest)
    if field == FieldName.PLACE:  # "到现在还没发货" is the story, "海淀区五道口" a place
        return bool(PLACE_WORD.search(rest) or no_place(rest)) or (
            len(rest) <= 8 and not STORY_WORD.search(rest)
        )
    return normalise(rest) not in UNKNOWN_WORDS


def read_answer(turn: Turn, draft: Draft, field: str | None, text: str | None = None) -> str | None:
    """Reads one message into the draft. Returns the key of a complaint about the answer to
    `field` (the question that was asked), or None when it was answered.

    `text` defaults to the customer's words (`said`). Facts for other fields are kept
    whatever the question. A free-text answer (object, place, remedy, name) is taken only
    from the words left once those facts are out, and only in its shape: a name looks like
    a name, a remedy says what should happen; a question back, "暂无" or a sentence of the
    story answers none of them.

    A reply that goes on with the story (what add_to_story would append) and does not answer
    the question is no wrong answer: it is noted, and the question asked again plainly
    ("reader.noted_facts"), not refused as a bad time or place (a newcomer who answered the
    time question with "十天了还没到，物流一直不更新" was told the time was not understood).
    """
    text = said(turn) if text is None else text
    if field == FieldName.NAME:
        text = name_spelled(text)  # "陈静 安静的静": the name, its spelling no word of it
    if field == FieldName.CONTACT and (aside := contact_aside(turn, draft, text)):
        return aside  # the e-mail chosen, or only a number abroad: answered, nothing filled
    before = draft.to_json()
    problem = _read_answer(turn, draft, field, text)
    if field == FieldName.CONTACT and problem and wants_chat_only(text):
        # "就在这里回我": reached in this chat only, the customer's choice (docs/process.md
        # section 1, contact); a phone or e-mail given later is kept beside it.
        draft.contact_chat_only = True
        return None
    if problem and declines_phone(text) and not (draft.phone or draft.email):
        return "reader.contact_reluctant"  # why a phone is asked, not a bare refusal
    if field == FieldName.CONTACT and problem and (_none_said(text) or refuses_details(text)):
        # "没有" / "沒有" / "none" at the contact question: why one is needed, not "这不像
        # 有效的联系方式" (newcomer trial 15: a Taiwan customer's 沒有); so is a refusal in
        # any wording, "说了不给", "不想给", "凭什么给你" (trial 22: the second was scolded
        # as no valid contact, and its way out, "就在这里联系", came late or never).
        return "reader.contact_reluctant"
    told = without_questions(text)  # "我已经打电话冻结了 但是钱怎么办": the question is noted
    if field and problem == row(field).invalid and tells_story(turn, draft, told, field):
        return "reader.noted_facts"
    if field and problem == row(field).invalid and holds_unkept_facts(turn, draft, text):
        return "reader.noted_facts"  # kept in the account by the intake (keep_unkept_facts)
    noted = draft.to_json() != before
    if field == FieldName.NAME and problem == "reader.noted_facts" and not noted:
        # "Tmall" at the name question, the platform already known: nothing was taken, so
        # the customer hears how to give a name, not the same question again in silence.
        return row(field).invalid
    if field not in (None, FieldName.ACCOUNT) and problem == row(field).invalid and noted:
        # An order number or a phone said instead: noted, and the question asked again
        # plainly, not "没能识别这个时间" (newcomer trial 10).
        return "reader.noted_facts"
    return problem


def name_spelled(text: str) -> str:
    """`text` without the words that spell a character of the name ("安静的静", "耳东陈",
    "木子李"; nlp/name_glyphs.py): they confirm the name, they are not part of it nor story
    (newcomer trial 20). Said alone, the one character described is the answer ("木子李":
    the surname 李)."""
    kept, described = without_glyph_descriptions(text)
    if not described:
        return text
    if not has_meaning(kept) and len(described) == 1:
        return described[0]
    return kept if has_meaning(kept) else text


def _none_said(text: str) -> bool:
    """A bare "none" or "rather not" ("没有", "沒有", "none", "不想说")."""
    return normalise(text) in NONE_WORDS or declines_name(text) or says_none(text)


def _read_answer(turn: Turn, draft: Draft, field: str | None, text: str) -> str | None:
    among: str | None = None
    if field == FieldName.NAME and (name := name_before_chatter(text)):
        text = name  # the chatter is no fact ("刚才" in it is not when it happened)
    elif field == FieldName.NAME:
        among, text = name_among_words(text)
        text = (None if draft.name else bare_name_framed(text)) or text
    if field == FieldName.REMEDY and (asked := asking_clauses(text)):
        # "whats ur refund policy": a question is no wish (newcomer trial 11); it is noted
        # for the staff as other questions are, and what else was said is read.
        whole = text.strip()
        for clause in asked:
            text = text.replace(clause, " ", 1)
        text = text.strip(EDGES)
        if not text:
            return "answer.noted_question"
        for clause in asked:
            if (question := clause.strip(EDGES)[:MAX_FIELD_CHARS]) not in draft.questions:
                draft.questions.append(question if question != whole else whole)
    found = conversation_fields(turn, text) if text else Extracted()
    if evidence_app(text, found):  # "截图在微信聊天记录里": where the evidence is, no place
        found = replace(found, platform=None, place=None)
    if field == FieldName.REMEDY and _no_remedy_yet(turn, draft, text, found):
        return None
    if field != FieldName.REMEDY and value_for_wish(draft, text):
        return "reader.noted_facts"  # "东西价值800多" after "要求赔偿": the question stays
    if field == FieldName.OBJECT and draft.account and adds_to_story(text):
        # "而且少了一份米饭！！": one more thing that went wrong, not what the complaint is
        # about (newcomer trial 12: 米饭 became the object). Other facts in it are kept, no
        # object is taken from it, and the question stays.
        fill(draft, replace(found, product=None, products=()), turn.now, frozenset())
        if not already_told(draft, text):
            limit = turn.services.policy.intake.max_text_chars
            draft.account = f"{draft.account}\n{text}"[:limit]
        return "reader.noted_facts"
    if field == FieldName.OBJECT and not draft.has(field):
        found = _object_answer(draft, text, found)
        if _no_object_but_where_or_sum(text, found):
            # "我家在阳光花园小区", "25块": where the customer lives (the place of a
            # property-management complaint) or what it cost, no object (newcomer trial 20:
            # each became the object). The facts are kept, the question stays.
            fill(draft, found, turn.now, frozenset())
            return "reader.noted_facts"
    if field == FieldName.PLACE and (branch := chain_branch(draft, text, found)):
        # "就是望京凯德那家" asked which 西贝 it was: that chain's store there, whatever the
        # words (newcomer trial 22: the place was "望京凯德", the chain lost)
        draft.store = draft.place = f"{draft.store}{branch}店"
        fill(draft, replace(found, store=None, place=None), turn.now, frozenset())
        return None
    overwrite = frozenset(field_columns(field))
    fill(draft, found, turn.now, overwrite)
    if among and not found.name:  # the name beside other facts: those are kept too
        draft.name = among
        return None
    if (
        field == FieldName.NAME
        and not draft.name
        and (declines_name(text) or refuses_details(text))
    ):
        # "none", "skip", "不想说": why a name is asked and that a surname will do, not the
        # question again bare (newcomer trial 14: the session ended without a ticket).
        return "reader.name_declined"
    if field == FieldName.PLACE and not draft.has(field) and reports_by_call(normalise(text)):
        # "我有馬上打電話掛失": what was done next, kept as story, never the place (newcomer
        # trial 22: filed as 电话（銀行）, and "我有馬上打 掛失" with the call cut as a label)
        return row(field).invalid
    if field == FieldName.PLACE and not draft.has(field) and _by_channel(draft, text, found, turn):
        return None
    if field == FieldName.PLACE and not draft.has(field) and _company_named(draft, text, found):
        return None
    reader = ANSWER_READERS.get(field or "")
    if field is None or reader is None:  # evidence is files, read by the intake itself
        return None
    if not text and not turn.inbound.choice:
        return row(field).invalid
    if field == FieldName.OBJECT and not draft.has(field) and NO_OBJECT.match(normalise(text)):
        draft.product = turn.t("field.object_none", said=clip_answer(text))  # "没有": none to name
        draft.object_none = draft.product
        return None
    if (
        field in (FieldName.TIME, FieldName.CONTACT)
        and is_question(text)
        and not draft.has(field)
        and (resolve_choice(turn) is None)
    ):
        return "answer.noted_question"  # "可以匿名吗" at the time question
    picked = field == FieldName.REMEDY and (found.remedies or picked_remedies(turn, text, found))
    if field in _NO_SUM_ANSWER and not picked and _only_a_sum(turn, text, found):
        return row(field).invalid  # "年费 360": what it cost, kept as story by read_answer
    if (
        field in FREE_TEXT
        and resolve_choice(turn) is None
        and not draft.has(field)
        and (not picked)
    ):
        # "退款单号是 R88990 还没处理": 退款 names the record, no wish (newcomer trial 17)
        words = blanked(text, remedy_nouns(text)) if field == FieldName.REMEDY else text
        rest = leftover(words, found, field)
        if field == FieldName.REMEDY and facts_instead_of_wish(found, rest, text):
            if not tells_story(turn, draft, text, field) and refine(draft, found, turn.now):
                limit = turn.services.policy.intake.max_text_chars  # kept for the agent
                draft.account = f"{draft.account}\n{text}"[:limit] if draft.account else text
            return "reader.noted_facts"  # "店是广州天河那家", "11月1号扣的": no wish
        if field == FieldName.REMEDY and contact_instead_of_wish(found, rest):
            return "reader.noted_facts"  # who they are and how to reach them; asked again
        if field == FieldName.REMEDY and story_instead_of_wish(text):
            # "nobody came", "仲有碗湯入面有條頭髮": one more thing that happened, kept in
            # the account (where severity reads it at filing); the question stays.
            if not tells_story(turn, draft, text, field):  # too short for add_to_story
                keep_story_line(turn, draft, text)
            return "reader.noted_facts"
        if field == FieldName.NAME and other_than_contact(found):
            named = rest and name_shaped(rest)
            return row(field).invalid if named else "reader.noted_facts"
        if not rest:
            return "reader.noted_facts"
        if field != FieldName.NAME and name_with_contact(rest, found):
            if not draft.name:  # "刘洋，13912345687" at the place question: who they are
                draft.name = rest
            return "reader.noted_facts"
        if (
            field == FieldName.PLACE
            and (found.phone or found.email)
            and not PLACE_WORD.search(rest)
        ):
            return "reader.noted_facts"  # "留个邮箱 a@b.cn 方便发文件": words about the contact
        if field in NOT_A_WISH and wish_instead_of_answer(text, rest, found):
            keep_wish(draft, text, rest, found)
            return "reader.noted_facts"  # the wish is the remedy; the question stays
        if field == FieldName.PLACE and not draft.name and person_not_place(rest, found):
            # "Peter" at the place question, no name given yet: who they are, not where
            # (newcomer trial 21: filed as Where: Peter); the place question stays.
            draft.name = rest.strip(" ,.!。，！")
            return "reader.noted_facts"
        if field == FieldName.PLACE and draft.name and rest.strip(" ,.!。，！") == draft.name:
            return "reader.noted_facts"  # the name said again is still no place
        if field == FieldName.PLACE:
            rest = place_words(rest)  # "I told you, Walmart": the place said again
        if field == FieldName.PLACE and not_about_place(rest):
            return row(field).invalid
        unknown = normalise(rest) in NONE_WORDS or normalise(rest) in UNKNOWN_WORDS
        if unknown and field != FieldName.PLACE:  # a place may be unknown; a name or remedy not
            return row(field).invalid
        if is_question(rest):
            return "answer.noted_question"
        if field == FieldName.REMEDY and name_instead_of_wish(rest):
            if not draft.name:  # "Tom Lee" at the remedy question: who they are, no wish
                draft.name = rest
            return "reader.noted_facts"
        if field == FieldName.OBJECT and story_not_object(rest, found, turn, draft, text):
            return "reader.noted_facts"  # kept as story; what it is about asked again
        if not _shaped_for(field, rest):
            return row(field).invalid
        # A wish is kept in the customer's words ("冻结会员账号", not "冻结 账号" without the
        # product), unless other facts were taken out of it.
        keep_whole = field == FieldName.REMEDY and not other_facts_in_wish(found)
        text = text.strip() if keep_whole else rest
    return reader(draft, text, found, turn)


# A home said as where one lives, not as what is complained about: "我家在…", "我住在…",
# "家住…", "我们小区是…".
_HOME_SAID = re.compile(r"^(?:我|我们|俺)?(?:家)?(?:住)?(?:在|是|就在|住在)?$")
_AMOUNT_WORDS = re.compile(
    r"[\d.,，]+\s*(?:多|来)?\s*(?:块钱|块|元|毛|rmb|RMB)?|[零一二两三四五六七八九十百千万]+(?:块钱|块|元)"
)
_SUM_FILLER = re.compile(
    r"^(?:就|才|一共|总共|大概|差不多|是|花了|收了|多收了?)*(?:钱|左右|啊|吧|呢)*$"
)


def _no_object_but_where_or_sum(text: str, found: Extracted) -> bool:
    """Whether the object question's answer only says where the customer lives ("我家在阳光
    花园小区") or a sum ("25块", "才二十五块钱"): no product, store or person."""
    if found.product or found.venue or found.staff or found.company:
        return False
    words = "".join(normalise(text).split())
    if found.place and not found.platform:
        return bool(_HOME_SAID.match(words.replace(normalise(found.place).replace(" ", ""), "")))
    if found.amounts:
        return bool(_SUM_FILLER.match(_AMOUNT_WORDS.sub("", words)))
    return False


# Words a line of the story may end on with its object still to come ("一直在玩", "把我的"):
# a verb, a preposition or a possessive 的 (newcomer trial 20: "…一直在玩" then "手机，护士态度很
# 差" made 手机 the object).
_OPEN_END_TAGS = ("v", "p", "uj")


def _object_answer(draft: Draft, text: str, found: Extracted) -> Extracted:
    """`found` without a product that only finishes the story's last line, sent in two
    messages: the message opens with it as a clause of its own ("手机，护士态度很") right after
    a line that ended on a verb ("一直在玩"), and a person or store is named after it."""
    if not (found.product and (found.staff or found.venue) and draft.account):
        return found
    first = re.split(r"[\s，,。.!！;；]", text.strip(), maxsplit=1)[0]
    if first != found.product or not tokenizer_loaded():
        return found
    last = draft.account.rstrip().splitlines()[-1] if draft.account.strip() else ""
    tags = [flag for _, flag in tagged_words(last, hmm=False) if flag != "x"]
    if not tags or not tags[-1].startswith(_OPEN_END_TAGS) or last[-1:] in "，,。.!！?？":
        return found
    return replace(found, product=None, products=())


def _by_channel(draft: Draft, text: str, found: Extracted, turn: Turn) -> bool:
    """Whether the place question's answer says it was done by phone or online ("打电话",
    "电话里说的", "打的10086", "网上办的") and names no place: then that is the place, the
    company's when one is known ("电话（平安保险）"), else "no particular place" in the
    customer's words. Newcomer trial 20: 电话 was cut as a contact's label, and "打电话"
    refused, "电话里说的" filed as 里说的."""
    if found.place or found.platform or found.venue or found.phone or found.email:
        return False
    channel = find_channel(normalise(text))
    if channel is None:
        return False
    owner = draft.store if draft.store and not draft.place else None
    if turn.t.locale == TRADITIONAL:
        channel = traditional_script(channel)  # "電話（銀行）" in a letter in traditional
    draft.place = (
        f"{channel}（{owner}）" if owner else turn.t("field.place_none", said=clip_answer(text))
    )
    return True


def _company_named(draft: Draft, text: str, found: Extracted) -> bool:
    """Whether the place question's answer is a company's name alone ("招行", "招商银行",
    "顺丰"), as the question invites for a bank, carrier or courier: then it is the place
    (newcomer trial 21: read as a correction of the object, the question asked seven
    times). A chain's name is no answer: which of its stores is asked."""
    if not found.company or found.place or found.platform or found.venue:
        return False
    words = place_words(normalise(text)).strip(EDGES + " 的")
    if words.lower() != normalise(found.company).lower() or is_chain(found.company):
        return False
    draft.place = found.company
    return True


def _no_remedy_yet(turn: Turn, draft: Draft, text: str, found: Extracted) -> bool:
    """Whether the answer to the remedy question says no remedy is in mind yet ("先不用",
    "还没想好", "not right now"): then the remedy is recorded as none yet, for the business
    to propose one (`field.remedy_none`), and the intake goes on, never a dead end."""
    if found.remedies or draft.remedy_list() or not undecided_wish(text):
        return False
    draft.remedy_none = turn.t("field.remedy_none", said=clip_answer(text))
    draft.set_remedies([("other", draft.remedy_none)])
    return True


def value_for_wish(draft: Draft, text: str) -> bool:
    """Whether `text` is only a value or a sum ("东西价值800多", "两千块买的", "800多", "it cost me
    $120") said after a money wish (refund, compensation): then it is kept with that wish's
    wording, as it would be in one message (nlp/extract_remedy.py:with_value; newcomer trial
    17: it was refused as a name)."""
    wishes = draft.remedy_list()
    money = next((i for i, (key, _) in enumerate(wishes) if key in MONEY_KEYS), None)
    if money is None or not value_or_sum(text):
        return False
    key, wording = wishes[money]
    wishes[money] = (key, with_value(wording, text.strip(EDGES)))
    draft.set_remedies(wishes)
    return True


def no_remedy_yet(draft: Draft) -> bool:
    """Whether the draft's only remedy is "none yet" (see _no_remedy_yet)."""
    return bool(draft.remedy_none) and draft.remedy_list() == [("other", draft.remedy_none)]


def _only_a_sum(turn: Turn, text: str, found: Extracted) -> bool:
    """Whether `text` names a sum ("年费 360", "月租 50") with no time, wish or option picked:
    no answer to the time, place or name question."""
    if resolve_choice(turn) is not None or found.occurred_at is not None:
        return False
    return names_a_sum(text) and not WISH_WORD.search(text)


def _account(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    # "昨天晚上" alone is the time, not the story: the facts are kept, the story asked for.
    left = leftover(text, found, FieldName.ACCOUNT)
    if draft.product and not found.order_no and (model := model_named(text)):
        # "华为mate60" after "买的手机": the product made precise, not the story (newcomer
        # trial 16: the model line replaced the account); the story is asked for again.
        if model.lower() not in draft.product.lower():
            draft.product = f"{model} {draft.product}"[:MAX_FIELD_CHARS]
        return "reader.noted_facts"
    if sum(1 for ch in left if ch.isalnum()) < 4 or _only_where(left, found):
        if not draft.account and found.product and not draft.opening:
            draft.opening = text.strip()  # the story opens with them once it is told
        return "invalid.account"
    limit = turn.services.policy.intake.max_text_chars
    if draft.opening and draft.opening not in text:
        text = f"{draft.opening}\n{text.strip()}"
    draft.account, draft.opening = text[:limit], None
    return None


# Words that point at a place without telling anything: "那家", "这个", "那边", "那儿".
_POINTING = re.compile(r"[那这哪]一?(?:[家个间边里]|儿)")


def _only_where(words: str, found: Extracted) -> bool:
    """Whether `words` only say where ("朝阳那家", "万达那个店"): a place or store and words
    pointing at it, nothing that happened (newcomer trial 15: "朝阳那家" at the first question
    was taken as the whole story). The place is kept; the story is asked for."""
    if not (found.place or found.venue):
        return False
    for value in sorted({found.place or "", found.venue or ""}, key=len, reverse=True):
        for piece in value.split():
            words = words.replace(piece, " ")
    rest = FILLERS.sub("", _POINTING.sub("", words))
    return sum(1 for ch in rest if ch.isalnum()) < 2


# Reads the answer to one question into the draft: None when it was answered, else the
# locale key of what to tell the customer. Every field of the table that is answered in
# words has one; evidence is files, read by the intake (handlers/intake.py:collecting).
AnswerReader = Callable[[Draft, str, Extracted, Turn], str | None]


ANSWER_READERS: dict[str, AnswerReader] = {
    FieldName.ACCOUNT: _account,
    FieldName.OBJECT: read_object,
    FieldName.TIME: read_time,
    FieldName.PLACE: read_place,
    FieldName.REMEDY: read_remedy,
    FieldName.NAME: read_name,
    FieldName.CONTACT: read_contact,
}


_UNREAD = {f.name for f in FIELDS if f.columns} - set(ANSWER_READERS)


if _UNREAD:  # a row added to the field table without its reader would never be answered
    raise ImportError(f"handlers/answers.py:ANSWER_READERS lacks a reader for {sorted(_UNREAD)}")


def warnings(turn: Turn, text: str) -> list[str]:
    """What the customer should hear about this message before the next question."""
    found = conversation_fields(turn, text)
    if found.local_phone and turn.data.get("asking") != FieldName.CONTACT:
        # "James Whitfield, 07700 900123" at the name question: the name is read and the
        # number's country code asked for (the contact question's reader says it there).
        return [turn.t("reader.phone_needs_code", number=found.local_phone)]
    digits = invalid_phone(text.replace(found.order_no or "\0", ""), found.phone)
    return [turn.t("reader.phone_invalid", digits=digits)] if digits else []


# Said at the summary, these submit ("对的没问题", "提交吧"), unless facts or a "no" come too.
_CONFIRM_CUES = (
    "确认",
    "提交",
    "没问题",
    "对的",
    "是的",
    "没错",
    "可以",
    "好的",
    "ok",
    "yes",
    "confirm",
    "submit",
)


def confirms(turn: Turn, words: str) -> bool:
    """Whether `words` (normalised) at the summary submit it: a confirm word, or a short
    phrase with a confirming cue ("对的没问题") and neither a refusal, a correction nor a new
    fact. Yes-words run together count as one ("好了", "对的 提交", evidence_words.goes_on)."""
    if words in CONFIRM_WORDS or agrees(turn.inbound.text) or goes_on(turn.inbound.text):
        return True
    if len(words) > 8 or not any(cue in words for cue in _CONFIRM_CUES):
        return False
    cues = turn.reading.cues if turn.reading else None
    found = extract_fields(said(turn), turn.now)
    facts = found.phone or found.email or found.name or found.occurred_at or found.remedies
    return not (cues and (cues.refuse or cues.correction)) and not facts


# Words that name the act of filing or say the summary is right: "确认", "提交", "没问题 提交吧",
# "对的", "confirm", "submit", "looks good". "好了", "好", "ok", "嗯", "行" are yes-words too, but
# said just after files they may mean "done sending" (newcomer trial 20), so they are not here.
_EXPLICIT_CONFIRM = re.compile(
    r"确认|确定|提交|没问题|没错|无误|对的|是的|正确|"
    r"(?<![a-z])(?:confirm(?:ed)?|submit(?:ted)?|correct|looks\s+(?:good|right|fine)|file\s+it)(?![a-z])",
    re.I,
)


def explicitly_confirms(text: str) -> bool:
    """Whether a confirmation at the summary says what it confirms: it names filing or says
    the summary is right ("确认", "提交吧", "没问题", "confirm"), not only "好了" or "ok",
    which after files were sent may mean "that's all of them" (handlers/intake.py:confirming)."""
    return _EXPLICIT_CONFIRM.search(text) is not None
