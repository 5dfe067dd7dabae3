"""The recovery job as the scheduler runs it: handlers/recovery.py with the channels' hooks.

The first pass, at start, takes every unprocessed row whatever its age: what a crash of
this worker left behind is processed at once, not 30 s later. Later passes leave rows of
the last RECOVER_AFTER alone, as turns on some worker most likely still hold them (taking
one anyway would be safe, only wasted work: the turn's claim decides who processes it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from handlers.recovery import RECOVER_AFTER, recover
from handlers.services import Services

RECOVER_EVERY = 10.0  # seconds between runs
MAX_ROUNDS = 20  # passes of up to handlers.recovery.BATCH rows in one run


class Recovery:
    """`run_once()` is one pass; `channels` lend their `prepare` and `shape` when they have one."""

    def __init__(self, services: Services, channels: Iterable[object] = ()) -> None:
        self.services = services
        self.prepare = {c.name: c.prepare for c in channels if hasattr(c, "prepare")}  # type: ignore[attr-defined]
        self.shape = {c.name: c.shape for c in channels if hasattr(c, "shape")}  # type: ignore[attr-defined]
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
