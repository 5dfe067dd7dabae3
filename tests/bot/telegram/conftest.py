"""Fixtures of the Telegram tests: the app wired for Telegram, and the fake Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from tests.bot.fake_telegram import FakeTelegram, fake_telegram
from tests.bot.telegram_harness import telegram_app
from tests.support import BACKENDS, FakeClock


@pytest.fixture(params=BACKENDS)
async def app(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[App]:
    async with telegram_app(request.param, tmp_path / "data", clock) as built:
        yield built


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with fake_telegram() as server:
        yield server
