"""The console's SVG charts: well-formed, Chinese, proportional, escaped, and honest when empty."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from bot.fonts import FONT_FAMILY
from bot.report_svg import SvgChart, report_charts
from handlers.policy import Policy, load_policy
from tests.bot.report_figures import empty, month

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>&x</script>\x00"


@pytest.fixture
def policy() -> Policy:
    return load_policy()


def parsed(chart: SvgChart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(chart: SvgChart) -> list[str]:
    return [e.text or "" for e in parsed(chart).iter(f"{SVG}text")]


def by_key(charts: list[SvgChart]) -> dict[str, SvgChart]:
    return {chart.key: chart for chart in charts}


def bar_widths(chart: SvgChart) -> list[float]:
    return [float(r.attrib["width"]) for r in parsed(chart).iter(f"{SVG}rect")]


def test_every_figure_is_a_chart_in_chinese(policy: Policy) -> None:
    charts = by_key(report_charts(month(policy, scores={5: 2, 1: 1}), policy, "zh-CN"))
    assert list(charts) == [
        "by_category",
        "by_severity",
        "by_channel",
        "times",
        "sla",
        "satisfaction",
        "objects_product",
        "objects_store",
        "objects_staff",
        "words",
    ]
    for chart in charts.values():
        root = parsed(chart)
        assert FONT_FAMILY in root.attrib["font-family"]
        assert root.find(f"{SVG}title") is not None
    assert {"按类别", "产品质量", "服务态度", "其他"} <= set(texts(charts["by_category"]))
    assert {"紧急", "一般"} <= set(texts(charts["by_severity"]))
    assert "微信" in texts(charts["by_channel"])
    assert {"首次响应 · 平均", "首次响应 · 90分位", "1.5 小时", "20.0 小时"} <= set(
        texts(charts["times"])
    )
    assert {"达标率 44%", "达标", "超时", "未到期"} <= set(texts(charts["sla"]))
    assert {"回评 3 件，平均 3.67 分", "5分"} <= set(texts(charts["satisfaction"]))
    assert {"高频对象：商品", "空调"} <= set(texts(charts["objects_product"]))
    assert "退货" in texts(charts["words"])
    assert "暂无数据" in texts(charts["objects_staff"])  # no staff named this month


def test_english_labels(policy: Policy) -> None:
    charts = by_key(report_charts(month(policy), policy, "en"))
    assert {"By category", "Product quality"} <= set(texts(charts["by_category"]))
    assert "WeChat" in texts(charts["by_channel"])
    assert "No data yet" in texts(charts["satisfaction"])  # nobody answered


def test_bars_are_proportional_to_the_counts(policy: Policy) -> None:
    counts = {"product_quality": 8, "service_attitude": 2, "logistics": 4}
    chart = by_key(report_charts(month(policy, categories=counts), policy, "zh-CN"))["by_category"]
    widths = bar_widths(chart)
    assert len(widths) == 3  # categories without a ticket draw no bar
    assert widths[0] / widths[1] == pytest.approx(4, rel=0.01)
    assert widths[2] / widths[1] == pytest.approx(2, rel=0.01)
    assert {"8", "2", "4", "0"} <= set(texts(chart))


def test_sla_bars_stack_met_missed_and_pending(policy: Policy) -> None:
    chart = by_key(report_charts(month(policy, categories={"billing": 10}), policy, "zh-CN"))["sla"]
    widths = bar_widths(chart)
    # first response: 5 met, 5 missed; resolution: 10 pending: the same full length
    met, missed, pending = widths[0], widths[1], widths[2]
    assert met == pytest.approx(missed) and pending == pytest.approx(met + missed)


def test_hostile_names_are_text_not_markup(policy: Policy) -> None:
    report = month(policy, products=[(HOSTILE, 3), ("a" * 80, 1)])
    chart = by_key(report_charts(report, policy, "zh-CN"))["objects_product"]
    assert "<script" not in chart.svg
    root = parsed(chart)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "<script>&x</script>" in texts(chart)  # shown as written, less \x00
    assert any(t.endswith("…") and len(t) < 40 for t in texts(chart))  # long names cut
    tips = [e.text for e in root.iter(f"{SVG}title")]
    assert "a" * 80 + " 1" in tips  # the whole name on hover


def test_no_script_and_nothing_fetched(policy: Policy) -> None:
    for chart in report_charts(month(policy), policy, "zh-CN"):
        lowered = chart.svg.lower()
        assert "<script" not in lowered and "href" not in lowered and "@import" not in lowered
        assert lowered.count("http") == 1  # the namespace, nothing to fetch


@pytest.mark.parametrize(
    ("locale", "sentence"), [("zh-CN", "本月没有投诉"), ("en", "No complaints this month")]
)
def test_an_empty_month_is_one_chart_that_says_so(
    policy: Policy, locale: str, sentence: str
) -> None:
    charts = report_charts(empty(policy), policy, locale)
    assert [c.key for c in charts] == ["empty"]
    assert sentence in texts(charts[0])
    assert bar_widths(charts[0]) == []  # no axes, no bars


def test_the_policys_labels_are_never_cut(policy: Policy) -> None:
    """Every category and severity label, in both languages, fits the label column whole
    (the English ones were cut to "Logistics and delive…"; second newcomer trial)."""
    from bot.report_svg import LABEL_MAX, _fit

    for locale in ("zh-CN", "en"):
        labels = [policy.category(code).label(locale) for code in policy.category_codes]
        labels += [policy.severity(code).label(locale) for code in policy.severities]
        assert [label for label in labels if _fit(label, LABEL_MAX) != label] == []
