"""The company complained about: a carrier, bank, insurer, courier, utility, airline, school,
gym or game maker named (nlp/data/extract_companies.txt, extract_companies_en.txt).

"我要投诉移动", "招商银行的借记卡扣了年费", "中通的", "State Grid app" name what the complaint
is against; it is the object (the draft's store), not the place (a company is not where it
happened), except as its channel: a bank's or carrier's product, or a courier named
(`remote_company`, `courier`; nlp/extract.py:_channel_place).
Names that are common words too (移动 "to move", 平安 "safe") are taken only in a
complaint's shape: after 投诉, before 的 / 客服 / 公司 / 营业厅, or as a clause of their own.
"""

from __future__ import annotations

import re

from nlp.extract_text import Lexicon, read_words

_LINES = [w for line in read_words("extract_companies.txt") for w in line.split()]
# Chains of stores are companies complained about too ("海底捞的服务员…"), and the place is
# one of their stores (newcomer trial 20: the chain was lost, the place question a dead end).
_CHAIN_LINES = [w for line in read_words("extract_chains.txt") for w in line.split()]
# Chains in Latin letters (extract_stores_en.txt: "H&M", "IKEA") are read whole by
# nlp/extract_english.py:find_brand_en; named alone, the place question asks which store too.
_CHAINS = frozenset(w.lstrip("~").lower() for w in _CHAIN_LINES) | frozenset(
    w.lower() for w in read_words("extract_stores_en.txt")
)
_NAMES = Lexicon([w for w in (*_LINES, *_CHAIN_LINES) if not w.startswith("~")])
_COMMON = Lexicon([w[1:] for w in (*_LINES, *_CHAIN_LINES) if w.startswith("~")])
_NAMES_EN = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(
        re.escape(name).replace(r"\ ", r"\s+")
        for name in sorted(read_words("extract_companies_en.txt"), key=len, reverse=True)
    )
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# A kind word written right after a name belongs to it: 平安保险, 中通快递, 移动公司.
_KIND_AFTER = re.compile(r"(?:保险|快递|速递|物流|银行|集团|公司|航空|教育|健身)")
# A common word is a company's name in these shapes: the thing complained about (投诉移动),
# or owning what follows (移动的客服, 联通营业厅, 平安保险), or a clause of its own.
_COMPLAINT_BEFORE = re.compile(r"(?:投诉|举报|找|是|被)(?:一下|下)?$")
_OWNED_AFTER = re.compile(
    r"(?:的|客服|公司|营业厅|保险|快递|速递|物流|集团|app|APP|热线|人员|工作人员|扣|乱扣|"
    # a carrier's own service ("联通宽带", "移动套餐"; newcomer trial 20)
    r"宽带|套餐|话费|流量|手机卡|号卡)"
)
_CLAUSE_EDGE = re.compile(r"[\s,，。.!！?？;；:：\x00]")


def _edge(work: str, at: int) -> bool:
    return at <= 0 or at >= len(work) or bool(_CLAUSE_EDGE.match(work[at]))


# An estate before its property management: "阳光花园小区的物业", "我们小区那个物业", "小区物业".
_ESTATE_BEFORE = re.compile(r"(?:小区|花园|家园|公寓|大厦|社区|新村|[园苑])(?:的|那个|这个|里的)?$")
# Words after a common name that make it a product of extract_products.txt (物业公司, 物业费).
_PRODUCT_AFTER = re.compile(r"公司|管理公司|费")
# A particle of run-on speech after a name closes it as a clause does ("物业啊电梯坏了").
_PARTICLE_AFTER = re.compile(r"[啊呀吧嘛呢哦啦]")


def _common_in_shape(work: str, start: int, end: int) -> bool:
    if _PRODUCT_AFTER.match(work, end):
        return False  # "物业公司", "物业费": read as the product they name (extract_products.txt)
    if _COMPLAINT_BEFORE.search(work, max(0, start - 4), start):
        return True
    if _ESTATE_BEFORE.search(work, max(0, start - 6), start) or _PARTICLE_AFTER.match(work, end):
        return True
    if _OWNED_AFTER.match(work, end):
        return True
    return _edge(work, start - 1) and _edge(work, end)


def find_company(text: str, work: str) -> tuple[str, tuple[int, int]] | None:
    """(the first company named, as written in `text`, with a kind word after it kept:
    平安保险; its span) in `work`, the normalised copy of `text` with the same offsets;
    None when no company is named."""
    hits = [(span, True) for span in _NAMES.find(work)]
    hits += [(span, False) for span in _COMMON.find(work) if _common_in_shape(work, *span)]
    hits += [(m.span(), True) for m in _NAMES_EN.finditer(work)]
    if not hits:
        return None
    (start, end), _ = min(hits, key=lambda hit: (hit[0][0], -hit[0][1]))
    if kind := _KIND_AFTER.match(work, end):
        end = kind.end()
    return text[start:end], (start, end)


