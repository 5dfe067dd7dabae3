"""/show's trail in words (handlers/history.py): every kind, old stored ones too, both locales."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.history import actor_label, event_label, history_line
from handlers.texts import Texts
from storage.models import TicketEvent

LOCALES = Path(__file__).parents[2] / "handlers" / "locales"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _event(kind: str, actor: str = "agent", **data: object) -> TicketEvent:
    return TicketEvent(
        ticket_id=1, at=AT, actor_kind=actor, kind=kind, data=json.dumps(data) if data else None
    )


def test_both_catalogues_name_the_same_kinds() -> None:
    sections = []
    for name in ("zh-CN.toml", "en.toml"):
        with (LOCALES / name).open("rb") as handle:
            sections.append(set(tomllib.load(handle)["history"]))
    assert sections[0] == sections[1]


@pytest.mark.parametrize(
    ("locale", "event", "want"),
    [
        ("zh-CN", _event("filed", "customer"), "提交投诉"),
        ("zh-CN", _event("ask", to="awaiting_customer"), "追问"),
        ("zh-CN", _event("status", **{"from": "accepted", "to": "processing"}), "状态→处理中"),
        ("zh-CN", _event("resolve", to="resolved"), "解决"),
        ("zh-CN", _event("proposal_refused", "customer"), "拒绝方案"),
        ("zh-CN", _event("survey_answer", "customer", score=2, solved=False), "评分 2（未解决）"),
        ("zh-CN", _event("escalated", "agent", reason="客户情绪激动"), "升级（客户情绪激动）"),
        # The reason in words (newcomer trial 9: three bare "系统 升级" told nothing).
        (
            "zh-CN",
            _event("escalated", "system", reason="first clock breached"),
            "升级（首次响应超时）",
        ),
        # An /ask stored before the kinds were told apart is still readable by its target.
        ("zh-CN", _event("status", to="awaiting_customer"), "状态→待补充材料"),
        ("en", _event("status", to="processing"), "status → Processing"),
        ("en", _event("proposal_refused", "customer"), "refused the proposal"),
        ("zh-CN", _event("some_future_kind"), "some_future_kind"),
    ],
)
def test_event_labels(locale: str, event: TicketEvent, want: str) -> None:
    assert event_label(Texts(locale), event) == want


def test_a_line_names_the_actor_in_words_and_keeps_the_words() -> None:
    t = Texts("zh-CN")
    line = history_line(t, _event("customer_message", "customer"), "11-30 17:00", "钱还没到账")
    assert line == "11-30 17:00 客户 留言：钱还没到账"
    assert actor_label(t, "system") == "系统" and actor_label(Texts("en"), "agent") == "agent"
    assert actor_label(t, "robot") == "robot"
