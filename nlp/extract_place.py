"""Where it happened: a store or service point, an address, a city or district, a platform.

Names end in a telling suffix (朝阳门店, 浦东营业厅, 幸福小区, 朝阳区), so we find the suffix
with a regex and walk left over the name. The walk stops at words that cannot be part of a
name (在, 你们, 的, 去) and, when the tokenizer is loaded, at any word jieba does not tag as
a noun (今天万达店 -> 万达店). Only a few characters are tagged, so this stays cheap.
A demonstrative and measure word before the suffix (那家店, 这个门店) is skipped over: the
name is what stands before it (人民广场那家店 -> 人民广场店), and there is none in 那家店.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp import tokenizer
from nlp.extract_text import Lexicon, first_chars, read_words

_STORE_SUFFIX = (
    r"门店|分店|专卖店|旗舰店|体验店|直营店|加盟店|便利店|专柜|营业厅|分行|支行|营业部|网点|"
    r"服务中心|服务站|维修点|售后点|驿站|快递站|快递点|自提点|超市|商场|购物中心|酒店|宾馆|"
    r"饭店|餐厅|4S店|诊所|汽修厂|汽修|修车行|健身房|美容院|店(?![员长主铺家])"
)
# Shanghai's lanes (锦绣路1000弄), Beijing's hutongs and southern alleys (…胡同5号, …巷3号)
# number a home as roads do (newcomer trial 9: "锦绣路1000弄" lost its lane).
# A landmark one goes to, not a business complained about: where only, never the object
# (newcomer trial 18: "万象城地下停车场" was no place, and the customer looped).
_LANDMARK_SUFFIX = (
    r"停车场|停车库|地下车库|广场|医院|卫生院|幼儿园|学校|电影院|影城|影院|体育馆|游泳馆|"
    r"火车站|高铁站|地铁站|汽车站|机场|加油站|新城"
)
_ADDRESS_SUFFIX = (
    rf"{_LANDMARK_SUFFIX}|小区|花园|公寓|大厦|社区|家园|"
    r"[路街道巷]\d+弄(?:\d+号)?|[路街道巷]\d+号|胡同\d+号|\d+号楼|\d+栋"
)
_AREA_SUFFIX = r"新区|[省市区县镇]"
SUFFIX_RE = re.compile(
    first_chars(f"{_STORE_SUFFIX}|{_ADDRESS_SUFFIX}|{_AREA_SUFFIX}")
    + f"(?P<store>{_STORE_SUFFIX})|(?P<address>{_ADDRESS_SUFFIX})|(?P<area>{_AREA_SUFFIX})"
)
# Store suffixes that name a service point even without a name before them.
_STANDALONE = {"营业厅", "4S店", "超市", "商场", "酒店", "宾馆", "驿站", "快递站", "专柜", "专卖店",
               "旗舰店", "便利店", "体验店", "营业部", "服务中心", "购物中心"}  # fmt: skip
_HARD_STOPS = set("在们的去到从于是了把给和跟对这那该贵住你我他她它个位次买吃喝用说找\x00")
# Words that cannot start a name: times, verbs, pronouns, adverbs, particles, numbers.
_NOT_NAME_TAGS = {"t", "tg", "v", "vg", "vd", "p", "r", "d", "c", "u", "uj", "ul", "uz", "ud",
                  "ug", "uv", "m", "mq", "f", "y", "e", "o", "ad", "zg"}  # fmt: skip
# A two-character name is kept whole (移动营业厅, 如家酒店) unless it is a count (一家店).
_COUNT_START = set("一两二三几每某各本此")
_MAX_NAME = 12
# Verbs that stand before a store pointed at, never part of its name: "投诉那家店" is no
# store "投诉店" (newcomer trial 20). Longer names are trimmed by their tags.
_VERBS_BEFORE = frozenset({"投诉", "举报"})
# A demonstrative and a measure word before a store suffix (那家店, 这个门店, 那一家超市) point
# at a store; they are no part of its name (the issue: "家店"). The name, if any, stands
# before them (人民广场那家店 -> 人民广场店). 这种店 / 那样的店 point at a kind of shop, said
# when venting ("真没意思 这种店"): no store "种店" (newcomer trial 22).
_POINTER = re.compile(r"[那这哪该](?:一)?[家个间座所种样]$")

# The store said as "the store is X's one": "店是广州天河那家", "门店就是万达那个" (newcomer
# trial 11: only the city was read). Its name is X and the store word said before it.
_STORE_IS = re.compile(
    r"(?P<word>门店|分店|店)(?:就是|是|在)(?P<name>[\u4e00-\u9fff]{2,10}?)[那这]一?[家个间](?![\u4e00-\u9fff])"
)

# A possessive before a residential address (我家小区, 我们小区, 他家楼): the customer's own
# compound, with no name of its own. The walk stops at the pronoun, so without this the "name"
# was the lone 家 ("家小区", newcomer trial); the possessive is kept as the place's name.
_POSSESSIVE = re.compile(r"(?:[我你他她咱](?:们)?家?)$")

_PLATFORM_LINES = [line.split() for line in read_words("extract_platforms.txt")]
_PLATFORMS = Lexicon([parts[0] for parts in _PLATFORM_LINES])
_GENERIC = {parts[0].lower() for parts in _PLATFORM_LINES if parts[1:] == ["generic"]}
_CITIES = Lexicon([w for line in read_words("extract_cities.txt") for w in line.split()])


# The parts of an address that follow a place already found, written without a break
# (朝阳区望京西园三区, 阳光花园5号楼2单元, 海淀区中关村南大街5号院3号楼): each a short name and a
# component suffix, or a number with its unit. Without them the place stopped at its first
# suffix (newcomer trial: "朝阳区", "阳光花园5号楼"), and the agent lost the building.
_NAME_HAN = "(?:(?![" + re.escape("".join(sorted(_HARD_STOPS))) + r"])[\u4e00-\u9fff])"
_COMPONENT = re.compile(
    rf"{_NAME_HAN}{{0,6}}?(?:小区|花园|公寓|大厦|社区|家园|广场|新村|大街|胡同)"
    # A road has a name of two characters at least (建国路); "走路" is walking.
    rf"|{_NAME_HAN}{{2,6}}?[路街巷道]"
    rf"|{_NAME_HAN}{{1,6}}?[园苑村区镇乡里]"
    r"|\d+(?:号院|号楼|[栋幢座弄]|单元|层|楼|室|号)|[A-Za-z]座"
)


@dataclass(frozen=True)
class Places:
    place: str | None = None
    platform: str | None = None
    store: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # where they were, for the product search to skip
    place_channel: str | None = None  # a generic channel ("app", "官网") read as the place


def _is_name_char(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalnum())) and ch not in _HARD_STOPS


def _name_start(work: str, end: int) -> int:
    """Start of the name that ends at `end` (== end when there is none)."""
    start = end
    while (
        start > 0
        and end - start < _MAX_NAME
        and (_is_name_char(work[start - 1]) or _opens_name_word(work, start - 1, end))
    ):
        start -= 1
    if end - start == 2 and (work[start] in _COUNT_START or work[start:end] in _VERBS_BEFORE):
        start = end
    elif end - start > 2 and tokenizer.is_loaded():
        start = _trim_by_tags(work, start, end)
    if work[start : start + 1] == "门" and work[start - 1 : start] in ("你", "我", "他"):
        start += 1  # 你门朝阳店: a common slip for 你们
    return start


# Dictionary tags of a name or noun: a stop character that opens one is part of the name
# ("和睦家诊所": 和 is no "and" there; newcomer trial 14: the clinic was "睦家诊所").
_NAME_WORD_TAGS = ("n", "nr", "ns", "nz", "nt")


def _opens_name_word(work: str, at: int, end: int) -> bool:
    """Whether the stop character at `at` opens a name or noun of two or three characters
    that lies within the name ending at `end`."""
    if work[at] not in _HARD_STOPS or work[at] == "\x00" or not tokenizer.is_loaded():
        return False
    for size in (3, 2):
        if at + size <= end and tokenizer.word_tag(work[at : at + size]) in _NAME_WORD_TAGS:
            return True
    # A stop character that ends a name of two characters ("协和医院": newcomer trial 20, the
    # hospital was cut at 和), the character before it a name's own.
    return (
        at > 0
        and work[at] in _CLOSES_NAMES
        and _is_name_char(work[at - 1])
        and tokenizer.word_tag(work[at - 1 : at + 1]) in _NAME_WORD_TAGS
    )


# Stop characters that also end proper names (协和, 太和, 祥和): "and" is never a name's end.
_CLOSES_NAMES = frozenset("和")


def _trim_by_tags(work: str, start: int, end: int) -> int:
    """Drop words on the left that cannot be part of a name (今天万达店 -> 万达店). Two kinds
    of verb stay (newcomer trial 15: "鑫达手机维修店", "萌宠乐园西直门店" and "爱宠之家望京店"
    were lost or cut): the service a store offers, after what it serves (手机维修店), and single
    characters the dictionary does not know as one word (萌宠, 爱宠之家, 鑫达): a brand's own."""
    tags = tokenizer.tagged(work[start:end], hmm=False)
    pos = end
    for i in range(len(tags) - 1, -1, -1):
        word, flag = tags[i]
        if (
            flag in _NOT_NAME_TAGS
            and not _service(tags, i)
            and not _fragment(tags, i)
            and not _ORDINAL.fullmatch(word)
        ):
            break
        pos -= len(word)
    # A chain of extract_brands.txt glued to its branch stays with it ("海底捞西单店": jieba
    # reads 捞 as a verb; newcomer trial 16: only 西单店 was kept). Its branch's own words
    # were kept, so the brand right before them is the chain's name, not a verb of the story.
    before = work[start:pos].lower()
    brand = max((b for b in _BRANDS if before.endswith(b)), key=len, default="")
    return pos - len(brand)


