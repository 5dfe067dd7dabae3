"""Reading the object, time and place questions' answers (issue 9): a product, store or
person named, a home's unit, no place for a call or a website, a time said late.
"""

from __future__ import annotations

import re
from datetime import datetime

from handlers.answer_wishes import refine
from handlers.answer_words import (
    HAN,
    LABELS,
    NARRATIVE,
    PLACE_WORD,
    STORY_WORD,
    UNKNOWN_WORDS,
    clip_answer,
    short_story_line,
    tells_how,
)
from handlers.draft import Draft
from handlers.evidence_words import goes_on, names_evidence
from handlers.fields import FieldName
from handlers.turn import Turn
from handlers.words import NONE_WORDS, normalise
from nlp.extract import Extracted, after_purchase
from nlp.extract_company import is_chain, served_remotely
from nlp.extract_english import object_phrase
from nlp.extract_person import verb_phrase
from nlp.extract_place import find_channel, names_where
from nlp.extract_refs import find_references, without_contacts
from nlp.extract_text import normalise as fold
from nlp.intent import bare_reply, cue_phrases, has_cue
from nlp.time_parts import this_year_ahead
from nlp.tokenizer import is_loaded as tokenizer_loaded
from nlp.tokenizer import tagged as tagged_words
from nlp.tokenizer import word_tag

# Words about something else than a place: evidence ("木有截图", "没有发票"), or a none-word
# about another thing ("没有人理我"); a none about the place itself is no_place's. Not 无:
# it opens place names (无锡).
_NONE_OPENER = re.compile(r"^(?:暂时|目前|现在|手上|手头)?(?:没有|没|木有)")


def not_about_place(rest: str) -> bool:
    """Whether the words left at the place question are about something else than where:
    they name evidence, or say none of something that is no place (newcomer trial 8:
    "木有截图" was filed as 地点：木有截图), or name a messaging app only as where the
    evidence is (newcomer trial 18: "截图在微信聊天记录里" was filed as 地点：微信)."""
    words = normalise(rest)
    other_channel = _NO_PLACE_CHANNEL.search(_MESSAGING.sub("", words))
    if names_evidence(rest) and not PLACE_WORD.search(rest) and not other_channel:
        return True
    if PLACE_WORD.search(rest) or _NO_PLACE_CHANNEL.search(words):
        return False
    if names_evidence(rest):
        return True
    unknown = normalise(rest) in NONE_WORDS or normalise(rest) in UNKNOWN_WORDS or no_place(rest)
    if verb_phrase(rest) and not unknown:
        # "查清楚" beside a wish: what to do, no place (newcomer trial 21); "暂无" (a verb to
        # jieba) still says the place is not known.
        return True
    return bool(_NONE_OPENER.match(normalise(rest))) and not no_place(rest)


# No one product, store or person to name (a hotline that never answers, a policy): said
# so, the complaint can still be filed, and the summary shows it rather than an empty row.
NO_OBJECT = re.compile(
    # "暂无" too, as at the evidence question (newcomer trial 15: refused here, and again).
    r"^(就是)?(暂时?|目前|现在)?(没有|没|无|木有|没得|冇|不知道|不清楚|说不清|说不上来|都不是|没什么)"
    r"(具体|特定|特别)?(的)?"
    r"(商品|产品|门店|店|人|对象|东西)?(了|啊|呢)?$"
    # English, as normalise() leaves it (lower case, no blanks): "no", "none", "nothing
    # specific", "no one in particular" (newcomer trial 14: "no" was refused, "没有" taken).
    r"|^(no|none|nope|nah|nothing|noone|nobody|notsure|notreally|na)"
    r"(specific|inparticular|really)?$"
)


# A phone in any spacing ("136 1234 5678", "+86 135-0000-1234"): the digits of one number.
# One separator at most between digits: "501   136 1234 5678" is a room number and a phone.
_PHONE_SHAPED = re.compile(r"\+?\d(?:[ -]?\d){6,}")


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
    text = _PHONE_SHAPED.sub(" ", without_contacts(text))
    return said if text == said else " ".join(LABELS.sub(" ", text).split())


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


