"""Newcomer trial 24 (helper dm): a story fact corrected replaces the words it contradicts."""

from __future__ import annotations

import pytest

from handlers.corrections import corrected_story
from handlers.draft import Draft


def _draft(account: str) -> Draft:
    draft = Draft()
    draft.account = account
    return draft


@pytest.mark.parametrize(
    ("account", "said", "now", "gone"),
    [
        (
            "十一月十八号到的货冷藏室不制冷打了三次售后",
            "不对 是冷冻室不制冷 冷藏是好的",
            "冷冻室不制冷",
            "冷藏室",
        ),
        (
            "上週在你們朝陽門店買的洗衣機，滾筒不轉了",
            "不是滾筒不轉 是排水不出",
            "排水不出了",
            "滾筒",
        ),
        ("左边的门关不上，找了三次", "说错了 是右边的门关不上", "右边的门", "左边"),
        ("昨天在三楼的餐厅吃饭", "不對 是四楼的餐厅", "四楼的餐厅", "三楼"),
        (
            "the fridge stopped cooling last week",
            "actually it's the freezer, not the fridge",
            "the freezer stopped",
            "fridge",
        ),
    ],
)
def test_story_fact_replaced(account: str, said: str, now: str, gone: str) -> None:
    draft = _draft(account)
    assert corrected_story(draft, said)
    assert now in (draft.account or "") and gone not in (draft.account or "")
    assert draft.restated


@pytest.mark.parametrize(
    ("account", "said"),
    [
        (
            "上周在你们朝阳门店买的洗衣机，坏了",
            "不对 是烘干功能没用 洗是好的",
        ),
        ("买的是白色的外套，收到是黑色的", "不对 是红色的"),  # which of the two is not known
        ("冷藏室不制冷", "冷冻室不制冷"),  # no word of correcting
        ("冷藏室不制冷", "不对 电话是13812345678"),
    ],
)
def test_nothing_replaced(account: str, said: str) -> None:
    draft = _draft(account)
    assert not corrected_story(draft, said)
    assert draft.account == account and not draft.restated
