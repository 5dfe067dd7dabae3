"""The monthly report's figures over a month of tickets handled through the real handlers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import App
from handlers.report import (
    BadMonth,
    Compliance,
    MonthlyReport,
    build_report,
    complaint_words,
    durations,
    month_bounds,
    month_tickets,
)
from tests.handlers.report_support import REPORT_NOW, build_month
from tests.support import TZ, FakeClock


async def report_of(app: App, month: str = "2026-11") -> MonthlyReport:
    services = app.services
    start, end = month_bounds(month, TZ)
    rows = await month_tickets(services.db, start, end)
    return build_report(
        month,
        start,
        end,
        rows,
        now=REPORT_NOW,
        calendar=services.calendar,
        vault=services.vault,
        categories=services.policy.category_codes,
        severities=tuple(services.policy.severities),
    )


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


async def test_a_month_of_tickets_gives_exact_figures(app: App, clock: FakeClock) -> None:
    await build_month(app, clock)
    report = await report_of(app)

    assert report.total == 4  # the ticket of 31 October is not in November
    assert dict(report.by_category) == {
        "product_quality": 2,
        "service_attitude": 1,
        "logistics": 0,
        "after_sales": 1,
        "billing": 0,
        "misleading": 0,
        "other": 0,
    }
    assert dict(report.by_severity) == {"urgent": 1, "important": 1, "general": 2}
    assert dict(report.by_channel) == {"wechat": 0, "telegram": 0, "console": 4}
    # First response: A 0.5 h (from 09:00, its clock start after a night filing), B 1 h, C 3 h.
    assert report.first_response.count == 3
    assert report.first_response.average == hours(1.5)
    assert report.first_response.p90 == hours(3)
    # Resolution: A 2 h (its second round, from the reopening), B 3 h, C 10 h.
    assert (report.resolution.count, report.resolution.average, report.resolution.p90) == (
        3,
        hours(5),
        hours(10),
    )
    assert report.first_response_sla == Compliance(met=2, missed=2, pending=0)  # C late, D never
    assert report.resolution_sla == Compliance(met=3, missed=1, pending=0)  # D past due
    assert report.resolution_sla.share == 0.75

    s = report.satisfaction
    assert (s.answered, s.average, s.low, s.low_share, s.no_response) == (2, 3.0, 1, 0.5, 1)
    assert s.distribution == {1: 1, 2: 0, 3: 0, 4: 0, 5: 1}
    assert report.reopened == 1


async def test_objects_and_words_leave_out_names_and_contacts(app: App, clock: FakeClock) -> None:
    await build_month(app, clock)
    report = await report_of(app)

    assert report.top_objects["product"][0] == ("空调", 2)
    words = dict(report.top_words)
    assert words["空调"] == 2 and len(report.top_words) <= 15
    assert report.top_words[0] == ("空调", 2) or report.top_words[0][1] >= 2
    for word in words:
        assert not any(ch.isdigit() for ch in word)
        assert word not in {"王芳", "刘洋", "赵敏", "李雷", "的", "，"}


async def test_an_empty_month_is_a_report_of_zeros(app: App) -> None:
    report = await report_of(app, "2027-02")
    assert report.total == 0 and all(n == 0 for _, n in report.by_category)
    assert report.first_response.average is None and report.resolution_sla.share is None
    assert report.satisfaction.average is None and report.top_words == []
    assert report.end - report.start == timedelta(days=28)


@pytest.mark.parametrize("month", ["2026-13", "abc", "2026-00", "2026-1", "0000-05", ""])
def test_a_bad_month_is_refused(month: str) -> None:
    with pytest.raises(BadMonth, match="2026-11"):
        month_bounds(month, TZ)


def test_december_runs_to_the_next_year_in_local_time() -> None:
    start, end = month_bounds("2026-12", TZ)
    assert (start.isoformat(), end.isoformat()) == (
        "2026-12-01T00:00:00+08:00",
        "2027-01-01T00:00:00+08:00",
    )


def test_p90_is_a_time_some_ticket_took() -> None:
    spans = [hours(h) for h in range(1, 11)]  # 1..10 h: nearest rank 9
    assert durations(spans).p90 == hours(9)
    assert durations([hours(2)]).p90 == hours(2)


def test_words_drop_contacts_names_digits_and_punctuation() -> None:
    from nlp import tokenizer

    tokenizer.load()
    text = "我叫王芳，邮箱wang@example.com，订单号2024042800123，空调坏了！"
    words = complaint_words(text, "王芳")
    # 订单号 is a field's label, no topic (newcomer trial 9: "订单号 2" in the top words).
    assert "空调" in words and "订单号" not in words
    assert not {"王芳", "wang", "2024042800123", "！"} & words
    # English: no address pieces, filler or labels, one case (newcomer trial: the report's
    # top words were "com", "example", "My", "Nov", "The").
    english = "My name is Tom Lee, email tom.lee@example.com. The Blender arrived broken on Nov 20"
    assert complaint_words(english, "Tom Lee") == {"blender", "arrived", "broken"}