def read_object(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    """The object question's answer (see handlers/answers.py:AnswerReader): the product,
    service, store or person named, without the time, order number, name, phone or a home's
    unit (which go to their own fields); a line of the story goes to the account."""
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
    if bare_reply(rest):
        return "invalid.object"  # "yes", "ok": no product, store or person (newcomer trial 14)
    if not any(ch.isalpha() for ch in rest):
        return "invalid.object"  # "1，4": option numbers said ahead, no object (trial 8)
    if sum(1 for ch in rest if ch.isalnum()) < 2 and not _one_noun(rest):
        return "invalid.object"
    if vague_filler(rest):
        return "invalid.object"  # "就是有问题啊": says something is wrong, not with what
    # Read in the folded copy: written Cantonese as Mandarin ("佢哋話冇貨" is "他们说没货"),
    # whose words the tokenizer and the story cues know (newcomer trial 22: Cantonese story
    # lines were filed as the object). The object kept is still the customer's own words.
    folded = fold(rest)
    if not names_something(folded):
        # "就是有问题啊", "我老婆也拉了 孩子还吐了": no product, store or person in it
        # (newcomer trial 11: each became the object). A clause of the story is kept as
        # story; filler answers nothing. Either way the question is asked again.
        if short_story_line(folded) or NARRATIVE.search(folded):
            draft.account = f"{draft.account}\n{text}" if draft.account else text
            draft.account = draft.account[: turn.services.policy.intake.max_text_chars]
            return "reader.noted_facts"
        return "invalid.object"
    if story_sentence_en(rest):
        # "ur support keeps saying wait 3-5 days, it's been 21 days!!": a sentence of the
        # story names nothing; it is kept as story and the question asked again (newcomer
        # trial 17: it became the object whole).
        draft.account = f"{draft.account}\n{text}" if draft.account else text
        draft.account = draft.account[: turn.services.policy.intake.max_text_chars]
        return "reader.noted_facts"
    draft.product = clip_answer(rest)
    return None


# A clause in English: a subject and a word after it ("it's been", "they keep", "ur support
# keeps"), a count of days or times, or an exclamation.
_CLAUSE_EN = re.compile(
    r"\b(?:i|we|they|he|she|it|you|u|ur|nobody|no\s+one)(?:'[a-z]+)?\s+[a-z]"
    r"|\d+\s*(?:days?|weeks?|hours?|times?)\b|!",
    re.I,
)
_STORY_WORDS_EN = 6


def story_sentence_en(words: str) -> bool:
    """Whether Latin `words` at the object question tell the story rather than name a thing:
    more than six words, or three or more with a clause of its own (see _CLAUSE_EN). "iPhone
    15 Pro Max", "the blue one from Sanlitun" name one."""
    if HAN.search(words):
        return False
    count = len(re.findall(r"[A-Za-z]+(?:'[a-z]+)?", words))
    return count > _STORY_WORDS_EN or (count >= 3 and bool(_CLAUSE_EN.search(words)))


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
    if not HAN.search(words) or not tokenizer_loaded():
        return bool(words)
    if NARRATIVE.search(words) or tells_how(words):
        return False
    tags = tagged_words(words, hmm=False)
    if any(word in {"有", "是", "没有", "没"} for word, _ in tags[:1]):
        return False  # "有问题", "是质量问题": says what is wrong, names nothing
    if opens_with_act(tags):
        return False  # "吃出一只虫子", "补完不到一个礼拜就掉了": what happened, not to what
    # A dish's name may hold a verb (黄焖鸡): only a clause (a word of the story, a
    # negation) with no name in it is refused.
    if not STORY_WORD.search(words):
        return True
    return not short_story_line(words) or any(
        flag.startswith(_NAME_TAGS) and len(word) > 1 and word not in _VAGUE_NOUNS
        for word, flag in tags
    )


# What may follow a verb that opens a clause of the story: another verb (吃出, 补完不到), a
# count (吃了一只, 等了三天), an aspect word (了, 过, 着) or an adverb. A verb before 的 or a
# noun is a name's modifier ("坏掉的空调", "租的房子") and is no clause.
_ACT_NEXT = ("v", "m", "mq", "ul", "uz", "ug", "uguo", "d", "zg")
_ACT_SUBJECT = ("r",)


def opens_with_act(tags: list[tuple[str, str]]) -> bool:
    """Whether tagged words open, past a pronoun subject, with a verb acting (see _ACT_NEXT):
    a clause of the story told at the object question (newcomer trial 18: "吃出一只虫子！！！",
    "补完不到一个礼拜就掉了" were each filed as the object)."""
    words = [(w, f) for w, f in tags if f != "x"]
    while words and words[0][1].startswith(_ACT_SUBJECT):
        words = words[1:]
    if len(words) < 2:
        return False
    (_, first), (_, second) = words[0], words[1]
    return first == "v" and second in _ACT_NEXT


def _tells_beside(words: str, found: Extracted) -> bool:
    """Whether the words after a product tell what happened: a sum, a verb or a word of
    the story ("扣了298", "才59"). Words before it are part of its name ("老式摇头风扇",
    "那台空调")."""
    return bool(found.amounts or STORY_WORD.search(words)) or any(
        short_story_line(piece) for piece in words.split()
    )


def _one_noun(words: str) -> bool:
    """A product named by one Han character that is a noun ("药", "鞋", "伞"): an object
    all the same (newcomer trial 8: "药" was refused)."""
    tag = word_tag(words) if HAN.fullmatch(words) else None
    return tag is not None and tag.startswith("n") and not tag.startswith("nr")


# A year said with the date: "今年12月1日", "2027年1月1日", "2026-12-01", "Dec 1 2026".
_YEAR_SAID = re.compile(r"年|\d{4}")


def days_ahead_unyeared(found: Extracted, now: datetime) -> bool:
    """Whether the time read is a date said without a year that the readers kept in this
    year though a few days ahead ("12月1日" on 30 November: nlp/time_parts.py:
    this_year_ahead): taken as said, the summary showing its year, never refused as a time
    to come nor read as last year's (newcomer trial 22)."""
    words, at = found.occurred_text or "", found.occurred_at
    if at is None or _YEAR_SAID.search(words):
        return False
    return this_year_ahead(at.date(), now.astimezone(at.tzinfo).date())


def read_time(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    """The time question's answer: the time extraction read, never one in the future (but
    for a date a few days ahead said without a year, see days_ahead_unyeared)."""
    at = found.occurred_at
    if at is not None and at > turn.now and not days_ahead_unyeared(found, turn.now):
        return "invalid.time_future"
    if found.occurred_at is None:
        said = unknown_time(text)
        if said is None:
            return "invalid.time"
        # Not known, or only roughly: recorded as such, and the intake goes on (docs/process.md
        # section 1; newcomer trial 15: "不记得了" was refused again and again). A time said
        # later at any question replaces it (answers.py:fill).
        kind, words = said
        draft.occurred_at = None
        draft.occurred_text = turn.t(f"field.time_{kind}", said=clip_answer(words))
        return None
    draft.occurred_at = found.occurred_at.isoformat()
    draft.occurred_text = found.occurred_text or clip_answer(text)
    lapse = after_purchase(found.occurred_at, normalise(draft.account or ""), turn.now)
    if found.bought_time and lapse:
        # "上周五买的" after "用了三天就不转了": the fault came that long after the purchase
        # (newcomer trial 20: the purchase was filed as when it went wrong)
        at, (a, b) = lapse
        draft.occurred_at = at.isoformat()
        bought = clip_answer(text) if len(text.strip()) <= _BOUGHT_SAID else draft.occurred_text
        draft.occurred_text = f"{bought}，{normalise(draft.account or '')[a:b]}"
    rest = _without_time(text, found).strip(" ，,。.")
    if not draft.place and _ONLINE.search(normalise(rest)):
        # "上周三晚上 在线上课的": when, and that it was online; the place question would
        # ask what was said already (newcomer trial 14).
        draft.place = turn.t("field.place_none", said=clip_answer(rest))
    return None


# A purchase time said this briefly is shown as said ("上周五买的"), beside the lapse.
_BOUGHT_SAID = 10


# An answer to the time question longer than this is read for a time only, never taken as
# "not known" or "roughly": a sentence holding 不知道 or 最近 is the story's.
_UNKNOWN_TIME_CHARS = 20


def unknown_time(text: str) -> tuple[str, str] | None:
    """How an answer to the time question with no date in it says when, if it does:
    ("approx", the words) for a rough time ("反正就是前段时间", "a while ago", cues
    `[time_unknown] vague`), ("unknown", the words) for "不记得了", "not sure" or a none-word
    ("暂无"); None otherwise ("1", a line of the story)."""
    words = text.strip()
    if holiday := _BY_HOLIDAY.search(words):
        # "国庆后": rough, its days move year to year; in a sentence of the story as well
        # ("国庆后那几天吧 空调就开始漏水了 滴了一地"; trial 20: the time was asked again).
        return "approx", holiday.group()
    if not words or len(words) > _UNKNOWN_TIME_CHARS:
        return None
    if _HOW_OFTEN.search(words):
        return None  # "我今年刷了十几次了": how often, not when (newcomer trial 20)
    if spans := cue_phrases(words, "time_unknown", "vague"):
        start, end = spans[-1]  # the last said: "之前…反正就是去年" is 去年
        return "approx", words[start:end]
    bare = normalise(words)
    if has_cue(words, "time_unknown", "words") or _NONE_SAID.match(bare) or bare in UNKNOWN_WORDS:
        return "unknown", words
    return None


# A count of times ("刷了十几次", "去了三趟", "打了好几回电话"): how often, never when.
_HOW_OFTEN = re.compile(
    r"(?<!第)(?:[\d一二两三四五六七八九十百几]+|好几|很多|无数)多?(?:次|趟|回|遍)(?!日|序)"
)


# A time said by a holiday ("春节前", "国庆后那几天", "双十一的时候", "after Christmas"):
# rough, recorded as such, not dated (a lunar holiday's days move; newcomer trial 17).
_BY_HOLIDAY = re.compile(
    r"(?:春节|过年|年前|年后|元旦|元宵|清明|五一|劳动节|端午|中秋|国庆|十一|双十一|双11|双十二|双12|618)"
    r"(?:节)?(?:前|后|之前|之后|以前|以后|期间|那几天|那会儿?|的时候|左右|前后)"
    # "国庆后那几天", "春节前那段时间": the days after it kept with it (trial 20: recorded
    # as "国庆后（约）" and the rest added to the account as story).
    r"(?:的?(?:那|这)(?:几天|段时间|阵子?|会儿?)|左右)?"
    r"|\b(?:before|after|around|during|over)\s+(?:the\s+)?(?:christmas|new\s+year|easter"
    r"|chinese\s+new\s+year|spring\s+festival|national\s+day|golden\s+week)\b",
    re.I,
)


# "暂无", "没有", "skip" said alone: nothing to give (not "好了" or "done", which NONE_WORDS
# holds for the evidence step).
_NONE_SAID = re.compile(
    r"^(?:就是)?(?:暂时?|目前|现在)?(?:没有|没|无|木有|没得|冇)(?:了|啊|呢|哦)?$"
    r"|^(?:跳过|skip|none|no|nope|nah|na|n/a|nothing)$"
)


# Said beside the time, these say it happened online: no physical place. Not a call ("昨天
# 打电话问过" at the time question tells what was done, not where it happened).
_ONLINE = re.compile(r"线上|网上|在线|网课|直播间|\bonline\b|\bon\s+(?:the\s+)?(?:app|website)\b")


# Complaints with no physical place (a hotline, a website) must still be fileable: a
# channel named, or no place said. A none-word counts only about the place itself, and an
# English word only whole (newcomer trial 8: "没有截图" and the "na" inside "explanation"
# made "no particular place"; so would have 无锡).
_NO_PLACE_CHANNEL = re.compile(r"电话|热线|线上|网上|在线|app|微信|短信")


_NO_PLACE_SAID = re.compile(
    r"^(?:没有|没|无|木有)(?:具体|特定|固定|什么)?(?:的)?(?:地点|地方|地址|位置)?(?:了|啊|呢)?$|"
    r"不知道|不清楚|记不清|不记得|没地点|没有地点|没有具体|无具体|无固定|没有固定|"
    # no branch to name (newcomer trial 22: "没有门店 就是话费")
    r"(?:没有|没|无|不是在|不在)(?:具体的?|什么)?(?:门店|网点|营业厅|店里)"
)


_NO_PLACE_EN = re.compile(
    r"\b(?:online|phone|call|website|none|nowhere|unknown|n/?a"
    r"|no\s+(?:particular\s+|physical\s+)?(?:place|store|shop|branch|office))\b",
    re.I,
)


# Words of a no-place answer that say how it was done, kept beside the company's name.
_SAYS_CHANNEL = re.compile(
    r"电话|热线|线上|网上|在线|app|微信|短信|话费|账单|扣费|门店|网点|营业厅"
    r"|\b(?:online|phone|call|website|bill|charge|store|shop|branch|office)",
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


# Words that lead the place and are no part of it: the customer saying it again ("我刚才说了
# 啊 万象城地下停车场", "I told you, Walmart") and pointers at it ("是你们…", "就在…", "at …").
# Newcomer trial 18: four customers could not file, the place asked again and again.
_SAID_BEFORE = re.compile(
    r"^(?:(?:我|俺)?(?:刚才|刚刚|之前|前面|上面|早就|已经)?都?(?:说|讲|告诉你|写)[了过](?:的)?"
    r"(?:啊|呀|嘛|呢|了|吧)*|i\s+(?:already\s+|just\s+)?(?:told\s+you|said)(?:\s+(?:already|before))?"
    r"|(?:as|like)\s+i\s+(?:said|told\s+you))[\s,，.。:：!！~]*",
    re.I,
)
_POINTER = re.compile(
    r"^(?:(?:就是|是|就在|在(?!线)|去了?|到了?)(?:你们的?|你家)?(?:那个|这个)?"
    r"|(?:it\s+was\s+|it'?s\s+)?(?:at|in)\s+(?:the\s+|your\s+)?)\s*",
    re.I,
)


def place_words(words: str) -> str:
    """The place in the words said at the place question, without what leads it (see
    _SAID_BEFORE, _POINTER): "我刚才说了啊 万象城地下停车场" -> "万象城地下停车场"."""
    rest = _SAID_BEFORE.sub("", words.strip(), count=1)
    rest = _POINTER.sub("", rest, count=1).strip()
    return rest or words


# Words at the place question that say something else than where (newcomer trial 18):
# a reference number ("报案号 BA2026…", "号码就是我这个"), a spot in the thing itself
# ("毛肚里面", "屏幕上面"), a deed ("还把我家地板划了一道"), a messaging app named as where
# the evidence is ("截图在微信聊天记录里").
_INSIDE = re.compile(
    r"^(?:就?在)?(?P<thing>[\u4e00-\u9fff]{1,8}?)"
    r"(?:里面|里边|里头|上面|上边|下面|底下|表面|中间|里|上)$"
)
# Rooms and vehicles one is in: "家里", "车上", "电梯里" are where it happened.
_ROOM_LIKE = re.compile(r"[家屋房车梯厅堂间舱]")
_MESSAGING = re.compile(r"微信|短信|qq|钉钉|wechat|whatsapp", re.I)
# 把/被/将 before a verb, or a verb's 了/过: what was done, not where ("把地板划了").
_DEED_WORDS = frozenset({"把", "被", "将"})
_ASPECT = frozenset({"了", "过"})


def _not_a_place(words: str) -> bool:
    """Whether `words`, which name no place of their own, say something else (see above)."""
    plain = normalise(words).replace(" ", "")
    if find_references(plain):  # any labelled number (nlp/extract_refs.py), or one pointed at
        return True
    inside = _INSIDE.match(plain)
    thing = inside["thing"] if inside else ""
    if inside and not PLACE_WORD.search(thing) and not _ROOM_LIKE.search(thing):
        return True
    return _deed(plain)


def _deed(words: str) -> bool:
    if not tokenizer_loaded() or not HAN.search(words):
        return False
    tags = [*tagged_words(words, hmm=False), ("", "")]
    for i, (word, flag) in enumerate(tags[:-1]):
        if word in _DEED_WORDS and flag == "p":
            return True
        # "划了一道", "弄坏了": a deed; "去了万达" goes on with where, a name.
        named_after = tags[i + 2][1].startswith(("n", "eng")) if i + 2 < len(tags) else False
        if flag.startswith("v") and tags[i + 1][0] in _ASPECT and not named_after:
            return True
    return False


def evidence_app(text: str, found: Extracted) -> bool:
    """Whether the only place read is a messaging app named as where the evidence is
    ("截图在微信聊天记录里 需要的话我再找"): no place, at any question."""
    return bool(
        found.platform
        and not found.venue
        and found.place in (None, found.platform)
        and _MESSAGING.fullmatch(found.platform)
        and names_evidence(text)
    )


def read_place(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    """The place question's answer: a place, store or platform read, no physical place (a
    call, online, not known), a time said late (taken, the question stays), or the words."""
    if found.place or found.platform or found.venue:
        # "3号楼2单元 阳光花园小区": the unit said before the compound is part of the place
        # (newcomer trial 13: the repair crew would not have known which building).
        unit = _HOME_UNIT.search(text)
        if found.place and draft.place == found.place and unit is not None:
            said = "".join(unit.group().split())
            draft.place = found.place if said in found.place else f"{found.place}{said}"
        return None
    if goes_on(text):
        # "好了" after files sent: done sending, no place (newcomer trial 20: recorded as
        # "无具体地点（好了）"); the question stays
        return "invalid.place"
    if _ONLY_NUMBER.fullmatch(normalise(text)):
        return "invalid.place"  # "91234567": a phone or a number, never where
    if no_place(text):  # a phone call, online, or not known: say so
        draft.place = turn.t("field.place_none", said=clip_answer(text))
        if served_remotely(draft.store, f"{draft.product or ''} {draft.account or ''}"):
            # "online", "it's a bill, there is no store" of a bank's or carrier's matter: its
            # channel, whose it is kept (newcomer trial 22: filed as Where: no store); "没有",
            # "不知道": no branch named
            said = clip_answer(text)
            draft.place = (
                turn.t("field.place_remote_said", company=draft.store, said=said)
                if _SAYS_CHANNEL.search(text)
                else turn.t("field.place_remote", company=draft.store)
            )
        return None
    if sum(1 for ch in text if ch.isalnum()) < 2:
        return "invalid.place"
    if found.occurred_at is not None and not PLACE_WORD.search(text):
        # "11月1号扣的": when, said late (newcomer trial 13: the place became "扣的" and the
        # vaguer "这个月" stayed the time); the time is taken and the place asked again.
        refine(draft, found, turn.now)
        return "reader.noted_facts"
    if found.staff and found.staff.startswith("工号"):
        return "reader.noted_facts"  # "理赔员工号PA3302": who, kept as staff; no place
    if _story_not_place(text, found) or _not_a_place(text):
        return "invalid.place"  # kept as story by the caller when it goes on with it
    words = clip_answer(text)
    if draft.store and is_chain(draft.store) and names_where(words):
        # "望京" asked which 海底捞 it was: its store there (newcomer trial 20)
        draft.store = words = f"{draft.store}{words}店"
    draft.place = words
    return None


_ONLY_NUMBER = re.compile(r"[\d\s+\-()#.]+")


def _story_not_place(words: str, found: Extracted) -> bool:
    """Whether the words at the place question tell what happened rather than where: a
    sentence of events ("我爸8月份住院 做了心脏支架 花了八万多"), a sum or a time in it
    (newcomer trial 14: the place became "我爸 住院 做了心脏支架 花了八万多 医疗险 了";
    住院 holds 院 of a place word)."""
    if len(words) <= 10:
        return False
    told = bool(NARRATIVE.search(words) or found.amounts or found.occurred_at)
    return (told and len(words.split()) > 1) or (told and len(words) > 16)


# Words after where a chain's store is that point at it ("望京凯德那家", "国贸商城那个",
# "北京西站那间店", Cantonese "沙田嗰間") or close the answer ("西站的", "望京凯德啊").
_BRANCH_POINTER = re.compile(
    r"(?:[那这這嗰]一?[家个個间間座](?:店|分店|门店|門店)?|的|店|分店|门店|門店)?"
    r"[啊呀吧嘛呢哈哦喔]*$"
)
# Tags of the words a store's whereabouts are said in: places, names of malls and stations
# ("望京" ns, "凯德" nrt, "国贸" j, "西站" n), not a deed, a time or a wish.
_BRANCH_TAGS = ("n", "j", "s", "f", "m", "b", "eng")
_MAX_BRANCH = 10


def chain_branch(draft: Draft, text: str, found: Extracted) -> str | None:
    """At the question which of a chain's stores it was ("是西贝哪家店？"), where its store is,
    said bare or pointed at ("望京凯德", "就是望京凯德那家", "北京西站那家"): the words that name
    the branch, or None. Any words that only say where are its store there, not only those the
    dictionary tags as places (newcomer trial 22: "望京凯德那家" after 西贝 lost the chain, as
    "凯德" is tagged a name). A time, a wish, a channel, a company or the story is no branch."""
    if not (draft.store and draft.place is None and is_chain(draft.store)):
        return None
    if len(text) > 24 or found.occurred_at or found.remedies or found.phone or found.company:
        return None
    if found.staff or found.product or found.name:
        return None
    if found.platform or no_place(text) or find_channel(normalise(text)) or _not_a_place(text):
        return None  # "在毛肚里面": a spot in the dish, no branch
    words = place_words(normalise(text).replace(" ", ""))
    words = _BRANCH_POINTER.sub("", words)
    if not 2 <= len(words) <= _MAX_BRANCH or not _HAN_RUN.fullmatch(words) or draft.store in words:
        return None
    return words if _where_words(words) else None


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _where_words(words: str) -> bool:
    """Whether `words` could only say where: nouns and place names, none a person's name said
    alone ("王芳"), no verb, time or pronoun."""
    if not tokenizer_loaded():
        return names_where(words)
    tags = tagged_words(words, hmm=False)
    if all(flag.startswith("nr") for _, flag in tags):
        return False  # a name alone ("王芳") answers another question
    return all(flag.startswith(_BRANCH_TAGS) for _, flag in tags)
