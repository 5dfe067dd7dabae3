"""The story across messages (issue 9): whether a message goes on with what happened, and
appending it to the account so nothing told is lost.
"""

from __future__ import annotations

import re
import unicodedata

from handlers.answer_fields import unknown_time, vague_filler
from handlers.answer_person import (
    SAID_ALREADY,
    about_reaching,
    declines_phone,
    refuses_details,
    without_chat_ids,
)
from handlers.answer_wishes import NOT_A_WISH, undecided_wish, wish_instead_of_answer
from handlers.answer_words import (
    EDGES,
    HAN,
    LABELS,
    NARRATIVE,
    PLACE_WORD,
    STORY_WORD,
    WISH_WORD,
    about_memory,
    leftover,
    name_shaped,
    names_a_sum,
    only_filler,
    short_story_line,
    wish_shaped,
)
from handlers.draft import Draft
from handlers.evidence_words import has_evidence, says_none
from handlers.fields import FieldName
from handlers.turn import Turn
from handlers.words import NONE_WORDS, normalise
from nlp.extract import Extracted, extract_fields
from nlp.extract_person import (
    is_surname,
)
from nlp.extract_place import store_parts
from nlp.extract_refs import (
    find_local_number,
    find_references,
    find_regional_number,
    without_contacts,
)
from nlp.extract_remedy import wishes_out, without_openers
from nlp.intent import asking_clauses, is_question
from nlp.language import STOP_WORDS_EN
from nlp.tokenizer import is_loaded as tokenizer_loaded
from nlp.tokenizer import tagged as tagged_words

# A line that adds to what went wrong: "而且…", "还有…", "另外…", "并且…", "and also …".
_ADDING = re.compile(r"^(?:而且|并且|况且|再说|另外|还有|此外|同时|还|也|and\s+also|also)\s*", re.I)


def adds_to_story(text: str) -> bool:
    """Whether `text` opens with a word that adds to the story and goes on with a clause of
    it ("而且少了一份米饭", "还把汤洒了"): told after an account, it adds to the account."""
    words = normalise(text).strip()
    opener = _ADDING.match(words)
    return opener is not None and short_story_line(words[opener.end() :])


def story_not_object(rest: str, found: Extracted, turn: Turn, draft: Draft, text: str) -> bool:
    """Whether the words at the object question that name no product, store or person tell
    what happened instead ("上个月扣了我298 我根本没开通过": a sum, or a clause of events;
    newcomer trial 10: the line became the object)."""
    told = bool(found.amounts or NARRATIVE.search(rest))
    return told and tells_story(turn, draft, text, FieldName.OBJECT)


def without_questions(text: str) -> str:
    """`text` without the clauses that ask for information ("但是钱怎么办"; nlp/intent.py:
    asking_clauses), which are noted for the staff as questions: what the customer told
    beside them is weighed as story on its own (newcomer trial 22: "我已经打电话冻结了 但是钱
    怎么办" lost the card frozen by phone, the whole line being a question). `text` itself
    when it asks nothing, or nothing else is said."""
    asked = asking_clauses(text) if _ASKS.search(text) else []
    rest = text
    for clause in asked:
        rest = rest.replace(clause, " ", 1)
    rest = rest.strip(EDGES)
    return rest if asked and any(ch.isalnum() for ch in rest) else text