# Companies whose service has no one place of its own: a bank's card, a carrier's line, an
# insurer's policy, a parcel, a flight, the power. Complained about with what they sold
# ("招商银行 信用卡", "中国电信 宽带"), the company is where it happened (its channel), and a
# courier named is enough for the place (newcomer trial 21: the place was asked again).
_REMOTE = re.compile(
    r"银行|^[工建农交招]行$|浦发|邮储|移动|联通|电信|广电|保险|人寿|财险|平安|人保|泰康|"
    r"电网|^国网$|航空|^[国东南海]航$|邮政|"
    r"(?P<courier>顺丰|中通|圆通|申通|韵达|极兔|百世|德邦|物流|快递|速递|速运)"
    r"|bank|mobile|unicom|telecom|insurance|airlines?|express|post"
    # English names of extract_companies_en.txt that say no kind (newcomer trial 22: ICBC)
    r"|\b(?:icbc|ccb|ping\s+an|china\s+life|state\s+grid|power\s+grid|air\s+china"
    r"|china\s+(?:eastern|southern))\b",
    re.I,
)


def remote_company(name: str) -> bool:
    """Whether the company `name` serves from no one place (a bank, carrier, insurer,
    courier, utility, airline): what it sold or its channel is where it happened."""
    return bool(_REMOTE.search(name))


# A line into the home (宽带, 固话): the carrier serves it at the customer's address, which the
# place question asks for (trial 17's 移动宽带, trial 14's china unicom internet).
HOME_LINE = re.compile(r"宽带|网络|固话|光纤|internet|broadband|wifi|landline", re.I)


def served_remotely(store: str | None, said: str = "") -> bool:
    """Whether `store`, the draft's object, is a company named by its name that serves from
    no one place (a bank, carrier, insurer, courier, airline: `remote_company`), and `said`
    (its product, the account) names no line into the home (HOME_LINE: its address is where).
    Such a complaint has the company's remote channel as its place when the customer names
    no branch (handlers/intake.py:_remote_channel_place; newcomer trial 22)."""
    if not store or not remote_company(store) or HOME_LINE.search(said):
        return False
    return find_company(store, store.lower()) is not None


def courier(name: str) -> bool:
    """Whether the company `name` is a courier ("顺丰", "中通快递"): named, it is the place."""
    m = _REMOTE.search(name)
    return bool(m and m["courier"])


def is_chain(name: str) -> bool:
    """Whether `name` is a chain of stores of extract_chains.txt alone ("海底捞", "星巴克"):
    what it names happened in one of its stores, which the place question asks for."""
    return name.strip().lower() in _CHAINS


# Organisations and services named by their kind, not their name: the property management
# (物业), a canteen (学校食堂), a school, a hospital, a bank, a driving school, a gym
# (newcomer trial 20: "我要投诉你们的物业", "孩子学校食堂的饭菜有虫子" named no object, and the
# object question asked what was said). Like a company, the one named is the object (the
# draft's store), never the place. A facility with its owner is read whole (学校食堂).
_ORGANISATION = (
    r"(?:学校|公司|单位|医院|小区|工厂|大学|中学|小学|幼儿园)?食堂|物业公司|物业|物管|学校|幼儿园|"
    r"医院|卫生院|银行|驾校|健身房|健身中心|培训机构|培训班|游泳馆|营业厅|快递站|4S店"
)
# Only in a complaint's shape, since these are also landmarks one goes to ("在医院门口",
# "学校旁边的小卖部"): after 投诉/举报 ("投诉一下那家健身房"), owned by the business addressed
# ("你们医院", "贵行"), or opening a clause as what did it ("驾校收了钱", "小区物业不作为",
# "学校食堂的饭菜"), whose owner may be said first (小区, 孩子, 我们).
_ORGANISATION_RE = re.compile(
    r"(?:投诉|举报)(?:一下|下)?(?:你们|贵|这个|这家|那个|那家|该|这所|那所)?的?(?P<target>"
    + _ORGANISATION
    + r")|(?:你们|您们|贵)的?(?P<owned>"
    + _ORGANISATION
    + r")|(?:^|(?<=[\s\x00,，。.!！?？;；:：]))"
    + r"(?:小区|孩子|我们?|我家|家里|单位|公司)??的?(?P<doer>"
    + _ORGANISATION
    + r")(?!门口|里|旁边|附近|对面|外面|上|前|后|周边|边上|楼下|隔壁|那边|这边)"
)
# The start of a longer word, not the organisation: 物业费, 银行卡, 医院账单, 学校群.
_PART_OF_WORD = re.compile(r"[费卡账款码证号群单]")


def find_organisation(text: str, work: str) -> tuple[str, tuple[int, int]] | None:
    """(the organisation or service complained about, named by its kind: 物业, 学校食堂,
    驾校 (see _ORGANISATION_RE), as written in `text`; its span in `work`); None when none."""
    for m in _ORGANISATION_RE.finditer(work):
        group = m.lastgroup or "doer"
        if not _PART_OF_WORD.match(work, m.end(group)):
            return text[m.start(group) : m.end(group)], m.span(group)
    return None
