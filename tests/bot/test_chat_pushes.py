"""Console pushes (issue 4 item 8): a chat session shows its user's outbox rows, each once."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.app import App, open_console
from bot.channels.console import Console, Terminal
from tests.bot.outbox_support import enqueue, outbox_rows
from tests.support import FakeClock, make_app


def console_session(app: App, stdin: io.TextIOBase, every: float) -> tuple[Console, io.StringIO]:
    """The console `chat` opens (bot/app.py:open_console), on in-memory text streams."""
    stdout = io.StringIO()
    terminal = Terminal("alice", stdin=stdin, stdout=stdout, poll_every=every)  # type: ignore[arg-type]
    return open_console(app, terminal), stdout


async def wait_for_text(stdout: io.StringIO, text: str) -> None:
    for _ in range(250):
        if text in stdout.getvalue():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{text!r} never shown; got {stdout.getvalue()!r}")


async def test_waiting_pushes_first_and_new_ones_while_open(app: App) -> None:
    await enqueue(app, "alice", "工单 CP20261122001 有新回复", channel="console")
    await enqueue(app, "bob", "not for alice", channel="console")
    read_end, write_end = os.pipe()
    with open(read_end, encoding="utf-8") as stdin, open(write_end, "w") as feed:
        console, stdout = console_session(app, stdin, every=0.02)
        session = asyncio.create_task(console.run())
        await wait_for_text(stdout, "有新回复")
        await enqueue(app, "alice", "您的投诉已解决", channel="console")
        await wait_for_text(stdout, "您的投诉已解决")  # without typing anything
        feed.close()
        await asyncio.wait_for(session, 10)
    shown = stdout.getvalue()
    assert shown.index("有新回复") < shown.index("您的投诉已解决")
    assert shown.count("有新回复") == 1 and shown.count("您的投诉已解决") == 1
    assert "not for alice" not in shown
    assert [(r.user_id, r.status) for r in await outbox_rows(app)] == [
        ("alice", "sent"),
        ("bob", "pending"),
        ("alice", "sent"),
    ]


async def test_pushes_due_at_end_of_input_are_still_shown(app: App) -> None:
    class Script(io.StringIO):
        """Lines, then end of input; a push becomes due while the last line is handled."""

        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            line = super().readline()
            if line == "":
                asyncio.run_coroutine_threadsafe(
                    enqueue(app, "alice", "请补充材料", channel="console"), loop
                ).result(10)
            return line

    loop = asyncio.get_running_loop()
    console, stdout = console_session(app, Script("/help\n"), every=3600)
    await asyncio.wait_for(console.run(), 20)
    assert stdout.getvalue().count("请补充材料") == 1
    assert [r.status for r in await outbox_rows(app)] == ["sent"]


async def test_chat_command_shows_pushes_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    async with make_app("sqlite", data_dir, FakeClock(datetime.now(UTC))) as app:
        await enqueue(app, "alice", "客服回复：已为您办理退款", channel="console")
        await enqueue(app, "bob", "not for alice", channel="console")
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": ""}

    def chat() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "chat", "--user", "alice"],
            input="/help\n",
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )

    first = await asyncio.to_thread(chat)
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("客服回复：已为您办理退款") == 1
    assert "not for alice" not in first.stdout and "> " not in first.stdout
    again = await asyncio.to_thread(chat)
    assert "已为您办理退款" not in again.stdout  # shown once, marked sent
