"""The console's queue, ticket and evidence pages, and the ticket's action forms (issue 14
item 2). Who sees what follows `/show` (handlers/agent_views.py:sees_whole): personal data
whole for the assignee and supervisors, masked (storage/masking.py) for everyone else; the
evidence files only for those same people. Actions run through handlers/agent_actions.py:act.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.web.context import SERVICES, Viewer, message_page, render, viewer
from bot.web.i18n import local_time
from handlers import agents as agent_registry
from handlers.agent_actions import TICKET_ACTIONS, NotACommand, act
from handlers.agent_views import sees_whole
from handlers.history import Trail, actor_text, causes, event_label
from handlers.history import team as by_actor
from handlers.messages import Outbound
from handlers.policy import SEVERITY_ORDER
from handlers.remedies import describe, on_ticket
from handlers.services import Services
from handlers.texts import Texts
from handlers.tickets import object_label
from handlers.webhooks import KIND as WEBHOOK_CHANNEL
from handlers.webhooks import META_EVENT_TYPE
from handlers.words import find_ticket_number
from storage.models import Agent, Evidence, OutboxMessage, Ticket
from storage.queries import agents as agent_rows
from storage.queries import console as console_q
from storage.queries import tickets as tickets_q
from storage.vault import (
    VaultError,
    mask_email,
    mask_id_numbers,
    mask_name,
    mask_personal,
    mask_phone,
)

PAGE_SIZE = 25
CHANNELS = ("telegram", "wechat", "console")
# The bot's commands the ticket page offers, in the order of its forms.
ACTIONS = TICKET_ACTIONS  # handlers/agent_actions.py declares them once
TEXT_ACTIONS = frozenset({"reply", "ask", "propose", "resolve", "reject", "note", "escalate"})
NONCE = re.compile(r"[A-Za-z0-9_-]{16,43}")
# Shown inline only in these types; anything else (SVG, HTML...) is a download.
INLINE_IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/queue", queue, name="queue")
    app.router.add_get(r"/tickets/{number:[A-Za-z0-9]{1,32}}", ticket_page, name="ticket")
    app.router.add_post(r"/tickets/{number:[A-Za-z0-9]{1,32}}/act", action, name="act")
    app.router.add_get(
        r"/tickets/{number:[A-Za-z0-9]{1,32}}/evidence/{evidence:\d{1,12}}",
        evidence_file,
        name="evidence",
    )


async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther(request.app.router["queue"].url_for())


# --- the queue -------------------------------------------------------------------------------
def _filters(request: web.Request, me: Viewer, services: Services) -> console_q.QueueFilters:
    query = request.query
    severity = query.get("severity") or None
    category = query.get("category") or None
    channel = query.get("channel") or None
    return console_q.QueueFilters(
        assignee_id=me.agent.id if query.get("mine") else None,
        unassigned=bool(query.get("unassigned")),
        overdue=bool(query.get("overdue")),
        severity=severity if severity in SEVERITY_ORDER else None,
        category=category if category in services.policy.category_codes else None,
        channel=channel if channel in CHANNELS else None,
    )


def _page_number(request: web.Request) -> int:
    raw = request.query.get("page", "1")
    return max(1, min(int(raw), 100_000)) if raw.isdigit() else 1


async def queue(request: web.Request) -> web.StreamResponse:
    """Open tickets by next deadline, filtered and paginated in SQL
    (storage/queries/console.py:queue_page); overdue and urgent marked."""
    me, services = viewer(request), request.app[SERVICES]
    filters = _filters(request, me, services)
    number = _page_number(request)
    now = services.clock()
    async with services.db.transaction() as session:
        page = await console_q.queue_page(
            session, now=now, filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        last = max(1, -(-page.total // PAGE_SIZE))
        if number > last:  # a page past the end (an old link, a typed URL) shows the last one
            number = last
            page = await console_q.queue_page(
                session, now=now, filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
            )
        names = await tickets_q.agent_names(session)
    policy, t = services.policy, me.t
    rows = [
        {
            "number": row.number,
            "status": t(f"status_label.{row.status}"),
            "severity": row.severity,
            "severity_label": policy.severity(row.severity).label(t.locale),
            "category": policy.category(row.category).label(t.locale),
            "subject": "，".join(part for part in (row.product, row.store, row.staff) if part),
            "channel": row.channel,
            "due": local_time(row.next_due, services.tz),
            "due_kind": t("web.due_first" if row.first_due else "web.due_resolution"),
            "overdue": row.next_due is not None and row.next_due < now,
            "urgent": row.severity == "urgent",
            "assignee": names.get(row.assignee_id or 0, ""),
        }
        for row in page.rows
    ]
    pages = max(1, -(-page.total // PAGE_SIZE))
    kept = {k: v for k, v in request.query.items() if k != "page" and v}
    return render(
        request,
        "queue.html",
        t,
        rows=rows,
        total=page.total,
        page=number,
        pages=pages,
        previous=_query(kept, number - 1) if number > 1 else None,
        following=_query(kept, number + 1) if number < pages else None,
        query=request.query,
        severities=[(c, policy.severity(c).label(t.locale)) for c in SEVERITY_ORDER],
        categories=[(c.code, c.label(t.locale)) for c in policy.categories],
        channels=CHANNELS,
    )


def _query(kept: dict[str, str], page: int) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode({**kept, "page": str(page)})


# --- one ticket -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: an event or a push, at a local time."""

    sort_key: tuple[Any, ...]
    at: str
    who: str
    what: str
    text: str
    delivery: str