# An ordinal inside a name ("市第一人民医院", "第三医院", "第二分店"): which one, never cut off
# (newcomer trial 20: "人民医院" lost which hospital).
_ORDINAL = re.compile(r"第[一二三四五六七八九十百零\d]+")


def _service(tags: list[tuple[str, str]], i: int) -> bool:
    """Whether the word at `i` is the service right before the store word, after a noun:
    维修 in 手机维修店 (not 投诉 in 今天投诉店: a time stands before it)."""
    word, flag = tags[i]
    return (
        i == len(tags) - 1
        and i > 0
        and len(word) == 2
        and flag.startswith("v")
        and tags[i - 1][1].startswith("n")
    )


# Tags a character of a brand's own coinage gets when read alone (萌 v, 宠 v, 之 u, 家 q).
_FRAGMENT_TAGS = frozenset({"v", "vg", "q", "a", "ag", "ng", "n", "nr", "uj"})


def _fragment(tags: list[tuple[str, str]], i: int) -> bool:
    """Whether the word at `i` is one character in a run of two or more single characters
    the dictionary knows no word for (萌宠, 爱宠之家): a coined name, not a verb before it.
    A lone verb or adverb (就, 刚, 看) stays a stop."""

    def single(j: int) -> bool:
        word, flag = tags[j]
        return len(word) == 1 and (flag in _FRAGMENT_TAGS or word == "之")

    if not single(i):
        return False
    lo = hi = i
    while lo > 0 and single(lo - 1):
        lo -= 1
    while hi < len(tags) - 1 and single(hi + 1):
        hi += 1
    return hi > lo


def _pointer(work: str, kind: str, at: int) -> int:
    """Start of a demonstrative + measure word ending at `at` before a store suffix
    (那家, 这个); `at` when there is none."""
    if kind != "store":
        return at
    m = _POINTER.search(work, max(0, at - 3), at)
    if m:
        return m.start()
    return at - 1 if _cantonese_measure(work, at) else at


# Cantonese counts a store with 間 alone, no demonstrative: "旺角間分店" is the Mong Kok
# branch (newcomer trial 22: no place was read). Only after where it is (旺角, 沙田), so
# 房间, 空间 stay words of their own.
_BRANCH_AFTER_MEASURE = ("分店", "门店", "店")


def _cantonese_measure(work: str, at: int) -> bool:
    """Whether the 间 before the branch suffix at `at` is a measure word after a place."""
    if work[at - 1 : at] != "间" or not work.startswith(_BRANCH_AFTER_MEASURE, at):
        return False
    start = _name_start(work, at - 1)
    return at - 1 - start >= 2 and _names_where(work[start : at - 1])


