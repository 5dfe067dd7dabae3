"""Identity from the right source, evidence of every kind, reachability from Telegram itself
(issue 15 items 3-5), with the payloads the issue reports."""

from __future__ import annotations

import asyncio
import copy
import json

from sqlalchemy import select

from bot.app import App
from handlers.messages import Outbound
from handlers.turn import Unit
from storage.models import Customer, Evidence, OutboxMessage, Ticket, TicketEvent
from tests.bot.fake_telegram import FakeTelegram, Json, User
from tests.bot.telegram_harness import (
    ACCOUNT,
    AGENT_GROUP,
    JPEG,
    answer,
    file_a_complaint,
    running,
)

FORWARDED = "店长说：这个不退，别烦我。店员小李也这么说。"


async def to_confirmation(fake: FakeTelegram, user: User) -> Json:
    await fake.send_text(user, ACCOUNT)
    remedy = await answer(fake, user.id, "怎么处理")
    await fake.press(user, remedy, "refund")
    await answer(fake, user.id, "暂无")
    await fake.send_photo(user, JPEG)
    return await answer(fake, user.id, "请核对")


async def submit(fake: FakeTelegram, user: User) -> None:
    confirm = [m for m in fake.sent_to(user.id) if "请核对" in (m.get("text") or "")][-1]
    await fake.press(user, confirm, "submit")
    await answer(fake, user.id, "投诉受理确认函")


async def ticket_of(app: App, user: User) -> tuple[Ticket, list[tuple[str, str | None]]]:
    async with app.db.transaction() as session:
        ticket = (
            await session.execute(select(Ticket).where(Ticket.user_id == str(user.id)))
        ).scalar_one()
        rows = (
            (
                await session.execute(
                    select(Evidence).where(Evidence.ticket_id == ticket.id).order_by(Evidence.id)
                )
            )
            .scalars()
            .all()
        )
    return ticket, [(e.kind, app.services.vault.open(e.note_enc)) for e in rows]


async def test_someone_elses_contact_card_is_evidence_never_identity(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake):
        wang, li = User(8001, "王芳"), User(8002, "李雷")
        await to_confirmation(fake, wang)
        shown = len(fake.sent_to(wang.id))
        await fake.send_contact(wang, "13900001111", "店长")  # no user_id: someone's card
        summary = await answer(fake, wang.id, "请核对", after=shown)
        assert "13812345678" in summary["text"] and "13900001111" not in summary["text"]
        await fake.send_contact(wang, "13900002222", "店员", user_id=li.id)  # another user's
        await answer(fake, wang.id, "请核对", after=shown + 1)
        await submit(fake, wang)
        # The customer's own card (request_contact sends exactly that) does change the phone.
        await to_confirmation(fake, li)
        shown = len(fake.sent_to(li.id))
        await fake.send_contact(li, "13700003333", "李雷", user_id=li.id)
        updated = await answer(fake, li.id, "请核对", after=shown)
        assert "13700003333" in updated["text"]
        await submit(fake, li)
    ticket, evidence = await ticket_of(app, wang)
    assert app.services.vault.open(ticket.phone_enc) == "13812345678"
    assert "店长" not in " ".join(p or "" for p in (ticket.product, ticket.store, ticket.staff))
    cards = [json.loads(note or "{}") for kind, note in evidence if kind == "contact"]
    assert cards == [
        {"name": "店长", "phone": "13900001111", "user_id": None},
        {"name": "店员", "phone": "13900002222", "user_id": li.id},
    ]
    other, _ = await ticket_of(app, li)
    assert app.services.vault.open(other.phone_enc) == "13700003333"


async def test_share_my_phone_is_offered_where_the_phone_is_asked(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake):
        zhao = User(8003, "赵敏")
        await fake.send_text(
            zhao, "4月28日在朝阳门店买的空调坏了，订单号2024042800123，想退货，我叫赵敏"
        )
        asked = await answer(fake, zhao.id, "手机号")
        keyboard = asked["reply_markup"]["keyboard"]
        assert keyboard == [[{"text": "📱 分享我的手机号", "request_contact": True}]]
        assert asked["reply_markup"].get("one_time_keyboard") is True
        shown = len(fake.sent_to(zhao.id))
        await fake.send_contact(zhao, "+86 138 1234 5678", "赵敏", user_id=zhao.id)
        nxt = await answer(fake, zhao.id, "暂无", after=shown)
        assert "keyboard" not in (nxt.get("reply_markup") or {})
        await fake.send_text(zhao, "暂无")
        summary = await answer(fake, zhao.id, "请核对", after=shown + 1)
        assert "13812345678" in summary["text"].replace(" ", "")


