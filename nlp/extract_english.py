"""The object and the place of a complaint written in English: "the headphones I bought",
"at your Chaoyang store", "the delivery guy", "in Beijing", "on Nanjing Road".

The Chinese finders (extract_object, extract_place) read Chinese structure (purchase words,
name suffixes such as 门店); here the same facts are read from English structure: a product
word after a purchase verb, a name before "store" or "branch", a staff word, a known city.
They fill only what the Chinese finders left empty, so Chinese text reads as it always did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.extract_text import read_words
from nlp.language import STOP_WORDS_EN


def _words_re(name: str) -> re.Pattern[str]:
    """Whole words of a list in nlp/data, longest first, an English plural allowed."""
    words = sorted({w.lower() for w in read_words(name)}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<![\w-])(?:{body})(?:e?s)?(?![\w-])", re.IGNORECASE)


_PRODUCTS = _words_re("extract_products_en.txt")
_ROLES = _words_re("extract_roles_en.txt")
_CITIES = _words_re("extract_cities_en.txt")
_PURCHASE = re.compile(
    r"\b(?:bought|buy|ordered|order|purchased|got|booked|rented|received|paid\s+for)\b", re.I
)
_AFTER_PURCHASE = 40  # characters: "bought a pair of new wireless headphones"
_STORE = re.compile(
    r"\b(?:store|shop|branch|outlet|mall|supermarket|restaurant|hotel|caf[eé]|showroom|"
    r"dealership|service\s+cent(?:er|re)|4s\s+store)s?\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"([A-Za-z][\w'&.-]*)\s+$")
_MAX_NAME_WORDS = 3
_ADDRESS = re.compile(
    r"\b(?:\d+\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Avenue|Lane|Lu|Jie|Plaza|Square|"
    r"District|Building|Tower|Center|Centre)\b"
)
# Words that are not part of a store's name (the Chaoyang store -> Chaoyang store).
_NOT_NAME = STOP_WORDS_EN | {"bought", "ordered", "went", "go", "visited", "in", "at", "near"}


@dataclass(frozen=True)
class EnglishPlaces:
    place: str | None = None
    store: str | None = None


def find_product_en(text: str, work: str) -> str | None:
    """The product named after a purchase verb ("bought the headphones"), else the first
    product word; as written."""
    hits = [m for m in _PRODUCTS.finditer(work) if not _ROLES.match(work, m.start())]
    for purchase in _PURCHASE.finditer(work):
        after = [m for m in hits if purchase.end() <= m.start() < purchase.end() + _AFTER_PURCHASE]
        if after:
            return text[after[0].start() : after[0].end()]
    return text[hits[0].start() : hits[0].end()] if hits else None


def find_staff_en(text: str, work: str) -> str | None:
    m = _ROLES.search(work)
    return text[m.start() : m.end()] if m else None


def _store(text: str, work: str) -> str | None:
    """A store with its name: the words right before "store"/"branch", walking left until a
    word that cannot be part of a name (at, your, the) or a product (headphones)."""
    for m in _STORE.finditer(work):
        start = m.start()
        for _ in range(_MAX_NAME_WORDS):
            word = _NAME_WORD.search(work, 0, start)
            if word is None or word[1].lower() in _NOT_NAME or _PRODUCTS.fullmatch(word[1]):
                break
            start = word.start()
        if start < m.start():
            return text[start : m.end()]
    return None


def find_places_en(text: str, work: str) -> EnglishPlaces:
    """A named store ("Chaoyang store"), else an address, else a known city."""
    store = _store(text, work)
    if store:
        return EnglishPlaces(place=store, store=store)
    for pattern in (_ADDRESS, _CITIES):
        if m := pattern.search(work):
            return EnglishPlaces(place=text[m.start() : m.end()])
    return EnglishPlaces()


_DETERMINERS = re.compile(r"^(?:(?:the|my|our|your|a|an|this|that|these|those|some)\s+)+", re.I)
_CLAUSE = re.compile(
    r"\s+(?:i|we|that|which|who|from|at|in|on|bought|ordered|purchased|you|your)\b.*$",
    re.I | re.S,
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def object_phrase(text: str) -> str:
    """An English answer naming the object, without its determiners and the clause after it:
    "the Sony headphones I bought" -> "Sony headphones". Text with Chinese is returned as is
    (the Chinese answer is kept as written: 那台空调)."""
    if _HAN.search(text):
        return text
    short = _CLAUSE.sub("", _DETERMINERS.sub("", text.strip()))
    return short or text.strip()
