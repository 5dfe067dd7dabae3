"""Buttons know their moment (issue 15 item 2): a stale, repeated or unknown press answers
"this button has expired" on the button itself and changes nothing."""

from __future__ import annotations

import copy

from sqlalchemy import select

from bot.app import App
from storage.models import Conversation, Ticket
from tests.bot.fake_telegram import FakeTelegram, Json, User
from tests.bot.telegram_harness import ACCOUNT, AGENT_GROUP, JPEG, answer, keys, running
from tests.handlers.lifecycle_support import add_agent
from tests.support import tickets

EXPIRED = "这个按钮已过期，请看最新的消息。"


async def conversation(app: App, user: User) -> tuple[str, int]:
    async with app.db.transaction() as session:
        row = (
            await session.execute(select(Conversation).where(Conversation.user_id == str(user.id)))
        ).scalar_one()
        count = len((await session.execute(select(Ticket))).scalars().all())
    return row.state, count


async def expired_answers(fake: FakeTelegram, count: int) -> list[Json]:
    def found() -> list[Json]:
        return [
            c.params for c in fake.called("answerCallbackQuery") if c.params.get("text") == EXPIRED
        ]

    return list(await fake.wait_for(lambda: len(found()) >= count and found()))


async def test_an_unknown_button_of_an_idle_customer_changes_nothing(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake) as harness:
        li = User(6001, "李雷")
        await fake.send_text(li, "/start")
        welcome = await answer(fake, li.id, "投诉受理助手")
        await fake.press_data(li, welcome, "zz:unknown")
        await expired_answers(fake, 1)
        await fake.send_text(li, "/status")  # handled after the press: the lane is in order
        await answer(fake, li.id, "没有投诉工单")
    assert [i.choice for i in harness.seen if i.choice] == ["zz:unknown"]
    # No "您投诉的是哪个商品" question: the press made nothing, only the toast answered it.
    assert len(fake.sent_to(li.id)) == 2
    assert await conversation(app, li) == ("idle", 0)


async def test_a_repeated_submit_and_an_old_keyboard_have_expired(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake):
        wang = User(6002, "王芳")
        await fake.send_text(wang, ACCOUNT)
        remedy = copy.deepcopy(await answer(fake, wang.id, "怎么处理"))
        await fake.press(wang, remedy, "refund")
        evidence = await answer(fake, wang.id, "暂无")
        await fake.send_photo(wang, JPEG)
        confirm = copy.deepcopy(await answer(fake, wang.id, "请核对"))
        assert keys(confirm) == ["submit", "change", "cancel"]
        # The remedy keyboard again, and the evidence step's "none": their questions are over.
        await fake.press(wang, remedy, "exchange")
        await fake.press(wang, evidence, "none")
        await expired_answers(fake, 2)
        assert await conversation(app, wang) == ("confirming", 0)
        await fake.press(wang, confirm, "submit")
        await answer(fake, wang.id, "投诉受理确认函")
        sent = len(fake.sent_to(wang.id))
        await fake.press(wang, confirm, "submit")  # a double tap, or the old message later
        await fake.press(wang, confirm, "cancel")
        await expired_answers(fake, 4)
        await fake.send_text(wang, "/help")
        await answer(fake, wang.id, "投诉受理助手", after=sent)
    [ticket] = await tickets(app)
    assert ticket.remedy == "refund" and ticket.status == "accepted"
    assert len(fake.sent_to(wang.id)) == sent + 1  # only the /help answer
    assert await conversation(app, wang) == ("idle", 1)


async def test_the_step_buttons_carry_their_moment(app: App, fake: FakeTelegram) -> None:
    async with running(app, fake):
        zhao = User(6003, "赵敏")
        await fake.send_text(zhao, ACCOUNT)
        remedy = await answer(fake, zhao.id, "怎么处理")
    data = [b["callback_data"] for row in remedy["reply_markup"]["inline_keyboard"] for b in row]
    assert data[0].startswith("refund|collecting-remedy.")
    assert all(len(d.encode()) <= 64 for d in data)
    assert len({d.split("|")[1] for d in data}) == 1  # one question, one moment


async def test_an_agents_unknown_button_has_expired_too(app: App, fake: FakeTelegram) -> None:
    zhang = User(6004, "张三")
    await add_agent(app, str(zhang.id), "张三", channel="telegram")
    async with running(app, fake):
        card = fake._bot_message(
            AGENT_GROUP.id,
            text="新工单",
            reply_markup={"inline_keyboard": [[{"text": "旧按钮", "callback_data": "zz:unknown"}]]},
        )
        await fake.press_data(zhang, card, "zz:unknown")
        await expired_answers(fake, 1)
    assert fake.sent_to(AGENT_GROUP.id) == [card]  # nothing said in the group


async def test_an_earlier_copy_of_the_open_question_still_works_but_not_of_a_summary(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake):
        li = User(6005, "李雷")
        await fake.send_text(li, ACCOUNT)
        remedy = copy.deepcopy(await answer(fake, li.id, "怎么处理"))
        # not an answer: the question is said again another way ("请从下面选择处理方式…",
        # handlers/intake.py:explain_question), with its buttons
        await fake.send_text(li, "？")
        await answer(fake, li.id, "处理方式", after=1)
        await fake.press(li, remedy, "exchange")  # the first copy's button: same question
        await answer(fake, li.id, "暂无")
        await fake.send_text(li, "暂无")
        first = copy.deepcopy(await answer(fake, li.id, "请核对"))
        shown = len(fake.sent_to(li.id))
        await fake.send_text(li, "手机号改成13900009999")  # the summary is shown again
        await answer(fake, li.id, "请核对", after=shown)
        await fake.press(li, first, "submit")  # the earlier summary showed the old number
        await expired_answers(fake, 1)
        assert await conversation(app, li) == ("confirming", 0)