# Characters one of a question's words holds (什么, 怎么, 哪, 吗, 多少, 几, ?, what, how …):
# a message without any asks nothing and is not cut into clauses (the hot path, issue 11).
_ASKS = re.compile(r"[什怎哪吗么呢啥几多谁为？?]|\b(?:what|how|why|when|where|who|which)\b", re.I)


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
    if about_them and (name_shaped(text) or SAID_ALREADY.search(text)):
        return False
    if has_evidence(text):
        return False  # "有病历和发票的照片": evidence to ask for, not what happened (trial 14)
    if says_none(text):
        return False  # "No, I'm afraid I don't have anything to hand" (newcomer trial 15)
    if declines_phone(text) or _ABOUT_REACHING.search(text):
        return False  # "我手机不太方便 你们打这个号": how to reach them, not what happened
    if about_them and refuses_details(text):
        return False  # "就不留 你们在这个对话里回我": a refusal (newcomer trial 17), no story
    if undecided_wish(text):
        return False  # "现在还不知道", "还没想好": no wish decided yet, nothing told
    if field == FieldName.OBJECT and vague_filler(text):
        return False  # "就是有问题啊": nothing new, and no answer (newcomer trial 11)
    found = extract_fields(text, turn.now)
    if found.phone or found.email or found.name or is_question(text):
        return False  # "手机坏了留个邮箱吧 wang@…" is about reaching them
    if found.remedies_refused or found.wishes_refused:
        return False  # "不用当面赔礼了 赔钱就行" changes the wish, it tells nothing new
    if field in NOT_A_WISH and wish_instead_of_answer(text, leftover(text, found, field), found):
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
    if field == FieldName.TIME and found.occurred_at is None and (rough := unknown_time(text)):
        # "国庆后那几天", "反正就是前段时间": the answer, recorded as a rough time, is no line
        # of the story (trial 20: it was both, "已记下：经过" said beside it).
        left = left.replace(unicodedata.normalize("NFKC", rough[1]), "")
    # A message of wishes only tells nothing: wishes given up in a change of mind ("退款吧
    # 算了 重新送一份也行") and its clause ("算了退卡太麻烦") are no story (newcomer trial 12).
    left = wishes_out(left, found.remedies_only)
    if found.remedies:  # "我要… 还要… 另外让…": the words that opened them (newcomer trial 14)
        left = without_openers(left)
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
    # So is one said after a question the router answered ("can I complain about the
    # customer service too? they hung up on me twice": newcomer trial 14, the line was lost).
    after_question = bool(turn.reading and turn.reading.cues.questions)
    short = (field == FieldName.TIME or after_question) and short_story_line(left)
    # Beside an answer to another question, a short clause of what happened is story too,
    # when its verb is no framing of the answer ("车险 上个月中旬出的险 追尾" at the object
    # question: newcomer trial 18, the accident was lost; "在朝阳门店买的" tells nothing).
    short = short or (field is not None and _event_clause(left))
    # A time with what was done then, said late at the name or contact question ("上周五撤的",
    # "昨天 退的"): the answer to an earlier question, never a name (newcomer trial 22: it
    # was refused as a name and lost).
    short = short or (about_them and bool(found.occurred_text) and _dated_act(left))
    if field == FieldName.TIME and not short and about_memory(left):
        return False  # "记不清了 反正就是前段时间": the time, not known, and no story
    return not ((han < needed and len(words) < 3 and not short) or already_told(draft, text))


# Verbs that frame an answer rather than tell what happened: "在朝阳门店买的", "是在他们店",
# "昨天去的", "网上下的单", "在那边发生的".
_FRAMING_VERBS = frozenset(
    {"买", "是", "在", "有", "去", "来", "到", "下", "订", "点", "办", "用", "找", "弄", "搞"}
    | {"发生", "购买", "下单", "订购", "预订", "办理", "出现", "叫", "姓", "说"}
)


# An English verb of events: "burned my hand", "it was 1 hour late", "they lost it" ("order
# no is" is a label).
_EN_EVENT = re.compile(
    r"\b(?:[a-z]{3,}ed|was|were|got|broke|fell|hurt|cut|lost|took|went|came|gave|left|said|"
    r"told|sent|won't|wouldn't|didn't|doesn't|never)\b",
    re.I,
)


def _event_clause(words: str) -> bool:
    """Whether `words` (what is left of an answer once its facts are out) are a short clause
    of the story by short_story_line's measure whose verb, adjective or negation tells an
    event, not a framing verb of the answer (_FRAMING_VERBS)."""
    if not short_story_line(words):
        return False
    if not HAN.search(words):
        # Two words of content at least: "order no is" (a label) tells nothing.
        return bool(_EN_EVENT.search(words))
    if re.search("[不没]", words):
        # "没有人管" tells what happened; "现在还不知道" (not decided yet) or "没有" tells nothing.
        return not (undecided_wish(words) or normalise(words) in NONE_WORDS)
    return tokenizer_loaded() and any(
        flag.startswith(("v", "a")) and word not in _FRAMING_VERBS
        for word, flag in tagged_words(words.strip(), hmm=False)
    )


