"""Finding tickets by number, by the customer's phone or e-mail, and by words (issue 14).

Personal data and the complaint's account are sealed at rest, so the search never decrypts
rows to compare them: each ticket carries keyed blind-index tokens (storage/blind_index.py)
of its normalised contact and of its words, written when it is filed
(handlers/tickets.py:file_ticket), when the customer corrects the contact afterwards
(handlers/ticket_messages.py:correct_contact), and for older tickets by
`complaint-bot db reindex` (`reindex`). A query is turned into the same tokens and looked up
on indexes (storage/queries/search.py).

What a query is, in this order (`classify_query`):
1. a full ticket number, in any case or width, alone or among other words
   (`CP20261122001`, `查 cp20261122001`);
2. the last four digits of the customer's phone said as such (`尾号5678`, `手机尾号 5678`);
3. 1-6 digits: the end of a ticket number, as the agents' `/show 1` reads it (the day's
   sequence padded to the policy's width first, then any number ending so); four digits
   also the end of the customer's phone (`/find 5678`, newcomer trial 10): both are found,
   and the query reads as a phone's tail when some phone ends so;
4. an e-mail address (lower-cased);
5. a phone number in any usual form (`138-0013-8000`, `+86 13800138000`, full-width);
6. otherwise the customer's name, matched whole (`/find 王建国`), or words of the complaint,
   every word matching (AND): tickets found either way, read as a name when some name
   matched.
Results are newest first and paginated in SQL. Masking them is the caller's business; the
query itself is never logged (it may be a phone number), only its kind and the count.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from handlers.services import Services
from handlers.words import find_ticket_number
from nlp import tokenizer
from storage.blind_index import TAIL_DIGITS, BlindIndex, normal_phone
from storage.engine import AsyncSession, Database
from storage.masking import mask_text
from storage.models import Ticket
from storage.queries import search as search_q
from storage.vault import Vault

_log = logging.getLogger(__name__)

SHORT_NUMBER_DIGITS = 6  # "查 8", "/find 0012": at most this many digits end a ticket number
REINDEX_BATCH = 500  # tickets per transaction in `reindex`: a short lock, a steady pace
# The phone's tail said as such: "尾号5678", "手机尾号 5678", "电话后四位5678".
_SAID_TAIL = re.compile(
    rf"(?:手机|电话|号码)?(?:尾号|尾数|后四位|末四位)\s*[:：是]?\s*(?P<digits>\d{{{TAIL_DIGITS}}})"
)


class QueryKind(StrEnum):
    """What a search query was read as."""

    NUMBER = "number"  # a full ticket number
    SHORT_NUMBER = "short_number"  # the last digits of ticket numbers
    PHONE_TAIL = "phone_tail"  # the last four digits of a phone (and of ticket numbers)
    NAME = "name"  # the customer's name (and words)
    EMAIL = "email"
    PHONE = "phone"
    WORDS = "words"
    NOTHING = "nothing"  # nothing searchable: empty, or only one-character or stop words


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of the tickets a query found (ORM rows, newest first), the total of all
    matches, and what the query was read as (the console may say "by phone")."""

    kind: QueryKind
    tickets: list[Ticket]
    total: int


# --- words ----------------------------------------------------------------------------------
def search_words(text: str, name: str | None = None) -> set[str]:
    """The searchable words of a text: jieba's words (nlp/tokenizer.py, without HMM, as the
    report cuts) of at least two characters, with a letter in them, not stop words,
    lower-cased and full-width folded.

    The same rules as handlers/report.py:complaint_words (contacts masked first, the
    customer's own `name` removed, stop words and single characters dropped), except that a
    word may hold digits beside letters ("iPhone15"), since object names do. Pure numbers
    (amounts, order numbers, phones) are not words. Indexing and querying both call this,
    so a query's words are cut the way the complaint's were.
    """
    text = mask_text(unicodedata.normalize("NFKC", text))
    if name:
        text = text.replace(name, " ")
    found: set[str] = set()
    for word in _joined_singles(tokenizer.cut(text, hmm=False)):
        word = word.strip().lower()
        if (
            len(word) >= 2
            and word.isalnum()
            and any(ch.isalpha() for ch in word)
            and word not in tokenizer.STOP_WORDS
        ):
            found.add(word)
    return found


