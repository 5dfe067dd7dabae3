"""Whether the words of a time give a time of day (nlp/extract_time.py:gives_clock): the letter
shows the resolved time only as precisely as the customer said it."""

from __future__ import annotations

import pytest

from nlp.extract_time import gives_clock


@pytest.mark.parametrize(
    "said",
    [
        "今天下午3点",
        "15:00",
        "昨晚8点半",
        "两小时前",
        "刚才",
        "3pm",
        "yesterday at 3pm",
        "2 hours ago",
    ],
)
def test_a_time_of_day_is_given(said: str) -> None:
    assert gives_clock(said)


@pytest.mark.parametrize(
    "said", ["昨天", "上周六", "昨天下午", "11月28日", "三天前", "yesterday afternoon", "Nov 20"]
)
def test_a_day_or_a_part_of_it_gives_none(said: str) -> None:
    assert not gives_clock(said)
