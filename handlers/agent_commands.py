"""The agent commands: those that change a ticket (here) and those that show (agent_views.py),
each a small function, all declared once in AGENT_COMMANDS at the end of this file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from handlers import agent_views as views
from handlers import lifecycle as life
from handlers.agents import AgentCommand, AgentTurn, declare, help_text, leading_numbers
from handlers.delivery import first_response_meta
from handlers.lifecycle import Refused
from handlers.messages import Choice
from handlers.notify import urgent_alert
from handlers.policy import SEVERITY_ORDER
from handlers.search_view import find
from handlers.states import State
from handlers.survey import send_survey
from handlers.web_links import web
from storage.models import Ticket
from storage.queries import agents as agent_rows

EXAMPLE = "CP20261122001"


def _require_open(context: AgentTurn, ticket: Ticket) -> None:
    """Taking, assigning and proposing make sense only while a ticket is being worked."""
    if ticket.status not in life.OPEN:
        raise Refused(
            context.t(
                "agent.bad_transition",
                number=ticket.number,
                old=context.t(f"status_label.{ticket.status}"),
                new=context.t("status_label.processing"),
            )
        )


async def _ticket_and_text(
    context: AgentTurn, args: str, usage: str, *, live: bool = True
) -> tuple[Ticket, str]:
    """The ticket and the words after its number, both required. `live`: the command sends
    to the customer or changes the ticket, so a closed or rejected one is refused by name
    (AgentTurn.live_ticket); an internal note may still go on one."""
    find = context.live_ticket if live else context.ticket
    ticket, text = await find(args, usage)
    if not text:
        raise Refused(context.t("agent.need_text", example=usage))
    return ticket, text


async def _answer(context: AgentTurn, ticket: Ticket, key: str, **push: Any) -> None:
    """Something the customer hears from an agent: once delivered it stops the
    first-response clock (handlers/delivery.py); queued or undeliverable, it does not."""
    await life.tell_customer(context.turn, ticket, key, meta=first_response_meta(), **push)
    if _unreadable_for(ticket, push.get("text")):
        context.say(context.t("agent.customer_reads_english", number=ticket.number))


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _unreadable_for(ticket: Ticket, text: object) -> bool:
    """Whether the agent's words, relayed as written, are Chinese for a customer who talks in
    English (newcomer trial: a reason in Chinese went to an English customer with no hint to
    the agent). Only the catalogue's frame around them is translated."""
    return ticket.locale == "en" and isinstance(text, str) and bool(_HAN.search(text))


async def take(context: AgentTurn, args: str) -> None:
    """/take N [N…]: the agent takes open tickets not held by another; each customer is told
    who handles theirs. One number: Refused for a closed ticket or one assigned to someone
    else. Several ("/take 5 6", "接单 9、10、11"): each is taken or said why not, a line
    each (newcomer trial 20: only the first was taken, the others silently dropped)."""
    usage = f"/take {EXAMPLE}"
    numbers, _ = leading_numbers(args)
    if len(numbers) < 2:
        ticket, _ = await context.live_ticket(args, usage)
        await _take_one(context, ticket)
        return
    await _each(context, numbers, usage, _take_one)


async def _take_one(context: AgentTurn, ticket: Ticket) -> None:
    _require_open(context, ticket)
    if ticket.assignee_id == context.agent.id:  # nothing to take (newcomer trial 9)
        context.say(context.t("agent.already_yours", number=context.named(ticket)))
        return
    if ticket.assignee_id not in (None, context.agent.id):
        holder = await agent_rows.by_id(context.turn.session, ticket.assignee_id)
        raise Refused(
            context.t(
                "agent.already_assigned", number=ticket.number, agent=holder.name if holder else "?"
            )
        )
    await context.assign(ticket, context.agent)
    context.say(context.t("agent.taken", number=context.named(ticket)))


