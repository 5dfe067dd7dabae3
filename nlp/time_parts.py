"""The parts of a month and of a year a customer dates by ("10月中旬", "上个月底", "去年年底",
"early October", "the end of last month"): which days or months each covers. Shared by the
Chinese and English time readers (nlp/extract_time.py, nlp/extract_time_en.py) and by
nlp/time_precision.py, which knows a later date inside the part only makes it more precise.
"""

from __future__ import annotations

from datetime import date

# The days of a month each part covers (first, last; 31 means "to its end"). A part is dated
# at its first day, the middle one at the 15th.
MONTH_PARTS: dict[str, tuple[int, int]] = {
    "上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, 31),
    "底": (21, 31), "末": (21, 31),
}  # fmt: skip
MIDDLE_PARTS = frozenset({"中", "中旬"})
# The months of a year each part covers (first, last); dated at the first month's first day.
YEAR_PARTS: dict[str, tuple[int, int]] = {
    "年初": (1, 2), "年中": (5, 8), "年底": (11, 12), "年末": (11, 12), "年尾": (11, 12),
    "上半年": (1, 6), "下半年": (7, 12),
}  # fmt: skip


def part_day(part: str) -> int:
    """The day of the month a part of it is dated at."""
    return 15 if part in MIDDLE_PARTS else MONTH_PARTS[part][0]


# A month and day said without a year are last year's when still to come ("12月1日" said in
# March), but not when only a few days ahead: "12月1日" said on 30 November is this year's (a
# time zone ahead of the business's, a booking, a typo), never 364 days ago (newcomer trial
# 22). Up to this many days ahead, the date stays in this year.
DAYS_AHEAD_THIS_YEAR = 7


def this_year_ahead(day: date, today: date) -> bool:
    """Whether `day`, said without a year and later than `today`, is still this year's: at
    most DAYS_AHEAD_THIS_YEAR days ahead."""
    return 0 < (day - today).days <= DAYS_AHEAD_THIS_YEAR