def _gate_end(work: str, kind: str, at: int) -> int:
    """Where the name before a store suffix ends: after the 门 of a gate's name that the
    suffix 门店 would take (西直门店 is 西直门 + 店, newcomer trial 15: "萌宠乐园西直门店" was
    cut at 西直 and lost), else at `at`."""
    if kind != "store" or not work.startswith("门店", at) or not tokenizer.is_loaded():
        return at
    tags = tokenizer.tagged(work[max(0, at - 4) : at + 1], hmm=False)
    word, flag = tags[-1] if tags else ("", "")
    return at + 1 if len(word) >= 3 and flag in _PLACE_NAME_TAGS else at


# Tags of a place's own name (西直门 ns, 崇文门 nrt, 建设路 nt, 国贸 j).
_PLACE_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nt", "nz", "j", "s"})


# A demonstrative and its measure word right before a store's own name ("那家" of
# "中关村那家苹果授权店"): the name starts after them.
_POINTED_NAME = re.compile(r"[那这]一?[家个间座所]")

# (start, end, gap, suffix): work[gap:suffix] is a demonstrative and measure word left out of
# the name (empty when there is none).
_Span = tuple[int, int, int, int]


def _suffix_places(text: str, work: str) -> dict[str, _Span]:
    """First store, address and area spans, by kind (see _Span)."""
    found: dict[str, _Span] = {}
    for m in SUFFIX_RE.finditer(work):
        kind = m.lastgroup or ""
        at = _gate_end(work, kind, m.start())
        gap = _pointer(work, kind, at)
        start = _name_start(work, gap)
        if kind == "address" and gap - start <= 1:
            owner = _POSSESSIVE.search(work, max(0, gap - 3), gap)
            start = owner.start() if owner else start
        if kind == "store" and 0 < start < gap and _POINTED_NAME.match(work, start - 1):
            # "中关村那家苹果授权店": the measure word of 那家 opens no name (newcomer trial 20:
            # "家苹果授权店"); the store is 苹果授权店, at the place before 那家.
            start += 1
        if kind == "store" and start < gap:
            start = _company_before(work, start)  # "威尔士健身国贸店": one store, its chain too
        if start == gap and not (kind == "store" and m.group() in _STANDALONE):
            continue
        if kind == "area" and m.end() - start < 2:
            continue
        # The first of a kind wins, unless a later one contains it (北京市 -> 北京市朝阳区),
        # or the first is only the customer's own ("我们小区那个物业啊就是那个阳光花园小区的
        # 物业": the estate named is where; newcomer trial 20).
        if (
            kind not in found
            or start <= found[kind][0] < m.end()
            or (kind == "address" and _owned_only(work, found[kind]) and gap - start >= 2)
            # A kind alone ("在超市买的…", "酒店前台…") gives way to a store named later
            # ("物美超市大钟寺店"): newcomer trial 21 filed the place as "超市" and "宾馆".
            or (kind == "store" and _kind_only(found[kind]) and gap - start >= 2)
        ):
            found[kind] = (start, m.end(), gap, at)
        elif (
            kind == "store"
            and "branch" not in found
            and _branch_of(work, found[kind], start, m.end())
        ):
            found["branch"] = (start, m.end(), gap, at)
    return found


def _company_before(work: str, start: int) -> int:
    """Where a company's or chain's name ends right before the store's name that starts at
    `start` ("威尔士健身" + "国贸店": a gym chain whose name ends in its trade, which jieba
    tags as a verb and so cut off; newcomer trial 22 filed "国贸店"), the start of that name;
    else `start`."""
    low = max(0, start - _MAX_NAME)
    window = work[low:start].lower()
    for i in range(len(window) - 1):
        rest = len(window) - i
        if window[i:] in _BRANDS or _COMPANIES.longest_at(window, i) == rest:
            return low + i
    return start


def _kind_only(span: _Span) -> bool:
    """Whether the store at `span` is a kind word alone, with no name ("超市", "酒店")."""
    return span[0] == span[2]


def _owned_only(work: str, span: _Span) -> bool:
    """Whether the address at `span` is named only by whose it is ("我们小区", "我家小区")."""
    return bool(_POSSESSIVE.fullmatch(work, span[0], span[2]))


# A chain's own name ends in one of these (如家酒店, 全家便利店); a branch of it follows,
# named by where it is and 店/分店/门店 (北京西站店).
_CHAIN_END = re.compile(r"(?:酒店|宾馆|超市|商场|便利店|饭店|餐厅|营业厅|银行)$")
_BRANCH_END = re.compile(r"(?:分店|门店|店)$")


def _branch_of(work: str, chain: _Span, start: int, end: int) -> bool:
    """Whether the store `work[start:end]` is a branch of the chain store `chain`, written
    right after it with at most blanks between ("如家酒店 北京西站店", "城东洗车店 建设路店")."""
    # "物美超市（大钟寺店）": a branch written in brackets after its chain is one too.
    if start < chain[1] or work[chain[1] : start].strip(" (（【["):
        return False
    said = work[chain[0] : chain[1]]
    suffix = _CHAIN_END.search(said)
    return bool(suffix and suffix.start() > 0) or _named_chain(said, work[start:end])


_ROLE_WORDS = frozenset(w for line in read_words("extract_roles.txt") for w in line.split())
_BRANDS = frozenset(
    w.lower().lstrip("~")
    for name in ("extract_brands.txt", "extract_chains.txt")  # a chain's name is a brand too
    for line in read_words(name)
    for w in line.split()
)
_BRAND_LIST = Lexicon(sorted(_BRANDS))
# With blanks or an opening bracket between ("威尔士健身（国贸店）").
_WORD_BEFORE = re.compile(
    r"(?:^|(?<=[\s,，、;；:：]))(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,8})(?:\s+|\s*[(（]\s*)$"
)
_BRAND_NAME_TAGS = {"n", "nz", "nr", "nrt", "nrfg", "nt", "ns", "eng", "j"}