def _joined_singles(words: list[str]) -> list[str]:
    """`words` with each run of single Han characters that are not stop words joined into
    one word beside them: jieba without HMM cuts a word its dictionary lacks into single
    characters ("黄焖鸡" -> 黄, 焖, 鸡), which the two-character rule then drops, so such a
    word was neither indexed nor searchable (newcomer trial 12: "/find 黄焖鸡" was refused).
    Indexing and querying both join, so the query's run meets the complaint's."""
    out, run = list(words), ""
    for word in [*words, ""]:
        if len(word) == 1 and _is_han(word) and word not in tokenizer.STOP_WORDS:
            run += word
            continue
        if len(run) >= 2:
            out.append(run)
        run = ""
    return out


def _is_han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def sub_words(word: str) -> set[str]:
    """The dictionary words inside a longer Chinese word, as jieba's `cut_for_search` finds
    them: its 2-character parts when it is longer than 2, its 3-character parts when longer
    than 3, each kept when the tokenizer reads it as one word ("退货退款" -> 退货, 退款;
    "售后服务" -> 售后, 服务). Words with other than Han characters: none."""
    if len(word) <= 2 or not _is_han(word):
        return set()
    parts = {word[i : i + n] for n in (2, 3) if len(word) > n for i in range(len(word) - n + 1)}
    return {part for part in parts if tokenizer.cut(part, hmm=False) == [part]}


def index_words(text: str, name: str | None = None) -> set[str]:
    """The words a text is indexed under: `search_words`, and the `sub_words` of each, so
    that "退款" finds a complaint that said "退货退款". Queries are not expanded: a query of
    "退货退款" finds the complaints that have that word."""
    words = search_words(text, name)
    for word in list(words):
        words |= sub_words(word)
    return words


def complaint_terms(
    account: str | None, *, name: str | None, objects: Iterable[str | None] = ()
) -> set[str]:
    """The words a ticket is found by: those of its account (`index_words`, the name left
    out) and of its object names (product, store, staff; several joined by "、"), each name
    also whole, so "海底捞" is found even where jieba cuts it differently in a sentence."""
    words = index_words(account or "", name)
    for field in objects:
        for part in (field or "").split("、"):
            part = unicodedata.normalize("NFKC", part).strip().lower()
            if len(part) >= 2 and part not in tokenizer.STOP_WORDS:
                words.add(part)
                words |= index_words(part)
    return words


# --- writing the index ------------------------------------------------------------------------
def index_contact(ticket: Ticket, vault: Vault, phone: str | None, email: str | None) -> None:
    """Sets the contact tokens on an ORM ticket (written with its INSERT or next flush) and
    the id of the key that made them."""
    index = BlindIndex.of(vault)
    ticket.phone_index = index.phone_token(phone)
    ticket.email_index = index.email_token(email)
    ticket.index_key = index.key_id


def ticket_tokens(
    index: BlindIndex,
    account: str | None,
    *,
    name: str | None,
    phone: str | None,
    objects: Iterable[str | None],
) -> set[str]:
    """Every token a ticket is found by in `ticket_terms`: its words (`complaint_terms`),
    its customer's name whole and its phone's last four digits (newcomer trial 10), each
    kind under a prefix of its own (storage/blind_index.py), so none matches another."""
    tokens = index.term_tokens(complaint_terms(account, name=name, objects=objects))
    tokens |= {t for t in (index.name_token(name), index.phone_tail_token(phone)) if t}
    return tokens


