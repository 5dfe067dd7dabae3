"""Short, useful answers to a customer's questions back, from the policy (issue 9).

A question is answered and never stored as a field; the conversation then asks its open
question again. Topics come from nlp/data/intent_cues.toml (`[question.*]`); the numbers
come from the business's policy (SLA clocks, business hours, its name), so an answer never
promises what the policy does not.
"""

from __future__ import annotations

import json

from handlers.draft import Draft
from handlers.fields import BY_NAME, FIELDS
from handlers.policy import SEVERITY_ORDER, Clock
from handlers.session import explain_contact
from handlers.states import State
from handlers.tickets import local_time
from handlers.turn import Turn
from nlp.intent import Question, has_cue
from storage.models import Ticket
from storage.queries import tickets as tickets_q
from storage.queries import turns


def clock_text(turn: Turn, clock: Clock) -> str:
    """ "2 个工作小时", "24 小时", "2 个工作日" in the customer's language."""
    amount = f"{clock.amount:g}"
    return turn.t(f"answer.unit_{clock.unit}", amount=amount)


def _handling_time(
    turn: Turn, draft: Draft | None, ticket: Ticket | None, question: str = ""
) -> str:
    """The one clock that applies, in a line a phone shows whole (newcomer trial 14: the
    severity table and then the customer's own line ran to 5-8 lines): an open ticket's own
    due times only when the customer names that ticket or no complaint is being filed
    (newcomer trial, item 4: "这个也要多久？" during a new complaint was answered with an old
    ticket's due time); while a complaint is being filed, the clocks of its provisional
    severity (the classifier's reading of the story so far, as filing will do:
    handlers/tickets.py:file_ticket); before any story, the general clocks and how fast an
    urgent one is answered."""
    lines: list[str] = []
    if has_cue(question, "refund_question", "words"):
        # "你们能退钱吗 多久到账": whether and how much is refunded is the handler's call after
        # review; the clock says how long that takes (newcomer trial 12: the table alone).
        lines.append(turn.t("answer.refund_decided"))
    named = turn.reading.ticket_number if turn.reading else None
    if ticket is not None and (draft is None or named == ticket.number):
        lines.append(_ticket_clock(turn, ticket))
    elif draft is not None and draft.account and named is None:
        lines.append(_draft_clock(turn, draft))
    else:
        lines.append(_general_clock(turn))
    return "\n".join(lines)


def _ticket_clock(turn: Turn, ticket: Ticket) -> str:
    """ "您的工单 … 预计在 … 前处理完毕（… 前首次回复）": the ticket's own clocks; the first
    response only while it is still owed; none for a resolved ticket."""
    concluded = _concluded(turn, ticket)
    if concluded is not None:
        return concluded
    due = local_time(turn, ticket.resolution_due)
    if ticket.first_responded_at is None and ticket.first_response_due is not None:
        return turn.t(
            "answer.handling_time_ticket_first",
            number=ticket.number,
            due=due,
            first_due=local_time(turn, ticket.first_response_due),
        )
    return turn.t("answer.handling_time_ticket", number=ticket.number, due=due)


def _general_clock(turn: Turn) -> str:
    """The clocks of the lowest severity, with the urgent first response beside them: what a
    complaint not yet told can expect, in one line."""
    policy = turn.services.policy
    usual, urgent = policy.severity(SEVERITY_ORDER[0]), policy.severity(SEVERITY_ORDER[-1])
    return turn.t(
        "answer.handling_time_general",
        severity=usual.label(turn.t.locale),
        first=clock_text(turn, usual.first_response),
        resolution=clock_text(turn, usual.resolution),
        urgent_first=clock_text(turn, urgent.first_response),
    )


