"""Newcomer trial 12, `complaint-bot report` as a real process: the current month without
--month, and the text and CSV written when the chart cannot be drawn (no matplotlib)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build
from bot.settings import load_settings
from tests.bot.cli_process import cli_env, run
from tests.handlers.report_support import REPORT_NOW, build_month
from tests.support import FakeClock, database_url

# Python reads sitecustomize at start: a machine where matplotlib is not installed, as
# importlib and `import` both see it (a module set to None in sys.modules is "not found").
NO_MATPLOTLIB = "import sys\nsys.modules['matplotlib'] = None\n"


async def test_report_without_month_is_the_current_month(tmp_path: Path) -> None:
    async with database_url("sqlite") as url:
        env = cli_env(tmp_path / "data", url)
        code, out, err = await run(env, "report")
    month = datetime.now(ZoneInfo(load_settings(env, None).TIMEZONE)).strftime("%Y-%m")
    assert code == 0, err
    assert month in out


async def test_without_matplotlib_the_text_and_csv_are_still_written(tmp_path: Path) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(NO_MATPLOTLIB, encoding="utf-8")
    async with database_url("sqlite") as url:
        env = cli_env(tmp_path / "data", url)
        app = await build(load_settings(env, None), clock=FakeClock(REPORT_NOW))
        try:
            await build_month(app, app.services.clock)  # type: ignore[arg-type]
        finally:
            await app.close()
        env = {**env, "PYTHONPATH": f"{shim}:{env.get('PYTHONPATH', '')}"}
        chart, table = tmp_path / "r.png", tmp_path / "r.csv"
        code, out, err = await run(
            env, "report", "--month", "2026-11", "--png", str(chart), "--csv", str(table)
        )
        assert code == 0, err
        assert "2026-11" in out and table.is_file() and not chart.exists()
        notes = [line for line in err.splitlines() if "chart" in line]
        assert len(notes) == 1 and "needs matplotlib" in notes[0], err
        # Only the chart asked for, and it cannot be drawn: one error line, exit 2, as for
        # a missing font (tests/bot/test_fonts.py).
        code, out, err = await run(env, "report", "--month", "2026-11", "--png", str(chart))
        assert code == 2 and out == "" and "needs matplotlib" in err