def _brand_before(work: str, start: int) -> tuple[int, int] | None:
    """The span of a chain's or platform's name standing alone right before the branch store
    that starts at `start`, with blanks between ("海底捞 西单店", "美团 望京店"): a brand of
    extract_brands.txt, a platform, or words jieba tags all as proper names. None when the
    word before is anything else (a time is blanked, "退款 西单店" is a wish)."""
    m = _WORD_BEFORE.search(work, 0, start)
    after = work[start : start + _MAX_NAME + 3].split()[0].split(")")[0].split("）")[0]
    if m is None or not _BRANCH_END.search(after):
        return None
    name = m["name"]
    if SUFFIX_RE.search(name) or any(ch in _HARD_STOPS for ch in name):
        return None
    # A company of extract_companies.txt ("威尔士健身 国贸店": a gym chain whose name ends in
    # its trade, which jieba tags as a verb) is a chain before its branch as well.
    known = name.lower() in _BRANDS or is_platform(name) or _owner_by_name(name)
    if not known and tokenizer.is_loaded():
        known = all(flag in _BRAND_NAME_TAGS for _, flag in tokenizer.tagged(name, hmm=False))
    return m.span("name") if known else None


def with_branch(store: str, said: str) -> str | None:
    """The chain store `store` with the branch `said` after it ("如家酒店" + "北京西站店" ->
    "如家酒店北京西站店"), when `said` names a branch (店/分店/门店, not a chain of its own)
    and `store` a chain; None otherwise (newcomer trial 10: the branch was lost)."""
    if said != store and store.endswith(said) and _chain_and_branch(store)[1] == said:
        return store  # "建设路店" after "城东洗车店建设路店": the branch already named
    if store in said or said in store:
        return None
    if _SERVICE_POINT.search(said) and _owner_by_name(store) and not _owner_in(said):
        # "网上营业厅" after "中国移动", "西单店" after "海底捞": a company's or chain's
        # service point keeps whose it is (newcomer trial 16: the carrier was replaced).
        return f"{store}{said}"
    chain = _CHAIN_END.search(store)
    # A chain has a name before its suffix: a bare "超市" is any supermarket, and "双井店"
    # after it is the store itself, not its branch.
    if chain and chain.start() > 0 and _BRANCH_END.search(said) and not _CHAIN_END.search(said):
        return f"{store}{said}"
    # Any store with a name of its own takes a branch named by where it is ("城东洗车店" +
    # "建设路店"; newcomer trial 15: the branch replaced the chain); a branch said after one
    # already named replaces it ("城东洗车店建设路店" + "文二路店").
    owner, branch = _chain_and_branch(store)
    return f"{owner}{said}" if _named_chain(owner, said) and said != branch else None


def pointed_where(words: str) -> bool:
    """Whether `words`, read as a store pointed at ("五道口那家", "酒仙桥那家"), name where it
    is and no store: no store word, no company, chain or platform of their own."""
    return (
        bool(words)
        and _store_name(words) is None
        and not _owner_in(words)
        and not SUFFIX_RE.search(words)
    )


def _where_branch(rest: str) -> bool:
    """Whether `rest`, what follows a brand's name in a store ("西单店" of 星巴克西单店), is a
    branch named by where it is: a name of nouns or places before 店 (not 授权店 of 苹果授权店,
    a verb, nor 体验店, a kind of store)."""
    name = _store_name(rest)
    if not name or not _BRANCH_END.search(rest) or not pointed_where(name):
        return False
    if not tokenizer.is_loaded():
        return _names_where(name)
    tags = tokenizer.tagged(name, hmm=False)
    return all(flag.startswith("n") or flag in _WHERE_TAGS for _, flag in tags)


def moved_branch(store: str, place: str | None, where: str) -> tuple[str, str] | None:
    """(store, place) when `where` ("酒仙桥", "五道口": a place pointed at, said as a correction)
    is where the store on file really is: a chain's branch moves there ("海底捞望京店" ->
    "海底捞酒仙桥店", "城东洗车店建设路店" -> "城东洗车店文二路店"), a store said with where it is
    keeps its name ("中关村 苹果授权店" -> "五道口 苹果授权店"). None when `where` names no
    place or the store on file none of these (newcomer trial 20: "是酒仙桥那家" replaced the
    chain's store with the bare place, and the chain was lost)."""
    if not pointed_where(where) or where in store:
        return None
    lowered = store.lower()
    brand = max((b for b in _BRANDS if lowered.startswith(b)), key=len, default="")
    rest = store[len(brand) :]
    if brand and (not rest or _where_branch(rest)):
        moved = f"{store[: len(brand)]}{where}店"
        return moved, moved
    owner, branch = _chain_and_branch(store)
    if branch:
        moved = f"{owner}{where}店"
        return moved, moved
    if place and place.endswith(f" {store}"):
        return store, f"{where} {store}"
    return None


# A service point of a company or chain, without a name of its own or by where it is.
_SERVICE_POINT = re.compile(r"(?:分店|门店|店|营业厅|网点|分行|支行|营业部)$")
_COMPANIES = Lexicon.from_file("extract_companies.txt")


def _owner_by_name(store: str) -> bool:
    """Whether `store` is a company, chain or platform by its name alone, with no store
    suffix (中国移动, 海底捞, 苏宁)."""
    if SUFFIX_RE.search(store):
        return False
    lowered = store.lower()
    return (
        lowered in _BRANDS or is_platform(store) or _COMPANIES.longest_at(lowered, 0) == len(store)
    )


def _owner_in(said: str) -> bool:
    """Whether `said` names a company, chain or platform of its own ("肯德基国贸店")."""
    lowered = said.lower()
    return bool(
        _BRAND_LIST.find(lowered)
        or _COMPANIES.find(lowered)
        or any(
            is_platform(said[i:j]) for i in range(len(said)) for j in range(i + 2, len(said) + 1)
        )
    )


def _store_name(store: str) -> str | None:
    """The name before a store's suffix ("城东洗车" in 城东洗车店), "" for a bare suffix, None
    when `store` ends in no store suffix."""
    m = _STORE_AT_END.search(store)
    return store[: _gate_end(store, "store", m.start()) if m else 0] if m else None


_STORE_AT_END = re.compile(f"(?:{_STORE_SUFFIX})$")


def _branch_place(said: str) -> bool:
    """Whether `said` is a branch named by where it is, and nothing else: 建设路店, 望京店,
    西直门店, 国贸店, 海淀中关村分店; not 萌宠乐园西直门店 (a brand of its own) nor 宠物店."""
    return branch_where(said) is not None


def branch_where(said: str) -> str | None:
    """Where the branch `said` is, when it is named by that alone ("广州天河店" -> "广州天河",
    "西直门店" -> "西直门"); None otherwise (see _branch_place)."""
    branch = _BRANCH_END.search(said)
    if branch is None:
        return None
    name = said[: _gate_end(said, "store", branch.start())]
    return name if name and _names_where(name) else None


