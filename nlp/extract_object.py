"""The object complained about: the product or service, and the staff member named.

Products come from a word list (nlp/data/extract_products.txt); the one right after a
purchase word (买的, 订的, 办的) is preferred, since a complaint also names things that are
not its object (孩子, 医院). When the list knows none, the tokenizer tags the few words after
the purchase word and the first noun is taken.

A product is read whole: a brand right before it is part of it (耐克跑鞋, 小米手机; brands in
nlp/data/extract_brands.txt or tagged proper nouns by jieba), and the thing bought is the
object even when its delivery is what failed (买的洗衣液快递没到 -> 洗衣液). Facilities of
a place (停车场, 卫生间) are in the list too: the object, with the store as the place.
"""

from __future__ import annotations

import re

from nlp import tokenizer
from nlp.extract_person import is_surname
from nlp.extract_place import Places
from nlp.extract_text import Lexicon, read_words

_ROLES = Lexicon.from_file("extract_roles.txt")
_ROLE_WORDS = frozenset(w for line in read_words("extract_roles.txt") for w in line.split())
# Products and staff words in one list, so 外卖员 is read whole and never as the product 外卖.
_OBJECTS = Lexicon(
    [w for name in ("extract_products.txt", "extract_roles.txt") for line in read_words(name)
     for w in line.split()]
)  # fmt: skip
PURCHASE_RE = re.compile(
    r"买的|买了|购买的|购买了|订的|订了|定的|点的|点了|叫的|办的|办了|办理的|办理了|租的|"
    r"装的|寄的|收到的|下单的|下单了|入住的|住的|充的|投保的|报名的|报名了|报了|报的|买"
)
_WINDOW = 10
# A brand before a product word belongs to it (小米手机, 美的空调, 耐克跑鞋): brands jieba
# tags as proper nouns, and those it reads as common words (extract_brands.txt).
_BRANDS = frozenset(
    w.lower().lstrip("~")
    for name in ("extract_brands.txt", "extract_chains.txt")  # a chain's name is a brand too
    for line in read_words(name)
    for w in line.split()
)
_BRAND_TAGS = {"nz", "nrt", "eng"}
_LOOK_BACK = 6  # characters tagged before a product word, where a brand would be
# Words for how a thing reached the customer: after the thing bought (买的洗衣液快递…), the
# thing is the object and its delivery how it went wrong.
_CARRIERS = frozenset({"快递", "物流", "包裹", "件", "货物"})
_NOUN_TAGS = {"n", "nz", "eng", "nr", "ng", "vn", "z"}
_SKIP_TAGS = {"m", "q", "mq", "uj", "ul", "a", "r", "x", "d"}
# 客服电话 is a phone line, not a person (店长电话 is still the manager's).
_NOT_STAFF_AFTER = ("电话", "热线")