async def _ticket_or_404(services: Services, number: str) -> Ticket:
    normalised = find_ticket_number(number) or number.upper()
    async with services.db.transaction() as session:
        found = await console_q.ticket(session, normalised)
    if found is None:
        raise web.HTTPNotFound()
    return found


async def ticket_page(request: web.Request) -> web.StreamResponse:
    """One ticket: its fields (personal data as /show shows them to this viewer), its
    classification and why, the whole timeline, the evidence and the action forms."""
    me, services = viewer(request), request.app[SERVICES]
    ticket = await _ticket_or_404(services, request.match_info["number"])
    whole = sees_whole(me.agent, ticket)
    async with services.db.transaction() as session:
        events = await console_q.events(session, ticket.id or 0)
        pushes = await console_q.pushes(session, ticket.id or 0)
        evidence = await tickets_q.evidence_of(session, ticket.id or 0)
        names = await tickets_q.agent_names(session)
        team = await agent_rows.active(session)
        everyone = await agent_rows.every(session)
    t, vault, policy = me.t, services.vault, services.policy
    name = vault.open(ticket.name_enc)
    phone, email = vault.open(ticket.phone_enc), vault.open(ticket.email_enc)

    def shown(text: str | None) -> str:
        if not text:
            return ""
        # An ID number masked for everyone, as in /show (docs/process.md section 1).
        return mask_id_numbers(text) if whole else mask_personal(text, (name,))

    fields = [
        ("name", (name or "") if whole else mask_name(name)),
        ("phone", (phone or "") if whole else mask_phone(phone)),
        ("email", (email or "") if whole else mask_email(email)),
        ("object", object_label(ticket)),
        ("time", ticket.occurred_text or ""),
        ("place", ticket.place or ""),
        ("account", shown(vault.open(ticket.account_enc))),
        ("remedy", shown(describe(on_ticket(ticket, vault), t, with_kind=True))),
    ]
    # As /show's trail: the agent named, what the customer's message caused, the reasons.
    trail, caused = Trail(policy, by_actor(everyone)), causes(events)
    timeline = [
        TimelineEntry(
            (event.at, 0, event.id or 0),
            local_time(event.at, services.tz),
            actor_text(t, event, trail),
            event_label(t, event, trail, caused.get(event.id or 0)),
            shown(vault.open(event.text_enc)),
            "",
        )
        for event in events
    ] + _push_entries(services, t, ticket, pushes, team, shown)
    timeline.sort(key=lambda entry: entry.sort_key)
    actions = [a for a in ACTIONS if _allowed(me, a) and not _pointless(a, me, ticket)]
    return render(
        request,
        "ticket.html",
        t,
        ticket=ticket,
        whole=whole,
        status_label=t(f"status_label.{ticket.status}"),
        category=policy.category(ticket.category).label(t.locale),
        severity=policy.severity(ticket.severity).label(t.locale),
        # The classifier's own notes, free text in Chinese (nlp/classifier.py): shown as they
        # are, labelled as such for a viewer in another language.
        reasons=json.loads(ticket.reasons or "[]"),
        reasons_untranslated=t.locale != "zh-CN",
        assignee=names.get(ticket.assignee_id or 0, ""),
        first_due=local_time(ticket.first_response_due, services.tz),
        due=local_time(ticket.resolution_due, services.tz),
        fields=fields,
        timeline=timeline,
        evidence=[_evidence_view(e, whole, shown(vault.open(e.note_enc)), t) for e in evidence],
        actions=actions,
        text_actions=TEXT_ACTIONS,
        # A nonce of its own for every form: forms sent one after another from the same
        # loaded page each run; the same form sent twice runs once (its nonce is the key).
        nonces={command: secrets.token_urlsafe(16) for command in actions},
        team=[(a.user_id, a.name) for a in team],
        severities=[(c, policy.severity(c).label(t.locale)) for c in SEVERITY_ORDER],
        categories=[(c.code, c.label(t.locale)) for c in policy.categories],
    )


