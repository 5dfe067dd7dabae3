# ruff: noqa: E501  (sample messages read better unwrapped)
"""Classification + field extraction throughput, and process start to first answer.

    python bench/bench_nlp.py

Throughput: one core, varied ~80-character messages (each distinct, so no cache helps).
Start-up: wall time of `python -m bot.cli classify --json TEXT` (new process: imports, jieba
dictionary, model, one answer), best and median of 5 runs.
Targets (issue 3): >= 1,000 msg/s and <= 2 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE = [
    "今天在你们万达店买的牛奶喝了拉肚子，孩子也吐了，我要去12315投诉，订单号{n}，电话13812345678，请尽快给我退款并道歉",
    "昨天下午三点在朝阳门店买的耳机用了不到一天就没声音了，店员态度还很差，要求换货，工号{n}的那个店员一直推脱不处理",
    "外卖等了两个小时才送到，汤全洒了饭也凉了，骑手还骂人，打了客服电话也没人管，第{n}次遇到这种事了，要求全额退款",
    "信用卡被莫名扣了六百元年费，办卡的时候业务员说终身免年费，这是虚假宣传，账单号{n}，我要求退还年费否则向银保监会投诉",
]


def messages(count: int) -> list[str]:
    return [BASE[i % len(BASE)].format(n=100000 + i) for i in range(count)]


def throughput(seconds: float = 5.0) -> tuple[float, int]:
    from nlp import tokenizer
    from nlp.classifier import Classifier

    try:
        from nlp.extract import extract_fields
    except ImportError:
        extract_fields = None  # type: ignore[assignment]
    tokenizer.load()
    clf = Classifier.load()
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    texts = messages(20000)
    for t in texts[:50]:  # warm-up
        clf.classify(t)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds and done < len(texts):
        text = texts[done]
        clf.classify(text)
        if extract_fields is not None:
            extract_fields(text, now)
        done += 1
    return done / (time.perf_counter() - start), sum(map(len, texts[:done])) // max(done, 1)


def startup(runs: int = 5) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "classify", "--json", messages(1)[0]],
            check=True, capture_output=True, env=env, cwd=ROOT,
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rate, avg_len = throughput()
    print(f"classify+extract: {rate:,.0f} msg/s on one core (messages of ~{avg_len} characters)")
    times = startup()
    print(f"start to first answer: best {min(times):.2f} s, median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