def _dated_act(words: str) -> bool:
    """Whether `words` (what is left once a time is out) hold a verb: what was done at that
    time ("撤的", "退的订单")."""
    return (
        bool(HAN.search(words))
        and tokenizer_loaded()
        and any(flag.startswith("v") for _, flag in tagged_words(words.strip(), hmm=False))
    )


# What tells two tellings of one line apart without changing it: punctuation and spaces
# ("吃出一只虫子" in the opening, "吃出一只虫子！！！" at the object question: trial 19 found
# the line twice in the account).
_NOT_WORDS = re.compile(r"[\s\W_]+")


def already_told(draft: Draft, text: str) -> bool:
    """Whether the account already holds `text`, punctuation and spaces aside."""
    said = _NOT_WORDS.sub("", text)
    return bool(said) and said in _NOT_WORDS.sub("", draft.account or "")


def _fact_words(fact: str | None) -> list[str]:
    """The words a fact was read from: the fact itself, and for one put together from the
    words said ("店是广州天河那家" -> 广州天河店, "医生姓周" -> 周医生) its name without the
    store word, and the role and 姓 with the surname."""
    if not fact:
        return []
    # A store joined from a chain and its branch ("城东洗车店 建设路店"), a place put together
    # from where and the store ("三里屯 唯一视觉"): the pieces as said (newcomer trial 15).
    words = [fact, *store_parts(fact), *(fact.split() if " " in fact.strip() else ())]
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


# Words that join one clause to the next without telling anything: "然后把卡注销", "and give
# me a month free".
_JOINING = re.compile(
    r"^(?:然后|再|加上|加|并且|并|还有|还要|还|另外|以及|和|跟|同时|顺便|"
    r"(?:and|then|also|plus|as\s+well)\b)\s*",
    re.I,
)
_ANSWER_CLAUSES = re.compile(
    r"[\s，,。.；;！!、]*(?:[，,。；;！!、\n]|\s+(?:and|then|plus)\s+)[\s，,。.；;！!、]*", re.I
)
# A clause that asks for something in English: "give me a month free", "I want a refund".
_WISH_EN = re.compile(
    r"^(?:please\s+)?(?:give|refund|fix|repair|replace|send|pay|compensate|cancel|return|"
    r"credit|waive|i\s+want|i'?d\s+like|i\s+need|we\s+want)\b",
    re.I,
)


def beyond_answer(draft: Draft, text: str, field: str) -> str:
    """The words of `text`, read as the answer to `field`, that are not that answer: without
    the values the draft now holds for it and without the clauses in its shape (a wish at
    the remedy question, a place at the place question), each clause without the words
    joining it to the one before. "我要求退回年费 然后把卡注销" -> "把卡注销"; "送到我家 上海
    浦东张江" -> "" once the place is 上海浦东张江 (newcomer trial 14: both were glued to the
    account). Other questions' answers: `text` itself."""
    if field not in _ANSWER_SHAPED:
        # An object or a time is said inside a clause of the story ("这个月话费扣了298 我套
        # 餐才59"): the whole message is weighed as it is.
        return text
    work = unicodedata.normalize("NFKC", text)
    values: list[str | None] = []
    if field == FieldName.REMEDY:
        values += [wording for _, wording in draft.remedy_list()]
    elif field in _ABOUT_THEM:
        values += [draft.name, draft.phone, draft.email]
    else:
        values += [draft.place, draft.store]
    for value in sorted((v for v in values if v), key=len, reverse=True):
        work = work.replace(unicodedata.normalize("NFKC", value), " ")
    kept: list[str] = []
    for clause in _ANSWER_CLAUSES.split(_SPACE_BESIDE_HAN.sub("，", work)):
        clause = _JOINING.sub("", clause.strip()).strip()
        if clause and not _in_answer_shape(clause, field):
            kept.append(clause)
    return " ".join(kept)


