"""Keys at start-up (issue 10 item 6): a worker whose PII_KEY cannot read the database's key
check value refuses to start with one clear line; PostgreSQL requires PII_KEY."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.app import build
from bot.settings import SettingsError, load_settings
from storage.keycheck import WRONG_KEY
from storage.vault import VaultError
from tests.bot.cli_process import cli_env, run
from tests.support import BACKENDS, PG_URL, FakeClock, database_url, make_app


async def test_the_first_start_stores_the_check_and_the_same_key_starts_again(
    app,
    tmp_path: Path,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    again = await build(app.settings, clock=clock, search_path=app.db.search_path)
    await again.close()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_another_key_refuses_to_build(backend: str, tmp_path: Path, clock: FakeClock) -> None:
    async with make_app(backend, tmp_path / "data", clock) as first:
        other = first.settings.model_copy(update={"PII_KEY": Fernet.generate_key().decode()})
        with pytest.raises(VaultError, match="cannot read the personal data"):
            await build(other, clock=clock, search_path=first.db.search_path)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_worker_with_another_key_says_so_in_one_line(tmp_path: Path, backend: str) -> None:
    async with database_url(backend) as url:
        env = cli_env(tmp_path / "data", url)
        code, _, err = await run(env, "chat", "--user", "first")  # creates the check value
        assert code == 0, err
        wrong = {**env, "PII_KEY": Fernet.generate_key().decode()}
        code, _out, err = await run(wrong, "serve")
    assert code == 2
    # serve logs its start-up (migrations) first; the refusal is one line, no traceback.
    assert err.strip().splitlines()[-1] == f"complaint-bot: error: {WRONG_KEY}"
    assert "Traceback" not in err


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL")
async def test_postgresql_without_pii_key_is_a_setting_error(tmp_path: Path) -> None:
    settings = load_settings({"DATA_DIR": str(tmp_path), "DATABASE_URL": PG_URL}, None)
    with pytest.raises(SettingsError, match="setting PII_KEY: required"):
        await build(settings)
    assert not (tmp_path / "pii.key").exists()  # no key generated behind the operator's back
    env = {**cli_env(tmp_path / "data", PG_URL), "PII_KEY": ""}
    code, _, err = await run(env, "serve")
    assert code == 2 and "setting PII_KEY: required" in err
