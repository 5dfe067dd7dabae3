"""What newcomer trials 9 and 10 found in one message: places cut short (Shanghai lanes, a
house number after a road or hutong read as a day, banking and service channels), weeks
back (上上礼拜三, last weekend), and a surname followed by the whole name."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields

NOW = datetime(2026, 12, 1, 10, 0)


@pytest.mark.parametrize(
    ("text", "place", "time"),
    [
        ("上海市浦东新区锦绣路1000弄", "上海市浦东新区锦绣路1000弄", None),
        ("锦绣路1000弄5号", "锦绣路1000弄5号", None),
        ("上海市浦东新区锦绣路1000弄3号楼", "上海市浦东新区锦绣路1000弄3号楼", None),
        ("东城区史家胡同12号", "东城区史家胡同12号", None),
        ("人民路5号", "人民路5号", None),
        ("12号在人民路5号买的", "人民路5号", "12号"),  # a day all the same
        ("用手机银行转账的时候被扣了两次", "手机银行", None),
        ("网银", "网银", None),
    ],
)
def test_place(text: str, place: str, time: str | None) -> None:
    found = extract_fields(text, NOW)
    assert (found.place, found.occurred_text) == (place, time)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("上上礼拜三", "2026-11-18"),
        ("上上个星期五", "2026-11-20"),
        ("we stayed at your hotel last weekend", "2026-11-28"),
    ],
)
def test_weeks_back(text: str, day: str) -> None:  # newcomer trial 10
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_at.date().isoformat() == day


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("名字写错了 不是王 我姓汪 汪敏", "汪敏"),
        ("我姓汪，叫汪敏", "汪敏"),
        ("我姓汪", "汪"),
        ("我姓王 李四是我朋友", "王"),
    ],
)
def test_surname_then_whole_name(text: str, name: str) -> None:  # newcomer trial 10
    assert extract_fields(text, NOW).name == name
