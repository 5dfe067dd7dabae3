"""What a customer's message is, read before what it answers (issue 9): the language side.

A message is cut into clauses (at sentence ends and commas). Each clause is a greeting, a
question to the business (with its topic), a lead-in to a question ("我想问下"), thanks,
abuse without facts, or part of what the customer says. What is left, in order, is `rest`:
the words the conversation reads as an answer or as the story. Cues that span the whole
message (a correction, a new complaint, a follow-up, a decision) are read on the whole text.

Pure and quick (a few regex scans); the cue words live in `nlp/data/intent_cues.toml`, so a
wording is added there, not in code. The conversation (handlers/reader.py) decides what the
cues mean in its state: "可以" accepts a proposal only while one is open.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from nlp.extract_text import A_NOT_A, read_words
from nlp.extract_text import normalise as fold

__all__ = [
    "MessageCues",
    "Question",
    "asking_clauses",
    "bare_reply",
    "cue_phrases",
    "declines_name",
    "is_question",
    "new_part",
    "read_cues",
    "withdraws",
]

# An English full stop ends a sentence too when a word ends before it and a blank follows
# ("…, just the money. when will I get it?": newcomer trial 16, "just the money" went with the
# question and was lost to the agent); not a decimal ("3.5元") nor a dot inside a word.
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=[A-Za-z)][.])(?=\s)")
# A space between Chinese words parts clauses as a comma does in chat ("截图可以吗 算了先暂无").
_CLAUSE_CUT = re.compile(r"[，,、]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
GREETINGS = frozenset(
    {
        "你好",
        "您好",
        "hi",
        "hello",
        "hey",
        "在吗",
        "在么",
        "在不在",
        "有人吗",
        "哈喽",
        "嗨",
        "早上好",
        "下午好",
        "晚上好",
        "你好呀",
        "您好呀",
        "喂",
        "客服",
        "客服你好",
        "客服您好",
        "good morning",
        "good afternoon",
        "good evening",
        "hi there",
        "hello there",
        "anyone there",
    }
)


@dataclass(frozen=True)
class Question:
    """A question to the business: its topic (a key of `[question.*]`) and its words.
    `more`: a question of another matter asked right after it, with no topic of its own
    ("下个月还会扣吗" after "那要多久啊"): its words are in `text` too, and only a person can
    answer them (newcomer trial 22: they reached nobody)."""

    topic: str
    text: str
    more: str = ""


@dataclass(frozen=True)
class MessageCues:
    """What the language says, before the conversation's state is taken into account.

    `rest` is the message without greetings, questions, lead-ins, thanks and bare abuse,
    clauses kept in order with their punctuation; "" when nothing else was said.
    """

    rest: str
    questions: tuple[Question, ...] = ()
    greeting: bool = False
    thanks: bool = False
    insult: bool = False
    correction: bool = False
    correction_opener: bool = False
    followup: bool = False
    new_complaint: bool = False
    not_new: bool = False  # "不是新投诉", "我说的是之前那个": the ticket meant, no new complaint
    refuse: bool = False
    accept: bool = False
    field_labels: tuple[str, ...] = field(default_factory=tuple)
    # Requests in a question's shape folded into the question that follows them ("能赔偿吗"
    # of "能赔偿吗 多久能到"): answered with it, and at the remedy question also the wish.
    requests: tuple[str, ...] = ()


@cache
def _cues() -> dict[str, Any]:
    raw = resources.files("nlp.data").joinpath("intent_cues.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


# The same clause is matched against every cue list of a message (bench/bench_turn.py: ~60
# calls a message): its matching form is kept for the last thousand texts (a few MB at most).
@lru_cache(maxsize=1024)
def key(text: str) -> str:
    """The matching form: NFKC, simplified, lower case (punctuation kept)."""
    # No NFKC here: it can change the length ("①" -> "1"), and spans must fit the original.
    return fold(text).lower()


@cache
def _matcher(words: tuple[str, ...]) -> re.Pattern[str]:
    # Latin cues must be whole words ("no" is not in "now"); Han cues match anywhere. The
    # look-behind of a Latin cue stands after its first character, over two characters
    # ("n(?<![a-z][\s\S])o", the same test as "(?<![a-z])no"), so every alternative opens
    # with a literal and the engine skips at once the positions no cue starts at, where it
    # tried every alternative (a scan of a message: 1-20 µs -> 0.1 µs). No cue is empty.
    parts = [
        rf"{re.escape(w[0])}(?<![a-z][\s\S]){re.escape(w[1:])}(?![a-z])"
        if w.isascii()
        else re.escape(w)
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


@cache  # called for every clause: the cue lists are read and folded once
def _words(*path: str) -> tuple[str, ...]:
    node: Any = _cues()
    for part in path:
        node = node[part]
    return tuple(key(w) for w in node)


@cache
def _path_matcher(*path: str) -> re.Pattern[str]:
    # One look-up by the path: _matcher's key is the whole word list, hashed anew each call.
    return _matcher(_words(*path))


def has_cue(text: str, *path: str) -> bool:
    """Whether the (matching form of the) text holds a cue of `[path]` in the cue file."""
    return _path_matcher(*path).search(key(text)) is not None


def cue_phrases(text: str, *path: str) -> list[tuple[int, int]]:
    """Spans of the cues of `[path]` in `text` (same length after folding, so spans fit)."""
    return [m.span() for m in _path_matcher(*path).finditer(key(text))]


# A clause's bare form is asked for by most readers of it (bench/bench_turn.py: 4,213 calls,
# 477 texts): kept like its matching form (`key`).
@lru_cache(maxsize=1024)
def _bare(text: str) -> str:
    return _PUNCT.sub("", key(text))


@cache
def _bare_replies() -> frozenset[str]:
    return frozenset(_bare(w) for w in _words("bare_reply", "words"))


def bare_reply(text: str) -> bool:
    """Whether `text` is only a yes, a no, an "ok" or a "none" ("ok", "Yes.", "no!", "好的"):
    an answer to no question that asks for a name, an object or a place ([bare_reply])."""
    return _bare(text) in _bare_replies()


@cache
def _name_declines() -> frozenset[str]:
    return frozenset(_bare(w) for w in _words("name_declined", "words"))


def declines_name(text: str) -> bool:
    """Whether `text`, said at the name question, would rather not give one ("none",
    "skip", "I'd rather not", "不想说", "匿名"): the whole message is such words, or a short
    one (up to 12 characters) holds one of the phrases ([name_declined])."""
    bare = _bare(text)
    if bare in _name_declines():
        return True
    # Inside a longer message only a phrase counts: a Han one of two characters or more, a
    # Latin one longer than "no" or "none" (which are inside "nobody", "Nonet").
    phrases = (w for w in _name_declines() if len(w) > (4 if w.isascii() else 1))
    return len(bare) <= 12 and any(w in bare for w in phrases)


@cache
def _greetings() -> frozenset[str]:
    return frozenset(_bare(g) for g in GREETINGS)


# How chat addresses the other side around a greeting: "亲 在吗", "在吗亲" (Taobao's 亲).
_ADDRESS = frozenset({"亲", "亲亲", "亲爱的"})


_LONGEST_RUN = 24  # characters: "在吗在吗在吗", "hellohello", "亲亲在不在"; longer is a message


@cache
def _greeting_starts() -> frozenset[str]:
    return frozenset(word[0] for word in _greetings() | _ADDRESS)


def is_greeting(bare: str) -> bool:
    """Whether `bare` (a clause without punctuation, matching form) is greetings only, one
    or several run together, with an address beside them: "在吗", "在吗在吗", "亲在吗",
    "hellohello" (newcomer trial 14: "在吗在吗" was a question it could not answer and
    "亲 在吗" opened a complaint of "亲")."""
    if bare in _greetings():
        return True
    if len(bare) > _LONGEST_RUN or bare[:1] not in _greeting_starts():
        return False  # a message, not a run of greetings: most texts end here
    words = _greetings() | _ADDRESS
    ends = {0}  # where a run of greetings said so far can end (one pass: "亲亲亲…" is linear)
    for at in range(len(bare)):
        if at in ends:
            ends.update(at + len(word) for word in words if bare.startswith(word, at))
    return bool(bare) and len(bare) in ends


@cache
def _question_endings() -> tuple[str, ...]:
    return tuple(key(e) for e in _cues()["question_shape"]["endings"] if e != "?")


@cache
def _names_like_questions() -> tuple[str, ...]:
    """Platform, brand and company names that end as a question does (饿了么): the ending
    is part of the name, so it asks nothing (newcomer trial 14: "饿了么 订单尾号8832 黄焖鸡米饭"
    was noted as a question for the staff and its facts were lost)."""
    ends = _question_endings()
    names = {
        _bare(word)
        for name in (
            "extract_platforms.txt",
            "extract_brands.txt",
            "extract_chains.txt",
            "extract_companies.txt",
        )
        for line in read_words(name)
        for word in line.split()[: 1 if name == "extract_platforms.txt" else None]
    }
    return tuple(sorted(n for n in names if any(n.endswith(e) and n != e for e in ends)))


def _is_question(clause: str, sentence: str) -> bool:
    bare = _bare(clause)
    if not bare:
        return False
    if sentence.rstrip().endswith(("?", "？")) or key(clause).rstrip().endswith("?"):
        return True
    ends = _question_endings()
    # One endswith over all endings first: most clauses end in none (~60 tries a message).
    if bare.endswith(ends) and any(bare.endswith(end) and len(bare) > len(end) for end in ends):
        # "好吗" asks; a bare "不" or "呢" is no question, nor a name ending so (饿了么)
        return not bare.endswith(_names_like_questions())
    if _opens_yes_no_en(clause):
        return True  # "can I stay anonymous": asked by its word order, "?" or not
    # A sentence closed with a full stop is a statement ("不知道什么时候能到。"); chat
    # messages without closing punctuation are read by their interrogatives ("几点上班").
    if sentence.rstrip().endswith(("。", ".", "！", "!")):
        return False
    if _WISH_OPENS_EN.match(clause):
        return False  # "I want … to fix how triage works": a wish, its wh-word embedded
    asking = has_cue(_without_indefinites(clause), "question_shape", "interrogatives")
    return asking or bool(A_NOT_A.search(key(clause)))


# An interrogative followed by 都/也 is an indefinite, not a question: 什么都没有 ("nothing at
# all"), 谁都不理 ("nobody cares"), 哪里都找不到.
# Exclamations of disgust shaped like questions ask nothing either: "啥玩意儿", "什么破手机",
# "搞什么鬼", "你们是干什么吃的" (newcomer trial 8: a story ending in 啥玩意儿 was taken
# for a question and left out of the account).
# After a negation within its clause, 什么/啥 is "any" too: "我从来没开过什么视频会员" (never
# opened any video membership), "没什么用", "不是什么大事" (newcomer trial 11: a story line was
# answered as a question about video evidence). Not after 有没有/能不能/是不是 (those ask),
# nor 不知道/不清楚/不确定 (an embedded question: "不知道什么时候能到").
_INDEFINITE = re.compile(
    r"(?:什么|啥|谁|哪里|哪儿|哪|怎么)(?:都|也)|(?:什么|啥)(?:玩意|鬼|破|烂|垃圾)|"
    r"搞(?:什么|啥)|干(?:什么|啥)吃的|"
    # A rhetorical question is a complaint: "怎么敢收钱的", "咋好意思" (newcomer trial 12:
    # "你们这种修车技术怎么敢收钱的" was noted as a question and left out of the account).
    r"(?:怎么|咋|怎)(?:敢|好意思|有脸)|"
    # An English interrogative inside a statement opens a clause of it: "rude when i asked",
    # "what he said" (newcomer trial 12: the story was taken for a question).
    r"(?<=[a-z] )(?:when|what|how|where|who|which|while)(?= (?:i|he|she|they|we|it)\b)|"
    # An account asked for is a wish, its wh-clause embedded: "somebody to explain what
    # happened", "find out why it broke" (newcomer trial 16: noted as a question at the
    # remedy question, and the apology beside it was lost).
    r"(?<![a-z])(?:explain|explaining|find out|figure out|look into|investigate) "
    r"(?:to (?:me|us) )?(?:what|why|how|when|where|who)(?![a-z])|"
    r"(?:(?<!有)没有?|(?<![能会是要可行好对])不|从未|并未|别)(?!知道|清楚|确定|晓得|懂|明白)"
    r"[^\s，,。？?！!]{0,4}?(?:什么|啥)|"
    # Reported words: after 说是/据说/听说/好像, 什么 before a noun is "some": "说是开通了什么
    # 视频会员" (they said some video membership was opened; newcomer trial 16: the clause was
    # answered as a question about evidence and left out of the account). "说是什么" asks.
    r"(?:说是|说我|据说|听说|好像|似乎|说给我)[^\s，,。？?！!]{1,6}?(?:什么|啥)(?=[^\s，,。？?！!吗呢])|"
    # Reported at once, 什么 before a noun of two characters or more: "说是什么视频会员" (they
    # said it was some video membership; newcomer trial 18: answered as a question about
    # video evidence, the story lost); "你说是什么原因" still asks.
    r"(?<![你您们])说是(?:什么|啥)(?=[\u4e00-\u9fff]{2}(?![\u4e00-\u9fff]*[吗呢么]?[?？]))|"
    # 几 for "a few", not "how many": "前几天" (a few days ago), "这几天", "好几次", "十几块",
    # "几十个" (newcomer trial 18: "孩子前几天在幼儿园摔了" was taken for a question, and the
    # story told with the time was lost).
    # So it is after 近/后/没/过/才/就/只/了 ("近几天", "最后几天", "没几天就坏了", "过几天再说",
    # "才几天", "用了几天"), and before 前/后/来 ("几天前就坏了", "几天后又坏了"; trial 20: these
    # were read as questions and answered from the policy, their story left out).
    r"(?:前|这|那|头|好|最近|近|后|没过?|过|才|就|只|了|十|[二三四五六七八九]十)几"
    r"(?=[天日年月周个次回块元岁分十百千万]|星期|小时)|"
    r"几(?:天|个?星期|周|个?月|年|个?小时)(?=以前|以后|之前|之后|前|后|来)|"
    r"(?<![第多是有要])几(?=[十百千万])"
)


# Every shape of _INDEFINITE holds one of these: a clause without them has none (most
# clauses), and is not scanned (~17 µs a message).
_INDEFINITE_HINT = re.compile(r"什|啥|谁|哪|怎|咋|几|wh|how")


def _without_indefinites(clause: str) -> str:
    """`clause` without its indefinites and rhetorical shapes (_INDEFINITE)."""
    return _INDEFINITE.sub("", clause) if _INDEFINITE_HINT.search(clause) else clause


# A clause opened by the customer's wish is a statement, whatever wh-word it holds ("I want
# an apology and the hospital to fix how triage works", "please fix how the app charges";
# newcomer trial 21: noted as a question, the remedy asked again). Wanting to know, ask or
# be told still asks ("I want to know how long it takes", "please tell me why").
@cache
def _yes_no_opener_en() -> re.Pattern[str]:
    openers = "|".join(sorted(map(re.escape, _words("question_shape", "openers_en")), key=len))
    return re.compile(
        rf"\s*(?:(?:ok|okay|so|and|but|also|then|wait|um|uh|hi|hello|hey|sorry)[\s,]+)*"
        rf"(?:{openers})(?![a-z'’])"
    )


def _opens_yes_no_en(clause: str) -> bool:
    """Whether an English clause opens as a yes/no question does, its verb before its subject
    ("do I need to give you my name", "ok so can I stay anonymous"; `[question_shape]
    openers_en`). Only a clause opening with a Latin letter is looked at (the hot path)."""
    first = clause.lstrip()[:1]
    if not (first.isascii() and first.isalpha()):
        return False
    return _yes_no_opener_en().match(key(clause)) is not None


_WISH_OPENS_EN = re.compile(
    r"^\s*(?:(?:and|so|also|but|then|ok|okay)[\s,]+)?"
    r"(?:(?:i|we)\s+(?:(?:really|also|just|only|still|now)\s+)?(?:want|demand|expect|request|"
    r"insist)|(?:i|we)(?:['’]d|\s+would)\s+(?:also\s+|really\s+)?like|please)\b"
    r"(?!\s+(?:to\s+)?(?:know|ask|understand|find\s+out|check|confirm|tell|let\s+(?:me|us)\s+know|"
    r"advise|inform|clarify)\b)(?!.*\b(?:to|you\s+to)\s+(?:know|tell\s+(?:me|us))\b)",
    re.IGNORECASE,
)


def _marked_question(sentence: str) -> bool:
    """Whether `sentence` is marked as a question: a question mark or a closing 吗/呢."""
    end = sentence.rstrip()
    return end.endswith(("?", "？")) or end.rstrip("，,。！! ").endswith(("吗", "呢", "么"))


# Whether the bot is a person or a machine, asked in the shapes people use (newcomer trial 21:
# "你是真人还是机器人啊", "你是机器人吧", "是AI吗", "is this a bot" became the account's first
# line): an alternative with 还是, a guess closed with 吧/啊/呀, or 是 + a machine word said to
# the bot. The machine word must stand as what the bot is: "扫地机器人坏了" asks nothing.
_MACHINE = r"(?:机器人|机器|ai|人工智能|自动回复|智能客服|bot|robot|chatgpt|程序)"
_PERSON = r"(?:真人|活人|人工|真的人|人)"
_ASKS_BOT = re.compile(
    rf"{_PERSON}还是{_MACHINE}|{_MACHINE}还是{_PERSON}|"
    rf"^(?:请问|问一下|所以|那|喂|哎)?\s*(?:你|您|你们|这|这边|对面|客服|回复的|跟我说话的|我在跟)?"
    rf"(?:这边|那边|到底|真的|究竟|其实|是在跟|跟)?\s*(?:是不是|是|算|不是|在跟)?\s*"
    rf"(?:一个|个)?(?:真人|活人|{_MACHINE})(?:回复的?|客服|在回|说话)?"
    rf"(?:吗|么|嘛|吧|啊|呀|呢|哦|不|没)?[\s,，.。!！?？~～]*$|"
    rf"^(?:is\s+this|are\s+you|r\s+u|am\s+i\s+(?:talking|speaking|chatting)\s+(?:to|with))"
    rf"\s+(?:just\s+)?(?:a\s+|an\s+)?(?:bot|robot|machine|ai|real|human|person|real\s+person)"
    rf"[\s?!.]*$",
    re.I,
)


def asks_if_bot(clause: str) -> bool:
    """Whether `clause` asks if the bot is a person or a machine ("你是真人还是机器人啊",
    "是机器人吧", "is this a bot"); a product called a robot ("扫地机器人坏了") is no such
    question."""
    said = key(clause).strip()
    if not said:
        return False
    return bool(_ASKS_BOT.search(said)) if "还是" in said else bool(_ASKS_BOT.match(said))


# Five digits or more in a clause: a number given, not asked about (newcomer trial 24).
_GIVES_NUMBER = re.compile(r"(?:\d[\s-]?){5,}")


def _topic(clause: str, sentence: str) -> str | None:
    if asks_if_bot(clause):
        return "identity"
    asked = _is_question(clause, sentence)
    any_shape = _cues()["question_any_shape"]["topics"]
    told = has_cue(clause, "question_any_shape", "narrative")  # "后来找客服": the story
    # Hedges inside a question change no topic: "can I even complain about…" asks what
    # "can I complain about…" asks (newcomer trial 16: kept for staff, unanswered).
    plain = _path_matcher("hedge", "words").sub("", key(clause))
    plain = re.sub(r" {2,}", " ", plain)
    # How their staff behaved is the story whatever its shape ("找客服一直踢皮球"): no request.
    conduct = has_cue(clause, "question_any_shape", "conduct")
    for topic, cues in _cues()["question"].items():
        if topic in any_shape and conduct:
            continue
        if "reported" in cues and has_cue(clause, "question", topic, "reported"):
            continue  # "我问店员是谁负责的": asked of someone else, told in the story
        if topic == "foreign_number" and _GIVES_NUMBER.search(clause):
            continue  # "my UK number is +44 7700 900123": the number given, the answer
        if (asked or (topic in any_shape and not told)) and has_cue(
            plain, "question", topic, "words"
        ):
            return str(topic)
    if asked and asks_whose_service(clause):
        return "identity"
    return None


# "你们是平安吗", "你们是不是京东官方", "这里是招商银行吗", "你是美团的吗", "是链家官方吗": whether
# the customer talks to a company named, asked of the bot (newcomer trial 20: read as facts
# of the story, the company kept as the object and the question only noted). Read on the
# matching form of one clause, whole.
_WHOSE_ZH = re.compile(
    r"^(?:请问|问一下|问下|那个|喂|哎|所以)?\s*(?:你们|你|您|这里|这儿|这边|这个|这)?"
    r"(?:这边|这里)?(?:到底|真的)?(?:是不是|是否|是|就是|属于)"
    r"(?P<who>[^\s,.。，、!！?？]{1,12}?)"
    r"(?P<tail>的?(?:官方|公司|客服|人工客服|旗舰店|自营|总部|官网|平台|的人)?(?:的)?)"
    r"(?:吗|么|嘛|吧|呢|啊)?[\s,，.。!！?？~]*$"
)
_WHOSE_EN = re.compile(
    r"^(?:hi|hello|hey|sorry|so|wait)?[\s,]*(?:is\s+this|is\s+it|are\s+you(?:\s+guys)?|"
    r"am\s+i\s+(?:talking|speaking|chatting)\s+(?:to|with))\s+"
    r"(?:from\s+|with\s+|part\s+of\s+)?(?P<who>[A-Za-z][\w&'.-]*(?:\s+[A-Za-z][\w&'.-]*){0,2}?)"
    r"(?P<tail>(?:'s)?(?:\s+(?:official|customer\s+service|customer\s+support|support|hotline|"
    r"store|company|complaints?(?:\s+line)?))*)[\s?!.]*$",
    re.I,
)
# Words after the name that make it a business asked about whatever the name is.
_OFFICIAL = re.compile(
    r"官方|公司|客服|旗舰店|自营|总部|官网|平台|official|service|support|"
    r"hotline|store|company|complaint",
    re.I,
)


@cache
def _business_names() -> frozenset[str]:
    """Companies, platforms and brands the word lists know (nlp/data), in matching form."""
    names: set[str] = set()
    for name in (
        "extract_companies.txt",
        "extract_platforms.txt",
        "extract_brands.txt",
        "extract_companies_en.txt",
        "extract_brands_en.txt",
    ):
        for line in read_words(name):
            words = [line] if name.endswith("_en.txt") else line.split()
            if name == "extract_platforms.txt":
                words = words[:1]  # "word generic": a channel, no business
            names.update(key(w.lstrip("~")) for w in words)
    return frozenset(names)


def asks_whose_service(clause: str) -> bool:
    """Whether a question `clause` asks if the bot belongs to a company it names ("你们是
    平安吗", "is this Walmart?"): the name is one the word lists know, or is said with an
    official word (官方, 客服, "customer service"), or in English is written capitalised.
    "你们是骗子吗", "is this normal?", "are you serious?" ask no such thing."""
    said = clause.strip()
    if m := _WHOSE_ZH.match(key(said)):
        who = m["who"]
        return who in _business_names() or bool(_OFFICIAL.search(m["tail"]) and len(who) >= 2)
    if m := _WHOSE_EN.match(said):
        who = m["who"]
        if who.lower() in {"a", "an", "the", "it", "you", "i", "real", "human", "robot", "bot"}:
            return False
        return (
            key(who) in _business_names() or who[0].isupper() or bool(_OFFICIAL.search(m["tail"]))
        )
    return False


# A reference said in the clause of a request ("单号SF1234567890123 转人工"): a fact of the
# complaint, kept in the story while the request is answered (newcomer trial 20).
_REFERENCE = re.compile(r"[A-Za-z]{0,4}\d{4,}")


def _facts_before_request(words: str, topic: str) -> str:
    """The words of a request's clause before the request, when they hold a reference
    (an order or tracking number); "" otherwise."""
    if topic not in _cues()["question_any_shape"]["topics"]:
        return ""
    spans = cue_phrases(words, "question", topic, "words")
    before = words[: spans[0][0]] if spans else ""
    return before if _REFERENCE.search(before) else ""


def is_question(text: str) -> bool:
    """Whether any clause of `text` reads as a question (a topic is not needed)."""
    return any(_is_question(clause, sentence) for clause, sentence in _clauses(text))


def asking_clauses(text: str) -> list[str]:
    """The clauses of `text` that ask for information ("你们退款政策是什么", "whats ur refund
    policy"; `[question_shape] information`), as written; a request in a question's shape
    ("可以退款吗") is none of them."""
    return [
        clause
        for clause, sentence in _clauses(text)
        if _is_question(clause, sentence)
        and has_cue(_without_indefinites(clause), "question_shape", "information")
    ]


def _is_insult(clause: str) -> bool:
    bare = _bare(clause)
    if not bare or not has_cue(clause, "insult", "words"):
        return False
    left = _path_matcher("insult", "words").sub("", bare)
    left = _path_matcher("insult", "filler").sub("", left)
    return len(left) <= 1


def _clauses(text: str) -> list[tuple[str, str]]:
    """(clause, its sentence) pairs in order; each clause keeps its trailing punctuation."""
    pairs: list[tuple[str, str]] = []
    for sentence in _SENTENCE_END.split(text):
        if not sentence.strip():
            continue
        start = 0
        for cut in _CLAUSE_CUT.finditer(sentence):
            pairs.append((sentence[start : cut.end()], sentence))
            start = cut.end()
        if sentence[start:].strip():
            pairs.append((sentence[start:], sentence))
    return pairs


@cache
def _chat_speak() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = dict(_cues()["chat_speak"])
    # \w also holds Han characters: "u盘" (a USB stick) is no "you".
    words = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE), table


def expand_chat_speak(text: str) -> str:
    """English chat-speak spelt out ("r u a bot?" -> "are you a bot?"; [chat_speak] in
    nlp/data/intent_cues.toml), so its questions read as the full words' do."""
    if not text.isascii() and not any("a" <= ch.lower() <= "z" for ch in text):
        return text
    pattern, table = _chat_speak()
    return pattern.sub(lambda m: table[m.group(0).lower()], text)


def read_cues(text: str) -> MessageCues:
    """Reads one message's cues. `text` is as the customer wrote it (any width, zh or en);
    English chat-speak is read spelt out (expand_chat_speak), while `rest` and the questions
    keep the customer's own words (the account is what they wrote)."""
    said = text
    text = expand_chat_speak(text)
    pairs = _clauses(text)
    # Spelling out changes Latin words only, never a clause's cut: clause i is clause i.
    own = [clause for clause, _ in (_clauses(said) if text != said else pairs)]
    if len(own) != len(pairs):
        own = [clause for clause, _ in pairs]
    questions: list[Question] = []
    kept: list[str] = []
    greeting = thanks = insult = asked = False
    leads: list[str] = []
    pending: list[str] = []  # topicless questions that the next one, in their sentence, asks on
    requests: list[str] = []  # those of them that ask for something to be done
    inline: list[tuple[int, str]] = []  # unmarked questions, by where they stood in the story
    echoed = False  # the clause before was a question word said back (_echoes)
    for index, ((clause, sentence), words) in enumerate(zip(pairs, own, strict=True)):
        bare = _bare(clause)
        if not bare:
            continue
        if _echoes(bare) and _answer_follows(pairs, index):
            # "啥时候？就前天": the open question said back, then its answer (newcomer trial
            # 12: the whole timetable came back): the answer is what follows.
            echoed = True
            continue
        if echoed and _UNKNOWN_NAME.fullmatch(bare):
            continue  # "哪个店？我也不知道叫啥 就…那家": not knowing its name, then the answer
        echoed = False
        if (
            _is_question(clause, clause)  # by its own shape: "全凉了，多久能处理？" asks once
            and _topic(clause, sentence) is None
            and index + 1 < len(pairs)
            and pairs[index + 1][1] == sentence
            and _topic(*pairs[index + 1]) is not None
        ):
            # "你们能退钱吗 多久到账": one question in two clauses, asked on by the next
            # (newcomer trial 12: the first half was answered "暂时回答不了").
            pending.append(words.strip(" ，,"))
            continue
        if is_greeting(bare):
            greeting = True
            continue
        if _bare(_path_matcher("lead_in", "words").sub("", key(clause))) == "":
            leads.append(words)  # belongs to the question that follows, if one does
            continue
        topic = _topic(clause, sentence)
        if topic is not None:
            if not _marked_question(sentence):
                # A question not marked as one, told between the story's clauses, is kept
                # in the story too: it is still answered, but no clause of the account
                # vanishes because it was read as a question (newcomer trial 16).
                inline.append((len(kept), words))
            if facts := _facts_before_request(words, topic):
                kept.append(facts)
            questions.append(Question(topic, " ".join([*pending, words.strip(" ，,")])))
            requests += [p for p in pending if not _asks_information(p)]
            pending.clear()
            leads.clear()
            asked = True
            continue
        if asked and not leads and _alternative(clause):
            # "你们是移动的吗？还是第三方", "Are you Mobile? or a third party": the question's
            # other choice, answered with it and kept nowhere else (newcomer trial 24: it
            # was left in the account, or read as the time asked for).
            last = questions[-1]
            questions[-1] = Question(last.topic, f"{last.text} {words.strip(' ，,')}", last.more)
            continue
        if asked and not leads and _is_question(clause, sentence):
            # A question with no topic right after one with a topic goes on asking it
            # ("为什么要我电话 你们不是有我信息吗"): one question, not a second one to relay.
            last, asked_on = questions[-1], words.strip(" ，,")
            more = last.more if _RHETORICAL.match(_bare(clause)) else f"{last.more} {asked_on}"
            questions[-1] = Question(last.topic, f"{last.text} {asked_on}", more.strip())
            continue
        asked = False
        if _is_thanks(clause):
            thanks = True
            continue
        if _is_insult(clause):
            insult = True
            continue
        kept.extend(leads)
        leads.clear()
        kept.append(words)
    for position, words in reversed(inline):
        if 0 < position < len(kept):  # story before and after it: a line of the story
            kept.insert(position, words)
    # A lead-in with nothing after it ("您好，请问一下") waits for the question: no story.
    rest = "".join(kept).strip(" ，,、")
    lowered = key(text)
    not_new = has_cue(text, "not_new", "words")  # "不是新投诉" holds 新投诉 (trial 22)
    return MessageCues(
        rest=rest,
        questions=tuple(questions),
        greeting=greeting,
        thanks=thanks,
        insult=insult,
        correction=has_cue(text, "correction", "words"),
        correction_opener=_opens_correction(lowered),
        followup=has_cue(text, "followup", "words") or not_new,
        new_complaint=has_cue(text, "new_complaint", "words") and not not_new,
        not_new=not_new,
        refuse=has_cue(without_non_decisions(text), "decision", "refuse"),
        accept=has_cue(without_non_decisions(text), "decision", "accept"),
        field_labels=tuple(
            name for name in _cues()["field_labels"] if has_cue(text, "field_labels", name)
        ),
        requests=tuple(requests),
    )


# The other choice of a question, said after it as a clause of its own: "还是第三方",
# "或者是代理商", "or a third party", "or is it some agency". Not "还是" as "still" ("还是没人
# 联系我", "还是老样子") nor a wish ("还是退款吧"), and short: a choice, not a story.
_ALTERNATIVE = re.compile(r"^(?:还是|或者是|或者|或是|抑或是?|亦或是?|要不然?是)(?P<rest>.*)$")
_ALTERNATIVE_EN = re.compile(r"^or\b(?P<rest>.*)$", re.IGNORECASE)
_STILL = re.compile(
    r"^(?:没|不|一样|老样子|那样|这样|照样|坏|很|太|挺|会|要求|想|希望|在|有|依然|继续|一直)"
)
_ALTERNATIVE_MAX = 12  # letters of a Chinese choice; an English one: words
_ALTERNATIVE_MAX_WORDS = 8


def _alternative(clause: str) -> bool:
    """Whether `clause`, said right after a question, is that question's other choice."""
    bare = _bare(clause)
    if "吧" in bare or not bare:
        return False
    found = _ALTERNATIVE.match(bare)
    if found is not None:
        rest = found["rest"]
        return bool(rest) and len(rest) <= _ALTERNATIVE_MAX and not _STILL.match(rest)
    found = _ALTERNATIVE_EN.match(clause.strip(" ,，.;"))
    if found is None:
        return False
    rest = found["rest"].split()
    return 0 < len(rest) <= _ALTERNATIVE_MAX_WORDS and rest[0].lower() not in ("else", "not")


# A question that only presses the one before ("为什么要我电话 你们不是有我信息吗", "难道不用
# 处理吗"): no matter of its own for a person to answer.
_RHETORICAL = re.compile(
    r"^(?:那|可|但是?|而且)?(?:你们?|您|这)?(?:不是|难道|凭什么|何必|还不)"
    # "…可以吗", "…行吗", "is that ok": the first question asked again, no matter of its own
    r"|^(?:这样|那样|那)?(?:可以吗|可以不|可不可以|行吗|行不行|行不|好吗|ok吗|isthatok|isthatfine|isthatokay)$"
)


def _asks_information(clause: str) -> bool:
    """Whether a question clause asks for information ("退款政策是什么"), not for something
    to be done ("能退钱吗", "can you refund me?"); see asking_clauses."""
    return has_cue(_without_indefinites(clause), "question_shape", "information")


def _echoes(bare: str) -> bool:
    """Whether a clause is only a question word said back ("啥时候", "在哪", "when?"):
    [echo] words in nlp/data/intent_cues.toml."""
    return bare in _words("echo", "words") or _ECHO_NOUN.fullmatch(bare) is not None


# Not knowing a name, said between a question word said back and the answer ("哪个店？我也不
# 知道叫啥 就万达广场三楼那家"): asks nothing, and is no part of the answer.
_UNKNOWN_NAME = re.compile(
    r"(?:我|俺)?(?:也|都|真|实在)?(?:不知道|不清楚|不记得|记不得|记不清|忘了)"
    r"(?:它|那家|那个|这家|店|店名)?(?:叫啥|叫什么|叫什么名字|叫啥名字|是啥名|名字|的名字|啥名|叫啥来着)"
    r"(?:了|啊|呀|哦)?"
)


# A question word with the thing it asks about, said back before the answer: "哪个店？就万达
# 广场三楼那家", "哪家店？", "什么时间？昨天" (newcomer trial 24: the answer was lost, the whole
# message noted as a question for the staff).
_ECHO_NOUN = re.compile(
    r"(?:哪个|哪家|哪间|哪一家|哪一个|什么|啥)(?:店|门店|分店|店铺|商店|地方|时间|时候|商品|东西|师傅|员工|人)"
    r"(?:啊|呀|呢)?|(?:which|what) (?:store|shop|branch|one|time|day|place)"
)


def _answer_follows(pairs: list[tuple[str, str]], index: int) -> bool:
    """Whether what follows clause `index` is a statement (no question): the echo's answer."""
    rest = [(c, s) for c, s in pairs[index + 1 :] if _bare(c)]
    while rest and _UNKNOWN_NAME.fullmatch(_bare(rest[0][0])):
        rest = rest[1:]  # "我也不知道叫啥" before the answer asks nothing
    after = [clause for clause, _ in rest]
    return bool(after) and not any(_is_question(clause, sentence) for clause, sentence in rest)


def _opens_correction(lowered: str) -> bool:
    fillers = "".join(_cues()["correction"]["fillers"])
    start = lowered.lstrip(" ,，。!！" + fillers)
    return any(start.startswith(key(w)) for w in _cues()["correction"]["openers"])


def _is_thanks(clause: str) -> bool:
    bare = _bare(clause)
    if not has_cue(clause, "thanks", "words"):
        return False
    left = _path_matcher("thanks", "words").sub("", bare)
    return len(left) <= 2  # "谢谢你", "谢谢啦": nothing else said


def strip_phrases(text: str, *path: str) -> str:
    """`text` without the cue phrases of `[path]` (e.g. "刚才写错了" before extraction)."""
    spans = cue_phrases(text, *path)
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


def decision(text: str) -> str | None:
    """ "refuse", "accept" or None for a reply to a proposal; refusals are read first. Words
    that only hold a cue ("想好了", "好久", "不好意思": [decision] not_decision) say neither."""
    said = without_non_decisions(text)
    if has_cue(said, "decision", "refuse"):
        return "refuse"
    if has_cue(said, "decision", "accept"):
        return "accept"
    return None


def without_non_decisions(text: str) -> str:
    """`text` in its matching form with the words that hold a yes or no cue but are neither
    ("想好了", "好久", "银行") blanked out, same length, so cue spans still fit `text`."""
    return _path_matcher("decision", "not_decision").sub(
        lambda found: " " * len(found.group(0)), key(text)
    )


def after_cue(text: str, *path: str, last: bool = False) -> str:
    """What follows the first (or `last`) cue of `[path]`: the reason in "不接受，我要全额
    退款"; with last=True, the value in "名字写错了，应该是王方"."""
    spans = cue_phrases(text, *path)
    if not spans:
        return text.strip()
    return text[spans[-1 if last else 0][1] :].strip(" ，,。.！!：:；;")


# What is left of a new complaint's announcement once its cue is cut off ("再投诉|一个：…",
# "还有一件事|要投诉，…", "还想投诉|一下…", "also want to complain| about …"): no story.
_ANNOUNCED_LEFT = re.compile(
    r"^(?:[\s，,。.:：；;！!、~～-]|(?:要|想|得)?投诉(?:一下|下)?|一下子?|一个|一件(?:事)?|"
    r"一条|下|about\b|of\b|regarding\b|is\b|:)+",
    re.IGNORECASE,
)


def new_complaint_story(text: str) -> str:
    """The story told with a new complaint's announcement ([new_complaint] cue): the words
    after the cue, or after a plain "另外我想投诉一下" (another_complaint_words), without what
    is left of the announcement ("一下", "一个：", "要投诉，", "about"). "" when none is told."""
    plain = another_complaint_words(text) if not has_cue(text, "new_complaint", "words") else None
    story = plain if plain is not None else after_cue(text, "new_complaint", "words")
    folded = key(story)
    left = _ANNOUNCED_LEFT.match(folded)
    return story[left.end() :].strip() if left else story.strip()


# One more complaint opened plainly, after a ticket is filed: an opener that adds one more
# thing, then a complaint verb, then what it is about ("另外我想投诉一下你们的快递员…", "顺便投诉
# 一下…", "还有就是我要投诉…", "I'd also like to complain about …"). Matched on the folded
# form (simplified, lower case), so traditional writing reads the same.
_ONE_MORE_OPENER = re.compile(
    r"^(?:(?:(?:哦|噢|啊)?对了|然后|还有|另外|此外|再就是|顺便|顺带|另)(?:就是|一个就是|呢)?"
    r"[\s，,、:：。.!！~～]*)+"
)
_COMPLAINT_VERB = re.compile(
    r"(?:我|俺)?(?:也|还|再|另外)*(?:要|想|得|必须|准备)?(?:再|也)?(?:投诉|举报)(?:一下子?|下)?"
    r"[\s，,、:：]*"
)
_ONE_MORE_EN = re.compile(
    r"^(?:(?:oh|and|also|plus|btw|by the way|one more thing|another thing)[\s,:;.!-]+)*"
    r"(?:i(?:'d| would)?\s+(?:also\s+)?(?:like|want|wanna|need|have)\s+(?:to\s+)?(?:also\s+)?"
    r"|i\s+(?:also\s+)?(?:want|wanna|need)\s+(?:to\s+)?(?:also\s+)?|i\s+also\s+)?"
    r"(?:complain|report|have\s+(?:a|another)\s+complaint|make\s+(?:a|another)\s+complaint)"
    r"(?:\s+(?:about|of|regarding|against))?[\s,:;-]*",
    re.IGNORECASE,
)
_ALSO_EN = re.compile(r"\b(?:also|another|too|as well|plus)\b", re.IGNORECASE)
# "另外我要投诉的就是这个空调", "投诉这个": the matter on file named again, no other one.
_SAME_MATTER_WORDS = re.compile(r"^(?:的|这|就是|也是|还是|this\b|it\b|that\b)", re.IGNORECASE)


def another_complaint_words(text: str) -> str | None:
    """What `text` complains of when it opens one more complaint plainly ("另外我想投诉一下
    你们的快递员 态度太差了" -> "你们的快递员 态度太差了"), or None: no opener of one more
    thing before the complaint verb, nothing named after it, or the matter on file named
    again ("另外我要投诉的就是这个空调"). Whether what is named is another matter than a
    ticket's is the caller's to decide (handlers/idle.py:another_complaint)."""
    said = text.strip()
    folded = key(said)
    opener = _ONE_MORE_OPENER.match(folded)
    if opener is not None and opener.end() > 0:
        verb = _COMPLAINT_VERB.match(folded, opener.end())
    else:
        verb = None
        found = _ONE_MORE_EN.match(folded)
        if found is not None and found.end() > 0 and _ALSO_EN.search(folded[: found.end()]):
            verb = found
    if verb is None or verb.end() == 0:
        return None
    words = said[verb.end() :].strip()
    if _SAME_MATTER_WORDS.match(key(words)) or sum(ch.isalnum() for ch in words) < 2:
        return None
    return words


_NOT_BUT = re.compile(r"不是(?P<old>[^，,。；;]+?)[，, ]*(?:而)?是(?P<new>[^，,。；;]+)")
_BUT_NOT = re.compile(r"是(?P<new>[^，,。；;]+?)[，, ]*(?:而)?不是(?P<old>[^，,。；;]+)")


# English: "sorry not the laptop, the charger is the problem" / "it's the charger, not the
# laptop" (newcomer trial 6: the value after "not" was taken). "not" opens its clause (after
# a comma, "sorry", "no", "oh"…), so "it does not work, the store…" is no such shape; what
# is denied is short (up to four words).
_EN_OLD = r"(?:the\s+|my\s+|a\s+|an\s+|on\s+|in\s+|at\s+)?(?P<old>[^,.;!?]{1,40}?)"
_NOT_BUT_EN = re.compile(
    r"(?:^|[,.;!]\s*|\b(?:sorry|no|oops|wait|actually|oh)\b[\s,]*)not\s+"
    + _EN_OLD
    # "not monday, tuesday", "not monday but tuesday", "not monday actually tuesday" (newcomer
    # trial 14: with no comma the shape was not read and monday stayed).
    + r"(?:\s*[,;]\s*(?:but\s+|actually\s+|it\s+was\s+)?|\s+(?:but|actually|it\s+was|it'?s)\s+)"
    + r"(?P<new>[^,.;!?]+)",
    re.I,
)
_BUT_NOT_EN = re.compile(
    r"(?P<new>[^,.;!?]+?)\s*,\s*not\s+" + _EN_OLD + r"\s*(?:[,.;!?]|$)",
    re.I,
)
# Inside one message, what takes back the value said before it: "13700001111 oh wait typo its
# 13700001112", "上个月买的，哦不对是上上个月": the value after it wins. Said the way people
# talk, too (newcomer trial 17): "上周三买的 哦 是上周四", "28号 啊不 27号", "123 应该是124",
# and the slip named after the new value: "哦 是27号 我看错了" (see take_back).
_TAKE_BACK = re.compile(
    r"不对(?!劲)|我?(?:打|说|写|记|输|填|看|听|弄|搞)错了|\b(?:oh|no)\s+wait\b|\btypo\b|"
    r"\bi\s+meant?\b|(?<![\u4e00-\u9fff])[哦噢喔啊呃]\s*[,，]?\s*不?\s*(?=(?:应该)?是|不是)|"
    r"[哦噢喔啊呃]\s*不(?![\u4e00-\u9fff])|(?<=[\d\s,，])应该是(?=\s*[A-Za-z\d\u4e00-\u9fff])",
    re.I,
)


def new_part(text: str) -> str:
    """In "不是昨天是前天" / "是张伟不是章伟" / "not the laptop, the charger" / "the
    charger, not the laptop", the words that replace: "前天" / "张伟" / "the charger"; the
    text itself when it says no such thing."""
    # Each shape holds 不是 or "not" (any case: only ASCII letters fold to n, o, t): the
    # English ones, tried at every start of a clause, cost ~50 µs on a long Chinese message.
    patterns: tuple[re.Pattern[str], ...] = (_NOT_BUT, _BUT_NOT) if "不是" in text else ()
    if "not" in text.lower():
        patterns += (_NOT_BUT_EN, _BUT_NOT_EN)
    for pattern in patterns:
        match = pattern.search(text)
        if match and len(match["old"].split()) <= 4:
            return match["new"].strip()
    return text


def corrected_part(text: str) -> str | None:
    """The words of `text` that replace something it said before them: the new part of a
    "不是X是Y" / "not X, Y" / "Y, not X" shape (new_part), else what follows the last
    take-back inside the message ("…13700001111 oh wait typo its 13700001112", "…上个月买的
    哦不对是上上个月买的"); None when the message takes nothing back."""
    replaced = new_part(text)
    if replaced != text:
        return replaced
    split = take_back(text)
    return split[1] if split else None


def take_back(text: str) -> tuple[str, str] | None:
    """(the words before, the words after) the last take-back inside `text` ("订单号是305512
    不对 是305521": "订单号是305512", "是305521"); None when the message takes nothing back
    or opens with it (then the whole message is the new value)."""
    marks = list(_TAKE_BACK.finditer(text))
    end = len(text)
    if marks and not text[marks[-1].end() :].strip(_EDGE_MARKS) and len(marks) > 1:
        # "哦 是27号 我看错了": the slip named after the new value; the new value lies
        # between the take-back before it and this one.
        end = marks.pop().start()
    if not marks or marks[-1].start() == 0:
        return None
    after = text[marks[-1].end() : end].strip(_EDGE_MARKS)
    start = marks[-1].start()
    while len(marks) > 1 and not text[marks[-2].end() : start].strip(_EDGE_MARKS):
        start = marks.pop(-2).start()  # "说错了 应该是…": one take-back said twice
    return (text[:start], after) if after else None


_EDGE_MARKS = " ，,。.!！:：~～"


# A negation just before a cue ("还没解决", "不能撤诉", "haven't got my refund"): the cue is
# denied, not said.
_NEGATED = re.compile(
    r"(?:没有?|未|不|别|无)(?:还|再|也|都|就|想|要|能|会|打算|准备|同意)?\s*$|"
    r"(?:(?<![a-z])(?:not|never|no)|n't)(?:\s+[a-z']+){0,2}\s*$"
)


@cache
def _any_withdrawal_cue() -> re.Pattern[str]:
    return _matcher(_words("withdrawal", "words") + _words("withdrawal", "resolved"))


def withdraws(text: str) -> bool:
    """Whether `text` says a complaint filed needs no handling any more: withdrawn ("我撤销投诉",
    "不用处理了", "you can close it") or resolved without us ("问题已经解决了 谢谢", "他们今天
    已经把钱退给我了", "never mind, they refunded me"); [withdrawal] in the cue file. A cue
    counts in its clause unless negated, said by others or urged on the customer
    (`not_theirs`), settling only part (`partial`), only hoped for (`conditional`,
    resolutions only) or asked (resolutions only: "解决了吗"); none counts when something
    still wrong or wished follows it (`but`) or the trouble is back ([not_solved]). Quick:
    one scan when no cue is there (most texts)."""
    if not _any_withdrawal_cue().search(key(text)):
        return False
    if has_cue(text, "not_solved", "words"):
        return False
    folded = key(text)
    at = 0  # where the clause starts in `text` (folding keeps lengths, so in `folded` too)
    for clause, sentence in _clauses(text):
        at = max(text.find(clause, at), at)
        for group in ("words", "resolved"):
            for found in _matcher(_words("withdrawal", group)).finditer(key(clause)):
                if _withdrawal_counts(clause, sentence, found, resolution=group == "resolved"):
                    return not has_cue(folded[at + found.end() :], "withdrawal", "but")
        at += len(clause)
    return False


# Giving up a complaint not filed yet (newcomer trial 20: "算了 不用处理了 商家已经重新给我送了一杯"
# at the summary was asked to pick an option). A withdrawal said while the complaint is filled
# in must open the message, after words that give up ("算了", "never mind") or begin it ("那",
# "其实"): inside a message "不用处理了" may drop one wish ("维修不用处理了 直接退款"). After
# 算了 or "never mind" the trouble being settled ("商家已经给我退款了") gives it up too.
_GIVE_UP = r"算了|那算了|还是算了|never\s*mind|nevermind|forget\s+it"
_GIVE_UP_OPENING = re.compile(
    rf"^(?:{_GIVE_UP}|好吧|那就|那|哦|噢|唉|哎|嗯|其实|我看|我想|我|这个投诉|投诉|这事|这件事|"
    r"actually|oh|ok|okay|well|[\s,，。.!！~～])*"
)


def gives_up(text: str) -> bool:
    """Whether `text`, said while a complaint is filled in, gives it up: it withdraws
    (withdraws: not negated, not urged by others, nothing wrong said after) and either opens
    with a withdrawal ("不用处理了 …", "我不想投诉了") or gives up first and then says why
    ("算了 不用处理了 商家已经重新给我送了一杯", "算了 商家已经给我退款了", "never mind, they
    refunded me")."""
    if not withdraws(text):
        return False
    folded = key(text)
    opening = _GIVE_UP_OPENING.match(folded)
    said = opening.group() if opening else ""
    if re.search(_GIVE_UP, said):
        return True
    return _path_matcher("withdrawal", "words").match(folded, len(said)) is not None


def _give_up_left(text: str) -> tuple[bool, bool, str]:
    """(a giving-up word said, a weary word said, what is left without them and fillers)."""
    folded = key(text)
    said = bool(cue_phrases(folded, "give_up", "words"))
    rest = _path_matcher("give_up", "words").sub(" ", folded)
    weary = bool(cue_phrases(rest, "give_up", "weary"))
    rest = _bare(_path_matcher("give_up", "weary").sub(" ", rest))
    # Particles left over ("唉 不想弄了吧") say nothing more.
    return said, weary, "" if set(rest) <= _PARTICLES else rest


_PARTICLES = frozenset("了吧啊呀唉哎嘛呢哦噢嗯")


def gives_up_plainly(text: str) -> bool:
    """Whether `text` gives up the complaint being filled in with weariness alone: a word that
    gives up and nothing but weary words beside it ("不想弄了 没意思", "懒得弄了", "不搞了",
    "forget it", "never mind"; [give_up] in nlp/data/intent_cues.toml)."""
    said, _, rest = _give_up_left(text)
    return said and not rest


def may_give_up(text: str) -> bool:
    """Whether `text` may give the complaint up and should be asked about before anything is
    cancelled: only weariness ("没意思", "太麻烦了"), or a Chinese word that gives up opening
    the message with more said ("不想弄了 你们自己看着办"). Weariness said of something ("真
    没意思 这种店"), a question or a correction is not asked about."""
    said, weary, rest = _give_up_left(text)
    if not rest:
        return weary and not said  # said and nothing left: gives_up_plainly
    if not said or is_question(text) or _opens_correction(key(text)):
        return False
    folded = key(text).lstrip(" ,，。!！~～")
    spans = cue_phrases(folded, "give_up", "words")
    # Only a Chinese opener: "never mind, it was Tuesday" corrects, it does not give up.
    return bool(spans) and spans[0][0] == 0 and not folded[: spans[0][1]].isascii()


def withdrawal_reason(text: str) -> str:
    """Why a complaint is given up, in the customer's words: `text` without the words that
    give it up ("算了 不用处理了 商家已经重新给我送了一杯" -> "商家已经重新给我送了一杯"); empty
    when it says no more than that."""
    folded = key(text)
    opening = _GIVE_UP_OPENING.match(folded)
    start = opening.end() if opening else 0
    cues = _path_matcher("withdrawal", "words")
    spans = [m.span() for m in cues.finditer(folded, start)]
    rest, at = [], start
    for begin, end in spans:
        rest.append(text[at:begin])
        at = end
    rest.append(text[at:])
    # "不用处理了吧 他们…": a particle left of the cue goes; the reason keeps its own 了.
    reason = " ".join(part.lstrip(" ，,。.!！~～了吧啊").rstrip(" ，,。.!！~～") for part in rest)
    reason = " ".join(reason.split())
    return reason if sum(ch.isalnum() for ch in reason) >= 2 else ""


def _withdrawal_counts(clause: str, sentence: str, found: re.Match[str], resolution: bool) -> bool:
    """Whether the cue `found` in `clause` is the customer's own withdrawal (withdraws)."""
    before = key(clause)[: found.start()]
    if _NEGATED.search(before) or has_cue(before, "withdrawal", "not_theirs"):
        return False
    if has_cue(clause, "withdrawal", "partial"):
        return False  # "只退给我了一半": the rest still needs handling
    if not resolution:
        return True  # "能撤诉吗" asks to withdraw: a withdrawal all the same
    return not has_cue(before, "withdrawal", "conditional") and not _is_question(clause, sentence)


def says_no_material(text: str) -> bool:
    """Whether `text` says the customer has no such material, answering a request for it
    ("没有截图 订单我删了", "找不到了", "当时没拍", "I don't have a screenshot", a bare "没有"
    or "none"; [no_material] in nlp/data/intent_cues.toml). A clause offering something
    after all ("截图没有 但是有聊天记录") says material is to come: False."""
    if has_cue(text, "no_material", "but"):
        return False
    if (
        has_cue(text, "looking", "not_yet") or has_cue(text, "looking", "yet")
    ) and promises_material(text):
        # "找不到 我再找找": still looking (newcomer trial 21 left it as none); "还没有 明天发",
        # "don't have it yet": to come later (newcomer trial 24)
        return False
    if material_split(text) is not None:
        return False  # "挂号单找不到了 病历明天拍给你": part of it is coming (trial 22)
    if _bare(text) in {_bare(w) for w in _words("no_material", "alone")}:
        return True
    return says_lack(text)


# Words that may stand around a promise to look without saying anything of the matter: "我回家
# 翻一下发票" is the promise and the material's name, "let me find it for you" the same.
_LOOKING_FILLER = re.compile(
    # 啦, 哒, 哟, 咯 as 啊 and 呢 are ("好的谢谢啦": newcomer trial 22, taken for the material)
    r"[我你您它再去就先也都还会要得把给了的吧啊呀呢哈嘛哦噢喔啦哒哟咯一下个]|"
    r"(?<![a-z])(?:i|i'll|ill|me|my|it|them|the|a|an|for|to|you|and|then|just|will|can|"
    r"please|one|first|soon|now|ok|okay)(?![a-z])"
)
# A number of three digits or more: an order, a reference, an amount: something told.
_TOLD_NUMBER = re.compile(r"\d{3,}")
_PROMISE_CHARS = 40  # a promise to look is short; a longer message tells something


def _left_over(clause: str, *lists: tuple[str, ...]) -> str:
    """The clause's matching form with the cue words of `lists` and the fillers taken out,
    punctuation and blanks dropped (spaces kept until then, so Latin cues stay whole)."""
    text = key(clause)
    for words in lists:
        text = _matcher(words).sub(" ", text)
    return _bare(_LOOKING_FILLER.sub(" ", text))


def acknowledges_only(text: str) -> bool:
    """Whether `text` only acknowledges or thanks ("ok thx", "cool, thanks", "好的 收到",
    "嗯嗯 👍", "great thanks!"): each clause is [acknowledgement] or [thanks] words with
    particles and emoji around them (newcomer trial 21: English ones were relayed to the
    agent while "好的谢谢" was thanked). A question, a fact or a number is more than that."""
    if len(text) > _PROMISE_CHARS or _TOLD_NUMBER.search(text) or is_question(text):
        return False
    clauses = [c for c, _ in _clauses(expand_chat_speak(text)) if _bare(c)]
    said = _words("acknowledgement", "words"), _words("thanks", "words")
    return bool(clauses) and all(not _left_over(c, *said) for c in clauses)


def promises_material(text: str) -> bool:
    """Whether `text`, answering a request for material, only acknowledges it or promises to
    look ("好的", "好的 我找找", "稍等 我找一下", "收到 我回家翻一下发票 晚上发给你", "ok will do",
    "sure, let me find it"; [looking] and [acknowledgement] in nlp/data/intent_cues.toml): the
    material has not come (newcomer trial 21: "好的" was recorded as it and the paused clock
    restarted). A number, a question or any other words are more than a promise."""
    if len(text) > _PROMISE_CHARS or _TOLD_NUMBER.search(text) or is_question(text):
        return False
    clauses = [c for c, _ in _clauses(expand_chat_speak(text)) if _bare(c)]
    looking = has_cue(text, "looking", "words")
    if not looking and has_cue(text, "looking", "not_yet"):
        return False  # "找不到" alone, or with thanks: no material, no promise
    said = _promise_lists(looking)
    if has_cue(text, "looking", "yet"):
        # "not yet", "还没有 明天发", "haven't got it yet, will send it soon" (newcomer trial
        # 24): not had yet, to come later; the sending words may stand beside it.
        # The not-yet words first: "haven't got it yet" holds the acknowledgement "got it".
        said = (_words("looking", "yet"), *_promise_lists(True), _words("looking", "later"))
    return bool(clauses) and all(not _left_over(c, *said) for c in clauses)


def material_later(text: str) -> bool:
    """Whether `text`, answering a request for material, says it is not had yet and comes
    later ("not yet", "还没有 明天发", "haven't got it yet"; [looking] yet in
    nlp/data/intent_cues.toml): a promise, not "none"."""
    return has_cue(text, "looking", "yet") and promises_material(text)


def _promise_lists(looking: bool) -> tuple[tuple[str, ...], ...]:
    """The cue lists whose words a promise to look may consist of; the sending words ("发",
    "拍给你") only beside a [looking] word ("马上发", "明天拍给你"): alone they are no promise."""
    said = (
        _words("looking", "words"),
        _words("acknowledgement", "words"),
        _words("thanks", "words"),
        _words("no_material", "material"),
        _words("looking", "not_yet"),  # "找不到 我再找找": not yet, and looking
    )
    return (*said, _words("looking", "send")) if looking else said


def material_split(text: str) -> tuple[str, str] | None:
    """(what is missing, what is coming) when `text`, answering a request for material, says
    part of it is lacking and part will be sent later ("挂号单找不到了 病历在我爸那 明天拍给
    你", "病历晚点发你，挂号单没保存"; newcomer trial 22: read as "none at all" and the clock
    ran again). Clauses naming a lack ([no_material]) are the missing part; the others, one
    of them a promise ([looking] words), the coming part, as written. None when the message
    does not say both, asks something or is longer than a short answer."""
    if len(text) > _MIXED_CHARS or is_question(text) or not has_cue(text, "looking", "words"):
        return None
    missing: list[str] = []
    coming: list[str] = []
    parts = (part for clause, _ in _clauses(text) for part in _TURNS.split(clause))
    for part in parts:
        words = part.strip(" ，,。.;；!！~～")
        if not words:
            continue
        lacks = says_lack(words) and not has_cue(words, "looking", "words")
        (missing if lacks else coming).append(words)
    if not missing or not any(has_cue(c, "looking", "words") for c in coming):
        return None
    return "，".join(missing), " ".join(coming)


# "但是", "but": a clause turning from what is lacking to what will come.
_TURNS = re.compile(r"但是|不过|可是|\s+but\s+", re.I)
_MIXED_CHARS = 60  # "this one is lost, that one comes tomorrow" is short; more tells a story


def says_lack(text: str) -> bool:
    """Whether `text` says the customer lacks the material asked for, whatever else it
    offers ("没有截图", "the counter kept the original", "物业从来没发过收费单", "我哪有照片"):
    [no_material] words, or a `never` word in a clause naming a `material`."""
    if has_cue(text, "no_material", "words"):
        return True
    return any(
        has_cue(clause, "no_material", "never") and has_cue(clause, "no_material", "material")
        for clause, _ in _clauses(text)
    )


# A greeting or filler before an English question ("hi, has my refund…", "so when…").
_EN_LEAD = re.compile(r"^(?:(?:hi|hello|hey|so|and|ok|okay|um|sorry|excuse me)\b[\s,.!]*)+")


def asks_after_refund(text: str) -> bool:
    """Whether `text` asks after a refund's progress: whether it was made ("退款了吗", "钱给我退
    回来了吗", "钱到账了吗", "has my refund come through"), how far it got ("退到哪了", "退款进度
    怎么样了"), when it comes ("什么时候退回来", "when will I get my money back") or where the
    customer's own refund is ("我的退款呢"); [refund_progress] in nlp/data/intent_cues.toml. A
    wish ("我要退款", "能不能退钱", "I want a refund") or words that it came ("退款到账了 谢谢")
    are none: after filing those add to the ticket, or withdraw it (newcomer trial 22)."""
    folded = key(text)
    english = any(w in folded for w in _words("refund_progress", "en_money"))
    if not english and not any(w in folded for w in _words("refund_progress", "money")):
        return False  # the cheap gate: most messages name no money at all
    return any(_asks_after_refund(clause) for clause, _ in _clauses(text))


def _asks_after_refund(clause: str) -> bool:
    """One clause of asks_after_refund: money named, asked after, and no wish."""
    asked = ("done", "where", "when", "mine", "still")
    named = has_cue(clause, "refund_progress", "money") or has_cue(
        clause, "refund_progress", "en_money"
    )
    if (
        named
        and not has_cue(clause, "refund_progress", "wish")
        and any(has_cue(clause, "refund_progress", part) for part in asked)
    ):
        return True
    if not has_cue(clause, "refund_progress", "en_money") or has_cue(
        clause, "refund_progress", "en_wish"
    ):
        return False
    said = _EN_LEAD.sub("", key(clause).strip())
    opener = said.split(" ", 1)[0].strip(",.!?")
    return (
        opener in _words("refund_progress", "en_opens")
        or has_cue(said, "refund_progress", "en_asks")
        or said.rstrip().endswith("?")
    )
