"""The words of an answer (issue 9): what is left once the facts for other questions are
out (`leftover`), and the shapes that say what those words are: a wish, a place, a name, a
line of the story. Shared by the readers in handlers/answers.py and the modules beside it.
"""

from __future__ import annotations

import re
import unicodedata

from handlers.fields import FieldName
from handlers.fields import columns as field_columns
from handlers.turn import Turn
from handlers.words import NONE_WORDS, normalise
from nlp.extract import Extracted
from nlp.extract_english import names_place_en
from nlp.extract_person import (
    familiar_name,
    is_surname,
    looks_like_chinese_name,
)
from nlp.extract_refs import without_contacts
from nlp.intent import bare_reply, is_question
from nlp.language import ENGLISH_WORDS, STOP_WORDS_EN
from nlp.tokenizer import is_loaded as tokenizer_loaded
from nlp.tokenizer import tagged as tagged_words

MAX_FIELD_CHARS = 200


NAME_PREFIX = re.compile(
    r"^([我俺]叫|[我俺]是|本人|姓名[:：]?|名字[:：]?|my name is|i am|i'm|im(?=\s))\s*", re.I
)


def clip_answer(text: str) -> str:
    """A free-text answer as kept: stripped and cut at MAX_FIELD_CHARS characters."""
    return text.strip()[:MAX_FIELD_CHARS]


_NEAR: dict[str, set[str]] = {
    FieldName.OBJECT: {"place", "store", "platform", "product", "order_no"},
    FieldName.PLACE: {"place", "store", "platform", "product"},
    FieldName.ACCOUNT: {"place", "store", "platform", "product", "remedy_text"},
}


LABELS = re.compile(
    # Traditional forms too (newcomer trial 18: "我姓梁 電話 13433334444" left 電話 as the object).
    r"(手机号码|手机号|手机|电话号码|电话|联系方式|邮箱|email|e-mail|订单号|单号|"
    r"手機號碼|手機號|手機|電話號碼|電話|聯繫方式|聯絡方式|郵箱|電郵|訂單號|微信号?|微信號|"
    r"我叫|我是|名字|姓名|"
    r"\b(?:my\s+)?(?:phone|mobile|cell|tel|e-?mail|name)(?:\s+number)?(?:\s+is)?\b)[是为:：\s]*",
    re.I,
)


_ASIDE = re.compile(
    r"^(?:哦?对了|还有|另外|顺便(?:说一?下|提一?下)?|补充(?:一下)?|by the way|btw|also|oh|and)"
    r"[\s,，、]*",
    re.I,
)


_BARE_WORDS = frozenset({"我", "我的", "my", "mine", "i", "it", "is", "it's", "here"})


LEADING = re.compile(r"^(就是|就在|是在|是|在|就|嗯|哦|还有|另外|顺便|也)")


# Laughter, fillers and interjections said alone ("哈哈", "hhh", "haha", "lol", "emmm", "额",
# "嗯…", "ok", "hmm", "好吧"): no answer to any question (newcomer trial 17: "haha" at the
# place question was filed as the place). Read on the normalised words, without blanks, marks
# and emoji. Han laughter counts from two characters on, so one character that may be a
# surname or the start of a place ("何", "哈尔滨") is never one.
_FILLER_TOKEN = (
    r"[哈呵嘿嘻嘎]{2,}|h{2,}|(?:ha|he|hi|ah)h?(?:(?:ha|he|hi|ah)h?)+|hah?|lol+|lmao|rofl|xd+"
    r"|e*m{2,}|em+|嗯+|额+|呃+|唔+|啊+|哦+|噢+|喔+|诶+|欸+|哎+|唉+|嗐|咦"
    r"|u+h+|u+m+|e+r+m*|e+h+|a+h+|o+h+|h+m+|o+k+|okay|k+|好的?|好吧|好滴|好嘞|行吧|收到"
)
_FILLER_ONLY = re.compile(rf"(?:{_FILLER_TOKEN})+")


