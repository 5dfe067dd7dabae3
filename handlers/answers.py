"""Reading a customer's words into the complaint draft (issue 9): every fact for every field,
a question's answer only in its shape, corrections in passing, the story across messages.

The intake states (handlers/intake.py) call these; they never ask anything themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from handlers.draft import Draft
from handlers.evidence_words import names_evidence
from handlers.fields import FIELDS, FieldName, row
from handlers.fields import columns as field_columns
from handlers.reader import invalid_phone
from handlers.remedies import REMEDY_KEYS as REMEDIES
from handlers.turn import Turn
from handlers.words import NONE_WORDS, normalise
from nlp.extract import Extracted, extract_fields
from nlp.extract_english import object_phrase
from nlp.extract_person import (
    familiar_name,
    is_surname,
    looks_like_chinese_name,
    standalone_name,
)
from nlp.extract_place import is_platform, with_branch
from nlp.extract_remedy import only_from, refuses, wishes_out
from nlp.intent import asking_clauses, is_question
from nlp.language import ENGLISH_WORDS, STOP_WORDS_EN
from nlp.tokenizer import is_loaded as tokenizer_loaded
from nlp.tokenizer import tagged as tagged_words
from nlp.tokenizer import word_tag

CONFIRM_WORDS = frozenset({"确认", "确定", "提交", "是", "好", "ok", "yes", "confirm", "submit"})
MAX_FIELD_CHARS = 200
# 俺 is the dialect's 我, "im" a phone's "I'm" (newcomer trial 8).
_NAME_PREFIX = re.compile(
    r"^([我俺]叫|[我俺]是|本人|姓名[:：]?|名字[:：]?|my name is|i am|i'm|im(?=\s))\s*", re.I
)


# --- reading answers ----------------------------------------------------------------------
def fill(draft: Draft, found: Extracted, now: datetime, overwrite: frozenset[str]) -> None:
    """Copies what extraction found into the draft; a field is replaced only when asked for."""

    def put(name: str, value: object) -> None:
        if value and (getattr(draft, name) is None or name in overwrite):
            setattr(draft, name, value)

    branch = with_branch(draft.store, found.store) if draft.store and found.store else None
    if draft.store and found.store and draft.store in found.store != draft.store:
        branch = found.store  # "如家酒店北京西站店" after "酒店": the fuller name of it
    if branch:  # "北京西站店" after "如家酒店": the chain's branch (newcomer trial 10)
        if draft.place in (None, draft.store):
            draft.place = branch
        draft.store = branch
    if found.product or found.store or found.staff:
        put("product", found.product_label)  # every product named together (issue 9 item 5)
        for name in ("store", "staff"):
            put(name, getattr(found, name))
    put("order_no", found.order_no)
    if found.occurred_at is not None and found.occurred_at <= now:
        put("occurred_at", found.occurred_at.isoformat())
        put("occurred_text", found.occurred_text)
    if draft.place and not draft.store and is_platform(draft.place) and _physical(found):
        # "就在朝阳区建国路88号那个店" after "美团点的外卖": the store where it was made is
        # the place; the platform stays in the story (newcomer trial 10: it was lost).
        draft.place = None
    put("place", found.place or found.platform or found.store)
    if (found.remedies_refused or found.wishes_refused) and draft.remedy_list():
        # "算了不要退款了", "不用重新保养了": taken back
        draft.set_remedies([r for r in draft.remedy_list() if not _taken_back(r, found)])
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


def _physical(found: Extracted) -> bool:
    """Whether `found` names a store or a street address ("…建国路88号那个店"), not a
    platform; a district alone may be where the customer lives ("我家在朝阳区")."""
    if found.platform or not found.place or is_platform(found.place):
        return False
    return bool(found.store or _HOUSE_NUMBER.search(found.place))


_HOUSE_NUMBER = re.compile(r"\d+\s*号")


def _taken_back(remedy: tuple[str, str], found: Extracted) -> bool:
    """Whether the message takes `remedy` back: by its kind ("不要退款了") or by its words
    ("不用重新保养了" takes back "要求免费重新保养")."""
    key, wording = remedy
    return key in found.remedies_refused or any(w in wording for w in found.wishes_refused)


def _clip(text: str) -> str:
    return text.strip()[:MAX_FIELD_CHARS]


def said(turn: Turn) -> str:
    """The customer's words for the conversation: the message without greetings, questions
    and thanks (handlers/reader.py), or the whole text where it was not read."""
    if turn.reading is not None:
        return turn.reading.rest.strip()
    return turn.inbound.text.strip()


# Answers a question's free-text reader may take as they stand; anything that holds other
# facts, or asks something, is not an answer to it ("手机号是…" is no remedy).
FREE_TEXT = frozenset(f.name for f in FIELDS if f.free_text)
# Facts (nlp/extract.py:Extracted attributes) that may share words with an answer: a store is
# an object and a place at once.
_NEAR: dict[str, set[str]] = {
    FieldName.OBJECT: {"place", "store", "platform", "product", "order_no"},
    FieldName.PLACE: {"place", "store", "platform", "product"},
    FieldName.ACCOUNT: {"place", "store", "platform", "product", "remedy_text"},
}
_LABELS = re.compile(
    r"(手机号码|手机号|手机|电话号码|电话|联系方式|邮箱|email|e-mail|订单号|单号|"
    r"我叫|我是|名字|姓名|"
    r"\b(?:my\s+)?(?:phone|mobile|cell|tel|e-?mail|name)(?:\s+number)?(?:\s+is)?\b)[是为:：\s]*",
    re.I,
)
# An aside that opens a fact told in passing ("对了我电话是…", "by the way my phone is …"):
# once the fact and its label are out, these and a bare pronoun are all that is left, and
# they answer no question (the object was read as "对了我" / "phone"; second newcomer trial).
_ASIDE = re.compile(
    r"^(?:哦?对了|还有|另外|顺便(?:说一?下|提一?下)?|补充(?:一下)?|by the way|btw|also|oh|and)"
    r"[\s,，、]*",
    re.I,
)
_BARE_WORDS = frozenset({"我", "我的", "my", "mine", "i", "it", "is", "it's", "here"})
_LEADING = re.compile(r"^(就是|就在|是在|是|在|就|嗯|哦|还有|另外|顺便|也)")
# Words around a fact that add nothing: "你们双井店" is the store, "地址是…" the place.
FILLERS = re.compile(r"你们的|你们|我们|那个|这个|就是|地址|地点|在|的|是|啊|呀|哦|吧")
# What a free-text place holds: a place word, or a short name without the words of a story.
_PLACE_WORD = re.compile(
    r"[店市区县镇村乡省路街道巷号楼层室栋座场馆厦园站港院校所中心门口]|超市|"
    r"商场|广场|小区|酒店|宾馆|机场|医院|学校|公司|网|平台|app|online|store|"
    r"street|road|mall|hotel|airport|station",
    re.I,
)
_STORY_WORD = re.compile(r"[了没不吗呢啊吧还又都也很太]|什么|怎么|到底")
UNKNOWN_WORDS = frozenset(
    {"不知道", "不清楚", "忘了", "记不清", "记不清了", "不记得", "不记得了", "不确定", "说不清"}
)
# A wish says what should happen: a free-text remedy holds one of these (退/换/修/赔 …).
_WISH = re.compile(
    r"要|希望|要求|请|想|给|赔|退|换|修|补|道歉|处理|解决|改进|整改|处罚|开除|"
    r"批评|说法|交代|答复|解释|负责|承担|随便|都行|看着办|want|refund|replace|fix|"
    r"explain|cancel|check|investigate|stop|"
    r"repair|compensat|apolog|explanation|discount|voucher|coupon|credit|gift",
    re.I,
)
# A free-text wish is short ("冻结账户", "查清楚"); what tells events is the story.
_SHORT_WISH = 12
_NARRATIVE = re.compile(
    r"把|被|当时|结果|居然|竟然|一直|也没|没有|还说|了(?![\s，,。.!！…吧啊呀~]*$)"
)


# What the thing was like when it came: "到手屏幕就是碎的", "收到就是坏的", "打开一看是空的"
# tell what happened, not what should (newcomer trial 8: filed as the remedy).
_DESCRIPTION = re.compile(
    r"到手|收到|拿到|打开|开箱|送到|一看|发现|是[^，,。；;\s]{0,3}的$|就是[^，,。；;\s]{1,4}的"
)


def wish_shaped(words: str) -> bool:
    """Whether words no remedy kind was read from still say what should happen: a wish word
    (要, 希望, 处理 …), or a few words that tell no story ("冻结账户", "查清楚"). "经理也没出来
    道歉", "去医院花了三百多" and "店员态度很差" tell what happened (newcomer trial 6)."""
    if _NARRATIVE.search(words):
        return False
    return bool(_WISH.search(words)) or (
        len(words) <= _SHORT_WISH
        and not _STORY_WORD.search(words)
        and not _DESCRIPTION.search(words)
    )


