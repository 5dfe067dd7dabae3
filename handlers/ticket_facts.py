"""One line of facts about a ticket for the pushes agents get without asking (an assignment,
an urgent alert): severity, why it is urgent, the next deadline, and whether it was
escalated and why. Newcomer trial 9: "工单 CP… 已分配给您：我叫王芳…" said none of it, so the
agent had to /show every ticket pushed to them to know how pressing it was.
"""

from __future__ import annotations

import json
import re

from handlers import lifecycle as life
from handlers.texts import Texts
from handlers.turn import Unit
from storage.models import Ticket
from storage.queries import tickets as tickets_q

# A severity rule's reason as nlp/severity_rules.py:urgent_reasons writes it:
# "关键词: 拉肚子 → 紧急(食品安全)", "金额: 30,000元 → 紧急(大额损失)" -> found, label.
_URGENT_RULE = re.compile(r"^\S+?:\s*(?P<found>.+?)\s*→\s*紧急\((?P<label>[^)]+)\)$")
# A repeat complaint raised one level (handlers/tickets.py: "重复投诉（CP…）"): kept whole.
_REPEAT = re.compile(r"^重复投诉（.+）$")
# Why a ticket was escalated (life.escalate's `reason`) with words in the catalogue
# (`escalation.<code>`); an agent's own words are shown as written.
_ESCALATION_CODES = re.compile(r"^[a-z]+( [a-z]+)*$")


# The severity model's reason for an urgent verdict (nlp/classifier.py:_severity):
# "模型: 很急, 马上 → 紧急", "模型: 整体语气 → 紧急".
_MODEL_URGENT = re.compile(r"^模型:\s*(?P<words>.+?)\s*→\s*紧急$")
_MODEL_TONE = "整体语气"


def severity_reasons(ticket: Ticket, t: Texts, *, why: str | None = None) -> list[str]:
    """The ticket's reasons that set its severity, short: "食品安全（拉肚子）", "重复投诉（CP…）".
    `why`: what just made the ticket urgent (an agent's /reclass), said first. The model's
    words are no reason to show for other severities ([] then); an urgent ticket always says
    why (newcomer trial 22: "🚨 紧急工单 CP…：首次响应…" named none): the model's words when
    it alone decided, else that staff reclassified it, the only other way to urgent."""
    try:
        loaded = json.loads(ticket.reasons or "[]")
    except ValueError:
        loaded = []
    reasons = [str(reason).strip() for reason in loaded] if isinstance(loaded, list) else []
    shown: list[str] = []
    for text in reasons:
        if rule := _URGENT_RULE.match(text):
            shown.append(t("agent.fact_rule", label=rule["label"], found=rule["found"]))
        elif _REPEAT.match(text):
            shown.append(text)
    if why:
        return [why, *shown]
    if not shown and ticket.severity == "urgent":
        shown.append(_urgent_without_rule(reasons, t))
    return shown


def _urgent_without_rule(reasons: list[str], t: Texts) -> str:
    """Why a ticket no rule or repeat made urgent is urgent: the severity model's words
    ("按用词判断（很急、马上）"), or, when the model did not say urgent, a reclassification."""
    for text in reasons:
        if model := _MODEL_URGENT.match(text):
            words = [w.strip() for w in model["words"].split(",") if w.strip()]
            if not words or words == [_MODEL_TONE]:
                return t("agent.fact_model_tone")
            return t("agent.fact_model", words=t("agent.fact_word_separator").join(words))
    return t("agent.fact_reclassed")


def next_deadline(unit: Unit, ticket: Ticket, t: Texts) -> str:
    """The next clock to meet: the first response until it is given, then the resolution;
    paused while the ticket waits for the customer; marked when already past."""
    if ticket.status == "awaiting_customer":
        return t("agent.fact_paused")
    if ticket.first_response_due is not None and ticket.first_responded_at is None:
        clock, due = "first", ticket.first_response_due
    elif ticket.resolution_due is not None:
        clock, due = "resolution", ticket.resolution_due
    else:
        return ""
    overdue = t("agent.overdue_mark") if due < unit.now else ""
    return t(f"agent.fact_due_{clock}", due=life.local(unit, due)) + overdue


async def escalation(unit: Unit, ticket: Ticket, t: Texts) -> str:
    """ "已升级：客户拒绝方案" for an escalated ticket (why, from its latest `escalated`
    event); "" for one never escalated."""
    if ticket.escalated_at is None:
        return ""
    event = await tickets_q.last_event(unit.session, ticket.id or 0, "escalated")
    reason = ""
    if event is not None:
        try:
            reason = str(json.loads(event.data or "{}").get("reason") or "")
        except (ValueError, AttributeError):
            reason = ""
    key = f"escalation.{reason.replace(' ', '_')}"
    if _ESCALATION_CODES.match(reason) and t.has(key):
        reason = t(key)
    return t("agent.fact_escalated", reason=reason) if reason else t("agent.fact_escalated_bare")


async def facts_line(
    unit: Unit, ticket: Ticket, t: Texts, *, severity: bool = True, why: str | None = None
) -> str:
    """Severity (left out with `severity=False`, where the text already says it), the
    urgent reasons (`why` first: what just made it urgent), the next deadline and the
    escalation, joined on one line."""
    parts = [unit.services.policy.severity(ticket.severity).label(t.locale)] if severity else []
    parts += severity_reasons(ticket, t, why=why)
    parts += [next_deadline(unit, ticket, t), await escalation(unit, ticket, t)]
    return t("agent.fact_separator").join(part for part in parts if part)
