"""A ticket's audit trail as agents read it in /show: each event kind in words, not codes.

Event kinds are stable codes in `ticket_events.kind` (storage/models.py:TicketEvent); their
words are the locale catalogue's `[history]` section (`history.<kind>`, `history.actor_<kind>`).
A `status` event (every change along handlers/lifecycle.py:TRANSITIONS) is shown with the
status it moved to; `/ask`, `/resolve` and `/reject` record their own kinds (`ask`, `resolve`,
`reject`), and a kind the catalogue does not know (an old or a new code) is shown as stored.

What newcomer trial 9 found hard to read, and how each line now says it: an agent's event
names the agent ("客服 张三", "主管 李主管": `Trail.staff`), a /take reads "接单" and an
assignment by someone else "分配给 王强"; an escalation gives its reason (`history.reason_*`:
urgent on filing, a breached clock, the customer refusing a remedy); a /reclass says from
what to what; a status change or escalation the customer's message caused names that
message ("客户 拒绝方案 → 升级": `causes`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from handlers.policy import Policy
from handlers.texts import Texts
from storage.models import Agent, TicketEvent

# Events a customer's message causes rather than says: shown with what caused them.
_EFFECTS = frozenset({"status", "escalated"})


@dataclass(frozen=True)
class Trail:
    """What a trail's lines need besides the events: the policy for category and severity
    labels, and the team by actor id ("channel:user_id", as events record agents)."""

    policy: Policy | None = None
    staff: Mapping[str, Agent] = field(default_factory=dict)


def team(agents: Iterable[Agent]) -> dict[str, Agent]:
    """The agents by the actor id their events carry ("console:a1")."""
    return {f"{agent.channel}:{agent.user_id}": agent for agent in agents}


def causes(events: Sequence[TicketEvent]) -> dict[int, TicketEvent]:
    """For each status change or escalation the customer caused, the customer's event that
    caused it (by id): the last earlier customer event of another kind at the same moment
    (one message is one transaction, one `at`)."""
    found: dict[int, TicketEvent] = {}
    cause: TicketEvent | None = None
    for event in events:
        if event.actor_kind != "customer":
            cause = None
        elif event.kind not in _EFFECTS:
            cause = event
        elif cause is not None and cause.at == event.at and event.id is not None:
            found[event.id] = cause
    return found


def _data(event: TicketEvent) -> dict[str, Any]:
    """The event's JSON data as a dict; {} when it has none or it is not an object."""
    try:
        data = json.loads(event.data or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def actor_label(t: Texts, actor_kind: str) -> str:
    """ "客户" / "客服" / "系统" for the actor kinds customer, agent and system (storage/models.py:
    TicketEvent.actor_kind); any other kind as stored."""
    key = f"history.actor_{actor_kind}"
    return t(key) if t.has(key) else actor_kind


def actor_text(t: Texts, event: TicketEvent, trail: Trail) -> str:
    """Who acted: "客服 张三" or "主管 李主管" for a known agent, else `actor_label`."""
    agent = trail.staff.get(event.actor_id or "") if event.actor_kind == "agent" else None
    if agent is None:
        return actor_label(t, event.actor_kind)
    role = "history.actor_supervisor" if agent.role == "supervisor" else "history.actor_agent"
    return t("history.actor_named", role=t(role), name=agent.name)


def event_label(
    t: Texts, event: TicketEvent, trail: Trail | None = None, cause: TicketEvent | None = None
) -> str:
    """What the event was, in `t`'s words: "提交投诉", "状态→处理中", "评分 4（未解决）",
    "升级（首次响应超时）", "接单", "更正分类 物流配送（一般）→ 商品质量（重要）" … and, given
    the customer's event that caused it, "拒绝方案 → 升级". The kind as stored when the
    catalogue has no words for it."""
    trail = trail or Trail()
    what = _what(t, event, trail, with_reason=cause is None)
    if cause is None:
        return what
    return t("history.caused", cause=_what(t, cause, trail, with_reason=True), effect=what)


def _what(t: Texts, event: TicketEvent, trail: Trail, *, with_reason: bool) -> str:
    kind, data = event.kind, _data(event)
    if kind == "status":
        to = str(data.get("to") or "")
        label_key = f"status_label.{to}"
        return t("history.status", to=t(label_key) if to and t.has(label_key) else to or "?")
    if kind == "survey_answer":
        score = data.get("score", "?")
        solved = data.get("solved", True)
        return t("history.survey_answer" if solved else "history.survey_unsolved", score=score)
    if kind == "customer_message" and data.get("unresolved"):
        # A problem told in a closing survey answer (newcomer trial 24): flagged, not a remark.
        return t("history.customer_message_unresolved")
    if kind == "assigned":
        return _assigned(t, event, trail, str(data.get("agent") or "?"))
    if kind == "filed" and data.get("restated"):
        return t("history.filed_restated")  # its text: what a correction replaced
    if kind == "evidence_added":
        return t("history.evidence_added", count=data.get("count", "?"))
    if kind == "escalated" and with_reason and data.get("reason"):
        return t("history.escalated_reason", reason=_reason(t, event, str(data["reason"])))
    old, new = data.get("from"), data.get("to")
    if kind == "reclass" and isinstance(old, dict) and isinstance(new, dict):
        return t(
            "history.reclass_from_to",
            old=_classes(t, old, trail.policy),
            new=_classes(t, new, trail.policy),
        )
    key = f"history.{kind}"
    return t(key) if t.has(key) else kind


def _assigned(t: Texts, event: TicketEvent, trail: Trail, agent: str) -> str:
    """ "接单" when the agent took it themselves (/take, or acting on an unassigned ticket),
    "分配给 王强" when someone else gave it to them."""
    actor = trail.staff.get(event.actor_id or "")
    if actor is not None and actor.name == agent:
        return t("history.taken")
    return t("history.assigned", agent=agent)


def _reason(t: Texts, event: TicketEvent, reason: str) -> str:
    """An escalation's reason in words: an agent's own words as written; a code ("urgent",
    "first clock breached", "remedy refused") through `history.reason_<code>`, else as
    stored."""
    if event.actor_kind == "agent":
        return reason
    key = "history.reason_" + "_".join(reason.split())
    return t(key) if t.has(key) else reason


def _classes(t: Texts, said: dict[str, Any], policy: Policy | None) -> str:
    """ "商品质量（重要）": a category and severity as /reclass recorded them, labelled."""
    category, severity = str(said.get("category") or "?"), str(said.get("severity") or "?")
    if policy is not None:
        category = policy.category(category).label(t.locale)
        severity = policy.severity(severity).label(t.locale)
    return t("history.classes", category=category, severity=severity)


def history_line(
    t: Texts,
    event: TicketEvent,
    at: str,
    words: str | None,
    trail: Trail | None = None,
    cause: TicketEvent | None = None,
) -> str:
    """One line of /show's trail: `at` (already local, "MM-DD HH:MM"), who (`actor_text`),
    what (`event_label`, with its `cause`), and the event's decrypted `words` after "："
    when there are any (agent.history_line)."""
    trail = trail or Trail()
    return t(
        "agent.history_line",
        at=at,
        actor=actor_text(t, event, trail),
        kind=event_label(t, event, trail, cause),
        text=f"：{words}" if words else "",
    )
