"""When it happened, in English: "yesterday afternoon", "last Friday", "Nov 20", "November 20,
2026", "20 November", "20/11", "11/20/2026", "3 days ago", "2 hours ago", "at 3pm".

The same rules as the Chinese dates (nlp.extract_time): a date without a year never resolves
into the future (a "Dec 1" later than `now` is last year's, "Friday" the last Friday), a date
with its year is taken as written, a date alone resolves to 00:00, a part of the day to its
start. Numeric dates: a first number above 12 is a day (20/11 is 20 November); otherwise
month/day, as the Chinese 11/20 and the American form read (5/11 is 11 May).
Regex-first for the reason given in nlp.extract_time (dateparser costs ~0.5 s to import and
milliseconds a message, and guesses a date in any number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from nlp.time_parts import MONTH_PARTS, YEAR_PARTS, part_day, this_year_ahead

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Whole names only: "sat", "sun" and "wed" are other words far more often than weekdays.
_WEEKDAY = "|".join(_WEEKDAYS)
_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a few": 3, "few": 3, "several": 3, "a couple of": 2,
    "couple of": 2, "half an": 0.5,
}  # fmt: skip
_COUNT = "|".join([r"\d{1,3}", *sorted(_COUNT_WORDS, key=len, reverse=True)])
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"20\d{2}"
# A part of a month or a year: "early October", "mid-Nov", "the end of last month", "late
# last year". Dated as the Chinese 上旬/中旬/下旬 and 年初/年底 are (nlp/extract_time.py).
_PART = r"(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of(?:\s+the)?)"
_DATE = (
    rf"{_PART}[\s-]*(?:(?P<pmon>{_MONTH})\b\.?(?:,?\s*(?P<py>{_YEAR})\b)?"
    # "the start of the month" with no this/last is this one's, as 月初 is (trial 20).
    rf"|(?:(?P<prel>last|this)\s+)?(?P<punit>month|year)\b)"
    rf"|(?P<mon>{_MONTH})\.?\s+(?:the\s+)?(?P<md>\d{{1,2}}){_ORD}\b(?:,?\s*(?P<my>{_YEAR})\b)?"
    rf"|(?:the\s+)?(?P<dm>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon2>{_MONTH})\b\.?(?:,?\s*(?P<y2>{_YEAR})\b)?"
    rf"|(?<![\d./-])(?P<na>\d{{1,2}})/(?P<nb>\d{{1,2}})(?:/(?P<ny>{_YEAR}|\d{{2}}))?(?![\d./-])"
    rf"|(?<![\d./-])(?P<ea>\d{{1,2}})[.-](?P<eb>\d{{1,2}})[.-](?P<ey>{_YEAR})(?![\d./-])"
    # A month said alone as the whole answer ("sept", "Oct 2026"; newcomer trial 21: "sept"
    # was no time) is that month, as "in sept" is; at a message's start only when nothing
    # else follows ("may I…" is no month).
    rf"|(?:in\s+|^\s*(?=(?:{_MONTH})\.?(?:\s+{_YEAR})?\s*[.!]?\s*$))"
    rf"(?P<monly>{_MONTH})\b\.?(?:\s+(?P<y3>{_YEAR})\b)?"
    # Chat abbreviations too: "2 wks ago", "3 hrs ago", "a few mins ago" (newcomer trial 8).
    rf"|(?P<ago>{_COUNT})\s*(?P<unit>minute|min|hour|hr|day|week|wk|month|mo)s?\s+ago\b"
    # A wait said to last until now dates its start, as "寄了十天了" does: "it's been 5 days",
    # "it has been over two weeks", "been waiting 10 days", "waited for a week now" (newcomer
    # trial 24: no time was read and the time asked again).
    rf"|(?:(?:it['’]?s|it\s+has|it\s+is|has|have|i['’]?ve|we['’]?ve)\s+been(?:\s+waiting)?"
    rf"|been\s+waiting|waiting)(?:\s+for)?\s+"
    rf"(?P<brough>(?:(?:over|almost|nearly|about|around|like|already|more\s+than|at\s+least)\s+)*)"
    rf"(?P<been>{_COUNT})\s*(?P<bunit>hour|hr|day|week|wk|month|mo)s?\b(?!\s+(?:ago|later|after|before|late)\b)"
    rf"|(?P<daybefore>the\s+day\s+before\s+yesterday)"
    rf"|(?P<lastnight>(?:late\s+)?last\s+night)"
    rf"|(?P<word>yesterday|today|tonight|(?:early\s+)?this\s+(?:morning|afternoon|evening))"
    # "late at night" with no day said: the night just gone (深夜 is read so; trial 22)
    rf"|(?P<latenight>late\s+(?:at\s+|in\s+the\s+)?night)"
    # "over the weekend", "on the weekend": the weekend just gone, as "this weekend" (trial 22)
    rf"|(?P<last>last|this|past|(?:over|during|on|at)\s+the(?=\s+weekend))"
    rf"\s+(?P<lunit>weekend|week|wk|month|{_WEEKDAY})\b"
    # "Tuesday the 3rd": the day of the month is the date, the weekday says which month.
    rf"|(?:on\s+)?(?P<wd>{_WEEKDAY})\b(?:,?\s+the\s+(?P<wdd>\d{{1,2}})(?:st|nd|rd|th)\b)?"
)
_CLOCK = (
    r"(?P<h>\d{1,2})(?::(?P<mi>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z])"
    r"|(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)"
    r"|(?P<noon>noon|midday|midnight)"
)
_PERIOD = r"morning|afternoon|evening|night"
_LINK = r"\s*,?\s*(?:at|around|about|in\s+the|on|by)?\s*"
# "late at night", "early in the morning" after a day: the part's late or early hours.
_EDGE = r"(?P<edge>late|early)\s+(?:at\s+|in\s+the\s+)?"
# An hour said bare after a day and around/at ("last night around 11"; trial 22: the hour
# was lost): the day's part decides am or pm. Not a count ("around 11 hours", "about 3 yuan").
_BARE_HOUR = (
    r"\s*,?\s*(?:at|around|about|at\s+about|at\s+around)\s+(?P<bare>1[0-2]|0?[1-9])"
    r"(?:\s*o['’]?clock)?(?!\s*(?:[:.]?\d|%|[a-z]*\d|h\b|hrs?\b|hours?\b|mins?\b|minutes?\b|"
    r"days?\b|weeks?\b|months?\b|years?\b|times\b|people\b|persons?\b|yuan\b|rmb\b|kuai\b|"
    r"dollars?\b|bucks\b|kg\b|km\b|items?\b|pieces?\b|of\b))"
)
TIME_EN_RE = re.compile(
    rf"\b(?P<date>{_DATE})(?:{_LINK}(?:{_EDGE})?(?P<period>{_PERIOD})\b|{_LINK}(?P<clock>{_CLOCK})"
    rf"|{_BARE_HOUR})?",
    re.IGNORECASE,
)
# A clock time with no date ("at 3pm"): only after "at", since a bare "3 pm" is too often
# part of something else; read when the text has no date.
CLOCK_EN_RE = re.compile(rf"\b(?:at|around|about)\s+(?P<clock>{_CLOCK})", re.IGNORECASE)
_PERIOD_START = {"morning": 8, "afternoon": 13, "evening": 18, "night": 20, "tonight": 18}
# The hour of a part said early or late ("early this morning", "late at night"), as 清晨 6
# and 深夜 23 are read (nlp/extract_time.py).
_EDGE_HOUR = {("early", "morning"): 6, ("late", "evening"): 21, ("late", "night"): 23}
_LATE_NIGHT = 23


@dataclass(frozen=True)
class FoundTimeEn:
    at: datetime
    start: int
    end: int
    # A wait's length said to last until now ("it's been 5 days"): text[start:end] is the
    # length, `at` its start.
    lasting: bool = False


def _month(word: str) -> int:
    return _MONTHS.index(word[:3].lower()) + 1


def _weekday(word: str) -> int:
    return next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(word[:3].lower()))


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _unyeared(today: date, month: int, day: int) -> date | None:
    """A month and day said without a year: this year's, or last year's when still to come."""
    found = _safe(today.year, month, day)
    if found is not None and found > today and not this_year_ahead(found, today):
        found = _safe(today.year - 1, month, day)
    return found


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if len(text) == 4 else 2000 + int(text)


def _calendar_date(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    """(day, whether the year was written) of a month-name or numeric date."""
    if m["mon"] or m["mon2"] or m["monly"]:
        month = _month(m["mon"] or m["mon2"] or m["monly"])
        day, year = int(m["md"] or m["dm"] or 1), _year(m["my"] or m["y2"] or m["y3"])
    elif m["na"]:
        a, b = int(m["na"]), int(m["nb"])
        month, day = (b, a) if a > 12 else (a, b)
        year = _year(m["ny"])
    else:
        a, b = int(m["ea"]), int(m["eb"])
        month, day = (b, a) if a > 12 else (a, b)
        year = _year(m["ey"])
    if year is not None:
        return _safe(year, month, day), True
    return _unyeared(today, month, day), False


_UNIT_NAMES = {"min": "minute", "hr": "hour", "wk": "week", "mo": "month"}


def _ago(
    m: re.Match[str], now: datetime, said: str, unit_said: str
) -> tuple[date | None, datetime | None]:
    word = said.lower()
    count = float(word) if word.isdigit() else _COUNT_WORDS.get(re.sub(r"\s+", " ", word), 1)
    unit = _UNIT_NAMES.get(unit_said.lower(), unit_said.lower())
    if unit in ("minute", "hour"):
        exact = now - (timedelta(minutes=count) if unit == "minute" else timedelta(hours=count))
        return exact.date(), exact
    if unit == "month":
        month = now.month - int(count)
        year, month = now.year + (month - 1) // 12, (month - 1) % 12 + 1
        return _safe(year, month, min(now.day, 28)), None
    days = count * (7 if unit == "week" else 1)
    return now.date() - timedelta(days=int(days)), None


def _relative(m: re.Match[str], today: date) -> date:
    unit, which = _UNIT_NAMES.get(m["lunit"].lower(), m["lunit"].lower()), m["last"].lower()
    monday = today - timedelta(days=today.weekday())
    if unit == "weekend":  # its Saturday: "last weekend" said on a weekday is the one before
        saturday = monday + timedelta(days=5)
        back = which == "last" and (saturday > today or today.weekday() >= 5)
        return saturday - timedelta(weeks=1) if back or saturday > today else saturday
    if unit == "week":
        return monday - timedelta(weeks=1) if which == "last" else monday
    if unit == "month":
        if which == "this":
            return today.replace(day=1)
        first = today.replace(day=1) - timedelta(days=1)
        return first.replace(day=1)
    # "last Friday": the Friday before today, a full week back when today is Friday.
    back = (today.weekday() - _weekday(unit)) % 7
    return today - timedelta(days=back or (7 if which == "last" else 0))


# Each part said in English as its Chinese word (nlp/extract_time.py MONTH_PARTS, YEAR_PARTS).
MONTH_PART_WORDS = {"early": "上旬", "beginning": "初", "start": "初", "mid": "中旬",
                     "middle": "中", "late": "下旬", "end": "底"}  # fmt: skip
YEAR_PART_WORDS = {"early": "年初", "beginning": "年初", "start": "年初", "mid": "年中",
                    "middle": "年中", "late": "年底", "end": "年底"}  # fmt: skip


def part_word(said: str) -> str:
    """The part's key word ("early", "end") in `said` ("the end of", "mid")."""
    words = said.lower().replace("the ", "").split()
    return words[0] if words else said.lower()


