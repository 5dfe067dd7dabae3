"""How precisely the words of a time say when (a month, a week, a day, a time of day), and
whether a time said later makes the one on file more precise.

A customer often dates a complaint loosely first ("上个礼拜", "拖了两个多月了", "this month")
and more precisely later, at another question ("上个礼拜四开始的", "9月10号交的材料"): the
later date then replaces the first when it lies inside what the first one said (a day of that
week, of that month), or near a time only estimated from how long something has lasted
("拖了两个多月了" -> about 2 months ago; newcomer trial 14: the precise dates were lost). A less
precise time, or one outside the first, changes nothing: a correction does that.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import IntEnum

from nlp.extract_time import TIME_RE, gives_clock
from nlp.extract_time_en import MONTH_PART_WORDS, TIME_EN_RE, YEAR_PART_WORDS, part_word
from nlp.time_parts import MONTH_PARTS, YEAR_PARTS


class Precision(IntEnum):
    """How precisely a time's words date it, least first."""

    ESTIMATE = 0  # from how long a state has lasted, "前几天", or words not read again
    YEAR_PART = 1  # "去年年底", "上半年", "late last year"
    MONTH = 2
    MONTH_PART = 3  # "10月中旬", "上个月底", "early October"
    WEEK = 4
    DAY = 5
    CLOCK = 6


# Words that count back from now ("两周前", "半个月前", "3 weeks ago"): their span is around
# the date they give, not a calendar week or month.
_COUNTED_BACK = re.compile(r"前$|\bago\b", re.I)
# How far a later date may lie from one counted back or estimated and still make it precise.
_NEAR = {Precision.ESTIMATE: 45, Precision.MONTH: 31, Precision.WEEK: 7, Precision.DAY: 0}


def precision(words: str) -> Precision:
    """How precisely `words` (a time as written, `occurred_text`) say when: "9月10号",
    "上个礼拜四", "yesterday" give a day; "上个礼拜", "last week" a week; "8月份", "这个月",
    "this month" a month; "下午3点", "3pm" a time of day; "两个多月前" (a lasting state's
    start), "前几天" only an estimate."""
    if gives_clock(words):
        return Precision.CLOCK
    for m in TIME_RE.finditer(words):
        if m.end() > m.start():
            return _chinese(m)
    for m in TIME_EN_RE.finditer(words):
        return _english(m)
    return Precision.ESTIMATE


def _chinese(m: re.Match[str]) -> Precision:
    if m["clock"] or m["now"] or (m["agounit"] or "").endswith(("小时", "分钟")):
        return Precision.CLOCK
    if m["ongo"] or m["fewdays"]:
        return Precision.ESTIMATE
    unit = m["agounit"] or ""
    if m["ypart"]:
        return Precision.YEAR_PART
    if m["mpart"] or m["medge"] or m["medge2"]:
        return Precision.MONTH_PART
    if (m["m"] and not m["d"]) or (m["mrel"] and not m["md"]) or unit.endswith("月"):
        return Precision.MONTH
    if (m["wrel"] and not m["wd"]) or unit.endswith(("星期", "周", "礼拜")):
        return Precision.WEEK
    return Precision.DAY if m["date"] or m["period"] else Precision.ESTIMATE


def _english(m: re.Match[str]) -> Precision:
    if m["clock"] or (m["unit"] or "").lower().startswith(("min", "h")):
        return Precision.CLOCK
    if m["part"]:
        year = (m["punit"] or "").lower() == "year"
        return Precision.YEAR_PART if year else Precision.MONTH_PART
    unit = (m["unit"] or m["lunit"] or "").lower()
    if m["monly"] or unit.startswith("mo"):
        return Precision.MONTH
    if unit.startswith(("week", "wk")):
        return Precision.WEEK
    return Precision.DAY


# Words that name a day (or a span of days) rather than only a time of it.
_DAY_WORD = re.compile(
    r"[今昨前明后]天|今[早晚晨]|昨[晚夜]|[号日周月年]|星期|礼拜|\d+\s*[/.-]\s*\d+|"
    r"\b(?:today|tonight|yesterday|tomorrow|day|week|month|year|ago|last|this|mon|tue|wed|"
    r"thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)",
    re.I,
)


def day_unsaid(words: str) -> bool:
    """Whether a time's `words` tell only the time of day, not which day ("半夜", "at
    midnight", "凌晨两点", "下午3点"): the day is not known yet, so one said later adds to it
    rather than corrects it (newcomer trial 20: "前天晚上" after "at midnight" was "已更正"
    and replaced "midnight" in the customer's story)."""
    return bool(words.strip()) and precision(words) >= Precision.DAY and not _DAY_WORD.search(words)


def refines(old_words: str, old_at: datetime, new_words: str, new_at: datetime) -> bool:
    """Whether a time said later (`new_words`, resolved `new_at`) makes the one on file more
    precise: it says more (a day after a week) and lies within what the old one said ("上个
    礼拜四" in "上个礼拜", "Nov 20" in "this month", "10月15号" in "十月中旬"), or near it
    when the old one counted back or was estimated ("9月10号" after "两个多月前")."""
    old, new = precision(old_words), precision(new_words)
    if day_unsaid(old_words) and new >= Precision.DAY and not day_unsaid(new_words):
        return True  # "前天晚上" after "半夜", "Nov 20" after "at midnight": the day added
    if new <= old:
        return False
    if old == Precision.ESTIMATE or _COUNTED_BACK.search(old_words.strip()):
        # A month said later is no sharper than an estimate of one; a part of a month is
        # sharper than one counted back in months ("11月初" after "快一个月前", newcomer
        # trial 20: "漏了快一个月了" is now read, and the part said later was lost).
        least = Precision.MONTH_PART if old == Precision.MONTH else Precision.WEEK
        if new < least:
            return False
        return abs(new_at - old_at) <= timedelta(days=_NEAR.get(old, 0) or 1)
    first, last = span(old_words, old_at)
    return first <= new_at.date() <= last


def span(words: str, at: datetime) -> tuple[date, date]:
    """The first and last day `words` (resolved `at`) may mean: the days of the part of the
    month, of the month, of the week or of the part of the year said; `at`'s day otherwise."""
    day = at.date()
    kind = precision(words)
    if kind == Precision.WEEK:
        return day, day + timedelta(days=6)
    if kind == Precision.MONTH:
        return day.replace(day=1), _month_end(day)
    if kind == Precision.MONTH_PART:
        first, last = MONTH_PARTS[_month_part(words)]
        return day.replace(day=first), _month_end(day) if last > 28 else day.replace(day=last)
    if kind == Precision.YEAR_PART:
        first_month, last_month = YEAR_PARTS[_year_part(words)]
        end = _month_end(date(day.year, last_month, 1))
        return date(day.year, first_month, 1), end
    return day, day


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _month_part(words: str) -> str:
    """The part of the month `words` name, as MONTH_PARTS keys it."""
    for m in TIME_RE.finditer(words):
        if part := m["mpart"] or m["medge"] or m["medge2"]:
            return str(part)
    for m in TIME_EN_RE.finditer(words):
        if m["part"]:
            return MONTH_PART_WORDS[part_word(m["part"])]
    return "中"


def _year_part(words: str) -> str:
    """The part of the year `words` name, as YEAR_PARTS keys it."""
    for m in TIME_RE.finditer(words):
        if m["ypart"]:
            return str(m["ypart"])
    for m in TIME_EN_RE.finditer(words):
        if m["part"]:
            return YEAR_PART_WORDS[part_word(m["part"])]
    return "上半年"
