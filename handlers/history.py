"""A ticket's audit trail as agents read it in /show: each event kind in words, not codes.

Event kinds are stable codes in `ticket_events.kind` (storage/models.py:TicketEvent); their
words are the locale catalogue's `[history]` section (`history.<kind>`, `history.actor_<kind>`).
A `status` event (every change along handlers/lifecycle.py:TRANSITIONS) is shown with the
status it moved to; `/ask`, `/resolve` and `/reject` record their own kinds (`ask`, `resolve`,
`reject`), and a kind the catalogue does not know (an old or a new code) is shown as stored.
"""

from __future__ import annotations

import json
from typing import Any

from handlers.texts import Texts
from storage.models import TicketEvent


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


def event_label(t: Texts, event: TicketEvent) -> str:
    """What the event was, in `t`'s words: "提交投诉", "状态→处理中", "评分 4（未解决）",
    "升级（原因）" … The kind as stored when the catalogue has no words for it."""
    kind, data = event.kind, _data(event)
    if kind == "status":
        to = str(data.get("to") or "")
        label_key = f"status_label.{to}"
        return t("history.status", to=t(label_key) if to and t.has(label_key) else to or "?")
    if kind == "survey_answer":
        score = data.get("score", "?")
        solved = data.get("solved", True)
        return t("history.survey_answer" if solved else "history.survey_unsolved", score=score)
    if kind == "assigned":
        return t("history.assigned", agent=data.get("agent") or "?")
    if kind == "evidence_added":
        return t("history.evidence_added", count=data.get("count", "?"))
    if kind == "escalated" and event.actor_kind == "agent" and data.get("reason"):
        return t("history.escalated_reason", reason=data["reason"])  # the agent's own words
    key = f"history.{kind}"
    return t(key) if t.has(key) else kind


def history_line(t: Texts, event: TicketEvent, at: str, words: str | None) -> str:
    """One line of /show's trail: `at` (already local, "MM-DD HH:MM"), who, what, and the
    event's decrypted `words` after "：" when there are any (agent.history_line)."""
    return t(
        "agent.history_line",
        at=at,
        actor=actor_label(t, event.actor_kind),
        kind=event_label(t, event),
        text=f"：{words}" if words else "",
    )