_COMPANY = re.compile(r"(公司|集团|店|厂|中心|工作室|商行|事务所|ltd|inc|co\.?)$", re.I)


def leftover(text: str, found: Extracted, field: str) -> str:
    """The words of `text` that are not facts for other questions, labels or fillers."""
    work = unicodedata.normalize("NFKC", text)
    mine = set(field_columns(field)) | _NEAR.get(field, set())
    for column in (
        "phone",
        "email",
        "order_no",
        "occurred_text",
        "name",
        "place",
        "store",
        "platform",
        "product",
        "remedy_text",
    ):
        value = getattr(found, column)
        said_time = column == "occurred_text" and field == FieldName.TIME
        if value and column not in mine and not said_time:
            value = unicodedata.normalize("NFKC", value)
            work = _without_intro(work, value) if column == "name" else work
            work = work.replace(value, " ")
    if found.phone and field != FieldName.CONTACT:
        work = work.replace(found.phone, " ")
    work = _LABELS.sub(" ", work)
    rest = _ASIDE.sub("", work.strip(_EDGES)).strip(_EDGES)
    rest = _LEADING.sub("", rest).strip(_EDGES)
    return "" if rest.lower() in _BARE_WORDS else rest


_EDGES = " ，,。.、；;：:!！~～"
# What introduces a name, taken out with it: "im" of "im Jake, 159…" at the remedy question
# was filed as the remedy (newcomer trial 8), as were "I am" and "俺叫".
_NAME_INTRO = re.compile(
    r"(?:[我俺]叫|[我俺]是|叫我|(?:my\s+)?name\s+is|i\s+am|i'm|im|call\s+me)\s*"
    # and the name begun before it was said whole: "我叫刘 刘洋" (newcomer trial 10)
    r"(?:(?P<part>[\u4e00-\u9fff]{1,2})[\s,，、]+)?$",
    re.I,
)


def _without_intro(work: str, name: str) -> str:
    """`work` without the words right before `name` that introduce it."""
    at = work.find(name)
    intro = _NAME_INTRO.search(work[:at]) if at > 0 else None
    if intro and intro["part"] and not name.startswith(intro["part"]):
        return work
    return work[: intro.start()] + work[at:] if intro else work


def _other_facts_in_wish(found: Extracted) -> bool:
    """Facts for other questions that are no part of a wish: who, how to reach, when."""
    return bool(found.phone or found.email or found.name or found.occurred_text or found.order_no)


def _other_than_contact(found: Extracted) -> bool:
    """Facts besides a phone or e-mail: a message holding them is not a bare name."""
    return bool(
        found.remedies
        or found.occurred_at
        or found.place
        or found.store
        or found.product
        or found.order_no
        or found.platform
        or found.staff
    )


def _name_shaped(text: str) -> bool:
    """A person's or company's name: a known surname alone (刘: how the customer wants to be
    addressed), 2-5 Han characters (王芳, 欧阳娜娜, 陈先生), a company ("朝阳百货有限公司"),
    or a Latin name of up to four words."""
    name = _NAME_PREFIX.sub("", text).strip(" ，,。.!！")
    if not name or len(name) > 40 or normalise(name) in NONE_WORDS:
        return False
    han = sum(1 for ch in name if "\u4e00" <= ch <= "\u9fff")
    if han == len(name):
        return (
            is_surname(name)
            or looks_like_chinese_name(name)
            or familiar_name(name)  # "老刘": how they want to be addressed
            or bool(_COMPANY.search(name))
        )
    latin = re.fullmatch(r"[A-Za-z][A-Za-z.' -]*", name)
    words = name.lower().split()
    return (
        bool(latin)
        and len(words) <= 4
        and not any(w in STOP_WORDS_EN for w in words)
        and (not any(w in ENGLISH_WORDS for w in words))
    )


def _name_with_contact(rest: str, found: Extracted) -> bool:
    """Whether the words left beside a phone or e-mail are a person's name (2-4 Han
    characters that read as a name, no place word): "刘洋，13912345687" is who to reach, not
    a place or a product (newcomer trial item 8)."""
    return bool(
        (found.phone or found.email)
        and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", rest)
        and looks_like_chinese_name(rest)
        and not _PLACE_WORD.search(rest)
    )


# "刘洋 刚才说了啊": a name, then words about having said it already (newcomer trial item 8).
_NAME_THEN_CHATTER = re.compile(
    r"^\s*(?:我叫|我是|姓名[:：]?|名字[:：]?)?(?P<name>[\u4e00-\u9fff]{2,4})[\s，,。.!！]+"
    r"(?P<tail>[^\d@]{1,12})$"
)
_CHATTER = re.compile(r"(说|讲|告诉|写|填|提|发)(过|了)|^[啊呀吧呢哈嘛哦噢嗯!！。.~～]+$")


def name_before_chatter(text: str) -> str | None:
    """The name in "刘洋 刚才说了啊" / "张伟，我上面写过了": a Han name followed by words
    about having given it; None for anything else."""
    match = _NAME_THEN_CHATTER.match(text)
    if not match or not _CHATTER.search(match["tail"]):
        return None
    name = match["name"]
    return name if looks_like_chinese_name(name) else None


# Words about having given it already: "刚说了啊", "上面写过了", "I just told you".
_SAID_ALREADY = re.compile(
    r"(说|讲|告诉|写|填|提|发)(过|了)|\b(just|already)\s+(told|said|gave|wrote|sent)\b|"
    r"\btold\s+you\b|\bas\s+i\s+said\b",
    re.I,
)
_PIECE_CUT = re.compile(r"[，,。.!！?？;；:：、\n]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,2}")


