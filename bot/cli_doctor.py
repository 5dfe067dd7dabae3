"""`complaint-bot doctor`: checks a deployment end to end, one line per check (issue 10).

settings -> database -> migrations -> key -> WeChat server URL and API -> Telegram getMe,
webhook info and the agents' group -> disk space for evidence. Each line starts with `ok`,
`FAIL` or `skip` and names what is wrong and which setting to change; the exit code is 1 when
any check failed. Nothing is changed: no schema migrated, no key generated, no message sent.
The WeChat access token is the one the workers share (a fresh fetch would invalidate theirs).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.cli_core import guarded
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from storage.engine import Database
    from storage.vault import Vault

TIMEOUT = 10.0  # seconds for each network check (a busy host is slow, not broken)
MIN_FREE_BYTES = 1024**3  # below 1 GiB free, evidence files may soon be refused


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = subparsers.add_parser("doctor", help="check the deployment, one line per check")
    doctor.add_argument(
        "--wechat-url",
        default=None,
        help="the public server URL WeChat calls (default: this host's HTTP_HOST:HTTP_PORT/wechat)",
    )
    doctor.set_defaults(handler=run_doctor)


@dataclass(frozen=True)
class Line:
    status: str  # ok | FAIL | skip
    name: str
    detail: str

    def render(self) -> str:
        return f"{self.status:<4}  {self.name}: {self.detail}"


def ok(name: str, detail: str) -> Line:
    return Line("ok", name, detail)


def fail(name: str, detail: str) -> Line:
    return Line("FAIL", name, detail)


def skip(name: str, detail: str) -> Line:
    return Line("skip", name, detail)


def run_doctor(args: argparse.Namespace) -> int:
    return guarded(_doctor(args))


async def _doctor(args: argparse.Namespace) -> int:
    lines: list[Line] = []

    def emit(line: Line) -> None:
        lines.append(line)
        print(line.render(), flush=True)

    try:
        settings = load_settings()
        _channel_settings(settings)
    except SettingsError as exc:
        emit(fail("settings", str(exc)))
        return 1
    emit(ok("settings", _describe(settings)))
    from storage.engine import Database
    from storage.migrate import schema_revisions  # noqa: F401  (imported before any clock runs)

    database = Database(settings.database_url)
    try:
        reachable, has_schema = await _database(database, settings, emit)
        vault = await _key(database, settings, reachable, emit, has_schema=has_schema)
        if settings.wechat_enabled:
            emit(await _wechat_server(settings, args.wechat_url))
            emit(await _wechat_api(settings, database, vault, reachable))
        else:
            emit(skip("wechat", "WECHAT_TOKEN not set: channel off"))
        if settings.telegram_enabled:
            await _telegram(settings, database if reachable else None, emit)
        else:
            emit(skip("telegram", "TELEGRAM_BOT_TOKEN not set: channel off"))
        emit(_disk(settings))
    finally:
        await database.dispose()
    return 1 if any(line.status == "FAIL" for line in lines) else 0


def _channel_settings(settings: Settings) -> None:
    if settings.telegram_enabled:
        from bot.channels.telegram.config import TelegramConfig

        TelegramConfig.from_settings(settings)  # e.g. webhook mode without its secret


def _describe(settings: Settings) -> str:
    channels = [
        name
        for name, on in (
            ("wechat", settings.wechat_enabled),
            ("telegram", settings.telegram_enabled),
        )
        if on
    ]
    return f"channels: {', '.join(channels) or 'none'}; DATA_DIR {settings.data_dir.resolve()}"


# --- database, migrations, key --------------------------------------------------------------
async def _database(
    database: Database, settings: Settings, emit: Callable[[Line], None]
) -> tuple[bool, bool]:
    """(reachable, has a schema) after the database and migrations lines."""
    from storage.migrate import schema_revisions

    shown = database.url.render_as_string(hide_password=True)
    try:
        current, heads = await asyncio.wait_for(
            schema_revisions(database.engine, settings.database_url), TIMEOUT
        )
    except Exception as exc:  # any driver error: the operator needs its words
        emit(fail("database", f"cannot connect to DATABASE_URL {shown}: {_reason(exc)}"))
        emit(skip("migrations", "needs the database"))
        return False, False
    emit(ok("database", f"connected to {shown}"))
    if not current:
        emit(
            fail(
                "migrations",
                "no schema yet: run `complaint-bot db upgrade` (serve does it at start)",
            )
        )
    elif current != heads:
        emit(
            fail(
                "migrations",
                f"schema at {','.join(current)}, code expects "
                f"{','.join(heads)}: run `complaint-bot db upgrade`",
            )
        )
    else:
        emit(ok("migrations", f"schema at {','.join(heads)} (newest)"))
    return True, bool(current)


async def _key(
    database: Database,
    settings: Settings,
    reachable: bool,
    emit: Callable[[Line], None],
    *,
    has_schema: bool = True,
) -> Vault | None:
    from bot.keys import existing_key
    from storage.keycheck import WRONG_KEY, opens_check, stored_check
    from storage.vault import Vault, VaultError

    try:
        key = existing_key(settings)
        vault = Vault(key) if key else None
    except (SettingsError, VaultError) as exc:
        emit(fail("key", str(exc)))
        return None
    if not reachable:
        emit(skip("key", "needs the database"))
        return vault
    if not has_schema:  # a fresh DATA_DIR: nothing sealed yet, nothing to compare with
        emit(skip("key", "checked once the schema exists (`complaint-bot db upgrade`)"))
        return vault
    try:
        stored = await stored_check(database)
    except Exception as exc:  # no table yet, or the database went away
        emit(skip("key", f"no key check value readable ({_reason(exc)})"))
        return vault
    if vault is None:
        if stored is None:
            emit(ok("key", "none yet: generated into DATA_DIR at the first start"))
        else:
            emit(
                fail(
                    "key",
                    "PII_KEY is not set and DATA_DIR holds no pii.key, but the "
                    "database holds personal data sealed with a key: set PII_KEY",
                )
            )
        return None
    if stored is None:
        emit(ok("key", "PII_KEY is valid; the database has no check value yet (first start)"))
    elif opens_check(vault, stored):
        emit(ok("key", "PII_KEY reads this database's personal data"))
    else:
        emit(fail("key", WRONG_KEY))
        return None  # nothing sealed can be read with it (e.g. the shared WeChat token)
    return vault


# --- WeChat -----------------------------------------------------------------------------------
async def _wechat_server(settings: Settings, url: str | None) -> Line:
    """A signed GET like WeChat's own check when the server URL is saved in its console."""
    import aiohttp

    from bot.channels.wechat.signing import sign

    host = "127.0.0.1" if settings.HTTP_HOST in ("0.0.0.0", "::", "") else settings.HTTP_HOST
    target = url or f"http://{host}:{settings.HTTP_PORT}/wechat"
    timestamp, nonce, echo = str(int(time.time())), uuid.uuid4().hex[:10], uuid.uuid4().hex
    query = {
        "signature": sign(settings.WECHAT_TOKEN or "", timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "echostr": echo,
    }
    try:
        timeout = aiohttp.ClientTimeout(total=TIMEOUT)
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.get(target, params=query) as response,
        ):
            status, body = response.status, await response.text()
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        if url is None and _refused(exc):
            # This host's own port, and nothing listens there: `serve` is not running yet,
            # which is the normal state right after `db upgrade` (docs/operations.md). Not
            # a misconfiguration to fail on; the line says how to check it for real.
            return skip(
                "wechat server URL",
                f"{target}: serve is not running on this host (connection refused); start "
                "`complaint-bot serve` and run doctor again, or pass --wechat-url",
            )
        return fail(
            "wechat server URL",
            f"{target} not reachable ({_reason(exc)}): is `complaint-bot serve` running there?",
        )
    if status == 200 and body == echo:
        return ok("wechat server URL", f"{target} answers WeChat's check with WECHAT_TOKEN")
    if status == 403:
        return fail(
            "wechat server URL",
            f"{target} refused the signature: the server runs with another WECHAT_TOKEN",
        )
    return fail("wechat server URL", f"{target} answered HTTP {status}, not the echo")


