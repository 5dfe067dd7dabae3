"""How long something lasted, as the customer wrote it: "等了两个多小时", "三天了还没到".

docs/process.md section 3 grades by the loss a customer suffered; for a wait or an outage
the loss is its length (issue 12: a 2-hour delivery wait is important, a 20-minute one is
not). The classifier gets the longest duration as a bucket feature and learns what each
bucket means per category and severity; a duration beside a waiting word (等, 才到, 还没,
超时, 拖, 一直) is a wait.
"""

from __future__ import annotations

import re

from nlp.severity_rules import cn_to_int

_NUM = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百半几]+"
_DURATION = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<more>多|个多|个半|个)?\s*"
    r"(?P<unit>分钟|分|小时|钟头|钟|天|日|周|星期|礼拜|月|年)(?P<half>半)?"
)
_MINUTES = {
    "分钟": 1,
    "分": 1,
    "小时": 60,
    "钟头": 60,
    "钟": 60,
    "天": 1440,
    "日": 1440,
    "周": 10080,
    "星期": 10080,
    "礼拜": 10080,
    "月": 43200,
    "年": 525600,
}
_WAIT = re.compile(
    r"等|才到|才送|才来|还没|还未|没到|未到|超时|迟到|晚了|晚到|拖|一直|至今|"
    r"到现在|过去|停|断|没人|无人|没有人|没修|没回|不回|没处理|不处理|没解决"
)
# Upper bounds (minutes) of the buckets: under 30 min, under 1 h, under 2 h, under a day,
# under a week, under a month, longer.
_BUCKETS = ((30, "<30m"), (60, "<1h"), (120, "<2h"), (1440, "<1d"), (10080, "<1w"), (43200, "<1mo"))


def _number(raw: str) -> float | None:
    if raw[0].isdigit():
        return float(raw)
    if raw == "半":
        return 0.5
    if raw == "几":
        return 3.0  # "几个小时": several
    value = cn_to_int(raw.replace("几", ""))
    return float(value) if value is not None else None


def durations(text: str) -> list[tuple[float, bool]]:
    """(minutes, beside a waiting word) for every duration in a normalised text."""
    out = []
    for m in _DURATION.finditer(text):
        unit = m.group("unit")
        if unit == "分" and not m.group("more") and text[m.end() : m.end() + 1] == "钟":
            continue  # "分钟" matched as 分 elsewhere
        if unit in ("月", "日") and not m.group("more") and m.group("num")[0].isdigit():
            continue  # "3月5日" is a date, "5个月" a duration
        value = _number(m.group("num"))
        if value is None:
            continue
        if m.group("half") or (m.group("more") or "").endswith("半"):
            value += 0.5
        window = text[max(0, m.start() - 6) : m.end() + 6]
        out.append((value * _MINUTES[unit], bool(_WAIT.search(window))))
    return out


def duration_features(text: str) -> list[str]:
    """`dw:<bucket>` for the longest wait, `d:<bucket>` for the longest other duration."""
    longest: dict[bool, float] = {}
    for minutes, wait in durations(text):
        longest[wait] = max(minutes, longest.get(wait, 0.0))
    return [("dw:" if wait else "d:") + _bucket(minutes) for wait, minutes in longest.items()]


def _bucket(minutes: float) -> str:
    for bound, name in _BUCKETS:
        if minutes < bound:
            return name
    return ">=1mo"