def _pieces(text: str) -> list[str]:
    """The message cut at punctuation, and Chinese parts at blanks too (a Latin name keeps
    its blank: "Tom Becker")."""
    pieces: list[str] = []
    for part in _PIECE_CUT.split(text):
        part = part.strip()
        pieces += part.split() if _HAN.search(part) else [part] if part else []
    return pieces


def _name_piece(piece: str) -> bool:
    if _HAN.search(piece):
        return standalone_name(piece) or familiar_name(piece)
    return bool(_LATIN_NAME.fullmatch(piece)) and _name_shaped(piece)


def name_among_words(text: str) -> tuple[str | None, str]:
    """At the name question, the name said with other words (newcomer trial 6): the
    message's last piece when it is a name ("教练工号A017 我身份证号… 王建国", "刚说了啊
    王建国", "I just told you. Tom Becker"), or its first when all the rest is about having
    said it ("Tom Becker, as I said"). Returns (the name or None, the text without the
    words about having said it, which hold no fact: 刚 is not when it happened)."""
    pieces = _pieces(text)
    chatter = [p for p in pieces if _SAID_ALREADY.search(p) and not _name_piece(p)]
    facts = text
    for piece in chatter:
        facts = facts.replace(piece, " ")
    others = [p for p in pieces if p not in chatter]
    if len(pieces) < 2 or not others:
        return None, facts
    if _name_piece(pieces[-1]):
        return pieces[-1], facts
    if len(others) == 1 and _name_piece(others[0]):
        return others[0], facts
    return None, facts


def name_instead_of_wish(rest: str) -> bool:
    """Whether the answer to the remedy question is a person's name instead ("Tom Lee",
    "王芳"; newcomer trial 8: filed as "You want: Tom Lee"). One Latin word is not enough:
    "Voucher" or "Discount" is a wish."""
    if _WISH.search(rest) or not _name_piece(rest):
        return False
    return bool(_HAN.search(rest)) or len(rest.split()) >= 2


