"""The periodic scans the scheduler runs (issue 4 item 7): SLA clocks, survey sending, auto-close.

Each job reads the truth from the database and is safe to run twice: the scheduler
(bot/scheduler.py) only decides when, and on PostgreSQL lets one worker run it per tick.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers.services import Services


@dataclass(frozen=True)
class Job:
    name: str  # stable: it also names the job's PostgreSQL advisory lock
    every_seconds: float
    run: Callable[[Services], Awaitable[object]]


# Filled by the ticket lifecycle (SLA watch, survey send, auto-close).
PERIODIC: list[Job] = []
