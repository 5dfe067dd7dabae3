"""The object complained about: the product or service, and the staff member named.

Products come from a word list (nlp/data/extract_products.txt); the one right after a
purchase word (买的, 订的, 办的) is preferred, since a complaint also names things that are
not its object (孩子, 医院). When the list knows none, the tokenizer tags the few words after
the purchase word and the first noun is taken.
"""

from __future__ import annotations

import re

from nlp import tokenizer
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
    r"装的|寄的|收到的|下单的|下单了|入住的|住的|充的|投保的|买"
)
_WINDOW = 10
_NOUN_TAGS = {"n", "nz", "eng", "nr", "ng", "vn", "z"}
_SKIP_TAGS = {"m", "q", "mq", "uj", "ul", "a", "r", "x", "d"}
# 客服电话 is a phone line, not a person (店长电话 is still the manager's).
_NOT_STAFF_AFTER = ("电话", "热线")


def _products(work: str, skip: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Product spans in `work`, leaving out staff words and the places already found."""
    return [
        (start, end)
        for start, end in _OBJECTS.find(work)
        if work[start:end] not in _ROLE_WORDS and not any(s <= start < e for s, e in skip)
    ]


def _tagged_noun(text: str, work: str, start: int) -> str | None:
    """First noun jieba finds in the few words after a purchase word."""
    if not tokenizer.is_loaded():
        return None
    window = work[start : start + _WINDOW].split("\x00")[0]
    pos = start
    for word, flag in tokenizer.tagged(window, hmm=False):
        if flag in _NOUN_TAGS and len(word) > 1:
            return text[pos : pos + len(word)]
        if flag not in _SKIP_TAGS:
            return None
        pos += len(word)
    return None


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
        if after:
            return _with_joined(text, work, hits, after[0])
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
    """The staff member named, or several named together ("店员和店长" -> "店员、店长")."""
    roles = [
        (start, end)
        for start, end in _ROLES.find(work)
        if not (work[start:end].endswith("客服") and work.startswith(_NOT_STAFF_AFTER, end))
    ]
    return "、".join(_with_joined(text, work, roles, roles[0])) if roles else None
