"""5-fold cross-validation of `complaint-bot train` on a labelled file (issue 3).

Each fold trains through the same code path as the command (nlp.training.train_business),
with or without the shipped examples, and scores only the fold it did not train on.
Folds are stratified by category and deterministic.

    python bench/crossval.py ../shared/data/complaints_dev.jsonl [--without-defaults]

Last line: `cv_macro_f1=0.xxx cv_accuracy=0.xxx cv_severity_macro_f1=0.xxx`.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp import metrics, tokenizer, training
from nlp.classifier import Classifier


def folds(examples: list[training.Example], k: int) -> list[list[int]]:
    by_cat: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        by_cat[e.category].append(i)
    out: list[list[int]] = [[] for _ in range(k)]
    turn = 0
    for cat in sorted(by_cat):
        for i in by_cat[cat]:
            out[turn % k].append(i)
            turn += 1
    return out


def crossval(
    examples: list[training.Example], k: int = 5, with_defaults: bool = True
) -> tuple[float, float, float]:
    gold_c: list[str] = []
    pred_c: list[str] = []
    gold_s: list[str] = []
    pred_s: list[str] = []
    for held in folds(examples, k):
        held_set = set(held)
        train = [e for i, e in enumerate(examples) if i not in held_set]
        payload, _ = training.train_business(train, with_defaults=with_defaults)
        clf = Classifier(payload)
        for i in held:
            r = clf.classify(examples[i].text)
            gold_c.append(examples[i].category)
            pred_c.append(r.category)
            gold_s.append(examples[i].severity)
            pred_s.append(r.severity)
    print(metrics.table("category", gold_c, pred_c))
    print(metrics.table("severity", gold_s, pred_s))
    return (
        metrics.macro_f1(gold_c, pred_c),
        metrics.accuracy(gold_c, pred_c),
        metrics.macro_f1(gold_s, pred_s),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--without-defaults", action="store_true")
    args = parser.parse_args()
    tokenizer.load()
    examples = training.read_examples(args.file)
    f1, acc, sev = crossval(examples, args.folds, with_defaults=not args.without_defaults)
    print(f"cv_macro_f1={f1:.3f} cv_accuracy={acc:.3f} cv_severity_macro_f1={sev:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
