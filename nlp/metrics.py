"""Scores for `complaint-bot eval` and cross-validation: per-class table and macro-F1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def per_class(gold: Sequence[str], pred: Sequence[str]) -> list[ClassScore]:
    """Scores for every label in the gold labels or the predictions."""
    labels = list(dict.fromkeys([*gold, *pred]))
    out = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out.append(ClassScore(lab, prec, rec, f1, n_gold))
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Mean F1 over every label seen in gold or predictions (scikit-learn's "macro")."""
    scores = per_class(gold, pred)
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Share of predictions equal to the gold label (0-1; 0.0 for no labels). Raises
    ValueError when the two sequences differ in length."""
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


def table(title: str, gold: Sequence[str], pred: Sequence[str]) -> str:
    """A plain-text report, one line per label (precision, recall, F1 to three decimals,
    support), most frequent gold label first, as scikit-learn's classification_report."""
    lines = [f"{title:<18} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for s in sorted(per_class(gold, pred), key=lambda s: -s.support):
        lines.append(
            f"{s.label:<18} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.support:>8}"
        )
    return "\n".join(lines)
