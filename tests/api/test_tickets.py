"""GET /api/v1/tickets (filters, keyset pages) and GET /api/v1/tickets/{number} (fields,
events in order, evidence metadata, masking as /show masks)."""

from __future__ import annotations

import itertools
from datetime import timedelta

from bot.app import App
from storage.models import Customer, Ticket
from tests.api.support import Api, agent_row, make_token, serving
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, photo, tickets

STATUSES = ("accepted", "processing", "resolved", "awaiting_customer", "closed")
SEVERITIES = ("general", "important", "urgent")


async def seed(app: App, count: int, assignee_id: int) -> list[Ticket]:
    """`count` tickets of every kind; created_at repeats (ties go by id) and some have no
    deadline, so both orders meet equal keys and missing ones."""
    now = app.services.now()
    rows = []
    async with app.db.transaction() as session:
        customer = Customer(channel="console", user_id="seed", created_at=now)
        session.add(customer)
        await session.flush()
        for i in range(count):
            due = None if i % 4 == 0 else now + timedelta(hours=(i % 5) - 2)
            rows.append(
                Ticket(
                    number=f"CP20261122{i + 100:03d}",
                    customer_id=customer.id or 0,
                    channel=("console", "wechat")[i % 2],
                    user_id="seed",
                    status=STATUSES[i % len(STATUSES)],
                    severity=SEVERITIES[i % 3],
                    category=("product_quality", "logistics")[i % 2],
                    assignee_id=assignee_id if i % 3 == 0 else None,
                    created_at=now - timedelta(minutes=i // 3),  # three by three the same
                    resolution_due=due,
                    updated_at=now,
                )
            )
        session.add_all(rows)
    return rows


async def walk(api: Api, token: str, limit: int, **params: str) -> list[str]:
    """Every page of a list; asserts each page's size."""
    seen: list[str] = []
    cursor = None
    for _ in range(100):
        query = {**params, "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        answer = await api.get("/tickets", token, **query)
        assert answer.status == 200, answer.body
        page = [t["number"] for t in answer.body["tickets"]]
        cursor = answer.body["next_cursor"]
        assert len(page) == limit or cursor is None
        seen += page
        if cursor is None:
            return seen
    raise AssertionError("no end of pages")


async def test_filters_and_pages_without_gaps_or_repeats(app: App) -> None:
    await add_agent(app, "a1", "张三")
    agent = await agent_row(app, "a1")
    rows = await seed(app, 23, agent.id or 0)
    token = await make_token(app, "a1", scope="read")
    now = app.services.now()

    def due(t: Ticket) -> object:
        return t.resolution_due or now.replace(year=9999)

    by_created = sorted(rows, key=lambda t: (t.created_at, t.id), reverse=True)
    by_due = sorted(rows, key=lambda t: (due(t), t.id))
    cases = [
        ({}, [t.number for t in by_created]),
        ({"order": "due"}, [t.number for t in by_due]),
        (
            {"status": "open"},
            [t.number for t in by_created if t.status in STATUSES[:2] + STATUSES[3:4]],
        ),
        (
            {"status": "resolved,closed", "order": "due"},
            [t.number for t in by_due if t.status in ("resolved", "closed")],
        ),
        ({"severity": "urgent"}, [t.number for t in by_created if t.severity == "urgent"]),
        (
            {"category": "logistics", "channel": "wechat"},
            [t.number for t in by_created if t.channel == "wechat"],
        ),
        ({"assignee": "me"}, [t.number for t in by_created if t.assignee_id == agent.id]),
        ({"assignee": "none", "order": "due"}, [t.number for t in by_due if t.assignee_id is None]),
        ({"assignee": str(agent.id)}, [t.number for t in by_created if t.assignee_id == agent.id]),
        (
            {"overdue": "true", "order": "due"},
            [
                t.number
                for t in by_due
                if t.status in ("accepted", "processing", "awaiting_customer")
                and t.resolution_due
                and t.resolution_due < now
            ],
        ),
    ]
    async with serving(app.services) as api:
        for params, expected in cases:
            assert expected, params  # each case keeps something
            for limit in (1, 4, 100):
                assert await walk(api, token, limit, **params) == expected, (params, limit)
        # A ticket filed between two pages shows up in neither order's gap nor twice.
        first = await api.get("/tickets", token, limit="5")
        ids = [t["number"] for t in first.body["tickets"]]
        await seed_late(app, agent.id or 0)
        rest = await walk_from(api, token, first.body["next_cursor"])
        assert ids + rest == [t.number for t in by_created]


async def seed_late(app: App, assignee_id: int) -> None:
    async with app.db.transaction() as session:
        customer = Customer(channel="console", user_id="late", created_at=app.services.now())
        session.add(customer)
        await session.flush()
        session.add(
            Ticket(
                number="CP20261122999",
                customer_id=customer.id or 0,
                channel="console",
                user_id="late",
                created_at=app.services.now() + timedelta(minutes=1),
                updated_at=app.services.now(),
            )
        )


async def walk_from(api: Api, token: str, cursor: str) -> list[str]:
    seen: list[str] = []
    for _ in itertools.count():
        answer = await api.get("/tickets", token, limit="5", cursor=cursor)
        seen += [t["number"] for t in answer.body["tickets"]]
        cursor = answer.body["next_cursor"]
        if cursor is None:
            return seen
    return seen


async def test_bad_list_parameters_are_422(app: App) -> None:
    await add_agent(app, "a1", "张三")
    token = await make_token(app, "a1", scope="read")
    async with serving(app.services) as api:
        for params in (
            {"limit": "101"},
            {"limit": "0"},
            {"status": "lost"},
            {"severity": "huge"},
            {"assignee": "someone"},
            {"cursor": "garbage!"},
            {"order": "random"},
            {"colour": "red"},
        ):
            answer = await api.get("/tickets", token, **params)
            assert answer.status == 422 and answer.body["error"]["code"] == "invalid", params
        created = await api.get("/tickets", token, limit="1")
        assert created.status == 200
        # A cursor of one order is refused by the other, not misread.
        await seed(app, 3, (await agent_row(app, "a1")).id or 0)
        page = await api.get("/tickets", token, limit="1")
        answer = await api.get("/tickets", token, order="due", cursor=page.body["next_cursor"])
        assert answer.status == 422


async def test_one_ticket_with_its_events_and_masked_for_another_agent(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王五")
    await add_agent(app, "s1", "李主管", role="supervisor")
    customer = Person(app, "c1")
    await customer.say(
        "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
        "订单号2024042800123，要求退货退款",
        photo(app.services.data_dir),
    )
    while "请核对" not in customer.last.text:
        await customer.say("暂无")
    await customer.say("1")
    [ticket] = await tickets(app)
    holder = Person(app, "a1")
    await holder.say(f"/take {ticket.number}")
    await holder.say(f"/note {ticket.number} 客户王芳说13812345678白天能接")
    tokens = {who: await make_token(app, who, scope="read") for who in ("a1", "a2", "s1")}
    async with serving(app.services) as api:
        seen = {
            who: (await api.get(f"/tickets/{ticket.number.lower()}", token)).body
            for who, token in tokens.items()
        }
        missing = await api.get("/tickets/CP20991231001", tokens["a1"])
        bogus = await api.get("/tickets/DROP%20TABLE", tokens["a1"])
    other = seen["a2"]
    assert other["masked"] is True
    assert other["customer"]["phone"] == "138****5678" and other["customer"]["name"] == "王*"
    assert "13812345678" not in str(other) and "王芳" not in str(other)
    # The customer's platform id is masked where the name is; the agents' ids are not.
    by_customer = [e["actor_id"] for e in other["events"] if e["actor_kind"] == "customer"]
    assert by_customer and set(by_customer) == {"console:****"}
    assert {e["actor_id"] for e in seen["a1"]["events"] if e["actor_kind"] == "customer"} == {
        "console:c1"
    }
    assert [e["actor_id"] for e in other["events"]][-1] == "console:a1"
    for whole in (seen["a1"], seen["s1"]):
        assert whole["masked"] is False and whole["customer"]["phone"] == "13812345678"
        assert any("13812345678" in (e["text"] or "") for e in whole["events"])
    body = seen["a1"]
    assert body["number"] == ticket.number and body["assignee"]["name"] == "张三"
    kinds = [e["kind"] for e in body["events"]]
    assert kinds[0] == "filed" and kinds[-2:] == ["assigned", "note"]
    assert [e["id"] for e in body["events"]] == sorted(e["id"] for e in body["events"])
    note = body["events"][-1]
    assert note["actor_id"] == "console:a1" and note["actor_kind"] == "agent"
    assert body["classification"]["category"] == ticket.category
    assert body["classification"]["reasons"]
    [evidence] = body["evidence"]
    assert evidence["kind"] == "photo" and evidence["mime"] == "image/jpeg"
    assert "path" not in evidence and "evidence/" not in str(body)
    assert missing.status == 404 and missing.body["error"]["code"] == "not_found"
    assert bogus.status == 404


async def test_the_list_shows_no_personal_data(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    token = await make_token(app, "a1", scope="read")
    async with serving(app.services) as api:
        answer = await api.get("/tickets", token)
    [item] = answer.body["tickets"]
    assert item["status"] == "accepted" and item["assignee"] is None and item["next_due"]
    assert "13812345678" not in str(answer.body) and "王" not in str(answer.body)


async def test_short_numbers_as_the_chat_takes_them(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    await file_complaint(Person(app, "c2"))
    first, second = await tickets(app)
    async with app.db.transaction() as session:  # yesterday's 002, still open
        row = first.model_dump(exclude={"id", "number"})
        session.add(Ticket(**{**row, "number": "CP20261121002"}))
    token = await make_token(app, "a1")
    async with serving(app.services) as api:
        by_sequence = await api.get("/tickets/1", token)
        by_tail = await api.get("/tickets/1122002", token)
        ambiguous = await api.get("/tickets/2", token)
        none = await api.get("/tickets/9", token)
        acted = await api.act("122001", token, {"action": "note", "text": "已联系门店"})
        refused = await api.act("002", token, {"action": "note", "text": "x"})
    assert by_sequence.status == 200 and by_sequence.body["number"] == first.number
    assert by_tail.status == 200 and by_tail.body["number"] == second.number
    assert ambiguous.status == 409 and ambiguous.body["error"]["code"] == "ambiguous_number"
    assert second.number in ambiguous.body["error"]["message"]
    assert "CP20261121002" in ambiguous.body["error"]["message"]
    assert none.status == 404 and none.body["error"]["code"] == "not_found"
    assert acted.status == 200 and acted.body["ticket"] == first.number, acted.body
    assert refused.status == 409 and refused.body["error"]["code"] == "ambiguous_number"