# A name that says where by its end: a road, a street, a gate, a square (建设路, 西单北大街).
_WHERE_END = re.compile(r"(?:大街|胡同|广场|商圈|新区|[路街巷道门站区县镇])$")
# Tags of words that say where (望京 ns, 建设路 nt, 国贸 j).
_WHERE_TAGS = frozenset({"ns", "nt", "j", "s"})


# A floor after where ("万达广场三楼那家", "国贸商城B1层"; newcomer trial 24: the place was
# lost and the words kept as story): where, its floor kept.
_FLOOR_END = re.compile(
    r"(?<=.{2})(?:[一二三四五六七八九十]{1,2}|\d{1,2}|[Bb]\d|负[一二三])[楼层]$"
)


def _names_where(name: str) -> bool:
    """Whether `name` names a place only: a road's or gate's name, a city, or words the
    dictionary tags all as places (海淀中关村, 国贸), a floor after them too (万达广场三楼)."""
    if (floor := _FLOOR_END.search(name)) is not None:
        name = name[: floor.start()]
    if _CITIES.find(name) == [(0, len(name))]:
        return True
    if not tokenizer.is_loaded():
        return bool(_WHERE_END.search(name))
    tags = [flag for _, flag in tokenizer.tagged(name, hmm=False)]
    if _WHERE_END.search(name):  # a road of nouns (建设路, 信义区), not 萌宠乐园西直门
        return all(flag.startswith("n") or flag in ("j", "s", "f", "m") for flag in tags)
    return all(flag in _WHERE_TAGS for flag in tags)


def names_where(words: str) -> bool:
    """Whether `words` name a place and no store ("海淀中关村", "朝阳", "建设路"; not 朝阳店):
    a store read from "海淀中关村那家" is where the store already named is."""
    return _store_name(words) is None and _names_where(words)


def _chain_and_branch(store: str) -> tuple[str, str | None]:
    """`store` as (the chain, its branch): "城东洗车店建设路店" -> ("城东洗车店", "建设路店");
    (store, None) when it names no branch after a store of its own."""
    for m in _INNER_STORE.finditer(store):
        tail = store[m.end() :]
        if m.start() > 0 and tail and _branch_place(tail):
            return store[: m.end()], tail
    return store, None


def store_parts(store: str) -> tuple[str, ...]:
    """The words a store joined from a chain and its branch was said in ("城东洗车店建设路店"
    -> ("城东洗车店", "建设路店")); () for a store said in one piece."""
    chain, branch = _chain_and_branch(store)
    return (chain, branch) if branch else ()


_INNER_STORE = re.compile(f"(?:{_STORE_SUFFIX})(?=.)")


def _named_chain(store: str, said: str) -> bool:
    """Whether `store` is a store with a name of its own (城东洗车店, 朝阳口腔诊所; not the
    kind of store alone, 宠物店, nor a branch named by where it is, 朝阳门店) and `said` a
    branch named by where it is (see _branch_place)."""
    name = _store_name(store)
    return (
        bool(name)
        and not generic_store(store)
        and not _names_where(name or "")
        and _branch_place(said)
    )


# Tags of the words that say what kind of store it is, naming none (宠物 n, 美容 n, 维修 v).
_KIND_TAGS = frozenset({"n", "vn", "v", "ng"})


def generic_store(store: str) -> bool:
    """Whether `store` says only what kind of store it is ("宠物店", "宠物美容店", "牙科诊所",
    "手机维修店", "店"), naming no one store: a store named later is the one meant (newcomer
    trial 15). Without the tokenizer nothing is generic."""
    name = _store_name(store)
    if name is None:
        return False
    if not name:
        return True
    if not tokenizer.is_loaded() or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return False
    tags = tokenizer.tagged(name, hmm=False)
    single = len(tags) == 1
    return all(flag in _KIND_TAGS and (single or len(word) > 1) for word, flag in tags)


def _extend(work: str, span: _Span, kind: str) -> _Span:
    """`span` with the address components written right after it (see `_COMPONENT`); a
    component holding a word that cannot be part of a name (a verb, a particle) ends it."""
    start, end, gap, suffix = span
    # A store's blank ends it: "城东洗车店 建设路店" is the chain and its branch.
    blank = kind != "store"
    while (m := _COMPONENT.match(work, _after_blank(work, end) if blank else end)) and (
        # A number with its unit (12号, 1000弄, 3号楼) has no words to check: jieba tags
        # "12号" as a measure, which ended "史家胡同12号" at the hutong (newcomer trial 9).
        m.group()[0].isdigit() or _STREET.search(m.group()) or not _has_non_name_word(m.group())
    ):
        end = m.end()
    if blank and _BUILDING_END.search(work, 0, end) and (room := _ROOM.match(work, end)):
        end = room.end()  # "12栋 803": the flat's number after its building
    return start, end, gap, suffix


# An address is often written in parts with a blank between ("天河区 华景新城 12栋 803",
# newcomer trial 18: only the district was kept): one blank joins the parts, two or a
# comma end the address.
_ONE_BLANK = re.compile(r" (?=\S)")
# A flat's number written bare after its building or unit (12栋 803, 2单元 1202).
_BUILDING_END = re.compile(r"(?:[栋幢座楼]|单元)$")
_ROOM = re.compile(r" ?\d{3,4}(?:室|房|号)?(?![\d年月日元块点岁个天])")


def _after_blank(work: str, end: int) -> int:
    """Where the next address part starts: after one blank at `end`, else `end`."""
    return end + 1 if _ONE_BLANK.match(work, end) else end


# A street's name is any characters (望花路: jieba reads 望 and 花 as verbs), so a street of
# two characters or more before its suffix (and a compound named after it, 望花路小区) is not
# checked word by word.
_STREET = re.compile(
    r"^[\u4e00-\u9fff]{2,5}(?:大街|胡同|[路街巷道])(?:小区|花园|公寓|大厦|社区|家园|新村)?$"
)


def _has_non_name_word(part: str) -> bool:
    if not tokenizer.is_loaded():
        return False
    return any(flag in _NOT_NAME_TAGS - {"m"} for _, flag in tokenizer.tagged(part, hmm=False))


