"""Hostile but honest WeChat input (issue 10 item 3): what WeChat really sends is read, never
refused or dropped; what is not from WeChat is refused and writes nothing."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Evidence, InboundMessage
from tests.bot.wechat_support import ACCOUNT, WeChatEnv, WeChatUser, sample, wechat_env
from tests.support import BACKENDS, FakeClock

JPEG = b"\xff\xd8\xff\xe0" + b"wechat-image" * 100
UNKNOWN_COMMAND = "不认识这个命令"


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    async with wechat_env(tmp_path, clock, backend=request.param) as built:
        yield built


async def recorded_texts(env: WeChatEnv) -> list[str]:
    async with env.app.db.transaction() as session:
        rows = (await session.execute(select(InboundMessage))).scalars().all()
    vault = env.app.services.vault
    return [vault.open_json(row.body_enc)["text"] for row in rows]


@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
async def test_a_control_character_after_nihao_is_dropped_not_refused(
    tmp_path: Path, clock: FakeClock, safe: bool
) -> None:
    async with wechat_env(tmp_path, clock, safe=safe) as env:
        reply = await WeChatUser(env, "o-ctrl").send("text", Content="你好\x1d")
        assert reply.status == 200 and reply.content, reply
        assert "投诉受理助手" in reply.content  # answered like "你好"
        assert await recorded_texts(env) == ["你好"]


async def test_a_face_code_opening_a_complaint_is_an_emoji_and_the_story_is_kept(
    env: WeChatEnv,
) -> None:
    user = WeChatUser(env, "o-face")
    answer = await user.say("/::<朝阳门店买的空调坏了")
    assert UNKNOWN_COMMAND not in answer
    assert await recorded_texts(env) == ["😭朝阳门店买的空调坏了"]


async def test_a_face_code_before_the_time_answers_the_time_question(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-face-time")
    asked = await user.say(
        "我叫王芳，手机13812345678。在你们朝阳门店买的空调，收到就坏了，"
        "订单号2024042800123，要求退货退款"
    )
    assert "什么时候" in asked
    answer = await user.say("/::@ 昨天下午")
    assert UNKNOWN_COMMAND not in answer and "什么时候" not in answer
    summary = await user.say("暂无")  # no evidence: the summary to confirm follows
    assert "昨天" in summary  # the time as the customer said it


@pytest.mark.parametrize(
    "event",
    [
        "kf_close_session",
        "MASSSENDJOBFINISH",
        "scancode_waitmsg",
        "kf_create_session",
        "something_new",
    ],
)
async def test_system_and_unknown_events_are_silent(env: WeChatEnv, event: str) -> None:
    reply = await WeChatUser(env, "o-events").send("event_click", Event=event)
    assert reply.success
    assert env.fake.sent == [] and await recorded_texts(env) == []


async def test_a_scanned_code_is_the_customers_text(env: WeChatEnv) -> None:
    xml = sample(
        "event_click",
        ToUserName=ACCOUNT,
        FromUserName="o-scan",
        CreateTime=int(env.clock().timestamp()),
        Event="scancode_waitmsg",
        EventKey="SCAN",
    ).replace(
        "</xml>",
        "<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>"
        "<ScanResult><![CDATA[2024042800123]]></ScanResult></ScanCodeInfo></xml>",
    )
    reply = await env.post(xml)
    assert reply.status == 200
    assert await recorded_texts(env) == ["2024042800123"]


async def test_a_message_without_to_user_name_is_refused_and_writes_nothing(
    env: WeChatEnv,
) -> None:
    xml = sample(
        "text",
        FromUserName="o-forged",
        Content="我要投诉",
        MsgId=42,
        CreateTime=int(env.clock().timestamp()),
    )
    xml = re.sub(r"\s*<ToUserName>.*?</ToUserName>", "", xml)
    reply = await env.post(xml)
    assert reply.status == 400 and "ToUserName" in reply.body
    assert await recorded_texts(env) == []


async def test_the_api_base_url_may_end_in_cgi_bin(tmp_path: Path, clock: FakeClock) -> None:
    async with wechat_env(tmp_path, clock, api_suffix="/cgi-bin/") as env:
        env.fake.media["media_id"] = (JPEG, "image/jpeg")
        reply = await WeChatUser(env, "o-base").send("image", MediaId="media_id")
        assert reply.status == 200
        assert env.fake.token_fetches == 1 and env.fake.of("/cgi-bin/media/get")
        async with env.app.db.transaction() as session:
            stored = (await session.execute(select(Evidence))).scalars().all()
        assert [e.path is not None for e in stored] == [True]


async def test_a_token_answer_without_a_token_keeps_the_image_by_reference(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        env.fake.token_answer = {"expires_in": 7200}  # a gateway answering nonsense
        reply = await WeChatUser(env, "o-token").send("image", MediaId="media_id")
        assert reply.status == 200 and reply.content  # the customer is answered
        async with env.app.db.transaction() as session:
            stored = (await session.execute(select(Evidence))).scalars().all()
        assert [(e.path, e.file_ref) for e in stored] == [(None, "media_id")]
    assert any("media_id not downloaded" in r.getMessage() for r in caplog.records)


async def test_an_unexpected_error_before_the_router_is_logged_with_ids_and_kept(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        env.fake.media["media_id"] = (JPEG, "image/jpeg")
        # The evidence folder cannot be created: a file stands where it should be.
        (env.app.settings.data_dir / "evidence").write_text("not a folder")
        with caplog.at_level(logging.ERROR):
            reply = await WeChatUser(env, "o-disk").send("image", MediaId="media_id")
        assert reply.status == 200 and reply.content
        async with env.app.db.transaction() as session:
            kept = (await session.execute(select(InboundMessage))).scalars().all()
        assert len(kept) == 1
    lines = [r for r in caplog.records if "not fetched" in r.getMessage()]
    assert lines and "o-disk" in lines[0].getMessage()
    assert kept[0].message_id in lines[0].getMessage()


def test_every_wechat_face_code_reads_as_an_emoji() -> None:
    from bot.channels.wechat.faces import FACES, faces_as_emoji

    assert len(FACES) == 105  # WeChat's classic face panel
    for code in FACES:
        read = faces_as_emoji(code + "朝阳门店")
        assert not read.startswith("/") and read.endswith("朝阳门店"), code
    assert faces_as_emoji("http://example.com/a:b") == "http://example.com/a:b"
