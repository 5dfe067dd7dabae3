"""Trial 22 (helper cj), the agents' side: an urgent alert always says why the ticket is
urgent (a severity rule, a repeat, the model's words, or an agent's reclassification)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.app import App
from handlers.lifecycle import AGENT_TEXTS
from handlers.ticket_facts import severity_reasons
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, tickets


def _ticket(severity: str, reasons: list[str] | str) -> Ticket:
    return Ticket(
        number="CP20261122001",
        customer_id=1,
        channel="console",
        user_id="u",
        created_at=datetime(2026, 11, 22, tzinfo=UTC),
        severity=severity,
        reasons=reasons if isinstance(reasons, str) else json.dumps(reasons, ensure_ascii=False),
    )


@pytest.mark.parametrize(
    ("reasons", "why"),
    [
        (["词: 退款 → 售后/退换货", "模型: 很急, 马上 → 紧急"], "按用词判断（很急、马上）"),
        (["模型: 整体语气 → 紧急"], "按投诉整体语气判断"),
        # urgent while the model said otherwise: only a reclassification makes it so
        (["模型: 坏, [质量问题] → 重要"], "客服改判为紧急"),
        ("not json", "客服改判为紧急"),
    ],
)
def test_cj_an_urgent_ticket_without_a_rule_says_why(reasons: list[str] | str, why: str) -> None:
    assert severity_reasons(_ticket("urgent", reasons), AGENT_TEXTS) == [why]


def test_cj_guard_rules_repeats_and_other_severities_unchanged() -> None:
    rule = ["关键词: 拉肚子 → 紧急(食品安全)", "模型: 很急 → 紧急"]
    assert severity_reasons(_ticket("urgent", rule), AGENT_TEXTS) == ["食品安全（拉肚子）"]
    repeat = ["模型: 坏 → 重要", "重复投诉（CP20261120004）"]
    assert severity_reasons(_ticket("urgent", repeat), AGENT_TEXTS) == ["重复投诉（CP20261120004）"]
    assert severity_reasons(_ticket("important", ["模型: 坏 → 重要"]), AGENT_TEXTS) == []


async def test_cj_an_urgent_reclass_alert_names_who_reclassified(app: App) -> None:
    await add_agent(app, "s1", "王主管", role="supervisor")
    await add_agent(app, "a2", "李四")
    inboxes = Inboxes()
    await file_complaint(Person(app, "c0"))
    [ticket] = await tickets(app)
    await Person(app, "a2").say(f"/reclass {ticket.number} product_quality urgent")
    await deliver_all(app, inboxes)
    [alert] = [m for m in inboxes.of("s1") if m.startswith("🚨")]
    first = alert.split("\n")[0]
    assert "李四 改判为紧急" in first and "首次响应" in first, first