@dataclass(frozen=True)
class _Shared:
    db: Database
    vault: Vault
    clock: Callable[[], datetime]


async def _wechat_api(
    settings: Settings, database: Database, vault: Vault | None, reachable: bool
) -> Line:
    import aiohttp

    from bot.channels.wechat.api import WeChatApi, WeChatApiError
    from handlers.services import system_clock

    name = "wechat API"
    if not (settings.WECHAT_APP_ID and settings.WECHAT_APP_SECRET):
        return skip(name, "WECHAT_APP_ID / WECHAT_APP_SECRET not set: no pushes, no media")
    if not reachable or vault is None:
        return skip(name, "needs the database and the key (the access token is shared)")
    base = settings.WECHAT_API_BASE_URL
    api = WeChatApi(
        base,
        settings.WECHAT_APP_ID,
        settings.WECHAT_APP_SECRET,
        _Shared(database, vault, system_clock),
    )
    try:
        count = await asyncio.wait_for(api.check(), TIMEOUT * 2)
    except WeChatApiError as exc:
        return fail(
            name,
            f"WeChat at WECHAT_API_BASE_URL {base} refused: {exc}"
            f"{_WECHAT_HINTS.get(exc.errcode, '')}",
        )
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return fail(name, f"cannot reach WECHAT_API_BASE_URL {base}: {_reason(exc)}")
    finally:
        await api.close()
    return ok(name, f"access token valid at {base} ({count} API address ranges)")