def only_filler(text: str) -> bool:
    """Whether `text` holds nothing but laughter, fillers and interjections (see
    _FILLER_TOKEN): emoji or marks alone are not read here (the router answers them)."""
    words = "".join(ch for ch in normalise(text) if ch.isalnum())
    return bool(words) and _FILLER_ONLY.fullmatch(words) is not None


_PIECES = re.compile(r"([\s,，。.!！?？~～…、]+)")


def without_fillers(text: str) -> str:
    """`text` without the laughter or fillers standing before or after the answer as pieces
    of their own ("呵呵 刘" is 刘, "ok, 13511112222" the number); `text` as it is when it is
    nothing else (only_filler answers that) or has none at its edges (its marks stay:
    "你们总部在哪里啊？")."""
    pieces = _PIECES.split(text)  # words at even places, what parts them at odd ones
    first = _answer_edge(pieces, range(len(pieces)))
    last = _answer_edge(pieces, range(len(pieces) - 1, -1, -1))
    if first is None and last is None:
        return text
    start = 0 if first is None else first
    end = len(pieces) if last is None else last + 1
    return "".join(pieces[start:end]).strip() or text


def _answer_edge(pieces: list[str], order: range) -> int | None:
    """The first word of `pieces`, in `order`, that is no filler, when fillers come before it
    (see without_fillers); None when none do, or nothing else is said."""
    after_filler = False
    for index in order:
        if index % 2 == 1 or not pieces[index].strip():
            continue
        if not only_filler(pieces[index]):
            return index if after_filler else None
        after_filler = True
    return None


FILLERS = re.compile(r"你们的|你们|我们|那个|这个|就是|地址|地点|在|的|是|啊|呀|哦|吧")


PLACE_WORD = re.compile(
    r"[店市区县镇村乡省路街道巷号楼层室栋座场馆厦园站港院校所中心门口]|超市|"
    r"商场|广场|小区|酒店|宾馆|机场|医院|学校|公司|网|平台|app|online|store|"
    r"street|road|mall|hotel|airport|station",
    re.I,
)


STORY_WORD = re.compile(r"[了没不吗呢啊吧还又都也很太]|什么|怎么|到底")


UNKNOWN_WORDS = frozenset(
    {"不知道", "不清楚", "忘了", "记不清", "记不清了", "不记得", "不记得了", "不确定", "说不清"}
)


WISH_WORD = re.compile(
    r"要|希望|要求|请|想|给|赔|退|换|修|补|道歉|处理|解决|改进|整改|处罚|开除|"
    r"批评|说法|交代|答复|解释|负责|承担|随便|都行|看着办|want|refund|replace|fix|"
    r"explain|cancel|check|investigate|stop|"
    r"repair|compensat|apolog|explanation|discount|voucher|coupon|credit|gift",
    re.I,
)


SHORT_WISH = 12


NARRATIVE = re.compile(
    r"把|被|当时|结果|居然|竟然|一直|也没|没有|还说|了(?![\s，,。.!！…吧啊呀~]*$)"
    # What the other side said or refused: "师傅说是我自己开的问题 不给保修" (newcomer
    # trial 14: kept as the first wish at the remedy question).
    r"|说是|说我|不给|不肯|拒绝|不让|不同意"
    # Nothing done yet: "还没处理", "至今没动静" (newcomer trial 17: "…还没处理" was a wish).
    r"|(?:还|至今|迟迟)没(?:人)?(?:处理|动静|到账|回复|消息|结果|下文|反应|办)"
)


# What the thing was like when it came: "到手屏幕就是碎的", "收到就是坏的", "打开一看是空的"
# tell what happened, not what should (newcomer trial 8: filed as the remedy).
_DESCRIPTION = re.compile(
    r"到手|收到|拿到|打开|开箱|送到|一看|发现|是[^，,。；;\s]{0,3}的$|就是[^，,。；;\s]{1,4}的"
)


# A sum told about something: "学费是一万二", "一共花了3000" (newcomer trial 14: kept as a wish
# beside "退一半学费").
_TOLD_SUM = re.compile(
    r"(?:是|值|花了|一共|总共|共|才)\s*[\d零一二两三四五六七八九十百千万]+"
    r"(?:\.\d+)?\s*(?:块钱|块|元|万|千|w|k)?[多左右吧啊呀]*$",
    re.I,
)


