"""Writes nlp/data/examples.jsonl: the shipped classifier's training examples.

Every text here is written by this project (no scraped or licensed text): hand-written lines
(HANDWRITTEN in scripts/examples_handwritten.py, EXTRA in
scripts/examples_extra.py, MULTI in scripts/examples_multi.py, ENGLISH in
scripts/examples_english.py) plus combinations of hand-written fragments,
so the model sees how customers write across retail, food delivery, hotels, banking and cards,
loans, insurance, cars, telecom, property management and logistics: short reviews, long
angry stories, car-complaint titles, typos, no punctuation, mixed English.
Labels follow shared/data/README.md's conventions. Deterministic (seeded).

Run: python scripts/gen_examples.py && python scripts/train_shipped.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from examples_english import ENGLISH as ENGLISH_LINES
from examples_extra import EXTRA
from examples_fragments import (
    CAR_MODELS,
    CAR_TITLE_ISSUES,
    CLOSERS,
    CORES,
    FIN_INSTITUTIONS,
    OPENERS,
    PRODUCTS,
    STRONG_CLOSERS,
    URGENT_CLOSERS,
)
from examples_handwritten import HANDWRITTEN
from examples_multi import MULTI

OUT = Path(__file__).resolve().parent.parent / "nlp" / "data" / "examples.jsonl"
RNG = random.Random(20261122)

TYPOS = [
    ("的", "滴"),
    ("了", "啦"),
    ("什么", "神马"),
    ("这样", "酱紫"),
    ("没有", "木有"),
    ("非常", "灰常"),
    ("东西", "东东"),
    ("客服", "kf"),
    ("退款", "tk"),
    ("质量", "zl"),
    ("真的", "真滴"),
    ("我", "偶"),
    ("怎么", "咋"),
]
ENGLISH = [
    ("退款", "refund"),
    ("质量", "quality"),
    ("客服", "customer service"),
    ("快递", "express"),
    ("差评", "差评!!! bad"),
    ("垃圾", "垃圾 rubbish"),
    ("外卖", "外卖order"),
]


def fill(template: str) -> str:
    out = template
    for slot, choices in (("{p}", PRODUCTS), ("{fin}", FIN_INSTITUTIONS), ("{car}", CAR_MODELS)):
        while slot in out:
            out = out.replace(slot, RNG.choice(choices), 1)
    while "{n}" in out:
        out = out.replace(
            "{n}", str(RNG.choice([2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 88, 120, 199, 299, 500])), 1
        )
    while "{big}" in out:
        out = out.replace(
            "{big}",
            RNG.choice(
                ["2万", "3万5", "12000", "15000元", "五万", "十万", "8万多", "两万七", "30000"]
            ),
            1,
        )
    return out


def noisy(text: str) -> str:
    """Real messages: punctuation dropped, typos, mixed English, full-width digits, spaces."""
    r = RNG.random()
    if r < 0.2:
        text = "".join(ch for ch in text if ch not in "，。、；：")
    elif r < 0.3:
        text = text.replace("，", " ").replace("。", " ")
    if RNG.random() < 0.15:
        a, b = RNG.choice(TYPOS)
        text = text.replace(a, b, 1)
    if RNG.random() < 0.06:
        a, b = RNG.choice(ENGLISH)
        text = text.replace(a, b, 1)
    if RNG.random() < 0.05:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


def compose(category: str, severity: str, core: str) -> tuple[str, str]:
    """A core complaint, maybe with an opener and a closer that can raise its severity."""
    parts = []
    if RNG.random() < 0.45:
        parts.append(fill(RNG.choice(OPENERS)))
    parts.append(fill(core))
    sev = severity
    r = RNG.random()
    if r < 0.12:
        parts.append(RNG.choice(URGENT_CLOSERS))
        sev = "urgent"
    elif r < 0.35:
        parts.append(RNG.choice(STRONG_CLOSERS))
        if sev == "general":
            sev = "important"
    elif r < 0.6:
        parts.append(RNG.choice(CLOSERS))
    sep = RNG.choice(["，", "，", "。", " ", "", "！"])
    return noisy(sep.join(parts)), sev


def main() -> None:
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(text: str, category: str, severity: str) -> None:
        text = text.strip()
        if text and text not in seen:
            seen.add(text)
            rows.append({"text": text, "category": category, "severity": severity})

    for text, category, severity in HANDWRITTEN + EXTRA + MULTI + ENGLISH_LINES:
        add(text, category, severity)
    for (category, severity), cores in CORES.items():
        for core in cores:
            add(fill(core), category, severity)  # the plain form, once
            for _ in range(2):
                add(*_flip(compose(category, severity, core), category))
    for _ in range(260):
        car = RNG.choice(CAR_MODELS)
        issue, category, severity = RNG.choice(CAR_TITLE_ISSUES)
        add(noisy(f"{car}{issue}"), category, severity)
    RNG.shuffle(rows)
    OUT.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(f"{len(rows)} examples -> {OUT}")


def _flip(pair: tuple[str, str], category: str) -> tuple[str, str, str]:
    return pair[0], category, pair[1]


if __name__ == "__main__":
    main()
