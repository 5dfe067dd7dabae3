"""The server URL refuses whatever is not a fresh, signed, small, plain WeChat message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import InboundMessage
from tests.bot.wechat_support import ACCOUNT, WeChatEnv, sample, wechat_env
from tests.support import FakeClock


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    async with wechat_env(tmp_path, clock) as built:
        yield built


async def inbound_count(env: WeChatEnv) -> int:
    async with env.app.db.transaction() as session:
        return int(
            (await session.execute(select(func.count()).select_from(InboundMessage))).scalar_one()
        )


def text_xml(content: str = "你好") -> bytes:
    return sample("text", ToUserName=ACCOUNT, FromUserName="o-sec", Content=content).encode()


async def test_url_check_answers_echostr_only_when_signed(env: WeChatEnv) -> None:
    async with env.http.get(env.url, params=env.query(echostr="E123")) as response:
        assert response.status == 200 and await response.text() == "E123"
    bad = env.query(echostr="E123")
    bad["signature"] = "0" * 40
    async with env.http.get(env.url, params=bad) as response:
        assert response.status == 403


@pytest.mark.parametrize("change", ["wrong", "missing", "stale", "replayed", "nonce_changed"])
async def test_unsigned_stale_or_replayed_requests_get_403_and_touch_nothing(
    env: WeChatEnv, change: str
) -> None:
    query = env.query()
    if change == "wrong":
        query["signature"] = "f" * 40
    elif change == "missing":
        del query["signature"]
    elif change == "stale":
        old = str(int(env.clock().timestamp()) - 301)
        query = env.query()
        query.update(timestamp=old)
        from bot.channels.wechat.signing import sign

        query["signature"] = sign("wechat-test-token", old, query["nonce"])
    elif change == "replayed":
        first = await env.post_raw(text_xml(), query)
        assert first.status == 200
    elif change == "nonce_changed":
        query["nonce"] = query["nonce"] + "x"
    before = await inbound_count(env)
    started = time.perf_counter()
    reply = await env.post_raw(text_xml("这条不该被处理"), query)
    assert reply.status == 403
    assert time.perf_counter() - started < 0.5
    assert await inbound_count(env) == before


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>
<Content>&lol3;</Content><MsgId>1</MsgId></xml>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>
<Content>&xxe;</Content><MsgId>2</MsgId></xml>"""
EXTERNAL_DTD = b"""<!DOCTYPE xml SYSTEM "http://127.0.0.1:9/evil.dtd">
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>
<Content>x</Content><MsgId>3</MsgId></xml>"""
UTF16 = "<xml><FromUserName>b</FromUserName><MsgType>text</MsgType></xml>".encode("utf-16")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (BILLION_LAUGHS, 400),
        (XXE, 400),
        (EXTERNAL_DTD, 400),
        (UTF16, 400),
        (b"<xml><Content>unclosed", 400),
        (b"not xml at all", 400),
        (b"", 400),
        (b"<other><a>1</a></other>", 400),
        (b"<xml><Content>no sender</Content></xml>", 400),
        (b"<xml><MsgType>text</MsgType>" + b"<Content>" + b"x" * 70_000 + b"</Content></xml>", 413),
    ],
)
async def test_bad_bodies_are_refused_fast_and_nothing_is_written(
    env: WeChatEnv, body: bytes, status: int
) -> None:
    started = time.perf_counter()
    reply = await env.post_raw(body, env.query())
    assert reply.status == status
    assert time.perf_counter() - started < 0.5
    assert await inbound_count(env) == 0
    assert env.fake.calls == []


async def test_safe_mode_request_without_key_or_with_bad_msg_signature_is_refused(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock, safe=True) as env:
        query = env.query(encrypt_type="aes", msg_signature="0" * 40)
        body = b"<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[AAAA]]></Encrypt></xml>"
        assert (await env.post_raw(body, query)).status == 403
        assert await inbound_count(env) == 0


async def test_a_chunked_oversized_body_is_refused(env: WeChatEnv) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        yield b"<xml><MsgType>text</MsgType><Content>"
        for _ in range(20):
            yield b"x" * 8192
        yield b"</Content></xml>"

    async with env.http.post(env.url, params=env.query(), data=chunks()) as response:
        assert response.status == 413
    assert await inbound_count(env) == 0
