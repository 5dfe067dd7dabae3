"""The monthly report as SVG charts, drawn on the server for the console's report page.

`report_charts(report, policy, locale)` is a pure function of `handlers/report.py:MonthlyReport`:
one `SvgChart` (key, title, SVG text) per figure of the report (counts by category, severity
and channel; time to first response and to resolution, average and 90th percentile; SLA
compliance; satisfaction; the top objects of each kind; the top words). A month without tickets
is one chart that says so; a figure without data (nobody answered the survey yet) is a chart
that says that.

No script, no stylesheet, nothing fetched: horizontal bars whose lengths are proportional to
the values, labels from the locale catalogue, and text in `bot.fonts.FONT_STACK`, whose first
family the console declares with @font-face. Embed the SVG in the page (inline), so it uses the
page's fonts. Every text goes through ElementTree, which escapes it; characters XML cannot
carry (control characters) are dropped first.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.fonts import FONT_STACK
from handlers.policy import Policy
from handlers.report import CHANNELS, Compliance, Durations, MonthlyReport
from handlers.texts import Texts

WIDTH = 560  # viewBox units (CSS pixels at 100 %); the SVG scales to its container
FONT_SIZE = 13
ROW = 26  # height of one bar's row
TOP = 40  # room for the title
LABEL_MAX = 250  # widest label column (~32 Latin letters, 19 Han); longer ones are cut with "…"
VALUE_ROOM = 90  # right of the longest bar: its value text
PAD = 12
COLOURS = {
    "category": "#4C72B0",
    "severity": "#DD8452",
    "channel": "#8172B3",
    "times": "#55A868",
    "satisfaction": "#C44E52",
    "objects": "#64B5CD",
    "words": "#937860",
    "met": "#55A868",
    "missed": "#C44E52",
    "pending": "#BBBBBB",
}
# XML 1.0 cannot carry these at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class SvgChart:
    """One chart: a stable `key` ("by_category", "objects_product"...), its `title` in the
    locale, and `svg`, a standalone <svg> element as text (no XML declaration)."""

    key: str
    title: str
    svg: str


@dataclass(frozen=True)
class Segment:
    """Part of a bar: its value (in the chart's unit), colour and legend name."""

    value: float
    colour: str
    name: str = ""


@dataclass(frozen=True)
class Bar:
    """One row: the label on the left, the segments end to end, the text after them."""

    label: str
    segments: tuple[Segment, ...]
    text: str

    @property
    def total(self) -> float:
        return sum(s.value for s in self.segments)


def report_charts(report: MonthlyReport, policy: Policy, locale: str) -> list[SvgChart]:
    """The month's charts in `locale` ("zh-CN" or "en"; another reads zh-CN), in the order of
    the text report. A month with no ticket gives one chart, key "empty", saying so."""
    t = Texts(locale)
    if report.total == 0:
        title = t("report.chart_title", month=report.month, total=0)
        return [SvgChart("empty", title, _message(title, t("report.charts.empty_month")))]
    charts = [
        _counts(
            "by_category",
            t("report.chart_category"),
            [(policy.category(c).label(t.locale), n) for c, n in report.by_category],
            COLOURS["category"],
            t,
        ),
        _counts(
            "by_severity",
            t("report.chart_severity"),
            [(policy.severity(c).label(t.locale), n) for c, n in report.by_severity],
            COLOURS["severity"],
            t,
        ),
        _counts(
            "by_channel",
            t("report.by_channel"),
            [(_channel(c, t), n) for c, n in report.by_channel],
            COLOURS["channel"],
            t,
        ),
        _times(report, t),
        _sla(report, t),
        _satisfaction(report, t),
    ]
    for kind, found in report.top_objects.items():
        title = t("report.charts.top_objects", kind=t(f"report.object_{kind}"))
        charts.append(_counts(f"objects_{kind}", title, found, COLOURS["objects"], t))
    charts.append(_counts("words", t("report.charts.words"), report.top_words, COLOURS["words"], t))
    return charts


# --- the charts -----------------------------------------------------------------------------
def _counts(
    key: str, title: str, rows: Sequence[tuple[str, int]], colour: str, t: Texts
) -> SvgChart:
    bars = [Bar(label, (Segment(n, colour),), str(n)) for label, n in rows]
    if not any(bar.total for bar in bars):
        return SvgChart(key, title, _message(title, t("report.charts.no_data")))
    return SvgChart(key, title, _bars(title, bars))


def _channel(code: str, t: Texts) -> str:
    return t(f"report.channel.{code}") if code in CHANNELS else code


def _times(report: MonthlyReport, t: Texts) -> SvgChart:
    title = t("report.charts.times")
    colour = COLOURS["times"]
    bars: list[Bar] = []
    for name, durations in (
        (t("report.first_response"), report.first_response),
        (t("report.resolution"), report.resolution),
    ):
        bars += _duration_bars(name, durations, colour, t)
    if not bars:
        return SvgChart("times", title, _message(title, t("report.charts.no_data")))
    return SvgChart("times", title, _bars(title, bars))


def _duration_bars(name: str, durations: Durations, colour: str, t: Texts) -> list[Bar]:
    bars = []
    for which, span in (("average", durations.average), ("p90", durations.p90)):
        if span is not None:
            hours = span / timedelta(hours=1)
            label = f"{name} · {t(f'report.charts.{which}')}"
            bars.append(Bar(label, (Segment(hours, colour),), t("report.hours", value=hours)))
    return bars


def _sla(report: MonthlyReport, t: Texts) -> SvgChart:
    title = t("report.charts.sla")
    clocks = (
        (t("report.first_response"), report.first_response_sla),
        (t("report.resolution"), report.resolution_sla),
    )
    bars = [Bar(name, _sla_segments(clock, t), _share(clock, t)) for name, clock in clocks]
    if not any(bar.total for bar in bars):
        return SvgChart("sla", title, _message(title, t("report.charts.no_data")))
    legend = [Segment(0, COLOURS[k], t(f"report.charts.{k}")) for k in ("met", "missed", "pending")]
    return SvgChart("sla", title, _bars(title, bars, legend=legend))


def _sla_segments(clock: Compliance, t: Texts) -> tuple[Segment, ...]:
    counts = (("met", clock.met), ("missed", clock.missed), ("pending", clock.pending))
    return tuple(Segment(n, COLOURS[k], t(f"report.charts.{k}")) for k, n in counts)


def _share(clock: Compliance, t: Texts) -> str:
    share = clock.share
    return t("report.charts.sla_share", share=t("report.none") if share is None else f"{share:.0%}")


def _satisfaction(report: MonthlyReport, t: Texts) -> SvgChart:
    s = report.satisfaction
    title = t("report.charts.satisfaction")
    if not s.answered:
        return SvgChart("satisfaction", title, _message(title, t("report.charts.no_data")))
    average = t("report.none") if s.average is None else f"{s.average:.2f}"
    subtitle = t("report.charts.satisfaction_summary", answered=s.answered, average=average)
    colour = COLOURS["satisfaction"]
    bars = [
        Bar(t("report.charts.score", score=score), (Segment(n, colour),), str(n))
        for score, n in s.distribution.items()
    ]
    return SvgChart("satisfaction", title, _bars(title, bars, subtitle=subtitle))


# --- drawing --------------------------------------------------------------------------------
def _bars(
    title: str, bars: Sequence[Bar], subtitle: str = "", legend: Sequence[Segment] = ()
) -> str:
    """Horizontal bars, one row each, lengths proportional to the totals (the longest fills
    the room left of its value text)."""
    labels = [_fit(bar.label, LABEL_MAX) for bar in bars]
    label_room = max(_text_width(label) for label in labels) + PAD
    room = WIDTH - PAD - label_room - VALUE_ROOM
    top = TOP + (ROW if subtitle else 0)
    height = top + ROW * len(bars) + (ROW if legend else 0) + PAD
    svg = _svg(title, height)
    if subtitle:
        _text(svg, PAD, TOP + 4, subtitle, fill="#555555")
    longest = max(bar.total for bar in bars) or 1.0
    for row, (bar, label) in enumerate(zip(bars, labels, strict=True)):
        y = top + ROW * row
        _text(svg, PAD + label_room - 8, y + ROW / 2 + 4, label, anchor="end")
        x = PAD + label_room
        for segment in bar.segments:
            width = room * segment.value / longest
            if width > 0:
                rect = _rect(svg, x, y + 4, width, ROW - 8, segment.colour)
                # The whole label on hover: the one drawn may be cut.
                tip = (bar.label, segment.name, _number(segment.value))
                ET.SubElement(rect, "title").text = _clean(" ".join(p for p in tip if p))
            x += width
        _text(svg, x + 6, y + ROW / 2 + 4, bar.text, fill="#333333")
    if legend:
        _legend(svg, PAD + label_room, top + ROW * len(bars) + ROW / 2, legend)
    return ET.tostring(svg, encoding="unicode")


def _legend(svg: ET.Element, x: float, y: float, items: Sequence[Segment]) -> None:
    for item in items:
        _rect(svg, x, y - 9, 12, 12, item.colour)
        _text(svg, x + 16, y + 2, item.name)
        x += 16 + _text_width(item.name) + 18


def _message(title: str, sentence: str) -> str:
    """A chart with nothing to draw: its title and one sentence in the middle, no axes."""
    height = TOP + 3 * ROW
    svg = _svg(title, height)
    _text(svg, WIDTH / 2, TOP + 1.6 * ROW, sentence, anchor="middle", fill="#777777", size=16)
    return ET.tostring(svg, encoding="unicode")


def _svg(title: str, height: float) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {_number(height)}",
            "width": str(WIDTH),
            "height": _number(height),
            "role": "img",
            "font-family": FONT_STACK,
            "font-size": str(FONT_SIZE),
        },
    )
    ET.SubElement(svg, "title").text = _clean(title)
    _text(svg, PAD, 24, title, size=15, weight="bold")
    return svg