# A sum named by what it paid for: "年费 360", "月租50", "押金是200", "被扣了一笔年费 360".
# A fact of the story, never a time, a place or a name, though 年/月/日 are in its words
# (newcomer trial 17: "年费 360" was refused as a time and lost, or kept as the place). At the
# remedy question it may be the sum wanted back, read there (answer_wishes.py).
_NAMED_SUM = re.compile(
    r"(?:费用?|[年月日]租|租金|年卡|月卡|次卡|押金|违约金|滞纳金|利息|钱|款)"
    r"\s*(?:是|共|一共|总共|扣了?|收了?|了)?\s*[\d零一二两三四五六七八九十百千万]+"
)


def names_a_sum(words: str) -> bool:
    """Whether `words` name a sum by what it was for ("年费 360", "月租50")."""
    return bool(_NAMED_SUM.search(words))


def wish_shaped(words: str) -> bool:
    """Whether words no remedy kind was read from still say what should happen: a wish word
    (要, 希望, 处理 …), or a few words that tell no story ("冻结账户", "查清楚"). "经理也没出来
    道歉", "去医院花了三百多", "店员态度很差" and "学费是一万二" tell what happened or what it
    cost (newcomer trials 6, 14)."""
    if NARRATIVE.search(words) or _TOLD_SUM.search(words):
        return False
    return bool(WISH_WORD.search(words)) or (
        len(words) <= SHORT_WISH and not STORY_WORD.search(words) and not _DESCRIPTION.search(words)
    )


_COMPANY = re.compile(r"(公司|集团|店|厂|中心|工作室|商行|事务所|ltd|inc|co\.?)$", re.I)


