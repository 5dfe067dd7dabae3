"""`complaint-bot train --from-corrections` end to end (issue 12): agents correct tickets with
/reclass through the real handlers, the real command retrains in a subprocess, a better model
goes live, a worse one is refused. Small data (--only-own): the suite trains no big model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bot.app import App
from bot.cli_corrections import corrected_lines
from nlp import training
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.report_support import file
from tests.support import TZ, FakeClock, Person, make_app

ROOT = Path(__file__).resolve().parents[2]

# Two kinds of complaint a business files under its own labels (written for this test).
PARKING = [
    "小区的停车位天天被外来车辆占着",
    "地下车库的车位被别人装了地锁",
    "物业把消防通道划成了收费车位",
    "车位月租又涨了还不开收据",
    "晚上回来车库里一个空位都没有",
]
NOISE = [
    "楼上装修每天早上七点就开始砸墙",
    "隔壁酒吧半夜音乐声太大睡不着",
    "广场舞音响开到晚上十点",
    "楼下空调外机噪音像拖拉机",
    "小区门口工地夜里还在打桩",
]
LABELS = {"parking": ("logistics", "general"), "noise": ("misleading", "important")}
SWAPPED = {"parking": LABELS["noise"], "noise": LABELS["parking"]}


def complaint(i: int, story: str) -> str:
    return (
        f"我叫王芳，手机1391234{i:04d}。4月28日在你们朝阳门店，{story}，"
        f"订单号20240428{i:05d}，要求道歉"
    )


def run_train(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("POLICY_FILE", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "train", "--from-corrections", "--only-own"],
        capture_output=True,
        text=True,
        env=env,
        cwd=data_dir.parent,
        timeout=240,
        check=False,
    )


def history(data_dir: Path) -> list[dict[str, object]]:
    lines = (data_dir / "model" / "history.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


async def file_and_correct(app: App) -> dict[str, str]:
    """Files the ten complaints, reclasses each by its kind; ticket number -> kind."""
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    kinds: dict[str, str] = {}
    stories = [("parking", s) for s in PARKING] + [("noise", s) for s in NOISE]
    for i, (kind, story) in enumerate(stories):
        number = await file(app, f"c{i}", complaint(i, story))
        category, severity = LABELS[kind]
        assert "已记录为训练数据" in await agent.say(f"/reclass {number} {category} {severity}")
        kinds[number] = kind
    return kinds


async def test_a_better_model_goes_live_and_a_worse_one_is_refused(
    tmp_path: Path, clock: FakeClock
) -> None:
    data_dir = tmp_path / "data"
    clock.current = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
    async with make_app("sqlite", data_dir, clock) as app:
        kinds = await file_and_correct(app)

    first = run_train(data_dir)
    assert first.returncode == 0, first.stderr
    assert "new model live" in first.stdout, first.stdout
    live = data_dir / "model" / "classifier.json"
    assert json.loads(live.read_text(encoding="utf-8"))["trained_on"]["corrections"] == 10
    assert history(data_dir)[-1]["decision"] == "live"
    env = {**os.environ, "DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("POLICY_FILE", None)
    shown = subprocess.run(
        [sys.executable, "-m", "bot.cli", "classify", "--json", "小区车库的车位被人占了"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    answer = json.loads(shown.stdout)
    assert answer["category"] == "logistics"
    assert "classifier.json" in answer["model"] and "corrections" in answer["model"]

    # The agents now relabel the lines a retrain learns from, but not the held-back ones:
    # the new model contradicts the corrections it is judged on, and must stay out.
    async with make_app("sqlite", data_dir, clock) as app:
        lines = await corrected_lines(app.db, app.services.vault)
        _, held = training.split_corrections(training.parse_lines(map(json.dumps, lines)))
        held_texts = {e.text for e in held}
        agent = Person(app, "a1")
        for number, kind in kinds.items():
            text = next(line["text"] for line in lines if number_in(line["text"], number, kinds))
            if text not in held_texts:
                category, severity = SWAPPED[kind]
                await agent.say(f"/reclass {number} {category} {severity}")
    before = live.read_bytes()
    second = run_train(data_dir)
    assert second.returncode == 0, second.stderr
    assert "new model refused" in second.stdout, second.stdout
    assert live.read_bytes() == before
    assert (data_dir / "model" / "classifier.refused.json").is_file()
    last = history(data_dir)[-1]
    assert last["decision"] == "refused"
    assert float(last["new_score"]) < float(last["live_score"])  # type: ignore[arg-type]


def number_in(text: str, number: str, kinds: dict[str, str]) -> bool:
    """Whether a corrected line is the ticket `number`'s: tickets are filed in order, each
    with its own order number 20240428000NN."""
    index = list(kinds).index(number)
    return f"20240428{index:05d}" in text