def _text(
    parent: ET.Element,
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    fill: str = "#222222",
    size: int = FONT_SIZE,
    weight: str = "normal",
) -> ET.Element:
    attributes = {"x": _number(x), "y": _number(y), "fill": fill}
    if anchor != "start":
        attributes["text-anchor"] = anchor
    if size != FONT_SIZE:
        attributes["font-size"] = str(size)
    if weight != "normal":
        attributes["font-weight"] = weight
    element = ET.SubElement(parent, "text", attributes)
    element.text = _clean(content)
    return element


def _rect(parent: ET.Element, x: float, y: float, w: float, h: float, fill: str) -> ET.Element:
    return ET.SubElement(
        parent,
        "rect",
        {"x": _number(x), "y": _number(y), "width": _number(w), "height": _number(h), "fill": fill},
    )


def _number(value: float) -> str:
    """At most two decimals, no trailing zeros: "12", "12.5", "0.33"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _char_width(char: str) -> float:
    """Roughly how wide `char` is drawn at FONT_SIZE: a Chinese character is a square."""
    if unicodedata.east_asian_width(char) in "WF":
        return FONT_SIZE
    return FONT_SIZE * 0.6


def _text_width(text: str) -> float:
    return sum(_char_width(c) for c in text)


def _fit(label: str, room: float) -> str:
    """`label`, cut with "…" when wider than `room`."""
    label = _clean(label)
    if _text_width(label) <= room:
        return label
    cut, used = [], _char_width("…")
    for char in label:
        used += _char_width(char)
        if used > room:
            break
        cut.append(char)
    return "".join(cut) + "…"