def _part_date(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    """(first day of the part said, whether the year was written); a part not begun yet is
    last year's or last month's, one begun but whose first day is still to come is today.
    "the end of the month", "the start of the year" (no this or last) are this one's, or the
    one before when the whole part is still to come, as 月底 and 年初 are read."""
    key = part_word(m["part"])
    which = (m["prel"] or "").lower()
    if (m["punit"] or "").lower() == "year":
        first_month, _ = YEAR_PARTS[YEAR_PART_WORDS[key]]
        year = today.year - (1 if which == "last" else 0)
        if not which and date(year, first_month, 1) > today:
            year -= 1
        return min(date(year, first_month, 1), today), False
    first = part_day(MONTH_PART_WORDS[key])
    if m["pmon"]:
        month, written = _month(m["pmon"]), _year(m["py"])
        if written is not None:
            return _safe(written, month, first), True
        year = today.year if month <= today.month else today.year - 1
        return min(date(year, month, first), today), False
    back = 1 if which == "last" else 0
    if not which and today.day < MONTH_PARTS[MONTH_PART_WORDS[key]][0]:
        back = 1  # "the end of the month" said on the 10th: last month's
    month = today.month - back
    year, month = today.year + (month - 1) // 12, (month - 1) % 12 + 1
    return min(date(year, month, first), today), False


def _date(m: re.Match[str], now: datetime) -> tuple[date | None, datetime | None, bool]:
    """(day, exact moment when the words give one, year written)."""
    today = now.date()
    if m["part"]:
        day, has_year = _part_date(m, today)
        return day, None, has_year
    if m["mon"] or m["mon2"] or m["monly"] or m["na"] or m["ea"]:
        day, has_year = _calendar_date(m, today)
        return day, None, has_year
    if m["ago"]:
        day, exact = _ago(m, now, m["ago"], m["unit"])
        return day, exact, False
    if m["been"]:
        day, exact = _ago(m, now, m["been"], m["bunit"])
        return day, exact, False
    if m["daybefore"]:
        return today - timedelta(days=2), None, False
    if m["lastnight"]:
        return today - timedelta(days=1), None, False
    if m["latenight"]:  # the night just gone: yesterday's, or tonight's once it is that late
        return today - timedelta(days=0 if now.hour >= _LATE_NIGHT else 1), None, False
    if m["word"]:
        back = 1 if m["word"].lower() == "yesterday" else 0
        return today - timedelta(days=back), None, False
    if m["last"]:
        return _relative(m, today), None, False
    if m["wdd"]:
        return _weekday_and_day(today, _weekday(m["wd"]), int(m["wdd"])), None, False
    return today - timedelta(days=(today.weekday() - _weekday(m["wd"])) % 7), None, False


def _weekday_and_day(today: date, weekday: int, day: int) -> date | None:
    """The last day numbered `day` up to today that falls on `weekday` within a year; the
    last such day at all when none does (the weekday misremembered, the number kept)."""
    year, month = today.year, today.month
    candidates = []
    for _ in range(12):
        found = _safe(year, month, day)
        if found is not None and found <= today:
            if found.weekday() == weekday:
                return found
            candidates.append(found)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return candidates[0] if candidates else None


def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _clock(m: re.Match[str]) -> time | None:
    if m["noon"]:
        return time(0) if m["noon"].lower() == "midnight" else time(12)
    if m["hh"]:
        return time(int(m["hh"]), int(m["mm"]))
    if m["h"]:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        if not 1 <= hour <= 12:
            return None
        pm = m["ampm"].lower().startswith("p")
        return time(hour % 12 + (12 if pm else 0), minute)
    period = _period(m)
    if bare := _group(m, "bare"):
        # with no part of the day said ("yesterday around 5") am or pm would be a guess
        return _bare_hour(int(bare), period)[0] if period else None
    if _group(m, "latenight") or (_group(m, "lastnight") or "").lower().startswith("late"):
        return time(_LATE_NIGHT)
    edge = (_group(m, "edge") or "").lower()
    if not edge and (said := _group(m, "word")) and said.lower().startswith("early"):
        edge = "early"
    if (edge, period) in _EDGE_HOUR:
        return time(_EDGE_HOUR[(edge, period)])
    return time(_PERIOD_START[period]) if period else None


def _period(m: re.Match[str]) -> str:
    """The part of the day said with the date ("in the evening", "last night", "this
    morning"), lower case; "" when none."""
    period = (_group(m, "period") or "").lower()
    if not period and _group(m, "lastnight"):
        period = "night"
    if not period and (said := _group(m, "word")):
        word = said.lower().split()[-1]
        period = word if word in _PERIOD_START else ""
    return period


_SMALL_HOURS = 4  # "last night around 2" is 2 a.m., the next day


def _bare_hour(hour: int, period: str) -> tuple[time, int]:
    """(the time, days after the date said) of a bare hour said with a part of the day: after
    noon in the afternoon, evening or night ("last night around 11" is 23:00), the small hours
    of the day after for night ("last night around 2" is 02:00 the next day), as said
    otherwise."""
    if period == "night" and hour <= _SMALL_HOURS:
        return time(hour), 1
    if period in ("afternoon", "evening", "night", "tonight") and hour < 12:
        return time(hour + 12), 0
    return time(hour % 12 if period == "morning" else hour), 0


def _bare_days(m: re.Match[str]) -> int:
    bare = _group(m, "bare")
    period = _period(m)
    return _bare_hour(int(bare), period)[1] if bare and period else 0


# Words that date when a state began: "since Nov 1", "starting monday". Such a time is when
# it happened, over another said beside it ("my bill this month is 3x higher … since Nov 1";
# newcomer trial 14: "this month" was kept and Nov 1 lost).
_SINCE = re.compile(r"\b(?:since|starting(?:\s+from)?|started(?:\s+on)?)\s+(?:on\s+)?$", re.I)
_HAS_SINCE = re.compile(r"\b(?:since|starting|started)\b", re.I)


def find_time_en(text: str, now: datetime) -> FoundTimeEn | None:
    """The first English point in time in `text`, resolved like nlp.extract_time.find_time,
    or the one said as the start ("since Nov 1") when there is one; None when there is none."""
    first: FoundTimeEn | None = None
    since = bool(_HAS_SINCE.search(text))
    for m in TIME_EN_RE.finditer(text):
        day, exact, has_year = _date(m, now)
        if day is None:
            continue
        clock = _clock(m)
        if exact is not None and clock is None:
            found = FoundTimeEn(min(exact, now), m.start(), m.end())
        else:
            day += timedelta(days=_bare_days(m))
            at = datetime.combine(day, clock or time(0), tzinfo=now.tzinfo)
            ahead = this_year_ahead(at.date(), now.date())  # "Dec 1" on 30 November
            found = FoundTimeEn(at if has_year or ahead else min(at, now), m.start(), m.end())
        if m["been"]:
            rough = m["brough"].lower().replace("already", "").replace("like", "").strip()
            start = m.start("brough") if rough else m.start("been")
            found = replace(found, start=start, end=m.end("date"), lasting=True)
        if not since or _SINCE.search(text, max(0, m.start() - 20), m.start()):
            return found
        first = first or found
    if first is not None:
        return first
    for m in CLOCK_EN_RE.finditer(text):
        if (clock := _clock(m)) is not None:
            at = datetime.combine(now.date(), clock, tzinfo=now.tzinfo)
            if at > now:
                at -= timedelta(days=1)  # "at 8pm" said at 15:00: last night
            return FoundTimeEn(at, m.start("clock"), m.end())
    return None
