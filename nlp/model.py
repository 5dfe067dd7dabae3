"""A linear model over sparse text features, trained as a linear SVM, saved as JSON.

Why this and not scikit-learn at run time: prediction needs no numpy at all. A message has a
few hundred active features (words, word pairs, character 1-3-grams, cue groups), so its
scores are a sum of that many short weight rows in pure Python, and start-up skips numpy's
import (~0.25 s). The model file is plain JSON (never pickle).

Training (numpy/scipy, train time only): features are TF-IDF weighted (a rare character
trigram says more than a common character) and each text's vector is L2-normalised, so long
stories and short titles weigh alike. One-vs-rest linear SVMs (squared hinge, L2 penalty,
classes weighted by (1/frequency)**balance) are fitted jointly with L-BFGS. Issue 12 measured
this learner on complaints the project had never seen: category macro-F1 0.674 against 0.636
for the previous softmax regression over the same examples. SVM scores are not probabilities:
`scale` (a softmax temperature) is fitted on out-of-fold scores, so the confidence the bot
shows, and the 0.25 floor under which it asks for review, stay meaningful.

In memory each row holds the label weights with the feature's IDF folded in, then the IDF
squared (what the feature adds to the squared norm of a text's vector); models of the first
format (binary features, no IDF) load with 1.0 there.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported at train time only (see below)
    import numpy as np
    from numpy.typing import NDArray

FORMAT = "complaint-bot/linear-svm/2"
FORMAT_V1 = "complaint-bot/linear-softmax/1"  # before issue 12; still loads
FORMATS = (FORMAT, FORMAT_V1)
_DECIMALS = 4  # weights are saved rounded; the in-memory model of `train` is rounded alike

Row = tuple[float, ...]
Active = tuple[list[str], list[Row]]  # a text's known features and their rows, in order
# A scipy.sparse CSR matrix (documents x features). scipy ships no types (its imports are
# ignored in pyproject), so to mypy this is Any; the alias says what the value is.
SparseRows = Any


@dataclass
class LinearModel:
    labels: tuple[str, ...]
    rows: dict[str, Row]  # feature -> its weight for each label (IDF folded in), then IDF²
    bias: Row
    scale: float = 1.0  # probabilities are softmax(scale * scores)

    def active(self, feats: Sequence[str]) -> Active:
        """The features of a text the model knows, and their weight rows."""
        rows = self.rows
        names = [f for f in feats if f in rows]
        return names, [rows[f] for f in names]

    def scores(self, active: Active) -> list[float]:
        """Per label: bias + w·x for the text's L2-normalised TF-IDF vector x."""
        rows = active[1]
        if not rows:
            return list(self.bias)
        sums = [sum(col) for col in zip(*rows, strict=True)]
        inv_norm = 1.0 / math.sqrt(sums[-1])
        return [b + t * inv_norm for b, t in zip(self.bias, sums, strict=False)]

    def proba(self, active: Active) -> list[float]:
        """Per label, in `labels` order: softmax(scale * scores); probabilities summing to 1."""
        z = self.scores(active)
        top = max(z)
        e = [math.exp(self.scale * (v - top)) for v in z]
        total = sum(e)
        return [v / total for v in e]

    def top_features(self, active: Active, label: str, n: int) -> list[tuple[str, float]]:
        """Up to n features (name, weight) that pushed hardest towards `label`, weight > 0."""
        j = self.labels.index(label)
        pushed = [(row[j], f) for f, row in zip(*active, strict=True) if row[j] > 0]
        pushed.sort(reverse=True)
        return [(f, w) for w, f in pushed[:n]]

    def to_json(self) -> dict[str, object]:
        """The JSON payload `from_json` reads: labels, features, weights (features x labels),
        idf (one per feature), bias (one per label) and scale."""
        return {
            "labels": list(self.labels),
            "features": list(self.rows),
            "weights": [list(row[:-1]) for row in self.rows.values()],
            "idf": [round(math.sqrt(row[-1]), _DECIMALS) for row in self.rows.values()],
            "bias": list(self.bias),
            "scale": self.scale,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        """Raises ValueError when the lists do not match each other."""
        names, weights, labels = data["features"], data["weights"], data["labels"]
        idf = data.get("idf") or [1.0] * len(names)
        if (
            not isinstance(names, list)
            or not isinstance(weights, list)
            or len(names) != len(weights)
            or len(idf) != len(names)
            or any(len(row) != len(labels) for row in weights)
        ):
            raise ValueError("model weights do not match its features and labels")
        return cls(
            labels=tuple(str(x) for x in labels),
            rows={str(n): (*row, v * v) for n, row, v in zip(names, weights, idf, strict=True)},
            bias=tuple(float(v) for v in data["bias"]),
            scale=float(data.get("scale", 1.0)),
        )


@dataclass(frozen=True)
class Vocabulary:
    """The features kept for training and their IDF (smoothed, as scikit-learn's)."""

    index: dict[str, int]
    idf: list[float]

    @classmethod
    def fit(cls, docs: Sequence[Sequence[str]], min_count: int = 1) -> Vocabulary:
        """The features in at least `min_count` of `docs` (each a text's feature keys), sorted,
        with IDF ln((1 + n) / (1 + document count)) + 1."""
        counts = Counter(f for d in docs for f in set(d))
        kept = sorted(f for f, c in counts.items() if c >= min_count)
        n = len(docs)
        return cls(
            {f: i for i, f in enumerate(kept)},
            [math.log((1 + n) / (1 + counts[f])) + 1.0 for f in kept],
        )

    def matrix(self, docs: Sequence[Sequence[str]]) -> SparseRows:
        """CSR matrix (documents x features) of L2-normalised binary TF-IDF rows."""
        import numpy as np  # training only: the bot's start-up never imports numpy or scipy
        from scipy import sparse

        idf = np.asarray(self.idf)
        rows = [[self.index[f] for f in dict.fromkeys(d) if f in self.index] for d in docs]
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(lengths.sum()))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        val = idf[flat]
        sq = np.bincount(
            np.repeat(np.arange(len(rows)), lengths), weights=val * val, minlength=len(rows)
        )
        val = val / np.repeat(np.sqrt(np.maximum(sq, 1e-12)), lengths)
        return sparse.csr_matrix((val, flat, indptr), shape=(len(docs), len(self.index)))