async def _each(
    context: AgentTurn,
    numbers: list[str],
    usage: str,
    act: Callable[[AgentTurn, Ticket], Awaitable[None]],
) -> None:
    """Runs `act` on the ticket of each number, in order, once per ticket: a number refused
    (not found, ambiguous, closed, held by another) is said in its place and the others
    still go ahead, since each is a change of its own. Nothing done at all is a refusal."""
    done, seen = False, set[int]()
    for number in numbers:
        try:
            ticket, _ = await context.live_ticket(number, usage)
            if ticket.id in seen:
                continue
            seen.add(ticket.id or 0)
            await act(context, ticket)
            done = True
        except Refused as refused:  # raised before `act` changed anything
            context.say(str(refused))
    if not done:
        lines = [reply.text for reply in context.turn.replies]
        context.turn.replies.clear()
        raise Refused("\n".join(lines))


async def assign(context: AgentTurn, args: str) -> None:
    """/assign N [N…] AGENT (supervisors, declared below): gives open tickets to an active
    agent named by name or user id (the last word when every word is a number: a Telegram
    id). Several numbers, however separated ("17,18 张三", "17、18 张三"), are each assigned
    or said why not (newcomer trial 20: "18 张三" was read as the agent's name). Raises
    Refused when no such agent, or for one ticket closed."""
    usage = f"/assign {EXAMPLE} 张三"
    session = context.turn.session
    numbers, who = leading_numbers(args)
    if not who and len(numbers) > 1:
        # Numbers only: the last is the agent only when it is an agent's user id (a Telegram
        # id); otherwise the name is missing (newcomer trial 21: "/assign 25 26 27" answered
        # "没有找到客服“27”").
        if await agent_rows.active_by_name_or_id(session, _agent_word(numbers[-1])) is None:
            raise Refused(context.t("agent.need_agent", example=usage))
        numbers, who = numbers[:-1], numbers[-1]
    if len(numbers) < 2:
        ticket, rest = await context.live_ticket(args, usage, one=False)
        who = who if numbers else rest
        if not who:
            raise Refused(context.t("agent.need_text", example=usage))
    who = _agent_word(who)
    agent = await agent_rows.active_by_name_or_id(session, who)
    if agent is None:
        raise Refused(context.t("agent.no_agent", agent=who))

    async def give(context: AgentTurn, ticket: Ticket) -> None:
        _require_open(context, ticket)
        if ticket.assignee_id == agent.id:
            context.say(
                context.t("agent.already_theirs", number=context.named(ticket), agent=agent.name)
            )
            return
        await context.assign(ticket, agent)
        context.say(context.t("agent.assigned", number=context.named(ticket), agent=agent.name))

    if len(numbers) < 2:
        await give(context, ticket)
        return
    await _each(context, numbers, usage, give)


def _agent_word(word: str) -> str:
    """An agent's name or id as typed, without the punctuation a sentence or a list leaves
    at its ends ("李四," "王五。" "“张三”"; newcomer trial 21: "/assign 31 32 李四," found
    no 李四). Punctuation inside a name stays."""
    word = word.strip()
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith("P"):
        end -= 1
    return word[start:end]


async def reply(context: AgentTurn, args: str) -> None:
    """/reply N TEXT: the words go to the customer on their own channel (queued in the outbox)
    and onto the ticket; once delivered they stop the first-response clock."""
    ticket, text = await _ticket_and_text(context, args, f"/reply {EXAMPLE} 您好…")
    await context.own(ticket)
    await context.turn.record(
        ticket.id or 0, "reply", None, text, actor_kind="agent", actor_id=context.actor
    )
    await _answer(context, ticket, "push.reply", kind="reply", text=text)
    context.say(context.t("agent.sent", number=context.named(ticket)))


