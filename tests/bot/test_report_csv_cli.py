"""`complaint-bot report --csv FILE` as a real process: the month's tickets, masked by default."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.app import build
from bot.settings import load_settings
from tests.bot.cli_process import cli_env, run
from tests.handlers.report_support import REPORT_NOW, build_month
from tests.support import FakeClock, database_url


async def test_the_csv_is_written_masked_unless_whole_contacts(tmp_path: Path) -> None:
    async with database_url("sqlite") as url:
        env = cli_env(tmp_path / "data", url)
        app = await build(load_settings(env, None), clock=FakeClock(REPORT_NOW))
        try:
            month = await build_month(app, app.services.clock)  # type: ignore[arg-type]
        finally:
            await app.close()
        masked, whole = tmp_path / "masked.csv", tmp_path / "whole.csv"
        code, _, err = await run(env, "report", "--month", "2026-11", "--csv", str(masked))
        assert code == 0 and f"tickets written to {masked}" in err
        code, _, err = await run(
            env, "report", "--month", "2026-11", "--csv", str(whole), "--whole-contacts"
        )
        assert code == 0, err
    assert masked.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel looks for
    with masked.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["工单号"] for r in rows] == [month.numbers[letter] for letter in "ABCD"]
    assert rows[0]["电话"] == "138****5678" and "13812345678" not in masked.read_text("utf-8")
    assert "13812345678" in whole.read_text("utf-8")
