"""The recovery job (issue 10 item 1): recorded messages that no turn processed.

A worker killed between recording a message and committing its turn, a turn that failed, a
database that went away mid-turn: each leaves an `inbound_messages` row with `processed_at`
NULL. This job processes those rows through the same router, exactly once (the turn claims
its row, on PostgreSQL with SKIP LOCKED so workers share the rows out), and sends the
answers through the outbox: the request that waited for them is long gone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from handlers import inbox, router
from handlers.inbox import Answer, Shape
from handlers.messages import Inbound
from handlers.services import Services

log = logging.getLogger(__name__)

# Older than any turn in progress may be (a WeChat turn gives up its passive reply at 4 s):
# younger rows are most likely still being worked on by some worker.
RECOVER_AFTER = timedelta(seconds=30)
BATCH = 100  # rows per pass; the next tick takes the rest

Prepare = Callable[[Inbound], Awaitable[Inbound]]


async def recover(
    services: Services,
    *,
    older_than: timedelta = RECOVER_AFTER,
    prepare: Mapping[str, Prepare] | None = None,
    shape: Mapping[str, Shape] | None = None,
) -> int:
    """Processes up to BATCH unprocessed rows received before now - older_than.

    `prepare` (per channel): what the channel does before a turn, e.g. fetch media by its
    id; `shape` (per channel): how replies become pushes. Returns how many rows this pass
    processed; a row another worker's turn holds is left to it, and so are the later rows
    of the same sender in this pass (a person's messages are processed in order).
    """
    prepare = prepare or {}
    shape = shape or {}
    done = 0
    passed_by: set[tuple[str, str]] = set()  # senders whose earlier message someone holds
    for row_id in await inbox.unprocessed(services, older_than, BATCH):
        inbound = await inbox.load(services, row_id)
        if inbound is None:
            await inbox.abandon(services, row_id, "recorded body unreadable")
            continue
        sender = (inbound.channel, inbound.user_id)
        if sender in passed_by:
            continue  # a person's messages in order: never one before an earlier one
        hook = prepare.get(inbound.channel)
        if hook is not None:
            try:
                inbound = await hook(inbound)
            except Exception:
                # The message is worth more than its attachment: processed with the refs.
                log.exception("recovery: preparing inbound %s failed", row_id)
        answer = Answer(waiting=False, shape=shape.get(inbound.channel, inbox.as_is))
        log.info(
            "recovery: processing inbound %s (channel=%s message=%s)",
            row_id,
            inbound.channel,
            inbound.message_id,
        )
        await router.process(services, inbound, row_id, answer=answer, skip_locked=True)
        if not await inbox.is_processed(services, row_id):
            passed_by.add(sender)  # held by another worker's turn, or failed again
            continue
        done += 1
    return done