async def ask(context: AgentTurn, args: str) -> None:
    """/ask N TEXT: asks the customer for material; the ticket waits for the customer and its
    clocks pause until they answer (docs/process.md section 4)."""
    ticket, text = await _ticket_and_text(context, args, f"/ask {EXAMPLE} 请补充订单截图")
    await context.own(ticket)
    waiting = "awaiting_customer"
    again = ticket.status == waiting
    if again:
        # A further request while the first is unanswered is still a request: it goes to
        # the customer, the ticket stays paused (newcomer trial 9: "无需更改", nothing sent).
        await context.turn.record(
            ticket.id or 0,
            "ask",
            {"from": waiting, "to": waiting},
            text,
            actor_kind="agent",
            actor_id=context.actor,
        )
    else:
        await life.move(
            context.turn,
            ticket,
            waiting,
            actor_kind="agent",
            actor_id=context.actor,
            text=text,
            kind="ask",
        )
    await _answer(context, ticket, "push.ask", kind="request", text=text)
    context.say(
        context.t("agent.asked_again" if again else "agent.asked", number=context.named(ticket))
    )


_STATUS_WORDS = {
    "verifying": "verifying",
    "核实中": "verifying",
    "核实": "verifying",
    "processing": "processing",
    "处理中": "processing",
    "处理": "processing",
}


async def status(context: AgentTurn, args: str) -> None:
    """/status N verifying|processing (or 核实/处理): moves the ticket and tells the customer.
    Raises Refused for another status word or a move docs/process.md section 4 forbids."""
    ticket, word = await context.live_ticket(args, f"/status {EXAMPLE} processing")
    new = _STATUS_WORDS.get(word.strip().lower())
    if new is None:
        raise Refused(context.t("agent.bad_status"))
    await context.own(ticket)
    old = ticket.status
    await life.move(context.turn, ticket, new, actor_kind="agent", actor_id=context.actor)
    customer = life.customer_texts(ticket)
    await _answer(context, ticket, "push.status", status=customer(f"status_label.{new}"))
    context.say(
        context.t(
            "agent.status_changed",
            number=context.named(ticket),
            old=context.t(f"status_label.{old}"),
            new=context.t(f"status_label.{new}"),
        )
    )


async def propose(context: AgentTurn, args: str) -> None:
    """/propose N TEXT: a remedy the customer accepts or refuses with buttons or words; their
    conversation waits for the answer when it is idle (State.PROPOSAL)."""
    ticket, text = await _ticket_and_text(context, args, f"/propose {EXAMPLE} 全额退款")
    _require_open(context, ticket)
    await context.own(ticket)
    await context.turn.record(
        ticket.id or 0, "proposal", None, text, actor_kind="agent", actor_id=context.actor
    )
    customer = life.customer_texts(ticket)
    choices = (
        Choice(f"accept:{ticket.number}", customer("push.accept")),
        Choice(f"refuse:{ticket.number}", customer("push.refuse")),
    )
    await _answer(context, ticket, "push.proposal", kind="request", choices=choices, text=text)
    await context.turn.prompt(
        ticket.channel, ticket.user_id, State.PROPOSAL, choices, ticket=ticket.number
    )
    context.say(context.t("agent.proposed", number=context.named(ticket)))


async def resolve(context: AgentTurn, args: str) -> None:
    """/resolve N SUMMARY: the result goes to the customer, and the survey follows after the
    policy's survey.delay_minutes (docs/process.md section 5)."""
    ticket, text = await _ticket_and_text(context, args, f"/resolve {EXAMPLE} 已全额退款")
    await context.own(ticket)
    await life.move(
        context.turn,
        ticket,
        "resolved",
        actor_kind="agent",
        actor_id=context.actor,
        text=text,
        kind="resolve",
    )
    delay = context.turn.services.policy.survey.delay_minutes
    ticket.survey_due_at = context.turn.now + life.delay(delay)
    ticket.survey_sent_at = None
    await _answer(context, ticket, "push.result", kind="result", text=text)
    if delay == 0:  # the policy wants the survey together with the result
        await send_survey(context.turn, ticket)
    context.say(context.t("agent.resolved", number=context.named(ticket)))


