"""The periodic scans the scheduler runs (issue 4 item 7): SLA clocks, survey sending, auto-close,
stale drafts (issue 9 item 8).

Each job reads the truth from the database and is safe to run twice: the scheduler
(bot/scheduler.py) only decides when, and on PostgreSQL lets one worker run it per tick.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers import sla, stale_drafts, survey
from handlers.services import Services


@dataclass(frozen=True)
class Job:
    name: str  # stable: it also names the job's PostgreSQL advisory lock
    every_seconds: float
    run: Callable[[Services], Awaitable[object]]


# Names are stable: each also names the job's PostgreSQL advisory lock.
PERIODIC: list[Job] = [
    Job("sla_clocks", 60, sla.scan_clocks),
    Job("survey_send", 60, survey.send_surveys),
    Job("survey_close", 600, survey.close_unanswered),
    Job("stale_drafts", 300, stale_drafts.scan),
]