def _fit_svm(
    x: SparseRows, y: NDArray[np.intp], k: int, weight: NDArray[np.float64], c: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One-vs-rest squared-hinge SVMs, L2 penalty, all k fitted in one L-BFGS run.

    x: documents x features; y: each document's label index (0..k-1); weight: one per
    document. Returns (weights features x k, biases k)."""
    import numpy as np
    from scipy import optimize

    n, m = x.shape
    target = -np.ones((n, k))
    target[np.arange(n), y] = 1.0
    xt = x.T.tocsr()

    def loss(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        w, b = theta[: m * k].reshape(m, k), theta[m * k :]
        margin = np.maximum(0.0, 1.0 - target * (x @ w + b))
        value = 0.5 * float((w * w).sum()) + c * float((weight[:, None] * margin**2).sum())
        g = -2.0 * c * weight[:, None] * margin * target
        return value, np.concatenate([(w + xt @ g).ravel(), g.sum(axis=0)])

    theta = optimize.minimize(
        loss, np.zeros(m * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    ).x
    return theta[: m * k].reshape(m, k), theta[m * k :]


def _fit_scale(z: NDArray[np.float64], y: NDArray[np.intp]) -> float:
    """The softmax temperature that best predicts y from scores z (log-loss), in [0.5, 30]."""
    import numpy as np
    from scipy import optimize

    def nll(a: float) -> float:
        s = a * z
        s = s - s.max(axis=1, keepdims=True)
        return float(-(s[np.arange(len(y)), y] - np.log(np.exp(s).sum(axis=1))).mean())

    return float(optimize.minimize_scalar(nll, bounds=(0.5, 30.0), method="bounded").x)


def train(
    vocabulary: Vocabulary,
    x: SparseRows,
    labels: Sequence[str],
    *,
    label_order: Sequence[str] | None = None,
    c: float = 0.3,
    sample_weight: Sequence[float] | None = None,
    balance: float = 0.5,
    calibration_folds: int = 3,
) -> LinearModel:
    """Fit the SVMs on x (`vocabulary.matrix(docs)`), then their softmax temperature.

    c: the SVM's C (0.3 chosen by the protocol of bench/crossval.py: 0.1 under-fits, 1 and 3
    scored the same and train slower). balance: classes are weighted by
    (1/frequency)**balance, so rare categories are not drowned (macro-F1 counts each alike).
    The temperature is fitted on scores of `calibration_folds` models, each scoring the lines
    it did not see, so it is not over-confident the way the training scores would make it.
    """
    import numpy as np

    order = tuple(label_order) if label_order else tuple(sorted(set(labels)))
    order = tuple(lab for lab in order if lab in set(labels)) or order
    y = np.array([order.index(lab) for lab in labels])
    k = len(order)
    freq = np.bincount(y, minlength=k).astype(float)
    cw = (freq.sum() / np.maximum(freq, 1) / k) ** balance
    sw = cw[y] * (np.asarray(sample_weight, dtype=float) if sample_weight is not None else 1.0)
    w, b = _fit_svm(x, y, k, sw, c)
    out_of_fold = np.zeros((len(y), k))
    folds = np.arange(len(y)) % calibration_folds
    for fold in range(calibration_folds if len(y) >= 3 * calibration_folds else 0):
        seen = folds != fold
        fw, fb = _fit_svm(x[seen], y[seen], k, sw[seen], c)
        out_of_fold[~seen] = x[~seen] @ fw + fb
    scale = _fit_scale(out_of_fold if len(y) >= 3 * calibration_folds else x @ w + b, y)
    idf = [round(v, _DECIMALS) for v in vocabulary.idf]  # as saved
    names = sorted(vocabulary.index, key=vocabulary.index.__getitem__)
    return LinearModel(
        labels=order,
        rows={
            f: (*(round(float(v) * idf[i], _DECIMALS) for v in w[i]), idf[i] * idf[i])
            for i, f in enumerate(names)
        },
        bias=tuple(round(float(v), _DECIMALS) for v in b),
        scale=round(scale, 3),
    )


def save(path: Path, payload: dict[str, object]) -> None:
    """Writes `payload` as compact UTF-8 JSON to `path`, creating its folder, by replacing
    the file at once. Raises OSError when the folder cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)  # atomic: a running bot never reads half a model
