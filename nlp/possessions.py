"""The customer's own things damaged by a service: part of the harm, never the object.

A dry cleaner that ruined a coat, a repair shop that broke the phone it was given, a waiter who
spilled soup on a dress: the complaint is against the business, and the coat, phone or dress
is what it cost the customer ("衣服都毁了 我那件衣服一千多买的", "手机被他们修坏了 我那台手机
八千多", "the dry cleaner ruined my jacket"). Newcomer trial 22: each was filed as the product
complained about. A thing bought from the business that broke by itself ("我那台手机八千多买的
用了三天就坏了", "在你们店买的衣服 洗了一次就缩水了") stays the product.
"""

from __future__ import annotations

import re

from nlp.extract_text import normalise

__all__ = ["damaged_possession"]

# Cheap look for the words any reading below needs: most messages hold none of them.
_CUES = re.compile(
    r"毁|坏|脏|破|毀|壞|髒|缩水|变形|掉色|ruin|stain|shr[au]nk|damaged|broke|scratched"
)

# What a service did to the thing, verb and result together: "修坏", "洗缩水", "弄脏", "烫破".
# The verb is the business's doing; "坏了" alone is a fault of the thing itself.
_ACTS = r"(?:修|洗|干洗|烫|熨|弄|搞|整|剪|染|摔|压|刮|磕|碰|拆|装|泡)"  # 整: Cantonese 弄
_RESULTS = r"(?:坏|毁|脏|破|花|烂|丢|缩水|变形|掉色|皱)"
_CLAUSE = r"[^，。,.!！;；\s]"
# Bought from the business complained to: then the thing is its product, whatever happened.
_BOUGHT_HERE = re.compile(r"(?:你们|贵店|你家|这家|在这)" + _CLAUSE + r"{0,6}?(?:买|购|订)的")


def _chinese(text: str, product: str) -> bool:
    """Whether folded `text` says `product` was damaged by someone's doing: passive with an
    act ("手机被他们修坏了"), disposal ("把我的羽绒服洗坏了"), or ruined ("衣服都毁了")."""
    thing = re.escape(product)
    passive = thing + _CLAUSE + r"{0,3}?被" + _CLAUSE + r"{0,6}?" + _ACTS + _RESULTS
    disposal = (
        r"把(?:我的?|我那|我这)?" + _CLAUSE + r"{0,3}?" + thing + r"(?:给)?" + _ACTS + _RESULTS
    )
    ruined = thing + r"(?:都|全|也|全都|就)?(?:被)?(?:毁|弄毁|搞毁)"
    return any(re.search(pattern, text) for pattern in (passive, disposal, ruined))


def _english(text: str, product: str) -> bool:
    """Whether `text` says someone ruined, stained or broke the customer's own `product`
    ("ruined my jacket", "my jacket was ruined"); "my phone arrived broken" is its fault."""
    thing = re.escape(product.lower())
    done = r"(?:ruined|stained|shrank|shrunk|damaged|broke|scratched)"
    by_them = rf"\b{done}\s+my\s+(?:[a-z]+\s+){{0,2}}?{thing}\b"
    ruined = (
        rf"\bmy\s+(?:[a-z]+\s+){{0,2}}?{thing}\s+(?:was|got|is)\s+(?:totally\s+)?"
        r"(?:ruined|stained|shrunk)\b"
    )
    lowered = text.lower()
    return bool(re.search(by_them, lowered) or re.search(ruined, lowered))


def damaged_possession(text: str, product: str) -> bool:
    """Whether `product`, read from `text`, is the customer's own thing a service damaged
    (see the module's docstring): then it is the harm, and the business is the object."""
    if not product or not _CUES.search(text.lower()):
        return False
    folded = normalise(text)
    if _BOUGHT_HERE.search(folded):
        return False
    if product.isascii():
        return _english(text, product)
    return _chinese(folded, normalise(product))
