"""`complaint-bot wechat menu` installs the menu through the fake WeChat API (a real process)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.bot.fake_wechat import FakeWeChat, running


async def run_cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=env,
        cwd=Path(__file__).parents[2],
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


async def test_menu_is_installed_through_the_api(tmp_path: Path) -> None:
    async with running(FakeWeChat()) as fake:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "DATA_DIR": str(tmp_path / "data"),
            "WECHAT_TOKEN": "t",
            "WECHAT_APP_ID": fake.app_id,
            "WECHAT_APP_SECRET": fake.secret,
            "WECHAT_API_BASE_URL": fake.url,
        }
        code, out, err = await run_cli(env, "wechat", "menu")
        assert code == 0, err
        assert "我要投诉 / 查询进度 / 使用帮助" in out
        [call] = fake.of("/cgi-bin/menu/create")
        assert call.query["ok"] == "1"
        buttons = call.body["button"]
        assert [(b["name"], b["key"]) for b in buttons] == [
            ("我要投诉", "COMPLAIN"),
            ("查询进度", "STATUS"),
            ("使用帮助", "HELP"),
        ]
        assert fake.token_fetches == 1