def _push_entries(
    services: Services,
    t: Texts,
    ticket: Ticket,
    pushes: list[OutboxMessage],
    team: list[Agent],
    shown: Callable[[str | None], str],
) -> list[TimelineEntry]:
    """The timeline's lines for the ticket's pushes: a webhook's row as one short line (its
    event type and delivery, never its JSON body); one message sent to several agents at
    once (a new ticket's card) as one line naming them; anything else a line of its own."""
    agents = {(a.channel, a.user_id): a.name for a in team}
    entries: list[TimelineEntry] = []
    staff: dict[tuple[Any, ...], list[tuple[OutboxMessage, str]]] = {}
    for push in pushes:
        message = _push_message(services, push)
        at = local_time(push.created_at, services.tz)
        if push.channel == WEBHOOK_CHANNEL:
            event = (message.meta.get(META_EVENT_TYPE) if message else None) or push.kind
            entries.append(
                TimelineEntry(
                    (push.created_at, 1, push.id or 0),
                    at,
                    t("web.to_webhook"),
                    t("web.webhook_event", event=event),
                    "",
                    _delivery(t, services, push),
                )
            )
        elif (push.channel, push.user_id) == (ticket.channel, ticket.user_id):
            entries.append(
                TimelineEntry(
                    (push.created_at, 1, push.id or 0),
                    at,
                    t("web.to_customer"),
                    t("web.push", kind=push.kind),
                    shown(message.text if message else ""),
                    _delivery(t, services, push),
                )
            )
        else:
            text = message.text if message else ""
            staff.setdefault((push.created_at, push.kind, text), []).append((push, text))
    for (created_at, kind, text), group in staff.items():
        first = group[0][0]
        who = "、".join(agents.get((p.channel, p.user_id), p.user_id) for p, _ in group)
        if len(group) == 1:
            delivery = _delivery(t, services, first)
        else:
            delivery = "；".join(
                t(
                    "web.delivery_to",
                    name=agents.get((p.channel, p.user_id), p.user_id),
                    status=_status(t, p),
                )
                for p, _ in group
            )
        entries.append(
            TimelineEntry(
                (created_at, 1, first.id or 0),
                local_time(created_at, services.tz),
                t("web.to_staff_named", names=who),
                t("web.push", kind=kind),
                shown(text),
                delivery,
            )
        )
    return entries


def _status(t: Texts, push: OutboxMessage) -> str:
    key = f"web.outbox_{push.status}"
    return t(key) if t.has(key) else push.status


def _delivery(t: Texts, services: Services, push: OutboxMessage) -> str:
    """ "投递：已送达，尝试 1 次，送达 …" and the last error, if any."""
    return t(
        "web.delivery",
        status=_status(t, push),
        attempts=push.attempts,
        sent=local_time(push.sent_at, services.tz) or "-",
    ) + (f" ({push.last_error})" if push.last_error else "")


def _push_message(services: Services, push: OutboxMessage) -> Outbound | None:
    """The message a push carried (None when its payload cannot be read: another key)."""
    try:
        return Outbound.from_json(services.vault.open_json(push.payload_enc))
    except (VaultError, ValueError, KeyError, TypeError):
        return None


def _evidence_view(item: Evidence, whole: bool, note: str, t: Texts) -> dict[str, Any]:
    key = f"web.evidence_kind_{item.kind}"
    return {
        "id": item.id,
        "kind": t(key) if t.has(key) else item.kind,
        "name": (item.original_name or "") if whole else "",
        "note": note,
        "size": item.size,
        "status": item.status,
        "file": bool(item.path) and whole,
        "image": bool(item.path) and whole and (item.mime or "") in INLINE_IMAGES,
    }


