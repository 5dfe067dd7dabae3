"""The supervisors' web console under /console/ (issue 14): server-rendered pages over the
same services as the chat, on the one HTTP server (bot/server.py).

- bot/web/auth.py: one-time sign-in links (`/web`, `web-link`) -> sessions (cookie), CSRF,
  the middleware every console route passes;
- bot/web/pages.py: the queue, a ticket (timeline, evidence, action forms), its evidence files;
- bot/web/reports.py: the monthly report page (supervisors) and the search page.

Actions go through handlers/agent_actions.py:act, the chat's own handlers; nothing here
re-implements a command.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.settings import Settings
from bot.web import auth, pages, reports
from bot.web.context import CONFIG, SERVICES, ConsoleConfig
from bot.web.i18n import template_globals
from handlers.services import Services

HERE = Path(__file__).parent
STATIC = HERE / "static"


def mount(parent: web.Application, services: Services, settings: Settings) -> None:
    """Adds the console as a sub-application at /console/ of `parent`."""
    console = web.Application(middlewares=[auth.require_session])
    console.on_response_prepare.append(auth.security_headers)
    console[SERVICES] = services
    console[CONFIG] = ConsoleConfig.from_settings(settings)
    environment = aiohttp_jinja2.setup(
        console,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals.update(template_globals())
    console.router.add_get("/", pages.home, name="home")
    auth.add_routes(console)
    pages.add_routes(console)
    reports.add_routes(console)
    console.router.add_static("/static/", STATIC, name="static", append_version=True)
    parent.add_subapp("/console/", console)
