"""The recovery job borrows each channel's own hooks (bot/recovery.py): WeChat fetches a
recorded message's media before its turn and merges the replies into one push; a channel
without the hooks lends nothing."""

from __future__ import annotations

from pathlib import Path

from bot.recovery import Recovery
from tests.bot.outbox_support import FakeChannel
from tests.bot.wechat_support import wechat_env
from tests.support import FakeClock


async def test_recovery_borrows_prepare_and_shape_from_the_channels_that_have_them(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        # An iterator, as any Iterable may be: both hooks are read from the one pass over it.
        recovery = Recovery(env.app.services, iter([FakeChannel(), env.channel]))
        assert recovery.prepare == {"wechat": env.channel.prepare}
        assert recovery.shape == {"wechat": env.channel.shape}
