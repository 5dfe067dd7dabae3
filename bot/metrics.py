"""`GET /metrics`: counts in the Prometheus text format, read from the database.

Only counts and labels from fixed vocabularies (statuses, severities): never a user id, a
ticket number or any text, so the page can be scraped without exposing anyone.
The numbers come from the tables, so every worker answers the same; the one exception is
`complaint_updates_skipped_total`, counted by the process that skipped the update (a
Prometheus counter per process, as is usual; it starts from 0 on a restart).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from handlers.services import Services
from handlers.tickets import OPEN_STATUSES
from storage.queries import metrics as gauges

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed", "undeliverable")
# Clocks run in these; resolved waits for the survey and awaiting_customer is paused.
WORKING_STATUSES = tuple(s for s in OPEN_STATUSES if s not in ("resolved", "awaiting_customer"))
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# (channel, update kind) -> platform updates this process could not read and skipped past.
_SKIPPED_UPDATES: Counter[tuple[str, str]] = Counter()


def count_skipped_update(channel: str, kind: str) -> None:
    """Counts an update skipped as unreadable; `kind` must come from a fixed vocabulary."""
    _SKIPPED_UPDATES[(channel, kind)] += 1


def skipped_updates(channel: str, kind: str) -> int:
    return _SKIPPED_UPDATES[(channel, kind)]


def _family(name: str, kind: str, help_text: str, samples: Iterable[str]) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", *samples]


def _labels(**labels: str) -> str:
    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return "{" + ",".join(f'{k}="{escape(v)}"' for k, v in labels.items()) + "}"


async def render(services: Services) -> str:
    now = services.now()
    async with services.db.transaction() as session:
        counted = await gauges.counts(session, now=now, working=WORKING_STATUSES)
    by_status, outbox = counted.tickets, counted.outbox
    inbound, unprocessed, overdue = counted.inbound, counted.unprocessed, counted.overdue
    lines = [
        *_family(
            "complaint_tickets",
            "gauge",
            "Tickets by status and severity.",
            (
                f"complaint_tickets{_labels(status=s, severity=v)} {n}"
                for s, v, n in sorted(by_status)
            ),
        ),
        *_family(
            "complaint_outbox_messages",
            "gauge",
            "Outbox messages by status (failed and undeliverable need a look).",
            (
                f"complaint_outbox_messages{_labels(status=s)} {outbox.get(s, 0)}"
                for s in sorted({*OUTBOX_STATUSES, *outbox})
            ),
        ),
        *_family(
            "complaint_inbound_messages_total",
            "counter",
            "Inbound messages recorded, all channels.",
            [f"complaint_inbound_messages_total {inbound or 0}"],
        ),
        *_family(
            "complaint_inbound_unprocessed",
            "gauge",
            "Inbound messages recorded and not processed yet (the recovery job's work).",
            [f"complaint_inbound_unprocessed {unprocessed or 0}"],
        ),
        *_family(
            "complaint_tickets_overdue",
            "gauge",
            "Open tickets past their resolution deadline.",
            [f"complaint_tickets_overdue {overdue or 0}"],
        ),
        *_family(
            "complaint_updates_skipped_total",
            "counter",
            "Platform updates this process could not read and skipped past (see the log).",
            (
                f"complaint_updates_skipped_total{_labels(channel=c, kind=k)} {n}"
                for (c, k), n in sorted(_SKIPPED_UPDATES.items())
            ),
        ),
    ]
    return "\n".join(lines) + "\n"
