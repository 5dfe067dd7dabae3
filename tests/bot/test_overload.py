"""Overload degrades, never loses (issue 10 item 2), through the real server and channel:
a message that cannot be recorded in time gets a status WeChat retries, never "success";
a saturated worker still answers /healthz, says "overloaded" on /readyz, and its deferred
answers arrive as pushes from the outbox."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from handlers import inbox
from storage.models import InboundMessage
from tests.bot.wechat_support import WeChatEnv, WeChatUser, wechat_env
from tests.support import FakeClock


async def count_inbound(env: WeChatEnv) -> int:
    async with env.app.db.transaction() as session:
        return int(
            (await session.execute(select(func.count()).select_from(InboundMessage))).scalar_one()
        )


async def test_a_message_not_recorded_in_time_gets_503_and_its_retry_the_answer(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        holding, release = asyncio.Event(), asyncio.Event()

        async def long_transaction() -> None:
            async with env.app.db.transaction():
                holding.set()
                await release.wait()

        holder = asyncio.create_task(long_transaction())
        await holding.wait()
        user = WeChatUser(env, "o-busy")
        first = await user.send("text", Content="你好", MsgId=7_000_000_000_000_000_001)
        assert first.status == 503 and not first.success and not first.content
        release.set()
        await holder
        assert await count_inbound(env) == 0  # nothing was half-recorded
        retry = await user.send("text", Content="你好", MsgId=7_000_000_000_000_000_001)
        assert retry.status == 200 and "投诉受理助手" in (retry.content or "")
        assert await count_inbound(env) == 1


async def get(env: WeChatEnv, path: str) -> tuple[int, dict[str, object]]:
    url = env.url.removesuffix("/wechat") + path
    async with env.http.get(url, timeout=5) as response:
        return response.status, await response.json()


async def test_a_saturated_worker_answers_healthz_reports_overload_and_loses_nothing(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock, deadline=0.5) as env:
        assert (await get(env, "/readyz"))[0] == 200
        release = asyncio.Event()

        async def busy() -> None:
            async with inbox.GATE:
                await release.wait()

        # Every processing slot taken, and more work waiting than the worker clears soon.
        blockers = [
            asyncio.create_task(busy())
            for _ in range(inbox.GATE.slots + inbox.GATE.overloaded_at + 1)
        ]
        try:
            await asyncio.sleep(0.05)
            users = [WeChatUser(env, f"o-load-{n}") for n in range(20)]
            answers = await asyncio.gather(
                *(u.send("text", Content="外卖送晚了一个小时") for u in users)
            )
            # In time and honest: recorded, so "success"; the answers come as pushes.
            assert all(a.status == 200 and a.success for a in answers)
            assert await count_inbound(env) == 20
            health, body = await get(env, "/healthz")
            assert health == 200 and body["database"] == "ok"
            ready, body = await get(env, "/readyz")
            assert ready == 503 and body["status"] == "overloaded"
            assert int(body["waiting"]) > inbox.GATE.overloaded_at  # type: ignore[call-overload]
        finally:
            release.set()
            await asyncio.gather(*blockers)
        await env.channel.idle()
        assert all(len(u.pushes()) == 1 for u in users)
        assert (await get(env, "/readyz"))[0] == 200
