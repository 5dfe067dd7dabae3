"""What the customer wants (诉求): every remedy named, as docs/process.md values with their wording,
in Chinese or English ("refund", "replace it", "fix it", "an apology").

"要求全额退款并赔偿医药费" asks for two things (issue 9 item 5): each remedy word found starts
one remedy, and its wording runs on to the end of its clause ("赔偿" + "医药费"), so the
agent reads what the customer asked for, not only its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.extract_text import first_chars

# The staff member to be dealt with: "那个师傅要处理", "处理一下那个店员" (处理 alone is no
# wish: "尽快处理" asks for handling, not for a remedy).
_STAFF = (
    "师傅",
    "店员",
    "服务员",
    "员工",
    "客服",
    "经理",
    "快递员",
    "骑手",
    "司机",
    "保安",
    "导购",
    "工作人员",
    "前台",
    "厨师",
    "销售",
)
_DISCIPLINE = "|".join(
    [f"{role}(?:要|必须|得|应该)?被?(?:严肃)?(?:处理|处罚|批评)" for role in _STAFF]
    + [f"处理(?:一下)?(?:那个|这个|该)?(?:{'|'.join(_STAFF)})"]
)
# Longest words first inside each group; groups are tried together, the earliest hit wins.
_REMEDIES: tuple[tuple[str, str], ...] = (
    (
        "compensation",
        r"退一赔[三十]|假一赔[三十]|[三十双两]倍赔偿|赔偿|补偿|赔钱|赔付|理赔(?!员|款)"
        r"|赔我|你们赔|赔给我|减免|免单|报销|compensat(?:ion|e)"
        # The verb said last, its object before it: "坏掉的肉要赔", "医药费全报".
        r"|要赔(?![偿付钱礼给])|得赔(?![偿付钱礼给])|必须赔(?![偿付钱礼给])|全赔|都赔|照价赔|赔(?=[^\s,，。]{0,5}?(?:费|钱|款|损失|东西))|赔(?=[\s,.;!?，。；！？…]|$)"
        r"|全报(?!销)|都报(?!销)|给报(?![销警案])|要报(?![警案名到销])",
    ),
    (
        "refund",
        r"退货退款|全额退款|退款|退房费|退运费|退押金|退定金|退订金|退差价|退学费|退钱|退费"
        r"|退货|退还|把钱退|退回|退我钱|返还|refund"
        # Money back in plain words: "把300退给我", "钱追回来", "寿司钱退".
        r"|退给我|退我|追回来|追回|要回来|拿回来|还我钱|还钱|钱还(?:给)?我|退(?=[\s\x00,.;!?，。；！？…]|$)",
    ),
    (
        "exchange",
        r"换货|换新|调换|换一[个台件部辆份箱双]|换个新的|换个|换车|换房|换一间|exchange|replacement"
        # A new one sent or given instead: "赔个新的", "给我补发", "重新发一个" (newcomer trial 7).
        # An invoice sent again ("补发票", "发票重新发一份") is no new goods.
        r"|赔(?:一?[个台件部份双])?新的|补发(?!票)|重新发一[个件台]|重发一[个件台]|再发一[个件台]",
    ),
    # 维修 that is a place or a past event (维修点, 维修了三次) is not a request.
    ("repair", r"维修(?![点站中心师傅人员了过费])|修好|修理|上门修|返修|修一下|repair"),
    ("apology", r"书面道歉|公开道歉|当面道歉|道歉|赔礼|赔不是|致歉|apolog(?:y|i[sz]e)|say\s+sorry"),
    (
        "improvement",
        r"改进|整改|改正|加强培训|加强管理|培训一下|处分|开除|处罚|追责|严惩|" + _DISCIPLINE,
    ),
    ("other", r"给个说法|给我一个说法|给个交代|给我一个交代|要个说法|解释清楚"),
)
REMEDY_RE = re.compile(
    first_chars("|".join(words for _, words in _REMEDIES))
    + "(?:"
    + "|".join(f"(?P<{name}>{words})" for name, words in _REMEDIES)
    + ")",
    re.IGNORECASE,
)
_REFUSING = ("不要", "不想", "不用", "不需要", "没要", "不是要")


def refuses(words: str) -> bool:
    """Whether `words` start by turning a remedy down ("不要退款", "不用道歉")."""
    return words.startswith(_REFUSING)


# "没道歉" says what did not happen: no wish, and no wish taken back either.
_NEGATION = (*_REFUSING, "没", "没有")
# The same remedies in English, whole words ("fix" is not in "prefix").
_REMEDIES_EN: tuple[tuple[str, str], ...] = (
    ("compensation", r"compensat(?:e|ed|ion)|reimburse(?:ment|d)?|damages"),
    ("refund", r"refund(?:ed)?|money\s+back|return\s+(?:it|them)|take\s+(?:it|them)\s+back"),
    ("exchange", r"replace(?:ment|d)?|a\s+new\s+one|exchange(?:d)?|swap"),
    ("repair", r"repair(?:ed)?|fix(?:ed)?"),
    ("apology", r"apolog(?:y|ies|ise|ize)|say\s+sorry"),
    ("improvement", r"improve(?:ment)?|train\s+(?:your|the)\s+staff|better\s+service"),
)
REMEDY_EN_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _REMEDIES_EN) + r")\b",
    re.IGNORECASE,
)
# "I don't need a refund", "not a replacement", "no apology": a few words back at most.
_NEGATION_EN = re.compile(
    r"(?:\b(?:not?|never|without|forget|drop|skip)|n't)(?:\s+[a-z]+){0,2}\s*$", re.I
)

# Where a remedy's wording ends: punctuation, a joining word before the next wish, or a
# reason or condition that follows it ("退款因为…", "赔偿的话…"). \x00 is a span another
# field took (a phone number, a time).
_CLAUSE_END = re.compile(
    r"[\x00\s,.;:!?，。；：！？…~（）()\[\]【】]|并且|而且|同时|还要|另外|然后"
    r"|因为|否则|不然|要不|如果|的话|不过|但是|可是|电话|手机|联系"
)
# Words joining one wish to the next ("退款并赔偿", "修好再减免"), cut off a wording's end.
_JOINERS = (
    "并且",
    "以及",
    "还有",
    "加上",
    "或者",
    "并",
    "和",
    "跟",
    "再",
    "还",
    "或",
    "也",
    "加",
    "、",
)
# Whom the customer asks is no part of the wish: "你们赔医药费" is the wish "赔医药费" (the
# issue: "您的诉求：你们赔医药费"). A wording never starts with one of these.
_PRONOUN = re.compile(r"[你他她]们?|您")
_MAX_WORDING = 16  # characters past the remedy word; longer runs are the story, not the wish
_TRAILING = "的了吧啊呀呢哦嘛"


@dataclass(frozen=True)
class Remedy:
    """One wish: its docs/process.md key and where its wording sits in the text."""

    key: str
    start: int
    end: int


def _wording_end(work: str, end: int, before: int) -> int:
    """Where the wording of a remedy word ending at `end` stops: its clause's end (see
    _CLAUSE_END) or the next remedy word at `before`, without joiners or particles."""
    limit = min(len(work), end + _MAX_WORDING, before)
    stop = _CLAUSE_END.search(work, end, limit)
    if stop is None and limit < min(len(work), before):
        return end  # no clause end in sight: the words that follow are the story
    cut = stop.start() if stop else limit
    trimmed = True
    while trimmed and cut > end:
        trimmed = False
        for word in (*_JOINERS, *_TRAILING):
            if work.endswith(word, end, cut):
                cut, trimmed = cut - len(word), True
                break
    return cut


def find_remedies(text: str, keep: str | None = None) -> list[Remedy]:
    """Every remedy asked for in `text`, in order, one per kind (the first wording wins).

    `text` is the normalised, masked work copy; `keep` (same length) is a copy in which sums
    are still readable, so "赔偿医药费1000元" keeps its sum in the wording.
    """
    view = keep if keep is not None else text
    found: list[Remedy] = []
    matches = [m for m in REMEDY_RE.finditer(text) if not _negated(text, m) and not _told(text, m)]
    if _LATIN.search(text):  # English words the Chinese pattern does not already hold
        taken = [(m.start(), m.end()) for m in matches]
        matches += [
            m
            for m in REMEDY_EN_RE.finditer(text)
            if not _negated(text, m) and not any(a < m.end() and m.start() < b for a, b in taken)
        ]
        matches.sort(key=lambda m: m.start())
    for index, m in enumerate(matches):
        key = m.lastgroup or "other"
        if any(r.key == key for r in found):
            continue
        before = matches[index + 1].start() if index + 1 < len(matches) else len(view)
        lead = _PRONOUN.match(text, m.start())
        start = lead.end() if lead and lead.end() < m.end() else m.start()
        end = _wording_end(view, m.end(), before)
        if end == m.end():  # nothing after the verb: its object came first ("寿司钱退")
            after = found[-1].end if found else 0
            start = _object_before(view, start, max(after, _previous_end(matches, index)))
        found.append(Remedy(key, start, end))
    return found


def _previous_end(matches: list[re.Match[str]], index: int) -> int:
    return matches[index - 1].end() if index else 0


# Where the words before a remedy verb start: a clause mark or a joining word.
_SEGMENT_MARK = re.compile(r"[\x00\s,.;:!?，。；：！？…~（）()\[\]【】、]")
# Words that open a wish without being its object: "还要", "是", "我要求".
_OPENERS = re.compile(
    r"(?:[我你他她]们?的?|您|是|就是|那就|就|还要|还得|还有|还|另外|并且|而且|然后|也要|也|再|"
    r"加上|加|或者|或|和|跟|要求|要|希望|想要|想|必须|得|请|给我|麻烦|让|一定要|最好|诉求是?|"
    # A correction's verb ("诉求改成换货") and a spoken filler ("哦还要赔偿") are no object of
    # the wish either.
    r"改成|换成|改为|变成|哦|噢|喔|嗯|啊|哎|唉|对了)+"
)
# A story, not an object: "东西坏了要退" is no wording "东西坏了要退".
_NOT_OBJECT = re.compile(r"[了过说没不]")
_MAX_OBJECT = 8


def _object_before(view: str, start: int, floor: int) -> int:
    """Where the wording of a remedy said verb-last starts: its object before it ("医药费"
    in "医药费全报", "把300" in "把300退给我"), from the clause's start or the earlier wish
    on (`floor`), without opening words; `start` when there is no such short object."""
    begin = floor
    for mark in _SEGMENT_MARK.finditer(view, floor, start):
        begin = mark.end()
    opened = _OPENERS.match(view, begin, start)
    if opened:
        begin = opened.end()
    words = view[begin:start]
    if not words or len(words) > _MAX_OBJECT or _NOT_OBJECT.search(words):
        return start
    return begin


# "另外还要道歉", "也要赔偿": a wish added to those said before, not one replacing them.
_ADDING = re.compile(
    r"(?:还要|还得|还需要|还有|另外|此外|也要|也得|也需要|再加上|再加|加上|加一个|"
    r"外加|同时|also|as well|plus|and also)"
    r"[^\x00,.!?，。！？]{0,4}$"
)


def adds_to_earlier(text: str, remedies: list[Remedy]) -> bool:
    """Whether the first remedy in `text` is said as one more ("另外还要道歉")."""
    return bool(remedies) and bool(_ADDING.search(text, 0, remedies[0].start))


def find_remedy(text: str) -> tuple[str | None, int, int]:
    """(remedy, start, end) of the first remedy asked for, or (None, 0, 0)."""
    found = [
        (m.start(), m)
        for m in REMEDY_RE.finditer(text)
        if not _negated(text, m) and not _told(text, m)
    ]
    if _LATIN.search(text):
        found += [(m.start(), m) for m in REMEDY_EN_RE.finditer(text) if not _negated(text, m)]
    if not found:
        return None, 0, 0
    m = min(found, key=lambda pair: pair[0])[1]
    return m.lastgroup, m.start(), m.end()


_LATIN = re.compile(r"[A-Za-z]{3}")


def _negated(text: str, m: re.Match[str]) -> bool:
    if m.group().isascii():
        return bool(_NEGATION_EN.search(text, max(0, m.start() - 20), m.start()))
    before = text[max(0, m.start() - 3) : m.start()]
    return any(before.endswith(neg) for neg in _NEGATION)


def _refusing(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 3) : m.start()]
    return any(before.endswith(neg) for neg in _REFUSING)


# A remedy word inside the story is not the customer's wish (newcomer trial): what did not
# happen ("经理也没出来道歉", "一直不给退款") and what the other side offered or did ("还说给我
# 20块钱补偿", "答应赔偿", "已经退款了"). Read in the remedy word's clause, a few words back.
_CLAUSE_MARK = re.compile(r"[\s,.;:!?，。；：！？…~（）()\[\]【】]")
_DID_NOT = re.compile(
    r"(?:没有?|未|不肯|不给|不愿意?|拒绝|不接受|不同意|不)[^要想求请就\x00]{0,3}$"
)
_OFFERED = re.compile(
    r"说|答应|表示|提出|承诺|同意|愿意|只肯|只给|只同意|只能|打算|准备|提议|已经|已"
)
# Said by the customer ("我跟他说要退款") or asked for after the offer ("说实话我只想退款").
_SPEAKER = re.compile(r"我|要求|希望|必须")
_OWN_WISH = re.compile(r"我要|我想|我只想|我只要|要求|希望|必须")
_CLAUSE_BACK = 15
# Someone else doing it is what happened ("师傅上门修空调", "商家补偿了10元"), unless the
# customer asks for it ("让师傅上门修", "要求客服道歉").
_THIRD_PARTY = re.compile(
    r"(?:师傅|店员|客服|服务员|商家|店家|卖家|对方|快递员|骑手|经理|老板|物业|司机|前台|"
    r"工作人员|他们|她们|他|她)(?:又|还|也|都|已经?|刚|来|就|马上|主动|当场|给我)*$"
)
_ASKING = re.compile(r"让|叫|请|要求|希望|派|要|必须|得")


def _told(text: str, m: re.Match[str]) -> bool:
    """Whether the remedy word at `m` is part of the story (see _DID_NOT, _OFFERED), not
    a wish; English words are left to _negated."""
    if m.group().isascii():
        return False
    begin = max(0, m.start() - _CLAUSE_BACK)
    for mark in _CLAUSE_MARK.finditer(text, begin, m.start()):
        begin = mark.end()
    clause = text[begin : m.start()]
    if _DID_NOT.search(clause) and not _negated(text, m):
        return True
    doer = _THIRD_PARTY.search(clause)
    if doer and not _ASKING.search(clause, 0, doer.start()):
        return True
    offers = list(_OFFERED.finditer(clause))
    if not offers:
        return False
    offer = offers[-1]  # the last one: "说…答应" counts from where the offer is
    return not (_SPEAKER.search(clause, 0, offer.start()) or _OWN_WISH.search(clause, offer.end()))


def refused_remedies(text: str) -> tuple[str, ...]:
    """The kinds of remedy the text says are not wanted ("不要退款了", "no refund"), in order.

    A customer taking a wish back (issue 9: "算了不要退款了 换货吧") drops it from the list.
    """
    matches = list(REMEDY_RE.finditer(text))
    if _LATIN.search(text):
        matches += list(REMEDY_EN_RE.finditer(text))
    keys = [
        m.lastgroup or "other"
        for m in sorted(matches, key=lambda m: m.start())
        if _negated(text, m) and (m.group().isascii() or _refusing(text, m))
    ]
    return tuple(dict.fromkeys(keys))
