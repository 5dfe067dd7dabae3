"""POST /api/v1/tickets/{number}/actions: the chat's own handler, events, actor and pushes;
an Idempotency-Key runs once; refusals and bad bodies are answered, not run."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.app import App
from storage.models import OutboxMessage, TicketEvent
from tests.api.support import make_token, serving
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, tickets


async def events(app: App, kind: str) -> list[TicketEvent]:
    async with app.db.transaction() as session:
        found = await session.execute(select(TicketEvent).where(TicketEvent.kind == kind))  # type: ignore[arg-type]
        return list(found.scalars().all())


async def test_a_reply_reaches_the_customer_as_from_the_chat(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    await file_complaint(Person(app, "c2"))
    first, second = await tickets(app)
    # The same reply, once from the chat and once through the API.
    chat = Person(app, "a1")
    await chat.say(f"/take {first.number}")
    await chat.say(f"/reply {first.number} 您好，已为您核实")
    token = await make_token(app, "a1")
    async with serving(app.services) as api:
        taken = await api.act(second.number, token, {"action": "take"})
        replied = await api.act(
            second.number, token, {"action": "reply", "text": "您好，已为您核实"}, key="k-1"
        )
    assert taken.status == 200 and [e["kind"] for e in taken.body["events"]] == ["assigned"]
    assert replied.status == 200, replied.body
    assert replied.body["replayed"] is False and replied.body["answers"]
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    assert any("已为您核实" in text for text in inboxes.of("c1"))
    assert any("已为您核实" in text for text in inboxes.of("c2"))
    by_ticket = {e.ticket_id: e for e in await events(app, "reply")}
    from_chat, from_api = by_ticket[first.id], by_ticket[second.id]
    assert (from_api.actor_kind, from_api.actor_id) == (from_chat.actor_kind, from_chat.actor_id)
    assert from_api.actor_id == "console:a1"
    assert from_api.data == from_chat.data
    assert app.services.vault.open(from_api.text_enc) == app.services.vault.open(from_chat.text_enc)
    assert [e["kind"] for e in replied.body["events"]] == ["reply"]


async def test_an_idempotency_key_runs_once(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王五")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    token, other = await make_token(app, "a1"), await make_token(app, "a2")
    body = {"action": "note", "text": "已联系门店"}
    async with serving(app.services) as api:
        first = await api.act(ticket.number, token, body, key="same")
        again = await api.act(ticket.number, token, body, key="same")
        # Another agent's same key is their own request, not a replay of the first.
        theirs = await api.act(ticket.number, other, body, key="same")
        fresh = await api.act(ticket.number, token, body)
    assert first.status == again.status == theirs.status == fresh.status == 200
    assert first.body["replayed"] is False and again.body["replayed"] is True
    assert again.body["answers"] == first.body["answers"] and again.body["events"] == []
    assert theirs.body["replayed"] is False
    notes = await events(app, "note")
    assert [n.actor_id for n in notes] == ["console:a1", "console:a2", "console:a1"]


async def test_a_key_reused_for_another_request_is_refused(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    await file_complaint(Person(app, "c2"))
    first, second = await tickets(app)
    token = await make_token(app, "a1")
    body = {"action": "note", "text": "已联系门店"}
    async with serving(app.services) as api:
        ran = await api.act(first.number, token, body, key="crm-1")
        other_text = await api.act(
            first.number, token, {"action": "note", "text": "另一件"}, "crm-1"
        )
        other_ticket = await api.act(second.number, token, body, key="crm-1")
        other_action = await api.act(first.number, token, {"action": "take"}, key="crm-1")
        # The same request with the same key is still a replay of the first run.
        again = await api.act(first.number, token, body, key="crm-1")
    assert ran.status == 200 and again.status == 200, (ran.body, again.body)
    assert again.body["replayed"] is True and again.body["answers"] == ran.body["answers"]
    for refused in (other_text, other_ticket, other_action):
        assert refused.status == 422, refused.body
        assert refused.body["error"]["code"] == "idempotency_key_reused"
        assert "another request" in refused.body["error"]["message"]
    # None of the refused requests ran: one note, on the first ticket, nobody took a ticket.
    notes = await events(app, "note")
    assert [n.ticket_id for n in notes] == [first.id]
    assert await events(app, "assigned") == []


async def test_refusals_and_bad_bodies(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王五")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    await Person(app, "a2").say(f"/take {ticket.number}")
    token = await make_token(app, "a1")
    number = ticket.number
    async with serving(app.services) as api:
        # The handler's own refusal: another agent holds the ticket.
        held = await api.act(number, token, {"action": "take"})
        assert held.status == 409 and held.body["error"]["code"] == "refused"
        assert "王五" in held.body["error"]["message"]
        bad = [
            {"action": "drop_tables"},
            {"action": "reply"},
            {"action": "reply", "text": ""},
            {"action": "status", "status": "closed"},
            {"action": "note", "text": "x", "extra": 1},
            {"action": "reply", "text": "x" * 5000},
            ["reply"],
        ]
        for body in bad:
            answer = await api.act(number, token, body)
            assert answer.status == 422 and answer.body["error"]["code"] == "invalid", body
        missing = await api.act("CP20991231001", token, {"action": "note", "text": "x"})
        assert missing.status == 404
        not_json = await api.call(
            "POST",
            f"/tickets/{number}/actions",
            token,
            data=b"action=note",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert not_json.status == 415
        broken = await api.call(
            "POST",
            f"/tickets/{number}/actions",
            token,
            data=b"{",
            headers={"Content-Type": "application/json"},
        )
        assert broken.status == 422
        huge = await api.call(
            "POST",
            f"/tickets/{number}/actions",
            token,
            data=json.dumps({"action": "note", "text": "x" * 70_000}).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert huge.status == 413 and huge.body["error"]["code"] == "too_large"
        wrong_key = await api.act(number, token, {"action": "note", "text": "x"}, key="k" * 300)
        assert wrong_key.status == 422
    assert await events(app, "note") == []
    async with app.db.transaction() as session:
        pushes = (await session.execute(select(OutboxMessage))).scalars().all()
    assert not any("x" * 10 in (app.services.vault.open(p.payload_enc) or "") for p in pushes)


async def test_a_supervisor_assigns_through_the_api(app: App) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    await add_agent(app, "a2", "王五")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    token = await make_token(app, "s1")
    async with serving(app.services) as api:
        answer = await api.act(ticket.number, token, {"action": "assign", "agent": "王五"})
    assert answer.status == 200, answer.body
    [event] = answer.body["events"]
    assert event["kind"] == "assigned" and event["actor_id"] == "console:s1"
    [after] = await tickets(app)
    assert after.assignee_id is not None
