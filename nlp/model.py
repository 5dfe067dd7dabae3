"""A multinomial logistic regression over sparse binary features, in numpy; saved as JSON.

Why this and not scikit-learn: training a few thousand short texts takes about a second with
full-batch Adam, prediction is a sum of a few dozen weight rows (well under the 1 ms budget
of a message), the model file is plain JSON (never pickle), and start-up stays small.
Rows are L2-normalised so long stories and short titles weigh alike.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FORMAT = "complaint-bot/linear-softmax/1"


@dataclass
class LinearModel:
    labels: tuple[str, ...]
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)

    def indices(self, feats: Sequence[str]) -> list[int]:
        get = self.vocab.get
        return [i for i in map(get, feats) if i is not None]

    def scores(self, idx: Sequence[int]) -> np.ndarray:
        z = self.bias.copy()
        if idx:
            z += self.weights[idx].sum(axis=0) / math.sqrt(len(idx))
        return z

    def proba(self, idx: Sequence[int]) -> np.ndarray:
        z = self.scores(idx)
        e = np.exp(z - z.max())
        return e / e.sum()

    def top_features(self, idx: Sequence[int], label: str, n: int) -> list[tuple[int, float]]:
        """The n features (vocab index, weight) that pushed hardest towards `label`."""
        if not idx:
            return []
        col = self.weights[idx, self.labels.index(label)]
        order = np.argsort(-col)[:n]
        return [(idx[k], float(col[k])) for k in order]

    def name_of(self, index: int) -> str:
        if not hasattr(self, "_names"):
            self._names = sorted(self.vocab, key=self.vocab.__getitem__)
        return self._names[index]

    def to_json(self) -> dict[str, object]:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        return {
            "labels": list(self.labels),
            "features": names,
            "weights": [[round(float(v), 4) for v in row] for row in self.weights],
            "bias": [round(float(v), 4) for v in self.bias],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LinearModel:
        names = data["features"]
        assert isinstance(names, list)
        weights = np.asarray(data["weights"], dtype=np.float64)
        labels = data["labels"]
        assert isinstance(labels, list)
        if weights.shape != (len(names), len(labels)):
            raise ValueError("model weights do not match its features and labels")
        return cls(
            labels=tuple(str(x) for x in labels),
            vocab={str(n): i for i, n in enumerate(names)},
            weights=weights,
            bias=np.asarray(data["bias"], dtype=np.float64),
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
    from scipy import sparse  # training only: keeps the bot's start-up import-light

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
    return LinearModel(labels=order, vocab=vocab, weights=w, bias=b)


def save(path: Path, payload: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)  # atomic: a running bot never reads half a model