def _products(work: str, skip: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Product spans in `work`, leaving out staff words and the places already found; each
    widened over its brand (`_whole`), and a word inside another's name dropped (苹果 inside
    苹果手机)."""
    hits = [
        (start, end)
        for start, end in _OBJECTS.find(work)
        if work[start:end] not in _ROLE_WORDS and not any(s <= start < e for s, e in skip)
    ]
    if any(end - start == 1 for start, end in hits):
        nouns = _single_nouns(work)
        hits = [(start, end) for start, end in hits if end - start > 1 or start in nouns]
    found = [_with_model(work, _whole(work, span, skip)) for span in hits]
    kept = [
        span
        for span in found
        if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in found)
    ]
    return sorted(set(kept))


# A model code run on after a Latin product word: "iphone15", "iPhone 15 Pro", "ipad air5"
# (newcomer trial 20: "iphone15" was filed as "iphone", its model lost).
_MODEL_AFTER = re.compile(
    # after a blank, digits before a Han unit count something: "iphone 3天就坏了"
    r"(?:\d{1,4}[a-z]{0,2}|\s\d{1,4}[a-z]{0,2}(?![\u4e00-\u9fff])"
    r"|\s?(?:air|pro|mini|max|plus|ultra|se)\s?\d{0,2})"
    r"(?:\s?(?:pro|max|plus|mini|ultra|air|se|e))*(?![a-z\d])",
    re.I,
)


def _with_model(work: str, span: tuple[int, int]) -> tuple[int, int]:
    """`span` widened over a model code right after it when the product word ends in a
    Latin letter (see _MODEL_AFTER)."""
    start, end = span
    if not work[start:end][-1:].isascii() or not work[end - 1 : end].isalpha():
        return span
    model = _MODEL_AFTER.match(work, end)
    return (start, model.end()) if model and model.end() > end else span


def _single_nouns(work: str) -> set[int]:
    """Where `work` has a one-character noun as a word of its own: a one-character product
    (药, 鞋, 件) counts only there, not inside a longer word (医药费, 第一件; newcomer trial
    15: "医药费报销" gave the object 药, "先说第一件吧" the object 件)."""
    at, starts = 0, set()
    for word, flag in tokenizer.tagged(work, hmm=False):
        at = work.find(word, at)
        if len(word) == 1 and flag.startswith("n"):
            starts.add(at)
        at += len(word)
    return starts


def _whole(work: str, span: tuple[int, int], skip: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """A product word widened over a brand right before it (耐克跑鞋, 小米手机, 美的空调):
    a word of extract_brands.txt, or one jieba tags a proper noun (two characters at least:
    jieba tags single verbs such as 换 nz too). The span as it was when there is none or the
    tokenizer is not loaded. jieba's word around a product word is not taken: it is often a
    verb phrase (吃火锅, 买手机 are single words to it)."""
    start, end = span
    if not tokenizer.is_loaded():
        return span
    floor = max([0, *(e for s, e in skip if e <= start)])
    low = start
    while low > max(floor, start - _LOOK_BACK) and _is_name_char(work[low - 1]):
        low -= 1
    if low == start:
        return span
    words = tokenizer.tagged(work[low:start], hmm=False)
    if not words:
        return span
    word, flag = words[-1]
    if word.lower() in _BRANDS or (flag in _BRAND_TAGS and len(word) > 1):
        return start - len(word), end
    return span


def _with_name_before(work: str, bought: int, hit: tuple[int, int]) -> tuple[int, int]:
    """The product word after a purchase word widened over the nouns written between them:
    "点的黄焖鸡米饭" is one dish, not 米饭 (newcomer trial 10: dish names were cut by the
    word list). The hit as it was when a word that is no noun stands between."""
    if hit[0] <= bought:
        return hit
    run = _noun_run(work, bought, hit[1])
    return (run[0], hit[1]) if run and run[1] == hit[1] and run[0] < hit[0] else hit


def _is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalnum())


def _noun_run(work: str, start: int, stop: int) -> tuple[int, int] | None:
    """The nouns jieba finds right after `start` (past counts and particles), up to `stop`:
    a product the list does not know (洗衣液 is 洗衣 + 液). None when a non-noun comes first."""
    if not tokenizer.is_loaded() or stop <= start:
        return None
    pos, first, last = start, None, start
    for word, flag in tokenizer.tagged(work[start:stop], hmm=False):
        if flag in _NOUN_TAGS | {"ng"}:
            first = pos if first is None else first
            last = pos + len(word)
        elif first is not None or flag not in _SKIP_TAGS:
            break
        pos += len(word)
    return (first, last) if first is not None and last - first > 1 else None


def _tagged_noun(text: str, work: str, start: int) -> str | None:
    """First noun jieba finds in the few words after a purchase word."""
    if not tokenizer.is_loaded():
        return None
    window = work[start : start + _WINDOW].split("\x00")[0]
    pos = start
    words = tokenizer.tagged(window, hmm=False)
    for i, (word, flag) in enumerate(words):
        if flag in _NOUN_TAGS and len(word) > 1:
            return text[pos : pos + _name_run(words, i)]
        if flag not in _SKIP_TAGS:
            return None
        pos += len(word)
    return None


# Tags a dish's or product's name may be cut into after its first noun: 麻辣/z 香/ns 锅/n
# is one dish (newcomer trial 10: "麻辣香锅" was read as 麻辣).
_NAME_PART_TAGS = _NOUN_TAGS | {"ns", "ng", "nt", "j"}


def _name_run(words: list[tuple[str, str]], first: int) -> int:
    """The length of the name that starts with the noun `words[first]`: the Han nouns
    written right after it belong to it (麻辣 + 香 + 锅 = 麻辣香锅, 黄焖 + 鸡)."""
    length = 0
    for word, flag in words[first:]:
        if length and not (flag in _NAME_PART_TAGS and _HAN_WORD.fullmatch(word)):
            break
        length += len(word)
    return length


_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


def find_product(text: str, work: str, places: Places) -> str | None:
    """The first product `find_products` finds, as written in `text`; None if none."""
    products = find_products(text, work, places)
    return products[0] if products else None


def find_products(text: str, work: str, places: Places) -> tuple[str, ...]:
    """The product complained about first, then any named together with it ("手机和耳机",
    "一台冰箱和一台空调"); other product words in the story are not taken (issue 9 item 5)."""
    hits = _products(work, places.spans)
    purchases = list(PURCHASE_RE.finditer(work))
    for m in purchases:
        after = [h for h in hits if m.end() <= h[0] < m.end() + _WINDOW]
        # "买的洗衣液快递…": what was bought, not its delivery, when jieba finds it.
        carried = bool(after) and work[slice(*after[0])] in _CARRIERS
        if carried and (bought := _noun_run(work, m.end(), after[0][0])):
            return (text[slice(*bought)],)
        if after:
            return _with_joined(text, work, hits, _with_name_before(work, m.end(), after[0]))
    if hits:
        return _with_joined(text, work, hits, hits[0])
    for m in purchases:
        if noun := _tagged_noun(text, work, m.end()):
            return (noun,)
    return ()


# What may stand between two products named together: a joining word, and a count before
# the next one ("和一台", "、两盒").
_JOINED = re.compile(
    r"(?:和|跟|与|及|以及|还有|、|,|，|/)"
    r"(?:[一二两三四五六七八九十几\d]+[个台件部双份箱盒瓶只条张套袋包斤支把块])?$"
)


def _with_joined(
    text: str, work: str, hits: list[tuple[int, int]], first: tuple[int, int]
) -> tuple[str, ...]:
    chosen = [first]
    for hit in hits:
        if hit[0] < chosen[-1][1]:
            continue
        if not _JOINED.fullmatch(work[chosen[-1][1] : hit[0]]):
            break
        chosen.append(hit)
    names: list[str] = []
    for span in chosen:
        if (name := text[slice(*span)]) not in names:
            names.append(name)
    return tuple(names)


def find_staff_role(text: str, work: str) -> str | None:
    """The staff member named, or several named together ("店员和店长" -> "店员、店长"), each
    with the person said beside the role ("中介小李", "客户经理王经理", "李经理")."""
    roles = [
        _with_person(work, start, end)
        for start, end in _ROLES.find(work)
        if not (work[start:end].endswith("客服") and work.startswith(_NOT_STAFF_AFTER, end))
        and not work.startswith(_NO_ROLE_AFTER, end)
    ]
    return "、".join(_with_joined(text, work, roles, roles[0])) if roles else None


# A role word before these is a fee or a firm, no person: "中介费", "中介公司".
_NO_ROLE_AFTER = ("费", "公司", "机构", "课")  # 私教课: a course bought
# The person said right after a role: "中介小李", "快递员老王", "销售王姐", "客户经理王经理"
# (newcomer trial 20: "中介小李" was taken as a product, "王经理" lost after 客户经理).
_PERSON_AFTER = re.compile(
    r"(?:小|老)(?P<familiar>[\u4e00-\u9fff])"
    r"|(?P<surname>[\u4e00-\u9fff])(?:经理|总|姐|哥|师傅|老师|医生|女士|先生|主管|店长)"
)
# Titles said after a surname ("李经理", "张师傅"), and characters that are surnames but stand
# before a title as words of their own ("向经理反映", "和店长说", "那位医生").
_TITLES = frozenset(
    {"经理", "师傅", "医生", "护士", "老师", "店长", "主管", "司机", "领班", "厨师", "教练"}
)
_NOT_SURNAME_HERE = frozenset("向和于连由都那位时也")


def _with_person(work: str, start: int, end: int) -> tuple[int, int]:
    """A role's span widened over the person named with it: a familiar form or a surname with
    a title right after it ("中介小李", "客户经理王经理"), or a surname right before a title
    ("李经理")."""
    after = _PERSON_AFTER.match(work, end)
    who = (after["familiar"] or after["surname"]) if after else ""
    if after and who not in _NOT_SURNAME_HERE and is_surname(who):
        return start, after.end()
    before = work[start - 1] if start > 0 else ""
    if work[start:end] in _TITLES and before not in _NOT_SURNAME_HERE and is_surname(before):
        return start - 1, end
    return start, end


def staff_with_surname(text: str, staff: str | None) -> str | None:
    """The one staff member named with the surname said with 姓: "医生姓周", "姓周的医生" ->
    "周医生" (newcomer trial 11: the doctor's surname was lost). Only with 姓: a character
    before a role word is often no surname ("找医生")."""
    if not staff or "、" in staff:
        return staff
    role = re.escape(staff)
    said = re.search(
        rf"{role}(?:是|他|她)?姓(?P<after>[\u4e00-\u9fff]{{1,2}})"
        rf"|姓(?P<before>[\u4e00-\u9fff]{{1,2}}?)的{role}",
        text,
    )
    if said is None:
        return staff
    surname = said["after"] or said["before"]
    for candidate in (surname, surname[:1]):
        if is_surname(candidate):
            return f"{candidate}{staff}"
    return staff


# A model said on its own: a brand of extract_brands.txt with its model code ("华为mate60",
# "小米14", "OPPO Reno11"), or a model code of letters and digits ("mate60", "P40 Pro").
_MODEL_CODE = r"[A-Za-z]*\d{1,4}[A-Za-z]{0,4}(?:\s?(?:pro|max|plus|ultra|mini|se|lite|[a-z]))?"
_MODEL_RE = re.compile(
    rf"^\s*(?:是|就是|型号是?|手机是|买的是)?\s*(?P<model>(?P<brand>[\u4e00-\u9fffA-Za-z]{{2,5}}?)?"
    rf"\s?[A-Za-z]*\s?{_MODEL_CODE})\s*(?:的|吧|啊)?\s*[。.!！]?\s*$",
    re.IGNORECASE,
)


def model_named(text: str) -> str | None:
    """The model when `text` names a product's model and nothing else ("华为mate60", "小米14",
    "mate60 pro"): the product said before made precise (newcomer trial 16: "华为mate60"
    after "买的手机", at the story question, was taken as the whole story). A leading
    Chinese word must be a brand of extract_brands.txt; a model needs a digit."""
    m = _MODEL_RE.match(text)
    if m is None:
        return None
    brand = m["brand"] or ""
    if brand and not brand.isascii() and brand.lower() not in _BRANDS:
        return None
    if not brand and not any(ch.isascii() and ch.isalpha() for ch in m["model"]):
        return None  # "14" alone is a number, not a model
    return m["model"].strip()


# A service or channel of the business that is itself what failed, or that the customer
# says they complain about: "客服电话一直打不通", "小程序老是闪退", "投诉你们的热线", "your
# hotline never picks up", "complain about your customer service" (newcomer trial 17: the
# bot asked which product, store or person). Read only when no product, store or person is
# named: "在app上买的扫地机器人" is about the robot.
_SERVICE_ZH = (
    r"客服电话|客服热线|服务热线|热线电话|热线|人工客服|在线客服|客服|400电话|"
    r"app|APP|App|网站|官网|小程序|公众号|网页"
)
_FAILS_ZH = (
    r"打不通|没人接|无人接听|占线|不接|打不进|转不了人工|转不到人工|闪退|打不开|登不上|登录不了|"
    r"进不去|崩溃|卡死|卡顿|用不了|没反应|不回复|不回|不理人|没人回|没人理|报错|白屏|下不了单|付不了款"
)
_SERVICE_FAULT_ZH = re.compile(
    rf"(?P<svc>{_SERVICE_ZH})(?=[^，,。.!！?？\s\x00]{{0,6}}?(?:{_FAILS_ZH}))"
    rf"|投诉(?:一下)?(?:你们的?|贵公司的?|他们的?)?(?P<target>{_SERVICE_ZH})"
)
_SERVICE_EN = (
    r"customer\s+service|customer\s+support|customer\s+care|support\s+team|service\s+team|"
    r"hotline|helpline|call\s+cent(?:er|re)|app|website|site|mini[\s-]?program"
)
_SERVICE_FAULT_EN = re.compile(
    rf"\bcomplain\s+about\s+(?:your|the|ur|ya)\s+(?P<target>{_SERVICE_EN})\b"
    rf"|\b(?:your|the|ur|ya)\s+(?P<svc>{_SERVICE_EN})\b(?=[^.!?,;\x00]{{0,40}}?"
    r"\b(?:never|not|no\s+one|nobody|doesn'?t|don'?t|won'?t|can'?t|cannot|didn'?t|isn'?t|"
    r"keeps?\s+(?:crashing|freezing|hanging|failing|dropping)|crash(?:es|ed)?|freez(?:es|ing)|"
    r"is\s+down|hung\s+up|hangs?\s+up|broken|useless|unreachable)\b)",
    re.IGNORECASE,
)


def find_service(text: str, work: str) -> str | None:
    """The service or channel complained about (see _SERVICE_FAULT_ZH), as written ("客服电话",
    "hotline", "customer service"); None when none is."""
    for pattern in (_SERVICE_FAULT_ZH, _SERVICE_FAULT_EN):
        if m := pattern.search(work):
            group = "svc" if m["svc"] else "target"
            return " ".join(text[m.start(group) : m.end(group)].split())
    return None
