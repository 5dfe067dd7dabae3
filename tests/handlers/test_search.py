"""Search by number, phone, e-mail and words through the blind index, on every backend."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from bot.app import App
from handlers.search import QueryKind, search_tickets
from storage.blind_index import BlindIndex
from storage.models import Ticket
from storage.queries import search as search_q
from tests.handlers.lifecycle_support import add_agent
from tests.support import Person, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
LEAK = (
    "我叫张伟，邮箱 Zhang.Wei@Example.com。昨天在你们望京店买的洗衣机，安装后一直漏水，"
    "订单号2024050100777，要求维修"
)


async def file(app: App, user: str, story: str) -> Ticket:
    """Files `story` as `user`'s complaint (no evidence) and returns the new ticket."""
    customer = Person(app, user)
    answer = await customer.say(story)
    for _ in range(4):
        if "投诉受理确认函" in answer:
            break
        if "请核对" in answer:
            answer = await customer.say("确认")
        else:
            answer = await customer.say("暂无")
    assert "投诉受理确认函" in answer, answer
    return (await tickets(app))[-1]


async def numbers(app: App, query: str, **page: int) -> list[str]:
    found = await search_tickets(
        app.services,
        query,
        limit=page.get("limit", 20),
        **{k: v for k, v in page.items() if k != "limit"},
    )
    return [t.number for t in found.tickets]


@pytest.mark.parametrize(
    "query",
    [
        "13812345678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "0086 13812345678",
        "１３８１２３４５６７８",
    ],
)
async def test_a_phone_in_any_format_finds_the_ticket(app: App, query: str) -> None:
    ticket = await file(app, "wang", RICH)
    await file(app, "zhang", LEAK)
    found = await search_tickets(app.services, query, limit=10)
    assert found.kind is QueryKind.PHONE
    assert [t.number for t in found.tickets] == [ticket.number] and found.total == 1
    assert await numbers(app, "13812345679") == []


async def test_an_email_is_found_whatever_its_case(app: App) -> None:
    await file(app, "wang", RICH)
    ticket = await file(app, "zhang", LEAK)
    for query in ("zhang.wei@example.com", "ZHANG.WEI@EXAMPLE.COM", " Zhang.Wei@example.COM "):
        found = await search_tickets(app.services, query, limit=10)
        assert found.kind is QueryKind.EMAIL
        assert [t.number for t in found.tickets] == [ticket.number]
    assert await numbers(app, "zhang.wei@example.cn") == []


async def test_words_of_the_complaint_and_of_its_object_are_found_after_filing(app: App) -> None:
    aircon = await file(app, "wang", RICH)
    washer = await file(app, "zhang", LEAK)
    found = await search_tickets(app.services, "漏水", limit=10)
    assert found.kind is QueryKind.WORDS and found.total == 1
    assert [t.number for t in found.tickets] == [washer.number]
    assert await numbers(app, "退款") == [aircon.number]
    assert await numbers(app, "空调") == [aircon.number]
    assert await numbers(app, "洗衣机 漏水") == [washer.number]  # every word must match
    assert await numbers(app, "空调 漏水") == []
    assert await numbers(app, "冰箱") == []
    # The customer's name is no search word (it is kept out of the terms): it finds the
    # ticket only whole, by its own token (newcomer trial 10), never among words.
    index = BlindIndex.of(app.services.vault)
    async with app.db.transaction() as session:
        stored = await search_q.term_rows(session, aircon.id or 0)
    assert index.term_token("王芳") not in stored and index.name_token("王芳") in stored
    named = await search_tickets(app.services, "王芳", limit=10)
    assert named.kind is QueryKind.NAME and [t.number for t in named.tickets] == [aircon.number]
    nothing = await search_tickets(app.services, "的", limit=10)
    assert nothing.kind is QueryKind.NOTHING and nothing.total == 0


