"""A multinomial logistic regression over sparse binary features; saved as JSON.

Why this and not scikit-learn: training a few thousand short texts takes about a second with
full-batch Adam in numpy, the model file is plain JSON (never pickle), and prediction needs
no numpy at all: a message has a few dozen active features, so its scores are a sum of that
many short weight rows in pure Python (~15 µs), and start-up skips numpy's import (~0.25 s).
Rows are L2-normalised so long stories and short titles weigh alike.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "complaint-bot/linear-softmax/1"
_DECIMALS = 4  # weights are saved rounded; the in-memory model of `train` is rounded alike

Row = tuple[float, ...]
Active = tuple[list[str], list[Row]]  # a text's known features and their rows, in order


@dataclass
class LinearModel:
    labels: tuple[str, ...]
    rows: dict[str, Row]  # feature -> its weight for each label
    bias: Row

    def active(self, feats: Sequence[str]) -> Active:
        """The features of a text the model knows, and their weight rows."""
        get = self.rows.get
        names = [f for f in feats if f in self.rows]
        return names, [get(f) for f in names]  # type: ignore[misc]

    def scores(self, active: Active) -> list[float]:
        rows = active[1]
        if not rows:
            return list(self.bias)
        scale = 1.0 / math.sqrt(len(rows))
        sums = [sum(col) for col in zip(*rows, strict=True)]
        return [b + t * scale for b, t in zip(self.bias, sums, strict=True)]

    def proba(self, active: Active) -> list[float]:
        z = self.scores(active)
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return [v / total for v in e]

    def top_features(self, active: Active, label: str, n: int) -> list[tuple[str, float]]:
        """Up to n features (name, weight) that pushed hardest towards `label`, weight > 0."""
        j = self.labels.index(label)
        pushed = [(row[j], f) for f, row in zip(*active, strict=True) if row[j] > 0]
        pushed.sort(reverse=True)
        return [(f, w) for w, f in pushed[:n]]

    def to_json(self) -> dict[str, object]:
        return {
            "labels": list(self.labels),
            "features": list(self.rows),
            "weights": [list(row) for row in self.rows.values()],
            "bias": list(self.bias),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        names, weights, labels = data["features"], data["weights"], data["labels"]
        if not isinstance(names, list) or not isinstance(weights, list) or len(names) != len(
            weights
        ) or any(len(row) != len(labels) for row in weights):
            raise ValueError("model weights do not match its features and labels")
        return cls(
            labels=tuple(str(x) for x in labels),
            rows={str(n): tuple(row) for n, row in zip(names, weights, strict=True)},
            bias=tuple(float(v) for v in data["bias"]),
        )


def train(
    docs: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    label_order: Sequence[str] | None = None,
    min_count: int = 1,
    l2: float = 1e-4,
    epochs: int = 300,
    lr: float = 0.05,
    sample_weight: Sequence[float] | None = None,
    balance: float = 0.5,
) -> LinearModel:
    """Fit softmax regression with full-batch Adam (scipy.sparse only here, not at start-up).

    balance: classes are weighted by (1/frequency)**balance, so rare categories are not drowned
    (macro-F1 counts each category alike) without over-predicting them either.
    """
    import numpy as np  # training only: the bot's start-up never imports numpy or scipy
    from scipy import sparse

    order = tuple(label_order) if label_order else tuple(sorted(set(labels)))
    order = tuple(lab for lab in order if lab in set(labels)) or order
    counts = Counter(f for d in docs for f in set(d))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    n, k, m = len(docs), len(order), len(vocab)
    rows = [[vocab[f] for f in dict.fromkeys(d) if f in vocab] for d in docs]
    lengths = np.array([len(r) for r in rows])
    flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(lengths.sum()))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    val = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths)
    x = sparse.csr_matrix((val, flat, indptr), shape=(n, m))
    xt = x.T.tocsr()
    y = np.array([order.index(lab) for lab in labels])
    freq = np.bincount(y, minlength=k).astype(float)
    cw = (freq.sum() / np.maximum(freq, 1) / k) ** balance
    sw = cw[y] * (np.asarray(sample_weight, dtype=float) if sample_weight is not None else 1.0)
    sw = sw / sw.sum()
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0

    w = np.zeros((m, k))
    b = np.log(np.maximum(freq, 1) / freq.sum())
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sw[:, None]
        gw = xt @ g + l2 * w
        gb = g.sum(axis=0)
        mw = beta1 * mw + (1 - beta1) * gw
        vw = beta2 * vw + (1 - beta2) * gw * gw
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1**t, 1 - beta2**t
        w -= lr * (mw / c1) / (np.sqrt(vw / c2) + eps)
        b -= lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
    names = sorted(vocab, key=vocab.__getitem__)
    return LinearModel(
        labels=order,
        rows={f: tuple(round(float(v), _DECIMALS) for v in w[i]) for i, f in enumerate(names)},
        bias=tuple(round(float(v), _DECIMALS) for v in b),
    )


def save(path: Path, payload: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)  # atomic: a running bot never reads half a model
