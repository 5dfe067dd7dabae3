"""The monthly report's chart (`report --png`): counts by category and severity, and scores.

matplotlib is the optional extra `report`; it is imported only when a chart is asked for,
with the Agg backend (no display needed). Every label is drawn in the Chinese font of
`bot.fonts` (packaged with the install): there is no fallback to English labels, and no font at
all stops the chart with `bot.fonts.FontMissing`, whose message says how to install one. A
month without tickets draws one panel that says so instead of three empty axes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.fonts import FontMissing, cjk_font_path
from handlers.policy import Policy
from handlers.report import MonthlyReport
from handlers.texts import Texts

if TYPE_CHECKING:  # matplotlib is the optional extra `report`, imported when a chart is drawn
    from matplotlib.figure import Figure

INSTALL_HINT = "the chart needs matplotlib: pip install 'complaint-bot[report]'"
BAR_COLOURS = ("#4C72B0", "#DD8452", "#55A868")
__all__ = [
    "ChartUnavailable",
    "FontMissing",
    "chart_text",
    "drawn",
    "require_matplotlib",
    "write_chart",
]


class ChartUnavailable(RuntimeError):
    """matplotlib is not installed; the message says how to install it."""


def require_matplotlib() -> None:
    if importlib.util.find_spec("matplotlib") is None:
        raise ChartUnavailable(INSTALL_HINT)


@dataclass(frozen=True)
class ChartText:
    """Every label on the chart, in the report's locale."""

    title: str
    category: str
    severity: str
    scores: str
    count: str
    empty: str
    categories: list[str]
    severities: list[str]


def chart_text(report: MonthlyReport, policy: Policy, locale: str = "zh-CN") -> ChartText:
    t = Texts(locale)
    return ChartText(
        title=t("report.chart_title", month=report.month, total=report.total),
        category=t("report.chart_category"),
        severity=t("report.chart_severity"),
        scores=t("report.chart_scores"),
        count=t("report.chart_count"),
        empty=t("report.charts.empty_month"),
        categories=[policy.category(code).label(t.locale) for code, _ in report.by_category],
        severities=[policy.severity(code).label(t.locale) for code, _ in report.by_severity],
    )


def write_chart(
    report: MonthlyReport,
    policy: Policy,
    target: Path,
    locale: str = "zh-CN",
    font: Path | None = None,
) -> None:
    """Draws the month as a PNG at `target` in `font` (default `bot.fonts.cjk_font_path()`).
    Raises ChartUnavailable without matplotlib, FontMissing without a Chinese font, OSError
    when `target` cannot be written."""
    with drawn(report, policy, locale, font) as figure:
        figure.savefig(target, format="png", dpi=100)


@contextmanager
def drawn(
    report: MonthlyReport, policy: Policy, locale: str = "zh-CN", font: Path | None = None
) -> Iterator[Figure]:
    """The month's figure, with `font` (default `bot.fonts.cjk_font_path()`) in force while
    the block runs: tick labels are made when the figure is drawn, so save it inside. Closed
    afterwards. Raises ChartUnavailable and FontMissing as `write_chart` does."""
    require_matplotlib()
    font = font or cjk_font_path()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    text = chart_text(report, policy, locale)
    with matplotlib.rc_context({"font.family": [_register(font)]}):
        figure = _empty(text) if report.total == 0 else _panels(report, text)
        try:
            yield figure
        finally:
            plt.close(figure)


def _register(font: Path) -> str:
    """The font's family name, once matplotlib's font manager knows the file."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font))
    return str(font_manager.FontProperties(fname=str(font)).get_name())


def _empty(text: ChartText) -> Figure:
    """One blank panel with the title and a sentence saying the month had no complaints."""
    from matplotlib import pyplot as plt

    figure = plt.figure(figsize=(8, 3))
    figure.suptitle(text.title)
    figure.text(0.5, 0.45, text.empty, ha="center", va="center", fontsize=16, color="#555555")
    return figure


def _panels(report: MonthlyReport, text: ChartText) -> Figure:
    from matplotlib import pyplot as plt

    figure, (by_category, by_severity, scores) = plt.subplots(
        1, 3, figsize=(13, 4.8), gridspec_kw={"width_ratios": [2.2, 1, 1.4]}
    )
    _bars(
        by_category,
        text.categories,
        [n for _, n in report.by_category],
        text.category,
        horizontal=True,
    )
    _bars(by_severity, text.severities, [n for _, n in report.by_severity], text.severity)
    distribution = report.satisfaction.distribution
    _bars(scores, [str(s) for s in distribution], list(distribution.values()), text.scores)
    for axes in (by_severity, scores):
        axes.set_ylabel(text.count)
    by_category.set_xlabel(text.count)
    figure.suptitle(text.title)
    figure.tight_layout()
    return figure


def _bars(
    axes: object, labels: list[str], values: list[int], title: str, horizontal: bool = False
) -> None:
    from matplotlib.axes import Axes
    from matplotlib.ticker import MaxNLocator

    assert isinstance(axes, Axes)
    # All zeros (no survey answered yet): 0..1, not matplotlib's -0.06..0.06 around nothing.
    top = max([*values, 1]) * 1.15
    if horizontal:
        bars = axes.barh(labels, values, color=BAR_COLOURS[0])
        axes.invert_yaxis()  # the policy's first category on top
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlim(0, top)
    else:
        bars = axes.bar(labels, values, color=BAR_COLOURS[1])
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(0, top)
        if len(labels) > 4 and max(len(label) for label in labels) > 4:
            axes.tick_params(axis="x", labelrotation=30)  # long labels side by side overlap
    axes.bar_label(bars, padding=2)
    axes.set_title(title)