async def reject(context: AgentTurn, args: str) -> None:
    """/reject N REASON: 不予受理; the customer receives the reason as the result. Only tickets
    in accepted, verifying or awaiting_customer can be rejected (docs/process.md section 2)."""
    ticket, text = await _ticket_and_text(context, args, f"/reject {EXAMPLE} 已超过售后期")
    await context.own(ticket)
    await life.move(
        context.turn,
        ticket,
        "rejected",
        actor_kind="agent",
        actor_id=context.actor,
        text=text,
        kind="reject",
    )
    await _answer(context, ticket, "push.rejected", kind="result", text=text)
    context.say(context.t("agent.rejected", number=context.named(ticket)))


async def escalate(context: AgentTurn, args: str) -> None:
    """/escalate N REASON: raises the ticket to the supervisors with the agent's reason."""
    ticket, reason = await _ticket_and_text(context, args, f"/escalate {EXAMPLE} 客户情绪激动")
    await life.escalate(
        context.turn,
        ticket,
        context.t(
            "agent.alert_escalated", number=ticket.number, agent=context.agent.name, reason=reason
        ),
        actor_kind="agent",
        actor_id=context.actor,
        reason=reason,
    )
    context.say(context.t("agent.escalated", number=context.named(ticket)))


async def reclass(context: AgentTurn, args: str) -> None:
    """/reclass N CATEGORY [SEVERITY]: corrects the classification, kept as training data; a
    new severity recomputes the clocks from their start, and urgent alerts the supervisors
    (docs/process.md section 3). Raises Refused for an unknown category or severity."""
    ticket, rest = await context.live_ticket(args, f"/reclass {EXAMPLE} logistics important")
    words = rest.split()
    if not words:
        raise Refused(context.t("agent.need_text", example=f"/reclass {EXAMPLE} logistics"))
    policy = context.turn.services.policy
    category = _category(context, words[0])
    severity = words[1].lower() if len(words) > 1 else ticket.severity
    severity = {"紧急": "urgent", "重要": "important", "一般": "general"}.get(severity, severity)
    if severity not in SEVERITY_ORDER:
        raise Refused(context.t("agent.bad_severity", value=words[1]))
    before = {"category": ticket.category, "severity": ticket.severity}
    if before == {"category": category, "severity": severity}:
        _reclass_unchanged(context, ticket)
        return
    ticket.category, ticket.severity, ticket.needs_review = category, severity, False
    # Kept as training data: `complaint-bot corrections` exports these with the account text.
    await context.turn.record(
        ticket.id or 0,
        "reclass",
        {"from": before, "to": {"category": category, "severity": severity}},
        actor_kind="agent",
        actor_id=context.actor,
    )
    answer = context.t(
        "agent.reclassed",
        number=context.named(ticket),
        category=policy.category(category).label("zh-CN"),
        severity=policy.severity(severity).label("zh-CN"),
    )
    if severity != before["severity"]:
        _reclock(context, ticket)
        answer += "\n" + context.t(
            "agent.reclocked",
            first_due=life.local(context.turn, ticket.first_response_due),
            due=life.local(context.turn, ticket.resolution_due),
        )
        if severity == "urgent":  # docs/process.md section 4: an urgent ticket goes to a supervisor
            why = context.t("agent.fact_reclassed_by", agent=context.agent.name)
            await urgent_alert(context.turn, ticket, spare=context.actor, why=why)
    context.say(answer)


def _reclass_unchanged(context: AgentTurn, ticket: Ticket) -> None:
    """/reclass to what the ticket already is: no correction, so no training data (newcomer
    trial 9: the no-op was exported as one). A ticket marked for review is confirmed."""
    policy = context.turn.services.policy
    labels = {
        "number": context.named(ticket),
        "category": policy.category(ticket.category).label("zh-CN"),
        "severity": policy.severity(ticket.severity).label("zh-CN"),
    }
    if ticket.needs_review:
        ticket.needs_review = False
        ticket.updated_at = context.turn.now
        context.say(context.t("agent.reclass_confirmed", **labels))
    else:
        context.say(context.t("agent.reclass_same", **labels))


