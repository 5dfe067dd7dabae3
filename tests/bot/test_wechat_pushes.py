"""Pushes: customer-service messages within the user's window and budget, templates or
undeliverable outside it; the shared access token."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.channels.base import DeliveryError
from bot.channels.wechat.channel import WeChatChannel
from bot.channels.wechat.tokens import TOKEN_KEY
from bot.outbox import Dispatcher
from handlers.messages import Choice, Inbound, Outbound
from handlers.router import handle as router_handle
from handlers.services import Services
from handlers.turn import PRIORITY
from storage.models import OutboxMessage, SharedValue
from tests.bot.wechat_support import WeChatEnv, WeChatUser, wechat_env
from tests.support import BACKENDS, FakeClock


def push(openid: str, text: str, kind: str = "progress", **extra: object) -> Outbound:
    return Outbound("wechat", openid, text, kind=kind, ticket_number="CP20261122001", **extra)  # type: ignore[arg-type]


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    async with wechat_env(tmp_path, clock) as built:
        yield built


async def rows(env: WeChatEnv) -> list[OutboxMessage]:
    async with env.app.db.transaction() as session:
        return list(
            (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id)))
            .scalars()
            .all()
        )


async def add_row(env: WeChatEnv, message: Outbound, status: str = "pending") -> None:
    services = env.app.services
    async with services.db.transaction() as session:
        session.add(
            OutboxMessage(
                channel="wechat",
                user_id=message.user_id,
                kind=message.kind,
                priority=PRIORITY.get(message.kind, 0),
                payload_enc=services.vault.seal_json(message.to_json()),
                status=status,
                next_attempt_at=services.clock(),
                created_at=services.clock(),
            )
        )


async def test_pushes_spend_the_budget_on_results_and_surveys_first(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-budget")
    await user.say("你好")  # opens the 48-hour window: 5 messages
    for number in range(3):
        await env.channel.deliver(push("o-budget", f"进展{number}"))
    with pytest.raises(DeliveryError) as refused:
        await env.channel.deliver(push("o-budget", "进展3"))  # the last two are kept
    assert refused.value.permanent and "window" in refused.value.reason
    await env.channel.deliver(push("o-budget", "处理结果", kind="result"))
    await env.channel.deliver(
        push(
            "o-budget",
            "满意度调查",
            kind="survey",
            choices=(Choice("5", "非常满意"), Choice("1", "不满意")),
        )
    )
    with pytest.raises(DeliveryError):
        await env.channel.deliver(push("o-budget", "再一条结果", kind="result"))
    texts = user.pushes()
    assert texts[:3] == ["进展0", "进展1", "进展2"] and texts[3] == "处理结果"
    assert texts[4] == "满意度调查\n\n1. 非常满意\n2. 不满意"
    assert len(env.fake.sent) == 5


async def test_outside_the_window_a_push_is_undeliverable_then_requeued_when_the_user_writes(
    env: WeChatEnv, clock: FakeClock
) -> None:
    user = WeChatUser(env, "o-late")
    await user.say("你好")
    clock.advance(hours=49)
    with pytest.raises(DeliveryError) as refused:
        await env.channel.deliver(push("o-late", "您的工单有新进展"))
    assert refused.value.permanent
    assert env.fake.sent == []
    await add_row(env, push("o-late", "您的工单有新进展"), status="undeliverable")
    await user.say("你好")
    await env.channel.idle()
    [row] = await rows(env)
    assert row.status == "pending" and row.attempts == 0
    assert await Dispatcher(env.app.services, {"wechat": env.channel}).run_once() == 1
    assert user.pushes() == ["您的工单有新进展"]
    assert [row.status for row in await rows(env)] == ["sent"]


async def test_outside_the_window_a_template_goes_out_when_configured(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(
        tmp_path,
        clock,
        WECHAT_TEMPLATE_PROGRESS="TPL-PROGRESS",
        WECHAT_TEMPLATE_SURVEY="TPL-SURVEY",
    ) as env:
        await env.channel.deliver(push("o-never-wrote", "已受理，正在核实"))
        await env.channel.deliver(push("o-never-wrote", "请评价", kind="survey"))
        with pytest.raises(DeliveryError):  # agents' cards have no template
            await env.channel.deliver(push("o-never-wrote", "新工单", kind="card"))
        first, second = env.fake.templates
        assert first["template_id"] == "TPL-PROGRESS" and second["template_id"] == "TPL-SURVEY"
        assert first["data"]["keyword1"]["value"] == "CP20261122001"
        assert first["data"]["keyword2"]["value"] == "已受理，正在核实"
        assert env.fake.sent == []


async def test_wechat_saying_45015_or_45047_keeps_the_row_undeliverable(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-closed")
    await user.say("你好")
    env.fake.closed_users.add("o-closed")
    with pytest.raises(DeliveryError) as refused:
        await env.channel.deliver(push("o-closed", "进展", kind="result"))
    assert refused.value.permanent
    env.fake.closed_users.clear()
    env.fake.send_errors.append(45047)
    with pytest.raises(DeliveryError):
        await env.channel.deliver(push("o-closed", "进展", kind="result"))
    with pytest.raises(DeliveryError):  # the budget is now counted as spent
        await env.channel.deliver(push("o-closed", "进展", kind="result"))


async def test_a_busy_wechat_is_a_retryable_failure_and_the_slot_is_given_back(
    env: WeChatEnv,
) -> None:
    user = WeChatUser(env, "o-busy")
    await user.say("你好")
    env.fake.send_errors.extend([-1])
    with pytest.raises(DeliveryError) as failed:
        await env.channel.deliver(push("o-busy", "结果", kind="result"))
    assert not failed.value.permanent
    for number in range(5):
        await env.channel.deliver(push("o-busy", f"结果{number}", kind="result"))
    assert len(user.pushes()) == 5


async def test_waiting_pushes_are_merged_into_one_message(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-merge")
    await user.say("你好")
    await add_row(env, push("o-merge", "已分配给客服小李"))
    await add_row(env, push("o-merge", "客服回复：请提供订单截图"))
    await add_row(env, push("o-merge", "处理结果：同意退款", kind="result"))
    assert await Dispatcher(env.app.services, {"wechat": env.channel}).run_once() == 1
    assert user.pushes() == ["已分配给客服小李\n\n客服回复：请提供订单截图\n\n处理结果：同意退款"]
    assert [row.status for row in await rows(env)] == ["sent", "sent", "sent"]


async def test_images_are_uploaded_and_sent(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-image")
    await user.say("你好")
    folder = env.app.services.data_dir / "evidence" / "test"
    folder.mkdir(parents=True)
    (folder / "a.jpg").write_bytes(b"\xff\xd8\xffimage")
    await env.channel.deliver(push("o-image", "证据", files=("evidence/test/a.jpg",)))
    [upload] = env.fake.of("/cgi-bin/media/upload")
    assert upload.body == b"\xff\xd8\xffimage"
    text, image = env.fake.sent
    assert text["text"]["content"] == "证据" and image["msgtype"] == "image"


async def test_after_a_follow_three_messages_within_a_minute(
    env: WeChatEnv, clock: FakeClock
) -> None:
    user = WeChatUser(env, "o-follow")
    await user.send("event_subscribe")
    for number in range(3):
        await env.channel.deliver(push("o-follow", f"结果{number}", kind="result"))
    with pytest.raises(DeliveryError):
        await env.channel.deliver(push("o-follow", "第四条", kind="result"))
    clock.advance(seconds=61)
    await user.send("event_click", EventKey="HELP")
    await env.channel.deliver(push("o-follow", "新窗口", kind="result"))
    assert user.pushes()[-1] == "新窗口"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_token_is_fetched_once_shared_by_workers_and_refreshed(
    tmp_path: Path, clock: FakeClock, backend: str
) -> None:
    async with wechat_env(tmp_path, clock, backend=backend) as env:
        user = WeChatUser(env, "o-token")
        await user.say("你好")
        other = WeChatChannel(env.app.settings, env.app.services, router_handle)  # worker 2
        try:
            await asyncio.gather(
                *(env.channel.deliver(push("o-token", "a", kind="result")) for _ in range(2)),
                *(other.deliver(push("o-token", "b", kind="result")) for _ in range(2)),
            )
            assert env.fake.token_fetches == 1
            async with env.app.db.transaction() as session:
                stored = await session.get(SharedValue, TOKEN_KEY)
            assert stored is not None and "TOKEN-" not in stored.value_enc  # sealed
            # WeChat says the token is bad (another app fetched one): exactly one new fetch.
            env.fake.invalidate_tokens()
            clock.advance(seconds=1)
            await user.say("再来")  # a new message: a new window and budget
            await asyncio.gather(
                env.channel.deliver(push("o-token", "c", kind="result")),
                other.deliver(push("o-token", "d", kind="result")),
            )
            assert env.fake.token_fetches == 2
            # Shortly before it expires, the next call fetches a new one.
            clock.advance(seconds=7200 - 200)
            await env.channel.deliver(push("o-token", "e", kind="result"))
            assert env.fake.token_fetches == 3
            assert sorted(user.pushes()) == ["a", "a", "b", "b", "c", "d", "e"]
        finally:
            await other.stop()


async def test_without_app_credentials_pushes_are_undeliverable(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        bare = WeChatChannel(
            env.app.settings.model_copy(update={"WECHAT_APP_ID": None, "WECHAT_APP_SECRET": None}),
            env.app.services,
            router_handle,
        )
        with pytest.raises(DeliveryError) as refused:
            await bare.deliver(push("o-x", "进展"))
        assert refused.value.permanent and "WECHAT_APP_ID" in refused.value.reason


async def test_a_long_text_goes_out_in_pieces_under_2048_bytes(env: WeChatEnv) -> None:
    user = WeChatUser(env, "o-long")
    await user.say("你好")
    text = "\n".join(f"第{n}行：" + "很长的处理说明" * 20 for n in range(12))
    await env.channel.deliver(push("o-long", text, kind="result"))
    pieces = user.pushes()
    assert len(pieces) > 1 and all(len(p.encode()) <= 2048 for p in pieces)
    assert "\n".join(pieces) == text


async def test_a_long_passive_answer_is_cut_and_the_rest_follows(
    tmp_path: Path, clock: FakeClock
) -> None:
    long_answer = "\n".join(f"第{n}项：" + "请核对这一项的内容" * 15 for n in range(10))

    async def handle(services: Services, inbound: Inbound, **how: Any) -> list[Outbound]:
        # recorded like any message (opens the window)
        await router_handle(services, inbound, **how)
        return [Outbound("wechat", inbound.user_id, long_answer)]

    async with wechat_env(tmp_path, clock, handle=handle) as env:
        user = WeChatUser(env, "o-long-answer")
        first = await user.say("你好")
        await env.channel.idle()
        assert len(first.encode()) <= 2048
        assert "\n".join([first, *user.pushes()]) == long_answer
