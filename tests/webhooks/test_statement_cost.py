"""What webhooks cost the hot path, counted like tests/handlers/test_statement_counts.py.

With no webhook configured, recording events reads and writes nothing more (the list is
cached per process): that file's ceilings hold unchanged. With a subscribed webhook, each
message that records a subscribed event adds the outbox INSERT and nothing else (the ticket
and the assignee come from the session's identity map): one executemany for all the
subscribed webhooks, which PostgreSQL's logger counts once and SQLite's trace once per row.
"""

from __future__ import annotations

from bot.app import App
from tests.handlers.test_statement_counts import CEILINGS, backend, measure
from tests.support import Person
from tests.webhooks.support import RICH, add_hook


async def filing_statements(app: App, user: str) -> int:
    customer = Person(app, user)
    await customer.say(RICH)
    while "请核对" not in customer.last.text:
        await customer.say("暂无")
    count = await measure(app, customer, "1")
    assert "投诉受理确认函" in customer.last.text
    return count


async def test_a_subscribed_event_costs_only_the_outbox_insert(app: App) -> None:
    without = await filing_statements(app, "c1")
    assert without <= CEILINGS["filing"][backend(app)]
    await add_hook(app, "http://127.0.0.1:9/filed", "ticket.filed")
    await add_hook(app, "http://127.0.0.1:9/all", "*", personal_data=True)
    await add_hook(app, "http://127.0.0.1:9/other", "ticket.closed")
    subscribed = 2  # "ticket.filed" and "*"
    more = 1 if backend(app) == "postgresql" else subscribed
    assert await filing_statements(app, "c2") == without + more
