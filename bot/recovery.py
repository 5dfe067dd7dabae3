"""The recovery job as the scheduler runs it: handlers/recovery.py with the channels' hooks.

The first pass, at start, takes every unprocessed row whatever its age: what a crash of
this worker left behind is processed at once, not 30 s later. Later passes leave rows of
the last RECOVER_AFTER alone, as turns on some worker most likely still hold them (taking
one anyway would be safe, only wasted work: the turn's claim decides who processes it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Protocol, runtime_checkable

from handlers.inbox import Shape
from handlers.messages import Inbound, Outbound
from handlers.recovery import RECOVER_AFTER, Prepare, recover
from handlers.services import Services

RECOVER_EVERY = 10.0  # seconds between runs
MAX_ROUNDS = 20  # passes of up to handlers.recovery.BATCH rows in one run


@runtime_checkable
class _Prepares(Protocol):
    """A channel that readies a recorded message before its turn (WeChat fetches media)."""

    name: str

    async def prepare(self, inbound: Inbound) -> Inbound: ...


@runtime_checkable
class _Shapes(Protocol):
    """A channel that turns a turn's replies into its pushes (WeChat combines them)."""

    name: str

    def shape(self, replies: list[Outbound]) -> list[Outbound]: ...


class Recovery:
    """`run_once()` is one pass; `channels` lend their `prepare` and `shape` when they have one."""

    def __init__(self, services: Services, channels: Iterable[object] = ()) -> None:
        self.services = services
        channels = list(channels)
        self.prepare: dict[str, Prepare] = {
            c.name: c.prepare for c in channels if isinstance(c, _Prepares)
        }
        self.shape: dict[str, Shape] = {c.name: c.shape for c in channels if isinstance(c, _Shapes)}
        self._first = True

    async def run_once(self) -> int:
        """Passes until a pass finds nothing more to do (at most MAX_ROUNDS): a backlog
        after a crash under load is worked off at the turns' own pace, not 100 per tick."""
        older_than = timedelta(0) if self._first else RECOVER_AFTER
        self._first = False
        done = 0
        for _ in range(MAX_ROUNDS):
            processed = await recover(
                self.services, older_than=older_than, prepare=self.prepare, shape=self.shape
            )
            done += processed
            if not processed:
                break
        return done
