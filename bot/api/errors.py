"""Errors of the REST API as JSON: `{"error": {"code": ..., "message": ...}}` with the
right status. The messages are for the developer calling the API (English, stable codes);
what an agent reads (a command's answers) comes from the locale catalogue."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

log = logging.getLogger(__name__)

# 401 answers carry the challenge RFC 6750 asks for.
CHALLENGE = 'Bearer realm="complaint-bot"'
INVALID_TOKEN = CHALLENGE + ', error="invalid_token"'

# The code for each status aiohttp itself raises (unknown route, wrong method, too large).
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
}


class ApiError(Exception):
    """An answer other than success: its HTTP status, a stable code and a message."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def response(self) -> web.Response:
        """The JSON answer for this error."""
        return error_response(self.status, self.code, self.message, self.headers)


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> web.Response:
    """`{"error": {"code": code, "message": message}}` with `status` and `headers`."""
    body = {"error": {"code": code, "message": message}}
    return web.json_response(body, status=status, headers=headers)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every refusal under /api/v1/ as JSON, aiohttp's own (404, 405, 413) included."""
    try:
        return await handler(request)
    except ApiError as error:
        return error.response()
    except web.HTTPException as http:
        if http.status < 400:
            raise
        headers = {k: v for k, v in http.headers.items() if k in ("Allow", "WWW-Authenticate")}
        code = _CODES.get(http.status, "error")
        return error_response(http.status, code, http.reason, headers)
    except Exception:
        # Logged with its trace here; the caller learns only that it failed (no internals).
        log.exception("api: %s %s failed", request.method, request.path)
        return error_response(500, "internal", "the request failed; it is logged")