_WECHAT_HINTS = {
    40013: " (check WECHAT_APP_ID)",
    40125: " (check WECHAT_APP_SECRET)",
    40164: " (add this server's IP to the account's IP whitelist)",
    -1: " (check WECHAT_API_BASE_URL)",
}


# --- Telegram ---------------------------------------------------------------------------------
async def _telegram(
    settings: Settings, database: Database | None, emit: Callable[[Line], None]
) -> None:
    import aiohttp

    from bot.channels.telegram.config import TelegramConfig

    config = TelegramConfig.from_settings(settings)
    base = config.api_url + config.token + "/"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as http:

        async def call(method: str, **params: Any) -> dict[str, Any]:
            async with http.post(base + method, json=params) as response:
                try:
                    answer = await response.json(content_type=None)
                except ValueError:  # an HTML error page: not a Bot API at this address
                    return {
                        "ok": False,
                        "error_code": response.status,
                        "description": "the answer is not JSON",
                    }
            return answer if isinstance(answer, dict) else {"ok": False}

        me = await _bot_api("telegram", call("getMe"), config.api_url)
        if isinstance(me, Line):
            emit(me)
            emit(skip("telegram webhook", "needs getMe"))
            emit(skip("agents' group", "needs getMe"))
            return
        emit(ok("telegram", f"getMe: @{me.get('username')} (id {me.get('id')})"))
        emit(
            _webhook_line(
                config, await _bot_api("telegram webhook", call("getWebhookInfo"), config.api_url)
            )
        )
        emit(await _agent_group(settings, database, call, config.api_url))


async def _bot_api(
    name: str, pending: Awaitable[dict[str, Any]], api_url: str
) -> dict[str, Any] | Line:
    """The call's result, or a FAIL line naming the setting at fault."""
    import aiohttp

    try:
        answer = await pending
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
        return fail(
            name, f"cannot reach the Bot API at TELEGRAM_BASE_URL {api_url}: {_reason(exc)}"
        )
    if answer.get("ok"):
        result = answer.get("result")
        return result if isinstance(result, dict) else {"value": result}
    code, description = answer.get("error_code"), answer.get("description", "")
    if code == 401:
        return fail(
            name,
            "the Bot API refused TELEGRAM_BOT_TOKEN (401 Unauthorized): wrong "
            "or revoked token; get one from @BotFather",
        )
    if code == 404 or (code and "not JSON" in str(description)):
        return fail(name, f"TELEGRAM_BASE_URL {api_url} is not a Bot API (HTTP {code})")
    migrated = (answer.get("parameters") or {}).get("migrate_to_chat_id")
    if migrated:
        return fail(
            name, f"the group became supergroup {migrated}: set TELEGRAM_AGENT_CHAT_ID={migrated}"
        )
    return fail(name, f"Bot API error {code}: {description}")


