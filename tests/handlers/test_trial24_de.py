"""Newcomer trial 24 (helper de): where a thing was bought, said at the remedy question, is
story, not the wish (handlers/story.py:story_instead_of_wish)."""

from __future__ import annotations

import pytest

from handlers.story import story_instead_of_wish


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("网上买的", True),
        ("在淘宝买的", True),
        ("京东上买的啊", True),
        ("在你們店裡買的", True),
        ("喺網上買嘅", True),
        ("去年买的", True),
        ("bought it online", True),
        ("I bought it on Taobao", True),
        ("网上买的 我要退款", False),
        ("重新买的钱你们出", False),
        ("退款", False),
        ("I want a refund", False),
    ],
)
def test_where_bought_is_story(text: str, story: bool) -> None:
    assert story_instead_of_wish(text) is story
