"""Customers on Telegram: the real PTB Application against the fake Bot API server (issue 5)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import App
from storage.models import Evidence, InboundMessage
from tests.bot.fake_telegram import BOT_ID, FakeTelegram, Group, User
from tests.bot.telegram_harness import (
    AGENT_GROUP,
    JPEG,
    answer,
    file_a_complaint,
    keys,
    running,
)
from tests.support import tickets


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_customer_completes_a_complaint_with_a_photo_through_buttons(
    app: App, fake: FakeTelegram, mode: Any
) -> None:
    async with running(app, fake, mode) as harness:
        wang = User(1001, "王芳")
        text = await file_a_complaint(fake, wang)

    [ticket] = await tickets(app)
    assert ticket.channel == "telegram" and ticket.user_id == "1001"
    assert ticket.number in text and ticket.remedy == "refund"
    async with app.db.transaction() as session:
        [evidence] = (await session.execute(select(Evidence))).scalars().all()
    # The largest of the photo's sizes was downloaded into the data folder.
    assert evidence.ticket_id == ticket.id and evidence.kind == "photo"
    assert evidence.path and evidence.path.startswith("evidence/telegram/1001/")
    assert (app.services.data_dir / evidence.path).read_bytes() == JPEG
    # Every press was answered, and its keyboard removed from the message afterwards.
    assert len(fake.called("answerCallbackQuery")) == 2
    tidied = fake.called("editMessageReplyMarkup")
    assert len(tidied) == 2 and all("reply_markup" not in c.params for c in tidied)
    assert [keys(m) for m in fake.sent_to(wang.id) if "请核对" in (m.get("text") or "")] == [[]]
    assert {c.method for c in fake.called("setMyCommands")} == {"setMyCommands"}
    assert len(fake.called("setMyCommands")) == 4  # customers and agents, zh and en
    if mode == "webhook":
        [registered] = fake.called("setWebhook")
        assert registered.params["url"] == harness.webhook_url
        assert registered.params["secret_token"] == "s3cret-Token_1"
        assert not fake.called("getUpdates")
        assert set(fake.webhook_answers) == {200}


async def test_an_album_is_one_evidence_set_with_one_answer(app: App, fake: FakeTelegram) -> None:
    async with running(app, fake) as harness:
        li = User(1002, "李雷")
        await fake.send_text(li, "快递把我的包裹弄丢了，一直没送到")
        question = len(await fake.wait_sent(li.id, 1))
        for index in range(3):
            await fake.send_photo(li, JPEG + bytes([index]), media_group_id="album-1")
        await answer(fake, li.id, "已收到 3 份材料", after=question)
        await fake.send_text(li, "/status")  # mid-complaint: the draft's state, then its question
        await answer(fake, li.id, "正在填写")
    album = [i for i in harness.seen if i.attachments]
    assert len(album) == 1 and len(album[0].attachments) == 3
    assert {a.group_ref for a in album[0].attachments} == {"album-1"}
    # One answer for the album: the next bot message after it is the /status answer.
    after = fake.texts_to(li.id)[question:]
    assert len(after) == 2 and "已收到 3 份材料" in after[0]
    assert "正在填写" in after[1] and "什么时候发生" in after[1]


async def test_files_over_the_download_limit_are_kept_by_file_id(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake) as harness:
        zhao = User(1003, "赵敏")
        await fake.send_text(zhao, "外卖送晚了一个小时，饭都凉了")
        await fake.wait_sent(zhao.id, 1)
        await fake.send_document(
            zhao, b"%PDF-1.4 small", "小票.pdf", "video/mp4", declared_size=25 * 1024 * 1024
        )
        await answer(fake, zhao.id, "超过了下载上限")
    [inbound] = [i for i in harness.seen if i.attachments]
    [item] = inbound.attachments
    assert item.too_large and item.path is None and item.file_ref
    assert not [c for c in fake.calls if c.method == "download"]


async def test_locations_documents_edits_and_locale(app: App, fake: FakeTelegram) -> None:
    async with running(app, fake) as harness:
        tom = User(1004, "Tom", language_code="en-US")
        first = await fake.send_text(tom, "The courier was rude and threw my parcel")
        await fake.wait_sent(tom.id, 1)
        await fake.send_location(tom, 39.9087, 116.3975)
        await fake.wait_sent(tom.id, 2)
        await fake.send_document(tom, b"%PDF-1.4 receipt", "receipt.pdf", "application/pdf")
        await fake.wait_sent(tom.id, 3)
        await fake.edit_text(tom, first, "The courier was rude and threw my parcel on the floor")
        await fake.wait_for(lambda: any(i.edited for i in harness.seen))
    by_kind = {a.kind: a for i in harness.seen for a in i.attachments}
    assert by_kind["location"].note == "39.908700,116.397500"
    assert by_kind["document"].name == "receipt.pdf" and by_kind["document"].path
    edited = [i for i in harness.seen if i.edited]
    assert edited[0].text.endswith("on the floor")
    assert edited[0].message_id != harness.seen[0].message_id  # an edit is a new message
    assert all(i.locale == "en-US" for i in harness.seen)
    assert all(not (m.get("text") or "").startswith("您") for m in fake.sent_to(tom.id))


async def test_other_groups_are_ignored_and_the_agent_group_is_heard(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake) as harness:
        stranger = User(1005, "路人")
        elsewhere = Group(-100999, "别的群")
        await fake.send_text(stranger, "/start", group=elsewhere)
        await fake.send_text(stranger, "/help@complaint_test_bot", group=AGENT_GROUP)
        await fake.wait_for(lambda: fake.sent_to(AGENT_GROUP.id))
    [heard] = harness.seen
    assert heard.chat_id == str(AGENT_GROUP.id) and heard.user_id == "1005"
    assert heard.text == "/help"  # the @botname suffix is Telegram syntax, dropped
    assert not fake.sent_to(elsewhere.id)
    async with app.db.transaction() as session:
        count = (await session.execute(select(func.count()).select_from(InboundMessage))).scalar()
    assert count == 1


async def test_a_reply_to_a_bot_message_carries_its_text(app: App, fake: FakeTelegram) -> None:
    async with running(app, fake) as harness:
        agent = User(2001, "客服小张")
        card = fake._bot_message(AGENT_GROUP.id, text="新工单 CP20261122001 产品质量")
        await fake.send_text(agent, "已联系仓库，明天补发", group=AGENT_GROUP, reply_to=card)
        await fake.wait_for(lambda: harness.seen)
    assert harness.seen[0].reply_to == "新工单 CP20261122001 产品质量"
    assert card["from"]["id"] == BOT_ID
