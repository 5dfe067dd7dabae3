from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.app import App

# The network guard: its hooks and autouse fixture (tests/netguard/plugin.py).
from tests.netguard.plugin import (  # noqa: F401
    _stays_on_this_machine,
    pytest_configure,
    pytest_unconfigure,
)
from tests.support import BACKENDS, TZ, FakeClock, make_app


@pytest.fixture
def clock() -> FakeClock:
    # A Sunday afternoon inside business hours; tests move it as they need.
    return FakeClock(datetime(2026, 11, 22, 15, 0, tzinfo=TZ))


@pytest.fixture(params=BACKENDS)
async def app(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[App]:
    async with make_app(request.param, tmp_path / "data", clock) as built:
        yield built
