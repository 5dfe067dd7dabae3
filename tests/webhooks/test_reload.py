"""Every process that records events sees webhooks added or removed by another process within
REFRESH_SECONDS (a `chat` session, a CLI command, not only `serve`), and a removed webhook's
events queued meanwhile are dropped, never counted as an unreachable customer.

"Another process" is `handlers/webhooks.py:add` / `remove` on the same database without
reloading this process's list (as `complaint-bot webhooks add|remove` does); time is the
services' clock, moved by the test.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.app import App
from handlers import webhooks
from storage.models import OutboxMessage
from tests.handlers.test_statement_counts import measure
from tests.support import FakeClock, Person
from tests.webhooks.support import RICH, add_hook, file_complaint, receiver, sender


async def webhook_rows(app: App) -> list[OutboxMessage]:
    async with app.db.transaction() as session:
        query = select(OutboxMessage).where(OutboxMessage.channel == "webhook")  # type: ignore[arg-type]
        return list((await session.execute(query)).scalars().all())


async def added_elsewhere(app: App, url: str) -> webhooks.Added:
    return await webhooks.add(
        app.db,
        app.services.vault,
        url=url,
        events="ticket.filed",
        personal_data=False,
        name=None,
        now=datetime.now(UTC),
    )


async def test_a_webhook_added_elsewhere_is_seen_after_refresh_seconds(
    app: App, clock: FakeClock
) -> None:
    hook = await added_elsewhere(app, "http://127.0.0.1:9/h")
    await file_complaint(app, "c1")
    assert await webhook_rows(app) == []  # within the window the cached list stands
    clock.advance(seconds=webhooks.REFRESH_SECONDS)
    await file_complaint(app, "c2")
    [row] = await webhook_rows(app)
    assert row.user_id == str(hook.id)
    # Removed elsewhere: told nothing new once the window has passed.
    await webhooks.remove(app.db, hook.id, app.services.now())
    clock.advance(seconds=webhooks.REFRESH_SECONDS)
    await file_complaint(app, "c3")
    assert len(await webhook_rows(app)) == 1


async def filing_statements(app: App, user: str, clock: FakeClock, wait: float) -> int:
    customer = Person(app, user)
    await customer.say(RICH)
    while "请核对" not in customer.last.text:
        await customer.say("暂无")
    clock.advance(seconds=wait)
    count = await measure(app, customer, "1")
    assert "投诉受理确认函" in customer.last.text
    return count


async def test_a_reload_costs_one_select_once_per_window(app: App, clock: FakeClock) -> None:
    # No webhook at all: the list is read again (empty) once it is REFRESH_SECONDS old.
    due = await filing_statements(app, "c1", clock, webhooks.REFRESH_SECONDS)
    within = await filing_statements(app, "c2", clock, webhooks.REFRESH_SECONDS - 1)
    assert due == within + 1
    assert app.services.webhooks.stale(app.services.now()) is False
    clock.advance(seconds=1)
    assert app.services.webhooks.stale(app.services.now()) is True


async def test_a_removed_webhooks_late_events_are_dropped_not_unreachable(app: App) -> None:
    async with receiver() as got, sender(app) as dispatcher:
        hook = await add_hook(app, got.url(), "ticket.filed")
        # Removed by another process; this one's list still has it (within the window).
        await webhooks.remove(app.db, hook.id, app.services.now())
        await file_complaint(app)
        [queued] = await webhook_rows(app)
        assert queued.status == "pending"
        assert await dispatcher.run_once() == 0
    assert got.got == []
    [row] = await webhook_rows(app)
    assert (row.status, row.last_error) == ("failed", "webhook removed")