# The questions whose answers have a shape of their own, clause by clause.
_ABOUT_THEM = frozenset({FieldName.NAME, FieldName.CONTACT})
_ANSWER_SHAPED = frozenset({FieldName.REMEDY, FieldName.PLACE}) | _ABOUT_THEM
# Words of a clause about who the customer is or how to reach them: "我姓何", "手机号",
# "打这个", "my e-mail is" (the name or number itself is taken out before).
_ABOUT_PERSON = re.compile(
    r"手机|电话|号码|邮箱|微信|联系|打给|回复|回我|短信|[我俺]?姓|[我俺]叫|叫我|称呼|先生|女士|"
    r"\b(?:phone|mobile|number|e-?mail|call|text|contact|name|reach)\b",
    re.I,
)
# A space beside Chinese parts clauses as a comma does ("退回年费 然后把卡注销").
_SPACE_BESIDE_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")


def _in_answer_shape(clause: str, field: str) -> bool:
    """Whether `clause` is more of the answer to `field`: a wish at the remedy question, a
    place at the place question."""
    if field == FieldName.REMEDY:
        return bool(_WISH_EN.match(clause)) or (not clause.isascii() and wish_shaped(clause))
    if field in _ABOUT_THEM:
        return bool(_ABOUT_PERSON.search(clause)) or name_shaped(clause)
    if field == FieldName.PLACE:
        return bool(PLACE_WORD.search(clause)) or (
            len(clause) <= 8 and not STORY_WORD.search(clause)
        )
    return False


def add_to_story(
    turn: Turn, draft: Draft, text: str, field: str | None, *, answered: bool = False
) -> bool:
    """Appends what the customer tells about what happened to the account, in order, and
    says whether it did (see tells_story for what counts). `answered`: the message was read
    as the answer to `field`; it joins the account only when the words besides that answer
    (`beyond_answer`) tell something (newcomer trial 14: "我要求退回年费 然后把卡注销" at the
    remedy question was glued to the story).

    The account is the story across messages (issue 9), not only the first message; it is
    cut at the policy's intake.max_text_chars.
    """
    if field in _ABOUT_THEM and about_reaching(text):
        # "I'd rather not give my phone number, my chinese is bad": a refusal, its reason
        # with it, the e-mail chosen or only a number abroad: never story (trial 24)
        return False
    text = without_questions(text)
    if answered and field in _ABOUT_THEM:
        # Beside who they are: the words besides the name and the contact, never the name
        # and the number again (newcomer trial 22: "我姓何 何建军 133… 急诊那个护士胸牌上是
        # 0375号" lost the badge, the whole line failing as story for its phone).
        return _keep_beside_who(turn, draft, text, str(field))
    if answered and field is not None:
        rest = beyond_answer(draft, text, field)
        if not rest or not tells_story(turn, draft, rest, field):
            return _keep_unread_number(turn, draft, text, field)
    if not tells_story(turn, draft, text, field):
        return _keep_unread_number(turn, draft, text, field)
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{text}"[:limit]
    return True


# A short number said (3-6 digits: a reference, a receipt, a room): longer ones may reach
# someone (a phone) and are never copied into the account by this rule.
_SHORT_NUMBER = re.compile(r"(?<![\d.])\d{3,6}(?![\d.])")


