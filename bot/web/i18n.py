"""The console's language: the viewer's own choice (the `lang` cookie, set by `?lang=`), else
the browser's Accept-Language, else zh-CN. Texts come from the catalogue's [web] section."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from handlers.texts import DEFAULT_LOCALE, SUPPORTED, Texts, pick_locale

LANG_COOKIE = "console_lang"


def choose(request: web.Request) -> str:
    """The page's locale (one of handlers/texts.py:SUPPORTED)."""
    asked = request.query.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in SUPPORTED:
        return str(asked)
    header = request.headers.get("Accept-Language", "")
    for part in header.split(","):
        tag = part.split(";")[0].strip()
        if tag and tag != "*":
            return pick_locale(tag, DEFAULT_LOCALE)
    return DEFAULT_LOCALE


def texts(request: web.Request) -> Texts:
    """The catalogue bound to the page's locale."""
    return Texts(choose(request))


def remember(request: web.Request, response: web.StreamResponse) -> None:
    """Keeps a `?lang=` choice in a cookie, so the next pages stay in it."""
    asked = request.query.get("lang")
    if asked in SUPPORTED:
        response.set_cookie(
            LANG_COOKIE, str(asked), path="/console/", max_age=365 * 86400, samesite="Lax"
        )


def local_time(moment: datetime | None, tz: ZoneInfo) -> str:
    """ "YYYY-MM-DD HH:MM" in the business's zone; "" for none."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def static(name: str) -> str:
    """The URL of a file of bot/web/static/."""
    return f"/console/static/{name}"


def template_globals() -> dict[str, Any]:
    """Names every template may use."""
    return {"locales": SUPPORTED, "static": static}
