"""Delivery outcomes reach the agent (issue 10 item 4): "queued" until delivered, one notice
when a push becomes undeliverable, the first-response clock stopped only by a delivered
answer, and short leases that a slow delivery keeps and a crashed worker loses."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field

from bot.app import App
from bot.channels.base import DeliveryError
from bot.outbox import LEASE, Dispatcher
from handlers.messages import Outbound
from storage.models import Ticket
from tests.bot.outbox_support import FakeChannel, enqueue, outbox_row
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_lifecycle import file_complaint
from tests.support import FakeClock, Person, tickets


@dataclass
class Console:
    """The console channel as the outbox sees it: some users blocked the bot."""

    name: str = "console"
    blocked: set[str] = field(default_factory=set)
    sent: list[Outbound] = field(default_factory=list)

    async def deliver(self, message: Outbound) -> None:
        if message.user_id in self.blocked:
            raise DeliveryError("blocked", permanent=True)
        self.sent.append(message)

    def of(self, user_id: str) -> list[str]:
        return [m.text for m in self.sent if m.user_id == user_id]


async def dispatch(app: App, channel: Console) -> int:
    return await Dispatcher(app.services, {channel.name: channel}).run_once()


async def test_a_reply_to_a_customer_who_blocked_the_bot(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    console = Console(blocked={"c1"})
    customer = Person(app, "c1")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    agent = Person(app, "a1")
    confirmed = await agent.say(f"/reply {ticket.number} 您好，我们已安排退款")
    assert "排队" in confirmed and "已发送给客户" not in confirmed
    assert "排队待送达" in await agent.say(f"/show {ticket.number}")

    await dispatch(app, console)
    notices = [t for t in console.of("a1") if "无法送达" in t]
    assert len(notices) == 1 and ticket.number in notices[0]
    assert "您好，我们已安排退款" in notices[0]
    [ticket] = await tickets(app)
    assert ticket.first_responded_at is None  # the clock still runs
    assert "已响应" not in await agent.say(f"/show {ticket.number}")

    # The customer writes again: the push is queued again, fails again; no second notice.
    await customer.say("/status")
    await dispatch(app, console)
    await dispatch(app, console)
    assert len([t for t in console.of("a1") if "无法送达" in t]) == 1


async def test_the_first_response_counts_when_the_answer_is_delivered(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c2"))
    [ticket] = await tickets(app)
    await Person(app, "a1").say(f"/reply {ticket.number} 您好")
    [ticket] = await tickets(app)
    assert ticket.first_responded_at is None  # queued, not yet delivered
    clock.advance(minutes=20)
    await dispatch(app, Console())
    [ticket] = await tickets(app)
    assert ticket.first_responded_at == clock()


async def test_an_unassigned_tickets_failure_goes_to_the_agent_room_masked(app: App) -> None:
    await add_agent(app, "a1", "张三")
    app.services = dataclasses.replace(app.services, agent_rooms=(("console", "room"),))
    console = Console(blocked={"c3"})
    await file_complaint(Person(app, "c3"))
    [ticket] = await tickets(app)
    await Person(app, "a1").say(f"/reply {ticket.number} 王芳您好，请留意13812345678的来电")
    async with app.db.transaction() as session:  # the agent left; nobody holds it now
        held = await session.get(Ticket, ticket.id)
        assert held is not None
        held.assignee_id = None
    await dispatch(app, console)
    [notice] = [t for t in console.of("room") if "无法送达" in t]
    assert "王芳" not in notice and "13812345678" not in notice and "王*" in notice


async def test_a_crashed_workers_row_moves_on_within_seconds(app: App, clock: FakeClock) -> None:
    assert LEASE.total_seconds() <= 15
    row_id = await enqueue(app, "u1", "hello")
    async with app.db.transaction() as session:
        row = await session.get(type(await outbox_row(app, row_id)), row_id)
        assert row is not None
        row.status, row.attempts, row.claimed_until = "sending", 1, clock() + LEASE
    channel = FakeChannel()
    clock.advance(seconds=LEASE.total_seconds() + 1)
    assert await Dispatcher(app.services, {"fake": channel}).run_once() == 1


async def test_a_slow_delivery_keeps_its_row_past_the_lease(app: App, clock: FakeClock) -> None:
    """The heartbeat renews the lease: another worker never takes a row still being sent."""
    release = asyncio.Event()

    @dataclass
    class Slow:
        name: str = "fake"
        sent: list[Outbound] = field(default_factory=list)

        async def deliver(self, message: Outbound) -> None:
            await release.wait()
            self.sent.append(message)

    slow, other = Slow(), FakeChannel()
    row_id = await enqueue(app, "u1", "一条很慢的消息")
    first = asyncio.create_task(Dispatcher(app.services, {"fake": slow}, heartbeat=0.05).run_once())
    while (await outbox_row(app, row_id)).status != "sending":
        await asyncio.sleep(0.01)
    clock.advance(seconds=LEASE.total_seconds() * 3)  # long past the first lease
    await asyncio.sleep(0.3)  # a few heartbeats
    assert (await outbox_row(app, row_id)).claimed_until > clock()  # type: ignore[operator]
    assert await Dispatcher(app.services, {"fake": other}).run_once() == 0  # a second worker
    release.set()
    assert await first == 1
    assert len(slow.sent) == 1 and other.sent == []
