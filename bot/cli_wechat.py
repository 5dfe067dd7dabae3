"""`complaint-bot wechat menu`: installs the Official Account's custom menu through the API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.cli_core import fail, guarded
from bot.settings import load_settings

if TYPE_CHECKING:
    from storage.engine import Database
    from storage.vault import Vault


@dataclass(frozen=True)
class _Shared:
    db: Database
    vault: Vault
    clock: Callable[[], datetime]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    wechat = subparsers.add_parser("wechat", help="WeChat Official Account tools")
    actions = wechat.add_subparsers(dest="wechat_command", metavar="ACTION", required=True)
    actions.add_parser(
        "menu", help="install the custom menu (我要投诉 / 查询进度 / 使用帮助)"
    ).set_defaults(handler=run_menu)


def run_menu(args: argparse.Namespace) -> int:
    return guarded(_menu())


async def _menu() -> int:
    import aiohttp

    from bot.channels.wechat.api import WeChatApi, WeChatApiError
    from bot.channels.wechat.menu import MENU
    from bot.keys import pii_key
    from handlers.services import system_clock
    from storage.engine import Database
    from storage.keycheck import verify_key
    from storage.migrate import upgrade
    from storage.vault import Vault

    settings = load_settings()
    if not (settings.WECHAT_APP_ID and settings.WECHAT_APP_SECRET):
        return fail("setting WECHAT_APP_ID and WECHAT_APP_SECRET: both are needed for the menu")
    # Only what the shared access token needs (no classifier to load): the same token as
    # the running workers, so installing the menu never invalidates theirs.
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    vault = Vault(pii_key(settings))
    database = Database(settings.database_url)
    try:
        await upgrade(database.engine, settings.database_url)
        await verify_key(database, vault, system_clock())
    except BaseException:
        await database.dispose()
        raise
    shared = _Shared(database, vault, system_clock)
    api = WeChatApi(
        settings.WECHAT_API_BASE_URL, settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, shared
    )
    try:
        await api.create_menu(MENU)
    except WeChatApiError as exc:
        return fail(f"WeChat refused the menu: {exc}")
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return fail(f"cannot reach {settings.WECHAT_API_BASE_URL}: {exc}")
    finally:
        await api.close()
        await database.dispose()
    names = " / ".join(button["name"] for button in MENU["button"])
    print(f"menu installed: {names}", file=sys.stdout)
    return 0