def _joined(work: str, address: _Span, area: _Span) -> _Span:
    """The address and the area as one run when they overlap (北京市朝阳区 + 建国路88号 written
    together) or the area stands right before it with one blank ("天河区 华景新城"); the
    address alone otherwise. Neither has a gap (only stores do)."""
    if area[1] < address[0] and _after_blank(work, area[1]) == address[0]:
        return area[0], address[1], area[0], area[0]
    if address[1] <= area[0] or area[1] <= address[0]:
        return address
    start = min(address[0], area[0])
    return start, max(address[1], area[1]), start, start


def _cut(text: str, span: _Span) -> str:
    """The name as written, without a demonstrative between it and its suffix."""
    start, end, gap, suffix = span
    return text[start:gap] + text[suffix:end]


def _platform(text: str, work: str) -> tuple[str | None, bool, tuple[int, int] | None]:
    """(words as written, whether it is a named platform, span) of the first platform."""
    for start, end in _PLATFORMS.find(work):
        word = text[start:end]
        # Latin words must stand alone: "app" inside "happy" is not an App.
        if work[start].isascii() and (
            (start > 0 and work[start - 1].isascii() and work[start - 1].isalpha())
            or (end < len(work) and work[end].isascii() and work[end].isalpha())
        ):
            continue
        return word, word.lower() not in _GENERIC, (start, end)
    return None, False, None


def is_platform(words: str) -> bool:
    """Whether `words` are a platform's name alone ("美团", "淘宝"): where it was ordered, not
    a physical place."""
    found = _PLATFORMS.find(words.strip().lower())
    return len(found) == 1 and found[0] == (0, len(words.strip()))


# A store pointed at by where it is, with no store word: "就是朝阳大悦城那家" (newcomer trial
# 14: taken for a line of the story, and the place asked again). 那个 is left out: "就是那个"
# points at anything.
# A verb of buying or eating may follow at once ("我喺銅鑼灣嗰間買嘅": newcomer trial 22).
_POINTED = re.compile(r"[那这]一?[家间](?:店)?(?=$|[\s，,。.!！~～]|(?:买|吃|办|充|订|点|修)的)")


def _pointed_store(work: str) -> tuple[int, int] | None:
    for m in _POINTED.finditer(work):
        # a floor before 那家 stays with where it is ("万达广场三楼那家", newcomer trial 24)
        floor = _FLOOR_END.search(work, 0, m.start())
        start = _name_start(work, floor.start() if floor else m.start())
        if floor and (floor.start() - start < 2 or not _names_where(work[start : floor.start()])):
            continue
        if m.start() - start >= 2:
            return start, m.start()
    return None


# "X那家Y": the store Y at the place X ("三里屯那家唯一视觉", "信義區那家五十嵐"; newcomer trial
# 15: only the district was read, or nothing).
_THAT_ONE = re.compile(r"[那这]一?[家间个](?![\s，,。.!！~～?？]|$)")
# Words that end the name after 那家: a verb, a particle, an adverb, a pronoun, a time.
_AFTER_NAME_TAGS = _NOT_NAME_TAGS - {"m", "mq"}


