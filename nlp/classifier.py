"""Category and severity of a complaint text, with confidences and the reasons agents see.

Category: a learnt linear model (nlp.model: a linear SVM with calibrated confidences) over
words, word pairs, character 1-3-grams, cue groups and durations (nlp.features).
Below `threshold` confidence it falls back to "other" and asks for review.
Severity: a learnt model for urgent / important / general, and on top of it the rules of
nlp.severity_rules, which make a text urgent whatever the model thinks (issue 3: never miss).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from nlp import features as feats
from nlp import severity_rules
from nlp.model import FORMATS, Active, LinearModel, Row

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "product_quality",
    "service_attitude",
    "logistics",
    "after_sales",
    "billing",
    "misleading",
    "other",
)
SEVERITIES: tuple[str, ...] = ("urgent", "important", "general")
FALLBACK = "other"
MODEL_RELPATH = Path("model") / "classifier.json"

CATEGORY_NAMES_ZH = {
    "product_quality": "产品质量",
    "service_attitude": "服务态度",
    "logistics": "物流配送",
    "after_sales": "售后/退换货",
    "billing": "价格收费",
    "misleading": "宣传与承诺",
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


@functools.lru_cache(maxsize=4)
def _shipped(categories: tuple[str, ...] | None) -> Classifier:
    # Parsing the shipped model takes ~0.2 s of CPU; a process that builds the App more than
    # once (the test suite builds one per test, bench/bench_turn.py one per run) parses it
    # once per policy. Safe to share: a Classifier is never changed after it is built.
    return Classifier(_shipped_payload(), categories, source="shipped")


# What each cue group (nlp/cues.py) means, as agents read it in a ticket's reasons: "[食品安全]",
# not "[food_safety]" (newcomer trial 14: the reasons read "[food_safety], 吃, 子, 底").
CUE_NAMES_ZH: dict[str, str] = {
    "after_sales": "售后",
    "attitude": "态度",
    "authority": "监管/投诉渠道",
    "car_brand": "汽车品牌",
    "car_safety": "行车安全",
    "charge": "收费",
    "collection": "催收",
    "courier": "快递员",
    "credit": "征信",
    "defect": "故障",
    "finance": "金融",
    "food_quality": "饭菜质量",
    "food_safety": "食品安全",
    "fraud": "欺诈",
    "hardship": "困难",
    "hotel_room": "客房",
    "injury": "受伤",
    "invoice": "发票",
    "late": "延误",
    "lost": "丢失",
    "mild": "语气平和",
    "misleading": "虚假宣传",
    "not_as_described": "货不对板",
    "packaging": "包装",
    "repeat": "反复发生",
    "staff": "工作人员",
    "strong": "情绪强烈",
    "transit_damage": "运输损坏",
    "usury": "高利",
    "wrong_missing_item": "错发漏发",
}


def _describe(feature: str) -> str:
    kind, _, value = feature.partition(":")
    if kind == "k":
        return f"[{CUE_NAMES_ZH.get(value, value)}]"
    if kind in ("d", "dw"):  # a duration bucket: "dw:<1d" reads 等待<1d
        return ("等待" if kind == "dw" else "时长") + value
    left, _, right = value.partition("_")
    if right and (left + right).isascii():
        return f"{left} {right}"  # an English word pair: "stopped working"
    return value.replace("_", "")


def _top_words(model: LinearModel, active: Active, label: str, n: int) -> list[str]:
    """The n strongest positive features as agents read them: words and cue groups, once each."""
    out: list[str] = []
    single: list[str] = []  # one Han character ("吃", "子") says little to an agent: last
    for feature, weight in model.top_features(active, label, 3 * n):
        if weight <= 0 or len(out) >= n:
            break
        shown = _describe(feature)
        if feature.startswith("s:") or shown in out or shown in single:
            continue
        (single if len(shown) == 1 else out).append(shown)
    return (out + single)[:n]


class Classifier:
    def __init__(
        self,
        payload: dict[str, Any],
        categories: Sequence[str] | None = None,
        source: str = "shipped",
    ) -> None:
        if payload.get("format") not in FORMATS:
            raise ValueError(f"not a classifier model (format {payload.get('format')!r})")
        self.category_model = LinearModel.from_json(payload["category"])
        self.severity_model = LinearModel.from_json(payload["severity"])
        self.threshold = float(payload.get("threshold", 0.0))
        self.trained_on = payload.get("trained_on", {})
        self.source = source
        self.categories = tuple(categories) if categories else DEFAULT_CATEGORIES
        # Both models are trained on the same features, so one look-up per feature serves
        # both (feature strings are new for every message: hashing them is much of the cost).
        cat_rows, sev_rows = self.category_model.rows, self.severity_model.rows
        self._both: dict[str, tuple[Row, Row]] | None = (
            {f: (row, sev_rows[f]) for f, row in cat_rows.items()}
            if cat_rows.keys() == sev_rows.keys()
            else None
        )

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
        return _shipped(tuple(categories) if categories else None)

    def _fallback_probability(self, probabilities: list[float], otherwise: float) -> float:
        """The model's own probability for "other", the category given instead of its guess."""
        labels = self.category_model.labels
        return probabilities[labels.index(FALLBACK)] if FALLBACK in labels else otherwise

    def describe(self) -> str:
        """Which model this is, for `classify` and `eval` to say: the shipped one, or the
        file trained into DATA_DIR with when and on what (issue 12: the live model is known)."""
        t = self.trained_on
        if self.source == "shipped":
            return f"shipped model ({t.get('examples', '?')} project examples)"
        parts = [
            f"{t[k]} {name}"
            for k, name in (
                ("own", "own lines"),
                ("corrections", "agents' corrections"),
                ("shipped", "shipped examples"),
            )
            if t.get(k)
        ]
        when = f"trained {t['trained_at']}" if t.get("trained_at") else "trained"
        return f"{self.source} ({when} on {' + '.join(parts) or 'labelled lines'})"

    def _policy_category(self, category: str) -> str:
        return category if category in self.categories else FALLBACK

    def classify(self, text: str) -> Classification:
        """Category and severity of a complaint text, each with its probability (0-1, three
        decimals) and the reasons shown to agents (Chinese). The category falls back to
        "other" with needs_review when no known word speaks for it, below `threshold`, or when
        the policy lacks it; the urgent rules override the severity model (docs/process.md
        section 3). Never raises; an empty text gets the priors, flagged for review."""
        norm = feats.normalise(text)
        cat_active, sev_active = self._active(feats.feature_keys(norm))
        cat_p = self.category_model.proba(cat_active)
        best = max(range(len(cat_p)), key=cat_p.__getitem__)
        category = self.category_model.labels[best]
        confidence = cat_p[best]
        reasons: list[str] = []
        needs_review = False
        mapped = self._policy_category(category)
        top = _top_words(self.category_model, cat_active, category, 4)
        if not top:
            # Nothing in the text speaks for the category (e.g. English words the model never
            # saw): its answer would be the priors and the text's length, so a person decides
            # (issue 9 item 7: never a category decided by noise such as "the").
            guess = CATEGORY_NAMES_ZH.get(category, category)
            reasons.append(f"无可依据的词语({confidence:.2f}): {guess}? → 其他, 请人工复核")
            mapped, needs_review = FALLBACK, True
            confidence = self._fallback_probability(cat_p, confidence)
        elif confidence < self.threshold and category != FALLBACK:
            guess = CATEGORY_NAMES_ZH.get(category, category)
            reasons.append(f"置信度低({confidence:.2f}): {guess}? → 其他, 请人工复核")
            mapped, needs_review = FALLBACK, True
        else:
            reasons.append(f"词: {', '.join(top)} → {CATEGORY_NAMES_ZH.get(mapped, mapped)}")
        if mapped != category and not needs_review:
            needs_review = True
            reasons.append(f"策略无此类别: {category} → {mapped}")

        severity, sev_conf, sev_reasons = self._severity(norm, sev_active)
        reasons.extend(sev_reasons)
        return Classification(
            category=mapped,
            category_confidence=round(confidence, 3),
            severity=severity,
            severity_confidence=round(sev_conf, 3),
            reasons=tuple(reasons),
            needs_review=needs_review,
        )

    def _active(self, keys: list[str]) -> tuple[Active, Active]:
        """The known features of a text (once each, first occurrence first) with their rows,
        for the category and severity models."""
        if self._both is None:
            fs = list(dict.fromkeys(keys))
            return self.category_model.active(fs), self.severity_model.active(fs)
        get = self._both.get
        hits = {f: pair for f in keys if (pair := get(f)) is not None}
        names = list(hits)
        pairs = hits.values()
        return (names, [p[0] for p in pairs]), (names, [p[1] for p in pairs])

    def _severity(self, norm: str, active: Active) -> tuple[str, float, list[str]]:
        p = self.severity_model.proba(active)
        probs = dict(zip(self.severity_model.labels, p, strict=True))
        rules = severity_rules.urgent_reasons(norm)
        if rules:
            return "urgent", max(0.9, probs.get("urgent", 0.0)), rules
        severity = max(probs, key=probs.__getitem__)
        top = _top_words(self.severity_model, active, severity, 3)
        shown = SEVERITY_NAMES_ZH.get(severity, severity)
        reason = f"模型: {', '.join(top) or '整体语气'} → {shown}"
        return severity, probs[severity], [reason]
