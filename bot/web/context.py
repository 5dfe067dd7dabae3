"""What every console handler shares: the app keys, the settings it reads, the signed-in
viewer and the page renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.settings import Settings
from bot.web import i18n
from handlers.services import Services
from handlers.texts import Texts
from storage.models import Agent


@dataclass(frozen=True)
class ConsoleConfig:
    """The console's settings: session lifetime, whether cookies are Secure (https)."""

    session_lifetime: timedelta
    secure_cookies: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> ConsoleConfig:
        return cls(
            session_lifetime=timedelta(hours=settings.WEB_SESSION_HOURS),
            secure_cookies=settings.public_url.startswith("https://"),
        )


SERVICES = web.AppKey("console_services", Services)
CONFIG = web.AppKey("console_config", ConsoleConfig)


@dataclass
class Viewer:
    """The signed-in agent of a request: their row, session, CSRF token and language."""

    agent: Agent
    session_id: int
    csrf: str
    t: Texts
    flash: list[str] = field(default_factory=list)

    @property
    def is_supervisor(self) -> bool:
        """Supervisors see everything whole and may use the supervisors' pages and actions."""
        return self.agent.role == "supervisor"


VIEWER = web.RequestKey("console_viewer", Viewer)


def viewer(request: web.Request) -> Viewer:
    """The request's signed-in viewer (the middleware put it there; every non-public route
    has one)."""
    found: Viewer | None = request.get(VIEWER)
    if found is None:
        raise web.HTTPUnauthorized()
    return found


def render(
    request: web.Request, template: str, t: Texts, status: int = 200, **values: Any
) -> web.Response:
    """The page `template` with `t` (the catalogue in the viewer's language) and `values`."""
    context = {
        "t": t,
        "locale": t.locale,
        "viewer": request.get(VIEWER),
        "hide_nav": False,
        **values,
    }
    response = aiohttp_jinja2.render_template(template, request, context, status=status)
    i18n.remember(request, response)  # a `?lang=` choice outlives the page
    return response


def message_page(
    request: web.Request, t: Texts, title: str, message: str, status: int = 200, **values: Any
) -> web.Response:
    """The one-message page (a refusal, a sign-in hint, "signed out"): `title` and `message`
    are catalogue keys, said in the viewer's language."""
    return render(
        request, "message.html", t, status=status, title=t(title), message=t(message), **values
    )
