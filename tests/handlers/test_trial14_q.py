"""Newcomer trial 14 (helper Q): options shown once on text channels, short answers."""

from __future__ import annotations

from sqlalchemy import update

from bot.app import App
from bot.channels.telegram import menu
from handlers.agents import AGENT_TEXTS, help_text
from handlers.calendar import BusinessCalendar
from handlers.messages import CHOICES_SHOWN, Choice, Outbound, render_choices_as_text
from handlers.report import month_bounds, month_report, name_candidates
from nlp import tokenizer
from storage.models import Ticket
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_search import RICH, file
from tests.support import Person, tickets

ACCEPT_REFUSE = (Choice("accept:CP1", "接受"), Choice("refuse:CP1", "不接受"))


def _compact(text: str) -> Outbound:
    return Outbound("wechat", "u", text, ACCEPT_REFUSE, meta={CHOICES_SHOWN: "compact"})


def test_a_reminder_naming_its_options_is_not_followed_by_them_again() -> None:
    text = "方案还在等您答复：回复 1 接受，或 2 不接受并说明原因。"
    assert render_choices_as_text(_compact(text)) == text


def test_a_reminder_without_its_options_still_gets_the_one_line_list() -> None:
    assert render_choices_as_text(_compact("请选择：")).endswith("1 接受 · 2 不接受")


def test_the_first_showing_lists_options_even_when_the_text_names_them() -> None:
    message = Outbound("wechat", "u", "回复 1 接受，或 2 不接受", ACCEPT_REFUSE)
    assert "1. 接受" in render_choices_as_text(message)


# --- 2. "要多久" answered in a line or two ----------------------------------------------------

STORY = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)


def _lines(reply: str) -> list[str]:
    return [line for line in reply.splitlines() if line.strip()]


async def test_how_long_before_any_story_is_one_line_with_the_general_clocks(app: App) -> None:
    customer = Person(app, "hl1")
    await customer.say("/start")
    reply = await customer.say("要多久")
    assert _lines(reply) == [
        "一般投诉：48 小时内首次回复、5 个工作日内处理完毕；紧急的 2 个工作小时内回复。"
    ]


async def test_how_long_during_intake_is_the_provisional_clock_alone(app: App) -> None:
    customer = Person(app, "hl2")
    await customer.say(STORY)
    reply = await customer.say("要多久")
    clock = [line for line in _lines(reply) if "首次回复" in line]
    assert len(clock) == 1 and "初步属于" in clock[0], reply
    assert not any(line.startswith("·") for line in _lines(reply)), reply


async def test_how_long_after_filing_is_the_tickets_own_clocks(app: App) -> None:
    customer = Person(app, "hl3")
    for text in (STORY, "暂无", "确认"):
        await customer.say(text)
    reply = await customer.say("要多久")
    assert len(_lines(reply)) == 1, reply
    assert "前首次回复" in reply and "前处理完毕" in reply
    english = await customer.say("how long will it take?")
    assert len(_lines(english)) == 1 and "first reply by" in english, english


# --- 3. an agent's chat opens with one line, not the whole help ------------------------------


async def test_an_agent_chat_opens_with_a_greeting_and_the_queue_size(app: App) -> None:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    empty = await agent.say("/start")
    assert _lines(empty) == [AGENT_TEXTS("agent.greeting_empty", name="张三")]
    customer = Person(app, "c1")
    for text in (STORY, "暂无", "确认"):
        await customer.say(text)
    opened = await agent.say("/start")
    assert len(_lines(opened)) == 1 and "1 张未结工单" in opened and "/help" in opened
    assert await agent.say("/help") == help_text(AGENT_TEXTS)


def test_start_is_in_neither_the_help_nor_the_menus() -> None:
    assert "/start" not in help_text(AGENT_TEXTS)
    assert "start" not in menu.AGENT_COMMANDS


# --- 4. the report's top objects mask a customer's name inside them ------------------------


async def _report_objects(app: App) -> str:
    services = app.services
    [ticket, *_] = await tickets(app)
    month = ticket.created_at.astimezone(services.tz).strftime("%Y-%m")
    start, end = month_bounds(month, services.tz)
    report = await month_report(
        app.db,
        month,
        start,
        end,
        now=services.now(),
        calendar=BusinessCalendar(services.policy.hours, services.tz),
        vault=services.vault,
        categories=[],
        severities=[],
    )
    return str(report.top_objects)


async def test_a_customers_name_inside_an_object_is_masked_in_the_report(app: App) -> None:
    tokenizer.load()
    first = await file(app, "wf", RICH)  # 王芳, who files a complaint of her own
    other = await file(app, "ly", RICH.replace("王芳", "刘洋"))
    async with app.db.transaction() as session:
        for ticket, product, staff in (
            (first, "王芳买的空调", "Tom Becker"),
            (other, "空调", "店员说刘洋没付钱"),
        ):
            await session.execute(
                update(Ticket)
                .where(Ticket.id == ticket.id)  # type: ignore[arg-type]
                .values(product=product, staff=staff)
            )
    listed = await _report_objects(app)
    assert "王芳" not in listed and "刘洋" not in listed, listed
    assert "王*买的空调" in listed and "店员说刘*没付钱" in listed, listed
    # A name no customer has is left as it is: only recorded names are masked.
    assert "Tom Becker" in listed and "朝阳门店" in listed, listed


def test_name_candidates_are_the_name_shaped_spans() -> None:
    spans = name_candidates("王芳买的 Tom Becker")
    assert {"王芳", "王芳买的", "买的", "Tom", "Tom Becker"} <= spans
    assert "王" not in spans and "Becker Tom" not in spans