def _keep_unread_number(turn: Turn, draft: Draft, text: str, field: str | None) -> bool:
    """Appends `text` to the account when it holds a short number no field read ("ref 7731",
    a code the readers do not know), and says whether it did: a fact the agent would
    otherwise never see (newcomer trial 17: "order 5566 …" left no trace anywhere). Not at
    the questions about the customer, whose digits are theirs."""
    if not draft.account or already_told(draft, text):
        return False
    if field in _ABOUT_THEM:
        return _keep_beside_who(turn, draft, text, str(field))
    words = unicodedata.normalize("NFKC", text)
    held = " ".join(value for value in (draft.order_no, draft.phone, draft.account) if value)
    # A known kind's label ("报案号", "claim number", nlp/extract_refs.py:find_references):
    # any number's label (房间号, 身份证号) is not enough to copy digits into the account.
    if any(r.known and r.code and r.code not in held for r in find_references(words)):
        # "报案号 BA2026111500321": a labelled reference no field holds, at any question
        # (newcomer trial 18: it was filed as the place and missing from the account).
        draft.account = f"{draft.account}\n{text}"[: turn.services.policy.intake.max_text_chars]
        return True
    # A phone in any shape, one abroad without its code too ("電話係 5123 4567", "6123 4567"),
    # is the customer's: its groups of four are no short numbers (newcomer trial 24: a number
    # refused for its code was copied whole into the account, and the letter).
    numbers = _SHORT_NUMBER.findall(_without_phones(words))
    if not numbers:
        return False
    found = extract_fields(text, turn.now)
    # What the fields hold now, the draft's as well: a wish read at another question ("I want
    # the 300 back" at the place question) is in the draft, not in what the readers found.
    read = " ".join(
        str(value)
        for value in (
            found.order_no,
            found.phone,
            found.occurred_text,
            *found.amounts,
            *_fact_values(draft),
        )
        if value
    )
    if all(number in read for number in numbers):
        return False
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{text}"[:limit]
    return True


def _keep_beside_who(turn: Turn, draft: Draft, text: str, field: str) -> bool:
    """Appends to the account the words said at the name or contact question beside who the
    customer is (words_beside_who), and says whether it did: when they hold a number (a
    card's last digits, a badge, a room, a sum) or tell something (tells_story: "没保价").
    Nothing accepted is lost (newcomer trial 22: "卡尾号是6217", "房间号是8012" were dropped,
    as digits at these questions were taken for the customer's own)."""
    if not draft.account:
        return False
    words = words_beside_who(draft, text, field)
    if not words or already_told(draft, words):
        return False
    if not (_DIGIT.search(words) or tells_story(turn, draft, words, field)):
        return False
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{words}"[:limit]
    return True


_DIGIT = re.compile(r"\d")
# A run of seven digits or more standing alone: a phone mistyped (warned of by the intake), an
# ID or a card number; the customer's own, never copied beside their name.
_LONG_NUMBER = re.compile(r"(?<![A-Za-z\d])\d{7,}(?![A-Za-z\d])")
# Words that only carry the answer along: "吧", "就行", "那就", "谢谢", "麻烦了" (newcomer
# trial 22: "那就姓陈吧", "叫我 Kevin 就行" must add nothing to the account).
_CARRIERS = re.compile(
    r"那就|就行|就好|就可以|即可|好了|就是了|就这样|谢谢|多谢|麻烦了?|辛苦了?|"
    r"[吧呗啦啊呀呢嘛哦噢哈嗯呃额]|\b(?:thanks|thank you|pls|please|ok|okay)\b",
    re.I,
)


def _fact_values(draft: Draft) -> tuple[str | None, ...]:
    """The values of the draft's fact fields a message may repeat (None for those not given):
    the order number, the time as said, the place, store, product, staff and each wish."""
    return (
        draft.order_no,
        draft.occurred_text,
        draft.place,
        draft.store,
        draft.product,
        draft.staff,
        *(wording for _, wording in draft.remedy_list()),
    )


def _without_phones(words: str) -> str:
    """`words` (NFKC) without phones, e-mails and numbers abroad written without their code."""
    work = without_contacts(words)
    work = find_local_number(find_regional_number(work, traditional=True)[1], bare_eight=True)[1]
    return _SPACED_LONG_NUMBER.sub(" ", work.replace("\x00", " "))


# Seven digits or more in groups ("7700 900123"): a phone written without its code.
_SPACED_LONG_NUMBER = re.compile(r"(?<![\w+])\d(?:[ -]?\d){6,}(?!\d)")


