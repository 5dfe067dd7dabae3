"""Newcomer trial 9, the agents' side: summaries masked before they are cut, ID numbers
masked for everyone, /show's trail in words, the report's topic words."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.app import App
from bot.cli_corrections import corrected_lines
from handlers import sla
from handlers.account_lead import clip
from storage.masking import mask_personal
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_lifecycle import RICH, file_complaint
from tests.support import FakeClock, Person, photo, tickets

# --- 1. a summary is masked, then cut ------------------------------------------------------
NUMBERS = {
    "mobile": "13900001234",
    "id card": "320102199001011234",
    "bank card": "6222021234567890123",
    "landline": "021-62345678",
}


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize("kind", NUMBERS)
def test_a_number_cut_at_any_length_shows_no_more_than_its_mask(kind: str) -> None:
    number = NUMBERS[kind]
    text = f"我叫陈伟，电话{number}，东西坏了"
    allowed = len(_digits(mask_personal(number)))
    start = text.index(number)
    for limit in range(start + 2, len(text) + 1):
        masked_then_cut = clip(mask_personal(text), limit)
        # A text already cut unmasked (an outbox row shown again): what is left is starred.
        cut_then_masked = mask_personal(clip(text, limit))
        for shown in (masked_then_cut, cut_then_masked):
            assert len(_digits(shown)) <= allowed, (limit, shown)
            assert "陈伟" not in shown


def test_cut_numbers_starred_but_short_numbers_and_orders_kept() -> None:
    assert mask_personal("身份证号3201021…") == "身份证号*******…"
    assert mask_personal("电话139 0000 1...") == "电话*** **** *..."
    assert mask_personal("第2…") == "第2…"
    assert mask_personal("订单号2024042800…") == "订单号2024042800…"


STORY_CUT = (
    "今天下午在你们南京西路店买的吹风机用了一次就冒烟了，差点烫伤，我叫陈伟，"
    "电话13900001234，身份证号320102199001011234，要求退货退款"
)


async def test_cards_and_urgent_alerts_never_show_part_of_a_number(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "s1", "李主管", role="supervisor")
    app.services = dataclasses.replace(app.services, agent_rooms=(("console", "room"),))
    inboxes = Inboxes()
    await file_complaint(Person(app, "c1"), STORY_CUT)
    await deliver_all(app, inboxes)
    room = "\n".join(inboxes.of("room"))
    assert "🆕" in room
    for part in re.findall(r"\d{5,}", room):  # no run of the phone's or ID's digits
        assert part not in "13900001234" and part not in "320102199001011234", part
    assert "陈伟" not in room


# --- 2. ID numbers masked for everyone; names masked in the corrections export ------------
ID_STORY = (
    "我叫赵伟，手机13655555555，身份证号110101199003071234，昨天在你们朝阳门店买的电水壶"
    "用了两天就漏电了，要求退货"
)


async def test_the_assignees_show_masks_the_id_number_but_not_the_phone(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "s1", "李主管", role="supervisor")
    await file_complaint(Person(app, "c1"), ID_STORY)
    [ticket] = await tickets(app)
    owner = Person(app, "a1")
    await owner.say(f"/take {ticket.number}")
    await owner.say(f"/reply {ticket.number} 赵伟您好，身份证110101199003071234已核对")
    for reader in (owner, Person(app, "s1")):
        shown = await reader.say(f"/show {ticket.number}")
        assert "110101199003071234" not in shown
        assert "1101**********1234" in shown
        assert "13655555555" in shown and "赵伟" in shown  # the rest whole, as before


async def test_corrections_export_masks_names_too(app: App) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    await file_complaint(Person(app, "c1"), ID_STORY)
    await file_complaint(
        Person(app, "c2"),
        "姓名：孙丽娟 电话13712345678 上周网购的羽绒服掉毛严重，客服钱小平一直不回复，要求退款",
    )
    for ticket in await tickets(app):
        await Person(app, "s1").say(f"/reclass {ticket.number} product_quality general")
    lines = await corrected_lines(app.db, app.services.vault)
    texts = "\n".join(line["text"] for line in lines)
    assert len(lines) == 2
    for whole in ("赵伟", "孙丽娟", "13655555555", "110101199003071234"):
        assert whole not in texts, whole
    assert "赵*" in texts and "孙**" in texts and "136****5555" in texts


# --- 3. /show's trail in words -------------------------------------------------------------
def _trail(shown: str) -> str:
    return shown.split("处理记录：")[1]


async def test_show_names_agents_reasons_causes_and_breaches(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王强")
    await add_agent(app, "s1", "李主管", role="supervisor")
    customer = Person(app, "c1")
    await file_complaint(customer, RICH)
    [ticket] = await tickets(app)
    number = ticket.number
    supervisor, agent = Person(app, "s1"), Person(app, "a2")
    clock.advance(hours=30)  # past the first-response deadline, nobody answered
    await sla.scan_clocks(app.services)
    late = await supervisor.say(f"/show {number}")
    assert "首次响应 11-23 15:00 ⚠超时" in late  # marked as /queue overdue marks it
    assert "系统 升级（首次响应超时）" in _trail(late)  # the reason, not a bare 升级
    await supervisor.say(f"/assign {number} 王强")
    await agent.say(f"/propose {number} 补偿20元优惠券")
    await customer.say("不接受")
    await agent.say(f"/ask {number} 请补充空调的照片")
    await customer.say("这是照片", photo(app.services.data_dir))
    await supervisor.say(f"/reclass {number} product_quality important")
    trail = _trail(await agent.say(f"/show {number}"))
    assert "主管 李主管 分配给 王强" in trail  # who assigned it, and that it was not a /take
    assert "客服 王强 提出方案：补偿20元优惠券" in trail
    assert "客户 拒绝方案 → 升级" in trail  # what the customer's message caused
    assert "客户 补充材料 → 状态→处理中" in trail
    assert "更正分类 售后/退换货（重要） → 产品质量（重要）" in trail
    for bare in ("客服 提出", "客户 升级", "客户 状态", "主管 李主管 更正分类\n"):
        assert bare not in trail, bare
    assert "progress" not in await agent.say(f"/show {number}")


async def test_a_take_reads_as_one_and_escalation_reasons_are_named(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "s1", "李主管", role="supervisor")
    await file_complaint(
        Person(app, "c1"),
        "我叫赵敏，电话13912345678。今天晚上在你们望京店吃的火锅，吃完全家食物中毒上吐下泻，"
        "孩子送医院了，要求赔偿",
    )
    [ticket] = await tickets(app)
    await Person(app, "a1").say(f"/take {ticket.number}")
    trail = _trail(await Person(app, "s1").say(f"/show {ticket.number}"))
    assert "系统 升级（紧急）" in trail
    assert "客服 张三 接单" in trail and "分配给" not in trail


async def test_queue_names_the_clock_and_show_names_message_kinds(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"), RICH)
    [ticket] = await tickets(app)
    agent = Person(app, "a1")
    assert "首次响应截止" in await agent.say("/queue")
    await agent.say(f"/reply {ticket.number} 您好，已收到，正在核实")
    shown = await agent.say(f"/show {ticket.number}")
    assert "客服回复 → 排队中" in shown and "reply →" not in shown
    await deliver_all(app, Inboxes())  # delivered: the first response is given
    assert "办结截止" in await agent.say("/queue")


# --- 4. the report's topic words -----------------------------------------------------------
@pytest.mark.parametrize(
    ("account", "kept", "dropped"),
    [
        (
            "我叫王芳，手机13812345678，地址上海市南京西路123号，订单号2024042800123，"
            "在你们店买的吹风机冒烟了，要求赔偿",
            {"吹风机", "冒烟"},
            {"手机", "地址", "订单号", "要求", "赔偿", "西路", "南京", "上海市"},
        ),
        (
            "收货地址北京市朝阳区建国路88号，快递员态度恶劣，包裹破损，希望道歉",
            {"快递员", "包裹", "破损"},
            {"地址", "北京市", "朝阳区", "建国路", "希望", "道歉"},
        ),
        (  # a phone that is the product stays; only the label before a number goes
            "姓名：李四 电话：13900001111 手机屏幕碎了，人民中路的门店不给修",
            {"手机", "屏幕", "门店"},
            {"姓名", "电话", "中路", "人民"},
        ),
        (
            "I want a refund, the blender arrived broken, please call 13812345678",
            {"blender", "arrived", "broken"},
            {"want", "refund", "please"},
        ),
    ],
)
def test_topic_words_leave_out_labels_remedies_filler_and_addresses(
    account: str, kept: set[str], dropped: set[str]
) -> None:
    from handlers.topics import complaint_words
    from nlp import tokenizer

    tokenizer.load()
    words = complaint_words(account)
    assert kept <= words, words
    assert not dropped & words, dropped & words


def test_words_kept_before_the_stop_list_are_filtered_when_counted() -> None:
    from handlers.topics import is_topic_word

    assert [w for w in ("要求", "空调", "want", "西路", "订单号", "漏水") if is_topic_word(w)] == [
        "空调",
        "漏水",
    ]
