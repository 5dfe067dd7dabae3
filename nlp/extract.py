"""Field extraction: the facts of a complaint found in free Chinese or English text (issue 3,
part 3; English: issue 9 item 7).

The intake conversation calls `extract_fields` on the first message to pre-fill the complaint
and on each answer to read it, so a bare answer ("昨天晚上", "朝阳门店", "退款",
"13812345678") must be recognised on its own. A bare name ("王芳") is not: out of context it
is any two characters, and the conversation knows which question it asked.

Pattern fields run first on a normalised copy (half-width, simplified; see extract_text),
each blanking the span it took so later patterns cannot read it again: e-mail, order number,
工号, ID card (blanked, never kept), phone, amounts, time. Word fields (name, place,
product, remedy) follow. Fields that are "as written" are cut from the original text by the
same offsets. When the message takes a value back ("…oh wait typo its …", "不是X是Y", "not
X, Y"), the facts of the words that replace it win (nlp/intent.py:corrected_part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache

from nlp.extract_company import (
    HOME_LINE,
    courier,
    find_company,
    find_organisation,
    is_chain,
    remote_company,
)
from nlp.extract_english import (
    find_brand_en,
    find_places_en,
    find_product_en,
    find_staff_en,
    names_city_en,
    names_place_en,
)
from nlp.extract_numbers import AMOUNT_RE, VERB_AMOUNT_RE, amount_of, verb_amount_of
from nlp.extract_object import find_products, find_service, find_staff_role, staff_with_surname
from nlp.extract_person import find_name, framed_name, name_taken_back
from nlp.extract_place import Places, find_channel, find_places, is_platform
from nlp.extract_refs import (
    eight_digits,
    find_email,
    find_id_card,
    find_local_number,
    find_order,
    find_phone,
    find_plate,
    find_regional_number,
    find_staff_no,
    hong_kong_hint,
    hong_kong_mobile,
    mask,
)
from nlp.extract_remedy import (
    MONEY_KEYS,
    adds_to_earlier,
    blanked,
    changes_mind,
    find_remedies,
    refused_remedies,
    refused_wishes,
    remedy_nouns,
    stated_values,
    with_money_tail,
    with_values,
)
from nlp.extract_text import normalise
from nlp.extract_time import FoundTime, find_time
from nlp.intent import corrected_part, take_back
from nlp.language import ENGLISH_WORDS
from nlp.possessions import damaged_possession
from nlp.script import writes_traditional
from nlp.severity_rules import cn_to_int
from nlp.time_precision import Precision, precision

__all__ = ["Extracted", "extract_fields"]

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _has_english_words(work: str) -> bool:
    """An English word the lists know ("bought", "store"): brand names inside Chinese text
    (iPhone坏了) do not make the English finders run."""
    return any(w in ENGLISH_WORDS for w in _LATIN_WORD.findall(work.lower()))


@dataclass(frozen=True)
class Extracted:
    name: str | None = None
    phone: str | None = None
    # A number abroad written without its country code ("07700 900123"), as written: never
    # kept as the contact, the customer is asked for its code (nlp/extract_refs.py).
    local_phone: str | None = None
    email: str | None = None
    order_no: str | None = None
    amounts: tuple[Decimal, ...] = ()
    occurred_at: datetime | None = None
    occurred_text: str | None = None
    place: str | None = None
    platform: str | None = None
    product: str | None = None
    store: str | None = None
    # The company named as what the complaint is against ("投诉移动", "招商银行的…"): it is
    # the store above when no store was named, and the place only as its channel: what a bank
    # or carrier sold, or a courier named (_channel_place; nlp/extract_company.py).
    company: str | None = None
    staff: str | None = None
    remedy: str | None = None  # the first remedy named (kept for one-key reports)
    remedy_text: str | None = None
    # Every remedy named, in order: (docs/process.md key, the customer's wording) (issue 9 item 5).
    remedies: tuple[tuple[str, str], ...] = ()
    remedy_added: bool = False  # said as one more wish ("另外还要道歉"), not a replacement
    remedies_refused: tuple[str, ...] = ()  # kinds said not to be wanted ("不要退款了")
    wishes_refused: tuple[str, ...] = ()  # wishes' words said not to be wanted ("不用重新保养了")
    remedies_only: bool = False  # a change of mind: these replace all before ("算了 … 退款")
    # The time read is when the thing was bought or ordered ("上周三买的鞋子"), the only time
    # said: the complaint's time until the incident's is told (see _complaint_time).
    bought_time: bool = False
    # Every product named together ("手机和耳机"); `product` is the first.
    products: tuple[str, ...] = ()

    @property
    def venue(self) -> str | None:
        """The store as a place: None when the store is only the company named ("投诉移动"),
        which is what the complaint is against, not where it happened."""
        return self.store if self.store != self.company else None

    @property
    def product_label(self) -> str | None:
        """The products as one label, "手机、耳机", or the one product."""
        return "、".join(self.products) if len(self.products) > 1 else self.product


def _amounts(work: str) -> tuple[tuple[Decimal, ...], str]:
    """Sums in the order written; the same sum said twice is one fact."""
    found: list[tuple[int, Decimal]] = []
    for m in AMOUNT_RE.finditer(work):
        if (value := amount_of(m, work)) is not None:
            found.append((m.start(), value))
            work = mask(work, m.start(), m.end())
    for m in VERB_AMOUNT_RE.finditer(work):
        if (value := verb_amount_of(m)) is not None:
            found.append((m.start("num") if m["num"] else m.start("num2"), value))
            work = mask(work, m.start(), m.end())
    values: list[Decimal] = []
    for _, value in sorted(found, key=lambda pair: pair[0]):
        if value not in values:
            values.append(value)
    return tuple(values), work


def extract_fields(text: str, now: datetime, traditional: bool = False) -> Extracted:
    """Pure: no I/O on the call path. `now` is tz-aware (the message's own time, in the
    business's TIMEZONE); `occurred_at` is in the same zone and never after `now`,
    except for a date written with its year (2030年1月1日), which is kept as written.
    `traditional`: the conversation is held in traditional characters, so a Taiwan mobile
    ("0937123456") is +886 even in a message too short to show its script ("王先生
    0937-123-456"; newcomer trial 21). The last 32 results are remembered (a turn reads its
    message more than once)."""
    # The zone is part of the key: equal instants in two zones compare equal, but "昨天"
    # is another day in each.
    return _remembered(text, now, now.tzinfo, traditional)


# Pure and its result immutable, so the same (text, now) is read once: a turn's handlers ask
# for the same message's fields about twice (bench/bench_turn.py: 1,849 calls for 940
# messages). Kept small: a few turns' messages, not a store of what customers wrote.
@lru_cache(maxsize=32)
def _remembered(text: str, now: datetime, _zone: tzinfo | None, traditional: bool) -> Extracted:
    found = _extract(text, now, traditional)
    later = corrected_part(text)
    if not later:
        return found
    replaced = _extract(_spliced(text) or later, now, traditional)
    if found.name and not replaced.name and (name := name_taken_back(later)):
        replaced = replace(replaced, name=name)  # "我叫李娜娜 名字写错了 是李娜"
    return _with_later(found, replaced)


# A number taken back and said again bare: "订单号是305512 不对 是305521", "退款299 不对 是399",
# "11月20号 不对 是21号" (newcomer trial 14: the bare 305521 was no order number, and the order
# filed was the one taken back). The old number is the last one before the take-back (up to
# two unit characters after it: 块, 元, 号); the new one opens the words after it.
# A code may open with letters ("WX20261128033 不对 是WX20261128038", "TB…555 不对 是TB…556";
# newcomer trial 17: the first code was kept), and the unit may carry a verb ("28号扣的").
_OLD_NUMBER = re.compile(
    r"(?<![A-Za-z\d.])[A-Za-z]{0,6}\d+(?:\.\d+)?(?=[^\d\s，,。.!！;；]{0,3}[\s，,。.!！;；]*$)"
)
_NEW_NUMBER = re.compile(
    r"(?:应该|其实|实际)?(?:是|为)?\s*(?:(?:it|that)'?s\s+|it\s+(?:is|was)\s+|is\s+)?"
    r"(?P<num>[A-Za-z]{0,6}\d+(?:\.\d+)?)(?![\d.])",
    re.I,
)


def _spliced(text: str) -> str | None:
    """The message with the number it takes back replaced by the one said after the
    take-back, so the new number keeps the words that said what it is (订单号, 退款, 11月):
    "订单号是305512 不对 是305521 收到就不能充电" -> "订单号是305521 收到就不能充电". None when
    the take-back does not replace one number by another of about its length (a phone's last
    four digits are read by handlers/phone_tail.py, not here)."""
    split = take_back(text)
    if split is None:
        return None
    before, after = split
    old, new = _OLD_NUMBER.search(before), _NEW_NUMBER.match(after)
    if old is None or new is None or len(new["num"]) < len(old.group()) - 2:
        return None
    return before[: old.start()] + after[new.start("num") :]


# A cheap gate before remedy_nouns: the noun's remedy words.
_REMEDY_ROOT = re.compile(r"维修|检修|退款|退货|退费|换货|赔偿|补偿|理赔")


# Attributes that go together: a field the words after a take-back give replaces all of its
# group (the time with its wording, the remedy with its list).
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("name",),
    ("phone",),
    ("email",),
    ("order_no",),
    ("amounts",),
    ("occurred_at", "occurred_text"),
    ("place", "platform", "store", "company"),
    ("product", "products"),
    ("staff",),
    ("remedy", "remedy_text", "remedies", "remedy_added", "remedies_only"),
    ("remedies_refused",),
    ("wishes_refused",),
)


def _with_later(found: Extracted, later: Extracted) -> Extracted:
    """`found` (the whole message's facts) with every field the words that take something
    back give replaced by theirs: in "13700001111 oh wait typo its 13700001112" or
    "not the laptop, the charger" the later value wins (newcomer trial 6: the first did)."""
    changes = {
        name: getattr(later, name)
        for group in _GROUPS
        if any(getattr(later, name) for name in group)
        for name in group
    }
    return replace(found, **changes) if changes else found


def _eight_beside_name(text: str, work: str) -> tuple[str | None, str]:
    """(8 digits starting 5-9, a Hong Kong or Macau number written without its code, when
    a name stands right beside them: "陳小姐 9123 4567", "陳大文 91234567", "91234567 黃生";
    `work` with them blanked); (None, work) otherwise. Said so they are a phone to ask the code
    of, whatever the question (newcomer trial 21: dropped in silence beside the name), where
    alone they may be a sum or a code and are read only at the contact question."""
    for start, end in eight_digits(work):
        blanked = mask(work, start, end)
        name = find_name(text, blanked)
        if not name:
            continue
        before = work[:start].rstrip(" ,，:：;；、")
        after = work[end:].lstrip(" ,，:：;；、")
        if before.endswith(normalise(name)) or after.startswith(normalise(name)):
            return work[start:end], blanked
    return None, work


# A contact detail named as what is given, left or refused ("I would rather not give my
# phone", "手机号就不给了", "不方便留手机"): the customer speaks of how to be reached, not of a
# product, so the word is never the complaint's object (newcomer trial 20: "phone" was
# filed as the object of a gym complaint). "给我的手机贴膜" still names one: 给 counts only
# when refused.
_CONTACT_NOUN_ZH = r"(?:手机号码|手机号|手机|电话号码|电话|号码|联系方式|邮箱|微信号?)"
_CONTACT_NOUN_EN = (
    r"(?:(?:mobile|cell|phone|contact)\s+(?:number|no\.?|details?)"
    r"|phone|mobile|cell|number|e-?mail(?:\s+address)?)"
)
_CONTACT_GIVEN = re.compile(
    rf"(?:留|(?:不|没|不想|不愿意?|不方便|别|懒得)(?:给|提供|告诉|填|写|报|发))"
    rf"(?:个|一下|下|你们|您|你|我的|我|的){{0,3}}{_CONTACT_NOUN_ZH}"
    rf"|{_CONTACT_NOUN_ZH}(?=(?:就|也|还是|我|的话|嘛|呢|\s)*"
    r"(?:不给|不留|不想|不方便|不愿|不提供|不说|保密|算了|就算了|免了|不能给))"
    rf"|\b(?:give|leave|share|provide|send|tell)\s+(?:you\s+|u\s+)?(?:my\s+|a\s+|the\s+|any\s+|our\s+)?{_CONTACT_NOUN_EN}\b"
    rf"|\b(?:no|without)\s+(?:phone|mobile|number|e-?mail)\b(?=\s*(?:[,.!]|$|sorry|please|thanks|for\s+you))",
    re.I,
)


def _without_contact_words(work: str) -> str:
    """`work` with the contact details named as given or refused blanked (see
    _CONTACT_GIVEN), so no product finder reads them."""
    return _CONTACT_GIVEN.sub(lambda m: " " * len(m.group()), work)


# "for" just before a time: what a remedy is for ("refund for this month").
_FOR_TIME = re.compile(r"\bfor\s+(?:the\s+)?$", re.I)


def _extract(text: str, now: datetime, traditional: bool = False) -> Extracted:
    work = normalise(text)
    nouns = remedy_nouns(work) if _REMEDY_ROOT.search(work) else []
    email, work = find_email(work)
    plate, work = find_plate(work)  # before the order: "京B12345" holds a flight's shape
    order_no, work = find_order(work)
    staff, work = find_staff_no(work)
    work = find_id_card(work)  # after the order: an order number may look like one
    phone, work = find_phone(work)
    local_phone = None
    if phone is None:  # "香港號碼 91234567": the region named decides the code
        # a Taiwan mobile's "09", in a message or a conversation in traditional characters
        taiwan = "09" in work and (traditional or writes_traditional(text) is True)
        phone, work = find_regional_number(work, taiwan)
    if phone is None:
        local_phone, work = find_local_number(work)
    hong_kong = (traditional or writes_traditional(text) is True) and hong_kong_hint(text)
    if local_phone and hong_kong and (number := hong_kong_mobile(local_phone)):
        # "電話係 5123 4567" in written Cantonese: a Hong Kong mobile, whatever its first
        # digit 4-9 (newcomer trial 24: 5 and 6 were asked their code)
        phone, local_phone = number, None
    if phone is None and local_phone is None:
        local_phone, work = _eight_beside_name(text, work)
        if (
            local_phone
            and (traditional or writes_traditional(text) is True)
            and hong_kong_hint(text)
        ):
            # "陳大文 98765432" in traditional characters with Hong Kong in the message: a
            # Hong Kong mobile (trial 22); without, it may be Taiwan's: its code is asked
            phone = hong_kong_mobile(local_phone)
            local_phone = None if phone else local_phone
    # "我叫周五": the name said in its frame is no time nor thing (newcomer trial 24)
    framed = framed_name(work)
    if framed is not None:
        work = mask(work, *framed)
    contacts = work  # a bare name stands beside these, not beside a time ("黄焖鸡 昨晚八点多")
    work = _without_contact_words(work)
    before_amounts = work
    amounts, work = _amounts(work)
    when, others, bought = _complaint_time(work, now)
    for other in others:  # a purchase time passed over: context, kept in the account only
        work = mask(work, other.start, other.end)
        before_amounts = mask(before_amounts, other.start, other.end)
    if when is not None:
        work = mask(work, when.start, when.end)
        # "减免这个月的费用", "a refund for this month": a time naming the thing paid for
        # stays in the wish's words (newcomer trial 20: "You want: refund for").
        names_thing = work.startswith("的", when.end) or _FOR_TIME.search(work[: when.start])
        if not names_thing:
            before_amounts = mask(before_amounts, when.start, when.end)
    # A remedy's wording may hold a sum ("赔偿医药费1000元"), so it is read with sums in.
    # "维修单号是…", "退款单": a record, no wish
    wishes = with_money_tail(
        before_amounts, find_remedies(blanked(work, nouns), blanked(before_amounts, nouns))
    )
    remedies = _one_per_kind(tuple((r.key, _alternative(text, r.start, r.end)) for r in wishes))
    if any(r.key in MONEY_KEYS for r in wishes):  # "赔我钱，那个包两千块买的": its value
        values = [text[a:b].strip() for a, b in stated_values(before_amounts, wishes)]
        remedies = with_values(remedies, values)
    places: Places = find_places(text, work)
    company = find_company(text, work)
    named = company is not None  # by its name, not its kind ("银行多扣了…": which one?)
    company = company or find_organisation(text, work)
    # The company's name is no product ("平安保险" is the insurer, not 保险).
    skip = places if company is None else replace(places, spans=(*places.spans, company[1]))
    products = tuple(p for p in find_products(text, work, skip) if not _lacked_phone(work, p))
    if staff is None:
        staff = find_staff_role(text, _without_asked_managers(work))
        staff = staff_with_surname(text, staff)
    if staff and (owner := _staff_owner(text, work, staff, places)):
        # "链家的中介小李", "美团的骑手小张": the business the staff member works for is what
        # the complaint is against (newcomer trial 20: 链家 was only the place). A platform
        # stays the place too, as when something was ordered on it ("滴滴司机": the ride).
        company = (owner, company[1] if company else (0, 0))
    if plate:  # the vehicle names its driver: "司机（车牌京B12345）", or the plate alone
        staff = f"{staff}（车牌{plate}）" if staff else f"车牌{plate}"
    if staff and products:
        products = _without_staff_doings(text, work, staff, products)
    if places.store:
        products = tuple(p for p in products if not _store_kind_of(p, places.store))
    product = products[0] if products else None
    owner = company[0] if company else None  # before it joins its product (招商银行信用卡)
    if company and product and text.startswith(product, company[1][1]):
        # "招商银行信用卡": the company's own product, read whole as a brand's is (耐克跑鞋)
        product = company[0] + product
        products, company = (product, *products[1:]), None
    # A store whose name opens in Latin letters may be a chain's cut at a blank or "&"
    # ("apple store三里屯店" read as "store三里屯店", "H&M三里屯店" as "M三里屯店").
    if (not places.store or _latin_cut(work, places.store)) and (
        branded := find_brand_en(text, work, places.place)
    ):
        # "上海外滩 Marriott": the hotel, with the place said before it (newcomer trial 14).
        places = replace(places, store=branded.store, place=branded.place or places.place)
        if company is None and branded.store and not places.place and is_chain(branded.store):
            # "在H&M买的": a chain named alone is what the complaint is against, no venue: the
            # place question asks which of its stores (as "海底捞的服务员…")
            at = work.lower().find(branded.store.lower())
            company = (branded.store, (at, at + len(branded.store)))
    mixed = bool(places.place) and not places.store and names_place_en(work)
    if _has_english_words(work) or names_city_en(work) or mixed:
        # English words: what the Chinese finders left empty (nlp.extract_english).
        english = find_places_en(text, work)
        if english.store and not places.store:
            places = replace(places, store=english.store, place=places.place or english.store)
        elif english.place and (not places.place or _channel_only(places)):
            # "State Grid app, Haidian Beijing": the district, not the app (newcomer trial 14)
            places = replace(places, place=english.place)
        elif english.place and places.place and not places.store:
            places = replace(places, place=_in_order(text, english.place, places.place))
        staff = staff or find_staff_en(text, work)
        if product is None and (english_product := find_product_en(text, work)):
            product, products = english_product, (english_product,)
    if products and any(damaged_possession(text, p) for p in products):
        # "手机被他们修坏了", "衣服都毁了": the customer's own thing a service damaged is the
        # harm, not the object; the business is (nlp/possessions.py, newcomer trial 22).
        products = tuple(p for p in products if not damaged_possession(text, p))
        product = products[0] if products else None
    places = _without_denied_store(work, places)
    if product and not (places.place or places.store or owner):
        places = _card_channel(work, places, product)
    # After the English finders: a district said in English is a physical place.
    places = _channel_place(work, places, owner, product if staff is None else None, named)
    if not (product or staff or places.store or company) and (service := find_service(text, work)):
        product, products = service, (service,)  # "客服电话一直打不通": the line is the object
    name = text[framed[0] : framed[1]] if framed else find_name(text, work, contacts)
    if name and _in_business_name(name, places, company):
        name = None  # "China" of "China Mobile", "Southern" of "China Southern": no person
    return Extracted(
        name=name,
        phone=phone,
        local_phone=local_phone,
        email=email,
        order_no=order_no,
        amounts=amounts,
        occurred_at=when.at if when else None,
        occurred_text=_time_words(text, when),
        bought_time=bought,
        place=places.place,
        platform=places.platform,
        product=product,
        products=products,
        store=places.store or (company[0] if company else None),
        company=company[0] if company else None,
        staff=staff,
        remedy=remedies[0][0] if remedies else None,
        remedy_text=remedies[0][1] if remedies else None,
        remedies=remedies,
        remedy_added=adds_to_earlier(work, wishes),
        remedies_refused=refused_remedies(work),
        wishes_refused=refused_wishes(work),
        remedies_only=changes_mind(work, wishes),
    )


# Words that deny a store before it: "there is no store", "没有门店", "不是在营业厅办的"
# (newcomer trial 22: "no store" was filed as the store, and replaced the carrier).
_STORE_DENIED = re.compile(
    r"(?:\b(?:no|not\s+(?:at|in)\s+(?:an?|the|any))\s+(?:particular\s+|physical\s+)?"
    r"|(?:没有|没|无|不是在|不在)(?:具体的?|什么)?)$",
    re.I,
)
_DENIED_IN_NAME = re.compile(r"(?:no\s+|没有)(?:具体的?)?(?=.)", re.I)  # not 无: 无印良品


def _without_denied_store(work: str, places: Places) -> Places:
    """`places` without a store the words before it deny ("no store", "没有门店"): none was
    said, so none is kept, nor the same words as the place."""
    if not places.store:
        return places
    at = work.lower().find(places.store.lower())
    denied = _DENIED_IN_NAME.match(places.store) or (
        at >= 0 and _STORE_DENIED.search(work, max(0, at - 24), at)
    )
    if not denied:
        return places
    place = None if places.place == places.store else places.place
    return replace(places, store=None, place=place)


# A card or account, and the channel it went wrong through said bare beside it ("信用卡被盗刷
# 了 在网上", "银行卡 app里被扣了"): that channel is where (newcomer trial 22: no place read, and
# the place question asked what had been said). "网上买的" is read by find_channel.
_CARD_OR_ACCOUNT = re.compile(r"卡$|账号|帐号|账户|帐户|余额")
_BARE_CHANNEL = re.compile(
    r"(?P<online>网上|线上|网购|在线)|(?P<app>手机银行|网银|app|App|APP)(?=里|上|$|[\s，,。.!！])"
)


def _card_channel(work: str, places: Places, product: str) -> Places:
    """`places` with the channel said bare beside a card or account as the place: "网上
    （信用卡）", "App（银行卡）"; unchanged for any other product or no channel said."""
    if not _CARD_OR_ACCOUNT.search(product) or not (m := _BARE_CHANNEL.search(work)):
        return places
    channel = "网上" if m["online"] else m["app"]
    channel = "App" if channel.lower() == "app" else channel
    return replace(places, place=f"{channel}（{product}）")


def _latin_cut(work: str, store: str) -> bool:
    """Whether the store read opens with the tail of a name in Latin letters cut at a blank
    or "&" ("apple store三里屯店" read as "store三里屯店", "H&M三里屯店" as "M三里屯店"): the
    whole name is a chain's, read by find_brand_en (newcomer trial 22)."""
    at = work.find(store)
    return at >= 2 and work[at - 1] in " &" and work[at - 2].isascii() and work[at - 2].isalnum()


def _in_business_name(
    name: str, places: Places, company: tuple[str, tuple[int, int]] | None
) -> bool:
    """Whether a Latin-letter `name` is only words of the company, store or place read from
    the same text ("China" of "China Mobile", "Walmart" of "Walmart Chaoyang"): capitalised
    words of a business's or a place's name are never a person's name (newcomer trial 21)."""
    if not name.isascii():
        return False  # 王芳 beside 王府井: Chinese names are read by their own rules
    said = [places.store, places.place, company[0] if company else None]
    words = name.lower().split()
    return any(
        value and all(re.search(rf"\b{re.escape(w)}\b", value.lower()) for w in words)
        for value in said
    )


# Words of buying or ordering beside a time, and the breaks that end a time's clause: a time
# said with these is when the thing was bought, context for the complaint, not when it went
# wrong (newcomer trial 17: "上个月十五号…买的…今天早上…冒烟了" was filed as the 15th).
_BOUGHT_WORDS = re.compile(
    r"买的|买了|购买|下单|下的单|订购|网购|拍的|拍下|订的|订了|"
    # The goods' coming is a step before the fault as well ("上周三收到的货，上周五开始糊的":
    # newcomer trial 24 filed the delivery's day); not a delivery that never came (没到货).
    r"(?<![没未不])(?:收到的货|收的货|到的货|收到货|到货|签收|送到的|送来的|发的货|收到的快递)|"
    r"\b(?:bought|ordered|purchased|placed\s+(?:an?|the|my)\s+order)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r"[，,。.!！?？;；\n\x00]|(?<=[\u4e00-\u9fff])\s|\s(?=[\u4e00-\u9fff])|然后|结果|但是|可是|"
    r"\b(?:and|but|then|when|so)\b",
    re.I,
)
_MORE_TIMES = 3  # times looked at past a purchase time


def tells_purchase(text: str) -> bool:
    """Whether `text` says when a thing was bought, ordered or delivered (see _BOUGHT_WORDS)."""
    return bool(_BOUGHT_WORDS.search(normalise(text)))


def said_as_bought(text: str, start: int, end: int) -> bool:
    """Whether the time at text[start:end] is said as when something was bought or ordered:
    a Chinese time by the words after it up to its clause's end ("上周三买的鞋子"), an English
    one by the words before it back to its clause's start ("ordered a jacket … on Nov 10")."""
    if text[start:end].isascii():
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
        clause = text[breaks[-1] if breaks else 0 : start]
    else:
        stop = _CLAUSE_BREAK.search(text, end)
        clause = text[end : stop.start() if stop else len(text)]
    return bool(_BOUGHT_WORDS.search(clause))


# A month, a week or a part of a year said before 的 and a noun names the thing ("这个月的话费",
# "上个月的账单", "本月的流量", "上周的课", "this month's bill"): the bill's period, not when
# it went wrong. Another time said in the message is then the complaint's (trial 20:
# "这个月的话费 … 十一月二十号扣的" was filed as 这个月).
_NAMING = re.compile(r"\s*(?:的(?=[\u4e00-\u9fff])|['’]s\b)")
_PERIODS = frozenset({Precision.YEAR_PART, Precision.MONTH, Precision.MONTH_PART, Precision.WEEK})


def _names_a_thing(work: str, when: FoundTime) -> bool:
    """Whether the time at `when` is a period said as what names a thing (see _NAMING)."""
    return bool(_NAMING.match(work, when.end)) and (
        precision(work[when.start : when.end]) in _PERIODS
    )


# "刚才在开会", "刚刚在忙", "刚才没看到": why the reply is late, said in a chat, not when it
# went wrong; another time said in the message is the complaint's ("不好意思刚才在开会 是昨天
# 晚上的事": newcomer trial 24 filed 刚才).
_BUSY_AFTER = re.compile(
    r"\s*(?:一直|正)?(?:在|去)?(?:开会|忙|开车|上班|洗澡|睡觉|午睡|上课)"
    r"|\s*没(?:看到|看见|注意|回|听到)"
)
_JUST_NOW = ("刚才", "刚刚", "方才")


def _busy_before_reply(work: str, when: FoundTime) -> bool:
    """Whether the time at `when` is a 刚才 saying why the reply came late (see _BUSY_AFTER)."""
    return work[when.start : when.end] in _JUST_NOW and bool(_BUSY_AFTER.match(work, when.end))


def _bought(work: str, found: FoundTime) -> bool:
    """Whether the time found is when the thing was bought: said so (said_as_bought) or
    the time since it was bought or first used ("买了两周就坏了")."""
    return found.since_bought or said_as_bought(work, found.start, found.end)


def _complaint_time(work: str, now: datetime) -> tuple[FoundTime | None, list[FoundTime], bool]:
    """(the complaint's time, the times passed over, whether the one kept is a purchase
    time): the first time, unless it is said as when the thing was bought and a later one
    is not ("昨天买的 今天就坏了" is today's), or names the thing complained of and another
    time is said ("这个月的话费 … 十一月二十号扣的" is the 20th)."""
    first = find_time(work, now)
    if first is not None and _busy_before_reply(work, first):
        told = _complaint_time(mask(work, first.start, first.end), now)
        if told[0] is not None:
            return told[0], [first, *told[1]], told[2]
    if first is not None and _names_a_thing(work, first):
        told = _complaint_time(mask(work, first.start, first.end), now)
        if told[0] is not None:
            return told[0], [first, *told[1]], told[2]
    if first is None or not _bought(work, first):
        return first, [], False
    passed, rest = [first], work
    for _ in range(_MORE_TIMES):
        rest = mask(rest, passed[-1].start, passed[-1].end)
        later = find_time(rest, now)
        if later is None:
            break
        if not _bought(rest, later):
            return later, passed, False
        passed.append(later)
    if lapse := after_purchase(first.at, work[first.end :], now):
        # "上周五买的 三天后就坏了": the fault's day, counted from the purchase (trial 20:
        # the purchase was filed as when it went wrong)
        at, (a, b) = lapse
        moved = (first.end + a, first.end + b)
        return FoundTime(at=at, start=first.start, end=first.end, lapse=moved), [], False
    return first, [], True


# How long after the purchase it went wrong: "三天后就坏了", "用了两天就不转了",
# "过了一个礼拜就坏了", "不到一周就". A count with 后 after it, or a use or wait before it
# and 就 after it.
_LAPSE_NUM = r"\d+|[一二两三四五六七八九十]+"
_LAPSE_UNIT = r"(?:个)?(?P<unit>天|日|周|星期|礼拜|月)"
_LAPSE = re.compile(
    rf"(?P<num>{_LAPSE_NUM}){_LAPSE_UNIT}(?:后|以后|之后)"
    rf"|(?:过了|用了|才用了|刚用了|没用|用|没|不到)(?P<num2>{_LAPSE_NUM})(?:个)?"
    r"(?P<unit2>天|日|周|星期|礼拜|月)多?(?:就|便|又)"
)
_LAPSE_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30}
_LAPSE_REACH = 16  # characters after the purchase time where its lapse is looked for


def after_purchase(
    bought: datetime, words: str, now: datetime
) -> tuple[datetime, tuple[int, int]] | None:
    """(when it went wrong, the span of the lapse in `words`) when `words`, said after or about a
    purchase at `bought`, say how long after it the fault came ("三天后就坏了", "用了两天就不转
    了"); None when they say none, or the day would lie after `now`."""
    m = _LAPSE.search(words[:_LAPSE_REACH])
    if m is None:
        return None
    raw, unit = (m["num"], m["unit"]) if m["num"] else (m["num2"], m["unit2"])
    count = int(raw) if raw.isdigit() else cn_to_int(raw)
    if not count:
        return None
    at = bought + timedelta(days=count * _LAPSE_DAYS[unit])
    end = m.end() - (m.group()[-1] in "就便又")
    return (at, (m.start(), end)) if at <= now else None


# A phone the customer says they do not have ("我冇大陸手機 得呢個香港號碼", "没有内地手机"): why
# another number is given, never what the complaint is about (newcomer trial 20).
_NO_PHONE = re.compile(r"(?:没有|没|冇|无)(?:大陆|内地|国内|本地|中国)?的?(?P<thing>手机|电话)")


def _lacked_phone(work: str, product: str) -> bool:
    """Whether the product read is only the phone said not to be had (see _NO_PHONE)."""
    said = [m["thing"] for m in _NO_PHONE.finditer(work)]
    return bool(said) and normalise(product) in said and work.count(normalise(product)) == len(said)


# A manager asked to act for the business in a wish ("让店长道歉", "叫你们经理出来给个说法")
# is whom the customer turns to, not whom they complain about (newcomer trial 14: 店长
# became the complaint's object).
_ASKED_MANAGER = re.compile(
    r"(?:让|叫|请|要求)(?:你们的?|那个|这个|他们的?)?"
    r"(?P<who>店长|经理|负责人|老板|领导|主管|店主)"
    r"(?=[^\s\x00,，。；;]{0,5}?(?:道歉|赔|退|出面|出来|给个?说法|给个?交代|处理))"
)


def _without_asked_managers(work: str) -> str:
    """`work` with the managers asked to act in a wish masked (see _ASKED_MANAGER)."""
    for m in _ASKED_MANAGER.finditer(work):
        work = mask(work, m.start("who"), m.end("who"))
    return work


# What may stand between a business and its staff member: "链家的中介", "美团那个骑手".
_OWNER_JOIN = re.compile(r"(?:的|那个|这个|的那个|的这个)?\s*$")


def _staff_owner(text: str, work: str, staff: str, places: Places) -> str | None:
    """The company, platform or brand named right before the staff member ("链家的中介小李",
    "顺丰快递小哥", "美团那个骑手"), as written; None when the staff member stands alone."""
    at = text.find(staff.split("、")[0])
    if at <= 0:
        return None
    joined = _OWNER_JOIN.search(text, 0, at)
    before = text[: joined.start() if joined else at]
    found = find_company(before, work[: len(before)])
    if found and found[1][1] == len(before):
        return found[0]
    # A platform is a place only where something was ordered ("美团点的外卖"); its staff
    # member's employer it is the object.
    if places.platform and before.endswith(places.platform) and is_platform(places.platform):
        return places.platform
    return None


# A line into the home (宽带, "internet at home"): where it is, the home, is asked for the
# repair, as before (nlp/extract_company.py:HOME_LINE).
_HOME_LINE = HOME_LINE
_STORE_KIND = re.compile(r"(?:酒店|宾馆|超市|商场|便利店|饭店|餐厅|健身房|营业厅)$")


def _channel_place(
    work: str,
    places: Places,
    company: str | None,
    product: str | None = None,
    named: bool = True,
) -> Places:
    """`places` with the company's channel as the place when no physical place was said: a
    carrier, insurer, airline, bank or app complained about through its app or line ("在中国
    移动App上充的" -> 中国移动App, "打南航客服电话" -> 南航客服电话) or online or by phone
    ("网上买的平安保险" -> 网上（平安保险）, "打电话给联通客服" -> 电话（联通）). Newcomer trial 20:
    the place question was asked of what had been said, and "App" alone named no one's."""
    if company is None or places.store or (places.place and not _channel_only(places)):
        return places
    if places.place_channel:
        if places.place_channel.lower() in company.lower():
            return places
        return replace(places, place=f"{company}{places.place_channel}")
    channel = find_channel(work)
    if channel:
        return replace(places, place=f"{channel}（{company}）")
    if places.place or not named or not remote_company(company):
        return places
    # "招商银行 信用卡…", "中国电信 宽带…": what a bank or carrier sold names its channel
    # (newcomer trial 21: the place was "无具体地点", or asked again); a courier named is
    # enough, as the place question says. A staff member met points at a branch: asked.
    if product and product.lower() not in company.lower() and not _HOME_LINE.search(product):
        if product.startswith(company):  # "招商银行信用卡", read whole as the product
            return replace(places, place=product)
        joined = f"{company} {product}" if product.isascii() else f"{company}{product}"
        return replace(places, place=joined)
    return replace(places, place=company) if courier(company) else places


# What a staff member was doing when they should have served: "柜员办业务的时候一直玩手机",
# "服务员一直在玩手机", "前台边刷手机边跟我说话" (newcomer trial 20: the object was 手机). The
# thing they were busy with is no object; the staff member is.
_DOING = re.compile(r"(?:玩|刷|看|打|接|拿着|盯着|抱着)着?$")


def _without_staff_doings(
    text: str, work: str, staff: str, products: tuple[str, ...]
) -> tuple[str, ...]:
    """`products` without those a staff member named before them was busy with (_DOING)."""
    role = work.find(staff.split("、")[0].split("（")[0])
    kept = []
    for product in products:
        at = text.find(product)
        if 0 <= role < at and _DOING.search(work, max(0, at - 3), at):
            continue
        kept.append(product)
    return tuple(kept)


def _store_kind_of(product: str, store: str) -> bool:
    """Whether `product` is the store's own kind or chain ("酒店", "如家酒店" beside the store
    如家酒店西单店): said before the store was named ("酒店前台态度很差 如家酒店西单店"), it is
    that store, no object of its own (newcomer trial 21). "手机店买的手机" keeps its phone."""
    return product in store and bool(_STORE_KIND.search(product))


def _channel_only(places: Places) -> bool:
    """Whether the place read is only a channel ("app", "官网"): vaguer than a city or street."""
    return bool(places.place) and not places.store and places.place == places.place_channel


def _in_order(text: str, first: str, second: str) -> str:
    """Two parts of one address written in two languages, joined in the order written:
    "Chaoyang district, 建国路88号" (newcomer trial 14: the district was lost)."""
    if first in second or second in first:
        return max(first, second, key=len)
    a, b = sorted((first, second), key=lambda words: text.find(words))
    return f"{a}, {b}"


def _time_words(text: str, when: FoundTime | None) -> str | None:
    """The time as written; a lasting state's length is shown as its start ("坏了半个月"
    -> "半个月前"), since the field says when it happened, not for how long; a fault some
    days after the purchase with both ("上周五买的，三天后")."""
    if when is None:
        return None
    words = text[when.start : when.end].strip()
    if when.lapse:
        stop = _CLAUSE_BREAK.search(text, when.end)
        bought = text[when.start : stop.start() if stop else when.end].strip()
        return f"{bought if len(bought) <= 10 else words}，{text[when.lapse[0] : when.lapse[1]]}"
    if when.lasting and words[-1:].isascii():  # "it's been 5 days": "5 days ago"
        return f"{text[when.start : when.end]} ago"
    return f"{words}前" if when.lasting else words


# Alternatives, either will do ("要么full refund 要么再发一个", "退款或者换新的都行"): each is
# kept whole as said, an English one with how much ("full refund", not "refund") and its
# 要么 as the Chinese ones keep it, and the closing "都行" / "都可以" is no part of the last
# (newcomer trial 24: "refund" and "换新的都行" were filed).
_HOW_MUCH_BEFORE = re.compile(r"(?:要么\s*)?(?:(?:full|partial|total|complete|whole)\s+)?$", re.I)
# Only 都 (either): "退一半也行" concedes, its 也行 is part of the wish.
_WILL_DO_AFTER = re.compile(r"\s*都(?:行|可以|成|好|ok|OK|没问题)(?:的|啦|吧|啊)?$|\s*皆可$")


_WILL_DO_REST = re.compile(r"(?:可以|行|成|没问题)?")  # the wording may stop at "都" of "都可以"


def _alternative(text: str, start: int, end: int) -> str:
    """The wish's words at text[start:end], as _HOW_MUCH_BEFORE and _WILL_DO_AFTER say."""
    words = text[start:end].strip()
    if words[:1].isascii() and (said := _HOW_MUCH_BEFORE.search(text, 0, start)):
        words = text[said.start() : start] + words
    rest = _WILL_DO_REST.match(text, end)
    cut = _WILL_DO_AFTER.search(words + (rest[0] if rest else ""))
    return words[: cut.start()] if cut and 0 < cut.start() < len(words) else words


def _one_per_kind(remedies: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """One remedy per kind, as a draft keeps them: the wordings of a kind said twice are
    joined ("医药费全赔，精神损失费一万"), so no claim is lost (newcomer trial 8)."""
    wordings: dict[str, list[str]] = {}
    for key, wording in remedies:
        wordings.setdefault(key, []).append(wording)
    return tuple((key, "，".join(said)) for key, said in wordings.items())
