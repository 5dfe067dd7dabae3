"""Places newcomer trial 9 cut short: Shanghai lanes (弄), a hutong's or road's house number
read as a day of the month, banking and service channels."""

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