def words_beside_who(draft: Draft, text: str, field: str) -> str:
    """The words of `text`, said at the name or contact question, besides who the customer
    is and how to reach them: without their name, phones, e-mails, chat IDs and numbers
    abroad, clause by clause without the clauses that only say those, carry the answer
    ("吧", "就行", "刚才说了") or repeat a fact a field holds ("订单号是 E2026…"). The
    clauses kept are as said: "那就姓陈吧 手机159… 订单号是 E20261118009 花了38块" -> "花了
    38块"; "我叫张伟 电话13800138000" -> ""."""
    work = without_chat_ids(_without_phones(unicodedata.normalize("NFKC", text)))
    name = unicodedata.normalize("NFKC", draft.name or "")
    if len(name) > 1:
        work = work.replace(name, " ")
    elif name:  # one character is any word: only "姓陈" is the name said
        work = work.replace(f"姓{name}", "姓 ")
    for value in (draft.phone, draft.email):
        if value:
            work = work.replace(unicodedata.normalize("NFKC", value), " ")
    held = sorted(
        (unicodedata.normalize("NFKC", value) for value in _fact_values(draft) if value),
        key=len,
        reverse=True,
    )
    kept: list[str] = []
    for clause in _ANSWER_CLAUSES.split(_SPACE_BESIDE_HAN.sub("，", work)):
        clause = _JOINING.sub("", clause.strip()).strip(EDGES)
        if clause and not _idle_beside_who(clause, held, field):
            kept.append(clause)
    return " ".join(kept)


# A number said digit by digit in words ("一三九 一二三四 五六七八", "幺三八"): a phone read
# into the contact, never a fact of the story.
_SPOKEN_DIGITS = re.compile("[零〇一二两三四五六七八九幺]{3,}")


def _idle_beside_who(clause: str, held: list[str], field: str) -> bool:
    """Whether a clause said beside who the customer is adds nothing: once the facts the
    draft holds, labels, carrier words and lone long numbers are out, nothing is left; or,
    holding no number, it is about the person ("我姓何", "微信同号"), a name, chatter about
    having said it ("刚才说了") or a filler."""
    bare = clause
    for value in held:
        bare = bare.replace(value, " ")
    bare = _CARRIERS.sub(" ", LABELS.sub(" ", _LONG_NUMBER.sub(" ", bare)))
    if not any(ch.isalnum() for ch in bare):
        return True
    spoken = bare.replace(" ", "")
    if (spoken.isdigit() and len(spoken) <= 2) or _SPOKEN_DIGITS.fullmatch(spoken):
        # "1" (a choice typed at the wrong moment), "一二三四 五六七八" (the phone said in
        # words, read into the contact): no fact (re-trial 23: both were added to the story)
        return True
    if _DIGIT.search(bare):
        return False  # "房间号是8012", "卡尾号是6217", "花了38块": a number no field holds
    if _LONG_NUMBER.search(clause) or sum(ch.isalnum() for ch in bare) < 2:
        return True  # "我身份证号 1101…": the customer's own number, its label alone is left
    return (
        _in_answer_shape(clause, field) or bool(SAID_ALREADY.search(clause)) or only_filler(clause)
    )


def holds_unkept_facts(turn: Turn, draft: Draft, text: str) -> bool:
    """Whether `text`, which failed the open question and tells no story by tells_story's
    measure, still holds a fact the draft has nowhere else: a sum ("年费 360"), or a product,
    store, staff or order number besides the ones taken (newcomer trial 17: "被扣了一笔年费
    360" at the time question was refused and the ¥360 charge lost)."""
    if not draft.account or already_told(draft, text):
        return False
    if is_question(text) or says_none(text) or has_evidence(text):
        return False  # read by their own rules
    found = extract_fields(text, turn.now)
    if found.remedies or found.phone or found.email or found.name:
        return False  # kept in their own fields, or a wish
    held = "\n".join(
        value or ""
        for value in (draft.account, draft.product, draft.store, draft.staff, draft.order_no)
    )
    facts = (found.product, found.store, found.staff, found.order_no, found.place)
    return any(fact and fact not in held for fact in facts) or bool(
        found.amounts or names_a_sum(text)
    )