def _draft_clock(turn: Turn, draft: Draft) -> str:
    """ "按您目前的描述，这件投诉初步属于“一般”…": the clocks of the severity the classifier
    gives the story told so far (docs/process.md section 3); filing may still raise it."""
    verdict = turn.services.classifier.classify(draft.account or "")
    code = verdict.severity if verdict.severity in SEVERITY_ORDER else "general"
    level = turn.services.policy.severity(code)
    return turn.t(
        "answer.handling_time_draft",
        severity=level.label(turn.t.locale),
        first=clock_text(turn, level.first_response),
        resolution=clock_text(turn, level.resolution),
    )


def _identity(turn: Turn) -> str:
    name = turn.services.policy.business_name
    return turn.t("answer.identity_named", business=name) if name else turn.t("answer.identity")


def _hours(turn: Turn) -> str:
    hours = turn.services.policy.hours
    return turn.t(
        "answer.hours", open=hours.open.strftime("%H:%M"), close=hours.close.strftime("%H:%M")
    )


def _needs(turn: Turn, draft: Draft | None, ticket: Ticket | None = None) -> str:
    if draft is None and ticket is not None:  # after filing: what this ticket still lacks
        missing = json.loads(ticket.missing_materials or "[]")
        if not missing:
            return turn.t("answer.needs_ticket_nothing", number=ticket.number)
        return turn.t(
            "answer.needs_ticket",
            number=ticket.number,
            materials=turn.t("draft.separator").join(turn.t(f"field.{m}") for m in missing),
        )
    if draft is None:
        return turn.t("answer.needs_general")
    missing = [turn.t(f"field.{name}") for name in draft.missing()]
    if not missing:
        return turn.t("answer.needs_nothing")
    return turn.t("answer.needs_missing", fields=turn.t("draft.separator").join(missing))


# The states in which a question of the intake is open (the field in `asking`); at the summary
# or the list of fields an old `asking` may linger and names nothing asked now.
_ASKING = frozenset({State.COLLECTING, State.EDITING})


def _required(turn: Turn, draft: Draft | None, question: str) -> str:
    """ "这个要填吗", "可以不填吗", "do I have to answer this?": the field's own rule, whether
    it must be answered and the way past it its reader takes (`need.<field>`; newcomer trial
    20: it was noted for the staff and the question asked again unanswered). The field is the
    one the question names ("电话可以不填吗", cues `[question_field]`), else the open one;
    with neither, which fields are needed and which are not, from the field table."""
    named = next((f for f in FIELDS if has_cue(question, "question_field", f.name)), None)
    asking = turn.data.get("asking") if draft is not None and turn.state in _ASKING else None
    if named is not None:
        return turn.t(named.need)
    if asking in BY_NAME:
        return turn.t(BY_NAME[str(asking)].need)
    separator = turn.t("draft.separator")
    return turn.t(
        "need.general",
        required=separator.join(turn.t(f.label) for f in FIELDS if f.required),
        optional=separator.join(turn.t(f.label) for f in FIELDS if not f.required),
    )


def _call_key(draft: Draft | None, ticket: Ticket | None) -> str:
    """While filing, the wish for a call is noted for the handler (handlers/router.py:
    _questions); after filing it is relayed to the ticket's handler; else only the answer."""
    if draft is not None:
        return "answer.call"
    return "answer.call_ticket" if ticket is not None else "answer.call_idle"


def _independence(turn: Turn) -> str:
    name = turn.services.policy.business_name
    if name:
        return turn.t("answer.independence_named", business=name)
    return turn.t("answer.independence")


# What an agent sends the customer in words of their own: only these make "客服已在这个对话里
# 回复过您" true. A resolution also stops the first-response clock (docs/process.md section
# 4), but a supervisor resolving at once has said nothing to the customer (newcomer trial 20).
_REPLY_KINDS = ("reply", "ask", "proposal")


# Final statuses (handlers/lifecycle.py:TRANSITIONS): asked about, they say how they ended.
_ENDED = frozenset({"closed", "rejected"})