def _reclock(context: AgentTurn, ticket: Ticket) -> None:
    """The new severity's clocks, counted from when the ticket's clocks started (the filing,
    or the next opening after it): an upgrade shortens them, a downgrade lengthens them.
    A reminder or breach already marked stays marked only while its new deadline is past, so
    a downgraded ticket is reminded and escalated again against its longer clocks. Time
    the ticket spent waiting for the customer before is not added back (a paused ticket's
    deadlines still move on when the customer answers, lifecycle.resume_clocks)."""
    services = context.turn.services
    start = ticket.clock_start_at or services.calendar.next_opening(ticket.created_at)
    level = services.policy.severity(ticket.severity)
    ticket.first_response_due = services.calendar.deadline(start, level.first_response)
    ticket.resolution_due = services.calendar.deadline(start, level.resolution)
    now = context.turn.now
    dues = {"first": ticket.first_response_due, "resolution": ticket.resolution_due}
    for column in ("reminded", "breached"):
        kept = [
            mark
            for mark in (getattr(ticket, column) or "").split(",")
            if mark and (dues.get(mark) is None or dues[mark] <= now)
        ]
        setattr(ticket, column, ",".join(kept) or None)
    ticket.updated_at = now


def _category(context: AgentTurn, word: str) -> str:
    for category in context.turn.services.policy.categories:
        if word.lower() in (category.code, category.zh, category.en.lower()):
            return category.code
    codes = "、".join(f"{c.code}（{c.zh}）" for c in context.turn.services.policy.categories)
    raise Refused(context.t("agent.bad_category", value=word, choices=codes))


async def note(context: AgentTurn, args: str) -> None:
    """/note N TEXT: an internal note on the ticket; the customer is not told."""
    ticket, text = await _ticket_and_text(context, args, f"/note {EXAMPLE} 已联系门店", live=False)
    await context.turn.record(
        ticket.id or 0, "note", None, text, actor_kind="agent", actor_id=context.actor
    )
    context.say(context.t("agent.noted", number=context.named(ticket)))


async def help_(context: AgentTurn, args: str) -> None:
    """/help: every declared command, from the declarations below."""
    context.say(help_text(context.t))


# Every agent command, declared once, in the order /help and the command menus list them
# (bot/channels/telegram/menu.py reads this). Adding a command is one line here plus its
# handler and its texts (`agent_commands.<name>.help` and `.menu` in each locale catalogue).
SUPERVISOR = frozenset({"supervisor"})
AGENT_COMMANDS: tuple[AgentCommand, ...] = (
    AgentCommand("queue", views.queue, aliases=("队列",)),
    AgentCommand("show", views.show, aliases=("查看", "详情")),
    AgentCommand("take", take, aliases=("接单",)),
    AgentCommand("assign", assign, aliases=("分配",), roles=SUPERVISOR),
    AgentCommand("reply", reply, aliases=("回复",)),
    AgentCommand("ask", ask, aliases=("补充", "索取")),
    AgentCommand("status", status, aliases=("状态",)),
    AgentCommand("propose", propose, aliases=("方案",)),
    AgentCommand("resolve", resolve, aliases=("解决",)),
    AgentCommand("reject", reject, aliases=("驳回",)),
    AgentCommand("escalate", escalate, aliases=("升级",)),
    AgentCommand("reclass", reclass, aliases=("改类",)),
    AgentCommand("note", note, aliases=("备注",)),
    AgentCommand("stats", views.stats, aliases=("统计",)),
    AgentCommand("find", find, aliases=("查找",)),
    AgentCommand("web", web, aliases=("网页",)),
    AgentCommand("help", help_, aliases=("帮助",)),
    # A chat opens with /start (Telegram's Start, `chat --agent`): a one-line greeting with
    # the queue's size, not the whole help; no command to list.
    AgentCommand("start", views.greet, hidden=True),
)
declare(AGENT_COMMANDS)