def leftover(text: str, found: Extracted, field: str) -> str:
    """The words of `text` that are not facts for other questions, labels or fillers."""
    work = unicodedata.normalize("NFKC", text)
    if field != FieldName.CONTACT:
        # A phone in any spacing or an e-mail, with the words leading to it ("我电话", "my
        # cell is", "call me at"): never part of another field (newcomer trial 20). First,
        # before the number's own digits are blanked and its lead could no longer be found.
        work = without_contacts(work)
    mine = set(field_columns(field)) | _NEAR.get(field, set())
    for column in (
        "phone",
        "local_phone",
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
    work = LABELS.sub(" ", work)
    rest = _ASIDE.sub("", work.strip(EDGES)).strip(EDGES)
    rest = LEADING.sub("", rest).strip(EDGES)
    return "" if rest.lower() in _BARE_WORDS else rest


EDGES = " ，,。.、；;：:!！~～"


_NAME_INTRO = re.compile(
    r"(?:[我俺]叫|[我俺]是|叫我|[我俺]姓|(?:my\s+)?name\s+is|i\s+am|i'm|im|call\s+me)\s*"
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


# Words no name holds: evidence ("no pics", "没有照片"), a refusal or a negation ("不方便说",
# "rather not"), a question ("why do you need it") or a filler: said at the name question,
# they answer something else (newcomer trial 20: "Name: no pics").
_NOT_A_NAME = re.compile(
    r"照片|截图|图片|发票|收据|小票|凭证|视频|录音|证据|聊天记录|^(?:没有|没|不|别|算了|为什么|干嘛|凭什么)|"
    r"\b(?:no|not|none|nope|nah|pics?|photos?|pictures?|screenshots?|receipts?|videos?|"
    r"evidence|proof|invoice|why|what|how|need|needed|want|rather|sorry|skip|"
    r"thanks|later|anonymous|nothing|dont|don't|do|does|is|are)\b",
    re.I,
)


def name_shaped(text: str) -> bool:
    """A person's or company's name: a known surname alone (刘: how the customer wants to be
    addressed), 2-5 Han characters (王芳, 欧阳娜娜, 陈先生), a company ("朝阳百货有限公司"),
    or a Latin name of up to four words."""
    name = NAME_PREFIX.sub("", text).strip(" ，,。.!！")
    if not name or len(name) > 40 or normalise(name) in NONE_WORDS or bare_reply(name):
        return False  # "ok", "yes" are no name (newcomer trial 14: filed as Name: ok)
    if _NOT_A_NAME.search(name):
        return False  # "no pics", "没有照片", "why do you need it": about evidence, a refusal
    han = sum(1 for ch in name if "\u4e00" <= ch <= "\u9fff")
    if han == len(name):
        return (
            is_surname(name)
            or looks_like_chinese_name(name)
            or familiar_name(name)  # "老刘": how they want to be addressed
            or bool(_COMPANY.search(name))
        )
    # Latin letters with their accents ("Anna Müller"); a city or district is no name
    # ("Wangjing, Beijing", newcomer trial 14).
    latin = re.fullmatch(rf"[{LATIN_LETTERS}][{LATIN_LETTERS}.'’ -]*", name)
    if latin and names_place_en(name):
        return False
    words = name.lower().split()
    return (
        bool(latin)
        and len(words) <= 4
        and not any(w in STOP_WORDS_EN for w in words)
        and (not any(w in ENGLISH_WORDS for w in words))
    )


HAN = re.compile(r"[\u4e00-\u9fff]")
# Latin letters with their accents (Latin-1 and Extended-A), as nlp/extract_person.py reads
# names: "Anna Müller", "José", "Łukasz".
LATIN_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-ž"


# Words about not knowing or remembering when: "不记得了", "忘了", "not sure" answer the time
# question (unknown), they tell nothing that happened.
_MEMORY = re.compile(
    r"记得|记不|记错|清楚|知道|晓得|确定|印象|忘|想不起|说不好|不好说|大概|好像|"
    # or a vague when: "很久以前", "好久了", "a long time ago"
    r"以前|之前|以后|很久|好久|那时|时候|"
    r"\b(?:remember|know|sure|forgot|forget|recall|idea|maybe|about|around|ago|while)\b",
    re.I,
)


def about_memory(words: str) -> bool:
    """Whether `words` speak of not knowing or remembering when ("记不清了", "not sure")."""
    return bool(_MEMORY.search(words))


_DOING_TAGS = ("v", "a")


_EN_CLAUSE = re.compile(
    r"\b(?:was|were|is|are|been|did|didn'?t|wasn'?t|isn'?t|weren'?t|had|got|never|not|no)\b|"
    r"\b[a-z]{3,}ed\b|"
    # Someone doing something, an irregular past among it: "they hung up on me twice", "he
    # said it was my fault" (newcomer trial 14); not a wish ("they should refund me").
    r"\b(?:they|he|she|we|nobody|someone|somebody)\s+(?:just\s+|even\s+|then\s+|also\s+)?"
    r"(?!(?:should|must|need|needs|can|could|would|will|want|wants)\b)[a-z]{2,}",
    re.I,
)


def short_story_line(words: str) -> bool:
    """Whether `words` (what is left of an answer once its facts are out) are a short clause
    of the story rather than a failed answer: three Han characters or more with a verb, an
    adjective or a negation ("我不吃辣啊", "太难吃了"), or three English words or more with
    a verb or a negation ("and it was 1 hour late"). Words about not knowing or not
    remembering ("不记得了", "not sure") and questions are not story."""
    words = words.strip()
    if tells_how(words):
        return True  # "合同上写的清清楚楚": a clause (上 is no place, 清楚 no memory)
    if not words or _MEMORY.search(words) or is_question(words):
        return False
    if normalise(words) in UNKNOWN_WORDS or normalise(words) in NONE_WORDS:
        return False
    if HAN.search(words):
        if sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff") < 3:
            return False
        tags = [flag for _, flag in tagged_words(words, hmm=False)] if tokenizer_loaded() else []
        return not {"t", "tg", "f"} & set(tags) and (
            any(flag.startswith(_DOING_TAGS) for flag in tags) or bool(re.search("[不没]", words))
        )
    return len(re.findall(r"[A-Za-z0-9]+", words)) >= 3 and bool(_EN_CLAUSE.search(words))


# Tags after a verb that make a clause of it: 得/着 ("写得很清楚", "写着可以退"), or 的 with
# how it was done after it, not a thing ("写的清清楚楚"; "买的空调" names the air conditioner).
_COMPLEMENT_TAGS = ("z", "a", "ad", "d", "zg")


def tells_how(words: str) -> bool:
    """Whether Han `words` (three characters or more) hold a verb with its complement (see
    _COMPLEMENT_TAGS): what was done and how, a clause of the story (newcomer trial 14:
    "合同上写的清清楚楚" became the object). False without the tokenizer."""
    if sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff") < 3 or not tokenizer_loaded():
        return False
    tags = [flag for _, flag in tagged_words(words, hmm=False)]
    for i, flag in enumerate(tags[:-1]):
        if not flag.startswith("v"):
            continue
        after = tags[i + 1]
        if after in ("ud", "uz"):
            return True
        if after == "uj" and (i + 2 == len(tags) or tags[i + 2] in _COMPLEMENT_TAGS):
            return True
    return False


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


# A question about the open question itself, the whole message (newcomer trial 24: "这个要填
# 什么" was stored as the account): what to write there ("这个要填什么", "要写啥", "填什么啊"),
# what it means ("什么意思", "啥意思"), an example ("比如呢", "举个例子"), not following it
# ("不太明白 要写什么"); in English "what do you mean?", "like what?", "what should I put
# here?". Said inside a story ("店员问我什么意思") it is the story.
_ZH_WHAT = r"(?:什么|啥|哪些|什么东西|什么内容|啥东西|啥内容)"
_ZH_LOST = r"(?:不太?|没|看不|听不)(?:懂|明白|清楚)(?:你的?意思|了)?"
_MEANT_ZH = re.compile(
    rf"(?:{_ZH_LOST})?(?:"
    r"(?:这个?|这里|这儿|这一?项|这一?步|这个问题|那个?)?(?:我)?(?:要|需要|应该|该|得|是要)?"
    rf"(?:填|写|说|回答|答|回复|填写)(?:些)?{_ZH_WHAT}"
    r"|(?:这个?|这句话?|你的?|你们|您)?(?:是)?(?:什么|啥)意思"
    r"|(?:比如|例如|举个?例子?|比如说|打个比方)(?:呢|说)?"
    rf"|{_ZH_LOST}"
    r")(?:啊|呀|呢|哦|嘛|吗|哇|啦)*"
)
_MEANT_EN = re.compile(
    r"(?:(?:sorry|um+|uh+|so|ok|okay|hmm+|wait),? )*(?:"
    r"what do you mean|what does (?:that|this|it) mean|what(?:'s| is| does) that mean"
    r"|like what|such as|for example|e\.?g\.?|example"
    r"|what (?:should|do|shall|must|can) i (?:write|put|say|fill in|fill|answer|type|enter)"
    r"|what (?:am i|are you) (?:supposed|meant) to (?:write|put|say|answer|fill in)"
    r"|what (?:goes|do you want) (?:here|in here|there)"
    r"|what do you want me to (?:write|say|put|answer)"
    r"|i don'?t (?:understand|get it|get what you mean|follow)(?: the question)?"
    r"|what(?:'s| is) the question"
    r")(?: (?:exactly|here|in here|there|in this|for this|then|by that|by this))*"
)


def asks_what_is_meant(text: str) -> bool:
    """Whether the whole of `text` asks what the open question means or wants, or for an
    example of an answer (see _MEANT_ZH, _MEANT_EN): explained, never an answer."""
    plain = text.strip().lower().replace("\u2019", "'")
    if plain.isascii():
        english = re.sub(r"\s+", " ", re.sub(r"[?!.~]+", " ", plain)).strip()
        return bool(english) and _MEANT_EN.fullmatch(english) is not None
    said = "".join(ch for ch in normalise(text) if ch.isalnum())
    return bool(said) and _MEANT_ZH.fullmatch(said) is not None
