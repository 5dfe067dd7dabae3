"""The REST API's application under /api/v1/ (issue 14; docs/architecture.md, "The REST API").

A sub-application of the one HTTP server (bot/server.py:create_web_app): its middlewares
turn every refusal into JSON and require a bearer token on every route, the OpenAPI document
included. Its routes read through storage/queries/ and act through
handlers/agent_actions.py:act, never around the handlers.
"""

from __future__ import annotations

from aiohttp import web

from bot.api import actions, openapi, reports, tickets
from bot.api.auth import SERVICES, bearer_auth
from bot.api.errors import json_errors
from handlers.services import Services

PREFIX = "/api/v1"


def create_api_app(services: Services) -> web.Application:
    """The /api/v1 sub-application over `services`; mount it with `add_subapp(PREFIX, …)`."""
    api = web.Application(middlewares=[json_errors, bearer_auth])
    api[SERVICES] = services
    api.router.add_get("/tickets", tickets.list_tickets)
    api.router.add_get("/tickets/{number}", tickets.show_ticket)
    api.router.add_post("/tickets/{number}/actions", actions.run_action)
    api.router.add_get("/reports/monthly", reports.monthly)
    api.router.add_get("/openapi.json", openapi.document)
    return api
