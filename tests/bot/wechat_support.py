"""WeChat test harness: the real aiohttp app on 127.0.0.1 with the WeChat channel, the fake
WeChat API, and users who send WeChat-signed requests (plain or safe mode)."""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from wechatpy.crypto import WeChatCrypto

from bot.app import App
from bot.channels.base import Handle
from bot.channels.wechat.channel import REPLY_DEADLINE, WeChatChannel
from bot.channels.wechat.signing import sign
from bot.channels.wechat.wxml import parse
from bot.server import HttpServer, create_web_app
from handlers.router import handle as router_handle
from tests.bot.fake_wechat import FakeWeChat, running
from tests.support import FakeClock, make_app

SAMPLES = Path(__file__).parent / "wechat_samples"
TOKEN = "wechat-test-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
ACCOUNT = "gh_test_account"
_msg_ids = itertools.count(7_000_000_000_000_000_001)


def sample(name: str, **values: str | int) -> str:
    """A documented sample with fields replaced (added when the sample has none)."""
    xml = (SAMPLES / f"{name}.xml").read_text(encoding="utf-8")
    for tag, value in values.items():
        text = str(value) if isinstance(value, int) else f"<![CDATA[{value}]]>"
        node = f"<{tag}>{text}</{tag}>"
        pattern = re.compile(rf"<{tag}>.*?</{tag}>", re.S)
        if pattern.search(xml):
            xml = pattern.sub(lambda _, node=node: node, xml)  # type: ignore[misc]
        else:
            xml = xml.replace("</xml>", f"  {node}\n</xml>")
    return xml


@dataclass
class Reply:
    status: int
    body: str
    content: str | None  # the passive reply's text, None for "success" or an error

    @property
    def success(self) -> bool:
        return self.status == 200 and self.body == "success"


@dataclass
class WeChatEnv:
    app: App
    channel: WeChatChannel
    fake: FakeWeChat
    url: str
    clock: FakeClock
    safe: bool
    http: aiohttp.ClientSession
    crypto: WeChatCrypto = field(init=False)

    def __post_init__(self) -> None:
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, self.fake.app_id)

    def query(self, **extra: str) -> dict[str, str]:
        timestamp = str(int(self.clock().timestamp()))
        nonce = uuid.uuid4().hex[:10]
        return {
            "signature": sign(TOKEN, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": "x",
            **extra,
        }

    async def post_raw(self, body: bytes, query: dict[str, str]) -> Reply:
        async with self.http.post(
            self.url, params=query, data=body, headers={"Content-Type": "text/xml"}
        ) as response:
            text = await response.text()
            return Reply(response.status, text, None)

    async def post(self, xml: str) -> Reply:
        query = self.query()
        body = xml.encode("utf-8")
        if self.safe:
            envelope = parse(
                self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"]).encode()
            )
            query.update(encrypt_type="aes", msg_signature=envelope["MsgSignature"])
            body = (
                f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
                f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
            ).encode()
        reply = await self.post_raw(body, query)
        if reply.status == 200 and reply.body not in ("success", ""):
            reply.content = self.read_reply(reply.body)
        return reply

    def read_reply(self, body: str) -> str:
        fields = parse(body.encode())
        if self.safe:
            assert "Encrypt" in fields, "a safe-mode request must get an encrypted reply"
            plain = self.crypto.decrypt_message(
                body, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]
            )
            fields = parse(plain.encode() if isinstance(plain, str) else plain)
        assert fields["MsgType"] == "text" and fields["FromUserName"] == ACCOUNT
        return fields["Content"]


@dataclass
class WeChatUser:
    env: WeChatEnv
    openid: str
    heard: list[str] = field(default_factory=list)

    async def send(self, name: str, **values: str | int) -> Reply:
        values.setdefault("MsgId", next(_msg_ids))
        if name.startswith("event"):
            values.pop("MsgId")
        values.setdefault("CreateTime", int(self.env.clock().timestamp()))
        xml = sample(name, ToUserName=ACCOUNT, FromUserName=self.openid, **values)
        reply = await self.env.post(xml)
        if reply.content:
            self.heard.append(reply.content)
        return reply

    async def say(self, text: str) -> str:
        reply = await self.send("text", Content=text)
        assert reply.status == 200, reply
        return reply.content or ""

    def pushes(self) -> list[str]:
        return self.env.fake.texts_to(self.openid)


@asynccontextmanager
async def wechat_env(
    tmp_path: Path,
    clock: FakeClock,
    *,
    backend: str = "sqlite",
    safe: bool = False,
    handle: Handle = router_handle,
    deadline: float = REPLY_DEADLINE,
    api_suffix: str = "",
    **env: str,
) -> AsyncIterator[WeChatEnv]:
    fake = FakeWeChat()
    async with running(fake):
        settings = {
            "WECHAT_TOKEN": TOKEN,
            "WECHAT_APP_ID": fake.app_id,
            "WECHAT_APP_SECRET": fake.secret,
            "WECHAT_API_BASE_URL": fake.url + api_suffix,
            **env,
        }
        if safe:
            settings["WECHAT_ENCODING_AES_KEY"] = AES_KEY
        async with make_app(backend, tmp_path / "data", clock, **settings) as app:
            channel = WeChatChannel(app.settings, app.services, handle, reply_deadline=deadline)
            # The project's own HTTP server (bot/server.py), as `complaint-bot serve` runs it.
            server = HttpServer(create_web_app(app.services, [channel]), "127.0.0.1", 0)
            await server.start()
            await channel.start()
            try:
                async with aiohttp.ClientSession() as http:
                    yield WeChatEnv(
                        app,
                        channel,
                        fake,
                        f"http://127.0.0.1:{server.port}/wechat",
                        clock,
                        safe,
                        http,
                    )
                await channel.idle()
            finally:
                await channel.stop()
                await server.stop()
