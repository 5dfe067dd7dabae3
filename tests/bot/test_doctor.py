"""`complaint-bot doctor` as a real process against the local fakes (issue 10 item 6): a
running `serve`, the fake Bot API and the fake WeChat API all green; then each
misconfiguration named in exactly one FAIL line."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.bot.cli_process import cli_env, run
from tests.bot.fake_telegram import TOKEN, Group, fake_telegram
from tests.bot.fake_wechat import FakeWeChat, running
from tests.bot.test_serve_cli import free_port, wait_healthy
from tests.support import BACKENDS, database_url

GROUP = Group(-100777, "客服组")
WECHAT_TOKEN = "doctor-wechat-token"


@pytest.fixture(params=BACKENDS)
async def deployment(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[dict[str, str]]:
    """A running `serve` with both channels on the fakes; yields its environment."""
    wechat = FakeWeChat()
    async with fake_telegram() as telegram, running(wechat), database_url(request.param) as url:
        telegram.groups[GROUP.id] = GROUP.as_json()
        port = free_port()
        env = {
            **cli_env(tmp_path / "data", url),
            "HTTP_PORT": str(port),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": telegram.api_url,
            "TELEGRAM_AGENT_CHAT_ID": str(GROUP.id),
            "WECHAT_TOKEN": WECHAT_TOKEN,
            "WECHAT_APP_ID": wechat.app_id,
            "WECHAT_APP_SECRET": wechat.secret,
            "WECHAT_API_BASE_URL": wechat.url,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "serve",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
            yield env
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 30)


def failures(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("FAIL")]


async def test_doctor_is_green_then_names_each_misconfiguration(
    deployment: dict[str, str], tmp_path: Path
) -> None:
    code, out, err = await run(deployment, "doctor", cwd=tmp_path)
    assert code == 0, out + err
    names = [line[6:].split(":")[0] for line in out.splitlines()]
    assert names == [
        "settings",
        "database",
        "migrations",
        "key",
        "wechat server URL",
        "wechat API",
        "telegram",
        "telegram webhook",
        "agents' group",
        "disk",
    ]
    assert all(line.startswith("ok ") for line in out.splitlines()), out

    wrong = {
        "TELEGRAM_BOT_TOKEN": (
            "999:wrong",
            "FAIL  telegram: the Bot API refused TELEGRAM_BOT_TOKEN",
        ),
        "TELEGRAM_BASE_URL": (
            deployment["TELEGRAM_BASE_URL"].removesuffix("/bot") + "/nothing",
            "FAIL  telegram: TELEGRAM_BASE_URL",
        ),
        "WECHAT_API_BASE_URL": (
            deployment["WECHAT_API_BASE_URL"] + "/elsewhere",
            "FAIL  wechat API: WeChat at WECHAT_API_BASE_URL",
        ),
        "PII_KEY": (Fernet.generate_key().decode(), "FAIL  key: PII_KEY cannot read"),
        "DATABASE_URL": (
            "postgresql+asyncpg://postgres@127.0.0.1:1/gone",
            "FAIL  database: cannot connect to DATABASE_URL",
        ),
        "WECHAT_TOKEN": ("another-token", "FAIL  wechat server URL:"),
        "TELEGRAM_AGENT_CHAT_ID": ("-100999", "FAIL  agents' group: TELEGRAM_AGENT_CHAT_ID"),
    }
    envs = []
    for setting, (value, _) in wrong.items():
        env = {**deployment, setting: value}
        if setting == "DATABASE_URL":
            env["PII_KEY"] = env["PII_KEY"] or Fernet.generate_key().decode()
        envs.append(env)
    # Independent processes: run side by side (each mostly waits for its imports and calls).
    results = await asyncio.gather(*(run(env, "doctor", cwd=tmp_path) for env in envs))
    for (setting, (_, expected)), (code, out, err) in zip(wrong.items(), results, strict=True):
        assert code == 1, (setting, out, err)
        assert [line[: len(expected)] for line in failures(out)] == [expected], (setting, out)


async def test_doctor_on_a_fresh_data_dir_says_what_to_do(tmp_path: Path) -> None:
    """Before the first start: the migrations line says `db upgrade`, and the key line skips
    with the same advice instead of a raw "no such table" (newcomer trial)."""
    env = cli_env(tmp_path / "data", "")  # "": SQLite in DATA_DIR
    code, out, err = await run(env, "doctor", cwd=tmp_path)
    assert code == 1, out + err
    assert "FAIL  migrations: no schema yet: run `complaint-bot db upgrade`" in out
    [key] = [line for line in out.splitlines() if line[6:].startswith("key:")]
    assert key.startswith("skip") and "db upgrade" in key and "Error" not in key, key
