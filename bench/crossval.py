"""The evaluation protocol of the classifier on a labelled file (README "Classifier": issue 12).

The dev file is for measuring, not for writing examples against. Its lines are split once, by
a hash of their `id` (`sealed`): the *open* half may be read for error analysis and may inspire
rules and examples; the *sealed* half is only ever scored, and its figure is the one reported.

    python bench/crossval.py ../shared/data/complaints_dev.jsonl [--folds 5] [--only SECTION]

Sections (each prints per-class tables and one `name: macro_f1=… accuracy=… severity_macro_f1=…`):
- `shipped`: the shipped model (nlp/data/model.json) on the sealed half; and on the whole file,
  labelled partly seen (the open half may have inspired examples and rules);
- `train`: `complaint-bot train` on the open half (with the shipped examples, as the command
  does below 1,000 lines), scored on the sealed half;
- `cv`: k-fold cross-validation of `train` over the whole file, stratified by category; the
  shipped examples are added to the training side of every fold and never scored;
- `cv-own`: the same with the business's lines only (`--only-own`).

Last line: `cv_macro_f1=0.xxx cv_accuracy=0.xxx cv_severity_macro_f1=0.xxx` (the `cv` section).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp import metrics, tokenizer, training
from nlp.classifier import Classifier

Scores = tuple[float, float, float]


def sealed(line_id: str) -> bool:
    """True for the half of a file that is only scored: the last bit of sha256(id).

    Fixed once (issue 12) and never re-drawn: choosing a split by its scores would leak.
    """
    return hashlib.sha256(line_id.encode("utf-8")).digest()[-1] & 1 == 1


def read_with_ids(path: Path) -> list[tuple[str, training.Example]]:
    """(id, example) per line; a line without an id gets its line number as its id."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        [example] = training.parse_lines([line], f"{path} line {number}")
        out.append((str(json.loads(line).get("id", number)), example))
    return out


def folds(examples: Sequence[training.Example], k: int) -> list[list[int]]:
    """k deterministic folds, stratified by category (round robin within each category)."""
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


def score(
    title: str, clf: Classifier, examples: Sequence[training.Example], *, quiet: bool = False
) -> Scores:
    results = [clf.classify(e.text) for e in examples]
    return report(
        title, examples, [r.category for r in results], [r.severity for r in results], quiet=quiet
    )


def report(
    title: str,
    examples: Sequence[training.Example],
    pred_c: Sequence[str],
    pred_s: Sequence[str],
    *,
    quiet: bool = False,
) -> Scores:
    gold_c = [e.category for e in examples]
    gold_s = [e.severity for e in examples]
    if not quiet:
        print(metrics.table("category", gold_c, pred_c))
        print(metrics.table("severity", gold_s, pred_s))
    out = (
        metrics.macro_f1(gold_c, pred_c),
        metrics.accuracy(gold_c, pred_c),
        metrics.macro_f1(gold_s, pred_s),
    )
    print(
        f"{title}: macro_f1={out[0]:.3f} accuracy={out[1]:.3f} severity_macro_f1={out[2]:.3f}"
        f" ({len(examples)} lines)",
        flush=True,
    )
    return out


def crossval(
    examples: Sequence[training.Example],
    k: int = 5,
    with_defaults: bool = True,
    *,
    title: str = "cv",
    quiet: bool = False,
) -> Scores:
    """Train on k-1 folds (plus the shipped examples if with_defaults), score the k-th."""
    order: list[int] = []
    pred_c: list[str] = []
    pred_s: list[str] = []
    for held in folds(examples, k):
        held_set = set(held)
        train = [e for i, e in enumerate(examples) if i not in held_set]
        payload, _ = training.train_business(train, with_defaults=with_defaults)
        clf = Classifier(payload)
        for i in held:
            r = clf.classify(examples[i].text)
            order.append(i)
            pred_c.append(r.category)
            pred_s.append(r.severity)
    return report(title, [examples[i] for i in order], pred_c, pred_s, quiet=quiet)


SECTIONS = ("shipped", "train", "cv", "cv-own")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="run only these sections (repeatable)"
    )
    parser.add_argument("--quiet", action="store_true", help="no per-class tables")
    args = parser.parse_args()
    tokenizer.load()
    lines = read_with_ids(args.file)
    everything = [e for _, e in lines]
    open_half = [e for i, e in lines if not sealed(i)]
    sealed_half = [e for i, e in lines if sealed(i)]
    print(f"{args.file}: {len(open_half)} open lines, {len(sealed_half)} sealed lines")
    todo = args.only or list(SECTIONS)
    cv: Scores | None = None
    if "shipped" in todo:
        shipped = Classifier.load()
        score("shipped model, sealed half", shipped, sealed_half, quiet=args.quiet)
        score("shipped model, whole file (partly seen)", shipped, everything, quiet=True)
    if "train" in todo:
        payload, _ = training.train_business(open_half, with_defaults=True)
        score(
            "train on the open half, sealed half",
            Classifier(payload),
            sealed_half,
            quiet=args.quiet,
        )
    if "cv" in todo:
        cv = crossval(
            everything,
            args.folds,
            True,
            title=f"{args.folds}-fold cv with shipped examples in training",
            quiet=args.quiet,
        )
    if "cv-own" in todo:
        crossval(
            everything,
            args.folds,
            False,
            title=f"{args.folds}-fold cv, own lines only",
            quiet=args.quiet,
        )
    if cv is not None:
        print(f"cv_macro_f1={cv[0]:.3f} cv_accuracy={cv[1]:.3f} cv_severity_macro_f1={cv[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
