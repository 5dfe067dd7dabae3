"""A complaint's topic words: what the monthly report ranks (docs/process.md section 6).

They are computed once, when the ticket is filed (handlers/tickets.py), and kept sealed on
the ticket (`tickets.topic_words_enc`), so the report only opens and counts them instead of
running jieba over every complaint of the month (issue 11 item 4: 28,000 complaints took
about a second of the report's CPU).

Why sealed, although names and contacts are taken out: `complaint_words` masks contacts and
removes the customer's *own* name, but a complaint also names other people (staff, relatives:
"店员张伟"), Latin-script names pass as words ("Anna", "Smith"), and place names that
jieba's dictionary knows stay. A bag of such words tied to a ticket, and so to a customer, is
personal data like the account it comes from, which is sealed for the same reason. The
report shows only the month's most frequent words, an aggregate over many complaints.
Opening a token costs one Fernet decryption (~10-20 µs), a fraction of what jieba costs.
"""

from __future__ import annotations

import re

from nlp import tokenizer
from nlp.extract_text import read_words
from nlp.language import STOP_WORDS_EN
from storage.vault import Vault, mask_text

# Addresses are no topic: a masked e-mail still cut into "example" and "com" (newcomer trial).
# ASCII only: Chinese around an address has no spaces ("邮箱wang@x.com，订单号…").
_ADDRESS = re.compile(r"[\w.+*-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[!-~]+", re.ASCII)
# English words that label a fact or date it rather than say what went wrong.
_ENGLISH_LABELS = frozenset(
    {"name", "email", "mail", "phone", "mobile", "tel", "number", "order", "jan", "feb", "mar"}
    | {"apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)

# Field labels, remedies, address fragments and English filler (the file says why of each).
TOPIC_STOP_WORDS: frozenset[str] = frozenset(read_words("topic_stopwords.txt"))
# A contact word used as a label, with the (masked) number it labels: "手机138****5678",
# "电话：010-****5678". A phone is also a product, so 手机 is dropped only so (newcomer
# trial 9: "手机 5" in the month's top words came from contact lines).
_CONTACT_LABEL = re.compile(
    r"(?:手机号码?|手机|电话号码|联系电话|电话|号码|tel|phone|mobile)\s*(?:是|为|[:：])?\s*"
    r"(?=[+\d*＊])",
    re.IGNORECASE,
)
# What an address word ends with: a province, city, district, road, street, lane or house
# number ("上海市", "朝阳区", "建国路", "123号"). Three characters or more, so that 超市,
# 小区 (in the stop list), 短路 or 型号 are not read as one.
_ADDRESS_SUFFIXES = tuple("省市区县镇乡路街巷弄号")
# A road's part after its name: "南京西路", "人民中路", "长安大街".
_ROAD_PARTS = frozenset(a + b for a in "东西南北中" for b in "路街") | {"大街", "大道", "大路"}


def complaint_words(text: str, name: str | None = None) -> set[str]:
    """The topic words of one complaint: no stop words, punctuation, digits or contacts.

    Contacts are masked and the customer's own name removed first: the report is read by
    people who have no need to see them. Single characters are dropped too: the stop list
    keeps 不/没/很 because they matter for severity, but as "frequent words" they say nothing.
    `tokenizer.load()` must have run.
    """
    text = _CONTACT_LABEL.sub(" ", _ADDRESS.sub(" ", mask_text(text)))
    if name:
        text = text.replace(name, " ")
    words = tokenizer.cut(text, hmm=False)
    return {
        _folded(w)
        for i, w in enumerate(words)
        if _is_topic(w) and not _names_an_address(words[i + 1 : i + 2])
    }


def _names_an_address(following: list[str]) -> bool:
    """Whether the word before `following` (the next word, if any) is part of an address:
    "南京" before "西路", "朝阳" before "区" (jieba cuts "南京西路" into 南京 + 西路)."""
    return bool(following) and _is_address_part(following[0])


def _is_address_part(word: str) -> bool:
    """ "西路", "大街", "建国路", "朝阳区", "123号": a road's part or a word ending as an
    address does (_ADDRESS_SUFFIXES, three characters or more), or a bare suffix."""
    if word in _ROAD_PARTS or word in _ADDRESS_SUFFIXES:
        return True
    return len(word) >= 3 and not word.isascii() and word.endswith(_ADDRESS_SUFFIXES)


def _folded(word: str) -> str:
    """English words counted whatever their case ("Blender" and "blender" are one topic)."""
    return word.lower() if word.isascii() else word


def is_topic_word(word: str) -> bool:
    """Whether a word (as `complaint_words` keeps it) says what a complaint is about: no
    label, remedy, address or filler word (TOPIC_STOP_WORDS, _ADDRESS_SUFFIXES). The report
    asks again of words kept before the list grew."""
    return word.lower() not in TOPIC_STOP_WORDS and not _is_address_part(word)


def _is_topic(word: str) -> bool:
    if len(word) < 2 or not word.isalpha() or word in tokenizer.STOP_WORDS:
        return False
    if not is_topic_word(word):
        return False
    if word.isascii():  # English: a real word of three letters or more, no filler or label
        lowered = word.lower()
        return len(word) >= 3 and lowered not in STOP_WORDS_EN and lowered not in _ENGLISH_LABELS
    return True


def seal_words(vault: Vault, account: str | None, name: str | None) -> str:
    """The topic words of the account `account` by the customer called `name` (both as the
    ticket holds them, opened), sealed by `seal_set`. No account: the empty set, still
    sealed, so "none" differs from "not computed yet" (NULL). `tokenizer.load()` must have
    run."""
    return seal_set(vault, complaint_words(account, name) if account else set())


def seal_set(vault: Vault, words: set[str]) -> str:
    """`words` sealed: sorted and joined by blanks (a word never holds one: `str.isalpha`)."""
    return vault.seal(" ".join(sorted(words))) or ""


def open_words(vault: Vault, token: str) -> list[str]:
    """The words `seal_words` sealed in `token`. Raises VaultError like `Vault.open`."""
    return (vault.open(token) or "").split()
