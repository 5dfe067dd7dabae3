"""Trial 24 (helper dd): evidence given in words at the evidence question ("订单号是123456789
有聊天记录截图", "有录音 还有证人 当时我老婆也在", "there's a receipt, number 8832-11") is kept
as an item of text evidence, said back, and the conversation goes on; it no longer joins the
account. A new story fact there ("对了 他还骂人") still does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from handlers.evidence_words import evidence_in_words, names_files
from storage.models import Conversation, Evidence
from tests.support import Person

SHOP = ["网上买的衣服质量很差，商家不给退", "淘宝", "上周", "退货退款", "王建国", "13912345678"]
PARCEL = ["我的快递丢了，中通的，上周从杭州寄到北京", "要求赔偿", "王建国", "13912345678"]
HOTEL = [
    "the hotel room was dirty and there were cockroaches",
    "Hilton Sanlitun",
    "yesterday",
    "I want a refund",
    "Tom Baker",
    "13912345678",
]

EVIDENCE_SAID = [
    "订单号是123456789 有聊天记录截图",
    "我有收据 发票号码 04400212",
    "there's a receipt, number 8832-11",
    "有录音 还有证人 当时我老婆也在",
    "快递单号SF1234567890 物流显示已签收",
    "聊天记录里客服亲口说会退",
    "有錄音 還有證人 當時我老婆也在場",
    "聊天記錄裡客服親口說會退",
    "我有聊天记录截图订单号是123456789",
    "订单号123456789，付款记录也有",
    "有证人",
    "物流信息显示三天前就签收了",
    "小票上写着收了两次钱",
    "the receipt says 45 pounds twice",
    "tracking number SF1234567890, it shows delivered",
    "in the chat log the agent promised a refund",
    "there's a witness, my wife was there",
    "order number 55667788 and I have screenshots of the chat",
    "监控拍到他推我了",
    "发票号码是04400212 收据在我这",
    "银行短信显示扣了两次",
    "有聊天记录 客服说七天内退款",
    "order no. 5566778899 and there is a receipt",
    "运单号YT1234567890",
    "my friend saw everything",
    "SF1234567890 物流显示已签收",
]

NOT_EVIDENCE = [
    "对了 他还骂人",
    "没有",
    "有照片",
    "我有收据",
    "有扣费记录 但我根本没开通过这个业务",
    "我要退款",
    "deposit refunded and an apology",
    "也有可能是我记错了",
    "还有他态度特别差",
    "he was also very rude to me",
    "I have photos",
    "whats the tracking number for?",
    "他说聊天记录都删了",
    "我老婆也在",
    "他们说物流显示已签收但我没收到",
    "有聊天记录 客服说会退但是一直没退",
    "有照片 他说不退",
    "订单一直显示待发货",
    "订单里少了一件",
    "系统里查不到",
    "我老婆当时也在 她也被骂了",
    "the app keeps crashing",
    "SF1234567890123",
]


@pytest.mark.parametrize("text", EVIDENCE_SAID)
def test_dd_evidence_in_words(text: str) -> None:
    assert evidence_in_words(text)


@pytest.mark.parametrize("text", NOT_EVIDENCE)
def test_dd_not_evidence_in_words(text: str) -> None:
    assert not evidence_in_words(text)


@pytest.mark.parametrize(
    ("text", "files"),
    [
        ("订单号是123456789 有聊天记录截图", True),
        ("有录音 还有证人 当时我老婆也在", True),
        ("there's a receipt, number 8832-11", True),
        ("快递单号SF1234567890 物流显示已签收", False),
        ("有证人", False),
        ("there's a witness, my wife was there", False),
    ],
)
def test_dd_names_files(text: str, files: bool) -> None:
    assert names_files(text) is files


async def _play(app: App, lines: list[str], locale: str = "zh-CN") -> tuple[Person, str]:
    customer = Person(app, "dd", locale=locale)
    answer = ""
    for line in lines:
        answer = await customer.say(line)
    return customer, answer


async def _state(app: App) -> tuple[dict[str, object], list[tuple[str, str]]]:
    async with app.db.transaction() as session:
        conversation = (await session.execute(select(Conversation))).scalar_one()
        rows = (await session.execute(select(Evidence))).scalars().all()
    vault = app.services.vault
    draft = vault.open_json(conversation.data_enc, default={}).get("draft", {})
    return draft, [(r.kind, vault.open(r.note_enc) or "") for r in rows]


@pytest.mark.parametrize(
    ("setup", "text", "order_no"),
    [
        (SHOP, "订单号是123456789 有聊天记录截图", "123456789"),
        (SHOP, "我有收据 发票号码 04400212", None),
        (SHOP, "有录音 还有证人 当时我老婆也在", None),
        (SHOP, "聊天记录里客服亲口说会退", None),
        (PARCEL, "快递单号SF1234567890 物流显示已签收", "SF1234567890"),
    ],
)
async def test_dd_kept_as_text_evidence_not_story(
    app: App, setup: list[str], text: str, order_no: str | None
) -> None:
    _, answer = await _play(app, [*setup, text])
    draft, rows = await _state(app)
    assert rows == [("text", text)]
    assert text not in str(draft.get("account"))
    assert "经过（补充" not in answer and "手机号" not in answer
    assert "证据" in answer and text[:8] in answer  # said back
    if order_no:
        assert draft.get("order_no") == order_no
    else:
        assert not draft.get("order_no")


async def test_dd_files_named_are_asked_for(app: App) -> None:
    customer, answer = await _play(app, [*SHOP, "订单号是123456789 有聊天记录截图"])
    assert "直接发" in answer and "请核对" not in answer
    answer = await customer.say("暂无")
    assert "请核对" in answer and "1 份" in answer
    _, rows = await _state(app)
    assert len(rows) == 1


async def test_dd_nothing_to_send_moves_on(app: App) -> None:
    _, answer = await _play(app, [*PARCEL, "快递单号SF1234567890 物流显示已签收"])
    assert "请核对" in answer  # the summary: evidence was all that was left


async def test_dd_english_receipt_number(app: App) -> None:
    _, answer = await _play(app, [*HOTEL, "there's a receipt, number 8832-11"], "en-US")
    draft, rows = await _state(app)
    assert rows == [("text", "there's a receipt, number 8832-11")]
    assert "8832-11" not in str(draft.get("account"))
    assert "evidence" in answer.lower() and "What happened (added" not in answer


async def test_dd_story_fact_still_joins_the_account(app: App) -> None:
    _, answer = await _play(app, [*SHOP, "对了 他还骂人"])
    draft, rows = await _state(app)
    assert rows == [] and "他还骂人" in str(draft.get("account"))
    assert "经过" in answer


async def test_dd_none_is_still_none(app: App) -> None:
    _, answer = await _play(app, [*SHOP, "没有"])
    assert "暂无证据" in answer
    draft, rows = await _state(app)
    assert rows == [] and draft.get("evidence_skipped")
