"""Signing in to the console, sessions and CSRF (issue 14 item 1).

- A link from `/web` or `web-link` (handlers/web_links.py) opens GET /console/signin?token=,
  which only shows a button: chat apps fetch links for their previews, and a GET must not
  use up a one-time link. The button POSTs the token with a pre-session CSRF value (a
  cookie the GET set, echoed in the form); the link is used (once, unexpired, active agent)
  and a session opens: a random token in an HttpOnly, SameSite=Lax cookie (Secure when
  PUBLIC_URL is https), its sha256 in `web_sessions`, for WEB_SESSION_HOURS.
- Every other console route needs a live session (else 401 and a page saying how to sign
  in, never content); every POST carries the session's CSRF token (HMAC of the session's
  token, so it is per session and stored nowhere), else 403.
- POST /console/logout ends the session. A removed agent's sessions stop at once
  (storage/queries/web_auth.py:signed_in checks the agent is active).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.web import i18n
from bot.web.context import CONFIG, SERVICES, VIEWER, Viewer, message_page, render
from handlers.web_links import new_token, token_hash
from storage.queries import web_auth

SESSION_COOKIE = "console_session"
PRE_COOKIE = "console_pre"  # the sign-in form's CSRF value, before there is a session
CSRF_FIELD = "csrf"
PUBLIC_ROUTES = frozenset({"signin", "signin_post", "static", "font_css", "font_file"})
CACHEABLE = frozenset({"static", "font_css", "font_file"})  # nothing personal
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# No scripts at all, styles, images and fonts from the console itself; no framing.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def csrf_of(session_token: str) -> str:
    """The session's CSRF token: an HMAC of the session's own token (never stored)."""
    return hmac.new(session_token.encode(), b"console-csrf", hashlib.sha256).hexdigest()


def add_routes(app: web.Application) -> None:
    app.router.add_get("/signin", signin_page, name="signin")
    app.router.add_post("/signin", signin, name="signin_post")
    app.router.add_post("/logout", logout, name="logout")


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Headers on every console answer, added as it is prepared (so streamed and file
    answers get them too): no caching of pages, no sniffing, no referrer (a sign-in link's
    token must not leak), no framing, the content security policy above."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if request.match_info.route.name not in CACHEABLE:
        response.headers["Cache-Control"] = "no-store"


@web.middleware
async def require_session(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Public routes pass; every other one needs a live session, and a POST its CSRF token."""
    route = request.match_info.route.name
    if route in PUBLIC_ROUTES or request.match_info.http_exception is not None:
        return await handler(request)
    t = i18n.texts(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    services = request.app[SERVICES]
    signed = None
    if token:
        async with services.db.transaction() as session:
            signed = await web_auth.signed_in(session, token_hash(token), services.clock())
            flash: list[str] = []
            if signed is not None and signed.flash_enc and request.method == "GET":
                flash = list(services.vault.open_json(signed.flash_enc, []) or [])
                await web_auth.set_flash(session, signed.session_id, None)
    if signed is None:
        return message_page(request, t, "web.signin_needed_title", "web.signin_needed", status=401)
    viewer = Viewer(signed.agent, signed.session_id, csrf_of(token), t, flash)
    if request.method == "POST":
        form = await request.post()
        sent = str(form.get(CSRF_FIELD, ""))
        if not hmac.compare_digest(sent.encode(), viewer.csrf.encode()):
            return message_page(request, t, "web.forbidden_title", "web.csrf_refused", status=403)
    request[VIEWER] = viewer
    return await handler(request)


async def signin_page(request: web.Request) -> web.StreamResponse:
    """The link's page: says whether the link still works and offers the sign-in button."""
    t = i18n.texts(request)
    token = request.query.get("token", "")
    services = request.app[SERVICES]
    state = "unknown"
    if token:
        async with services.db.transaction() as session:
            state = await web_auth.link_state(session, token_hash(token), services.clock())
    if state != "valid":
        return message_page(request, t, "web.signin_title", f"web.link_{state}", status=403)
    pre = secrets.token_urlsafe(16)
    response = render(request, "signin.html", t, token=token, pre=pre)
    response.set_cookie(
        PRE_COOKIE,
        pre,
        path="/console/",
        httponly=True,
        samesite="Strict",
        secure=request.app[CONFIG].secure_cookies,
        max_age=3600,
    )
    return response


async def signin(request: web.Request) -> web.StreamResponse:
    """Uses the link (once) and opens the session; a used, expired or unknown link, or a
    form without the pre-session CSRF value, is refused (403) and opens nothing."""
    t = i18n.texts(request)
    form = await request.post()
    pre_cookie = request.cookies.get(PRE_COOKIE, "")
    pre_form = str(form.get(CSRF_FIELD, ""))
    if not pre_cookie or not hmac.compare_digest(pre_cookie.encode(), pre_form.encode()):
        return message_page(request, t, "web.forbidden_title", "web.csrf_refused", status=403)
    services, config = request.app[SERVICES], request.app[CONFIG]
    now = services.clock()
    session_token = new_token()
    async with services.db.transaction() as session:
        agent = await web_auth.use_link(session, token_hash(str(form.get("token", ""))), now)
        if agent is not None:
            await web_auth.add_session(
                session,
                token_hash(session_token),
                agent.id or 0,
                now=now,
                expires_at=now + config.session_lifetime,
            )
    if agent is None:
        return message_page(request, t, "web.signin_title", "web.link_refused", status=403)
    response = web.HTTPSeeOther(request.app.router["queue"].url_for())
    response.set_cookie(
        SESSION_COOKIE,
        session_token,
        path="/console/",
        httponly=True,
        samesite="Lax",
        secure=config.secure_cookies,
        max_age=int(config.session_lifetime.total_seconds()),
    )
    response.del_cookie(PRE_COOKIE, path="/console/")
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """Ends the session and forgets its cookie."""
    services = request.app[SERVICES]
    viewer = request[VIEWER]
    async with services.db.transaction() as session:
        await web_auth.end_session(session, viewer.session_id, services.clock())
    response = message_page(
        request, viewer.t, "web.signed_out_title", "web.signed_out", hide_nav=True
    )
    response.del_cookie(SESSION_COOKIE, path="/console/")
    return response
