"""`complaint-bot serve` as a real process: it answers /healthz and stops cleanly on signals."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.app import CHANNELS, agent_rooms
from bot.channels.base import ChannelFactory
from bot.cli_serve import _listen
from bot.server import HttpServer
from bot.settings import SettingsError, load_settings
from tests.support import BACKENDS, PG_PII_KEY, database_url

# Channels stay off whatever the developer's shell or .env holds.
CLEAN = {"TELEGRAM_BOT_TOKEN": "", "WECHAT_TOKEN": "", "DATABASE_URL": ""}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_serve(tmp_path: Path, **env: str) -> asyncio.subprocess.Process:
    environ = {**os.environ, **CLEAN, "DATA_DIR": str(tmp_path / "data"), **env}
    if environ.get("DATABASE_URL", "").startswith("postgresql"):
        environ["PII_KEY"] = environ.get("PII_KEY") or PG_PII_KEY  # required there
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        cwd=tmp_path,
        env=environ,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_healthy(url: str, process: asyncio.subprocess.Process) -> dict[str, str]:
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            if process.returncode is not None:
                break
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return dict(await response.json())
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("serve never answered /healthz")


SIGNALS = [("sqlite", signal.SIGINT), *((b, signal.SIGTERM) for b in BACKENDS)]


@pytest.mark.parametrize(("backend", "sig"), SIGNALS)
async def test_serve_answers_healthz_and_stops_cleanly(
    tmp_path: Path, backend: str, sig: signal.Signals
) -> None:
    port = free_port()
    async with database_url(backend) as url:
        process = await start_serve(tmp_path, HTTP_PORT=str(port), DATABASE_URL=url)
        try:
            health = await wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
            assert health["status"] == "ok"
            process.send_signal(sig)
            stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "no channel has credentials" in log
    assert "stopped" in log and "Traceback" not in log
    assert stdout == b""


async def test_a_bad_setting_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    process = await start_serve(tmp_path, HTTP_PORT="99999")
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert stderr.decode().strip().splitlines() == [
        "complaint-bot: error: setting HTTP_PORT: must be a port number between 1 and 65535"
    ]


async def test_a_port_in_use_is_a_clear_settings_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = HttpServer(web.Application(), "127.0.0.1", port)
        try:
            with pytest.raises(SettingsError, match=f"cannot listen on 127.0.0.1:{port}"):
                await _listen(server)
        finally:
            await server.stop()


def test_the_registry_names_each_channel_once_and_all_stay_off_without_settings() -> None:
    assert list(CHANNELS) == ["telegram", "wechat", "console"]
    assert all(isinstance(f, ChannelFactory) and f.name == n for n, f in CHANNELS.items())
    bare = load_settings({}, None)
    assert [f.config(bare) for f in CHANNELS.values()] == [None, None, None]
    on = load_settings({"TELEGRAM_BOT_TOKEN": "1:x", "WECHAT_TOKEN": "t"}, None)
    assert [f.name for f in CHANNELS.values() if f.config(on) is not None] == [
        "telegram",
        "wechat",
    ]


def test_agent_rooms_come_from_the_telegram_agent_group() -> None:
    off = load_settings({"TELEGRAM_AGENT_CHAT_ID": "-100123"}, None)
    on = load_settings({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_AGENT_CHAT_ID": "-100123"}, None)
    assert agent_rooms(off) == ()
    assert agent_rooms(on) == (("telegram", "-100123"),)