def _webhook_line(config: Any, info: dict[str, Any] | Line) -> Line:
    if isinstance(info, Line):
        return info
    url, pending = info.get("url") or "", info.get("pending_update_count", 0)
    error = info.get("last_error_message")
    if config.mode == "polling":
        note = f" (a webhook to {url} is removed when polling starts)" if url else ""
        return ok("telegram webhook", f"polling mode{note}; {pending} updates waiting")
    if not url:
        return fail(
            "telegram webhook",
            "TELEGRAM_MODE=webhook but no webhook is set: set "
            "TELEGRAM_WEBHOOK_URL (serve registers it)",
        )
    if config.webhook_url and url != config.webhook_url:
        return fail(
            "telegram webhook", f"set to {url}, not TELEGRAM_WEBHOOK_URL {config.webhook_url}"
        )
    if error:
        return fail("telegram webhook", f"{url}: Telegram's last delivery failed: {error}")
    return ok("telegram webhook", f"{url}; {pending} updates waiting")


async def _agent_group(
    settings: Settings,
    database: Database | None,
    call: Callable[..., Awaitable[dict[str, Any]]],
    api_url: str,
) -> Line:
    name = "agents' group"
    if settings.TELEGRAM_AGENT_CHAT_ID is None:
        return skip(
            name,
            "TELEGRAM_AGENT_CHAT_ID not set: new-ticket cards go to each "
            "registered agent's own chat",
        )
    configured = settings.TELEGRAM_AGENT_CHAT_ID
    chat_id = await _moved_to(database, configured) if database is not None else configured
    chat = await _bot_api(name, call("getChat", chat_id=chat_id), api_url)
    if isinstance(chat, Line):
        if "chat not found" in chat.detail:
            return fail(
                name,
                f"TELEGRAM_AGENT_CHAT_ID {chat_id}: chat not found (is the bot "
                "a member of the group?)",
            )
        return chat
    moved = (
        (f"; it moved from {configured}: the bot follows it, set TELEGRAM_AGENT_CHAT_ID={chat_id}")
        if chat_id != configured
        else ""
    )
    return ok(name, f"{chat.get('title') or chat_id} ({chat.get('type')}, id {chat_id}){moved}")


async def _moved_to(database: Database, chat_id: int) -> int:
    """Where the serving workers send the agents' group's messages (bot/channels/telegram/
    moves.py): the configured id, or the supergroup it became."""
    from bot.channels.telegram.moves import PREFIX
    from storage.queries import shared

    try:
        async with database.transaction() as session:
            row = await shared.value(session, f"{PREFIX}{chat_id}")
        moved = row.value_enc if row is not None else None
        return int(moved) if moved else chat_id
    except Exception:  # no schema yet: the configured id is all there is
        return chat_id


# --- disk -------------------------------------------------------------------------------------
def _disk(settings: Settings) -> Line:
    folder = settings.data_dir / "evidence"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".doctor-{uuid.uuid4().hex}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return fail("disk", f"cannot write evidence files into {folder}: {_reason(exc)}")
    free = shutil.disk_usage(folder).free
    text = f"{free / 1024**3:.1f} GiB free for evidence in {folder.resolve()}"
    if free < MIN_FREE_BYTES:
        return fail("disk", text + " (less than 1 GiB)")
    return ok("disk", text)


def _refused(exc: BaseException) -> bool:
    """Whether the connection was refused (nothing listens on the port), as opposed to a
    timeout, a name that does not resolve or an error in TLS."""
    while exc is not None:
        if isinstance(exc, ConnectionRefusedError):
            return True
        os_error = getattr(exc, "os_error", None)
        if isinstance(os_error, ConnectionRefusedError):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def _reason(exc: BaseException) -> str:
    words = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {words[0]}" if words else type(exc).__name__