async def test_numbers_full_lower_case_and_short(app: App) -> None:
    first = await file(app, "wang", RICH)
    second = await file(app, "zhang", LEAK)
    found = await search_tickets(app.services, first.number.lower(), limit=10)
    assert found.kind is QueryKind.NUMBER and [t.number for t in found.tickets] == [first.number]
    assert await numbers(app, f"查 {second.number}") == [second.number]
    assert await numbers(app, "CP20991231001") == []
    short = await search_tickets(app.services, "2", limit=10)  # the day's sequence 002
    assert short.kind is QueryKind.SHORT_NUMBER
    assert [t.number for t in short.tickets] == [second.number]
    assert await numbers(app, "1") == [first.number]
    assert await numbers(app, "22002") == [second.number]  # as long as the sequence: an end
    assert await numbers(app, "9") == []


async def test_pages_are_cut_in_sql_newest_first(app: App) -> None:
    filed = [
        await file(app, f"c{n}", LEAK.replace("张伟", name))
        for n, name in enumerate(("李雷", "韩梅", "赵强"))
    ]
    newest_first = [t.number for t in reversed(filed)]
    first = await search_tickets(app.services, "漏水", limit=2)
    assert first.total == 3 and [t.number for t in first.tickets] == newest_first[:2]
    rest = await search_tickets(app.services, "漏水", limit=2, offset=2)
    assert rest.total == 3 and [t.number for t in rest.tickets] == newest_first[2:]
    past = await search_tickets(app.services, "漏水", limit=2, offset=5)
    assert past.total == 3 and past.tickets == []
    with pytest.raises(ValueError):
        await search_tickets(app.services, "漏水", limit=0)


async def test_a_phone_corrected_after_filing_is_found_by_the_new_number_only(app: App) -> None:
    ticket = await file(app, "wang", RICH)
    customer = Person(app, "wang")
    answer = await customer.say("不对，手机号是13911112222，刚才写错了")
    assert "已更新工单" in answer and ticket.number in answer
    assert await numbers(app, "139-1111-2222") == [ticket.number]
    assert await numbers(app, "13812345678") == []
    assert await numbers(app, "退款") == [ticket.number]  # the words stay


async def test_the_index_tables_hold_no_plaintext(app: App) -> None:
    await file(app, "wang", RICH)
    await file(app, "zhang", LEAK)
    async with app.db.transaction() as session:
        contacts = (
            await session.execute(text("SELECT phone_index, email_index, index_key FROM tickets"))
        ).all()
        terms = (await session.execute(text("SELECT term, ticket_id FROM ticket_terms"))).all()
    assert len(terms) > 10
    stored = [str(v) for row in contacts for v in row if v is not None]
    stored += [str(row[0]) for row in terms]
    assert all(re.fullmatch(r"[0-9a-f]+", value) for value in stored), stored
    secrets = ["13812345678", "12345678", "zhang", "example", "王芳", "退款", "漏水", "空调"]
    for value in stored:
        assert not any(secret in value for secret in secrets)
    assert {len(str(row[0])) for row in terms} == {16}
    phones = [row[0] for row in contacts]
    assert phones[0] is not None and phones[1] is None  # the second customer gave an e-mail


async def test_an_agent_finds_tickets_with_the_contact_masked(app: App) -> None:
    aircon = await file(app, "wang", RICH)
    washer = await file(app, "zhang", LEAK)
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    answer = await agent.say("/find 138-1234-5678")
    assert "按手机号找到 1 张工单" in answer and aircon.number in answer
    assert "138****5678" in answer and "13812345678" not in answer
    answer = await agent.say("查找 漏水")
    assert "按关键词找到 1 张工单" in answer and washer.number in answer
    assert "Zhang.Wei@Example.com" not in answer and "zhang.wei" not in answer.lower()
    assert aircon.number not in answer
    assert "按关键词没有找到工单" in await agent.say("/find 冰箱")
    assert "没有可查找的内容" in await agent.say("/find 的")
    assert "用法" in await agent.say("/find")
    assert "/find" in await agent.say("/help")
