"""The monthly report's chart (`report --png`): counts by category and severity, and scores.

matplotlib is the optional extra `report`; it is imported only when a chart is asked for,
with the Agg backend (no display needed). Chinese labels need a font that has the glyphs:
fontconfig is asked for one (`fc-list :lang=zh`); without it the chart uses the English
labels rather than drawing boxes.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handlers.policy import Policy
from handlers.report import MonthlyReport
from handlers.texts import Texts

INSTALL_HINT = "the chart needs matplotlib: pip install 'complaint-bot[report]'"


class ChartUnavailable(RuntimeError):
    """matplotlib is not installed; the message says how to install it."""


def require_matplotlib() -> None:
    if importlib.util.find_spec("matplotlib") is None:
        raise ChartUnavailable(INSTALL_HINT)


def find_cjk_font() -> Path | None:
    """A font file fontconfig says covers Chinese, or None (no fontconfig, or no such font)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
    return Path(files[0]) if files else None


@dataclass(frozen=True)
class ChartText:
    """Every label on the chart, in the one language the font can show."""

    title: str
    category: str
    severity: str
    scores: str
    count: str
    categories: list[str]
    severities: list[str]


def chart_text(report: MonthlyReport, policy: Policy, chinese: bool) -> ChartText:
    t = Texts("zh-CN" if chinese else "en")
    return ChartText(
        title=t("report.chart_title", month=report.month, total=report.total),
        category=t("report.chart_category"),
        severity=t("report.chart_severity"),
        scores=t("report.chart_scores"),
        count=t("report.chart_count"),
        categories=[policy.category(code).label(t.locale) for code, _ in report.by_category],
        severities=[policy.severity(code).label(t.locale) for code, _ in report.by_severity],
    )


def write_chart(report: MonthlyReport, policy: Policy, target: Path, font: Path | None) -> None:
    require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    family = _use_font(font_manager, font) if font is not None else None
    if family is not None:
        matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"]
    text = chart_text(report, policy, chinese=family is not None)
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
    figure.savefig(target, format="png", dpi=100)
    plt.close(figure)


def _use_font(font_manager: Any, font: Path) -> str | None:
    """The font's family name once matplotlib knows it; None when it cannot read the file."""
    try:
        font_manager.fontManager.addfont(str(font))
        return str(font_manager.FontProperties(fname=str(font)).get_name())
    except (OSError, RuntimeError, ValueError):
        return None  # English labels are better than a failed report


def _bars(
    axes: object, labels: list[str], values: list[int], title: str, horizontal: bool = False
) -> None:
    from matplotlib.axes import Axes
    from matplotlib.ticker import MaxNLocator

    assert isinstance(axes, Axes)
    if horizontal:
        bars = axes.barh(labels, values, color="#4C72B0")
        axes.invert_yaxis()  # the policy's first category on top
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        bars = axes.bar(labels, values, color="#DD8452")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.bar_label(bars, padding=2)
    axes.margins(x=0.12 if horizontal else 0.05, y=0.05 if horizontal else 0.12)  # label room
    axes.set_title(title)