async def test_forwards_and_links_at_the_evidence_step_are_evidence_with_their_origin(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake) as harness:
        wang = User(8004, "王芳")
        await fake.send_text(wang, ACCOUNT)
        remedy = await answer(fake, wang.id, "怎么处理")
        await fake.press(wang, remedy, "refund")
        await answer(fake, wang.id, "暂无")
        shown = len(fake.sent_to(wang.id))
        # Words at the evidence step, and a forwarded message at the confirmation.
        await fake.send_text(wang, "聊天记录在网盘 https://pan.example/s/abc 里")
        await answer(fake, wang.id, "已收到 1 份材料", after=shown)
        await fake.send_message(
            wang,
            text=FORWARDED,
            forward_origin={
                "type": "user",
                "date": 1795300000,
                "sender_user": {"id": 42, "is_bot": False, "first_name": "店长"},
            },
        )
        await answer(fake, wang.id, "已收到 2 份材料", after=shown + 1)
        await submit(fake, wang)
    ticket, evidence = await ticket_of(app, wang)
    assert [kind for kind, _ in evidence] == ["link", "forward"]
    forward = json.loads(evidence[1][1] or "{}")
    assert forward["origin"] == {
        "at": "2026-11-21T22:26:40+00:00",
        "sender": "店长",
        "sender_id": 42,
    }
    assert forward["text"] == FORWARDED
    assert evidence[0][1] == "聊天记录在网盘 https://pan.example/s/abc 里"
    # Not the customer's account: nothing of it was read into the complaint.
    assert "小李" not in (ticket.staff or "") and "店长" not in (ticket.staff or "")
    account = app.services.vault.open(ticket.account_enc) or ""
    assert FORWARDED not in account and "pan.example" not in account
    assert all(FORWARDED not in i.text for i in harness.seen)


async def test_blocking_the_bot_marks_the_customer_at_once_and_unblocking_clears_it(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake):
        wang = User(8005, "王芳")
        await file_a_complaint(fake, wang)
        await fake.set_membership(wang, "kicked")
        assert await until(app, wang, lambda reason: reason == "blocked")
        await fake.set_membership(wang, "kicked")  # told twice: said once
        await fake.set_membership(wang, "member")
        assert await until(app, wang, lambda reason: reason is None)
    async with app.db.transaction() as session:
        rows = (
            (
                await session.execute(
                    select(OutboxMessage).where(OutboxMessage.user_id == str(AGENT_GROUP.id))
                )
            )
            .scalars()
            .all()
        )
    alerts = [
        Outbound.from_json(app.services.vault.open_json(r.payload_enc, default={})) for r in rows
    ]
    blocked = [a for a in alerts if "屏蔽" in a.text]
    [ticket] = [t for t, _ in [await ticket_of(app, wang)]]
    assert len(blocked) == 1 and ticket.number in blocked[0].text


async def until(app: App, user: User, check: object, timeout: float = 5) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        async with app.db.transaction() as session:
            reason = (
                await session.execute(
                    select(Customer.unreachable_reason).where(Customer.user_id == str(user.id))
                )
            ).scalar_one()
        if check(reason):  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


async def test_an_old_keyboard_of_a_pushed_question_is_answered_once(
    app: App, fake: FakeTelegram
) -> None:
    """A double tap on a remedy's "accept" tells the agent once; the second press expires."""
    async with running(app, fake):
        wang = User(8006, "王芳")
        await file_a_complaint(fake, wang)
        ticket, _ = await ticket_of(app, wang)
        async with app.db.transaction() as session:
            # What /propose leaves behind (tested with the agent commands): the event and the
            # question pushed with ticket-named buttons.
            unit = Unit(services=app.services, session=session, now=app.services.now())
            await unit.record(ticket.id or 0, "proposal", None, "换新机", actor_kind="agent")
        shown = fake._bot_message(
            wang.id,
            text="建议：换新机",
            reply_markup={
                "inline_keyboard": [
                    [
                        {"text": "接受", "callback_data": f"accept:{ticket.number}"},
                        {"text": "不接受", "callback_data": f"refuse:{ticket.number}"},
                    ]
                ]
            },
        )
        before = len(fake.sent_to(wang.id))
        first = copy.deepcopy(shown)
        await fake.press(wang, first, f"accept:{ticket.number}")
        await answer(fake, wang.id, ticket.number, after=before)
        await fake.press(wang, first, f"accept:{ticket.number}")
        await fake.press(wang, first, f"refuse:{ticket.number}")
        await fake.wait_for(
            lambda: (
                len([c for c in fake.called("answerCallbackQuery") if c.params.get("text")]) >= 2
            )
        )
    async with app.db.transaction() as session:
        kinds = (
            (
                await session.execute(
                    select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket.id)
                )
            )
            .scalars()
            .all()
        )
    assert kinds.count("proposal_accepted") == 1 and "proposal_refused" not in kinds
