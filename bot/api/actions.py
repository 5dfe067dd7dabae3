"""POST /api/v1/tickets/{number}/actions: an agent command on a ticket, through the chat's
own handler (handlers/agent_actions.py:act): the same refusals, events, actor and pushes to
the customer as the agent typing it in their chat.

Idempotency: with an `Idempotency-Key` header the command runs once per token's agent and
key; a retry gets the first run's answers (`replayed: true`). The key is hashed with the
agent's id into the request id, so one agent's key never answers with another's run. A key
used again for another request (another ticket, action or text: another chat line than the
one the inbox recorded for it) is refused with 422 `idempotency_key_reused`, as Stripe
does, rather than answering with the first request's outcome and dropping the new one.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from aiohttp import web

from bot.api import views
from bot.api.auth import SERVICES, caller, require_write
from bot.api.errors import ApiError
from bot.api.schemas import ActionBody, parse
from bot.api.tickets import find
from handlers.agent_actions import act, command_line
from handlers.agent_views import sees_whole
from handlers.agents import COMMANDS
from handlers.inbox import inbound_from_json
from handlers.services import Services
from storage.queries import api_tickets as api_q

MAX_BODY = 64 * 1024  # bytes: a command's words, not a file
MAX_KEY = 200  # characters of an Idempotency-Key


async def run_action(request: web.Request) -> web.Response:
    """Runs the body's action on the ticket as the token's agent; 200 with the answers the
    agent would have read and the events it recorded, 409 when the command was refused (the
    answers say why), 403 for a read-only token or a supervisor's command."""
    bearer = caller(request)
    require_write(bearer)
    services = request.app[SERVICES]
    body = parse(ActionBody, await _json(request))
    if bearer.agent.role not in COMMANDS[body.action].roles:
        raise ApiError(403, "supervisor_only", f"only a supervisor may {body.action}")
    ticket = await find(services, request.match_info["number"])
    request_id = _request_id(request, bearer.agent.id or 0)
    message_id = f"api:{request_id}"
    args = f"{ticket.number} {body.words()}".strip()
    line = command_line(body.action, args)
    async with services.db.transaction() as session:
        earlier = await api_q.inbound_body(session, bearer.agent.channel, message_id)
        before = await api_q.last_event_id(session, ticket.id or 0)
    _same_request(services, earlier, line)
    result = await act(
        services, bearer.agent, body.action, args, source="api", request_id=request_id
    )
    async with services.db.transaction() as session:
        events = await api_q.events_after(session, ticket.id or 0, before)
        processed = await api_q.inbound_processed(session, bearer.agent.channel, message_id)
        recorded = await api_q.inbound_body(session, bearer.agent.channel, message_id)
    # Again after the run: two requests with one key at once both pass the first check, and
    # the later one's run is the inbox's replay of the other's.
    _same_request(services, recorded, line)
    replayed = earlier is not None
    answers = list(result.answers)
    if not processed:
        # The turn failed (router.process logged it); the recovery job runs it again later
        # and the agent's chat gets its answer. Retrying with the same key is safe.
        raise ApiError(
            503,
            "not_processed",
            "the command could not run now and is retried in the background; "
            "repeat the request with the same Idempotency-Key to learn its outcome",
        )
    if result.refused:
        # The handler refused and nothing changed (a replay of a refused run is refused
        # again); its answer, from the locale catalogue, says why.
        return web.json_response(
            {"error": {"code": "refused", "message": "\n".join(answers)}, "answers": answers},
            status=409,
        )
    name = services.vault.open(ticket.name_enc)
    whole = sees_whole(bearer.agent, ticket)
    return web.json_response(
        {
            "ticket": ticket.number,
            "action": body.action,
            "replayed": replayed,
            "answers": answers,
            "events": [views.event(e, services.vault, name, whole) for e in events],
        }
    )


async def _json(request: web.Request) -> object:
    if request.content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ApiError(413, "too_large", f"the body is over {MAX_BODY} bytes")
    raw = await request.content.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise ApiError(413, "too_large", f"the body is over {MAX_BODY} bytes")
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ApiError(422, "invalid", "the body is not JSON") from error


def _same_request(services: Services, sealed: str | None, line: str) -> None:
    """Refuses (422) when the key's recorded request (`sealed`, None for none yet) is not
    the chat line `line` this request would run."""
    if sealed is None:
        return
    try:
        recorded = inbound_from_json(services.vault.open_json(sealed)).text
    except Exception:  # unreadable (another key, another version): not provably the same
        recorded = None
    if recorded != line:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used for another request (another ticket, action or "
            "text); send a new key for a new request",
        )


def _request_id(request: web.Request, agent_id: int) -> str:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return uuid.uuid4().hex
    if not key.strip() or len(key) > MAX_KEY or not key.isprintable():
        raise ApiError(422, "invalid", f"Idempotency-Key: 1 to {MAX_KEY} printable characters")
    return hashlib.sha256(f"{agent_id}:{key}".encode()).hexdigest()[:48]
