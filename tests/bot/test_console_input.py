"""The console reads what a terminal or a pipe gives it, even bytes that are not UTF-8
(issue 10 item 3): `printf '快递丢了\\xe5\\xbf\\n' | complaint-bot chat --user x`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build
from bot.settings import load_settings
from storage.models import InboundMessage
from tests.bot.cli_process import cli_env
from tests.support import BACKENDS, database_url


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_paste_cut_inside_a_character_is_kept_with_a_replacement_mark(
    tmp_path: Path, backend: str
) -> None:
    async with database_url(backend) as url:
        env = cli_env(tmp_path / "data", url)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "chat",
            "--user",
            "x",
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(
            process.communicate("快递丢了".encode() + b"\xe5\xbf\n"), 60
        )
        assert process.returncode == 0, err.decode()
        assert b"Traceback" not in err and b"Traceback" not in out
        assert "系统刚才出了点问题" not in out.decode()
        assert "什么时候" in out.decode()  # the story was read: the next question follows
        app = await build(load_settings(env, None))
        try:
            async with app.db.transaction() as session:
                rows = (await session.execute(select(InboundMessage))).scalars().all()
            texts = [app.services.vault.open_json(r.body_enc)["text"] for r in rows]
        finally:
            await app.close()
        assert "快递丢了\ufffd" in texts
