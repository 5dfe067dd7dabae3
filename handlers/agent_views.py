"""What agents read: the queue, one ticket in full, and the day's and month's figures."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime

from handlers import lifecycle as life
from handlers.account_lead import clip
from handlers.agents import AgentTurn, number_words
from handlers.history import Trail, causes, history_line, team
from handlers.lifecycle import Refused
from handlers.remedies import describe, on_ticket
from handlers.texts import TRADITIONAL
from handlers.tickets import object_label
from storage.models import Agent, Customer, Evidence, Ticket
from storage.queries import agents as agent_rows
from storage.queries import tickets as tickets_q
from storage.vault import mask_email, mask_id_numbers, mask_name, mask_personal, mask_phone

QUEUE_LIMIT = 30
# A page of /queue: "2", "p2", "第2页" (width-folded).
_PAGE = re.compile(r"(?:p|第)?([0-9]{1,4})页?")
HISTORY_LIMIT = 12
SHOW_AT_ONCE = 5  # tickets one /show lists; more is a search's job (/find)
_SCOPES = {
    "mine": "mine",
    "我的": "mine",
    "all": "all",
    "全部": "all",
    "overdue": "overdue",
    "超时": "overdue",
    "": "all",
}


async def greet(context: AgentTurn, args: str) -> None:
    """/start, sent when an agent opens the chat (Telegram's Start, `chat --agent`): one
    line with the open queue's size and where the commands are, not the whole /help
    (newcomer trial 14: every session opened with the 20-line command list). Two statements
    at most (storage/queries/tickets.py:queue_page with a one-row page)."""
    page = await tickets_q.queue_page(context.turn.session, now=context.turn.now, limit=1)
    name = context.agent.name
    if not page.total:
        context.say(context.t("agent.greeting_empty", name=name))
        return
    count = page.total if page.exact else context.t("agent.more_than", count=page.total)
    context.say(context.t("agent.greeting", name=name, count=count))


def _queue_args(args: str) -> tuple[str, int] | None:
    """(scope, page number from 1) of /queue's words in any order ("mine 2", "2",
    "overdue 第3页"); None for a word that is neither."""
    scope, number = "all", 1
    for word in args.lower().split():
        folded = unicodedata.normalize("NFKC", word)
        page = _PAGE.fullmatch(folded)
        if page:
            number = int(page.group(1))
        elif folded in _SCOPES:
            scope = _SCOPES[folded]
        else:
            return None
    return scope, number


async def queue(context: AgentTurn, args: str) -> None:
    """/queue [mine|all|overdue] [N]: open tickets by next deadline, QUEUE_LIMIT a page, page
    N (1 without it), with how many there are and the command for the next page (newcomer
    trial 21: past the first 30 nothing showed the rest). Reads the page, not the queue:
    storage/queries/tickets.py:queue_page, one statement for the page and, when the page
    does not tell, one for the count. Pages go as far as the count's cap. Refused on an
    unknown word or a page past the cap."""
    read = _queue_args(args)
    pages_max = tickets_q.COUNT_CAP // QUEUE_LIMIT + 1
    if read is None or not 1 <= read[1] <= pages_max:
        raise Refused(context.t("agent.usage", usage="/queue [mine|all|overdue] [2|3|…]"))
    scope, number = read
    now = context.turn.now
    page = await tickets_q.queue_page(
        context.turn.session,
        now=now,
        assignee_id=context.agent.id if scope == "mine" else None,
        overdue=scope == "overdue",
        limit=QUEUE_LIMIT,
        offset=(number - 1) * QUEUE_LIMIT,
    )
    if not page.total:
        context.say(context.t("agent.queue_empty"))
        return
    pages = -(-page.total // QUEUE_LIMIT)
    count = page.total if page.exact else context.t("agent.more_than", count=page.total)
    pages_said = pages if page.exact else context.t("agent.more_than", count=pages)
    scope_word = context.t(f"agent.scope_{scope}")
    if not page.rows:
        context.say(
            context.t(
                "agent.queue_past_end", page=number, scope=scope_word, count=count, pages=pages_said
            )
        )
        return
    names = await _agent_names(context)
    policy = context.turn.services.policy
    # Past the count's cap the queue says "more than N" (storage/queries/tickets.py:COUNT_CAP).
    on_page = (
        context.t("agent.queue_page", page=number, pages=pages_said)
        if number > 1 or page.total > QUEUE_LIMIT or not page.exact
        else ""
    )
    lines = [context.t("agent.queue_title", scope=scope_word, count=count, page=on_page)]
    # A few words of what each is about, masked as for any agent (newcomer trial 12).
    for row in page.rows:
        due = row.next_due
        # The queue's own statement read what the subject needs (statement ceilings).
        ticket = Ticket(number=row.number, **row.about) if row.about else None
        lines.append(
            context.t(
                "agent.queue_line",
                number=row.number,
                subject=subject_part(context, ticket),
                status=context.t(f"status_label.{row.status}"),
                marks=_marks(context, row),
                severity=policy.severity(row.severity).label("zh-CN"),
                category=policy.category(row.category).label("zh-CN"),
                # Which clock, as the web console says it (newcomer trial 9).
                clock=context.t("web.due_first" if row.first_due else "web.due_resolution"),
                due=life.local(context.turn, due),
                overdue=context.t("agent.overdue_mark") if due and due < now else "",
                assignee=names.get(row.assignee_id or 0, context.t("agent.unassigned")),
            )
        )
    seen = (number - 1) * QUEUE_LIMIT + len(page.rows)
    if (page.total > seen or not page.exact) and number < pages_max:
        more = page.total - seen
        shown = more if page.exact else context.t("agent.more_than", count=more)
        words = " ".join(w for w in ("" if scope == "all" else scope, str(number + 1)) if w)
        lines.append(context.t("agent.queue_more", count=shown, next=f"/queue {words}"))
    context.say("\n".join(lines))


def _marks(context: AgentTurn, row: tickets_q.QueueRow) -> str:
    """ "（⏳方案待客户答复 ⬆️已升级）": what waits on whom, beyond the status (newcomer trial 17:
    a refused proposal and one the customer had not answered both read only "已受理");
    "" when nothing. A status that says it already ("二次处理") gets no marker for it."""
    marks = []
    if row.proposal == "proposal":
        marks.append(context.t("agent.queue_mark_proposal"))
    elif row.proposal == "proposal_refused":
        marks.append(context.t("agent.queue_mark_refused"))
    if row.escalated:
        marks.append(context.t("agent.queue_mark_escalated"))
    if row.reopen_count and row.status != "reopened":
        marks.append(context.t("agent.queue_mark_reopened", count=row.reopen_count))
    return context.t("agent.queue_marks", marks=" ".join(marks)) if marks else ""


def subject_part(context: AgentTurn, ticket: Ticket | None) -> str:
    """ "空调 · " for a list line: the ticket's subject (lifecycle.subject) and a separator,
    "" when there is none."""
    found = life.subject(context.turn, ticket) if ticket is not None else ""
    return context.t("agent.subject", subject=found) if found else ""


async def _agent_names(context: AgentTurn) -> dict[int, str]:
    return await tickets_q.agent_names(context.turn.session)


async def show(context: AgentTurn, args: str) -> None:
    """/show <number>: one ticket in full, its evidence as files, its first event and the
    last HISTORY_LIMIT - 1 (saying how many are left out between them), and the pushes that
    failed or wait. A short number ("/show 1") is the day's sequence (`AgentTurn.ticket`).
    Several numbers ("/show 1 2") show each, up to SHOW_AT_ONCE (newcomer trial 9: the 2
    was silently ignored). Personal data whole only for the assignee and supervisors
    (docs/process.md section 6). Refused when the first number is unknown or the words after
    it are no numbers; a later number not found is said after the tickets shown."""
    usage = "/show CP20261122001"
    ticket, rest = await context.ticket(args, usage, one=False)
    more = number_words(rest)
    if more is None:
        raise Refused(context.t("agent.show_numbers_only", usage=f"{usage} / /show 1 2"))
    # More than SHOW_AT_ONCE: the first ones are shown and the rest named, to send again
    # (newcomer trial 21: "/show 1 2 3 4 5 6" showed none of the six).
    more, left_out = more[: SHOW_AT_ONCE - 1], more[SHOW_AT_ONCE - 1 :]
    shown, unknown = [ticket], []
    for word in more:
        try:
            other, _ = await context.ticket(word, usage)
        except Refused as refused:
            # "/show 11 12 13" with no 13: the others are shown and 13 is said (trial 19: one
            # unknown number showed none of them).
            unknown.append(str(refused))
            continue
        if other.id not in {known.id for known in shown}:
            shown.append(other)
    for each in shown:
        await _show_one(context, each)
    if unknown:
        context.turn.say("\n".join(unknown))
    if left_out:
        context.turn.say(
            context.t(
                "agent.show_left_out",
                count=SHOW_AT_ONCE,
                left=len(left_out),
                numbers=" ".join(left_out),
            )
        )


async def _show_one(context: AgentTurn, ticket: Ticket) -> None:
    turn, t, vault = context.turn, context.t, context.turn.services.vault
    policy = turn.services.policy
    whole = sees_whole(context.agent, ticket)
    name = vault.open(ticket.name_enc)
    phone, email = vault.open(ticket.phone_enc), vault.open(ticket.email_enc)
    # Both when the customer left both (newcomer trial item 3).
    shown = (phone, email) if whole else (mask_phone(phone), mask_email(email))
    contact = str(t("confirm.separator")).join(v for v in shown if v)
    evidence = await tickets_q.evidence_of(turn.session, ticket.id or 0)
    names = await _agent_names(context)
    text = t(
        "agent.show",
        number=ticket.number,
        status=t(f"status_label.{ticket.status}"),
        category=policy.category(ticket.category).label("zh-CN"),
        severity=policy.severity(ticket.severity).label("zh-CN"),
        confidence=f"{ticket.category_confidence:.2f}",
        review=t("agent.review") if ticket.needs_review else "",
        reasons="、".join(json.loads(ticket.reasons or "[]")) or "-",
        name=(name or "-") if whole else mask_name(name),
        contact=contact or "-",
        language=_customer_language(context, ticket),
        # Free text the customer wrote holds personal data too (newcomer trial 12).
        object=_account(object_label(ticket), whole, name) or "-",
        time=ticket.occurred_text or "-",
        place=_account(ticket.place or "", whole, name) or "-",
        remedy=_account(describe(on_ticket(ticket, vault), t, with_kind=True), whole, name) or "-",
        account=_account(vault.open(ticket.account_enc) or "-", whole, name),
        evidence=len(evidence),
        evidence_items="".join(
            "\n" + _evidence_line(context, item, whole, name) for item in evidence
        ),
        missing="、".join(
            context.t(f"field.{m}")
            for m in json.loads(ticket.missing_materials or "[]")
            # Files on the ticket answer the evidence, also on a ticket whose column was
            # written before the supplement cleared it (newcomer trial 11).
            if not (m == "evidence" and evidence)
        )
        or "-",
        assignee=names.get(ticket.assignee_id or 0, t("agent.unassigned")),
        first_due=life.local(turn, ticket.first_response_due),
        first_state=_first_state(context, ticket),
        due=life.local(turn, ticket.resolution_due),
        due_state=_overdue(context, ticket.resolution_due)
        if ticket.status in life.OPEN and ticket.status != "awaiting_customer"
        else "",
        survey=_survey(context, ticket),
    )
    history = await _history(context, ticket)
    # Agents' and customers' words in the trail hold personal data too.
    history = [_account(line, whole, name) for line in history]
    lines = [
        text + await _unreachable(context, ticket),
        *history,
        *await _failures(context, ticket),
    ]
    files = tuple(e.path for e in evidence if e.path)
    context.turn.say("\n".join(lines), files=files)


EVIDENCE_LABEL_LIMIT = 80  # characters of an item's label in /show; the web console has all


def _evidence_line(context: AgentTurn, item: Evidence, whole: bool, name: str | None) -> str:
    """ "· 位置：39.91,116.45 Chaoyang, Beijing": one evidence item, its kind and what it says
    (a caption, a place's label, a link's title and address, a voice message's words), else
    its file name for a reader who sees the ticket whole. Every item, files or not
    (newcomer trial 17: four items counted, two files listed as "[附件 file]", the place and
    the link nowhere); masked as the account is."""
    t = context.t
    key = f"web.evidence_kind_{item.kind}"
    kind = t(key) if t.has(key) else item.kind
    said = context.turn.services.vault.open(item.note_enc) or ""
    label = " ".join(said.split()) or ((item.original_name or "") if whole else "")
    if label:
        label = t(
            "agent.evidence_label", text=clip(_account(label, whole, name), EVIDENCE_LABEL_LIMIT)
        )
    return t("agent.evidence_item", kind=kind, label=label)


# The customer's reply locales an agent must know of before writing to them: their words are
# relayed as written (only the catalogue's frame is translated or converted), so an agent
# writes English to an English customer, and knows a zh-Hant customer reads traditional
# characters (newcomer trial 20: /show did not say so).
_LANGUAGE_NOTES = {"en": "agent.customer_english", TRADITIONAL: "agent.customer_traditional"}


def _customer_language(context: AgentTurn, ticket: Ticket) -> str:
    """The note on the customer's reply language in /show ("（客户使用繁体字…）"), or "" for
    the default locale."""
    key = _LANGUAGE_NOTES.get(ticket.locale)
    return context.t(key) if key else ""


def sees_whole(agent: Agent, ticket: Ticket) -> bool:
    """Whether `agent` sees the ticket's personal data whole: only its assignee and
    supervisors do (docs/process.md section 6); /show and the web console both ask here."""
    return agent.role == "supervisor" or ticket.assignee_id == agent.id


def _account(text: str, whole: bool, name: str | None) -> str:
    # Customers write their name and number into the story too; masked for everyone else.
    # An ID number is masked for everyone (docs/process.md section 1, newcomer trial 9).
    return mask_id_numbers(text) if whole else mask_personal(text, (name,))


def _first_state(context: AgentTurn, ticket: Ticket) -> str:
    """ "（已响应）" once answered, else the overdue mark past the deadline (newcomer trial 9:
    /show did not say a deadline had passed, /queue overdue did)."""
    if ticket.first_responded_at:
        return context.t("agent.first_done")
    return _overdue(context, ticket.first_response_due) if ticket.status in life.OPEN else ""


def _overdue(context: AgentTurn, due: datetime | None) -> str:
    """/queue's overdue mark when `due` has passed, else ""."""
    return context.t("agent.overdue_mark") if due and due < context.turn.now else ""


def _message_kind(context: AgentTurn, kind: str) -> str:
    """An outbox message's kind in words ("progress" -> "进度通知"); unknown ones as stored."""
    key = f"message_kind.{kind}"
    return context.t(key) if context.t.has(key) else kind


def _survey(context: AgentTurn, ticket: Ticket) -> str:
    if ticket.survey_score is not None:
        return str(ticket.survey_score)
    if ticket.survey_outcome == "no_response":
        return context.t("survey.no_response")
    return context.t("survey.not_asked")


async def _unreachable(context: AgentTurn, ticket: Ticket) -> str:
    customer = await context.turn.session.get(Customer, ticket.customer_id)
    if customer is None or not customer.unreachable_reason:
        return ""
    return context.t("agent.unreachable", reason=customer.unreachable_reason)


async def _history(context: AgentTurn, ticket: Ticket) -> list[str]:
    session = context.turn.session
    # The filing and the newest events; how many lie between them is said, not hidden
    # (newcomer trial 14: "客户 提交投诉" silently dropped out of a long history).
    events, total = await tickets_q.history_events(session, ticket.id or 0, HISTORY_LIMIT)
    # Names for the agents who acted, supervisors as such; inactive ones too (they left).
    trail = Trail(context.turn.services.policy, team(await agent_rows.every(session)))
    caused = causes(events)
    lines = [context.t("agent.history_title")]
    for index, event in enumerate(events):
        if index == 1 and total > len(events):
            lines.append(context.t("agent.history_omitted", count=total - len(events)))
        words = context.turn.services.vault.open(event.text_enc)
        at = life.local(context.turn, event.at)
        cause = caused.get(event.id or 0)
        omitted_between = index == 1 and total > len(events)
        if cause is not None and index and events[index - 1] is cause and not omitted_between:
            # "客户 接受方案 → 状态→处理中" right after "客户 接受方案": one line, with the
            # customer's words (newcomer trial 18: the acceptance read as said twice).
            words = words or context.turn.services.vault.open(cause.text_enc)
            lines.pop()
        lines.append(history_line(context.t, event, at, words, trail, cause))
    return lines


async def _failures(context: AgentTurn, ticket: Ticket) -> list[str]:
    """The pushes about the ticket that failed or wait as undeliverable. One to someone on
    the team (a card, an alert) names its recipient: the same card goes to every agent, and
    another's copy, waiting until they write, read as the reader's own, delivered since
    (newcomer trial 21: "新工单卡片 → 无法送达" after the card had reached the reader)."""
    rows = await tickets_q.outbox_of(
        context.turn.session, ticket.id or 0, ("failed", "undeliverable")
    )
    if not rows:
        return await _queued(context, ticket)
    staff = {(a.channel, a.user_id): a.name for a in await agent_rows.every(context.turn.session)}
    rooms = set(context.turn.services.agent_rooms)
    lines = [context.t("agent.failed_title")]
    for row in rows:
        to = ""
        if (row.channel, row.user_id) != (ticket.channel, ticket.user_id):
            if (row.channel, row.user_id) in rooms:
                who = context.t("agent.agent_room")
            else:
                who = staff.get((row.channel, row.user_id), row.user_id)
            to = context.t("agent.failed_to", who=who)
        lines.append(
            context.t(
                "agent.failed_line",
                at=life.local(context.turn, row.created_at),
                kind=_message_kind(context, row.kind),
                to=to,
                status=_outbox_status(context, row.status),
                reason=row.last_error or "-",
            )
        )
    return lines + await _queued(context, ticket)


def _outbox_status(context: AgentTurn, status: str) -> str:
    """ "failed" / "undeliverable" in the web console's words; unknown ones as stored."""
    key = f"web.outbox_{status}"
    return context.t(key) if context.t.has(key) else status


async def _queued(context: AgentTurn, ticket: Ticket) -> list[str]:
    """Pushes to the customer not delivered yet: an agent's answer is "queued" until then."""
    rows = await tickets_q.outbox_of(
        context.turn.session,
        ticket.id or 0,
        ("pending", "sending"),
        channel=ticket.channel,
        user_id=ticket.user_id,
    )
    if not rows:
        return []
    return [
        context.t("agent.queued_title"),
        *(
            context.t(
                "agent.queued_line",
                at=life.local(context.turn, row.created_at),
                kind=_message_kind(context, row.kind),
                attempts=row.attempts,
                reason=row.last_error or "",
            )
            for row in rows
        ),
    ]


async def stats(context: AgentTurn, args: str) -> None:
    """/stats: today's and this month's figures, days and months in the business's time zone
    as `turn.now` carries it; aggregates in SQL (storage/queries/tickets.py:day_and_month)."""
    turn = context.turn
    now = turn.now
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    figures = await tickets_q.day_and_month(
        turn.session, now=now, day=day, month=day.replace(day=1)
    )
    policy = turn.services.policy

    def now_count(n: int) -> int | str:
        # Now's counts stop at the cap: past it "more than N" (storage/queries/tickets.py).
        return n if n <= figures.cap else context.t("agent.more_than", count=figures.cap)

    context.say(
        context.t(
            "agent.stats",
            today_new=figures.today_new,
            today_concluded=figures.today_concluded,
            open=now_count(figures.open),
            overdue=now_count(figures.overdue),
            unassigned=now_count(figures.unassigned),
            month_total=figures.month_total,
            month_concluded=figures.month_concluded,
            month_resolved=figures.month_resolved,
            month_rejected=figures.month_rejected,
            month_satisfaction=f"{figures.satisfaction:.1f}/5"
            if figures.satisfaction is not None
            else "-",
            month_categories="、".join(
                f"{policy.category(code).label('zh-CN')} {n}" for code, n in figures.categories
            )
            or "-",
        )
    )
