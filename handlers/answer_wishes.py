"""Reading wishes (issue 9): the remedy question's answer (options by number, remedies in
words, every wish of a list), a wish said at another question, and facts said at the remedy
question instead of a wish.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from handlers.answer_person import name_piece
from handlers.answer_words import (
    EDGES,
    HAN,
    LEADING,
    NARRATIVE,
    PLACE_WORD,
    SHORT_WISH,
    STORY_WORD,
    WISH_WORD,
    clip_answer,
    resolve_choice,
    wish_shaped,
)
from handlers.draft import Draft
from handlers.fields import FieldName
from handlers.remedies import REMEDY_KEYS as REMEDIES
from handlers.turn import Turn
from handlers.words import NONE_WORDS, normalise
from nlp.extract import Extracted
from nlp.extract_refs import without_contacts
from nlp.extract_remedy import (
    STAFF,
    find_remedies,
    only_from,
    refuses,
    value_or_sum,
    with_value,
    with_values,
    without_openers,
)
from nlp.intent import is_question


def other_facts_in_wish(found: Extracted) -> bool:
    """Facts for other questions that are no part of a wish: who, how to reach, when."""
    return bool(found.phone or found.email or found.name or found.occurred_text or found.order_no)


def name_instead_of_wish(rest: str) -> bool:
    """Whether the answer to the remedy question is a person's name instead ("Tom Lee",
    "王芳"; newcomer trial 8: filed as "You want: Tom Lee"). One Latin word is not enough:
    "Voucher" or "Discount" is a wish."""
    if WISH_WORD.search(rest) or not name_piece(rest):
        return False
    return bool(HAN.search(rest)) or len(rest.split()) >= 2


# Questions whose answer is no wish: a remedy said there is the remedy (newcomer trial 8:
# "我要赔偿" at the place question was filed as 发生地点：我要 and 诉求：赔偿).
NOT_A_WISH = frozenset({FieldName.PLACE, FieldName.OBJECT})


_WISH_OPENER = re.compile(
    r"^(?:我|我们|俺)?(?:就|只|还|也)?(?:要求|想要|要|希望|请求|请你们|请(?!问))|"
    r"^(?:i|we)\s+(?:want|demand|expect|would\s+like|'d\s+like)\b|^please\b",
    re.I,
)


_REQUEST = re.compile(r"^(?:你们)?(?:能不能|能否|可不可以|可否|赶紧|赶快|尽快|快点)")


# Verbs that make good, opening a wish said without 要 or 希望 ("补积分", "恢复账号", "重新发货").
_MAKE_GOOD = re.compile(
    r"^(?:给我|帮我)?(?:补(?![习课])|补回|补发|补办|返还|恢复|撤销|解冻|重新|重发)"
)


_THINKING = re.compile(r"^我?(?:想想|想一下|考虑|看看|要看看|再想)")


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
    if found.place or found.platform or found.store or PLACE_WORD.search(rest):
        return False
    if found.remedies and not _WISH_WORDS.sub("", rest):
        return True
    if "在" in rest:  # "我要说的是在家里": where, said after a wish word
        return False
    if found.remedies:  # "…the 300 back and also an explanation": a wish beside it
        return bool(WISH_WORD.search(rest)) and wish_shaped(rest.strip())
    said_ = text.strip()
    opened = _REQUEST.match(said_) or (None if is_question(said_) else _WISH_OPENER.match(said_))
    if opened is None and (made_good := _MAKE_GOOD.match(said_)) and len(said_) <= 8:
        # "补积分", "恢复会员" at the place question: what should be done, said bare
        # (newcomer trial 20: recorded as the place)
        return made_good.end() < len(said_) and wish_shaped(said_)
    words = said_[opened.end() :] if opened else ""
    if opened and _REQUEST.match(said_) and len(words) >= 2 and not NARRATIVE.search(said_):
        # "尽快送到", "赶紧送过来": urged, a wish even with a word of the story's shape in it
        # (送到; newcomer trial 21: filed as the place and the wish lost)
        return True
    return bool(opened) and len(words) >= 2 and not _THINKING.match(said_) and wish_shaped(said_)


_TOLD_ABOUT = re.compile(r"有|值|是|在|价")
# Where, said as such: "就在我们公司", "是在望京soho", "in our office".
_WHERE = re.compile(
    r"(?:就|是|我)?在(?!线)|(?:it\s+was\s+|right\s+)?(?:in|at)\s+(?:our|my|the)\b", re.I
)


# A role a person holds ("理赔员", "业务员", "营业员"): its characters are no wish words.
_ROLE = re.compile(r"[\u4e00-\u9fff]{1,3}员")


def facts_instead_of_wish(found: Extracted, rest: str, said: str = "") -> bool:
    """Whether an answer to the remedy question in which no remedy was read tells facts for
    the object, time or place instead, with no wish word beside them: "店是广州天河那家",
    "11月1号扣的", "医生姓周", "里面有电脑 值一万五" (newcomer trial 11: each was kept as
    the wish). `said` is the answer as said, before the facts were taken out of it."""
    # A product with a verb is the wish's object ("冻结会员账号"); said to be there or worth
    # something, it is told about ("里面有电脑 值一万五").
    told_product = found.product and bool(_TOLD_ABOUT.search(rest) or STORY_WORD.search(rest))
    # An order number ("order no is JD88812345") and where it was ("就在我们公司 望京soho",
    # a place no list knows) are no wish either (newcomer trial 14: each became one).
    where = bool(_WHERE.match(said.strip()))  # `said`: the words with their 在
    facts = (found.place, found.store, found.staff, found.occurred_text, found.order_no)
    # A staff member's name or role holds no wish word: 赔 of "理赔员工号PA3302" (newcomer
    # trial 14), said as "工号PA3302" beside the role "理赔员" or as one name.
    plain = _ROLE.sub(" ", rest.replace(found.staff, " ") if found.staff else rest)
    return (
        (any(facts) or told_product or where)
        and not WISH_WORD.search(plain)
        and not _WISH_OPENER.match(rest)
        and not _REQUEST.match(rest)
    )


def contact_instead_of_wish(found: Extracted, rest: str) -> bool:
    """Whether an answer to the remedy question in which no remedy was read says who the
    customer is or how to reach them instead ("我是林小姐 手機0912345678", "ok its
    13912345678, name is Tom Baker"; newcomer trial 22: the number, or "its", was filed as
    the wish and the phone shown unmasked in the letter). The facts fill their own fields;
    what is left is no wish unless it holds a wish word."""
    return bool(found.phone or found.email or found.name) and not WISH_WORD.search(rest)


# The object's and place's columns a fact said on its own may make more precise.
_REFINABLE = ("product", "store", "staff", "place")


def refine(draft: Draft, found: Extracted, now: datetime) -> bool:
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


# No remedy in mind, or not yet, at the remedy question (newcomer trial 17: "先不用" was
# refused with the options again, "暂时不需要" and "没想好" were filed as wishes, "现在还不知道"
# as the story): a "not yet" before a none-word, not knowing or not having decided, or
# leaving it to the business. A bare none-word ("暂无", "不用") stays no answer: the options
# are shown again. Read on the normalised words (no blanks nor marks), whole.
_UNDECIDED = re.compile(
    r"(?:(?:我|我们|俺)?(?:现在|目前|暂时|暂且|一时|先|还|也|真的?)*"
    r"(?:(?<=[在前时且先还])(?:不用|不需要|不要|没有|没)(?:什么|啥)?(?:要求|诉求)?|还?没想好"
    r"|还?没有想好|没想清楚|没考虑好|还?不知道|不清楚|说不好|说不上来|想不好|不确定|没想法|没主意"
    r"|没有?(?:什么|啥|具体的?|特别的?)?(?:要求|想法|诉求))"
    r"|(?:你们|您)(?:看着办|看着处理|看怎么处理|来定|定|决定|说了算|提个方案|给个方案)"
    r"|看着办|听你们的|看你们的?|随便|都行|都可以|无所谓)"
    r"(?:要什么|要啥|怎么处理|怎么办|[呢吧啊哦了诶的])*"
)
_UNDECIDED_EN = re.compile(
    r"(?:not\s+(?:right\s+)?now|not\s+yet|not\s+at\s+the\s+moment|nothing\s+(?:yet|for\s+now)"
    r"|(?:i\s*(?:'?m|am)\s+)?(?:not\s+sure|unsure)(?:\s+yet)?|(?:i\s+)?(?:don'?t|do\s+not)\s+know"
    r"(?:\s+yet)?|no\s+idea(?:\s+yet)?|(?:i\s+)?(?:haven'?t|have\s+not)\s+decided(?:\s+yet)?"
    r"|undecided|up\s+to\s+you|whatever\s+you\s+(?:think|suggest)|you\s+decide)"
    r"(?:\s+(?:thanks|thank\s+you|sorry))?",
    re.I,
)
_PLAIN_EN = re.compile(r"[^\w\s']+")


def undecided_wish(text: str) -> bool:
    """Whether the answer to the remedy question says the customer has no remedy in mind
    (yet): "先不用", "暂时不需要", "现在还不知道", "没想好", "你们看着办", "not right now"."""
    words = text.strip()
    if not words or len(words) > _UNDECIDED_CHARS:
        return False
    if words.isascii():
        plain = " ".join(_PLAIN_EN.sub(" ", words.replace("’", "'")).split())
        return _UNDECIDED_EN.fullmatch(plain) is not None
    return _UNDECIDED.fullmatch(normalise(words)) is not None


_UNDECIDED_CHARS = 30  # longer answers are read as wishes or story, not as "not yet"


def keep_wish(draft: Draft, text: str, rest: str, found: Extracted) -> None:
    """Keeps a wish said at another question as the remedy, in the customer's words, when
    no remedy kind was read from it (those are in the draft already, see fill) and none is
    known yet."""
    if found.remedies:  # in the draft already (fill)
        # Alternatives beside a wish read ("a refund or a voucher", "退款或者给张优惠券"):
        # each is kept, as at the remedy question (newcomer trial 17: only the first).
        draft.add_remedies([("other", wish) for wish in unread_wishes(text, found)])
        return
    if draft.remedy_list():
        return
    # A time inside a wish is part of it ("这个月物业费我不想交了"); who and how to reach not.
    aside = found.phone or found.email or found.name or found.order_no
    draft.set_remedies([("other", clip_answer(rest if aside else text))])


def read_remedy(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    """The remedy question's answer: options by number or label, several at once ("1和4"),
    remedies in words ("退款，还要道歉"), or both ("1，再赔偿医药费"); else the words as
    "other". What extraction found is already in the draft (fill)."""
    picked = picked_remedies(turn, text, found)
    if picked is None and (choice := resolve_choice(turn)) in REMEDIES:
        picked = [choice]
    if picked:
        chosen = [(key, turn.t(f"remedy.{key}")) for key in picked]
        # "4，东西价值800多": the value said with the number stays with the money wish picked
        # (newcomer trial 17: the value was dropped).
        draft.set_remedies(list(with_values((*chosen, *found.remedies), _values_said(text))))
        return None
    if found.remedies:
        _add_details(draft, text, found)
        if not draft.name and (name := name_beside_wish(text, found)):
            draft.name = name  # "退我一笔 赵磊": who they are, no second wish
        _add_detail_clauses(draft, text)
        draft.add_remedies([("other", wish) for wish in unread_wishes(text, found)])
        return None
    if sum(1 for ch in text if ch.isalnum()) < 2 or normalise(text) in NONE_WORDS:
        return "invalid.remedy"
    draft.set_remedies([("other", clip_answer(text))])
    return None


# Where one wish ends and the next begins in an answer to the remedy question.
# 并 joins two wishes ("冻结账户并追回损失", newcomer trial 9: 冻结账户 was lost), but not in
# 合并/兼并 nor as 并非/并不/并没有.
_WISH_SPLIT = re.compile(
    r"[\s,，。.;；!！、/]+|还有|或者|或是|要么|不然就|并且|以及|加上|另外|然后|而且"
    r"|(?<![合吞兼归])并(?![非不没且发排购列存])"
)
# "给张优惠券也行": the alternative is the wish, its "will do" no part of it.
_WILL_DO = re.compile(r"(?:也|都|就)(?:行|可以|成|好)[吧啊的了]*$")


_NO_WISH = re.compile(
    r"尽快|快点|马上|赶紧|立刻|抓紧|处理|解决|一下|就行|就好|可以|"
    # Thanks and please ask for nothing: "我要退款 唔該" (newcomer trial 24: 唔該 was a wish).
    r"(?:谢谢|謝謝|多谢|多謝|感谢|感謝|唔该|唔該|麻烦|麻煩|拜托|拜託)(?:晒|哂|你们|你們|您|你)?"
    r"|[吧啊呢了的哈呀嘛]"
    # English fillers ask for nothing either: "refund pls", "the" (newcomer trial 8).
    r"|\b(?:pls|plz|please|thanks|thank\s+you|thx|the|a|an|just|only|asap|now|ok|okay|"
    r"maybe|i|want|would\s+like|it|me|a\s+lot|so\s+much|very\s+much)\b",
    re.I,
)


def _details(text: str, found: Extracted) -> dict[str, list[str]]:
    """Parts of an answer that name again a remedy kind already found ("按价值赔" after
    "赔钱"): how that wish is meant, not a wish of its own (newcomer trial 16: "赔钱 按价值赔"
    was filed as two wishes)."""
    kinds = {key for key, _ in found.remedies}
    wordings = [wording for _, wording in found.remedies]
    details: dict[str, list[str]] = {}
    for part in _wish_parts(text):
        part = LEADING.sub("", part.strip(EDGES))
        if not part or any(part in w or w in part for w in wordings if w):
            continue
        hits = find_remedies(part)
        if any(part[r.start : r.end] in w for r in hits for w in wordings):
            continue  # "要退钱" beside the wording "退钱 …": said already
        keys = {r.key for r in hits}
        if len(keys) == 1 and keys <= kinds:
            details.setdefault(keys.pop(), []).append(part)
    return details


def _add_details(draft: Draft, text: str, found: Extracted) -> None:
    """Adds the details of a wish said beside it to its wording ("赔钱 按价值赔")."""
    details = _details(text, found)
    if details:
        draft.set_remedies(
            [
                (key, _with_details(wording, details.get(key, [])))
                for key, wording in draft.remedy_list()
            ]
        )


# Where a wording's pieces part: its commas and the brackets of a value kept with it.
_VALUE_BRACKETS = re.compile(r"[，,]|\s*[（(]|[）)]")


def _with_details(wording: str, details: list[str]) -> str:
    """`wording` with `details` after its words, before a value kept in brackets at its end
    ("赔钱 按价值赔（东西值两千）")."""
    value = ""
    if (
        wording.endswith(("）", ")"))
        and (open_ := max(wording.rfind("（"), wording.rfind(" ("))) > 0
    ):
        wording, value = wording[:open_], wording[open_:]
    return " ".join([wording, *details]).strip() + value


def unread_wishes(text: str, found: Extracted) -> list[str]:
    """The parts of an answer to the remedy question that name no remedy kind but ask for
    something ("冻结账户" in "钱追回来 还有冻结账户"): kept as "other" wishes in the
    customer's words, so no wish is dropped (newcomer trial 6). Story ("因为质量太差了"),
    questions and words that ask nothing ("尽快") are not wishes."""
    wordings = [
        said
        for _, wording in found.remedies
        # A value kept in brackets is a piece of its own: "赔偿（东西价值800多）".
        for line in _VALUE_BRACKETS.split(unicodedata.normalize("NFKC", wording))
        # A Chinese wording's blank-separated pieces too: "退钱 鱼香肉丝的钱 32块" is one
        # wish of three pieces (English runs on past blanks: "refund the 300 yuan").
        for said in ([line] if line.isascii() else line.split())
    ]
    detail_parts = {part for parts in _details(text, found).values() for part in parts}
    wishes = []
    for part in _wish_parts(text):
        part = LEADING.sub("", part.strip(EDGES))
        if not part or any(part in w or w in part for w in wordings if w):
            continue
        if part in detail_parts:  # "按价值赔" after "赔钱": that wish's detail
            continue
        if len(_NO_WISH.sub("", part)) < 2 or part.isdigit() or is_question(part):
            continue
        if refuses(part):  # "不要退款" takes a wish back (found.remedies_refused)
            continue
        if _SAID_BY_THEM.match(part):  # "前台说不能退": what they said, the story
            continue
        if _other_field(part, found) or name_instead_of_wish(part):
            continue  # "退我一笔 赵磊": the name, not a wish (newcomer trial 17)
        if detail_clause(part):  # "剩七个月": how much of the wish before, see wish_details
            continue
        if not without_openers(part).strip():  # "我要" before an English wish (trial 14)
            continue
        if _short_wish(part) and wish_shaped(part):
            wishes.append(part)
    return wishes


# A clause that counts or measures without a verb of wishing: "剩七个月", "一共三件", "两次的"
# (newcomer trial 17: "把剩下的钱退给我 剩七个月" was filed as two wishes).
_COUNTED = re.compile(
    r"\d|[一二两三四五六七八九十百千万几半]+(?:个月|个|件|次|天|月|年|周|星期|块|元|份|张|台|节|课|期)"
)


# What the other side said, told: "前台说不能退", "客服说不行", "他们说要等领导批" (newcomer
# trial 24: "现在想退卡 前台说不能退" kept "前台说不能退" as a wish). The story; the message
# stays in the account (handlers/story.py:tells_story).
_SAID_BY_THEM = re.compile(
    r"(?:那个|这个|你们的?|你們的?|他们的?)?(?:"
    + "|".join(
        (*STAFF, "老板", "商家", "店家", "卖家", "对方", "店里", "门店", "他们", "她们", "他", "她")
    )
    + r")(?:都|就|还|也|又|却|只|一直|竟然|居然)*(?:说|說|讲|講|告诉我|回复|回答|表示|答复)"
)


def detail_clause(part: str) -> bool:
    """Whether a part of the answer is a detail of the wish before it: it counts or measures
    something and asks for nothing (no wish word), and tells no story."""
    return (
        not part.isascii()
        and len(part) <= SHORT_WISH
        and bool(_COUNTED.search(part))
        and not WISH_WORD.search(part)
        and wish_shaped(part)
    )


def _add_detail_clauses(draft: Draft, text: str) -> None:
    """Adds each detail clause (detail_clause) to the wish said before it, in brackets like
    a stated value ("把剩下的钱退给我（剩七个月）")."""
    said = unicodedata.normalize("NFKC", text)
    wishes = draft.remedy_list()
    changed = False
    for part in _wish_parts(text):
        part = LEADING.sub("", part.strip(EDGES))
        if not part or not detail_clause(part) or any(part in w for _, w in wishes):
            continue
        at = said.find(part)
        before = [i for i, (_, w) in enumerate(wishes) if 0 <= said.find(_bare(w)) < at]
        if before:
            key, wording = wishes[before[-1]]
            wishes[before[-1]] = (key, with_value(wording, part))
            changed = True
    if changed:
        draft.set_remedies(wishes)


def _bare(wording: str) -> str:
    """A wording without a value kept in brackets at its end."""
    return _VALUE_BRACKETS.split(unicodedata.normalize("NFKC", wording))[0]


def _other_field(part: str, found: Extracted) -> bool:
    """Whether a part of the answer is a fact read for another question: the name, the
    phone, the e-mail, the order number or the time, said after the wish."""
    facts = (found.name, found.phone, found.email, found.order_no, found.occurred_text)
    return any(fact and (part == fact or part in fact) for fact in facts)


def name_beside_wish(text: str, found: Extracted) -> str | None:
    """A person's name said alone beside a wish ("退我一笔 赵磊"), or the one read from it."""
    if found.name:
        return found.name
    parts = [LEADING.sub("", part.strip(EDGES)) for part in _wish_parts(text)]
    names = [part for part in parts if part and name_instead_of_wish(part)]
    return names[0] if len(names) == 1 else None


