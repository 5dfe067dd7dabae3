"""Newcomer trial 24 (helper da): "not yet" after an /ask is material to come, not none and
not the material; "扔了" is none; bare chasing while material is awaited is pressing."""

from __future__ import annotations

import pytest

from nlp.intent import has_cue, promises_material, says_no_material

LATER = [
    "not yet",
    "not yet, will send tomorrow",
    "haven't got it yet",
    "haven't got it yet, will send it soon",
    "don't have it yet",
    "还没有 明天发",
    "还没有",
    "还没拿到",
    "還沒有 明天發",
    "暂时还没有 过两天发你",
    "not yet sorry",
]


@pytest.mark.parametrize("text", LATER)
def test_not_yet_is_material_to_come(text: str) -> None:
    assert promises_material(text)
    assert not says_no_material(text)


@pytest.mark.parametrize(
    "text", ["没有了", "扔了", "早就扔了", "I don't have it", "lost it", "没有"]
)
def test_none_is_still_none(text: str) -> None:
    assert says_no_material(text)
    assert not promises_material(text)


@pytest.mark.parametrize("text", ["还没处理", "你们怎么还没处理", "订单号是JD88776655", "还没找到"])
def test_not_yet_words_do_not_make_other_things_a_promise(text: str) -> None:
    assert not promises_material(text)


@pytest.mark.parametrize(
    "text",
    ["还要等多久啊 烦死了", "有人管吗", "is anyone even looking at this?", "how much longer"],
)
def test_bare_chasing_presses_or_vents(text: str) -> None:
    assert has_cue(text, "pressing", "words") or has_cue(text, "venting", "words")
