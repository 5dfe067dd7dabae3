"""`complaint-bot web-link --agent ID` as a real process: it prints a link that signs the
agent in once, with the settings' PUBLIC_URL as its base; an unknown agent is exit 2."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build
from bot.settings import load_settings
from tests.bot.cli_process import cli_env, run
from tests.support import BACKENDS, database_url
from tests.web.support import TOKEN, console, sign_in


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with database_url(request.param) as url:
        yield {**cli_env(tmp_path / "data", url), "PUBLIC_URL": "https://desk.example.com/"}


async def test_web_link_prints_a_one_time_link(env: dict[str, str], tmp_path: Path) -> None:
    code, _, err = await run(
        env, "agents", "add", "--channel", "console", "--id", "a1", "--name", "张三", cwd=tmp_path
    )
    assert code == 0, err
    code, out, err = await run(env, "web-link", "--agent", "a1", cwd=tmp_path)
    assert code == 0, err
    assert out.startswith("https://desk.example.com/console/signin?token=")
    found = TOKEN.search(out)
    assert found
    app = await build(load_settings(env, None))
    try:
        async with console(app) as client:
            answer = await sign_in(client, found.group(1))
            assert answer.status == 303
            assert answer.cookies["console_session"]["secure"]  # PUBLIC_URL is https
            assert (await sign_in(client, found.group(1))).status == 403
    finally:
        await app.close()

    code, out, err = await run(env, "web-link", "--agent", "nobody", cwd=tmp_path)
    assert code == 2 and "nobody" in err and not out
