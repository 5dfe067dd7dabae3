"""Newcomer trial 10, the agents' /find: by the last four digits of the customer's phone and
by the customer's name, as agents search when a customer calls; through keyed blind-index
tokens only (nothing in the database in plain text), results masked as /find shows them.

Real parts: tickets filed through the conversation, the agent's own chat, the real
`complaint-bot db reindex` code path; both backends through the `app` fixture.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from sqlalchemy import text

from bot.app import App
from handlers.search import QueryKind, reindex, search_tickets
from storage.blind_index import INDEX_LABEL, BlindIndex
from storage.queries import search as search_q
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_search import LEAK, RICH, file, numbers
from tests.support import Person
from tests.web.support import console, signed_in

RUDE = "我叫王建国，电话010-64005678转802。今天在你们西单店，店员态度很差，还骂人，要求道歉"


async def test_find_by_the_last_four_digits_of_the_phone(app: App) -> None:
    aircon = await file(app, "wang", RICH)  # 13812345678
    await file(app, "zhang", LEAK)  # an e-mail only
    rude = await file(app, "jian", RUDE)  # a landline ending 5678, with an extension
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    answer = await agent.say("/find 5678")
    assert "手机尾号" in answer and "2 张工单" in answer
    assert aircon.number in answer and rude.number in answer
    assert "138****5678" in answer and "13812345678" not in answer  # masked as before
    assert "64005678" not in answer
    said = await agent.say("查找 尾号5678")  # said the way a caller says it
    assert aircon.number in said and rude.number in said
    assert "没有找到" in await agent.say("/find 5679")
    found = await search_tickets(app.services, "5678", limit=10)
    assert found.kind is QueryKind.PHONE_TAIL and found.total == 2


async def test_four_digits_still_find_the_end_of_a_ticket_number(app: App) -> None:
    first = await file(app, "wang", RICH)
    tail = first.number[-4:]  # e.g. "2001": a day's last digit and the sequence
    assert await numbers(app, tail) == [first.number]
    found = await search_tickets(app.services, tail, limit=10)
    assert found.kind is QueryKind.SHORT_NUMBER  # no phone ends so: read as before
    assert await numbers(app, "1") == [first.number]  # the short number, unchanged


async def test_find_by_the_customers_name(app: App) -> None:
    aircon = await file(app, "wang", RICH)  # 王芳
    washer = await file(app, "zhang", LEAK)  # 张伟
    rude = await file(app, "jian", RUDE)  # 王建国
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    answer = await agent.say("/find 王建国")
    assert "姓名" in answer and "1 张工单" in answer and rude.number in answer
    assert "010-****5678" in answer and "64005678" not in answer
    assert aircon.number in await agent.say("/find 王芳")
    assert washer.number in await agent.say("查找 张伟")
    assert "没有找到" in await agent.say("/find 王小明")
    assert await numbers(app, " 王建国 ") == [rude.number]
    # Words still find by words, every word must match.
    assert await numbers(app, "漏水") == [washer.number]
    found = await search_tickets(app.services, "骂人", limit=10)
    assert found.kind is QueryKind.WORDS and [t.number for t in found.tickets] == [rude.number]


async def test_the_tail_and_name_tokens_are_keyed_and_hold_no_plaintext(app: App) -> None:
    await file(app, "wang", RICH)
    index = BlindIndex.of(app.services.vault)
    async with app.db.transaction() as session:
        rows = await session.execute(text("SELECT term FROM ticket_terms"))
        terms = {str(row[0]) for row in rows}
    assert index.name_token("王芳") in terms and index.phone_tail_token("5678") in terms
    plain = ("5678", "王芳", "phone-tail\x005678")
    unkeyed = {hashlib.sha256(value.encode()).hexdigest()[:16] for value in plain}
    assert not terms & unkeyed and not terms & {"5678", "王芳"}
    other = BlindIndex(b"k" * 32)
    assert other.phone_tail_token("5678") != index.phone_tail_token("5678")
    # A tail and a name never stand for a word of the complaint, nor the other way round.
    assert index.name_token("空调") != index.term_token("空调")


async def test_a_corrected_phone_and_name_are_found_by_their_new_tail_and_name(app: App) -> None:
    ticket = await file(app, "wang", RICH)
    customer = Person(app, "wang")
    answer = await customer.say("不对，手机号是13911112222，刚才写错了")
    assert "已更新工单" in answer
    assert await numbers(app, "2222") == [ticket.number]
    assert await numbers(app, "尾号5678") == []
    answer = await customer.say("名字写错了，我叫王芬")
    assert "已更新工单" in answer, answer
    assert await numbers(app, "王芬") == [ticket.number]
    assert await numbers(app, "王芳") == []


async def test_reindex_fills_the_tail_and_name_of_older_tickets(app: App) -> None:
    ticket = await file(app, "wang", RICH)
    async with app.db.transaction() as session:
        await search_q.clear_index(session)  # as a database from before the index
    assert await numbers(app, "5678") == [] and await numbers(app, "王芳") == []
    assert await reindex(app.db, app.services.vault) == 1
    assert await numbers(app, "5678") == [ticket.number]
    assert await numbers(app, "王芳") == [ticket.number]
    assert await reindex(app.db, app.services.vault) == 0


def test_tickets_indexed_before_the_tail_and_name_are_stale_for_reindex() -> None:
    # Their index_key is the key id the index had before (an HMAC of the key alone):
    # `db reindex` takes them up again, though their phone and word tokens stay valid.
    key = hmac.new(b"x" * 32, INDEX_LABEL, hashlib.sha256).digest()
    index = BlindIndex(key)
    before = hmac.new(key, b"key-id\x00", hashlib.sha256).hexdigest()[:8]
    assert index.key_id != before


async def test_the_console_search_reads_a_tail_and_a_name_too(app: App) -> None:
    ticket = await file(app, "wang", RICH)
    await add_agent(app, "a1", "张三")
    async with console(app) as client:
        await signed_in(app, client, "a1")
        for query, label in (("5678", "电话尾号"), ("王芳", "客户姓名")):
            page = await (await client.get("/console/search", params={"q": query})).text()
            assert re.findall(r'data-testid="search-row" data-number="(\w+)"', page) == [
                ticket.number
            ], (query, page)
            assert label in page
            assert "13812345678" not in page and "王芳" not in page.replace('value="王芳"', "")
