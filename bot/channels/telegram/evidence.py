"""Evidence files: fetched with getFile at once into DATA_DIR/evidence/telegram/<chat>/.

The Bot API hands out files up to 20 MB; a bigger one (or one over the policy's limit) is kept
by its file_id with `too_large=True`, and the core tells the customer. The download is async
(PTB's httpx client) and the write goes to a thread, so the event loop never blocks on disk.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

from telegram import Bot
from telegram.error import BadRequest, NetworkError, TelegramError

from bot.channels.telegram.inbound import CHANNEL, FileSource
from handlers.messages import Attachment

log = logging.getLogger(__name__)

BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files ("file is too big")
DOWNLOAD_TRIES = 3


class EvidenceStore:
    def __init__(self, bot: Bot, data_dir: Path, limit_bytes: int) -> None:
        self.bot = bot
        self.data_dir = data_dir
        self.limit = min(limit_bytes, BOT_API_DOWNLOAD_LIMIT)

    async def fetch(self, source: FileSource, chat_id: int) -> Attachment:
        if source.size is not None and source.size > self.limit:
            return _kept_by_ref(source)
        try:
            data = await self._download(source)
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                return _kept_by_ref(source)
            log.warning("telegram: file %s refused by getFile: %s", source.file_id, exc.message)
            return _kept_by_ref(source)
        except TelegramError as exc:
            # The file_id stays valid for a long time: keep the reference rather than lose it.
            log.warning(
                "telegram: could not download %s (%s); kept by file_id", source.file_id, exc
            )
            return _kept_by_ref(source)
        if data is None:
            return _kept_by_ref(source)
        relative = Path("evidence") / CHANNEL / str(chat_id) / f"{uuid.uuid4().hex}{source.suffix}"
        try:
            await asyncio.to_thread(_write, self.data_dir / relative, data)
        except OSError as exc:
            # A full or read-only disk must not lose the message: kept by file_id (issue 10).
            log.error(
                "telegram: file %s of chat %s not stored (%s); kept by file_id",
                source.file_id,
                chat_id,
                exc,
            )
            return _kept_by_ref(source)
        return Attachment(
            kind=source.kind,
            path=relative.as_posix(),
            file_ref=source.file_id,
            mime=source.mime,
            size=len(data),
            name=source.name,
            note=source.note,
            group_ref=source.group_ref,
        )

    async def _download(self, source: FileSource) -> bytes | None:
        for attempt in range(DOWNLOAD_TRIES):
            try:
                handle = await self.bot.get_file(source.file_id)
                if handle.file_size is not None and handle.file_size > self.limit:
                    return None
                return bytes(await handle.download_as_bytearray())
            except NetworkError as exc:
                if isinstance(exc, BadRequest) or attempt == DOWNLOAD_TRIES - 1:
                    raise
                await asyncio.sleep(0.5 * (attempt + 1))  # a dropped connection: try again
        return None


def _kept_by_ref(source: FileSource) -> Attachment:
    return Attachment(
        kind=source.kind,
        file_ref=source.file_id,
        mime=source.mime,
        size=source.size,
        name=source.name,
        note=source.note,
        group_ref=source.group_ref,
        too_large=True,
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
