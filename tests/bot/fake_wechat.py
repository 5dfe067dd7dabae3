"""A fake WeChat API on 127.0.0.1 that records every call (no test reaches the internet).

Speaks the endpoints the channel uses: token, customer-service send, template send, media
upload and download, menu create. Tests can make the current token invalid (40001), queue
errcodes for the next sends, and close or open a user's window.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any  # parsed JSON, or the upload's bytes


@dataclass
class FakeWeChat:
    app_id: str = "wx-test-app"
    secret: str = "test-secret"
    calls: list[Call] = field(default_factory=list)
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # media_id -> data, mime
    closed_users: set[str] = field(default_factory=set)  # 45015 for these openids
    send_errors: list[int] = field(default_factory=list)  # errcodes for the next sends
    # A fault burst (bench/bench_faults.py): until this monotonic time, customer-service
    # sends answer `outage_answer`: an HTTP status >= 500, or errcode -1 ("system busy",
    # WeChat's way of saying "too many requests, try again").
    outage_until: float = 0.0
    outage_answer: int = 502
    valid_tokens: set[str] = field(default_factory=set)
    token_answer: dict[str, Any] | None = None  # set: /cgi-bin/token answers this instead
    url: str = ""
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # --- what tests read -------------------------------------------------------------------
    def of(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    @property
    def token_fetches(self) -> int:
        return len(self.of("/cgi-bin/token"))

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Customer-service messages WeChat accepted, in order."""
        return [c.body for c in self.of("/cgi-bin/message/custom/send") if c.query.get("ok")]

    def texts_to(self, openid: str) -> list[str]:
        return [
            m["text"]["content"]
            for m in self.sent
            if m["touser"] == openid and m["msgtype"] == "text"
        ]

    @property
    def templates(self) -> list[dict[str, Any]]:
        return [c.body for c in self.of("/cgi-bin/message/template/send") if c.query.get("ok")]

    def outage(self, seconds: float, answer: int = 502) -> None:
        """For `seconds`, every customer-service send fails: HTTP `answer` when >= 500, else
        errcode `answer` (e.g. -1, system busy)."""
        self.outage_until = time.monotonic() + seconds
        self.outage_answer = answer

    def invalidate_tokens(self) -> None:
        self.valid_tokens.clear()

    # --- the endpoints ---------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/message/custom/send", self._custom)
        app.router.add_post("/cgi-bin/message/template/send", self._template)
        app.router.add_get("/cgi-bin/media/get", self._media_get)
        app.router.add_post("/cgi-bin/media/upload", self._media_upload)
        app.router.add_post("/cgi-bin/menu/create", self._menu)
        app.router.add_get("/cgi-bin/get_api_domain_ip", self._domain_ip)
        return app

    async def _record(self, request: web.Request, body: Any) -> Call:
        call = Call(request.method, request.path, dict(request.query), body)
        self.calls.append(call)
        return call

    def _bad_token(self, request: web.Request) -> web.Response | None:
        if request.query.get("access_token") not in self.valid_tokens:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        return None

    async def _token(self, request: web.Request) -> web.Response:
        await self._record(request, None)
        query = request.query
        if query.get("appid") != self.app_id or query.get("secret") != self.secret:
            return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
        if self.token_answer is not None:
            return web.json_response(self.token_answer)
        token = f"TOKEN-{next(self._numbers)}"
        # A new token invalidates the old ones (WeChat keeps a short overlap; we keep none).
        self.valid_tokens = {token}
        return web.json_response({"access_token": token, "expires_in": 7200})

    async def _json_call(self, request: web.Request) -> tuple[Call, web.Response | None]:
        body = json.loads(await request.read())
        call = await self._record(request, body)
        return call, self._bad_token(request)

    async def _custom(self, request: web.Request) -> web.Response:
        call, refused = await self._json_call(request)
        if refused:
            return refused
        if time.monotonic() < self.outage_until:
            if self.outage_answer >= 500:
                return web.Response(status=self.outage_answer, text="Bad Gateway")
            return web.json_response({"errcode": self.outage_answer, "errmsg": "system busy"})
        if self.send_errors:
            code = self.send_errors.pop(0)
            return web.json_response({"errcode": code, "errmsg": f"fake error {code}"})
        if call.body.get("touser") in self.closed_users:
            return web.json_response({"errcode": 45015, "errmsg": "response out of time limit"})
        call.query["ok"] = "1"
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _template(self, request: web.Request) -> web.Response:
        call, refused = await self._json_call(request)
        if refused:
            return refused
        call.query["ok"] = "1"
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": next(self._numbers)})

    async def _menu(self, request: web.Request) -> web.Response:
        call, refused = await self._json_call(request)
        if refused:
            return refused
        call.query["ok"] = "1"
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _domain_ip(self, request: web.Request) -> web.Response:
        await self._record(request, None)
        refused = self._bad_token(request)
        if refused:
            return refused
        return web.json_response({"ip_list": ["101.226.103.0/25", "101.226.233.128/25"]})

    async def _media_get(self, request: web.Request) -> web.Response:
        await self._record(request, None)
        refused = self._bad_token(request)
        if refused:
            return refused
        found = self.media.get(request.query.get("media_id", ""))
        if found is None:
            return web.json_response({"errcode": 40007, "errmsg": "invalid media_id"})
        content, mime = found
        return web.Response(
            body=content,
            content_type=mime,
            headers={"Content-Disposition": 'attachment; filename="MEDIA.jpg"'},
        )

    async def _media_upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("media")
        content = upload.file.read() if isinstance(upload, web.FileField) else b""
        await self._record(request, content)
        refused = self._bad_token(request)
        if refused:
            return refused
        media_id = f"UPLOADED-{next(self._numbers)}"
        self.media[media_id] = (content, "image/jpeg")
        return web.json_response({"type": "image", "media_id": media_id, "created_at": 1})


@asynccontextmanager
async def running(fake: FakeWeChat) -> AsyncIterator[FakeWeChat]:
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()