def _pointless(command: str, me: Viewer, ticket: Ticket) -> bool:
    """Whether the form would only be refused: taking a ticket the viewer already holds."""
    return (
        command == "take" and ticket.assignee_id is not None and ticket.assignee_id == me.agent.id
    )


def _allowed(me: Viewer, command: str) -> bool:
    """Whether the viewer's role may use the command (its declaration's roles)."""
    declared = agent_registry.COMMANDS.get(command)
    return declared is not None and me.agent.role in declared.roles


# --- actions ---------------------------------------------------------------------------------
async def action(request: web.Request) -> web.StreamResponse:
    """One of the ticket's action forms: `/<command> <number> <fields>` run as the agent's own
    chat message (handlers/agent_actions.py:act), idempotent per the form's nonce; its
    answers are shown on the ticket page. A supervisor's command from an agent: 403."""
    me, services = viewer(request), request.app[SERVICES]
    ticket = await _ticket_or_404(services, request.match_info["number"])
    form = await request.post()
    command = str(form.get("command", ""))
    nonce = str(form.get("nonce", ""))
    if command not in ACTIONS or not NONCE.fullmatch(nonce):
        raise web.HTTPBadRequest(text=me.t("web.bad_form"))
    if not _allowed(me, command):
        return message_page(request, me.t, "web.forbidden_title", "web.supervisor_only", status=403)
    extra = _arguments(command, form)
    if command in TEXT_ACTIONS and not extra:
        # The chat's answer would explain the chat's syntax; the form needs its text box.
        await _flash(services, me, [me.t("web.text_needed")])
        raise web.HTTPSeeOther(request.app.router["ticket"].url_for(number=ticket.number))
    # Prefixed with the agent's id: one agent's nonce can never name another's request.
    request_id = f"{me.agent.id}.{nonce}"
    try:
        result = await act(
            services,
            me.agent,
            command,
            f"{ticket.number} {extra}".strip(),
            source="web",
            request_id=request_id,
        )
    except NotACommand as exc:  # pragma: no cover - ACTIONS are declared commands
        raise web.HTTPBadRequest() from exc
    await _flash(services, me, list(result.answers) or [me.t("web.done")])
    raise web.HTTPSeeOther(request.app.router["ticket"].url_for(number=ticket.number))


async def _flash(services: Services, me: Viewer, answers: list[str]) -> None:
    """Keeps `answers` sealed on the session, for the next page to show once."""
    async with services.db.transaction() as session:
        from storage.queries import web_auth

        await web_auth.set_flash(session, me.session_id, services.vault.seal_json(answers))


def _arguments(command: str, form: Any) -> str:
    """The words after the ticket number, from the form's fields."""

    def field(name: str) -> str:
        return " ".join(str(form.get(name, "")).replace("\r", "").split("\n")).strip()

    if command in TEXT_ACTIONS:
        return field("text")
    if command == "assign":
        return field("agent")
    if command == "status":
        return field("status")
    if command == "reclass":
        return f"{field('category')} {field('severity')}".strip()
    return ""


# --- evidence files --------------------------------------------------------------------------
async def evidence_file(request: web.Request) -> web.StreamResponse:
    """One evidence file, for the assignee and supervisors only (as personal data): looked up
    by the ticket and the evidence id (never by path), read from under DATA_DIR. Images of
    the common types inline, anything else as a download. 404 for an id not of this ticket,
    403 for a viewer who may not see it."""
    me, services = viewer(request), request.app[SERVICES]
    ticket = await _ticket_or_404(services, request.match_info["number"])
    async with services.db.transaction() as session:
        item = await console_q.evidence_item(
            session, ticket.id or 0, int(request.match_info["evidence"])
        )
    if item is None or not item.path:
        raise web.HTTPNotFound()
    if not sees_whole(me.agent, ticket):
        return message_page(
            request, me.t, "web.forbidden_title", "web.evidence_refused", status=403
        )
    root = services.data_dir.resolve()
    path = (root / item.path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise web.HTTPNotFound()
    inline = (item.mime or "") in INLINE_IMAGES
    response = web.FileResponse(path)
    response.content_type = (item.mime or "") if inline else "application/octet-stream"
    filename = Path(item.original_name or path.name).name.replace('"', "")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(filename)}"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
