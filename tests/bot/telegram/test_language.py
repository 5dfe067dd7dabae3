"""The reply language on Telegram (issue 9 item 7): language_code until the words show one."""

from __future__ import annotations

from bot.app import App
from tests.bot.fake_telegram import FakeTelegram, User
from tests.bot.telegram_harness import answer, keys, running


async def test_language_code_then_the_customers_own_words(app: App, fake: FakeTelegram) -> None:
    async with running(app, fake):
        tom = User(2001, "Tom", language_code="en")
        await fake.send_text(tom, "/start")
        await answer(fake, tom.id, "Hello! I take complaints")
        await fake.send_text(tom, "The courier threw my parcel yesterday and it broke")
        await answer(fake, tom.id, "Where did it happen")
        await fake.send_text(tom, "online")
        remedy = await answer(fake, tom.id, "What would you like us to do")
        assert keys(remedy)[:2] == ["refund", "exchange"]
        await fake.press(tom, remedy, "refund")  # a button keeps English
        await answer(fake, tom.id, "What is your name")

        li = User(2002, "李", language_code="en")  # an English phone, Chinese words
        await fake.send_text(li, "快递员把我的包裹扔在门口，东西摔坏了")
        await answer(fake, li.id, "什么时候")
        await fake.send_text(li, "3")
        await answer(fake, li.id, "没能识别这个时间")

        anna = User(2003, "Anna")  # language_code zh-hans, English words
        await fake.send_text(anna, "The delivery guy was rude to me yesterday")
        await answer(fake, anna.id, "Where did it happen")  # the staff member is the object
