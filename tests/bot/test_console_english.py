"""`complaint-bot chat --lang en` as a real process (issue 9 item 7), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build
from bot.settings import load_settings
from storage.models import Ticket
from tests.bot.cli_process import cli_env, run
from tests.support import BACKENDS, TZ, database_url


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    async with database_url(request.param) as url:
        yield cli_env(tmp_path / "data", url)


async def test_an_english_session_files_a_complaint_in_english(env: dict[str, str]) -> None:
    script = (
        "\n".join(
            [
                "The headphones I bought stopped working after two days",
                "Nov 20",
                "at your Chaoyang store",
                "1",
                "My name is John Smith",
                "john@example.com",
                "none",
                "1",
            ]
        )
        + "\n"
    )
    code, out, err = await run(env, "chat", "--user", "john", "--lang", "en", stdin=script)
    assert code == 0, err
    assert out.startswith("Hello! I take complaints")  # the opening /start, in English
    assert "1. Refund / return" in out and "Complaint acknowledgement" in out
    assert not re.search(r"[\u4e00-\u9fff]", out), out

    app = await build(load_settings(env, None))
    try:
        async with app.db.transaction() as session:
            [ticket] = (await session.execute(select(Ticket))).scalars().all()
        assert ticket.locale == "en" and ticket.number in out
        assert ticket.product == "headphones" and ticket.store == "Chaoyang store"
        assert ticket.occurred_at is not None  # the real clock: the year depends on today
        assert ticket.occurred_at.astimezone(TZ).strftime("%m-%d") == "11-20"
        assert ticket.remedy == "refund"
        assert app.services.vault.open(ticket.name_enc) == "John Smith"
    finally:
        await app.close()


async def test_lang_is_checked(env: dict[str, str]) -> None:
    code, _, err = await run(env, "chat", "--lang", "fr", stdin="")
    assert code == 2 and "--lang" in err
