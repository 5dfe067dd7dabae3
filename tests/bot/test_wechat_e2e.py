"""End to end over WeChat: signed requests to the real HTTP server, the fake WeChat API."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Evidence
from tests.bot.wechat_support import WeChatUser, wechat_env
from tests.support import FakeClock, tickets

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
JPEG = b"\xff\xd8\xff\xe0" + b"broken-aircon" * 200


@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
async def test_a_customer_files_a_complaint_with_an_image(
    tmp_path: Path, clock: FakeClock, safe: bool
) -> None:
    async with wechat_env(tmp_path, clock, safe=safe) as env:
        env.fake.media["MEDIA-AIRCON"] = (JPEG, "image/jpeg")
        customer = WeChatUser(env, "o-wangfang")
        welcome = await customer.send("event_subscribe")
        assert welcome.content and "投诉受理助手" in welcome.content
        menu = await customer.send("event_click", EventKey="COMPLAIN")  # menu: 我要投诉
        assert menu.content and "发生了什么" in menu.content
        answer = await customer.say(RICH)
        assert "证据" in answer or "截图" in answer
        photo = await customer.send("image", MediaId="MEDIA-AIRCON")
        assert photo.content and "请核对" in photo.content and "朝阳门店" in photo.content
        assert "1. 确认提交" in photo.content  # choices as numbered lines
        answer = await customer.say("1")
        assert "投诉受理确认函" in answer

        [ticket] = await tickets(env.app)
        assert ticket.channel == "wechat" and ticket.user_id == "o-wangfang"
        assert ticket.number in answer
        async with env.app.db.transaction() as session:
            [item] = (await session.execute(select(Evidence))).scalars().all()
        assert item.ticket_id == ticket.id and item.kind == "photo"
        assert item.path and (env.app.services.data_dir / item.path).read_bytes() == JPEG
        assert env.fake.token_fetches == 1
