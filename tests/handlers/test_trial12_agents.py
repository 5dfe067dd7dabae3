"""Newcomer trial 12, the agents' side: personal data in free-text fields masked wherever it
is shown masked (/show, /queue, /find, the CSV, the report's top lists), a subject on list
lines, words jieba cuts into single characters found, aliases glued to short numbers, files
relayed as files, and filler kept out of the report's top words.

Real parts: tickets filed through the conversation, the agents' own chat, the outbox
delivered to a recording channel, both backends through the `app` fixture.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from bot.app import App
from handlers.calendar import BusinessCalendar
from handlers.report import month_bounds, month_report, top_objects
from handlers.report_export import ExportContext, month_csv
from handlers.topics import is_topic_word
from storage.masking import mask_text
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_search import RICH, file
from tests.support import Person, photo, tickets

# What the customer typed into the store field: an address and a phone in wide spacing.
LEAKED = "3栋2单元501    136 1234 5678"
HUANG = "我叫李雷，手机13900001111。昨天在你们西单店吃的黄焖鸡里面有虫子，要求退款"


async def _leaky_ticket(app: App, user: str = "zhou") -> Ticket:
    """A ticket whose object fields hold what the trial's did: a phone, an e-mail and the
    customer's name, as a customer may write them into any free-text field."""
    ticket = await file(app, user, RICH)  # 王芳, 13812345678
    async with app.db.transaction() as session:
        await session.execute(
            update(Ticket)
            .where(Ticket.id == ticket.id)  # type: ignore[arg-type]
            .values(product=None, store=LEAKED, staff="王芳 wangfang@qq.com", place=LEAKED)
        )
    return (await tickets(app))[-1]


def _no_leak(text: str) -> None:
    assert "1234 5678" not in text and "12345678" not in text, text
    assert "wangfang@qq.com" not in text and "王芳" not in text, text


def test_a_mobile_in_any_spacing_is_masked() -> None:
    for said in ("136 1234 5678", "136  1234  5678", "136 - 1234 - 5678", "+86  136 1234 5678"):
        assert "****5678" in mask_text(said) and "1234" not in mask_text(said), said
    assert mask_text(LEAKED) == "3栋2单元501    136****5678"


async def test_free_text_fields_are_masked_for_other_agents(app: App) -> None:
    ticket = await _leaky_ticket(app)
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "李四")
    owner, other = Person(app, "a1"), Person(app, "a2")
    assert "已接单" in await owner.say(f"/take {ticket.number}")
    shown = await other.say(f"/show {ticket.number}")
    assert "136****5678" in shown and "w***@qq.com" in shown
    _no_leak(shown)
    whole = await owner.say(f"/show {ticket.number}")
    assert "136 1234 5678" in whole  # the assignee sees what the customer wrote
    queue = await other.say("/queue")
    assert ticket.number in queue
    _no_leak(queue)
    found = await other.say("/find 空调")
    assert ticket.number in found
    _no_leak(found)


async def test_list_lines_say_what_each_ticket_is_about(app: App) -> None:
    ticket = await file(app, "wang", RICH)  # 空调, 朝阳门店
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    queue = await agent.say("/queue")
    [line] = [line for line in queue.splitlines() if ticket.number in line]
    about = ticket.product or ticket.store or ""
    assert about and f"{ticket.number} · {about[:11]}" in line, line
    listed = (await agent.say("/find 空调")).splitlines()
    [found] = [line for line in listed if ticket.number in line]
    assert about[:11] in found
    leaky = await _leaky_ticket(app)
    [line] = [line for line in (await agent.say("/queue")).splitlines() if leaky.number in line]
    subject = line.split(" · ")[1]
    assert len(subject) <= 12 and "1234" not in subject, line


async def test_a_word_jieba_cuts_into_characters_is_found(app: App) -> None:
    ticket = await file(app, "li", HUANG)
    await add_agent(app, "a1", "张三")
    answer = await Person(app, "a1").say("/find 黄焖鸡")
    assert "没有可查找的内容" not in answer and ticket.number in answer, answer


async def test_an_alias_glued_to_a_short_number_names_the_ticket(app: App) -> None:
    ticket = await file(app, "wang", RICH)
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    sequence = str(int(ticket.number[-3:]))  # "1"
    # In a private chat it is run since newcomer trial 16 (tests/handlers/test_trial16_h4.py);
    # the spaced form names the same ticket.
    answer = await agent.say(f"接单{sequence}")
    assert ticket.number in answer, answer
    assert ticket.number in await agent.say(f"接单 {sequence}")


async def test_files_relayed_to_the_handler_read_as_files(app: App, tmp_path: Path) -> None:
    ticket = await file(app, "wang", RICH)
    await add_agent(app, "a1", "张三")
    await Person(app, "a1").say(f"/take {ticket.number}")
    await Person(app, "wang").say("", photo(tmp_path))
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    heard = inboxes.of("a1")
    assert any(f"客户补充了 1 份材料（{ticket.number}）" in text for text in heard), heard
    assert not any("客户补充（" in text and "已收到" in text for text in heard), heard


async def test_the_csv_and_the_reports_top_objects_are_masked(app: App) -> None:
    ticket = await _leaky_ticket(app)
    services = app.services
    month = ticket.created_at.astimezone(services.tz).strftime("%Y-%m")
    start, end = month_bounds(month, services.tz)
    calendar = BusinessCalendar(services.policy.hours, services.tz)
    context = ExportContext(
        locale="zh-CN",
        tz=services.tz,
        calendar=calendar,
        policy=services.policy,
        vault=services.vault,
        now=datetime.now(UTC) + timedelta(days=1),
    )
    exported = "".join([chunk async for chunk in month_csv(app.db, start, end, context)])
    assert "136****5678" in exported
    _no_leak(exported)
    report = await month_report(
        app.db,
        month,
        start,
        end,
        now=services.now(),
        calendar=calendar,
        vault=services.vault,
        categories=[],
        severities=[],
    )
    listed = str(report.top_objects)
    assert "136****5678" in listed and "1234 5678" not in listed, listed
    assert "136****5678" in str(top_objects([(await tickets(app))[-1]]))


def test_narrative_filler_is_no_topic_word() -> None:
    for word in ("结果", "开始", "投诉", "算了", "然后", "后来"):
        assert not is_topic_word(word), word
    for word in ("空调", "漏水", "态度", "客服"):
        assert is_topic_word(word), word
