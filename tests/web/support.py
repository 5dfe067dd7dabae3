"""The web console under test: the real aiohttp server on 127.0.0.1 (aiohttp's TestServer)
over the `app` fixture, and a browser-like client that signs in with a link from `/web`."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App
from bot.server import create_web_app
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, photo, tickets

__all__ = ["Inboxes", "add_agent", "deliver_all", "file_complaint", "photo", "tickets"]

TOKEN = re.compile(r"/console/signin\?token=([A-Za-z0-9_-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
NONCE = re.compile(r'name="nonce" value="([^"]+)"')


@asynccontextmanager
async def console(app: App) -> AsyncIterator[TestClient[object, object]]:
    """A client of the whole HTTP server (console mounted) on a free loopback port."""
    server = TestServer(create_web_app(app.services, settings=app.settings), host="127.0.0.1")
    client: TestClient[object, object] = TestClient(server)
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def link_token(app: App, user_id: str) -> str:
    """The token of a sign-in link the agent `user_id` gets by sending /web in their chat."""
    answer = await Person(app, user_id).say("/web")
    found = TOKEN.search(answer)
    assert found, answer
    return found.group(1)


async def sign_in(client: TestClient[object, object], token: str) -> ClientResponse:
    """Opens the link's page and presses its button, as a browser does."""
    page = await client.get("/console/signin", params={"token": token})
    html = await page.text()
    pre = CSRF.search(html)
    value = pre.group(1) if pre else ""
    # The cookie the page set, sent as a browser sends it (a Secure one, with an https
    # PUBLIC_URL, would not go back over the test's plain http otherwise).
    return await client.post(
        "/console/signin",
        data={"token": token, "csrf": value},
        cookies={"console_pre": value} if value else None,
        allow_redirects=False,
    )


async def signed_in(app: App, client: TestClient[object, object], user_id: str) -> None:
    """Signs `client` in as the agent `user_id` (asserts it worked)."""
    answer = await sign_in(client, await link_token(app, user_id))
    assert answer.status == 303, await answer.text()


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html
    return found.group(1)


def nonce_of(html: str) -> str:
    found = NONCE.search(html)
    assert found, html
    return found.group(1)
