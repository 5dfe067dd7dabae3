"""Newcomer trial 10: a further /ask is no status change for webhook consumers.

Real parts: the handlers work the ticket, the real dispatcher POSTs to a real aiohttp
receiver; both backends through the `app` fixture.
"""

from __future__ import annotations

from bot.app import App
from handlers import webhooks
from tests.handlers.lifecycle_support import add_agent
from tests.support import Person, tickets
from tests.webhooks.support import add_hook, file_complaint, receiver, sender


async def test_a_second_ask_is_no_status_change_but_is_still_delivered(app: App) -> None:
    await add_agent(app, "a1", "张三")
    async with receiver() as got, sender(app) as dispatcher:
        await add_hook(app, got.url("/status"), "ticket.status_changed")
        await add_hook(app, got.url("/all"), "*")
        await file_complaint(app)
        [ticket] = await tickets(app)
        agent = Person(app, "a1")
        await agent.say(f"/ask {ticket.number} 请补充订单截图")
        await agent.say(f"/ask {ticket.number} 还需要收货时的照片")
        while await dispatcher.run_once():
            pass
        status = got.on("/status")
        # Only the first /ask changed the status (to awaiting_customer).
        assert [(r.event["data"]["from"], r.event["data"]["to"]) for r in status] == [
            ("accepted", "awaiting_customer")
        ]
        everything = [r.event["type"] for r in got.on("/all")]
        assert everything == [
            "ticket.filed",
            "ticket.assigned",  # /ask made it the agent's
            "ticket.status_changed",
            "ticket.asked_again",
        ]
        again = got.on("/all")[-1].event
        assert again["ticket"]["status"] == "awaiting_customer"
        assert "还需要收货时的照片" not in got.on("/all")[-1].body.decode()  # text: personal only


def test_public_names_of_unchanged_status_events() -> None:
    # Any status kind whose status stays the same is no ticket.status_changed.
    same = {"from": "awaiting_customer", "to": "awaiting_customer"}
    assert webhooks.public_name("ask", same) == "ticket.asked_again"
    assert webhooks.public_name("status", {"from": "processing", "to": "processing"}) is None
    assert webhooks.public_name("ask", {"from": "accepted", "to": "awaiting_customer"}) == (
        "ticket.status_changed"
    )
    assert "ticket.asked_again" in webhooks.EVENT_NAMES
