"""Trial 24 (helper dl): words about evidence read as what they are: a promise of material
kept elsewhere (evidence_later), nothing for now (says_none), material there after what is
not (material_after_none, has_evidence) and a yes to the follow-up about it (yes_have)."""

from __future__ import annotations

import pytest

from handlers.evidence_words import (
    evidence_later,
    has_evidence,
    material_after_none,
    says_none,
    yes_have,
)


@pytest.mark.parametrize(
    "text",
    [
        "I have a video of the noise, but it's on my other phone",
        "the video is on my other phone",
        "I have photos on my wife's phone",
        "I have a recording but its on my laptop",
        "I have the receipt in my email",
        "receipt is at the office, I will send it",
        "有視頻 但在我另一部手機上",
        "录音在我老公手机里",
    ],
)
def test_material_elsewhere_is_a_promise(text: str) -> None:
    assert evidence_later(text)


@pytest.mark.parametrize(
    "text",
    [
        "none at the moment",
        "none for now",
        "not now",
        "暂时还没有",
        "现在还没有",
        "目前还没有",
        "暂时没有哦",
        "暫時還沒有",
        "盒子扔了",
    ],
)
def test_nothing_now(text: str) -> None:
    assert says_none(text)


@pytest.mark.parametrize(
    "text",
    [
        "盒子我扔了没有照片医院的单子有",
        "盒子我扔了 没有照片 医院的单子有",
        "沒有照片 醫院的單子有",
        "没拍照 但是小票有",
        "我没拍 有录音",
        "no photos but I have the receipt",
    ],
)
def test_material_there_after_what_is_not(text: str) -> None:
    assert material_after_none(text)


@pytest.mark.parametrize("text", ["没有照片", "还没有照片", "没有", "照片删了", "no photos"])
def test_a_plain_none_is_no_material(text: str) -> None:
    assert not material_after_none(text)


def test_a_paper_named_by_whose_it_is() -> None:
    assert has_evidence("医院的单子有")
    assert not has_evidence("东西有问题")


@pytest.mark.parametrize(
    "text", ["对的", "對的", "是的 有", "有的", "yes", "yes I do", "Yes, I have it"]
)
def test_yes_to_the_follow_up(text: str) -> None:
    assert yes_have(text)


@pytest.mark.parametrize("text", ["暂无", "no", "没有", "none for now"])
def test_no_is_no_yes(text: str) -> None:
    assert not yes_have(text)
