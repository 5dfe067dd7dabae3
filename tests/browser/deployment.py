"""A deployment as a newcomer sets one up, in real processes: a DATA_DIR of its own,
`complaint-bot db upgrade`, `agents add`, `serve` on a free 127.0.0.1 port (no channel
credentials: the HTTP server with the console, and the scheduler), and `chat` sessions for
customers and agents on the same SQLite database."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bot.settings import load_settings
from handlers.web_links import issue_link
from storage.engine import Database
from storage.queries import agents as agent_rows
from tests.bot.cli_process import Session, cli_env, run

# A complaint with everything the intake asks for; `暂无` answers the evidence question and
# `1` confirms the summary (as in tests/bot/test_console_cli.py).
COMPLAINT = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
SIGN_IN_LINK = re.compile(r"https?://127\.0\.0\.1:\d+/console/signin\?token=[\w-]+")
TICKET_NUMBER = re.compile(r"[A-Z]{2}\d{11}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Deployment:
    """One DATA_DIR, one `serve`, and the commands around them."""

    root: Path
    port: int = field(default_factory=free_port)
    serve: asyncio.subprocess.Process | None = None
    sessions: list[Session] = field(default_factory=list)
    tickets: dict[str, str] = field(default_factory=dict)  # what a fixture filed, by its name

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def serve_log(self) -> Path:
        return self.root / "serve.log"

    @property
    def env(self) -> dict[str, str]:
        # The same settings for every process: `/web` in a chat builds its link from them.
        return {
            **cli_env(self.data_dir, ""),
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(self.port),
        }

    async def cli(self, *args: str, stdin: str = "") -> str:
        """Runs `complaint-bot ARGS`; its stdout, or AssertionError with what it said."""
        code, out, err = await run(self.env, *args, stdin=stdin, cwd=self.root)
        assert code == 0, f"complaint-bot {' '.join(args)} exited {code}:\n{out}\n{err}"
        return out

    async def add_agents(self, agents: Iterable[tuple[str, str, bool]]) -> None:
        """`agents add --channel console` for each (id, name, supervisor), at once."""
        await asyncio.gather(
            *(
                self.cli(
                    "agents",
                    "add",
                    "--channel",
                    "console",
                    "--id",
                    user_id,
                    "--name",
                    name,
                    *(["--supervisor"] if supervisor else []),
                )
                for user_id, name, supervisor in agents
            )
        )

    async def file_complaint(self, customer: str, text: str = COMPLAINT) -> str:
        """A customer files a complaint through a piped `chat`; the ticket's number."""
        out = await self.cli("chat", "--user", customer, stdin=f"{text}\n暂无\n1\n")
        assert "投诉受理确认函" in out, out
        found = TICKET_NUMBER.search(out.split("投诉受理确认函", 1)[1])
        assert found, out
        return found.group()

    async def agent_says(self, agent: str, *lines: str) -> str:
        """An agent's piped `chat --agent` session; everything it printed."""
        return await self.cli(
            "chat", "--agent", "--user", agent, stdin="".join(f"{x}\n" for x in lines)
        )

    async def sign_in_links(self, *agents: str) -> dict[str, str]:
        """One-time sign-in links for console agents by id, as `web-link --agent ID` makes
        them (handlers/web_links.py:issue_link), in this process: one database visit instead
        of a CLI start per agent (the chat's `/web` is tested as a process)."""
        settings = load_settings(self.env, None)
        database = Database(settings.database_url)
        links: dict[str, str] = {}
        try:
            async with database.transaction() as session:
                for user_id in agents:
                    agent = await agent_rows.registered(session, "console", user_id)
                    assert agent is not None, user_id
                    links[user_id] = await issue_link(
                        session,
                        agent,
                        now=datetime.now(UTC),
                        minutes=settings.WEB_LINK_MINUTES,
                        public_url=settings.public_url,
                    )
        finally:
            await database.dispose()
        return links

    async def chat(self, *args: str) -> Session:
        """A `chat` session kept open (closed at the end of the test)."""
        session = await Session.start(self.env, *args, cwd=self.root)
        self.sessions.append(session)
        return session

    async def start_serve(self) -> None:
        """`complaint-bot serve`, its output in serve.log; returns once /healthz answers."""
        with self.serve_log.open("wb") as log:
            self.serve = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "serve",
                env=self.env,
                cwd=self.root,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        async with aiohttp.ClientSession() as http:
            for _ in range(1200):
                if self.serve.returncode is not None:
                    break
                try:
                    async with http.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"serve never answered /healthz:\n{self.log()}")

    def log(self) -> str:
        return self.serve_log.read_text(encoding="utf-8", errors="replace")

    async def stop(self) -> None:
        for session in self.sessions:
            if session.process.returncode is None:
                session.kill()
                await session.process.wait()
        if self.serve is not None and self.serve.returncode is None:
            self.serve.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.serve.wait(), 30)
            except TimeoutError:
                self.serve.kill()
                await self.serve.wait()
