"""Ticket events reach subscribed webhooks through the outbox, signed, once (issue 14 item 5).

Real parts: the handlers file and work tickets, the real dispatcher and webhook channel
POST to a real aiohttp receiver on 127.0.0.1; both backends through the `app` fixture.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import App
from bot.webhook_delivery import WebhookDelivery
from handlers import webhooks
from storage.models import OutboxMessage
from tests.handlers.lifecycle_support import add_agent
from tests.support import FakeClock, Person, tickets
from tests.webhooks.support import add_hook, file_complaint, receiver, sender


async def outbox_rows(app: App) -> list[OutboxMessage]:
    async with app.db.transaction() as session:
        query = select(OutboxMessage).where(OutboxMessage.channel == "webhook")  # type: ignore[arg-type]
        return list((await session.execute(query)).scalars().all())


async def test_filing_delivers_ticket_filed_signed_without_personal_data(app: App) -> None:
    async with receiver() as got, sender(app) as dispatcher:
        hook = await add_hook(app, got.url(), "ticket.filed")
        await file_complaint(app)
        [ticket] = await tickets(app)
        assert await dispatcher.run_once() == 1

        [post] = got.got
        assert post.signed_with(hook.secret)
        assert not post.signed_with(hook.secret + "x")  # the check can fail
        assert post.headers["Content-Type"] == "application/json"
        assert post.headers["X-Complaint-Event"] == "ticket.filed"
        event = post.event
        assert event["id"] == post.event_id
        assert event["type"] == "ticket.filed"
        assert event["ticket"]["number"] == ticket.number
        assert event["ticket"]["status"] == "accepted"
        assert event["ticket"]["category"] == ticket.category
        assert event["ticket"]["resolution_due"]
        # No personal data without --personal-data: not the phone, the name or the account.
        for secret_word in ("13812345678", "王芳", "空调"):
            assert secret_word not in post.body.decode()
        assert "customer" not in event and "text" not in event
        assert await dispatcher.run_once() == 0  # sent once, never again
        assert len(got.got) == 1


async def test_a_webhook_not_subscribed_to_an_event_gets_nothing(app: App) -> None:
    async with receiver() as got, sender(app) as dispatcher:
        await add_hook(app, got.url("/resolved"), "ticket.resolved")
        await add_hook(app, got.url("/filed"), "ticket.filed")
        await file_complaint(app)
        await dispatcher.run_once()
        assert [r.event["type"] for r in got.on("/filed")] == ["ticket.filed"]
        assert got.on("/resolved") == []
        assert len(await outbox_rows(app)) == 1  # no row for the unsubscribed one


async def test_personal_data_only_with_personal_data(app: App) -> None:
    async with receiver() as got, sender(app) as dispatcher:
        await add_hook(app, got.url("/plain"), "*")
        await add_hook(app, got.url("/whole"), "ticket.filed", personal_data=True)
        await file_complaint(app)
        await dispatcher.run_once()
        [plain] = got.on("/plain")
        [whole] = got.on("/whole")
        assert plain.event_id == whole.event_id  # one event, told to two receivers
        assert whole.event["customer"]["phone"] == "13812345678"
        assert whole.event["customer"]["name"] == "王芳"
        assert "空调" in whole.event["ticket"]["account"]
        assert "customer" not in plain.event and "account" not in plain.event["ticket"]
        assert "13812345678" not in plain.body.decode()
        # The classifier's reasons quote the customer's words: personal-data webhooks only;
        # the others get the codes and confidences.
        assert whole.event["data"]["reasons"]
        assert set(plain.event["data"]) == {
            "category",
            "severity",
            "category_confidence",
            "severity_confidence",
            "evidence",
        }
        assert "reasons" not in plain.body.decode()


async def test_a_failing_receiver_gets_the_event_once_more_then_never(
    app: App, clock: FakeClock
) -> None:
    async with receiver(answers=[500]) as got, sender(app) as dispatcher:
        hook = await add_hook(app, got.url(), "ticket.filed")
        await file_complaint(app)
        assert await dispatcher.run_once() == 0
        assert [r.status for r in got.got] == [500]
        assert await dispatcher.run_once() == 0  # backing off: not yet
        assert len(got.got) == 1
        clock.advance(seconds=31)  # the outbox's first back-off is 30 s
        assert await dispatcher.run_once() == 1
        assert [r.status for r in got.got] == [500, 200]
        first, second = got.got
        assert first.event_id == second.event_id and first.body == second.body
        assert second.signed_with(hook.secret)
        clock.advance(hours=2)
        assert await dispatcher.run_once() == 0
        assert len(got.got) == 2
        [row] = await outbox_rows(app)
        assert row.status == "sent" and row.attempts == 2


async def test_the_lifecycle_events_in_order(app: App) -> None:
    await add_agent(app, "a1", "张三")
    async with receiver() as got, sender(app) as dispatcher:
        await add_hook(app, got.url(), "*")
        await file_complaint(app)
        [ticket] = await tickets(app)
        agent = Person(app, "a1")
        await agent.say(f"/take {ticket.number}")
        await agent.say(f"/reply {ticket.number} 您好，我们已联系门店")
        await agent.say(f"/resolve {ticket.number} 已全额退款")
        await agent.say(f"/note {ticket.number} 内部备注")  # internal: no event
        while await dispatcher.run_once():
            pass
        types = [r.event["type"] for r in got.got]
        assert types == ["ticket.filed", "ticket.assigned", "ticket.replied", "ticket.resolved"]
        assert got.got[1].event["ticket"]["assignee"]["name"] == "张三"
        assert got.got[3].event["data"]["to"] == "resolved"
        assert len({r.event_id for r in got.got}) == 4
        assert "已全额退款" not in got.got[3].body.decode()  # the text is personal-data only


async def test_a_removed_webhooks_waiting_events_are_dropped(app: App) -> None:
    async with receiver() as got, sender(app) as dispatcher:
        hook = await add_hook(app, got.url(), "ticket.filed")
        await file_complaint(app)
        assert await webhooks.remove(app.db, hook.id, app.services.now()) == 1
        assert await dispatcher.run_once() == 0
        assert got.got == []
        [row] = await outbox_rows(app)
        assert row.status == "failed" and row.last_error == "webhook removed"
        await app.services.webhooks.load(app.db, app.services.now())
        await file_complaint(app, "c2")
        assert len(await outbox_rows(app)) == 1  # a removed webhook is told nothing new
        with pytest.raises(webhooks.WebhookError, match="no active webhook"):
            await webhooks.remove(app.db, hook.id, app.services.now())


async def test_a_running_server_picks_up_a_webhook_added_elsewhere(app: App) -> None:
    channel = WebhookDelivery(app.services)
    await channel.start()
    try:
        assert app.services.webhooks.cached == ()
        # As `complaint-bot webhooks add` in another process: this process's list is not told.
        added = await webhooks.add(
            app.db,
            app.services.vault,
            url="https://crm.example.com/h",
            events="*",
            personal_data=False,
            name=None,
            now=datetime.now(UTC),
        )
        assert app.services.webhooks.cached == ()
        for _ in range(600):  # the refresh runs every REFRESH_SECONDS (5 s)
            if app.services.webhooks.cached:
                break
            await asyncio.sleep(0.1)
        assert [s.id for s in app.services.webhooks.cached or ()] == [added.id]
    finally:
        await channel.stop()