_SHORT_WISH_EN = 5  # words: "explain the charge", "cancel my subscription"


def _short_wish(part: str) -> bool:
    """Whether a part is short enough to be a wish, not the story (English counted in words)."""
    if part.isascii():
        return len(part.split()) <= _SHORT_WISH_EN
    return len(part) <= SHORT_WISH


# English wishes run on past spaces ("explain the charge"): split at punctuation and joining
# words only (newcomer trial 8: "the" and "pls" were kept as wishes of their own).
_WISH_SPLIT_EN = re.compile(
    r"[,;!?+&/…]|\.(?!\d)|\s(?:and|or|plus|also|then|but|as\s+well\s+as|either)\s|^either\s",
    re.I,
)


def _wish_parts(text: str) -> list[str]:
    """The parts of an answer that may each be a wish, from its last change of mind on
    ("… actually just refund": what came before is no wish any more)."""
    said = unicodedata.normalize("NFKC", text)
    # A contact and the words leading to it are no wish ("refund, my cell is +86 …", "退款
    # 邮箱wang@qq.com": newcomer trial 20 filed "my cell is" and "邮箱wang@qq" as wishes).
    said = without_contacts(said[only_from(said) :])
    parts = []
    for chunk in _WISH_SPLIT_EN.split(said):
        parts += [chunk] if chunk.isascii() else _WISH_SPLIT.split(chunk)
    return [_WILL_DO.sub("", part) for part in parts]


def _values_said(text: str) -> list[str]:
    """The values or sums said beside option numbers ("4，东西价值800多": 东西价值800多)."""
    tokens = _NUMBER_JOINERS.split(unicodedata.normalize("NFKC", text))
    return [tok for tok in tokens if tok and not tok.isdigit() and value_or_sum(tok)]


# Between option numbers: "1和4", "1、4", "1 4", "选1和4都要", "1,还有4".
_NUMBER_JOINERS = re.compile(r"(?:[\s,，、;；/+&和跟与及以还有再加都要选择]|and)+", re.I)


def picked_remedies(turn: Turn, text: str, found: Extracted) -> list[str] | None:
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
    words = [tok for tok in tokens if not tok.isdigit() and not value_or_sum(tok)]
    if words and (not found.remedies or any(tok[0].isdigit() for tok in words)):
        return None  # numbers inside a sentence ("1,000元赔偿"), not picks
    return [offered[int(n) - 1] for n in numbers]
