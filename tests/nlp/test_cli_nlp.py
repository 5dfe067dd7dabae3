"""The real `complaint-bot classify | eval | train` commands, run in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_FILE = ROOT.parent / "shared" / "data" / "complaints_dev.jsonl"

LINES = [
    {"text": "手机用了两天就坏了", "category": "product_quality", "severity": "important"},
    {"text": "外卖送了两个小时", "category": "logistics", "severity": "important", "id": 7},
    {"text": "吃了拉肚子", "category": "product_quality", "severity": "urgent"},
    {"text": "客服态度很差", "category": "service_attitude", "severity": "important"},
]


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    env.pop("POLICY_FILE", None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", "utf-8")
    return path


def test_classify_json_has_labels_reasons_and_fields(tmp_path: Path) -> None:
    text = "今天在你们万达店买的牛奶喝了拉肚子，孩子也吐了，我要去12315投诉"
    out = run(tmp_path, "classify", "--json", text)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["category"], data["severity"]) == ("product_quality", "urgent")
    assert data["reasons"]


def test_classify_human_output_is_in_chinese(tmp_path: Path) -> None:
    out = run(tmp_path, "classify", "快递三天了还没到")
    assert out.returncode == 0, out.stderr
    assert "类别: 物流配送" in out.stdout and "级别:" in out.stdout


def test_eval_prints_a_table_and_the_exact_last_line(tmp_path: Path) -> None:
    out = run(tmp_path, "eval", str(write(tmp_path / "small.jsonl", LINES)))
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"macro_f1=\d\.\d{3} accuracy=\d\.\d{3} severity_macro_f1=\d\.\d{3}", last)
    assert "precision" in out.stdout


def test_eval_names_a_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(LINES[0], ensure_ascii=False) + "\nnot json\n", "utf-8")
    out = run(tmp_path, "eval", str(bad))
    assert out.returncode == 2
    assert "line 2" in out.stderr and "Traceback" not in out.stderr


def test_invalid_policy_is_one_clear_line(tmp_path: Path) -> None:
    env_out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "classify", "快递慢"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "POLICY_FILE": str(tmp_path / "none.toml")},
    )
    assert env_out.returncode != 0
    assert "Traceback" not in env_out.stderr and "POLICY_FILE" in env_out.stderr


def test_train_then_classify_uses_the_new_model(tmp_path: Path) -> None:
    rows = [
        {"text": f"积分兑换的礼品{i}一直没发", "category": "points", "severity": "general"}
        for i in range(8)
    ]
    out = run(tmp_path, "train", str(write(tmp_path / "own.jsonl", rows)), "--only-own")
    assert out.returncode == 0, out.stderr
    assert "trained on 8 lines" in out.stdout
    assert (tmp_path / "data" / "model" / "classifier.json").is_file()
    # The default policy has no "points": the new model's answer maps to other, for review.
    data = json.loads(run(tmp_path, "classify", "--json", "积分兑换的礼品一直没发").stdout)
    assert data["category"] == "other" and data["needs_review"]
    assert "classifier.json" in run(tmp_path, "eval", str(tmp_path / "own.jsonl")).stdout


@pytest.mark.skipif(not DEV_FILE.is_file(), reason="shared/data beside the clone only")
def test_shipped_model_meets_the_bar_on_the_sealed_half(tmp_path: Path) -> None:
    # Only the sealed half of the dev file is scored (README "Evaluation protocol").
    from bench.crossval import sealed

    rows = [json.loads(line) for line in DEV_FILE.read_text("utf-8").splitlines() if line]
    half = write(tmp_path / "sealed.jsonl", [r for r in rows if sealed(str(r["id"]))])
    out = run(tmp_path, "eval", str(half))
    m = re.search(r"macro_f1=(\S+) accuracy=\S+ severity_macro_f1=(\S+)$", out.stdout.strip())
    assert m, out.stdout + out.stderr
    assert float(m.group(1)) >= 0.70 and float(m.group(2)) >= 0.65


def test_train_needs_a_file_or_enough_corrections(tmp_path: Path) -> None:
    out = run(tmp_path, "train")
    assert out.returncode == 2 and "--from-corrections" in out.stderr
    out = run(tmp_path, "train", "--from-corrections")
    assert out.returncode == 2 and "at least 8" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "data" / "model" / "classifier.json").exists()


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`complaint-bot classify … | head -1`: the reader is gone before the output is written
    (here closed before the command starts, so every write meets a closed pipe)."""
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    text = "上个月在城东汽修换的刹车片 昨天高速上刹车发软差点追尾 师傅说是我自己开的问题"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bot.cli", "classify", text],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    err = out.stderr.decode()
    assert out.returncode == 141, err
    assert "Traceback" not in err and "BrokenPipe" not in err
