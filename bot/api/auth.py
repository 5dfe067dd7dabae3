"""Who is calling: the bearer token of every /api/v1/ request, and what it may do.

A token acts as its agent (storage/queries/api_tokens.py:live_by_hash): a revoked token, or
one whose agent was removed, is no token. Reads need any live token; changes need the
"read-write" scope; supervisor-only things need a supervisor's token.
"""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.api.errors import CHALLENGE, INVALID_TOKEN, ApiError, Handler
from bot.api.tokens import MARK, MAX_LENGTH, token_hash
from handlers.services import Services
from storage.queries import api_tokens as tokens_q
from storage.queries.api_tokens import Bearer

SERVICES = web.AppKey("api_services", Services)
BEARER = web.RequestKey("api_bearer", Bearer)  # the caller's token, set by `bearer_auth`
# `last_used_at` is written at most this often per token: a busy client does not turn every
# read into a write (on SQLite, a turn at the one writer's lock).
USED_EVERY = timedelta(minutes=1)


@web.middleware
async def bearer_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuses (401) a request without a live token; otherwise runs it as the token."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(
            401, "unauthorized", "a bearer token is required", {"WWW-Authenticate": CHALLENGE}
        )
    services = request.app[SERVICES]
    bearer = None
    if token.startswith(MARK) and len(token) <= MAX_LENGTH:
        async with services.db.transaction() as session:
            bearer = await tokens_q.live_by_hash(session, token_hash(token))
            now = services.now()
            used = bearer.last_used_at if bearer is not None else None
            if bearer is not None and (used is None or now - used >= USED_EVERY):
                await tokens_q.mark_used(session, bearer.token_id, now)
    if bearer is None:
        raise ApiError(
            401,
            "invalid_token",
            "the token is unknown, revoked, or its agent was removed",
            {"WWW-Authenticate": INVALID_TOKEN},
        )
    request[BEARER] = bearer
    return await handler(request)


def caller(request: web.Request) -> Bearer:
    """The token the request came with (set by `bearer_auth`)."""
    return request[BEARER]


def require_write(bearer: Bearer) -> None:
    """Raises 403 unless the token may change things."""
    if bearer.scope != "read-write":
        raise ApiError(403, "insufficient_scope", "this token is read-only")


def is_supervisor(bearer: Bearer) -> bool:
    """Whether the token's agent is a supervisor (storage/models.py:Agent.role)."""
    return bearer.agent.role == "supervisor"


def require_supervisor(bearer: Bearer) -> None:
    """Raises 403 unless the token's agent is a supervisor."""
    if not is_supervisor(bearer):
        raise ApiError(403, "supervisor_only", "only a supervisor's token may do this")
