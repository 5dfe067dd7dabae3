"""Every documented message and event kind, posted signed to the real app, gets its answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Evidence, InboundMessage
from tests.bot.wechat_support import WeChatEnv, WeChatUser, wechat_env
from tests.support import FakeClock

JPEG = b"\xff\xd8\xff\xe0" + b"wechat-image" * 100


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    async with wechat_env(tmp_path, clock) as built:
        built.fake.media["media_id"] = (JPEG, "image/jpeg")
        built.fake.media["voice_id"] = (b"#!AMR\n" + b"0" * 200, "audio/amr")
        built.fake.media["video_id"] = (b"\x00\x00\x00\x18ftypmp42" + b"0" * 300, "video/mp4")
        yield built


async def evidence(env: WeChatEnv) -> list[Evidence]:
    async with env.app.db.transaction() as session:
        return list((await session.execute(select(Evidence))).scalars().all())


async def recorded(env: WeChatEnv) -> list[str]:
    async with env.app.db.transaction() as session:
        return list((await session.execute(select(InboundMessage.message_id))).scalars().all())


@pytest.mark.parametrize(
    ("name", "fields", "expected"),
    [
        ("text", {"Content": "你好"}, "投诉受理助手"),
        ("event_subscribe", {}, "投诉受理助手"),
        ("event_subscribe_scan", {}, "投诉受理助手"),
        ("event_scan", {}, "投诉受理助手"),
        ("event_click", {"EventKey": "COMPLAIN"}, "发生了什么"),
        ("event_click", {"EventKey": "STATUS"}, "没有投诉工单"),
        ("event_click", {"EventKey": "HELP"}, "/status"),
        ("event_view", {"EventKey": "查询进度"}, "没有投诉工单"),
        ("miniprogrampage", {}, "没有收到文字内容"),
        ("event_click", {"EventKey": "SOMETHING_ELSE"}, "没有收到文字内容"),
    ],
)
async def test_texts_and_events_get_the_core_answer(
    env: WeChatEnv, name: str, fields: dict[str, str], expected: str
) -> None:
    user = WeChatUser(env, f"o-{name}")
    reply = await user.send(name, **fields)
    assert reply.status == 200 and reply.content, reply
    assert expected in reply.content


@pytest.mark.parametrize("name", ["event_unsubscribe", "event_location", "event_view"])
async def test_silent_events_answer_success_and_record_nothing(env: WeChatEnv, name: str) -> None:
    reply = await WeChatUser(env, "o-silent").send(name)
    assert reply.success
    assert await recorded(env) == []


async def test_events_are_deduplicated_by_sender_time_and_event(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-event")
    first = await user.send("event_subscribe", CreateTime=1700000000)
    again = await user.send("event_subscribe", CreateTime=1700000000)
    # Recorded and handled once; the retry gets the same passive reply (docs/platforms.md).
    assert first.content and again.content == first.content
    assert await recorded(env) == ["ev:o-event:1700000000:subscribe"]


@pytest.mark.parametrize(
    ("name", "media_id", "kind", "mime"),
    [
        ("image", "media_id", "photo", "image/jpeg"),
        ("voice", "voice_id", "voice", "audio/amr"),
        ("video", "video_id", "video", "video/mp4"),
        ("shortvideo", "video_id", "video", "video/mp4"),
    ],
)
async def test_media_is_downloaded_at_once_as_evidence(
    env: WeChatEnv, name: str, media_id: str, kind: str, mime: str
) -> None:
    user = WeChatUser(env, f"o-{name}")
    await user.say("外卖送晚了一个小时，饭都凉了")
    reply = await user.send(name, MediaId=media_id)
    assert reply.content
    [item] = await evidence(env)
    assert item.kind == kind and item.mime == mime and item.file_ref == media_id
    assert item.path and item.path.startswith("evidence/wechat/")
    stored = env.app.services.data_dir / item.path
    assert stored.read_bytes() == env.fake.media[media_id][0]
    [download] = env.fake.of("/cgi-bin/media/get")
    assert download.query["media_id"] == media_id
    assert download.query["access_token"] in env.fake.valid_tokens


async def test_voice_recognition_is_the_message_text(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-voice-text")
    said = "我要投诉，快递把我的包裹弄丢了，一直没送到"
    reply = await user.send("voice", MediaId="voice_id", Recognition=said)
    # The recognised words were understood: intake moves on to the time.
    assert reply.content and "什么时候" in reply.content
    [item] = await evidence(env)
    assert item.kind == "voice" and env.app.services.vault.open(item.note_enc) == said


@pytest.mark.parametrize(
    ("name", "kind", "note"),
    [
        ("location", "location", "23.134521,113.358803 位置信息"),
        ("link", "link", "公众平台官网链接 公众平台官网链接 url"),
        ("file", "document", None),
    ],
)
async def test_location_link_and_file_become_evidence(
    env: WeChatEnv, name: str, kind: str, note: str | None
) -> None:
    user = WeChatUser(env, f"o-{name}")
    await user.say("外卖送晚了一个小时，饭都凉了")
    reply = await user.send(name)
    assert reply.content
    [item] = await evidence(env)
    assert item.kind == kind
    assert env.app.services.vault.open(item.note_enc) == note
    if name == "file":
        assert item.original_name == "订单截图.pdf" and item.size == 4523


async def test_a_media_id_wechat_no_longer_has_is_kept_by_reference(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-expired")
    await user.say("外卖送晚了一个小时，饭都凉了")
    assert (await user.send("image", MediaId="expired")).content
    [item] = await evidence(env)
    assert item.path is None and item.file_ref == "expired"


async def test_the_channel_is_off_without_a_token(env: WeChatEnv) -> None:
    from bot.app import CHANNELS
    from handlers.router import handle

    wechat = CHANNELS["wechat"]
    settings = env.app.settings
    off = settings.model_copy(update={"WECHAT_TOKEN": None})
    assert wechat.from_settings(off, env.app.services, handle) is None
    running = wechat.from_settings(settings, env.app.services, handle)
    assert running is not None and running.name == "wechat"
    assert len(running.routes()) == 2
    await running.stop()
