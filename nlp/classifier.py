"""Category and severity of a complaint text, with confidences and the reasons agents see.

Category: a learnt linear model (nlp.model) over words, character bigrams and cue groups.
Below `threshold` confidence it falls back to "other" and asks for review.
Severity: a learnt model for urgent / important / general, and on top of it the rules of
nlp.severity_rules, which make a text urgent whatever the model thinks (issue 3: never miss).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from nlp import features as feats
from nlp import severity_rules
from nlp.model import FORMAT, LinearModel

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "product_quality", "service_attitude", "logistics", "after_sales", "billing",
    "misleading", "other",
)
SEVERITIES: tuple[str, ...] = ("urgent", "important", "general")
FALLBACK = "other"
MODEL_RELPATH = Path("model") / "classifier.json"

CATEGORY_NAMES_ZH = {
    "product_quality": "产品质量", "service_attitude": "服务态度", "logistics": "物流配送",
    "after_sales": "售后/退换货", "billing": "价格收费", "misleading": "宣传与承诺",
    "other": "其他",
}
SEVERITY_NAMES_ZH = {"urgent": "紧急", "important": "重要", "general": "一般"}


@dataclass(frozen=True)
class Classification:
    category: str
    category_confidence: float
    severity: str
    severity_confidence: float
    reasons: tuple[str, ...]
    needs_review: bool


def model_path(data_dir: Path) -> Path:
    """Where `complaint-bot train` saves the model of a deployment."""
    return data_dir / MODEL_RELPATH


def _shipped_payload() -> dict[str, Any]:
    text = resources.files("nlp.data").joinpath("model.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def _describe(feature: str) -> str:
    kind, _, value = feature.partition(":")
    if kind == "k":
        return f"[{value}]"
    return value.replace("_", "")


def _top_words(model: LinearModel, idx: list[int], label: str, n: int) -> list[str]:
    """The n strongest positive features as agents read them: words and cue groups, once each."""
    out: list[str] = []
    for index, weight in model.top_features(idx, label, 3 * n):
        if weight <= 0 or len(out) >= n:
            break
        feature = model.name_of(index)
        shown = _describe(feature)
        if not feature.startswith("s:") and shown not in out:
            out.append(shown)
    return out


class Classifier:
    def __init__(
        self,
        payload: dict[str, Any],
        categories: Sequence[str] | None = None,
        source: str = "shipped",
    ) -> None:
        if payload.get("format") != FORMAT:
            raise ValueError(f"not a classifier model (format {payload.get('format')!r})")
        self.category_model = LinearModel.from_json(payload["category"])
        self.severity_model = LinearModel.from_json(payload["severity"])
        self.threshold = float(payload.get("threshold", 0.0))
        self.trained_on = payload.get("trained_on", {})
        self.source = source
        self.categories = tuple(categories) if categories else DEFAULT_CATEGORIES

    @classmethod
    def load(
        cls, data_dir: Path | None = None, categories: Sequence[str] | None = None
    ) -> Classifier:
        """The model trained into data_dir (by `complaint-bot train`) if any, else the shipped one.

        categories: the policy's category codes; a category the model knows but the policy
        lacks maps to "other".
        """
        if data_dir is not None and model_path(data_dir).is_file():
            path = model_path(data_dir)
            try:
                payload = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ValueError(f"cannot read the trained model {path}: {exc}") from exc
            return cls(payload, categories, source=str(path))
        return cls(_shipped_payload(), categories, source="shipped")

    def _policy_category(self, category: str) -> str:
        return category if category in self.categories else FALLBACK

    def classify(self, text: str) -> Classification:
        norm = feats.normalise(text)
        fs = feats.features(text)
        cat_idx = self.category_model.indices(fs)
        cat_p = self.category_model.proba(cat_idx)
        best = int(cat_p.argmax())
        category = self.category_model.labels[best]
        confidence = float(cat_p[best])
        reasons: list[str] = []
        needs_review = False
        top = _top_words(self.category_model, cat_idx, category, 4)
        mapped = self._policy_category(category)
        if confidence < self.threshold and category != FALLBACK:
            guess = CATEGORY_NAMES_ZH.get(category, category)
            reasons.append(f"置信度低({confidence:.2f}): {guess}? → 其他, 请人工复核")
            mapped, needs_review = FALLBACK, True
        elif top:
            reasons.append(f"词: {', '.join(top)} → {CATEGORY_NAMES_ZH.get(mapped, mapped)}")
        if mapped != category and not needs_review:
            needs_review = True
            reasons.append(f"策略无此类别: {category} → {mapped}")

        severity, sev_conf, sev_reasons = self._severity(norm, fs)
        reasons.extend(sev_reasons)
        return Classification(
            category=mapped,
            category_confidence=round(confidence, 3),
            severity=severity,
            severity_confidence=round(sev_conf, 3),
            reasons=tuple(reasons),
            needs_review=needs_review,
        )

    def _severity(self, norm: str, fs: list[str]) -> tuple[str, float, list[str]]:
        idx = self.severity_model.indices(fs)
        p = self.severity_model.proba(idx)
        probs = dict(zip(self.severity_model.labels, (float(v) for v in p), strict=True))
        rules = severity_rules.urgent_reasons(norm)
        if rules:
            return "urgent", max(0.9, probs.get("urgent", 0.0)), rules
        severity = max(probs, key=probs.__getitem__)
        top = _top_words(self.severity_model, idx, severity, 3)
        shown = SEVERITY_NAMES_ZH.get(severity, severity)
        reason = f"模型: {', '.join(top) or '整体语气'} → {shown}"
        return severity, probs[severity], [reason]
