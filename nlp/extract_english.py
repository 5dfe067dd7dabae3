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

from nlp import tokenizer
from nlp.extract_place import names_where
from nlp.extract_text import read_words
from nlp.language import STOP_WORDS_EN

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'&-]*", re.IGNORECASE)  # & of "H&M"


class _Phrases:
    """Whole words and phrases of a list in nlp/data, found by looking up the text's 1-3 word
    sequences in a set: one pass over the words (~15 µs a message) where one regex of all
    the alternatives tried every one of them at every position (~150 µs)."""

    def __init__(self, name: str) -> None:
        self.words = {w.lower() for w in read_words(name)}
        self.longest = max(len(w.split()) for w in self.words)
        # Words that start a phrase, plural forms included: most words of a text are none,
        # and are passed over with this one look-up.
        starts = {w.split()[0] for w in self.words}
        self.starts = starts | {w + "s" for w in starts} | {w + "es" for w in starts}

    def _known(self, phrase: str) -> bool:
        if phrase in self.words:
            return True
        # An English plural of a listed word: phones, boxes (not "ss": glass stays glass).
        return phrase.endswith("s") and (phrase[:-1] in self.words or phrase[:-2] in self.words)

    def finditer(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each listed phrase, longest first at each word, left to right."""
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            if tokens[i][2] not in self.starts:
                i += 1
                continue
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                group = tokens[i : i + size]
                if self._known(" ".join(t[2] for t in group)):
                    found.append((group[0][0], group[-1][1]))
                    i += size
                    break
            else:
                i += 1
        return found

    def fullmatch(self, word: str) -> bool:
        return self._known(word.lower())


_PRODUCTS = _Phrases("extract_products_en.txt")
_ROLES = _Phrases("extract_roles_en.txt")
_CITIES = _Phrases("extract_cities_en.txt")
_BRANDS = _Phrases("extract_brands_en.txt")
_STORE_CHAINS = _Phrases("extract_stores_en.txt")
# Verbs of buying, ordering, receiving or returning a thing: the product after one is what
# the complaint is about ("I returned a coffee machine…", newcomer trial 17).
_PURCHASE = re.compile(
    r"\b(?:bought|buy|ordered|order|purchased|got|booked|rented|received|paid\s+for|"
    r"returned|sent\s+back|exchanged)\b",
    re.I,
)
# A product word that labels a number is the contact, not the object: "my phone is 137…",
# "mobile: +86 …", "phone number 139…" (second newcomer trial: the object became "phone").
# Read on the words as written: a phone has 5+ digits or a "+", while "a coffee machine 3
# weeks ago" is a product and a time (newcomer trial 17: the machine was dropped as a label).
_LABELS_NUMBER = re.compile(
    r"\s*(?:number|no\.?|#)?\s*(?:is|:|：|-)?\s*(?:\+\s?\d|\d(?:[\s-]?\d){4})", re.I
)
# "the kettle I got from you …": a product right before the words that say it was bought is
# the one bought, not a product named later in the sentence ("… leaks all over the table").
_BOUGHT_AFTER = re.compile(
    r"\s+(?:that\s+|which\s+)?(?:i|we)\s+(?:just\s+|recently\s+)?"
    r"(?:bought|got|ordered|purchased|received|returned)\b",
    re.I,
)
# A thing the word lists do not know, named after a verb of buying or returning and a
# determiner, or after "my new": "ordered a bamboo dish rack from…", "my new standing desk
# wobbles…". Not after "got", which gets calls, messages and the runaround as often.
_BOUGHT_PHRASE = re.compile(
    r"(?:\b(?:returned|ordered|bought|purchased|received|sent\s+back)\s+"
    r"(?:(?:a|an|the|my|our|this|that|these|those|some|two|a\s+pair\s+of|a\s+set\s+of)\s+)+"
    r"(?:(?:brand\s+)?new\s+|(?:used|second[\s-]?hand|pre-?owned|refurbished)\s+)?|"
    r"\bmy\s+(?:brand\s+)?new\s+)"
    r"(?P<words>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})",
    re.I,
)
_PHRASE_WORDS = 3
# Things received that are no product: a call, a message, a reply, a refund.
_NOT_A_PRODUCT = frozenset(
    [
        "call",
        "calls",
        "message",
        "messages",
        "email",
        "emails",
        "e-mail",
        "text",
        "texts",
        "reply",
        "response",
        "answer",
        "notice",
        "notification",
        "refund",
        "replacement",
        "compensation",
        "apology",
        "bill",
        "invoice",
        "receipt",
        "confirmation",
        "order",
        "orders",
        "one",
        "lot",
        "few",
        "bit",
    ]
)
_AFTER_PURCHASE = 40  # characters: "bought a pair of new wireless headphones"
_STORE = re.compile(
    r"\b(?:store|shop|branch|outlet|mall|supermarket|restaurant|hotel|caf[eé]|showroom|"
    r"dealership|service\s+cent(?:er|re)|4s\s+store|gym|fitness\s+cent(?:er|re)|clinic|salon|"
    r"bank|atm|school)s?\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"([A-Za-z][\w'&.-]*)\s+$")
_MAX_NAME_WORDS = 3
_ADDRESS = re.compile(
    r"\b(?:\d+\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Avenue|Lane|Lu|Jie|Plaza|Square|"
    r"District|Building|Tower|Center|Centre|Rd|St|Ave|Blvd|Boulevard)\b\.?"
)
# Typed on a phone without capitals: "on main st", "at 12 king st" (newcomer trial 8); only
# after on/at/in, where a street is meant, and never "the st".
_ADDRESS_LOWER = re.compile(
    r"\b(?:on|at|in)\s+(?P<street>(?:\d+\s+)?(?!the\b|a\b|my\b|your\b)[a-z]+(?:\s+[a-z]+)?"
    r"\s+(?:road|street|avenue|lane|rd|st|ave|blvd))\b\.?"
)
# A city written right after an address ("Nanjing Road, Shanghai") belongs to it.
_AFTER_ADDRESS = re.compile(r",?\s*")
# Words that are not part of a store's name (the Chaoyang store -> Chaoyang store).
_NOT_NAME = STOP_WORDS_EN | {"bought", "ordered", "went", "go", "visited", "in", "at", "near"}


@dataclass(frozen=True)
class EnglishPlaces:
    place: str | None = None
    store: str | None = None


def find_product_en(text: str, work: str) -> str | None:
    """The product named after a purchase verb ("bought the headphones"), else the first
    product word; as written."""
    roles = {start for start, _ in _ROLES.finditer(work)}  # "delivery guy" is no delivery
    listed = [
        (start, end)
        for start, end in _PRODUCTS.finditer(work)
        if start not in roles and not _LABELS_NUMBER.match(text, end)
    ]
    # An event (a repair, a delivery) is what happened to the thing, not the thing: it is
    # the object only when nothing else is named, and never when told as the thing's past
    # ("it had a major repair in 2024"; trial 22: filed as "Complaint about: repair").
    hits = [h for h in listed if not _event_noun(work, *h)]
    events = [h for h in listed if _event_noun(work, *h) and not _HAD_EVENT.search(work, 0, h[0])]
    for start, end in hits:
        if _BOUGHT_AFTER.match(work, end):
            return text[start:end]
    for purchase in _PURCHASE.finditer(work):
        after = [h for h in hits if purchase.end() <= h[0] < purchase.end() + _AFTER_PURCHASE]
        if after:
            return text[slice(*after[0])]
    if phrase := _bought_phrase(work):
        # "my new phone broke…": a listed word inside the phrase names the thing, unless
        # it ends it ("running shoes": the whole phrase)
        inside = [h for h in hits if phrase[0] <= h[0] < phrase[1] and h[1] != phrase[1]]
        return text[slice(*(inside[0] if inside else phrase))]
    first = hits or events
    return text[slice(*first[0])] if first else None


# Listed words naming something done to or for the thing, not the thing itself.
_EVENT_NOUNS = frozenset(["repair", "repairs", "delivery", "deliveries"])
# The event told as the thing's past, right before it: "it had a major repair in 2024",
# "has had two repairs", "went through a repair".
_HAD_EVENT = re.compile(
    r"\b(?:had|has\s+had|have\s+had|went\s+through|underwent)\s+"
    r"(?:(?:a|an|one|two|three|several|some|its|major|minor|big|small|full|previous)\s+)*$",
    re.I,
)


def _event_noun(work: str, start: int, end: int) -> bool:
    return work[start:end].lower() in _EVENT_NOUNS


def _bought_phrase(work: str) -> tuple[int, int] | None:
    """The words naming a thing bought or returned that no list knows (see _BOUGHT_PHRASE),
    where they are: up to three words, ending before a function word, a past form, an -ing form
    after the first word or, after two words, a verb's -s form ("standing desk wobbles").
    None when none, or when it names no product ("a call", "an email")."""
    for m in _BOUGHT_PHRASE.finditer(work):
        kept: list[re.Match[str]] = []
        for word in _TOKEN.finditer(work, m.start("words"), m.end("words")):
            low = word.group().lower()
            verb_s = len(kept) >= 2 and low.endswith("s") and not low.endswith("ss")
            verb_ing = bool(kept) and low.endswith("ing")  # "an email saying…"
            if low in STOP_WORDS_EN or low.endswith(("ed", "ly")) or verb_s or verb_ing:
                break
            kept.append(word)
            if len(kept) == _PHRASE_WORDS:
                break
        if kept and not any(word.group().lower() in _NOT_A_PRODUCT for word in kept):
            return kept[0].start(), kept[-1].end()
    return None


def find_staff_en(text: str, work: str) -> str | None:
    """The first staff role named in English ("the cashier", "delivery driver"), cut from
    `text` as written; `work` is its normalised copy with the same offsets. None if none."""
    found = _ROLES.finditer(work)
    return text[slice(*found[0])] if found else None


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
            return text[start : _with_where(work, m.end())]
    return None


# Where a named store or machine is, said after it: "ICBC ATM at Wudaokou" (newcomer trial
# 11: Wudaokou was lost and the place asked three times).
_AT_NAME = re.compile(r"\s+(?:at|in|near|on)\s+(?P<name>[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,2})")


# "in pudong", "at wudaokou": a district or city of the list said after a store in lower case.
_IN_LISTED = re.compile(r"\s+(?:at|in|near|on)\s+", re.I)


def _with_where(work: str, end: int) -> int:
    """The end of a store's name, moved past "at <Name>" written right after it, or past a
    listed city or district in any case ("the hilton garden inn in pudong"; newcomer trial
    22: pudong was dropped)."""
    m = _AT_NAME.match(work, end)
    if m is None or any(w.lower() in _NOT_NAME for w in m["name"].split()):
        listed = _IN_LISTED.match(work, end)
        cities = _CITIES.finditer(work[listed.end() :]) if listed else []
        if listed and cities and cities[0][0] == 0:
            return listed.end() + cities[0][1]
        return end
    return m.end()


def _with_city(work: str, end: int) -> int:
    """The end of an address, moved past a city named right after it (", Shanghai")."""
    gap = _AFTER_ADDRESS.match(work, end)
    after = gap.end() if gap else end
    for start, city_end in _CITIES.finditer(work):
        if start == after and after > end:
            return city_end
    return end


def names_city_en(work: str) -> bool:
    """Whether `work` names a city in Latin letters ("Hilton Shanghai Pudong" holds no
    English word the lists know, but a place all the same); not inside Chinese text, which
    the Chinese finders read."""
    return not _HAN.search(work) and bool(_CITIES.finditer(work))


# After a venue's brand, a landmark it is near: "the Hilton near Beijing West Station".
_NEAR = re.compile(
    r"\s+(?i:near|by|next\s+to|opposite|close\s+to|beside|across\s+from)\s+(?:the\s+)?"
    r"(?P<landmark>[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,3})"
)
# Words of a venue's name said after its brand: "Holiday Inn Express", "Hilton Hotel".
_VENUE_WORDS = re.compile(r"(?:\s+(?:hotel|hotels|inn|resort|suites|express|residence))+", re.I)
# A place one goes past or through, not a business one complains about: "Beijing West
# Station", "Capital Airport", "People's Square", an airport's terminal ("Beijing Capital
# T3", newcomer trial 14) are where, never the object.
_LANDMARK = re.compile(
    r"\b(?:station|airport|terminal|park|square|bridge|gate|metro|subway|stop|road|street|"
    r"avenue|lane|district|t\d)$",
    re.I,
)


def find_brand_en(text: str, work: str, han_place: str | None = None) -> EnglishPlaces | None:
    """A venue brand written in Latin letters (nlp/data/extract_brands_en.txt) as the store:
    with the Chinese place written right before it ("上海外滩 Marriott", when `han_place`,
    the place the Chinese finders read, opens those words), or with the landmark it is near
    as the place ("the Hilton near Beijing West Station": Hilton, at Beijing West Station).
    None when no brand is named."""
    chains = _STORE_CHAINS.finditer(work)
    hits = sorted([*_BRANDS.finditer(work), *chains])
    if not hits:
        return None
    start, end = hits[0]
    if (start, end) in chains and (found := _chain_store(text, work, start, end)).place:
        return found  # "ikea 望京", "apple store三里屯店"
    chain, bare = (start, end) in chains, text[start:end]
    if chain:  # "the Sanlitun Apple store": where it is, said before the chain's name
        start = _named_run(work, start, end)[0]
    if venue := _VENUE_WORDS.match(work, end):
        end = venue.end()
    end = _named_run(work, end, end)[1]  # "Hilton Shanghai Pudong": its branch, named
    brand = text[start:end]
    if han_place:
        before = re.search(r"[\u4e00-\u9fff]{1,12}\s*$", work[:start])
        at = work.find(han_place, before.start()) if before else -1
        if before and at >= 0:
            store = text[at:end]
            return EnglishPlaces(place=store, store=store)
    if near := _NEAR.match(work, end):
        return EnglishPlaces(place=text[near.start("landmark") : near.end("landmark")], store=brand)
    store = text[start : _with_where(work, end)]
    if chain and store == bare:  # "at IKEA", "H&M的店员": which of its stores is asked
        return EnglishPlaces(store=bare)
    return EnglishPlaces(place=store, store=store)


# The Chinese words right after a chain's Latin name: where its store is ("望京", "三里屯店").
_HAN_AFTER = re.compile(r"\s*(?P<where>[\u4e00-\u9fff]{2,10})")
_BRANCH_WORD = re.compile(r"(?:分店|门店|店)$")


def _chain_store(text: str, work: str, start: int, end: int) -> EnglishPlaces:
    """A chain of stores in Latin letters as the store, with where its store is said right
    after it in Chinese as the place ("ikea 望京" -> ikea 望京; "H&M三里屯店" is that store);
    named alone, no place: the place question asks which of its stores."""
    brand = text[start:end]
    after = _HAN_AFTER.match(work, end)
    if after is None:
        return EnglishPlaces(store=brand)
    words = after["where"]
    for size in range(len(words), 1, -1):  # the longest run that names where, or a branch
        head = words[:size]
        if _BRANCH_WORD.search(head) and names_where(_BRANCH_WORD.sub("", head)):
            store = text[start : after.start("where") + size]
            return EnglishPlaces(place=store, store=store)
        if names_where(head) or _where_bought(work, head, after.start("where") + size):
            return EnglishPlaces(place=text[start : after.start("where") + size], store=brand)
    return EnglishPlaces(store=brand)


# What is done at a store, said right after where it is: "zara 西单 买的", "ikea 望京买的".
_DONE_AFTER = re.compile(r"\s*(?:买|购|逛|吃|办|订|那家|那边|那里|店里)")


def _where_bought(work: str, head: str, end: int) -> bool:
    """Whether `head`, nouns ending at `end` right after a chain's name, is where its store
    is because buying or eating there is said next ("zara 西单 买的": 西单 is a common noun
    to the dictionary); "H&M 裤子开线了" names a thing, not where."""
    if not _DONE_AFTER.match(work, end) or not tokenizer.is_loaded():
        return False
    return all(flag[:1] in ("n", "j", "s") for _, flag in tokenizer.tagged(head, hmm=False))


# The kind of business said right before the street it is on: "the gym on nanjing road".
_KIND_BEFORE = re.compile(
    r"\b(?:gym|hotel|restaurant|branch|mall|cafe|salon|clinic|hospital|bank|"
    r"supermarket|outlet|office|hostel|bar)\s+(?=(?:on|at|in)\s+(?:\d+\s+)?[a-z]+)",
    re.I,
)


def find_places_en(text: str, work: str) -> EnglishPlaces:
    """A venue's brand (find_brand_en), else a named store ("Chaoyang store"), else an
    address, else a known city."""
    if branded := find_brand_en(text, work):
        return branded
    store = _store(text, work)
    if store:
        return EnglishPlaces(place=store, store=store)
    if m := _ADDRESS.search(work):
        return EnglishPlaces(place=text[m.start() : _with_city(work, m.end())])
    if m := _ADDRESS_LOWER.search(work):
        start, end = m.span("street")
        if kind := _KIND_BEFORE.search(work, 0, m.end()):
            start = kind.start()  # "the gym on nanjing road": which gym is where (trial 22)
        return EnglishPlaces(place=text[start : _with_city(work, end)])
    if cities := _CITIES.finditer(work):
        start, end = _named_run(work, *cities[0])
        if (
            (start, end) != cities[0]
            and not all(_CITIES.fullmatch(w) for w in work[start:end].split())
            and not _LANDMARK.search(work, 0, end)
        ):
            # "Hilton Shanghai Pudong": a venue named with its city, kept whole as the
            # store (newcomer trial 10: it became Shanghai).
            return EnglishPlaces(place=text[start:end], store=text[start:end])
        # "Wangjing, Beijing": the district with its city after it, one place.
        return EnglishPlaces(place=text[start : _with_city(work, end)])
    if m := _BOUGHT_AT.search(work):
        return EnglishPlaces(place=text[m.start("name") : m.end("name")])
    return EnglishPlaces()


# Where a thing was bought, eaten or stayed, named after "at" in any case: "bought some
# chicken at walmart", "had dinner at pizza hut" (newcomer trial 18: no list knew the
# store, and the place was asked for three times). Up to three words, none a time, a
# pronoun or a word that goes on with the sentence; "at home", "at night" are no place.
_NOT_AT_NAME = (
    r"(?:home|night|noon|midnight|first|least|last|all|once|work|about|around|the|my|your|"
    r"moment|time|end|start|beginning|weekend|same|checkout|"
    r"yesterday|today|tonight|this|that|on|in|at|and|but|for|with|it|when|because|so|then|"
    r"\d\S*)\b"
)
_BOUGHT_AT = re.compile(
    r"\b(?:bought|buy|purchased|ordered|ate|eaten|had|shopped|stayed|dined)\b[^.,;!?]{0,40}?"
    rf"\bat\s+(?:the\s+)?(?P<name>(?!{_NOT_AT_NAME})[a-z][\w'&-]*"
    rf"(?:\s+(?!{_NOT_AT_NAME})[a-z][\w'&-]*){{0,2}})",
    re.I,
)


def names_place_en(words: str) -> bool:
    """Whether Latin `words` name a known city or district ("Wangjing", "Chaoyang District"):
    a place, never a person's name (newcomer trial 14: "Wangjing, Beijing" was the name)."""
    return bool(_CITIES.finditer(words))


_CAPITALISED = re.compile(r"[A-Z][\w'&.-]*")


def _named_run(work: str, start: int, end: int) -> tuple[int, int]:
    """The capitalised words written right before and after a city ("Hilton Shanghai
    Pudong", "Shanghai Pudong"): one name with it. Sentence words (I, We, The) are not part
    of it."""

    def name_word(word: str) -> bool:
        return bool(_CAPITALISED.fullmatch(word)) and word.lower() not in _NOT_NAME

    for _ in range(_MAX_NAME_WORDS):
        before = _NAME_WORD.search(work, 0, start)
        if before is None or not name_word(before[1]):
            break
        start = before.start()
    for _ in range(_MAX_NAME_WORDS):
        after = _WORD_AFTER.match(work, end)
        if after is None or not name_word(after[1]):
            break
        end = after.end()
    return start, end


_WORD_AFTER = re.compile(r"\s+([A-Za-z][\w'&.-]*)")


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
