"""Keyed blind index: search personal data and complaint words without decrypting them.

Names, phones, e-mail addresses and the complaint's account are sealed at rest
(storage/vault.py), so the database cannot compare them with what an agent types. Decrypting
every row to compare costs what the table holds and puts every customer's data in memory.
Instead, next to each sealed value we store a *token*: HMAC-SHA256 of the value's normalised
form under a key of its own, truncated. The search computes the token of what was typed and
looks it up on an ordinary index (storage/queries/search.py).

Threat model (docs/architecture.md, "Search"):

- **No plaintext.** The tables hold only tokens; without the key they cannot be reversed, and
  a dictionary of every mainland mobile number (~10^10) cannot be hashed against them either,
  because the HMAC needs the key.
- **Equality leaks.** Whoever reads the database sees which tickets share a phone, an e-mail
  or a word (same token), and how often a word occurs: frequency analysis can guess the
  commonest words. That is what makes equality search work; it is the accepted price. No
  order, prefix or substring is searchable (and none leaks).
- **The key.** Derived from the vault's key material (`PII_KEY`) with HKDF-SHA256 under a
  label of its own (`INDEX_LABEL`), so it is never the encryption key and knowing a token
  tells nothing about the Fernet key; whoever holds `PII_KEY` can decrypt anyway. A database
  backup without the key reveals nothing but the equalities above.
- **Key change means reindex.** A new `PII_KEY` gives another index key and every stored
  token stops matching: `complaint-bot db reindex` recomputes them. Each ticket records the
  id of the key its tokens were made with (`BlindIndex.key_id`), so reindex knows which
  rows are stale and is safe to run again.
- **Domain separation.** Each kind of value is hashed with its own prefix, so a complaint
  word never equals a phone token.
- **Phone tails and names** (newcomer trial 10: agents search "/find 5678" or "/find 王建国"
  while a customer is on the line). The last TAIL_DIGITS digits of the normalised phone and
  the customer's name as recorded (`normal_name`) get tokens of their own kinds, stored
  beside the ticket's words in `ticket_terms`. A tail has only 10^4 values, but its token
  still needs the key, so nobody without it can tell which tail a token stands for; whoever
  reads the database sees which tickets share a tail (more than share a phone) or a name,
  the same equality leak as above. The name is matched whole: no part of it is searchable.
- **The layout.** `key_id` covers the key and INDEX_LAYOUT (what the index holds), so
  tickets indexed before a kind of token was added count as stale and `db reindex` fills
  them in, while their older tokens keep matching meanwhile.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
import weakref
from collections.abc import Iterable

from storage.vault import Vault

# The HKDF "info" of the index key: change the version to make every token new (then reindex).
INDEX_LABEL = b"complaint-bot blind index v1"
# Token lengths in hex characters. Contacts: 128 bits, collisions never happen in practice.
# Terms: 64 bits, enough for any vocabulary (two of 10 million distinct words share a token
# with a chance of ~3e-6) at half the size of a row that exists once per word and ticket.
CONTACT_HEX = 32
TERM_HEX = 16
KEY_ID_HEX = 8
# What the index holds, part of `key_id`: raise it when a kind of token is added, so that
# `db reindex` takes up every ticket indexed before. "" was the contacts and words of issue
# 14; "2" adds the phone's tail and the name (newcomer trial 10); "3" the words jieba cut
# into single characters, joined (handlers/search.py:_joined_singles, newcomer trial 12).
INDEX_LAYOUT = "3"
TAIL_DIGITS = 4  # "/find 5678": what a customer reads out and an agent types

_SEPARATORS = re.compile(r"[\s\-.()/（）—–]+")
# A landline's extension ("010-64001234转802", "ext. 802"): the same line whatever the
# extension, so a search by the number alone finds it.
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x)\s*\d{1,6}\s*$", re.I)
_COUNTRY = ("+86", "0086")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_MIN_DIGITS, _MAX_DIGITS = 5, 15  # shorter is no phone; longer is past E.164's 15 digits
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normal_phone(raw: str | None) -> str | None:
    """The phone number in `raw` in one form, or None when `raw` is not only a phone.

    Full-width digits and `＋` fold (NFKC); blanks, dashes, dots, slashes and brackets drop;
    the mainland's country code (+86, 0086, or 86 before an 11-digit mobile) drops, and a
    landline given with it gets its trunk 0 back ("+86 10 8888 6666" -> "01088886666"), so
    every way of writing one number gives the same string: "138-0013-8000",
    "+86 13800138000" and "１３８ ００１３ ８０００" are all "13800138000"; a landline's
    extension (转802, ext 802) drops: "010-64001234转802" is "01064001234". Another country
    keeps its "+" and code. Anything else (letters, fewer than 5 or more than 15 digits):
    None.
    """
    if not raw:
        return None
    text = _SEPARATORS.sub("", _EXTENSION.sub("", unicodedata.normalize("NFKC", raw)))
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if not digits.isdigit() or not digits.isascii():
        return None
    for prefix in _COUNTRY:
        if text.startswith(prefix):
            national = text[len(prefix) :]
            return _national(national)
    if not plus and len(digits) == 13 and _MOBILE.fullmatch(digits[2:]) and digits[:2] == "86":
        return digits[2:]
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS:
        return None
    return ("+" if plus else "") + digits


def _national(number: str) -> str | None:
    """A mainland number written after +86: a mobile as it is, a landline with its 0."""
    if not _MIN_DIGITS <= len(number) <= _MAX_DIGITS:
        return None
    if _MOBILE.fullmatch(number) or number.startswith("0"):
        return number
    return "0" + number


def normal_email(raw: str | None) -> str | None:
    """`raw` trimmed, full-width folded (NFKC) and lower-cased when it is one e-mail address
    (something@domain.tld); None otherwise. The whole address is lower-cased: providers
    treat the local part case-insensitively in practice, and a search must not miss."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    return text if _EMAIL.fullmatch(text) else None