async def index_terms(
    session: AsyncSession,
    vault: Vault,
    ticket_id: int,
    account: str | None,
    *,
    name: str | None,
    phone: str | None,
    objects: Iterable[str | None],
    replace: bool = False,
) -> None:
    """Writes the tokens of a flushed ticket (`ticket_tokens`): one statement for a new
    ticket, two with `replace` (the old ones deleted first)."""
    terms = ticket_tokens(BlindIndex.of(vault), account, name=name, phone=phone, objects=objects)
    if replace:
        await search_q.replace_terms(session, ticket_id, terms)
    else:
        await search_q.add_terms(session, ticket_id, terms)


async def index_correction(
    session: AsyncSession, vault: Vault, ticket: Ticket, changed: Collection[str]
) -> None:
    """Brings a filed ticket's index up to date after the customer corrected `changed`
    (any of "name", "phone", "email"; the ORM ticket already holds the new sealed values):
    a new phone or e-mail token (written with the ticket's flush), and for a new name or
    phone the terms again (the name is kept out of the words; the name and the phone's
    tail have tokens among them). A ticket not yet indexed with the current key and
    layout (filed before the index, or before the tail and name) is indexed whole."""
    index = BlindIndex.of(vault)
    whole = ticket.index_key != index.key_id
    if whole or "phone" in changed:
        ticket.phone_index = index.phone_token(vault.open(ticket.phone_enc))
    if whole or "email" in changed:
        ticket.email_index = index.email_token(vault.open(ticket.email_enc))
    ticket.index_key = index.key_id
    if whole or "name" in changed or "phone" in changed:
        await index_terms(
            session,
            vault,
            ticket.id or 0,
            vault.open(ticket.account_enc),
            name=vault.open(ticket.name_enc),
            phone=vault.open(ticket.phone_enc),
            objects=(ticket.product, ticket.store, ticket.staff),
            replace=True,
        )


Progress = Callable[[int, int], None]


async def reindex(
    db: Database,
    vault: Vault,
    *,
    every: bool = False,
    batch: int = REINDEX_BATCH,
    progress: Progress | None = None,
) -> int:
    """Fills the blind index of every ticket whose tokens were not made with the current
    key (filed before the index existed, or before a key change); with `every`, of all
    tickets. Returns how many were indexed.

    `batch` tickets per transaction, by id (keyset), each ticket's sealed values opened one
    at a time: safe to interrupt (the next run goes on where this stopped) and to run again
    (a second run finds nothing to do), and safe beside running workers (rows locked while
    indexed on PostgreSQL). `progress(done, total)` is called after each batch. Raises
    VaultError when a stored value does not open with the key.
    """
    index = BlindIndex.of(vault)
    async with db.transaction() as session:
        total = await (
            search_q.count_all(session)
            if every
            else search_q.count_unindexed(session, index.key_id)
        )
    done, after = 0, 0
    while True:
        async with db.transaction() as session:
            rows = await search_q.unindexed_after(session, index.key_id, after, batch, every=every)
            for row in rows:
                await _index_row(session, vault, index, row)
        if not rows:
            break
        done, after = done + len(rows), rows[-1].id
        if progress is not None:
            progress(done, max(total, done))
    return done


async def _index_row(
    session: AsyncSession, vault: Vault, index: BlindIndex, row: search_q.Unindexed
) -> None:
    phone = vault.open(row.phone_enc)
    await search_q.set_contact_index(
        session,
        row.id,
        phone_index=index.phone_token(phone),
        email_index=index.email_token(vault.open(row.email_enc)),
        key_id=index.key_id,
    )
    tokens = ticket_tokens(
        index,
        vault.open(row.account_enc),
        name=vault.open(row.name_enc),
        phone=phone,
        objects=(row.product, row.store, row.staff),
    )
    await search_q.replace_terms(session, row.id, tokens)


# --- searching ---------------------------------------------------------------------------------
def classify_query(query: str) -> QueryKind:
    """What `query` is (module docstring, in that order); NOTHING for a blank query. Words
    are not checked here: a query of only stop words is WORDS and finds nothing."""
    text = unicodedata.normalize("NFKC", query).strip()
    if not text:
        return QueryKind.NOTHING
    if find_ticket_number(text) is not None:
        return QueryKind.NUMBER
    if _SAID_TAIL.fullmatch(text):
        return QueryKind.PHONE_TAIL
    if text.isdigit() and text.isascii() and len(text) <= SHORT_NUMBER_DIGITS:
        return QueryKind.SHORT_NUMBER
    if "@" in text:
        return QueryKind.EMAIL
    if normal_phone(text) is not None:
        return QueryKind.PHONE
    return QueryKind.WORDS


