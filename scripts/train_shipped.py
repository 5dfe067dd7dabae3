"""Trains the shipped model (nlp/data/model.json) from nlp/data/examples.jsonl only.

The shipped model never sees any scored or unlicensed text: only the project's own examples.
Run: python scripts/train_shipped.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp import tokenizer, training  # noqa: E402


def main() -> None:
    tokenizer.load()
    examples = training.shipped_examples()
    payload = training.train(examples)
    out = ROOT / "nlp" / "data" / "model.json"
    training.save(payload, out)
    print(f"trained on {len(examples)} shipped examples -> {out}")


if __name__ == "__main__":
    main()