def keep_unkept_facts(turn: Turn, draft: Draft, text: str) -> bool:
    """Appends a failed answer holding facts (holds_unkept_facts) to the account, so nothing
    said is lost; whether it did. The open question is asked again by the caller."""
    if not holds_unkept_facts(turn, draft, text):
        return False
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{text.strip()}"[:limit]
    return True


# A line of the story said at the remedy question (newcomer trial 22: "nobody came",
# "仲有碗湯入面有條頭髮" and "also the aircon was broken" were filed as wishes and lost from
# the account, so the food-safety severity rule never read the hair in the soup). English:
# someone doing something or a past event ("nobody came", "they never called back", "the
# sheets were dirty"), with no wish word nor a modal that asks ("they should refund me").
_SUBJECT_DOING_EN = re.compile(
    r"\b(?:nobody|no\s+one|noone|someone|somebody|they|he|she|it|we|i)\s+"
    r"(?:just\s+|even\s+|never\s+|also\s+|still\s+|then\s+)?"
    r"(?!(?:should|must|need|needs|can|could|would|will|want|wants|hope|expect|"
    r"demand|wish|prefer|think|dont|don't|do)\b)[a-z]{2,}"
    r"|\b(?:was|were|wasn'?t|weren'?t|had|did|didn'?t|never)\b|\b[a-z]{3,}ed\b",
    re.I,
)
_ASKING_EN = re.compile(
    r"\b(?:should|must|need|needs|have\s+to|has\s+to|hope|would|could|can|pls|plz|please|"
    r"let|give|get|want|like|expect|demand|sorry)\b",
    re.I,
)
# "仲有" (Cantonese) is read folded as 还有 (handlers/words.py:normalise).
_STORY_OPENER_EN = re.compile(r"^(?:and\s+)?(?:also|plus|besides|then)\b[\s,]*|^and\s+", re.I)


# Where or when it was bought, said alone: "网上买的", "在淘宝买的", "喺網上買嘅", "去年买的",
# "bought it online" (newcomer trial 24: "网上买的" at the remedy question was filed as the
# wish). Read on the normalised words (folded to simplified), whole.
_BOUGHT_THERE = re.compile(
    r"(?:我们?)?(?:是|就是|都是)?(?:在|从|去|到)?[\u4e00-\u9fffa-z0-9]{1,10}?"
    r"(?:买|购买|订|预订|办|下单|拍)(?:来)?的(?:啊|呀|哦|喔|啦|呢|嘛)?"
)
_BOUGHT_THERE_EN = re.compile(
    r"(?:(?:i|we)\s+)?(?:bought|got|ordered|purchased)\s+(?:(?:it|them|this|that|(?:the|my)\s+\w+)\s+)?"
    r"(?:online|(?:on|at|from|in)\s+[\w' ]{1,30}?)(?:\s+(?:last\s+\w+|yesterday|\w+\s+ago))?[.!]?",
    re.I,
)


def bought_there(text: str) -> bool:
    """Whether `text` only says where or when the thing was bought (see _BOUGHT_THERE), no
    wish word in it."""
    said_ = text.strip()
    if said_.isascii():
        return _BOUGHT_THERE_EN.fullmatch(said_) is not None and not WISH_WORD.search(said_)
    words = normalise(said_)
    return _BOUGHT_THERE.fullmatch(words) is not None and not WISH_WORD.search(words)


