"""Each user's customer-service window and budget, shared by every worker.

WeChat lets an account send customer-service messages only after the user interacted:
5 within 48 hours of a message, 3 within one minute of a menu click, follow or scan
(docs/platforms.md; errcodes 45015 outside, 45047 over the count). The window opens
at the user's last inbound message (the router records each one in `inbound_messages`;
events have keys starting "ev:"), and the messages sent since are kept per user in
`shared_values`, so every worker counts the same budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.services import Services
from storage.engine import AsyncSession
from storage.queries import shared

CHANNEL = "wechat"
EVENT_PREFIX = (
    "ev:"  # inbound keys of events (menu clicks, follows), bot/channels/wechat/inbound.py
)
MESSAGE_WINDOW, MESSAGE_BUDGET = timedelta(hours=48), 5
EVENT_WINDOW, EVENT_BUDGET = timedelta(minutes=1), 3
# Slots only results and surveys may use: intermediate notices never spend the last ones.
RESERVED_FOR_IMPORTANT = 2


@dataclass(frozen=True)
class Allowance:
    remaining: int  # messages WeChat will still accept now
    opened_at: datetime | None  # start of the open window, None when closed

    @property
    def open(self) -> bool:
        return self.opened_at is not None


def compute(
    now: datetime,
    last_message: datetime | None,
    last_event: datetime | None,
    sent: list[datetime],
) -> Allowance:
    best = Allowance(0, None)
    for opened, length, budget in (
        (last_message, MESSAGE_WINDOW, MESSAGE_BUDGET),
        (last_event, EVENT_WINDOW, EVENT_BUDGET),
    ):
        if opened is None or opened + length <= now:
            continue
        remaining = budget - sum(1 for at in sent if at >= opened)
        if best.opened_at is None or remaining > best.remaining:
            best = Allowance(max(remaining, 0), opened)
    return best


class Windows:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def allowance(self, openid: str) -> Allowance:
        async with self.services.db.transaction() as session:
            allowance, _ = await self._allowance(session, openid, lock=False)
            return allowance

    async def reserve(self, openid: str, count: int, important: bool) -> Allowance | None:
        """Takes `count` slots (recorded as sent now); None when the window cannot take them."""
        async with self.services.db.transaction() as session:
            allowance, sent = await self._allowance(session, openid, lock=True)
            usable = allowance.remaining - (0 if important else RESERVED_FOR_IMPORTANT)
            if not allowance.open or usable < count:
                return None
            now = self.services.clock()
            await self._write(session, openid, [*sent, *[now] * count])
            return allowance

    async def release(self, openid: str, count: int) -> None:
        """Gives back slots of a send WeChat did not accept (it does not count those)."""
        async with self.services.db.transaction() as session:
            _, sent = await self._allowance(session, openid, lock=True)
            kept = sorted(sent)[: max(len(sent) - count, 0)]
            await self._write(session, openid, kept)

    async def exhaust(self, openid: str) -> None:
        """WeChat said 45047: count the window as spent whatever our records say."""
        async with self.services.db.transaction() as session:
            _, sent = await self._allowance(session, openid, lock=True)
            now = self.services.clock()
            await self._write(session, openid, [*sent, *[now] * MESSAGE_BUDGET])

    # --- storage --------------------------------------------------------------------------
    async def _allowance(
        self, session: AsyncSession, openid: str, lock: bool
    ) -> tuple[Allowance, list[datetime]]:
        now = self.services.clock()
        sent = await self._read(session, openid, lock)
        last_message, last_event = await _last_inbound(session, openid)
        return compute(now, last_message, last_event, sent), sent

    async def _read(self, session: AsyncSession, openid: str, lock: bool) -> list[datetime]:
        key = _key(openid)
        if lock:
            # Make sure the row exists, then hold it: two workers sending to one person
            # count one budget (FOR UPDATE is a no-op on SQLite, which serialises writers).
            await shared.add_if_absent(
                session, key, self.services.vault.seal_json([]), now=self.services.clock()
            )
        row = await shared.value(session, key, lock=lock)
        if row is None:
            return []
        return [
            datetime.fromisoformat(at)
            for at in self.services.vault.open_json(row.value_enc, default=[])
        ]

    async def _write(self, session: AsyncSession, openid: str, sent: list[datetime]) -> None:
        now = self.services.clock()
        recent = sorted(at for at in sent if at > now - MESSAGE_WINDOW)
        await shared.replace(
            session,
            _key(openid),
            self.services.vault.seal_json([at.isoformat() for at in recent]),
            now=now,
            expires_at=now + MESSAGE_WINDOW,
        )


def _key(openid: str) -> str:
    return f"wechat:sent:{openid}"[:64]


async def _last_inbound(
    session: AsyncSession, openid: str
) -> tuple[datetime | None, datetime | None]:
    return await shared.last_inbound(session, CHANNEL, openid, event_prefix=EVENT_PREFIX)
