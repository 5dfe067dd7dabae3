"""The REST API on a real port on 127.0.0.1, and tokens made as `api-tokens create` makes them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from sqlalchemy import select

from bot.api.tokens import new_token, prefix, token_hash
from bot.app import App
from bot.server import HttpServer, create_web_app
from handlers.services import Services
from storage.models import Agent
from storage.queries import api_tokens as tokens_q


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class Api:
    """A client of one running server."""

    base: str
    http: aiohttp.ClientSession

    async def call(
        self,
        method: str,
        path: str,
        token: str | None,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        async with self.http.request(
            method, f"{self.base}/api/v1{path}", json=json, data=data, headers=sent
        ) as response:
            body = await response.json(content_type=None)
            return Answer(response.status, body, dict(response.headers))

    async def get(self, path: str, token: str | None, **params: str) -> Answer:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return await self.call("GET", f"{path}?{query}" if query else path, token)

    async def act(
        self, number: str, token: str | None, body: Any, key: str | None = None
    ) -> Answer:
        headers = {"Idempotency-Key": key} if key else None
        return await self.call(
            "POST", f"/tickets/{number}/actions", token, json=body, headers=headers
        )


@asynccontextmanager
async def serving(services: Services) -> AsyncIterator[Api]:
    server = HttpServer(create_web_app(services), "127.0.0.1", 0)
    await server.start()
    try:
        async with aiohttp.ClientSession() as http:
            yield Api(f"http://127.0.0.1:{server.port}", http)
    finally:
        await server.stop()


async def agent_row(app: App, user_id: str) -> Agent:
    async with app.db.transaction() as session:
        found = await session.execute(select(Agent).where(Agent.user_id == user_id))  # type: ignore[arg-type]
        return found.scalar_one()


async def make_token(app: App, user_id: str, scope: str = "read-write") -> str:
    """A token for the agent `user_id`, stored as the CLI stores it."""
    agent = await agent_row(app, user_id)
    token = new_token()
    async with app.db.transaction() as session:
        await tokens_q.create(
            session,
            agent_id=agent.id or 0,
            scope=scope,
            name=None,
            token_hash=token_hash(token),
            prefix=prefix(token),
            now=app.services.now(),
        )
    return token
