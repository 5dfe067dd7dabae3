"""When it happened: absolute and relative Chinese dates and times, resolved against `now`.

Regex-first instead of jionlp: jionlp takes 0.4 s to import (and prints a banner on stdout),
0.2 s to warm up, and 2.8 ms to find the times in one message, where this budget is well under
0.5 ms for all fields. Precision: a date alone resolves to 00:00 of that day, a part of the
day alone (下午, 晚上) to the start of that part; the original words go along in
`occurred_text`. Nothing said without a year resolves far into the future: a 4月28日 later
than `now` is last year's (but for one at most a week ahead, this year's:
nlp/time_parts.py:this_year_ahead), a 周五 is the last Friday, and 今天晚上 said at 15:00 is
clamped to `now`.
A date with its year (2030年1月1日, 2027-03-01, 今年12月25日) is taken as written, even in the
future: the intake conversation then tells the customer that this time has not come yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from nlp.extract_numbers import small_int
from nlp.extract_time_en import find_time_en
from nlp.time_parts import MONTH_PARTS, YEAR_PARTS, part_day, this_year_ahead

_N = r"\d{1,2}|[零一二两三四五六七八九十]{1,3}"  # a day, month or hour, either way
_WD = r"[一二三四五六日天七1-7]"
# 昨 and 今 alone only before a part of the day (昨晚, 今早): elsewhere they start other words.
_DAY_WORDS = r"大前天|前天|昨天|昨日|昨儿|今天|今日|今儿|(?:昨|今)(?=[早晚夜])"
# A part of a month ("10月中旬", "上个月底") or of a year ("去年年底"): a rough time, dated
# at a day inside it (nlp/time_parts.py); nlp/time_precision.py knows its span. A bare 中
# is the month's only before no word it begins (11月中国移动, 10月中午).
_MONTH_PART = r"上旬|中旬|下旬|初(?!中)|底|末|中(?![国文心间部学医午下上信央专华])"
_YEAR_PART = r"年初|年中|年底|年末|年尾|上半年|下半年"
_DATE = (
    rf"(?P<iy>20\d{{2}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?!\d)"
    rf"|(?:(?P<y>20\d{{2}}|\d{{2}})年|(?P<yrel>今年|去年|前年))?(?P<m>{_N})月份?(?:(?P<mpart>{_MONTH_PART})|(?P<d>{_N})(?:[日号]|(?=$|[\s,，。.!！?？;；的]|[上下中晚早凌傍午夜])))?"
    rf"|(?P<mrel>上上个月|上个月|上月|这个月|本月|这月)(?:(?P<md>{_N})[日号]|(?P<medge>{_MONTH_PART}))?"
    # A part of the month with no month named is this month's, or the last one's when it
    # is still to come: "月底的时候", "月初开始的".
    rf"|(?:(?<![\u4e00-\u9fff\d])|(?<=[在是到从于自就等了说]))月(?P<medge2>{_MONTH_PART})"
    # 每年年底, 一年中, 全年中: no one time.
    rf"|(?:(?P<py>20\d{{2}})年|(?P<pyrel>今年|去年|前年)|(?<![\d零一二两三四五六七八九十几每年全半多]))"
    rf"(?P<ypart>{_YEAR_PART})"
    rf"|(?<![\d.])(?P<dm>1[0-2]|0?[1-9])[./](?P<dd>3[01]|[12]\d|0?[1-9])(?![\d.%折元块分])"
    rf"|(?P<wrel>上上周|上上个?星期|上上个?礼拜|上周|上个星期|上星期|上个礼拜|上礼拜|这周|本周|这个星期|这星期|这个礼拜|这礼拜)(?P<wd>{_WD})?"
    rf"|(?:周|星期|礼拜)(?P<wd2>{_WD})"
    rf"|(?P<ago>{_N}|半|几|两)(?P<agounit>天|个?星期|个?礼拜|周|个?月|个?小时|分钟)(?:以前|之前|前)"
    # A state that set in and lasts until now dates its start: "电梯坏了半个月没人修",
    # "停了三天了", "等了两周" (newcomer trial 8: the time was asked again, then taken from a
    # later message); so does the time since a thing was bought ("买了两周就坏了") and a
    # length said to last until now ("已经三个月了", "都一个礼拜
    # 了"; newcomer trial 20: none was read and the time asked again). Only so: "十天了还没到"
    # says how late something is, not when the complaint's event was, and the intake asks
    # for that. The words before it are checked by _lasting_start (the look-behind only
    # lets the engine skip other positions).
    # "寄出十天了", "下单一周了还没发": the length since a thing was sent, ordered or asked
    # for, said to last until now (newcomer trial 24; _SENT below).
    r"|(?<=[了到近多概约快才都经已有刚单货出去款寄发诉修请交订])"
    rf"(?P<ongo>{_N}|半|几|两)(?P<ongounit>天|个多?星期|个多?礼拜|周|个多?月|年)"
    rf"|(?P<fewdays>前几天|前两天|前些天|这两天|这几天)"
    # 刚才 pointing back at what was said in this chat is no time: "刚才那个订单号少打了一位"
    # (trial 20: filed as happening at that minute).
    rf"|(?P<now>(?:刚才|刚刚|方才)(?!那个|那条|那句|那张|说的|发的|写的|填的|提到的|讲的|留的))"
    rf"|(?P<dw>{_DAY_WORDS})"
    # A number right after a road, lane or hutong is a house number (史家胡同12号, 人民路5号).
    rf"|(?<![\d号栋楼路街道巷弄同])(?P<od>[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号](?![\d楼院线房门窗柜库机码位车桌座台内无厅口]|之内|以内)"
)
_PERIOD = r"凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜|深夜|晚|早"
_CLOCK = (
    rf"(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)"
    rf"|(?P<h>{_N})(?:点|时)(?:钟)?(?:(?P<mi>{_N})分?|(?P<half>半)|(?P<q>一刻|三刻))?"
)
# Every time expression starts with one of these: checking it first lets the engine skip
# most positions at once instead of trying every branch there (5x faster).
_FIRST = "0-9零一二两三四五六七八九十今昨前大上这本周星礼刚方去半几凌清早中下傍晚夜深月年"
# The closing conditional fails a match in which no part took anything: every part is optional,
# so the engine would otherwise hand Python an empty match at most of those positions (11 per
# message, 40% of the time spent finding times).
TIME_RE = re.compile(
    rf"(?=[{_FIRST}])(?:(?P<date>{_DATE})\s*(?:的)?\s*)?(?P<period>{_PERIOD})?\s*(?:的)?\s*(?P<clock>{_CLOCK})?"
    r"(?(date)|(?(period)|(?(clock)|(?!))))"
)

_PERIOD_START = {
    "凌晨": 0, "半夜": 0, "清晨": 6, "早上": 7, "早晨": 7, "早": 7, "上午": 8, "中午": 12,
    "下午": 13, "傍晚": 17, "晚上": 18, "夜里": 20, "夜间": 20, "晚": 18, "深夜": 23,
}  # fmt: skip
_AFTERNOON = {"下午", "傍晚", "晚上", "夜里", "夜间", "晚", "深夜", "半夜"}
# A night word with a small hour is after midnight, in the night that follows the day said:
# "昨天夜里两点" is 02:00 of the morning after yesterday, "晚上十二点" the midnight ending the
# day (newcomer trial 22: "昨天夜里两点" was filed as 14:00, "晚上十二点" as noon). Below
# the hour given here the hour is such a small hour; from it on an evening one (晚上8点,
# 夜里11点). 凌晨 is the calendar's own small hours: "昨天凌晨两点" is yesterday's 02:00.
_NIGHT_EVENING_FROM = {"晚上": 5, "晚": 5, "夜里": 6, "夜间": 6, "半夜": 6, "深夜": 6}
_DAY_OFFSET = {"大前天": 3, "前天": 2, "昨天": 1, "昨日": 1, "昨儿": 1, "昨": 1}
# Weeks back; "上上礼拜三" too (newcomer trial 10: a correction to it was not read).
_WEEK_OFFSET = {"上上周": 2, "上上星期": 2, "上上个星期": 2, "上上礼拜": 2, "上上个礼拜": 2,
                "上周": 1, "上个星期": 1, "上星期": 1, "上个礼拜": 1, "上礼拜": 1}  # fmt: skip


@dataclass(frozen=True)
class FoundTime:
    """A point in time found in a text: `at`, and where its words are (text[start:end]).
    `lasting` when the words give how long a state has lasted ("坏了半个月"), whose start
    is `at`."""

    at: datetime
    start: int
    end: int
    lasting: bool = False
    # The length is since the thing was bought ("买了两周", "买了不到一个月"):
    # the purchase's time, context for the complaint (nlp/extract.py:_complaint_time).
    since_bought: bool = False
    # The words of a lapse after a purchase that dated it ("三天后" of "上周五买的 三天后就坏了";
    # nlp/extract.py:after_purchase): `at` is the purchase's day moved on by it.
    lapse: tuple[int, int] | None = None


def _weekday(ch: str | None) -> int | None:
    if ch is None:
        return None
    return 6 if ch in "日天7" else (int(ch) - 1 if ch.isdigit() else "一二三四五六".index(ch))


def _back_a_month(day: date, months: int = 1) -> tuple[int, int]:
    month = day.month - months
    return day.year + (month - 1) // 12, (month - 1) % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _Resolver:
    """Turns one TIME_RE match into a date and a clock time, rolled back out of the future."""

    def __init__(self, m: re.Match[str], now: datetime) -> None:
        self.m, self.now, self.today = m, now, now.date()

    def day(self) -> tuple[date | None, datetime | None]:
        """(day, exact time when the words give one: 刚才, 两小时前); (None, None) when the
        match names no day. Named `day`, not `date`: a method `date` would shadow the `date`
        type for every annotation after it in this class body."""
        g, today = self.m, self.today
        if g["iy"]:
            return _safe_date(int(g["iy"]), int(g["im"]), int(g["id"])), None
        if g["m"]:
            return self._month_day()
        if g["mrel"]:
            return self._relative_month()
        if g["medge2"]:
            return self._part_of_month(*_back_a_month(today, 0), g["medge2"]), None
        if g["ypart"]:
            return self._part_of_year(), None
        if g["dm"]:
            return self._rolled(_safe_date(today.year, int(g["dm"]), int(g["dd"])), years=True)
        if g["wrel"] or g["wd2"]:
            return self._week()
        if g["ago"] or g["ongo"]:
            return self._ago()
        if g["fewdays"]:
            return today - timedelta(days=2 if "两" in g["fewdays"] else 3), None
        if g["now"]:
            return today, self.now
        if g["dw"]:
            return today - timedelta(days=_DAY_OFFSET.get(g["dw"], 0)), None
        if g["od"]:
            return self._day_of_month(small_int(g["od"]))
        return None, None

    def _rolled(self, day: date | None, *, years: bool) -> tuple[date | None, None]:
        if day is None or day <= self.today:
            return day, None
        if years and this_year_ahead(day, self.today):
            return day, None  # "12月1日" on 30 November: this year's (time_parts.py)
        if years:
            return _safe_date(day.year - 1, day.month, day.day), None
        year, month = _back_a_month(day)
        return _safe_date(year, month, day.day), None

    def _month_day(self) -> tuple[date | None, None]:
        g, today = self.m, self.today
        month, day = small_int(g["m"]), small_int(g["d"]) if g["d"] else 1
        if month is None or day is None:
            return None, None
        if g["mpart"]:
            return self._month_part_day(month), None
        if g["y"]:
            year = int(g["y"]) if len(g["y"]) == 4 else 2000 + int(g["y"])
            return _safe_date(year, month, day), None
        if g["yrel"]:
            year = today.year - {"今年": 0, "去年": 1, "前年": 2}[g["yrel"]]
            return _safe_date(year, month, day), None
        return self._rolled(_safe_date(today.year, month, day), years=True)

    def _relative_month(self) -> tuple[date | None, None]:
        g, today = self.m, self.today
        back = {"上上个月": 2, "上个月": 1, "上月": 1}.get(g["mrel"], 0)
        year, month = _back_a_month(today, back)
        if g["medge"]:
            return self._part_of_month(year, month, g["medge"]), None
        day = small_int(g["md"]) if g["md"] else 1
        return _safe_date(year, month, day or 1), None

    def _month_part_day(self, month: int) -> date | None:
        """ "10月中旬", "2025年10月底": the part's day in the year said, else in the last
        such month up to today."""
        g, today = self.m, self.today
        if g["y"] or g["yrel"]:
            year = int(g["y"]) if g["y"] and len(g["y"]) == 4 else today.year
            if g["y"] and len(g["y"]) == 2:
                year = 2000 + int(g["y"])
            year -= {"去年": 1, "前年": 2}.get(g["yrel"] or "", 0)
            return self._part_of_month(year, month, g["mpart"], roll=False)
        year = today.year if month <= today.month else today.year - 1
        return self._part_of_month(year, month, g["mpart"])

    def _part_of_month(self, year: int, month: int, part: str, *, roll: bool = True) -> date:
        """The day a part of a month is dated at (MONTH_PARTS); today when the part has
        begun but that day is still to come ("10月中旬" said on 12 October); the month before
        when the whole part is still to come ("月底" said on the 10th)."""
        anchor = date(year, month, part_day(part))
        if anchor <= self.today or not roll:
            return anchor
        if date(year, month, MONTH_PARTS[part][0]) <= self.today:
            return self.today
        year, month = _back_a_month(date(year, month, 1))
        return date(year, month, part_day(part))

    def _part_of_year(self) -> date:
        """ "去年年底", "年初", "上半年": the first day of the part, today when it has begun
        and that day is still to come, the year before when the part is all still to come."""
        g, today = self.m, self.today
        first_month = YEAR_PARTS[g["ypart"]][0]
        if g["py"] or g["pyrel"]:
            year = int(g["py"]) if g["py"] else today.year
            year -= {"去年": 1, "前年": 2}.get(g["pyrel"] or "", 0)
            return date(year, first_month, 1)
        start = date(today.year, first_month, 1)
        return start if start <= today else date(today.year - 1, first_month, 1)

    def _day_of_month(self, day: int | None) -> tuple[date | None, None]:
        if day is None:
            return None, None
        return self._rolled(_safe_date(self.today.year, self.today.month, day), years=False)

    def _week(self) -> tuple[date | None, None]:
        g, today = self.m, self.today
        wd = _weekday(g["wd"] or g["wd2"])
        monday = today - timedelta(days=today.weekday())
        if g["wrel"]:
            monday -= timedelta(weeks=_WEEK_OFFSET.get(g["wrel"], 0))
            return monday + timedelta(days=wd or 0), None
        assert wd is not None
        return today - timedelta(days=(today.weekday() - wd) % 7), None

    def _ago(self) -> tuple[date | None, datetime | None]:
        g = self.m
        number = g["ago"] or g["ongo"]
        count = {"半": 0.5, "几": 3, "两": 2}.get(number) or small_int(number) or 0
        unit = (g["agounit"] or g["ongounit"]).lstrip("个").lstrip("多")
        if unit == "月" and count == 0.5:
            unit, count = "天", 15
        if unit in ("小时", "分钟"):
            delta = timedelta(hours=count) if unit == "小时" else timedelta(minutes=count)
            exact = self.now - delta
            return exact.date(), exact
        if unit == "月":
            year, month = _back_a_month(self.today, int(count))
            return _safe_date(year, month, min(self.today.day, 28)), None
        days = count * (7 if unit in ("星期", "周", "礼拜") else 365 if unit == "年" else 1)
        return self.today - timedelta(days=int(days)), None

    def after_midnight(self) -> bool:
        """Whether the clock said lies after the midnight that ends the day said: a night
        word with a small hour ("夜里两点", "晚上十二点"), or 半夜 alone (its midnight)."""
        g = self.m
        period = g["period"]
        if period not in _NIGHT_EVENING_FROM:
            return False
        if g["hh"]:
            hour = int(g["hh"])
        elif g["h"]:
            hour = small_int(g["h"]) or 0
        else:
            return period == "半夜"
        return hour % 12 < _NIGHT_EVENING_FROM[period]

    def clock(self) -> time | None:
        g = self.m
        period = g["period"]
        if g["hh"]:
            hour, minute = int(g["hh"]), int(g["mm"])
        elif g["h"]:
            spoken = small_int(g["h"])
            if spoken is None or spoken > 24:
                return None
            hour = spoken
            said = small_int(g["mi"]) if g["mi"] else 30 if g["half"] else 0
            minute = {"一刻": 15, "三刻": 45}.get(g["q"] or "", said or 0)
        elif period:
            return time(_PERIOD_START[period])
        else:
            return None
        if hour == 12 and (period in _NIGHT_EVENING_FROM or period == "凌晨"):
            hour = 0  # "晚上十二点", "凌晨12点半": midnight, not noon
        elif self.after_midnight():
            pass  # "夜里两点": 02:00 (of the day after the one said, see _resolve)
        elif (period in _AFTERNOON and hour < 12) or (period == "中午" and hour < 3):
            hour += 12
        return time(hour % 24, min(minute, 59))


# A night counted, not the evening: "退一晚房费", "住了两晚", "一晚上没睡" (newcomer trial 8:
# "一晚" was taken for last night and cut out of the wish "退一晚房费").
_NIGHTS_COUNTED = re.compile(r"(?:\d|[一两二三四五六七八九十几半])个?$")


def _plausible(m: re.Match[str]) -> bool:
    """A bare Chinese clock (三点) is too often a count (三点要求): keep it only with more;
    a bare 晚 after a number counts nights (see _NIGHTS_COUNTED)."""
    if not (m["date"] or m["period"] or m["clock"]):
        return False  # only the optional 的 matched
    bare_night = not (m["date"] or m["clock"]) and m["period"] in ("晚", "晚上")
    if bare_night and _NIGHTS_COUNTED.search(m.string, 0, m.start("period")):
        return False
    if m["date"] or m["period"]:
        return True
    return bool(m["hh"]) or m["h"].isdigit() or bool(m["mi"] or m["half"] or m["q"])


# Worth trying the English dates (nlp.extract_time_en) only where there is a Latin word or a
# day/month written with a slash or a dot.
_MAYBE_ENGLISH = re.compile(r"[A-Za-z]{2}|\d[/.-]\d")


# The n-th day of something going on, said of today: "今天是第三天", "今天已经第5天了",
# "这都第四天了".
_NTH_DAY = re.compile(
    r"(?:今天|今日|这)(?:都|已经|就|才)?(?:是|都|已经)?(?:第(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})天)"
)


def find_time(text: str, now: datetime) -> FoundTime | None:
    """The first point in time `text` names, None when it names none; never after `now`
    unless the text gives the year. Chinese words first; when they give no date, English
    ones ("yesterday at 3pm", "Nov 20", "20/11"), so Chinese text reads as it always did."""
    if (nth := _NTH_DAY.search(text)) and (days := small_int(nth["n"])) and 1 <= days <= 60:
        # "今天是第三天", "已经第5天了": the n-th day of a state, which began n-1 days ago
        # (newcomer trial 21: filed as today). Dated as a lasting state's start.
        start = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
        return FoundTime(start - timedelta(days=days - 1), nth.start(), nth.end())
    found, dated = _find_chinese(text, now)
    if dated or not _MAYBE_ENGLISH.search(text):
        return found
    english = find_time_en(text, now)
    if english is not None:
        return FoundTime(english.at, english.start, english.end, english.lasting)
    return found


# A number said as a score, a rating or a version: "结果考了5.5", "评分4.5", "打了3.5分",
# "版本2.1" (newcomer trial 12: 考了5.5 was filed as 5 May). A month.day after these is no date.
_SCORED_BEFORE = re.compile(
    r"(?:考了|考到|考出|得了|拿了|打了|给了|评了|评分|评分是|分数|分数是|成绩|成绩是|得分|总分|"
    r"版本|版本号|雅思|托福|均分|均分是|[vV])\s*(?:[:：]|为|是)?\s*$"
)


def _scored(m: re.Match[str]) -> bool:
    """Whether a bare month.day ("5.5") stands where a score or a version is said."""
    if not m["dm"]:
        return False
    if _SCORED_BEFORE.search(m.string, max(0, m.start() - 8), m.start()):
        return True
    return m.string.startswith("分", m.end())  # "5.5分": points, not a day


# What stands before a length that dates a start (see _DATE's ongo): the verb that set the
# state in or began the use, with 了, then how roughly the length is said; or a word saying
# it lasts until now (已经, 都), then the length and 了 ("已经三个月了", "都快一个月了").
_SET_IN = "坏|停|断|漏|堵|等|拖|病|疼|修"
# The time since a thing was bought ("买了两周"): the purchase's time. Not the length of a use
# ("用了两天就坏了", "装了才两天就漏水"): it runs from when the use began to when the thing
# went wrong, not to now ("上周六买的用了两天就坏了"), so it dates nothing (newcomer trial 8).
_BOUGHT = "买"
_ROUGHLY = "(?P<rough>还不到|不到|将近|差不多|大概|大约|约|快)?(?:才|刚|都)?"
_LASTING_AFTER = re.compile(rf"(?P<verb>{_SET_IN}|{_BOUGHT})了{_ROUGHLY}$")
_LASTING_UNTIL_NOW = re.compile(rf"(?:已经|都|已)(?:有)?{_ROUGHLY}$")
# What was sent, ordered or asked for, with the wait since still going on: "寄了十天了",
# "快递寄出十天了", "下单一周了还没发", "退款申请提交五天了", "發貨半個月了" (newcomer trial
# 24: no time was read and the time asked again). The length runs from that act to now, so
# it dates the act, the wait's start, as an estimate ("十天前"); with 了 after it only.
_SENT = (
    "寄出去|寄出|寄回去|寄回|寄|发出去|发出|发货|发|下单|下了单|订|订了|付款|付了款|退货|退回|"
    "申请|提交|报修|投诉|催"
)
_SENT_UNTIL_NOW = re.compile(rf"(?:{_SENT})(?:了|已经|都|有)*{_ROUGHLY}$")
# The wait said to go on after the length: 了, or what has still not happened ("寄了十天还没到").
_STILL_WAITING = re.compile(r"多?(?:了|还没|还未|还不|都没|仍|依然|也没)")
_STILL_NOW = re.compile(r"多?了")


def _lasting_start(m: re.Match[str]) -> tuple[int, bool] | None:
    """(where the words of a length that dates a start begin, with how roughly it is said:
    "不到一个月"; whether it is the time since bought), or None when the length dates nothing
    ("十天了还没到", "用了两天就坏了", "排了三个小时")."""
    text, start = m.string, m.start()
    said = _LASTING_AFTER.search(text, max(0, start - 6), start)
    if said is not None:
        began = said["verb"] == _BOUGHT
    else:
        said = _LASTING_UNTIL_NOW.search(text, max(0, start - 6), start)
        if said is None:
            said = _SENT_UNTIL_NOW.search(text, max(0, start - 8), start)
            if said is None or not _STILL_WAITING.match(text, m.end()):
                return None
        elif not _STILL_NOW.match(text, m.end()):
            return None
        began = False
    return (said.start("rough") if said["rough"] else start), began


def length_since_bought(text: str, at: int) -> bool:
    """Whether the length said at `at` in `text` is the time since a thing was bought
    ("买了两周"): filed as its start ("两周前"), it is the purchase's time, which an incident's
    time told later replaces."""
    said = _LASTING_AFTER.search(text, max(0, at - 6), at)
    return said is not None and said["verb"] == _BOUGHT


def _find_chinese(text: str, now: datetime) -> tuple[FoundTime | None, bool]:
    """(the first Chinese point in time, whether it has a date part)."""
    for m in TIME_RE.finditer(text):
        if m.end() == m.start() or not _plausible(m) or _scored(m):
            continue
        start, began = m.start(), False
        if m["ongo"]:
            lasting = _lasting_start(m)
            if lasting is None:
                continue
            start, began = lasting
        found = _resolve(m, now)
        if found is not None:
            end = max(m.end(g) for g in ("date", "period", "clock") if m[g])
            lasting_for = bool(m["ongo"])
            return FoundTime(found, start, end, lasting_for, began), bool(m["date"])
    return None, False


# English words that give a time of day: "3pm", "15:30", "noon", "two hours ago", "just now".
_CLOCK_EN = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\bnoon\b|"
    r"\bmidnight\b|\b(?:hours?|hrs?|minutes?|mins?)\s+ago\b|\bjust now\b",
    re.IGNORECASE,
)


def gives_clock(text: str) -> bool:
    """Whether the words give a time of day, not only a day or a part of it: "下午3点",
    "15:00", "两小时前", "刚才", "3pm", "2 hours ago" do; "昨天", "上周六", "昨天下午",
    "yesterday afternoon" do not (a part of the day resolves to its start, which is no
    time the customer said). For showing a resolved time with the precision it was given."""
    for m in TIME_RE.finditer(text):
        if m.end() == m.start() or not _plausible(m):
            continue
        if m["clock"] or m["now"] or (m["agounit"] or "").endswith(("小时", "分钟")):
            return True
    return bool(_CLOCK_EN.search(text))


# Before this hour a customer still up calls the day just gone 今天.
_DAY_TURNS = 5


def _has_year(m: re.Match[str]) -> bool:
    return bool(m["iy"] or m["y"] or m["yrel"])


def _night_after(m: re.Match[str], day: date | None, clock: time, now: datetime) -> datetime:
    """A night's small hour ("夜里两点", "晚上十二点") of the night that follows the day said.
    Said with no day, the latest such hour up to `now` (the night just gone, or this one).
    Said with 昨天/今天/前天 before _DAY_TURNS, the customer is still up in their day, the
    one just gone, so 昨天 is the day before it ("昨天夜里两点" at 01:53 is 02:00 of the day
    before: 02:00 of today has not come). An hour not yet come with such a word is the
    night before (the small hours of the day said: "今天夜里两点" said at 15:00)."""
    if not m["date"] or day is None:
        at = datetime.combine(now.date(), clock, tzinfo=now.tzinfo)
        return at - timedelta(days=1) if at > now else at
    if m["dw"] and now.hour < _DAY_TURNS:
        day -= timedelta(days=1)
    at = datetime.combine(day + timedelta(days=1), clock, tzinfo=now.tzinfo)
    if at > now and m["dw"]:
        at -= timedelta(days=1)
    return at


def _resolve(m: re.Match[str], now: datetime) -> datetime | None:
    r = _Resolver(m, now)
    day, exact = r.day()
    if m["date"] and day is None:
        return None
    clock = r.clock()
    if exact is not None and clock is None:
        return min(exact, now)
    if clock is not None and r.after_midnight():
        at = _night_after(m, day, clock, now)
        return at if _has_year(m) else min(at, now)
    day = day or now.date()
    at = datetime.combine(day, clock or time(0), tzinfo=now.tzinfo)
    if at > now and not m["date"]:
        at -= timedelta(days=1)  # 晚上8点 said at 15:00: last night
    elif at > now and (m["dw"] or "").startswith("今") and now.hour < _DAY_TURNS and clock:
        # "今天早上8点多" said at 00:11: the customer's day has not ended, so 今天 is the
        # day before's (newcomer trial 21: it was clamped to 00:11, against the words).
        at -= timedelta(days=1)
    if _has_year(m):
        return at  # the customer named the year: a future date is theirs to correct
    if this_year_ahead(at.date(), now.date()):
        return at  # "12月1日" on 30 November: that day, as said (nlp/time_parts.py)
    return min(at, now)