def _shaped_for(field: str, rest: str) -> bool:
    """Whether `rest` has the shape of a free-text answer to `field`."""
    if field == FieldName.NAME:
        return _name_shaped(rest)
    if field == FieldName.REMEDY:
        return len(rest) <= 30 and wish_shaped(rest)
    if field == FieldName.PLACE:  # "到现在还没发货" is the story, "海淀区五道口" a place
        return bool(_PLACE_WORD.search(rest) or no_place(rest)) or (
            len(rest) <= 8 and not _STORY_WORD.search(rest)
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
    before = draft.to_json()
    problem = _read_answer(turn, draft, field, text)
    if problem and declines_phone(text) and not (draft.phone or draft.email):
        return "reader.contact_reluctant"  # why a phone is asked, not a bare refusal
    if field and problem == row(field).invalid and tells_story(turn, draft, text, field):
        return "reader.noted_facts"
    noted = draft.to_json() != before
    if field not in (None, FieldName.ACCOUNT) and problem == row(field).invalid and noted:
        # An order number or a phone said instead: noted, and the question asked again
        # plainly, not "没能识别这个时间" (newcomer trial 10).
        return "reader.noted_facts"
    return problem


# A chat ID offered instead of a number ("加我微信wjg_1990"), or a phone declined ("电话不方便",
# "不给手机"): the customer hears why a phone or e-mail is asked and that this chat is used
# too (newcomer trial 6: "这不像有效的联系方式" to an elderly customer).
_CHAT_ID = re.compile(
    r"(?:微信|wechat|weixin|vx|v信|telegram|tg)(?:号|id)?[\s:：是为]*[A-Za-z][-_A-Za-z0-9]{5,19}",
    re.I,
)
_PHONE_DECLINED = re.compile(
    r"(?:手机|电话|号码|联系方式).{0,2}(?:不方便|不想给|不想留|不给|不留|不愿意?给?|保密)|"
    r"(?:不给|不留|不想给|不想留|不方便留|不方便给|不愿意?给|不愿意?留)(?:你们)?(?:我的)?(?:手机|电话|号码|联系方式)|"
    r"\b(?:rather|prefer)\s+not\s+(?:to\s+)?(?:give|share|leave)|"
    r"\bdon'?t\s+want\s+to\s+(?:give|share|leave)\s+(?:you\s+)?my\s+(?:phone|number)",
    re.I,
)


def declines_phone(text: str) -> bool:
    """Whether `text` offers a WeChat/Telegram ID instead of a number or declines to give a
    phone: "电话不方便 加我微信wjg_1990", "不给手机", "I'd rather not give my number"."""
    return bool(_CHAT_ID.search(text) or _PHONE_DECLINED.search(text))


def _read_answer(turn: Turn, draft: Draft, field: str | None, text: str) -> str | None:
    among: str | None = None
    if field == FieldName.NAME and (name := name_before_chatter(text)):
        text = name  # the chatter is no fact ("刚才" in it is not when it happened)
    elif field == FieldName.NAME:
        among, text = name_among_words(text)
    if field == FieldName.REMEDY and (asked := asking_clauses(text)):
        # "whats ur refund policy": a question is no wish (newcomer trial 11); it is noted
        # for the staff as other questions are, and what else was said is read.
        whole = text.strip()
        for clause in asked:
            text = text.replace(clause, " ", 1)
        text = text.strip(_EDGES)
        if not text:
            return "answer.noted_question"
        for clause in asked:
            if (question := clause.strip(_EDGES)[:MAX_FIELD_CHARS]) not in draft.questions:
                draft.questions.append(question if question != whole else whole)
    found = extract_fields(text, turn.now) if text else Extracted()
    if field == FieldName.OBJECT and draft.account and _adds_to_story(text):
        # "而且少了一份米饭！！": one more thing that went wrong, not what the complaint is
        # about (newcomer trial 12: 米饭 became the object). Other facts in it are kept, no
        # object is taken from it, and the question stays.
        fill(draft, replace(found, product=None, products=()), turn.now, frozenset())
        if text.strip() not in draft.account:
            limit = turn.services.policy.intake.max_text_chars
            draft.account = f"{draft.account}\n{text}"[:limit]
        return "reader.noted_facts"
    overwrite = frozenset(field_columns(field))
    fill(draft, found, turn.now, overwrite)
    if among and not found.name:  # the name beside other facts: those are kept too
        draft.name = among
        return None
    reader = ANSWER_READERS.get(field or "")
    if field is None or reader is None:  # evidence is files, read by the intake itself
        return None
    if not text and not turn.inbound.choice:
        return row(field).invalid
    if field == FieldName.OBJECT and not draft.has(field) and _NO_OBJECT.match(normalise(text)):
        draft.product = turn.t("field.object_none", said=_clip(text))  # "没有": none to name
        return None
    if (
        field in (FieldName.TIME, FieldName.CONTACT)
        and is_question(text)
        and not draft.has(field)
        and (resolve_choice(turn) is None)
    ):
        return "answer.noted_question"  # "可以匿名吗" at the time question
    picked = field == FieldName.REMEDY and (found.remedies or _picked_remedies(turn, text, found))
    if (
        field in FREE_TEXT
        and resolve_choice(turn) is None
        and not draft.has(field)
        and (not picked)
    ):
        rest = leftover(text, found, field)
        if field == FieldName.REMEDY and facts_instead_of_wish(found, rest):
            if not tells_story(turn, draft, text, field) and _refine(draft, found, turn.now):
                limit = turn.services.policy.intake.max_text_chars  # kept for the agent
                draft.account = f"{draft.account}\n{text}"[:limit] if draft.account else text
            return "reader.noted_facts"  # "店是广州天河那家", "11月1号扣的": no wish
        if field == FieldName.NAME and _other_than_contact(found):
            named = rest and _name_shaped(rest)
            return row(field).invalid if named else "reader.noted_facts"
        if not rest:
            return "reader.noted_facts"
        if field != FieldName.NAME and _name_with_contact(rest, found):
            if not draft.name:  # "刘洋，13912345687" at the place question: who they are
                draft.name = rest
            return "reader.noted_facts"
        if (
            field == FieldName.PLACE
            and (found.phone or found.email)
            and not _PLACE_WORD.search(rest)
        ):
            return "reader.noted_facts"  # "留个邮箱 a@b.cn 方便发文件": words about the contact
        if field in _NOT_A_WISH and wish_instead_of_answer(text, rest, found):
            _keep_wish(draft, text, rest, found)
            return "reader.noted_facts"  # the wish is the remedy; the question stays
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
        if field == FieldName.OBJECT and _story_not_object(rest, found, turn, draft, text):
            return "reader.noted_facts"  # kept as story; what it is about asked again
        if not _shaped_for(field, rest):
            return row(field).invalid
        # A wish is kept in the customer's words ("冻结会员账号", not "冻结 账号" without the
        # product), unless other facts were taken out of it.
        keep_whole = field == FieldName.REMEDY and not _other_facts_in_wish(found)
        text = text.strip() if keep_whole else rest
    return reader(draft, text, found, turn)


# A line that adds to what went wrong: "而且…", "还有…", "另外…", "并且…", "and also …".
_ADDING = re.compile(r"^(?:而且|并且|况且|再说|另外|还有|此外|同时|还|也|and\s+also|also)\s*", re.I)


def _adds_to_story(text: str) -> bool:
    """Whether `text` opens with a word that adds to the story and goes on with a clause of
    it ("而且少了一份米饭", "还把汤洒了"): told after an account, it adds to the account."""
    words = normalise(text).strip()
    opener = _ADDING.match(words)
    return opener is not None and short_story_line(words[opener.end() :])


def _story_not_object(rest: str, found: Extracted, turn: Turn, draft: Draft, text: str) -> bool:
    """Whether the words at the object question that name no product, store or person tell
    what happened instead ("上个月扣了我298 我根本没开通过": a sum, or a clause of events;
    newcomer trial 10: the line became the object)."""
    told = bool(found.amounts or _NARRATIVE.search(rest))
    return told and tells_story(turn, draft, text, FieldName.OBJECT)


# Questions whose answer is no wish: a remedy said there is the remedy (newcomer trial 8:
# "我要赔偿" at the place question was filed as 发生地点：我要 and 诉求：赔偿).
_NOT_A_WISH = frozenset({FieldName.PLACE, FieldName.OBJECT})
# How a wish opens when no remedy kind is read from it: "我要…", "希望…", "I want …",
# "please …"; or a request in a question's shape: "你们能不能快点…" (请问 asks).
_WISH_OPENER = re.compile(
    r"^(?:我|我们|俺)?(?:就|只|还|也)?(?:要求|想要|要|希望|请求|请你们|请(?!问))|"
    r"^(?:i|we)\s+(?:want|demand|expect|would\s+like|'d\s+like)\b|^please\b",
    re.I,
)
_REQUEST = re.compile(r"^(?:你们)?(?:能不能|能否|可不可以|可否|赶紧|赶快|尽快|快点)")
# "我想想", "我要看看": thinking aloud, no wish.
_THINKING = re.compile(r"^我?(?:想想|想一下|考虑|看看|要看看|再想)")
# What is left of a wish once its remedy words are out: "我要" in "我要赔偿", "and also".
_WISH_WORDS = re.compile(
    r"我们|我|俺|你们|就|只|还|也|都|要求|想要|要|希望|请求|请|给我|给|并且|而且|另外|还有|以及|和|"
    r"一下|[吧啊呀呢了的]|"
    r"\b(?:i|we|want|would|like|please|and|also|too|it|this|that|me|my|the|a|an|to|for|us)\b|"
    r"[\s,，、。.!！]",
    re.I,
)


def wish_instead_of_answer(text: str, rest: str, found: Extracted) -> bool:
    """Whether the answer to the place or object question says what should happen instead:
    a remedy read with nothing but wish words beside it ("我要赔偿"), or words that open as
    a wish and tell no story ("你们能不能快点修电梯", "I want the 300 back"). A place or a
    product named in it ("北京 要退款") still answers the question."""
    for _, wording in found.remedies:  # "还要退款和道歉": every remedy's words (道 of 道歉
        rest = rest.replace(unicodedata.normalize("NFKC", wording), " ")  # is no 街道)
    if found.place or found.platform or found.store or _PLACE_WORD.search(rest):
        return False
    if found.remedies and not _WISH_WORDS.sub("", rest):
        return True
    if "在" in rest:  # "我要说的是在家里": where, said after a wish word
        return False
    if found.remedies:  # "…the 300 back and also an explanation": a wish beside it
        return bool(_WISH.search(rest)) and wish_shaped(rest.strip())
    said_ = text.strip()
    opened = _REQUEST.match(said_) or (None if is_question(said_) else _WISH_OPENER.match(said_))
    words = said_[opened.end() :] if opened else ""
    return bool(opened) and len(words) >= 2 and not _THINKING.match(said_) and wish_shaped(said_)


_TOLD_ABOUT = re.compile(r"有|值|是|在|价")


def facts_instead_of_wish(found: Extracted, rest: str) -> bool:
    """Whether an answer to the remedy question in which no remedy was read tells facts for
    the object, time or place instead, with no wish word beside them: "店是广州天河那家",
    "11月1号扣的", "医生姓周", "里面有电脑 值一万五" (newcomer trial 11: each was kept as
    the wish)."""
    # A product with a verb is the wish's object ("冻结会员账号"); said to be there or worth
    # something, it is told about ("里面有电脑 值一万五").
    told_product = found.product and bool(_TOLD_ABOUT.search(rest) or _STORY_WORD.search(rest))
    facts = (found.place, found.store, found.staff, found.occurred_text, told_product)
    return (
        any(facts)
        and not _WISH.search(rest)
        and not _WISH_OPENER.match(rest)
        and not _REQUEST.match(rest)
    )


# The object's and place's columns a fact said on its own may make more precise.
_REFINABLE = ("product", "store", "staff", "place")


def _refine(draft: Draft, found: Extracted, now: datetime) -> bool:
    """Facts said on their own at a later question: the time said then replaces the one
    before (the customer says when, now: "11月1号扣的" after "这个月"), and a store, staff
    member, product or place that holds the one before makes it more precise ("天河店" ->
    "广州天河店", "医生" -> "周医生"), a branch makes a kind of shop precise ("4S店" and
    "广州天河店" -> "广州天河4S店"). True when a value fitted none of these (the caller keeps
    the words in the account, so nothing said is lost; a correction can still replace it)."""
    if found.occurred_at is not None and found.occurred_at <= now:
        draft.occurred_at = found.occurred_at.isoformat()
        draft.occurred_text = found.occurred_text
    values = {"product": found.product_label, "store": found.store, "staff": found.staff}
    values["place"] = found.place or found.platform or found.store
    unmerged = False
    for column in _REFINABLE:
        new, old = values[column], getattr(draft, column)
        if not new or not old or new == old:
            continue
        if old in new:
            setattr(draft, column, new)
        elif _GENERIC_SHOP.fullmatch(old) and new.endswith(old[-1]):
            setattr(draft, column, new[:-1] + old)  # "4S店" + "广州天河店": 广州天河4S店
        else:
            unmerged = True
    return unmerged


# A kind of shop rather than one shop: "4S店", "门店", "修车店" is made precise by the branch
# said later ("店是广州天河那家", newcomer trial 11: the branch was dropped without a word).
_GENERIC_SHOP = re.compile(
    r"(?:4s|门|分|实体|专卖|专营|旗舰|体验|线下|修车|汽修|维修|商|小|连锁)?店|车行|4s", re.I
)


def _keep_wish(draft: Draft, text: str, rest: str, found: Extracted) -> None:
    """Keeps a wish said at another question as the remedy, in the customer's words, when
    no remedy kind was read from it (those are in the draft already, see fill) and none is
    known yet."""
    if found.remedies or draft.remedy_list():
        return
    # A time inside a wish is part of it ("这个月物业费我不想交了"); who and how to reach not.
    aside = found.phone or found.email or found.name or found.order_no
    draft.set_remedies([("other", _clip(rest if aside else text))])


# Words about something else than a place: evidence ("木有截图", "没有发票"), or a none-word
# about another thing ("没有人理我"); a none about the place itself is no_place's. Not 无:
# it opens place names (无锡).
_NONE_OPENER = re.compile(r"^(?:暂时|目前|现在|手上|手头)?(?:没有|没|木有)")


def not_about_place(rest: str) -> bool:
    """Whether the words left at the place question are about something else than where:
    they name evidence, or say none of something that is no place (newcomer trial 8:
    "木有截图" was filed as 地点：木有截图)."""
    if _PLACE_WORD.search(rest) or _NO_PLACE_CHANNEL.search(normalise(rest)):
        return False
    if names_evidence(rest):
        return True
    return bool(_NONE_OPENER.match(normalise(rest))) and not no_place(rest)


def _account(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    # "昨天晚上" alone is the time, not the story: the facts are kept, the story asked for.
    if sum(1 for ch in leftover(text, found, FieldName.ACCOUNT) if ch.isalnum()) < 4:
        return "invalid.account"
    draft.account = text[: turn.services.policy.intake.max_text_chars]
    return None


# No one product, store or person to name (a hotline that never answers, a policy): said
# so, the complaint can still be filed, and the summary shows it rather than an empty row.
_NO_OBJECT = re.compile(
    r"^(就是)?(没有|没|无|不知道|不清楚|说不清|说不上来|都不是|没什么)(具体|特定|特别)?(的)?"
    r"(商品|产品|门店|店|人|对象|东西)?(了|啊|呢)?$"
)


# A phone in any spacing ("136 1234 5678", "+86 135-0000-1234"): the digits of one number.
# One separator at most between digits: "501   136 1234 5678" is a room number and a phone.
_PHONE_SHAPED = re.compile(r"\+?\d(?:[ -]?\d){6,}")
# A home's unit in a building: "3栋2单元501", "5号楼1单元302室", "2幢301" (the place, not the
# object: newcomer trial 12 filed "3栋2单元501 王秀英 电话 136 1234 5678" as the object).
_HOME_UNIT = re.compile(
    r"\d+\s*(?:号楼|栋|幢|座)\s*(?:\d+\s*单元)?\s*(?:\d+\s*(?:室|号|户)?)?|\d+\s*单元\s*\d+\s*室?"
)


# What is left of a time said at another question once the time is out: "从…初开始的".
_TIME_WORDS = re.compile(
    r"[从自到起至初底中旬上下左右大概约差不多就是了的开始以来前后时候\s，,。.]*"
)


def _without_contact(text: str, found: Extracted) -> str:
    """`text` without the customer's name, e-mail and phone (in any spacing) and their labels:
    what is left for a free-text field, which must never keep a number that reaches someone."""
    said = text
    for value in (found.name, found.email):
        if value:
            text = text.replace(value, " ")
    text = _PHONE_SHAPED.sub(" ", text)
    return said if text == said else " ".join(_LABELS.sub(" ", text).split())


def _unit_to_place(draft: Draft, text: str) -> str:
    """Moves a home's unit said at the object question to the place ("阳光花园小区" + "3栋2单元
    501"); `text` without it."""
    unit = _HOME_UNIT.search(text)
    if unit is None:
        return text
    said = "".join(unit.group().split())
    if not draft.place:
        draft.place = said
    elif said not in draft.place:
        draft.place = f"{draft.place}{said}"
    return (text[: unit.start()] + " " + text[unit.end() :]).strip()


def _object(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    rest = _without_time(text, found).replace(found.order_no or "\0", "").strip(" ，,。.：:")
    rest = _unit_to_place(draft, _without_contact(rest, found)).strip(" ，,。.：:")
    if not rest and (found.name or found.phone or found.email or draft.place):
        return "reader.noted_facts"  # only who, how to reach and where: the question stays
    if found.occurred_text and _TIME_WORDS.fullmatch(rest):
        return "reader.noted_facts"  # "从11月初开始的": the time, and the question stays
    for prefix in ("订单号", "订单", "单号"):
        rest = rest.replace(prefix, "")
    brief = len(rest) <= 30 and not any(mark in rest for mark in "，。,.!！?？")
    # A line of the story that names the product ("这个月话费扣了298 我套餐才59") is no
    # name for it: the product alone is the object, the line goes to the account (newcomer
    # trial 10: the whole line became the object).
    story = found.product and _tells_beside(rest.partition(found.product)[2], found)
    named = found.product and found.product in rest and not (found.store or found.staff)
    if brief and named and not story:
        draft.product = object_phrase(rest)  # a short answer names it as the customer put it
    if draft.has(FieldName.OBJECT):
        return None
    if not any(ch.isalpha() for ch in rest):
        return "invalid.object"  # "1，4": option numbers said ahead, no object (trial 8)
    if sum(1 for ch in rest if ch.isalnum()) < 2 and not _one_noun(rest):
        return "invalid.object"
    if vague_filler(rest):
        return "invalid.object"  # "就是有问题啊": says something is wrong, not with what
    if not names_something(rest):
        # "就是有问题啊", "我老婆也拉了 孩子还吐了": no product, store or person in it
        # (newcomer trial 11: each became the object). A clause of the story is kept as
        # story; filler answers nothing. Either way the question is asked again.
        if short_story_line(rest) or _NARRATIVE.search(rest):
            draft.account = f"{draft.account}\n{text}" if draft.account else text
            draft.account = draft.account[: turn.services.policy.intake.max_text_chars]
            return "reader.noted_facts"
        return "invalid.object"
    draft.product = _clip(rest)
    return None


# A time said beside the object ("招商银行信用卡 昨天晚上11点多"), with the words that make
# it approximate, is the time's, not part of the object's name (newcomer trial 11).
_TIME_TAIL = re.compile(r"^(?:多|左右|前后|上下|那会儿?|的时候)")


def _without_time(text: str, found: Extracted) -> str:
    words = found.occurred_text
    if not words or words not in text:
        return text
    before, _, after = text.partition(words)
    return f"{before} {_TIME_TAIL.sub('', after)}".strip()


_FILLER_WORDS = re.compile(
    r"就是|那个|这个|你们的?|我的|真的|反正|总之|有点|出了|出|有|是|都|很|太|就|了|的|个|[啊呀吧呢哦嘛哈呗啦嗯]"
)


def vague_filler(words: str) -> bool:
    """Whether `words` only say that something is wrong, naming nothing and telling nothing
    ("就是有问题啊", "东西有毛病", "是质量问题"): no answer to the object question."""
    left = _FILLER_WORDS.sub("", normalise(words))
    for noun in sorted(_VAGUE_NOUNS, key=len, reverse=True):
        left = left.replace(noun, "")
    return bool(words.strip()) and not re.sub(r"[\s,，。.!！~～?？]", "", left)


# Words that name no one thing: "有问题", "东西坏了" say something is wrong, not with what.
_VAGUE_NOUNS = frozenset(
    {"问题", "东西", "事", "事情", "情况", "毛病", "质量", "麻烦", "样子", "时候", "地方"}
)
_NAME_TAGS = ("n", "eng", "j", "vn", "l", "i", "s")


def names_something(words: str) -> bool:
    """Whether the words left at the object question name a product, service, store or
    person: a noun other than a vague one ("问题", "东西"), in words that tell no clause of
    the story ("我老婆也拉了") and ask nothing. Latin words are names ("iPhone 15"); without
    the tokenizer nothing is ruled out."""
    words = re.sub(r"[啊呀吧呢哦嘛哈呗啦~～!！。.]+$", "", words.strip())
    if not _HAN.search(words) or not tokenizer_loaded():
        return bool(words)
    if _NARRATIVE.search(words):
        return False
    tags = tagged_words(words, hmm=False)
    if any(word in {"有", "是", "没有", "没"} for word, _ in tags[:1]):
        return False  # "有问题", "是质量问题": says what is wrong, names nothing
    # A dish's name may hold a verb (黄焖鸡): only a clause (a word of the story, a
    # negation) with no name in it is refused.
    if not _STORY_WORD.search(words):
        return True
    return not short_story_line(words) or any(
        flag.startswith(_NAME_TAGS) and len(word) > 1 and word not in _VAGUE_NOUNS
        for word, flag in tags
    )


def _tells_beside(words: str, found: Extracted) -> bool:
    """Whether the words after a product tell what happened: a sum, a verb or a word of
    the story ("扣了298", "才59"). Words before it are part of its name ("老式摇头风扇",
    "那台空调")."""
    return bool(found.amounts or _STORY_WORD.search(words)) or any(
        short_story_line(piece) for piece in words.split()
    )


def _one_noun(words: str) -> bool:
    """A product named by one Han character that is a noun ("药", "鞋", "伞"): an object
    all the same (newcomer trial 8: "药" was refused)."""
    tag = word_tag(words) if _HAN.fullmatch(words) else None
    return tag is not None and tag.startswith("n") and not tag.startswith("nr")


def _time(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    if found.occurred_at is not None and found.occurred_at > turn.now:
        return "invalid.time_future"
    if found.occurred_at is None:
        return "invalid.time"
    draft.occurred_at = found.occurred_at.isoformat()
    draft.occurred_text = found.occurred_text or _clip(text)
    return None


# Complaints with no physical place (a hotline, a website) must still be fileable: a
# channel named, or no place said. A none-word counts only about the place itself, and an
# English word only whole (newcomer trial 8: "没有截图" and the "na" inside "explanation"
# made "no particular place"; so would have 无锡).
_NO_PLACE_CHANNEL = re.compile(r"电话|热线|线上|网上|在线|app|微信|短信")
_NO_PLACE_SAID = re.compile(
    r"^(?:没有|没|无|木有)(?:具体|特定|固定|什么)?(?:的)?(?:地点|地方|地址|位置)?(?:了|啊|呢)?$|"
    r"不知道|不清楚|记不清|不记得|没地点|没有地点|没有具体|无具体|无固定|没有固定"
)
_NO_PLACE_EN = re.compile(
    r"\b(?:online|phone|call|website|none|nowhere|unknown|n/?a|no\s+(?:particular\s+)?place)\b",
    re.I,
)


def no_place(text: str) -> bool:
    """Whether `text` answers the place question with no physical place: a channel ("打电话",
    "网上", "online") or none said ("没有", "没有具体地点", "不知道", "none")."""
    words = normalise(text)
    return bool(
        words in NONE_WORDS
        or _NO_PLACE_CHANNEL.search(words)
        or _NO_PLACE_SAID.search(words)
        or _NO_PLACE_EN.search(text)
    )


def _place(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    if found.place or found.platform or found.store:
        # "3号楼2单元 阳光花园小区": the unit said before the compound is part of the place
        # (newcomer trial 13: the repair crew would not have known which building).
        unit = _HOME_UNIT.search(text)
        if found.place and draft.place == found.place and unit is not None:
            said = "".join(unit.group().split())
            draft.place = found.place if said in found.place else f"{found.place}{said}"
        return None
    if no_place(text):  # a phone call, online, or not known: say so
        draft.place = turn.t("field.place_none", said=_clip(text))
        return None
    if sum(1 for ch in text if ch.isalnum()) < 2:
        return "invalid.place"
    if found.occurred_at is not None and not _PLACE_WORD.search(text):
        # "11月1号扣的": when, said late (newcomer trial 13: the place became "扣的" and the
        # vaguer "这个月" stayed the time); the time is taken and the place asked again.
        _refine(draft, found, turn.now)
        return "reader.noted_facts"
    draft.place = _clip(text)
    return None


def _remedy(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    """The remedy question's answer: options by number or label, several at once ("1和4"),
    remedies in words ("退款，还要道歉"), or both ("1，再赔偿医药费"); else the words as
    "other". What extraction found is already in the draft (fill)."""
    picked = _picked_remedies(turn, text, found)
    if picked is None and (choice := resolve_choice(turn)) in REMEDIES:
        picked = [choice]
    if picked:
        chosen = [(key, turn.t(f"remedy.{key}")) for key in picked]
        draft.set_remedies([*chosen, *found.remedies])
        return None
    if found.remedies:
        draft.add_remedies([("other", wish) for wish in unread_wishes(text, found)])
        return None
    if sum(1 for ch in text if ch.isalnum()) < 2 or normalise(text) in NONE_WORDS:
        return "invalid.remedy"
    draft.set_remedies([("other", _clip(text))])
    return None


# Where one wish ends and the next begins in an answer to the remedy question.
# 并 joins two wishes ("冻结账户并追回损失", newcomer trial 9: 冻结账户 was lost), but not in
# 合并/兼并 nor as 并非/并不/并没有.
_WISH_SPLIT = re.compile(
    r"[\s,，。.;；!！、/]+|还有|或者|并且|以及|加上|另外|然后|而且|(?<![合吞兼归])并(?![非不没且发排购列存])"
)
# Words that ask for nothing by themselves: "尽快", "处理一下吧".
_NO_WISH = re.compile(
    r"尽快|快点|马上|赶紧|立刻|抓紧|处理|解决|一下|就行|就好|可以|谢谢|麻烦|[吧啊呢了的哈呀嘛]"
    # English fillers ask for nothing either: "refund pls", "the" (newcomer trial 8).
    r"|\b(?:pls|plz|please|thanks|thank\s+you|thx|the|a|an|just|only|asap|now|ok|okay|"
    r"maybe|i|want|would\s+like|it|me)\b",
    re.I,
)


def unread_wishes(text: str, found: Extracted) -> list[str]:
    """The parts of an answer to the remedy question that name no remedy kind but ask for
    something ("冻结账户" in "钱追回来 还有冻结账户"): kept as "other" wishes in the
    customer's words, so no wish is dropped (newcomer trial 6). Story ("因为质量太差了"),
    questions and words that ask nothing ("尽快") are not wishes."""
    wordings = [
        said
        for _, wording in found.remedies
        for line in unicodedata.normalize("NFKC", wording.replace("，", "\n")).split("\n")
        # A Chinese wording's blank-separated pieces too: "退钱 鱼香肉丝的钱 32块" is one
        # wish of three pieces (English runs on past blanks: "refund the 300 yuan").
        for said in ([line] if line.isascii() else line.split())
    ]
    wishes = []
    for part in _wish_parts(text):
        part = _LEADING.sub("", part.strip(_EDGES))
        if not part or any(part in w or w in part for w in wordings if w):
            continue
        if len(_NO_WISH.sub("", part)) < 2 or part.isdigit() or is_question(part):
            continue
        if refuses(part):  # "不要退款" takes a wish back (found.remedies_refused)
            continue
        if _short_wish(part) and wish_shaped(part):
            wishes.append(part)
    return wishes


_SHORT_WISH_EN = 5  # words: "explain the charge", "cancel my subscription"


def _short_wish(part: str) -> bool:
    """Whether a part is short enough to be a wish, not the story (English counted in words)."""
    if part.isascii():
        return len(part.split()) <= _SHORT_WISH_EN
    return len(part) <= _SHORT_WISH


# English wishes run on past spaces ("explain the charge"): split at punctuation and joining
# words only (newcomer trial 8: "the" and "pls" were kept as wishes of their own).
_WISH_SPLIT_EN = re.compile(r"[,;!?+&/…]|\.(?!\d)|\s(?:and|or|plus|also|then|but)\s", re.I)


def _wish_parts(text: str) -> list[str]:
    """The parts of an answer that may each be a wish, from its last change of mind on
    ("… actually just refund": what came before is no wish any more)."""
    said = unicodedata.normalize("NFKC", text)
    said = said[only_from(said) :]
    parts = []
    for chunk in _WISH_SPLIT_EN.split(said):
        parts += [chunk] if chunk.isascii() else _WISH_SPLIT.split(chunk)
    return parts


# Between option numbers: "1和4", "1、4", "1 4", "选1和4都要", "1,还有4".
_NUMBER_JOINERS = re.compile(r"(?:[\s,，、;；/+&和跟与及以还有再加都要选择]|and)+", re.I)


def _picked_remedies(turn: Turn, text: str, found: Extracted) -> list[str] | None:
    """The options picked by number, when the answer names one or more ("1和4"), or None.

    Numbers count only as whole tokens beside joining words or remedies, so "7天内退款"
    is words, not option 7."""
    offered = [c.key for c in turn.offered()]
    if not offered or not set(offered) <= set(REMEDIES):
        offered = list(REMEDIES)
    tokens = [tok for tok in _NUMBER_JOINERS.split(unicodedata.normalize("NFKC", text)) if tok]
    numbers = [tok for tok in tokens if tok.isdigit()]
    if not numbers or any(not 1 <= int(n) <= len(offered) for n in numbers):
        return None
    words = [tok for tok in tokens if not tok.isdigit()]
    if words and (not found.remedies or any(tok[0].isdigit() for tok in words)):
        return None  # numbers inside a sentence ("1,000元赔偿"), not picks
    return [offered[int(n) - 1] for n in numbers]


def _name(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    if found.name:
        return None
    name = _NAME_PREFIX.sub("", unicodedata.normalize("NFKC", text)).strip(" ，,。.!！")
    letters = sum(1 for ch in name if ch.isalpha())
    if normalise(name) in NONE_WORDS or not name or len(name) > 40 or letters < len(name) / 2:
        return "invalid.name"
    draft.name = name
    return None


def _contact(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    return None if (found.phone or found.email) else "invalid.contact"


# Reads the answer to one question into the draft: None when it was answered, else the
# locale key of what to tell the customer. Every field of the table that is answered in
# words has one; evidence is files, read by the intake (handlers/intake.py:collecting).
AnswerReader = Callable[[Draft, str, Extracted, Turn], str | None]
ANSWER_READERS: dict[str, AnswerReader] = {
    FieldName.ACCOUNT: _account,
    FieldName.OBJECT: _object,
    FieldName.TIME: _time,
    FieldName.PLACE: _place,
    FieldName.REMEDY: _remedy,
    FieldName.NAME: _name,
    FieldName.CONTACT: _contact,
}
_UNREAD = {f.name for f in FIELDS if f.columns} - set(ANSWER_READERS)
if _UNREAD:  # a row added to the field table without its reader would never be answered
    raise ImportError(f"handlers/answers.py:ANSWER_READERS lacks a reader for {sorted(_UNREAD)}")


def tells_story(turn: Turn, draft: Draft, text: str, field: str | None) -> bool:
    """Whether `text`, said while `field` was asked, goes on with what happened: there is an
    account to add to, the words are not about reaching the customer nor a question, and what
    is left once the facts found in it are taken out still says something new (6+ Han
    characters or 3+ English words). An answer that is only the asked fact ("电饭煲",
    "昨天下午") is not story."""
    if field == FieldName.ACCOUNT or not draft.account or not text:
        return False
    # Answers about who they are are not what happened ("王芳", "电话不方便"); a sentence
    # of the story said at the name or contact question is (newcomer trial 8: "快递小哥
    # 直接扔门口的 啥玩意儿" at the name question was lost from the account).
    about_them = field in (FieldName.NAME, FieldName.CONTACT)
    if about_them and (_name_shaped(text) or _SAID_ALREADY.search(text)):
        return False
    if declines_phone(text) or _ABOUT_REACHING.search(text):
        return False  # "我手机不太方便 你们打这个号": how to reach them, not what happened
    if field == FieldName.OBJECT and vague_filler(text):
        return False  # "就是有问题啊": nothing new, and no answer (newcomer trial 11)
    found = extract_fields(text, turn.now)
    if found.phone or found.email or found.name or is_question(text):
        return False  # "手机坏了留个邮箱吧 wang@…" is about reaching them
    if found.remedies_refused or found.wishes_refused:
        return False  # "不用当面赔礼了 赔钱就行" changes the wish, it tells nothing new
    if field in _NOT_A_WISH and wish_instead_of_answer(text, leftover(text, found, field), found):
        return False  # "I want the 300 back" at the place question is the remedy
    left = unicodedata.normalize("NFKC", text)
    for fact in (
        found.occurred_text,
        found.place,
        found.store,
        found.product,
        found.staff,
        found.remedy_text,
        found.order_no,
        found.platform,
    ):
        for piece in _fact_words(fact):
            left = left.replace(unicodedata.normalize("NFKC", piece), "")
    for _, wording in found.remedies:
        left = left.replace(unicodedata.normalize("NFKC", wording), "")
    # A message of wishes only tells nothing: wishes given up in a change of mind ("退款吧
    # 算了 重新送一份也行") and its clause ("算了退卡太麻烦") are no story (newcomer trial 12).
    left = wishes_out(left, found.remedies_only)
    # Someone named and what they did: "客服一直推脱", "店员态度很差" leave four characters,
    # a story all the same (newcomer trial: such messages were dropped); "就是那个店员"
    # leaves none once its function words are counted out.
    skipped = _FUNCTION_HAN if found.staff else frozenset()
    han = sum(1 for ch in left if "\u4e00" <= ch <= "\u9fff" and ch not in skipped)
    needed = 4 if found.staff else 6
    words = [w for w in re.findall(r"[A-Za-z]{2,}", left) if w.lower() not in STOP_WORDS_EN]
    # "at your …" says nothing new, and neither does what the account already holds. A
    # short clause at the time question that does something ("我不吃辣啊", "and it was 1
    # hour late") is story too: no time was read from it (newcomer trial 10).
    short = field == FieldName.TIME and short_story_line(left)
    return not ((han < needed and len(words) < 3 and not short) or text in draft.account)


# Words about not knowing or remembering when: "不记得了", "忘了", "not sure" answer the time
# question (unknown), they tell nothing that happened.
_MEMORY = re.compile(
    r"记得|记不|记错|清楚|知道|晓得|确定|印象|忘|想不起|说不好|不好说|大概|好像|"
    # or a vague when: "很久以前", "好久了", "a long time ago"
    r"以前|之前|以后|很久|好久|那时|时候|"
    r"\b(?:remember|know|sure|forgot|forget|recall|idea|maybe|about|around|ago|while)\b",
    re.I,
)
# Tags of words that do something or say how it was: verbs and adjectives.
_DOING_TAGS = ("v", "a")
# An English clause that tells something: a verb of being or doing, or a negation.
_EN_CLAUSE = re.compile(
    r"\b(?:was|were|is|are|been|did|didn'?t|wasn'?t|isn'?t|weren'?t|had|got|never|not|no)\b|"
    r"\b[a-z]{3,}ed\b",
    re.I,
)


def short_story_line(words: str) -> bool:
    """Whether `words` (what is left of an answer once its facts are out) are a short clause
    of the story rather than a failed answer: three Han characters or more with a verb, an
    adjective or a negation ("我不吃辣啊", "太难吃了"), or three English words or more with
    a verb or a negation ("and it was 1 hour late"). Words about not knowing or not
    remembering ("不记得了", "not sure") and questions are not story."""
    words = words.strip()
    if not words or _MEMORY.search(words) or is_question(words):
        return False
    if normalise(words) in UNKNOWN_WORDS or normalise(words) in NONE_WORDS:
        return False
    if _HAN.search(words):
        if sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff") < 3:
            return False
        tags = [flag for _, flag in tagged_words(words, hmm=False)] if tokenizer_loaded() else []
        return not {"t", "tg", "f"} & set(tags) and (
            any(flag.startswith(_DOING_TAGS) for flag in tags) or bool(re.search("[不没]", words))
        )
    return len(re.findall(r"[A-Za-z0-9]+", words)) >= 3 and bool(_EN_CLAUSE.search(words))


def _fact_words(fact: str | None) -> list[str]:
    """The words a fact was read from: the fact itself, and for one put together from the
    words said ("店是广州天河那家" -> 广州天河店, "医生姓周" -> 周医生) its name without the
    store word, and the role and 姓 with the surname."""
    if not fact:
        return []
    words = [fact]
    store = re.fullmatch(r"(.{2,}?)(?:门店|分店|店)", fact)
    if store:
        words.append(store[1])
    if len(fact) >= 3 and is_surname(fact[:1]):
        words += [fact[1:], f"姓{fact[:1]}"]
    return words


# Words about how to reach the customer: "打这个号", "联系我老婆", "手机不太方便", "白天打不通".
_ABOUT_REACHING = re.compile(
    # Not "客服一直不联系我" nor "你们客服电话打不通": those tell what the shop did.
    r"(?:打|拨)(?:这个号|这个电话|这个手机|我电话|我手机)|(?<![不没])(?:联系|回电话给)(?:我|这个号)|"
    r"我的?(?:手机|电话|号码)(?:不太?方便|没电|停机|关机|欠费)|\b(?<!not\s)(?:call|text)\s+me\b",
    re.I,
)


# Characters that carry no event by themselves in an answer about someone: pronouns,
# particles, 在/买. Counted out before deciding that it tells a story.
_FUNCTION_HAN = frozenset("我你他她们在的了是就也都还那这个买吧啊呢吗哦嗯呀哈")


def add_to_story(turn: Turn, draft: Draft, text: str, field: str | None) -> bool:
    """Appends what the customer tells about what happened to the account, in order, and
    says whether it did (see tells_story for what counts).

    The account is the story across messages (issue 9), not only the first message; it is
    cut at the policy's intake.max_text_chars.
    """
    if not tells_story(turn, draft, text, field):
        return False
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{text}"[:limit]
    return True


def warnings(turn: Turn, text: str) -> list[str]:
    """What the customer should hear about this message before the next question."""
    found = extract_fields(text, turn.now)
    digits = invalid_phone(text.replace(found.order_no or "\0", ""), found.phone)
    return [turn.t("reader.phone_invalid", digits=digits)] if digits else []


def resolve_choice(turn: Turn) -> str | None:
    """The key of the offered choice this message picks: a button, a number, or the label."""
    offered = turn.offered()
    keys = {c.key for c in offered}
    if turn.inbound.choice in keys:
        return turn.inbound.choice
    said = normalise(turn.inbound.text)
    if said.isdigit() and 1 <= int(said) <= len(offered):
        return offered[int(said) - 1].key
    for choice in offered:
        if said and said in (normalise(choice.label), choice.key):
            return choice.key
    return None


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
    fact."""
    if words in CONFIRM_WORDS:
        return True
    if len(words) > 8 or not any(cue in words for cue in _CONFIRM_CUES):
        return False
    cues = turn.reading.cues if turn.reading else None
    found = extract_fields(said(turn), turn.now)
    facts = found.phone or found.email or found.name or found.occurred_at or found.remedies
    return not (cues and (cues.refuse or cues.correction)) and not facts