def phone_tail(raw: str | None) -> str | None:
    """The last TAIL_DIGITS digits of the phone number in `raw` (`normal_phone`, so an
    extension never counts: "010-64005678转802" ends 5678); None when `raw` is no phone."""
    phone = normal_phone(raw)
    return None if phone is None else phone[-TAIL_DIGITS:]


_BLANKS = re.compile(r"\s+")


def normal_name(raw: str | None) -> str | None:
    """A customer's name as it is indexed and searched: full-width folded (NFKC), trimmed,
    lower-cased, inner blanks made one space ("Tom  Becker" is "tom becker"); None when
    blank."""
    if not raw:
        return None
    name = _BLANKS.sub(" ", unicodedata.normalize("NFKC", raw)).strip().lower()
    return name or None


def normal_term(word: str) -> str:
    """A word as it is indexed and searched: full-width folded (NFKC), lower-cased, trimmed."""
    return unicodedata.normalize("NFKC", word).strip().lower()


class BlindIndex:
    """The tokens of one index key. Build it with `BlindIndex.of(vault)`; tests may pass a
    key directly. Tokens are lower-case hex; the same input always gives the same token."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("a blind-index key needs at least 32 bytes")
        self._key = key
        self.key_id = self._mac("key-id", INDEX_LAYOUT).hex()[:KEY_ID_HEX]

    @classmethod
    def of(cls, vault: Vault) -> BlindIndex:
        """The index of `vault`'s key (derived once per vault, then reused)."""
        found = _BY_VAULT.get(vault)
        if found is None:
            found = _BY_VAULT[vault] = cls(vault.derive_key(INDEX_LABEL))
        return found

    def _mac(self, kind: str, value: str) -> bytes:
        message = kind.encode("ascii") + b"\x00" + value.encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def phone_token(self, raw: str | None) -> str | None:
        """The token of the phone number in `raw` (normalised by `normal_phone`), None when
        `raw` is no phone number."""
        phone = normal_phone(raw)
        return None if phone is None else self._mac("phone", phone).hex()[:CONTACT_HEX]

    def email_token(self, raw: str | None) -> str | None:
        """The token of the e-mail address in `raw` (`normal_email`), None when it is none."""
        email = normal_email(raw)
        return None if email is None else self._mac("email", email).hex()[:CONTACT_HEX]

    def phone_tail_token(self, raw: str | None) -> str | None:
        """The token of the last TAIL_DIGITS digits of a phone: `raw` is a phone in any form
        (`phone_tail`) or those digits alone ("5678"); None for anything else."""
        if raw is not None and raw.isdigit() and raw.isascii() and len(raw) == TAIL_DIGITS:
            tail: str | None = raw
        else:
            tail = phone_tail(raw)
        return None if tail is None else self._mac("phone-tail", tail).hex()[:TERM_HEX]

    def name_token(self, raw: str | None) -> str | None:
        """The token of a customer's name (`normal_name`), None when blank. Stored beside
        the term tokens, with a prefix of its own: a name never matches a word."""
        name = normal_name(raw)
        return None if name is None else self._mac("name", name).hex()[:TERM_HEX]

    def term_token(self, word: str) -> str:
        """The token of one word (`normal_term`)."""
        return self._mac("term", normal_term(word)).hex()[:TERM_HEX]

    def term_tokens(self, words: Iterable[str]) -> set[str]:
        """The tokens of `words`, blanks skipped. Which words a text has is the handlers'
        business (handlers/search.py:complaint_terms, with the jieba tokenizer): storage
        does not read Chinese."""
        return {self.term_token(w) for w in words if normal_term(w)}


_BY_VAULT: weakref.WeakKeyDictionary[Vault, BlindIndex] = weakref.WeakKeyDictionary()