async def concluded(turn: Turn, ticket: Ticket, *, with_next: bool = True) -> str | None:
    """For a ticket concluded, the lines that say how: resolved (when, how to reopen), rejected
    (when, the reason the agent gave, and what the customer can do: dispute it here, start a
    new complaint) or closed (when, and that a reply here still reaches a person); None for a
    ticket still being worked (newcomer trial 24: "我那个地板的事怎么样了" about a rejected
    ticket heard "您目前没有投诉工单"). Reads the ticket's last events for the reason."""
    line = _concluded(turn, ticket)
    if line is None or ticket.status != "rejected":
        return line
    lines = [line]
    reason = await rejection_reason(turn, ticket)
    if reason:
        lines.append(turn.t("answer.progress_reason", reason=reason))
    if with_next:  # not when the message disputing it is passed on already
        lines.append(turn.t("answer.progress_rejected_next"))
    return "\n".join(lines)


async def rejection_reason(turn: Turn, ticket: Ticket) -> str:
    """The reason the agent gave with /reject (the newest `reject` event's text), "" if none."""
    events = await tickets_q.recent_events(turn.session, ticket.id or 0, 50)
    for event in reversed(events):
        if event.kind == "reject":
            return turn.services.vault.open(event.text_enc) or ""
    return ""


def _concluded(turn: Turn, ticket: Ticket) -> str | None:
    """For a resolved ticket, the line that says so, when and how to reopen it; None for a
    ticket still being worked. A resolved ticket has no "expected by" (newcomer trial 20:
    "目前已解决…预计 12-04 前处理完毕")."""
    if ticket.status in _ENDED:  # closed or rejected: when, and (closed) how to go on
        return turn.t(
            f"answer.progress_{ticket.status}",
            number=ticket.number,
            status=turn.t(f"status_label.{ticket.status}"),
            at=local_time(turn, ticket.closed_at or ticket.updated_at),
        )
    if ticket.status != "resolved":
        return None
    return turn.t(
        "answer.progress_resolved",
        number=ticket.number,
        status=turn.t(f"status_label.{ticket.status}"),
        at=local_time(turn, ticket.resolved_at),
    )


async def progress(turn: Turn, ticket: Ticket) -> str:
    """ "怎么还没人联系我": where the ticket stands and the next deadline it is held to: the
    first response while one is owed (said plainly when it has passed: the SLA watch has
    escalated it, handlers/sla.py), else the resolution. "Replied" only when an agent wrote
    to the customer; a resolved ticket is said to be resolved, with no deadline."""
    ended = await concluded(turn, ticket)
    if ended is not None:
        return ended
    status = turn.t(f"status_label.{ticket.status}")
    due = local_time(turn, ticket.resolution_due)
    first_due = ticket.first_response_due
    if ticket.first_responded_at is not None or first_due is None:
        replied = await tickets_q.last_event_kind(turn.session, ticket.id or 0, _REPLY_KINDS)
        key = "answer.progress_answered" if replied else "answer.progress_no_reply"
        return turn.t(key, number=ticket.number, status=status, due=due)
    key = "answer.progress_overdue" if first_due <= turn.now else "answer.progress_first"
    return turn.t(
        key, number=ticket.number, status=status, due=due, first_due=local_time(turn, first_due)
    )


async def _handler(turn: Turn, draft: Draft | None, ticket: Ticket | None) -> str:
    """ "so who is handling it now", "是谁负责的": the display name of the agent the ticket
    is assigned to, or that nobody is yet (newcomer trial 22: passed to the staff instead).
    Reads the agent's name only for this question."""
    if ticket is None:
        return turn.t("answer.handler_after_filing") if draft is not None else turn.t("status.none")
    if ticket.assignee_id is not None:
        name = await turns.agent_name(turn.session, ticket.assignee_id)
        if name:
            return turn.t("answer.handler_named", number=ticket.number, agent=name)
    return turn.t("answer.handler_pending", number=ticket.number)


