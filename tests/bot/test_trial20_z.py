"""Newcomer trial 20 (helper z): after `db upgrade`, with WeChat configured and `serve` not
running yet, `doctor` skips the server URL check (saying why) instead of failing, as
docs/operations.md says; a URL the operator names that cannot be reached still fails."""

from __future__ import annotations

from pathlib import Path

from tests.bot.cli_process import cli_env, run
from tests.bot.test_serve_cli import free_port


async def test_doctor_after_db_upgrade_with_wechat_and_no_serve(tmp_path: Path) -> None:
    env = {
        **cli_env(tmp_path / "data", ""),
        "HTTP_PORT": str(free_port()),
        "WECHAT_TOKEN": "trial20-token",
    }
    code, out, err = await run(env, "db", "upgrade", cwd=tmp_path)
    assert code == 0, out + err
    code, out, err = await run(env, "doctor", cwd=tmp_path)
    assert code == 0, out + err
    assert all(line[:4] in ("ok  ", "skip") for line in out.splitlines()), out
    [line] = [line for line in out.splitlines() if "wechat server URL" in line]
    assert line.startswith("skip") and "serve is not running" in line, line
    # A public URL named with --wechat-url is what the operator asked about: it fails.
    code, out, _ = await run(
        env, "doctor", "--wechat-url", f"http://127.0.0.1:{free_port()}/wechat", cwd=tmp_path
    )
    assert code == 1 and "FAIL  wechat server URL" in out, out
