"""The Telegram channel's own settings, read once from `Settings` (docs/architecture.md section 8).

Kept as a small frozen value so tests can build a channel against a fake Bot API server
without going through the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.settings import Settings, SettingsError

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
_TOKEN_SLOTS = ("{token}", "{bot_token}")


@dataclass(frozen=True)
class TelegramConfig:
    token: str
    data_dir: Path
    mode: Literal["polling", "webhook"] = "polling"
    base_url: str = DEFAULT_BASE_URL
    base_file_url: str | None = None  # None: derived from base_url
    webhook_url: str | None = None  # the public HTTPS address of POST /telegram
    webhook_secret: str | None = None
    agent_chat_id: int | None = None
    album_wait: float = 1.0  # seconds to wait for more items of an album (media_group_id)
    chat_burst: int = 3  # messages one chat may get at once before the 1/s pacing starts
    chat_interval: float = 1.0  # seconds between messages to one chat (Telegram: ~1/s)
    limiter_retries: int = 3  # 429s PTB's rate limiter waits out in place before giving up
    retry_limit: float = 60.0  # longest 429 wait taken in place; longer ones go back to the outbox
    # Whole seconds of long polling: getUpdates takes `timeout` as an Integer (Bot API, getUpdates).
    poll_timeout: int = 10

    @property
    def api_url(self) -> str:
        return normalise_base_url(self.base_url)

    @property
    def file_url(self) -> str:
        if self.base_file_url:
            return normalise_base_url(self.base_file_url)
        api = self.api_url
        if api.endswith("/bot"):
            return api[: -len("/bot")] + "/file/bot"
        return DEFAULT_BASE_URL.replace("/bot", "/file/bot")

    @classmethod
    def from_settings(cls, settings: Settings) -> TelegramConfig:
        if not settings.TELEGRAM_BOT_TOKEN:
            raise SettingsError("setting TELEGRAM_BOT_TOKEN: required for the Telegram channel")
        if settings.TELEGRAM_MODE == "webhook" and not settings.TELEGRAM_WEBHOOK_SECRET:
            # Without the secret anyone who finds the URL could post updates in an agent's name.
            raise SettingsError(
                "setting TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook"
            )
        return cls(
            token=settings.TELEGRAM_BOT_TOKEN,
            data_dir=settings.data_dir,
            mode=settings.TELEGRAM_MODE,
            base_url=settings.TELEGRAM_BASE_URL or DEFAULT_BASE_URL,
            base_file_url=settings.TELEGRAM_BASE_FILE_URL,
            # Not yet a documented setting; read when the Settings model has it.
            webhook_url=settings.TELEGRAM_WEBHOOK_URL,
            webhook_secret=settings.TELEGRAM_WEBHOOK_SECRET,
            agent_chat_id=settings.TELEGRAM_AGENT_CHAT_ID,
        )


def normalise_base_url(url: str) -> str:
    """PTB appends the token to the base URL; accept `http://host:8081` as well as `.../bot`."""
    url = url.rstrip("/")
    if any(slot in url for slot in _TOKEN_SLOTS) or url.endswith("/bot"):
        return url
    return url + "/bot"
