"""`complaint-bot report` as a real process, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build
from bot.cli import main
from bot.settings import load_settings
from tests.bot.cli_process import cli_env, run
from tests.handlers.report_support import REPORT_NOW, build_month
from tests.support import BACKENDS, FakeClock, database_url

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with database_url(request.param) as url:
        yield cli_env(tmp_path / "data", url)


async def seed(env: dict[str, str]) -> None:
    app = await build(load_settings(env, None), clock=FakeClock(REPORT_NOW))
    try:
        await build_month(app, app.services.clock)  # type: ignore[arg-type]
    finally:
        await app.close()


async def test_report_prints_the_month_and_draws_a_png(env: dict[str, str], tmp_path: Path) -> None:
    await seed(env)
    chart = tmp_path / "out.png"
    code, out, err = await run(
        env, "report", "--month", "2026-11", "--png", str(chart), cwd=tmp_path
    )
    assert code == 0, err
    assert "投诉月报 2026-11" in out and "共 4 件" in out
    assert "产品质量" in out and "紧急" in out and "控制台" in out
    lines = out.splitlines()
    first = next(line for line in lines if line.strip().startswith("首次响应"))
    assert first.split() == ["首次响应", "3", "1.5", "小时", "3.0", "小时"]
    assert any(line.split()[:4] == ["首次响应", "2", "2", "0"] for line in lines)
    assert "回评 2 件，平均 3.00 分，1-2 分占 50.0%，未回复 1 件" in out
    assert "重新打开的工单：1 件" in out and "空调 2" in out
    assert "13812345678" not in out and "王芳" not in out
    data = chart.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000


def test_an_empty_month_is_zeros_in_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["report", "--month", "2026-02", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["total"] == 0 and figures["by_category"]["product_quality"] == 0
    assert figures["sla"]["resolution"]["share"] is None and figures["top_words"] == []


@pytest.mark.parametrize("month", ["2026-13", "abc"])
def test_a_bad_month_is_one_line_and_exit_2(
    month: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process, not a new one: the month is refused before anything is opened.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert main(["report", "--month", month]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [
        f"complaint-bot: error: --month must be a month like 2026-11, not {month!r}"
    ]
    assert not (tmp_path / "data").exists()
