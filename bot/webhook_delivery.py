"""Webhook delivery (issue 14 item 5): the outbox's `webhook` channel, a signed POST.

Each outbox row of channel `webhook` (written by handlers/webhooks.py:on_recorded in the
transaction that recorded the event) is POSTed to its webhook's URL as JSON with:

- `X-Complaint-Event-Id`: the event id, the same on every retry (receivers deduplicate on it);
- `X-Complaint-Event`: the event's name (`ticket.filed` ...);
- `X-Complaint-Timestamp`: Unix seconds when this attempt was signed;
- `X-Complaint-Signature`: `sha256=` + hex HMAC-SHA256 of "<timestamp>.<body>" keyed with
  the webhook's secret (docs/operations.md shows how to verify it).

A 2xx answer is delivered. Anything else (3xx, 4xx, 5xx, a refused connection, a timeout)
raises DeliveryError, and the outbox retries with its back-off (storage/outbox.py); a
`Retry-After` in seconds is honoured. A removed webhook's rows are given up as `failed`
(dropped: no customer is marked unreachable, no alert on undeliverable pushes). Nothing of the
body is logged: it may carry personal data.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import Sequence

import aiohttp
from aiohttp.web import AbstractRouteDef

from bot.channels.base import DeliveryError
from handlers import webhooks
from handlers.messages import Outbound
from handlers.services import Services

log = logging.getLogger(__name__)

NAME = webhooks.KIND  # the outbox channel: "webhook"
TIMEOUT = 10.0  # seconds for one POST, connection included
EVENT_ID_HEADER = "X-Complaint-Event-Id"
EVENT_HEADER = "X-Complaint-Event"
TIMESTAMP_HEADER = "X-Complaint-Timestamp"
SIGNATURE_HEADER = "X-Complaint-Signature"
USER_AGENT = "complaint-bot-webhooks/1"
REMOVED = "webhook removed"  # the last error of a removed webhook's undelivered events


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: "sha256=" + hex HMAC-SHA256 of b"<timestamp>.<body>"."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def headers(secret: str, message: Outbound, body: bytes, now: float) -> dict[str, str]:
    """The headers of one attempt at `now` (Unix seconds)."""
    timestamp = str(int(now))
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_ID_HEADER: message.meta.get(webhooks.META_EVENT_ID, ""),
        EVENT_HEADER: message.meta.get(webhooks.META_EVENT_TYPE, ""),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }


class WebhookDelivery:
    """The `webhook` channel of the outbox dispatcher (bot/outbox.py): no routes, no inbound.

    While running (`start`) it also reloads the process's webhook list every
    handlers/webhooks.py:REFRESH_SECONDS, so webhooks added or removed by the CLI take effect
    in a running `serve` without a restart.
    """

    name = NAME

    def __init__(self, services: Services, *, timeout: float = TIMEOUT) -> None:
        self.services = services
        self.timeout = timeout
        self._http: aiohttp.ClientSession | None = None
        self._refresher: asyncio.Task[None] | None = None

    def routes(self) -> Sequence[AbstractRouteDef]:
        return ()

    async def start(self) -> None:
        self._refresher = asyncio.create_task(self._refresh())

    async def stop(self) -> None:
        if self._refresher is not None:
            self._refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresher
            self._refresher = None
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(webhooks.REFRESH_SECONDS)
            try:
                await self.services.webhooks.load(self.services.db, self.services.now())
            except Exception:
                log.exception("webhooks: reloading the list failed")

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._http

    async def deliver(self, message: Outbound) -> None:
        """POSTs the event in `message` (its text is the JSON body) to its webhook, signed.

        Raises DeliveryError: dropped when the webhook was removed; otherwise for the
        outbox to retry (any status but 2xx, a connection error, a timeout).
        """
        webhook_id = int(message.user_id)
        where = await webhooks.destination(self.services.db, self.services.vault, webhook_id)
        if where is None:
            # Given up as `failed` like the rows `webhooks remove` dropped (queued by a
            # process whose list was not reloaded yet), never as an unreachable customer.
            raise DeliveryError(REMOVED, permanent=True, dropped=True)
        status, retry_after = await post(self._session(), where, message)
        if 200 <= status < 300:
            return
        log.info(
            "webhook %s: event %s answered HTTP %s",
            webhook_id,
            message.meta.get(webhooks.META_EVENT_ID),
            status,
        )
        raise DeliveryError(f"HTTP {status}", retry_after=retry_after)


async def post(
    http: aiohttp.ClientSession, where: webhooks.Destination, message: Outbound
) -> tuple[int, float | None]:
    """One signed POST of `message` to `where`: (HTTP status, Retry-After seconds or None).
    Raises DeliveryError for a connection error or a timeout. Redirects are not followed
    (a 3xx is a failure: the signed request goes only where it was configured to)."""
    body = message.text.encode()
    try:
        async with http.post(
            where.url,
            data=body,
            headers=headers(where.secret, message, body, time.time()),
            allow_redirects=False,
        ) as response:
            await response.read()
            return response.status, _seconds(response.headers.get("Retry-After"))
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


def _seconds(value: str | None) -> float | None:
    try:
        return None if value is None else max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the back-off decides
