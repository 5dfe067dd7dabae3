"""Driving `complaint-bot` as a real process, line by line, from a test."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

CLEAN = {"TELEGRAM_BOT_TOKEN": "", "WECHAT_TOKEN": "", "DATABASE_URL": "", "PII_KEY": ""}


def cli_env(data_dir: Path, database_url: str) -> dict[str, str]:
    from tests.support import PG_PII_KEY

    # PostgreSQL requires a shared PII_KEY; SQLite generates one into DATA_DIR.
    key = PG_PII_KEY if database_url.startswith("postgresql") else ""
    return {
        **os.environ,
        **CLEAN,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "PII_KEY": key,
    }


async def run(
    env: dict[str, str], *args: str, stdin: str = "", cwd: Path | None = None, timeout: float = 60
) -> tuple[int, str, str]:
    """Runs one command to the end; returns (exit code, stdout, stderr)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=env,
        cwd=cwd,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin.encode()), timeout)
    return process.returncode or 0, out.decode(), err.decode()


class Session:
    """A `chat` process fed one line at a time, as a person at a terminal would."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.seen = ""

    @classmethod
    async def start(cls, env: dict[str, str], *args: str, cwd: Path | None = None) -> Session:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "chat",
            *args,
            env=env,
            cwd=cwd,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        return cls(process)

    async def expect(self, words: str, timeout: float = 60) -> str:
        """Reads output until `words` appear; returns everything read so far."""
        assert self.process.stdout is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while words not in self.seen:
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"did not see {words!r} in:\n{self.seen}")
            line = await asyncio.wait_for(self.process.stdout.readline(), left)
            if not line:
                raise AssertionError(f"process ended before {words!r}:\n{self.seen}")
            self.seen += line.decode()
        return self.seen

    async def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        await self.process.stdin.drain()

    def kill(self) -> None:
        self.process.kill()

    async def close(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.close()
        rest = await asyncio.wait_for(self.process.communicate(), 60)
        self.seen += rest[0].decode()
        return self.seen
