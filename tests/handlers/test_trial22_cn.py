"""Helper cn (newcomer trial 22): everyday "none for now" at the evidence question, read."""

from __future__ import annotations

import pytest

from handlers.evidence_words import (
    evidence_later,
    has_evidence,
    names_which_evidence,
    says_none,
)

LATER = [
    "没拍照 当时太气了 小票还在",
    "没拍 太气了 小票还留着",
    "合同在家里 晚上回去拍给你们",
    "合同在家 今晚拍了发你们",
    "当时太急了哪有空拍 监控你们自己去调",
    "当时哪有时间拍照 你们去调监控",
    "照片拍了 但是手机没电了 回家发",
    "照片有的，手机没电了，晚上发",
    "有截图 等会发",
    "有视频 晚点发",
]
NONE = ["快递单照片删了", "收据照片早就删了", "合同的照片找不到了", "当时太急了哪有空拍"]
NEITHER = [
    "聊天记录里他说了不退",
    "店员还骂我 说我自己放进去的",
    "店员说晚上回去再说 根本不理我",
    "监控你们自己去调 店员还骂我",
    "照片拍了 他们不给退 回家发",
]


@pytest.mark.parametrize("text", LATER)
def test_cn_none_for_now_is_read(text: str) -> None:
    assert evidence_later(text) and not says_none(text)


@pytest.mark.parametrize("text", NONE)
def test_cn_none_with_what_is_missing(text: str) -> None:
    assert says_none(text)


@pytest.mark.parametrize("text", NEITHER)
def test_cn_guard_story_and_text_evidence(text: str) -> None:
    assert not evidence_later(text) and not says_none(text)


def test_cn_has_photo_still_asks_for_it() -> None:
    assert has_evidence("我有照片") and not evidence_later("我有照片") and not says_none("我有照片")


def test_cn_which_paper_is_named() -> None:
    assert names_which_evidence("快递单照片删了") and not names_which_evidence("照片删了")