async def search_tickets(
    services: Services, query: str, *, limit: int, offset: int = 0
) -> SearchResult:
    """The tickets `query` finds (see the module docstring for how it is read), `limit` of
    them from `offset`, newest first, with the total; in a transaction of its own.

    Raises ValueError for a `limit` below 1 or a negative `offset`. The query is not logged.
    """
    async with services.db.transaction() as session:
        return await search_in(session, services, query, limit=limit, offset=offset)


async def search_in(
    session: AsyncSession, services: Services, query: str, *, limit: int, offset: int = 0
) -> SearchResult:
    """`search_tickets` in the caller's session (an agent's turn)."""
    if limit < 1 or offset < 0:
        raise ValueError(f"limit {limit} / offset {offset}: limit >= 1 and offset >= 0")
    kind = classify_query(query)
    text = unicodedata.normalize("NFKC", query).strip()
    index = BlindIndex.of(services.vault)
    page = search_q.EMPTY
    if kind is QueryKind.NUMBER:
        page = await search_q.by_number(session, find_ticket_number(text) or "")
        page = page if offset == 0 else search_q.TicketPage([], page.total)
    elif kind is QueryKind.PHONE_TAIL:
        said = _SAID_TAIL.fullmatch(text)
        token = index.phone_tail_token(said.group("digits") if said else None)
        if token is not None:
            page = await search_q.by_terms(session, (), or_any=(token,), limit=limit, offset=offset)
    elif kind is QueryKind.SHORT_NUMBER:
        tail = index.phone_tail_token(text) if len(text) == TAIL_DIGITS else None
        if tail is not None and await search_q.has_term(session, tail):
            # A phone ends so: a phone's tail, and tickets whose number ends so too.
            kind = QueryKind.PHONE_TAIL
            page = await search_q.by_number_ending(
                session, text, limit=limit, offset=offset, or_any=(tail,)
            )
        else:
            page = await _by_short_number(session, services, text, limit, offset)
    elif kind is QueryKind.EMAIL:
        token = index.email_token(text)
        if token is not None:
            page = await search_q.by_email(session, token, limit=limit, offset=offset)
    elif kind is QueryKind.PHONE:
        token = index.phone_token(text)
        if token is not None:
            page = await search_q.by_phone(session, token, limit=limit, offset=offset)
    elif kind is QueryKind.WORDS:
        terms = index.term_tokens(search_words(text))
        name = index.name_token(text)
        named = name is not None and await search_q.has_term(session, name)
        if named:
            # The customer's name (and, as ever, the tickets whose words all match).
            kind = QueryKind.NAME
            page = await search_q.by_terms(
                session, terms, or_any=(name or "",), limit=limit, offset=offset
            )
        elif not terms:
            kind = QueryKind.NOTHING
        else:
            page = await search_q.by_terms(session, terms, limit=limit, offset=offset)
    _log.info("search by %s: %d found", kind.value, page.total)
    return SearchResult(kind, page.tickets, page.total)


async def _by_short_number(
    session: AsyncSession, services: Services, digits: str, limit: int, offset: int
) -> search_q.TicketPage:
    """A search's reading of a short number: shorter than the daily sequence, it is that
    sequence first ("1" -> numbers ending 001), any number ending in the digits when none
    does. Wider than the commands' (handlers/agents.py:short_number_matches, which never
    take a number merely ending in the digits): a search only lists tickets, it acts on none."""
    width = services.policy.sequence_digits
    if len(digits) < width:
        padded = await search_q.by_number_ending(
            session, digits.zfill(width), limit=limit, offset=offset
        )
        if padded.total:
            return padded
    return await search_q.by_number_ending(session, digits, limit=limit, offset=offset)
