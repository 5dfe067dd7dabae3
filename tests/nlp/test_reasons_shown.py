"""The reasons agents read on a ticket (newcomer trial 14: "[food_safety], 吃, 子, 底"): cue
groups by their Chinese names, and single characters only after the words."""

from __future__ import annotations

import re

from nlp import cues
from nlp.classifier import CUE_NAMES_ZH, Classifier


def test_every_cue_group_has_a_chinese_name() -> None:
    groups = set(cues._GROUPS) | set(cues._ENGLISH)
    assert groups <= set(CUE_NAMES_ZH), groups - set(CUE_NAMES_ZH)


def test_reasons_name_cue_groups_in_chinese_and_put_single_characters_last() -> None:
    result = Classifier.load().classify("外卖吃了拉肚子 底下还有虫子 饭盒子也破了")
    words = result.reasons[0].split(": ", 1)[1].split(" → ")[0].split(", ")
    assert not any(re.fullmatch(r"\[[a-z_]+\]", w) for w in words), words
    lengths = [len(w) > 1 for w in words]
    assert lengths == sorted(lengths, reverse=True), words