def _store_at_place(work: str, ends: set[int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The spans of (the place X, the store Y) in "X那家Y", when X names where (see
    _names_where) or is an area or address read already (ending at one of `ends`), and Y
    names a store of its own: a brand, or words not all common nouns (唯一视觉, 五十岚; not
    老板, 奶茶 in "朝阳那家奶茶难喝")."""
    if not tokenizer.is_loaded():
        return None
    for m in _THAT_ONE.finditer(work):
        start = _name_start(work, m.start())
        read = m.start() in ends and m.start() - start >= 1
        if not read and (m.start() - start < 2 or not _names_where(work[start : m.start()])):
            continue
        stop = m.end()
        while stop < len(work) and stop - m.end() < _MAX_NAME and _is_name_char(work[stop]):
            stop += 1
        brand = next((b for b in _BRAND_LIST.find(work[m.end() : stop]) if b[0] == 0), None)
        end = m.end() + (brand[1] if brand else _name_words(work[m.end() : stop]))
        name = work[m.end() : end]
        if end - m.end() < 2 or SUFFIX_RE.search(name) or name in _ROLE_WORDS:
            continue
        if brand or not generic_store(f"{name}店"):
            return (start, m.start()), (m.end(), end)
    return None


# Particles of run-on speech ("阳光花园小区的物业啊电梯坏了"): never part of a name (jieba tags
# 啊 as a character of its own, which a coined name may hold).
PARTICLES = frozenset("啊呀吧嘛呢哦哈啦呐嘞咯哇")

# Besides nouns: distinguishing words (唯一), numbers (五十), abbreviations, Latin words, and
# characters the dictionary has no word for (zg: 嵐 as written in traditional script).
_NAME_PART_TAGS = frozenset({"b", "j", "eng", "m", "zg"})


def _name_words(words: str) -> int:
    """How many characters of `words` open with a name: nouns, distinguishing words (唯一),
    numbers (五十岚), abbreviations, Latin words and a coinage's single characters, up to the
    first other word (拍, 难喝)."""
    tags = tokenizer.tagged(words, hmm=False)
    size = 0
    for i, (word, flag) in enumerate(tags):
        if word in PARTICLES:  # "物业啊": run-on speech's particle ends the name (trial 20)
            break
        if not (flag.startswith("n") or flag in _NAME_PART_TAGS or _fragment(tags, i)):
            break
        size += len(word)
    return size


# "朝阳口腔诊所 国贸那个": where the store just named is, pointed at after it.
_POINTED_AFTER = re.compile(r"[那这]一?[家间个](?=$|[\s，,。.!！~～])")


def _where_after(work: str, store_end: int) -> tuple[int, int] | None:
    """The span of the place pointed at after the store ("国贸" in "朝阳口腔诊所 国贸那个")."""
    for m in _POINTED_AFTER.finditer(work, store_end):
        start = _name_start(work, m.start())
        if start >= store_end and m.start() - start >= 2 and _names_where(work[start : m.start()]):
            return start, m.start()
    return None


def _where_before(work: str, store_start: int) -> tuple[int, int] | None:
    """The span of the place pointed at right before the store ("中关村" in "中关村那家苹果
    授权店"), when it names where (see _names_where)."""
    m = _POINTER.search(work, max(0, store_start - 3), store_start)
    if m is None:
        return None
    start = _name_start(work, m.start())
    if m.start() - start >= 2 and _names_where(work[start : m.start()]):
        return start, m.start()
    return None


def _brand_after(work: str, end: int) -> tuple[int, int] | None:
    """The span of a chain's or brand's name said alone right after the branch store that
    ends at `end`, with a blank or comma between ("望京那家店 海底捞", "国贸那个店，肯德基"):
    the chain whose branch it is (newcomer trial 20: the chain was lost)."""
    m = _BRAND_AFTER.match(work, end)
    if m is None or m["name"].lower() not in _BRANDS:
        return None
    return m.span("name")


_BRAND_AFTER = re.compile(
    r"[\s,，、]+(?P<name>[\u4e00-\u9fffA-Za-z0-9-]{2,8}?)(?=$|[\s,，。.!！;；~～\x00])"
)


# Words of a phone number after a city: "香港号码", "澳门电话" say whose number, not where.
_CONTACT_WORDS = frozenset({"号码", "号", "电话", "手机", "手机号", "电话号码", "手机号码", "区号"})


_NUMBER_AFTER = re.compile(r"的?(?:手机|电话|号码|号|区号|本地号)")


def _area_run(work: str, start: int, end: int) -> int:
    """The end of the area names written right after a city, without a break: "上海浦东张江"
    is one place, not 上海 (newcomer trial 14). Han name characters only, cut at the first
    word that cannot be part of a name (广州出差 -> 广州)."""
    stop = end
    while stop < len(work) and stop - start < _MAX_NAME and "\u4e00" <= work[stop] <= "\u9fff":
        if work[stop] in _HARD_STOPS:
            break
        stop += 1
    if stop == end or not tokenizer.is_loaded():
        return end
    pos = end
    for word, flag in tokenizer.tagged(work[end:stop], hmm=False):
        if word in _CONTACT_WORDS:  # "香港号码": a phone's country, no place (trial 20)
            break
        # A character the dictionary has no word for (zg: 行 of 闵行) is part of a district's
        # name (newcomer trial 18: "上海闵行万象城" was cut to "上海闵").
        if flag in _NOT_NAME_TAGS and flag != "zg":
            break
        pos += len(word)
    return pos


def _with_area(text: str, found: dict[str, _Span], store: str) -> str:
    """The store with the city, district or street said outside its name before it: "广州
    网上营业厅", "天河区中山大道 城东汽修" (newcomer trial 14: the address was dropped)."""
    where = found.get("address") or found.get("area")
    if where is None or "store" not in found:
        return store
    s_start, s_end = found["store"][:2]
    if s_start <= where[0] < s_end or where[0] <= s_start < where[1]:
        return store  # inside the store's own name (广州天河店)
    words = _cut(text, where)
    return store if words in store else f"{words} {store}"


# A parcel's route: "从杭州寄到北京朝阳", "杭州发往北京". Both ends are kept as "杭州→北京朝阳"
# (newcomer trial 16: only 杭州 was kept, and where it was going was lost): a lost or late
# parcel is looked into at either end, and the one place alone says the wrong thing.
_ROUTE_FROM = re.compile(r"从|由|自")
_ROUTE_TO = re.compile(r"(?:寄|发|运|送|邮|转运|快递)?(?:到|往|至)")


def _city_run(work: str, at: int) -> int:
    """The end of the city written at `at` with the area names right after it, or `at`
    when no city of extract_cities.txt starts there."""
    size = _CITIES.longest_at(work, at)
    if not size:
        return at
    end = at + size + (work[at + size : at + size + 1] == "市")
    return _area_run(work, at, end)


def _route(text: str, work: str) -> tuple[str, tuple[int, int]] | None:
    """The route a parcel took, "杭州→北京朝阳", and the span it was said in; None when
    the text names no two cities joined by 从…到/发往."""
    for m in _ROUTE_FROM.finditer(work):
        a_end = _city_run(work, m.end())
        if a_end == m.end():
            continue
        to = _ROUTE_TO.match(work, a_end)
        if to is None:
            continue
        b_end = _city_run(work, to.end())
        if b_end == to.end():
            continue
        return f"{text[m.end() : a_end]}→{text[to.end() : b_end]}", (m.end(), b_end)
    return None


# A place pointed at as "there" ("沙田那里", "旺角那边"; Cantonese 嗰度 is read as 那里).
_THERE = re.compile(r"[那这](?:里|边|儿)(?=$|[\s，,。.!！~～])")


def _there(work: str) -> tuple[int, int] | None:
    """The span of a place pointed at as "there" (see _THERE), when it names where."""
    for m in _THERE.finditer(work):
        start = _name_start(work, m.start())
        if m.start() - start >= 2 and _names_where(work[start : m.start()]):
            return start, m.start()
    return None


_HOSPITAL = re.compile(r"(?:医院|卫生院|诊所|卫生服务中心)$")
_DEPT_END = re.compile(
    r"(?:内科|外科|儿科|妇科|产科|眼科|骨科|牙科|口腔科|皮肤科|急诊科|耳鼻喉科|神经科|肿瘤科|"
    r"中医科|康复科|放射科|检验科|急诊|门诊|住院部)"
)


def _department(work: str) -> tuple[int, int] | None:
    """The span of a hospital's department said in `work` ("心内科", "骨科", "急诊", "消化内科"),
    with the name characters right before its suffix (at most three); None when none."""
    m = _DEPT_END.search(work)
    if m is None:
        return None
    start = m.start()
    while (
        start > 0
        and m.start() - start < 3
        and _is_name_char(work[start - 1])
        and not _HOSPITAL.search(work, 0, start)  # "医院骨科": the hospital ends there
    ):
        start -= 1
    if start < m.start() and tokenizer.is_loaded():
        # only the words the department's name is made of: "挂号门诊" is no department's name
        head = tokenizer.tagged(work[start : m.end()], hmm=False)
        keep = m.end()
        for word, flag in reversed(head):
            if flag in _NOT_NAME_TAGS:
                break
            keep -= len(word)
        start = max(start, keep)
    return start, m.end()


def find_places(text: str, work: str) -> Places:
    """Where it happened: the store (朝阳门店), else an address (幸福小区) or an area
    (朝阳区), else the platform (淘宝, 美团), each cut from `text` as written; `work` is its
    normalised copy with the same offsets. `spans` holds their [start, end) offsets so the
    product search skips them. Fields are None when not found."""
    found = {kind: _extend(work, span, kind) for kind, span in _suffix_places(text, work).items()}
    if "area" in found and "address" in found:
        found["address"] = _joined(work, found["address"], found["area"])
    said = None if "store" in found else _STORE_IS.search(work)
    at_place = None
    if "store" not in found and said is None:
        at_place = _store_at_place(work, {span[1] for span in found.values()})
    if at_place is not None:  # "三里屯那家唯一视觉": the store, and where it is
        (w_start, w_end), (s_start, s_end) = at_place
        found["store"] = (s_start, s_end, s_start, s_start)
        if not ("area" in found or "address" in found):
            found["area"] = (w_start, w_end, w_end, w_end)
    if "store" not in found and said is None and (pointed := _pointed_store(work)):
        found["store"] = (*pointed, pointed[1], pointed[1])
    where = None
    if "store" in found and not ("area" in found or "address" in found):
        # "中关村那家苹果授权店": where, before 那家; "朝阳口腔诊所 国贸那个": after the store
        where = _where_before(work, found["store"][0]) or _where_after(work, found["store"][1])
    if where is not None:
        found["area"] = (*where, where[1], where[1])
    if said is not None:
        found.pop("area", None)  # "广州" inside the store's name is no place of its own
    if not found and (there := _there(work)):  # "沙田那里", Cantonese "沙田嗰度"
        found["area"] = (*there, there[1], there[1])
    platform, named, p_span = _platform(text, work)
    # "香港号码", "澳门的手机": whose number it is, not where it happened (newcomer trial 20)
    city = [span for span in _CITIES.find(work) if not _NUMBER_AFTER.match(work, span[1])]
    if "area" not in found and city:
        start, end = city[0]
        end += work[end : end + 1] == "市"
        end = _area_run(work, start, end)
        found["area"] = (start, end, end, end)
    spans = [*((a, b) for a, b, _, _ in found.values()), *([p_span] if p_span else [])]
    store = _cut(text, found["store"]) if "store" in found else None
    if store and "branch" in found:  # "如家酒店 北京西站店": the chain and its branch
        store += _cut(text, found.pop("branch"))
    found.pop("branch", None)
    if said is not None:
        store = text[said.start("name") : said.end("name")] + said["word"]
        spans.append(said.span())
    place = store
    if store and "store" in found and (brand := _brand_before(work, found["store"][0])):
        # "海底捞 西单店": the chain's branch; "美团 望京店": the branch ordered from on a
        # platform (newcomer trial 11: only 西单店 / 望京店 was kept).
        words = text[brand[0] : brand[1]]
        spans.append(brand)
        place = f"{words}{store}"
        store = store if platform and words.lower() == platform.lower() else place
    if (
        store
        and place == store
        and "store" in found
        # "X那家店" points at a store by where it is, as a branch's name does
        and (found["store"][2] < found["store"][3] or branch_where(store))
        and (brand := _brand_after(work, found["store"][1]))
    ):
        # "在你们望京那家店 海底捞": the chain's branch, as "海底捞望京店" is
        spans.append(brand)
        store = place = f"{text[brand[0] : brand[1]]}{store}"
    if place and store and place == store and said is None:
        place = _with_area(text, found, store)
    if store is None and (route := _route(text, work)):
        place = route[0]  # "杭州→北京朝阳": both ends of a parcel's way
        spans.append(route[1])
    for kind in ("address", "area"):
        if place is None and kind in found:
            place = _cut(text, found[kind])
    if place and _HOSPITAL.search(place) and (dept := _department(work)):
        # "市第一人民医院…挂的是心内科的号": the department is where in the hospital
        # (newcomer trial 20: it was lost); written right after it, it is part of the name.
        words = text[dept[0] : dept[1]]
        hospital_end = max((b for a, b in spans if work[a:b] and _HOSPITAL.search(work[a:b])),
                           default=-1)  # fmt: skip
        if words not in place:
            place = f"{place}{words}" if hospital_end == dept[0] else f"{place} {words}"
            spans.append(dept)
    return Places(
        place=place or platform,
        place_channel=platform if platform and not named and not place else None,
        platform=platform if named else None,
        store=store,
        spans=tuple(spans),
    )


# The channel a thing was done through when there is no physical place: online ("网上买的",
# "在线上办的", "网购的") or by phone ("打客服电话", "打了好几次电话", "电话里说", "打10086"), not
# a call not made ("没打电话就放驿站了"). Only read beside a company named (nlp/extract.py:
# _channel_place): "打电话" alone is often a deed of the story at a physical place.
_ONLINE_DONE = re.compile(
    r"(?:网上|线上|在线)(?=[^\s，,。.!！;；\x00]{0,4}?"
    r"(?:买|购|下单|下的单|订|办|充|缴|交|付|申请|投保|报名|预约|挂号|退|改签|值机|开通|注册|提交|点))"
    r"|网购"
)
_BY_PHONE = re.compile(
    r"(?<![没不未别])(?:打|拨)(?:了|过)?[^\s，,。.!！;；\x00]{0,6}?(?:电话|热线)"
    r"|(?<![没不未别])(?:打|拨)(?:了|过|的)?(?:100\d\d|95\d{3,4}|400[-\d]{7,10})"
    r"|电话[里中上]|客服热线"
)


# A call made after the harm to stop it or report it ("马上打电话挂失", "打电话报警"): what the
# customer did next, never where it happened (newcomer trial 22: a stolen card's place was
# filed as 电话（銀行）). Read on normalised (simplified) text.
_LOSS_REPORTED = re.compile(r"挂失|冻结|停卡|止付|锁卡|报警|报案|报失")


def reports_by_call(work: str) -> bool:
    """Whether `work` (normalised text) tells of a call made to report a loss or stop a card
    ("我有马上打电话挂失", "打了110报警"): story, no channel and no place."""
    return bool(_LOSS_REPORTED.search(work)) and bool(
        _BY_PHONE.search(work) or "电话" in work or "110" in work
    )


def find_channel(work: str) -> str | None:
    """ "网上" or "电话": the channel `work` (normalised text) says a thing was done through
    (see _ONLINE_DONE, _BY_PHONE), online first; None when it says neither, or only tells
    of a call made to report a loss (see reports_by_call)."""
    if _ONLINE_DONE.search(work):
        return "网上"
    if _BY_PHONE.search(work) and not reports_by_call(work):
        return "电话"
    return None
