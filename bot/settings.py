"""Settings from the environment and `.env`, named exactly as docs/architecture.md
section 8 lists them.

One frozen object, validated once at start. `load_settings()` takes an injectable
environment so tests never touch `os.environ`; a wrong value raises `SettingsError`
whose message names the setting and what is wrong (the CLI prints it, no traceback).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator


class SettingsError(ValueError):
    """A setting is missing or wrong; the message is meant for the operator."""


class Settings(BaseModel):
    # A plain model, not pydantic-settings' BaseSettings: load_settings() merges `.env` and the
    # (injectable) environment itself, so nothing reads os.environ behind a test's back.
    model_config = ConfigDict(frozen=True, extra="ignore")

    DATA_DIR: Path = Path("./data")
    DATABASE_URL: str = ""
    HTTP_HOST: str = "127.0.0.1"
    HTTP_PORT: int = 8080
    TIMEZONE: str = "Asia/Shanghai"
    POLICY_FILE: Path | None = None
    TELEGRAM_BOT_TOKEN: str | None = None
    TELEGRAM_BASE_URL: str | None = None
    TELEGRAM_BASE_FILE_URL: str | None = None
    TELEGRAM_MODE: Literal["polling", "webhook"] = "polling"
    TELEGRAM_WEBHOOK_SECRET: str | None = None
    TELEGRAM_WEBHOOK_URL: str | None = None
    TELEGRAM_AGENT_CHAT_ID: int | None = None
    WECHAT_TOKEN: str | None = None
    WECHAT_APP_ID: str | None = None
    WECHAT_APP_SECRET: str | None = None
    WECHAT_ENCODING_AES_KEY: str | None = None
    WECHAT_API_BASE_URL: str = "https://api.weixin.qq.com"
    WECHAT_TEMPLATE_PROGRESS: str | None = None
    WECHAT_TEMPLATE_SURVEY: str | None = None
    PII_KEY: str | None = None
    # The web console (issue 14, bot/web/): the address people open it at (the sign-in links'
    # base; https makes its cookie Secure), how long a link works and a session lasts.
    PUBLIC_URL: str | None = None
    WEB_LINK_MINUTES: int = 10
    WEB_SESSION_HOURS: int = 12

    @field_validator("HTTP_PORT")
    @classmethod
    def _port_in_range(cls, value: int) -> int:
        if not 0 < value < 65536:
            raise ValueError("must be a port number between 1 and 65535")
        return value

    @field_validator("TIMEZONE")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r} (use a name like Asia/Shanghai)"
            ) from exc
        return value

    @field_validator("WECHAT_ENCODING_AES_KEY")
    @classmethod
    def _aes_key_length(cls, value: str | None) -> str | None:
        if value is not None and len(value) != 43:
            raise ValueError("must be the 43-character EncodingAESKey from the WeChat console")
        return value

    @field_validator("TELEGRAM_WEBHOOK_URL")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(
                "must be the public URL of POST /telegram, e.g. https://bot.example.com/telegram"
            )
        return value

    @field_validator("PUBLIC_URL")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be the console's public address, e.g. https://bot.example.com")
        return value.rstrip("/") if value is not None else None

    @field_validator("WEB_LINK_MINUTES", "WEB_SESSION_HOURS")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("POLICY_FILE")
    @classmethod
    def _policy_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    # Convenience views, so callers never re-derive them.
    @property
    def data_dir(self) -> Path:
        return self.DATA_DIR

    @property
    def policy_file(self) -> Path | None:
        return self.POLICY_FILE

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.TIMEZONE)

    @property
    def database_url(self) -> str:
        if self.DATABASE_URL:
            return self.DATABASE_URL
        return f"sqlite+aiosqlite:///{self.DATA_DIR.resolve() / 'complaints.db'}"

    @property
    def public_url(self) -> str:
        """Where the web console is reached from outside, without a trailing slash:
        PUBLIC_URL, else the HTTP server's own address."""
        return self.PUBLIC_URL or f"http://{self.HTTP_HOST}:{self.HTTP_PORT}"

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.TELEGRAM_BOT_TOKEN)

    @property
    def wechat_enabled(self) -> bool:
        return bool(self.WECHAT_TOKEN)


def _read_dotenv(path: Path) -> dict[str, str]:
    """A small `.env` reader: KEY=VALUE lines, `#` comments, optional quotes."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")
) -> Settings:
    """Settings from `.env` overlaid by the environment; empty values count as unset."""
    merged: dict[str, str] = _read_dotenv(dotenv) if dotenv is not None else {}
    merged.update(os.environ if environ is None else environ)
    known = {k: v for k, v in merged.items() if k in Settings.model_fields and v.strip() != ""}
    try:
        return Settings.model_validate(known)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"setting {name}: {message}")
    return "; ".join(lines)