def _no_ticket_progress(turn: Turn, draft: Draft | None) -> str:
    """Nobody in touch while nothing is filed: the complaint is not in yet (what it lacks)."""
    if draft is None:
        return turn.t("answer.no_ticket_yet")
    return f"{turn.t('answer.progress_not_filed')}{_needs(turn, draft)}"


async def answer(turn: Turn, question: Question, draft: Draft | None, ticket: Ticket | None) -> str:
    """The answer to one question. `draft` is the complaint being collected (None when
    idle), `ticket` the customer's open ticket the question is most likely about."""
    topic = question.topic
    if topic == "handling_time":
        return _handling_time(turn, draft, ticket, question.text)
    if topic == "identity":
        if draft is None and ticket is None:
            # Asked before anything was told: the answer, then the open question again, so
            # the next message is read as the story (newcomer trial 21).
            return f"{_identity(turn)}\n{turn.t('answer.identity_start')}"
        return _identity(turn)
    if topic == "hours":
        return _hours(turn)
    if topic == "needs":
        return _needs(turn, draft, ticket)
    if topic == "human":
        hours = turn.services.policy.hours
        return turn.t(
            "answer.human", open=hours.open.strftime("%H:%M"), close=hours.close.strftime("%H:%M")
        )
    if topic == "evidence_ok":
        return turn.t("answer.evidence_ok", mb=turn.services.policy.intake.max_attachment_mb)
    if topic == "handled" and draft is None and ticket is not None:
        # "有人管吗 都好几天了" with a ticket filed: where it stands and its next deadline,
        # not the reassurance (newcomer trial 24: "每件投诉都有专人负责", unassigned).
        return await progress(turn, ticket)
    if topic == "handled":  # a worry that nobody will act: who does, and how they hear
        return turn.t("answer.handled")
    if topic == "authority":  # "你们能做主吗": who decides, and that the customer agrees
        return turn.t("answer.authority")
    if topic == "foreign_number":  # "I only have a UK number": with its code, or e-mail
        return turn.t("answer.foreign_number")
    if topic == "scope":  # any complaint about the business is taken: yes, and go on
        return turn.t("answer.scope") if draft is not None else turn.t("answer.scope_start")
    if topic == "why_contact":  # what the contact is for, and how it is kept
        return explain_contact(turn, "answer.why_contact", "answer.why_contact_again")
    if topic == "why_name":  # how they are addressed; a surname or a company will do
        return turn.t("answer.why_name")
    if topic == "how_to_send":
        return turn.t("answer.how_to_send", mb=turn.services.policy.intake.max_attachment_mb)
    if topic == "required":  # "这个要填吗": the open field's rule, then the question again
        return _required(turn, draft, question.text)
    if topic == "who_sees":  # "商家能看到我的电话吗": who sees them whole, said directly
        return turn.t("answer.who_sees")
    if topic == "privacy":  # not anonymous; who sees the name and contact, and how
        return turn.t("answer.privacy")
    if topic == "call":  # this chat first; the handler calls the number left when needed
        return turn.t(_call_key(draft, ticket))
    if topic == "independence":  # the business's own desk, and what keeps it honest
        return _independence(turn)
    if topic == "handler":  # "现在谁在处理": the assignee, said from the ticket
        return await _handler(turn, draft, ticket)
    if topic == "not_contacted":  # a progress query: the status and the next deadline
        if ticket is not None:
            return await progress(turn, ticket)
        return _no_ticket_progress(turn, draft)
    if topic == "status" and ticket is not None:
        return await concluded(turn, ticket) or turn.t(
            "answer.status_ticket",
            number=ticket.number,
            status=turn.t(f"status_label.{ticket.status}"),
            due=local_time(turn, ticket.resolution_due),
        )
    if topic == "status" and draft is not None:
        return _needs(turn, draft)
    if topic == "status":
        return turn.t("status.none")
    return turn.t("answer.process")