def story_instead_of_wish(text: str) -> bool:
    """Whether an answer to the remedy question in which no remedy was read tells one more
    thing that happened instead: a line opening with 还有/仲有/而且/另外 and going on with a
    clause of the story ("仲有碗湯入面有條頭髮", "还有菜里吃出一根头发"), or an English
    clause of events ("nobody came", "also the aircon was broken all night"). A wish word
    beside it ("还有要求道歉", "they should give me the money back") or a question keeps it
    from being story."""
    said_ = text.strip()
    if not said_ or is_question(said_):
        return False
    if bought_there(said_):
        return True
    if said_.isascii():
        words = _STORY_OPENER_EN.sub("", said_)
        return (
            bool(_SUBJECT_DOING_EN.search(words))
            and not WISH_WORD.search(words)
            and not _ASKING_EN.search(words)
        )
    opener = _ADDING.match(normalise(said_))
    if opener is None:
        return False
    after = normalise(said_)[opener.end() :]
    if WISH_WORD.search(after) and not NARRATIVE.search(after):
        return False  # "还有要求道歉", "还有就是赔偿": one more wish
    return _story_clause_cn(after)


# Tags of a word that does or is something, or says how: a verb, an adjective, an adverb
# ("菜里吃出一根头发", "房间很脏", "服务员还骂人").
_CLAUSE_TAGS = ("v", "a", "d")


def _story_clause_cn(words: str) -> bool:
    """Whether Han `words` after an adding opener are a clause (three characters or more
    with a verb, an adjective, an adverb or a negation), not only a thing named ("还有精神
    损失费" names a fee). Unlike short_story_line, a place word (菜里) may be in it."""
    if sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff") < 3:
        return False
    if re.search("[不没]", words):
        return True
    if not tokenizer_loaded():
        return False
    return any(flag.startswith(_CLAUSE_TAGS) for _, flag in tagged_words(words, hmm=False))


def keep_story_line(turn: Turn, draft: Draft, text: str) -> None:
    """Appends `text`, a line of the story read as such by the caller, to the account, once:
    short lines the general rule (tells_story) leaves out ("nobody came") too."""
    if already_told(draft, text):
        return
    limit = turn.services.policy.intake.max_text_chars
    draft.account = f"{draft.account}\n{text}"[:limit] if draft.account else text[:limit]


# A parcel complained about: a long number said bare is its tracking number.
_COURIER_WORDS = re.compile(
    r"快递|包裹|顺丰|圆通|中通|申通|韵达|极兔|京东物流|邮政|物流|运单|寄件|寄到|"
    r"parcel|package|courier|delivery|tracking|shipment|sf\s*express",
    re.I,
)
# The number, with at most a label before it: "1234567890123", "单号 1234567890123",
# "tracking number is 1234567890123", "its 1234567890123".
_TRACKING_ONLY = re.compile(
    r"(?:(?:快递|运|物流)?单号(?:是|为)?|运单号?(?:是|为)?|"
    r"(?:the\s+)?tracking(?:\s+(?:number|no\.?|#))?(?:\s+is)?|its|it's|it\s+is)?"
    r"\s*[:：#]?\s*(?P<no>\d{10,20})[\s.。!！]*",
    re.I,
)


def keep_tracking_number(draft: Draft, number: str) -> None:
    """Keeps a parcel's tracking number (`tracking_number`) on the draft: as the order
    number when none is on file, else in the account beside the order number already given
    (re-trial 23: "order number 4412987730012", then "SF1234567890123" at the evidence
    question, replaced the order number and lost it)."""
    if draft.order_no in (None, number):
        draft.order_no = number
    elif number not in (draft.account or ""):
        draft.account = f"{draft.account} {number}" if draft.account else number


def tracking_number(draft: Draft, text: str) -> str | None:
    """A long number said alone ("1234567890123", "单号 1234567890123") in a complaint about
    a parcel (the account or the object names a courier or a delivery): the tracking number,
    a fact kept as the order number (newcomer trial 22: looked up as a ticket number and
    lost). A mobile's 11 digits are a phone's, never one. None otherwise."""
    if not any(ch.isdigit() for ch in text):
        return None
    said_ = unicodedata.normalize("NFKC", text).strip()
    found = _TRACKING_ONLY.fullmatch(said_)
    if found is None:
        return None
    digits = found["no"]
    if len(digits) == 11 and digits.startswith("1"):
        return None
    about = " ".join(v for v in (draft.account, draft.product, draft.store, draft.place) if v)
    return digits if _COURIER_WORDS.search(about) else None
