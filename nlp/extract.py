"""Field extraction: the facts of a complaint found in free Chinese or English text (issue 3,
part 3; English: issue 9 item 7).

The intake conversation calls `extract_fields` on the first message to pre-fill the complaint
and on each answer to read it, so a bare answer ("昨天晚上", "朝阳门店", "退款",
"13812345678") must be recognised on its own. A bare name ("王芳") is not: out of context it
is any two characters, and the conversation knows which question it asked.

Pattern fields run first on a normalised copy (half-width, simplified; see extract_text),
each blanking the span it took so later patterns cannot read it again: e-mail, order number,
工号, phone, amounts, time. Word fields (name, place, product, remedy) follow. Fields that
are "as written" are cut from the original text by the same offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from nlp.extract_english import find_places_en, find_product_en, find_staff_en
from nlp.extract_numbers import AMOUNT_RE, VERB_AMOUNT_RE, amount_of, verb_amount_of
from nlp.extract_object import find_product, find_staff_role
from nlp.extract_person import find_name
from nlp.extract_place import Places, find_places
from nlp.extract_refs import find_email, find_order, find_phone, find_staff_no, mask
from nlp.extract_remedy import find_remedy
from nlp.extract_text import normalise
from nlp.extract_time import find_time
from nlp.language import ENGLISH_WORDS

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
    email: str | None = None
    order_no: str | None = None
    amounts: tuple[Decimal, ...] = ()
    occurred_at: datetime | None = None
    occurred_text: str | None = None
    place: str | None = None
    platform: str | None = None
    product: str | None = None
    store: str | None = None
    staff: str | None = None
    remedy: str | None = None
    remedy_text: str | None = None


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


def extract_fields(text: str, now: datetime) -> Extracted:
    """Pure: no I/O on the call path. `now` is tz-aware (the message's own time, in the
    business's TIMEZONE); `occurred_at` is in the same zone and never after `now`,
    except for a date written with its year (2030年1月1日), which is kept as written."""
    work = normalise(text)
    email, work = find_email(work)
    order_no, work = find_order(work)
    staff, work = find_staff_no(work)
    phone, work = find_phone(work)
    amounts, work = _amounts(work)
    when = find_time(work, now)
    if when is not None:
        work = mask(work, when.start, when.end)
    remedy, r_start, r_end = find_remedy(work)
    places: Places = find_places(text, work)
    if staff is None:
        staff = find_staff_role(text, work)
    product = find_product(text, work, places)
    if _has_english_words(work):
        # English words: what the Chinese finders left empty (nlp.extract_english).
        english = find_places_en(text, work)
        if english.store and not places.store:
            places = replace(places, store=english.store, place=places.place or english.store)
        elif english.place and not places.place:
            places = replace(places, place=english.place)
        staff = staff or find_staff_en(text, work)
        product = product or find_product_en(text, work)
    return Extracted(
        name=find_name(text, work),
        phone=phone,
        email=email,
        order_no=order_no,
        amounts=amounts,
        occurred_at=when.at if when else None,
        occurred_text=text[when.start : when.end].strip() if when else None,
        place=places.place,
        platform=places.platform,
        product=product,
        store=places.store,
        staff=staff,
        remedy=remedy,
        remedy_text=text[r_start:r_end] if remedy else None,
    )
