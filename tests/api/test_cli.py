"""`complaint-bot api-tokens create|list|revoke` as real processes on a DATA_DIR, and the
created token against the running server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build
from bot.cli import main
from bot.settings import load_settings
from storage.queries import api_tokens as tokens_q
from tests.api.support import serving
from tests.bot.cli_process import cli_env, run
from tests.handlers.lifecycle_support import add_agent
from tests.support import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with database_url(request.param) as url:
        yield cli_env(tmp_path / "data", url)


async def test_create_list_revoke_and_the_token_works(env: dict[str, str], tmp_path: Path) -> None:
    app = await build(load_settings(env, None))
    try:
        await add_agent(app, "a1", "张三")
    finally:
        await app.close()
    code, out, err = await run(
        env,
        "api-tokens", "create", "--agent", "a1", "--scope", "read", "--name", "BI export",
        cwd=tmp_path,
    )  # fmt: skip
    assert code == 0, err
    token = out.strip()
    assert token.startswith("cbt_") and len(token) > 40 and "\n" not in token
    assert "not shown again" in err

    code, listed, err = await run(env, "api-tokens", "list", cwd=tmp_path)
    assert code == 0, err
    [header, row] = listed.splitlines()
    assert header.split("\t")[:5] == ["id", "name", "prefix", "agent", "scope"]
    cells = row.split("\t")
    assert cells[1] == "BI export" and cells[3] == "console:a1 张三" and cells[4] == "read"
    assert cells[2] == token[:12] + "…" and token not in listed
    assert cells[6] == "-" and cells[7] == "-"  # never used, not revoked
    token_id = cells[0]

    app = await build(load_settings(env, None))
    try:
        async with serving(app.services) as api:
            assert (await api.get("/tickets", token)).status == 200
            code, out, err = await run(env, "api-tokens", "revoke", token_id, cwd=tmp_path)
            assert code == 0 and "revoked" in out, err
            answer = await api.get("/tickets", token)
            assert answer.status == 401 and answer.body["error"]["code"] == "invalid_token"
        async with app.db.transaction() as session:
            [row] = await tokens_q.every(session)
        assert row.revoked_at is not None and row.last_used_at is not None
    finally:
        await app.close()


def test_refusals_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process: nothing here needs a server, and a process start costs seconds.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["api-tokens", "create", "--agent", "nobody", "--scope", "read"]) != 0
    out, err = capsys.readouterr()
    assert out == "" and "no active agent 'nobody'" in err
    assert main(["api-tokens", "revoke", "99"]) != 0
    assert "no API token 99" in capsys.readouterr().err
    assert main(["api-tokens", "list"]) == 0
    assert "no API tokens" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        main(["api-tokens", "create", "--agent", "a1", "--scope", "all"])
    assert exited.value.code == 2 and "invalid choice" in capsys.readouterr().err
