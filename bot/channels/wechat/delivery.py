"""Pushes to WeChat users: customer-service messages inside the window, templates outside.

The outbox dispatcher calls `deliver()` for each row. Inside the user's window the message
goes out as a customer-service message, together with the user's other waiting rows merged
into it (one message spends one slot of the 5-message budget). Intermediate notices leave
the last slots to results and surveys. Outside the window a template message is used when
one is configured; otherwise DeliveryError(permanent=True) keeps the row as undeliverable
with the reason; the core (handlers/reachability.py) puts it back when the user next writes.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp

from bot.channels.base import DeliveryError
from bot.channels.wechat.api import (
    NOT_FOLLOWING,
    OUTSIDE_WINDOW,
    OVER_BUDGET,
    QUOTA_SPENT,
    WeChatApi,
    WeChatApiError,
)
from bot.channels.wechat.split import split_text
from bot.channels.wechat.window import Windows
from bot.outbox import IN_FLIGHT
from bot.settings import Settings
from handlers.delivery import current_card, delivered
from handlers.messages import Outbound, render_choices_as_text
from handlers.services import Services
from handlers.turn import PRIORITY
from storage import outbox as rows

log = logging.getLogger(__name__)

CHANNEL = "wechat"
# What may spend the last slots of a window: answers, results, surveys, requests for material.
IMPORTANT_KINDS = frozenset({"reply", "result", "survey", "request"})
CUSTOMER_KINDS = frozenset({"reply", "result", "survey", "progress", "request"})
CLOSED_REASON = (
    "wechat: outside the user's customer-service window or over its budget "
    "(45015/45047) and no template configured; delivered when the user writes again"
)
MERGE_LIMIT = 10


class Sender:
    def __init__(self, settings: Settings, services: Services, api: WeChatApi | None) -> None:
        self.settings = settings
        self.services = services
        self.api = api
        self.windows = Windows(services)

    async def deliver(self, message: Outbound) -> None:
        if self.api is None:
            raise DeliveryError(
                "wechat: WECHAT_APP_ID / WECHAT_APP_SECRET are not set", permanent=True
            )
        merged, claimed = await self._absorb_waiting(message)
        IN_FLIGHT.update(row_id for row_id, _ in claimed)
        try:
            await self._deliver(merged)
        except BaseException:
            await self._settle(claimed, sent=False)
            raise
        finally:
            IN_FLIGHT.difference_update(row_id for row_id, _ in claimed)
        await self._settle(claimed, sent=True)

    async def _deliver(self, message: Outbound) -> None:
        assert self.api is not None
        texts = split_text(render_choices_as_text(message).strip())
        parts = [*texts, *message.files]
        important = message.kind in IMPORTANT_KINDS
        if not await self.windows.reserve(message.user_id, len(parts), important):
            if texts and await self.windows.reserve(message.user_id, len(texts), important):
                parts = texts  # the files do not fit into the budget: the words do
            else:
                await self._outside_window(message)
                return
        for index, part in enumerate(parts):
            try:
                if index < len(texts):
                    await self.api.send_custom(_text(message.user_id, part))
                else:
                    await self._send_image(message.user_id, part)
            except WeChatApiError as exc:
                await self.windows.release(message.user_id, len(parts) - index)
                await self._failed(message, exc, first=index == 0)
                return
            except (aiohttp.ClientError, TimeoutError) as exc:
                await self.windows.release(message.user_id, len(parts) - index)
                raise DeliveryError(f"wechat: network: {exc!r}") from exc

    async def _send_image(self, openid: str, relative: str) -> None:
        assert self.api is not None
        path = self.services.data_dir / relative
        content = await asyncio.to_thread(Path(path).read_bytes)
        media_id = await self.api.upload_image(path, content)
        await self.api.send_custom(
            {"touser": openid, "msgtype": "image", "image": {"media_id": media_id}}
        )

    async def _failed(self, message: Outbound, exc: WeChatApiError, first: bool) -> None:
        if not first:
            # The first part went out, a later one did not: retrying would repeat it.
            log.warning("wechat: image to %s not sent: %s", message.user_id, exc)
            return
        if exc.errcode == OVER_BUDGET:
            await self.windows.exhaust(message.user_id)
            await self._outside_window(message)
        elif exc.errcode == OUTSIDE_WINDOW:
            await self._outside_window(message)
        elif exc.errcode == NOT_FOLLOWING:
            raise DeliveryError(
                f"wechat: the user no longer follows the account ({exc})", permanent=True
            )
        elif exc.errcode == QUOTA_SPENT:
            raise DeliveryError(f"wechat: daily quota spent ({exc})", retry_after=3600)
        elif exc.errcode < 0:
            raise DeliveryError(f"wechat: busy ({exc})")
        else:
            raise DeliveryError(f"wechat: refused ({exc})", permanent=True)

    async def _outside_window(self, message: Outbound) -> None:
        template = self._template_for(message)
        if template is None:
            raise DeliveryError(CLOSED_REASON, permanent=True)
        assert self.api is not None
        try:
            await self.api.send_template(_template(message, template))
        except WeChatApiError as exc:
            raise DeliveryError(
                f"wechat: template refused ({exc})", permanent=exc.errcode >= 0
            ) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryError(f"wechat: network: {exc!r}") from exc

    def _template_for(self, message: Outbound) -> str | None:
        if message.kind not in CUSTOMER_KINDS:
            return None
        if message.kind == "survey" and self.settings.WECHAT_TEMPLATE_SURVEY:
            return self.settings.WECHAT_TEMPLATE_SURVEY
        return self.settings.WECHAT_TEMPLATE_PROGRESS

    # --- merging the user's other waiting rows ----------------------------------------------
    async def _absorb_waiting(
        self, message: Outbound
    ) -> tuple[Outbound, list[tuple[int, Outbound]]]:
        """This message plus the user's other due rows (text only), claimed as 'sending'."""
        if message.files:
            return message, []
        vault, now = self.services.vault, self.services.clock()
        async with self.services.db.transaction() as session:
            waiting = await rows.take_waiting(
                session, channel=CHANNEL, user_id=message.user_id, now=now, limit=MERGE_LIMIT
            )
            fitting: dict[int, Outbound] = {}
            for row in waiting:
                other = Outbound.from_json(vault.open_json(row.payload_enc, default={}))
                if other.files or (other.choices and message.choices):
                    continue
                fitting[row.id] = other
            leased = await rows.lease(session, list(fitting), now=now)
        taken = [(row_id, fitting[row_id]) for row_id in leased]
        if not taken:
            return message, []
        # The dispatcher hands over the oldest row of a recipient first, so this message
        # leads and the later ones follow in the order they were written. A card that
        # waited is sent as it stands now, like the dispatcher's own rows
        # (handlers/delivery.py:current_card): none about the recipient's own ticket, and a
        # stale one without its take button (newcomer trial 20: a bundled old card still
        # read "🆕 新工单 … 接单"). Dropped cards are still settled as sent with the rest.
        current = [await current_card(self.services, other) for _, other in taken]
        texts = [render_choices_as_text(other) for other in current if other is not None]
        merged = replace(
            message,
            text="\n\n".join([message.text, *texts]),
            kind=_most_important([message.kind, *(other.kind for _, other in taken)]),
        )
        return merged, taken

    async def _settle(self, claimed: list[tuple[int, Outbound]], sent: bool) -> None:
        if not claimed:
            return
        row_ids = [row_id for row_id, _ in claimed]
        async with self.services.db.transaction() as session:
            if sent:
                await rows.settle_sent(session, row_ids, now=self.services.clock())
            else:
                await rows.release(session, row_ids)
        if sent:  # merged answers stop their tickets' first-response clocks like any other
            await delivered(self.services, [other for _, other in claimed], self.services.now())

    async def keep_for_later(self, message: Outbound, reason: str | None, status: str) -> None:
        """An answer that could not be sent now becomes an outbox row (nothing is lost)."""
        async with self.services.db.transaction() as session:
            await rows.keep(
                session,
                channel=CHANNEL,
                user_id=message.user_id,
                kind=message.kind,
                priority=PRIORITY.get(message.kind, 0),
                payload_enc=self.services.vault.seal_json(message.to_json()),
                status=status,
                reason=reason,
                now=self.services.clock(),
            )


def _most_important(kinds: list[str]) -> str:
    return max(kinds, key=lambda kind: (kind in IMPORTANT_KINDS, PRIORITY.get(kind, 0)))


def _text(openid: str, content: str) -> dict[str, Any]:
    return {"touser": openid, "msgtype": "text", "text": {"content": content}}


def _template(message: Outbound, template_id: str) -> dict[str, Any]:
    # Template fields: keyword1 the ticket number, keyword2 what happened. Templates with
    # other field names need their own mapping (WeChat no longer shows first/remark).
    summary = message.text.strip()
    return {
        "touser": message.user_id,
        "template_id": template_id,
        "data": {
            "keyword1": {"value": message.ticket_number or ""},
            "keyword2": {"value": summary[:200]},
        },
    }
