"""`report --png`: Chinese labels in the packaged font, and an empty month that says so."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import numpy
import pytest
from matplotlib import font_manager
from matplotlib.text import Text
from PIL import Image

from bot.fonts import cjk_font_path
from bot.report_chart import drawn, write_chart
from handlers.policy import Policy, load_policy
from tests.bot.report_figures import empty, month


@pytest.fixture
def policy() -> Policy:
    return load_policy()


def dark_pixels(path: Path) -> int:
    """Pixels clearly darker than the white background."""
    with Image.open(path) as image:
        return int((numpy.asarray(image.convert("L")) < 160).sum())


def drawn_texts(figure: object) -> list[Text]:
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    figure.canvas.draw()  # makes the tick labels
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_the_png_is_drawn_with_pixels(policy: Policy, tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    write_chart(month(policy), policy, target)
    with Image.open(target) as image:
        assert image.format == "PNG" and image.size == (1300, 480)
    assert dark_pixels(target) > 5000


def test_every_label_is_chinese_in_the_cjk_font_with_no_glyph_missing(policy: Policy) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with drawn(month(policy), policy) as figure:
            texts = drawn_texts(figure)
            words = {t.get_text() for t in texts}
            fonts = {str(font_manager.findfont(t.get_fontproperties())) for t in texts}
    assert {"产品质量", "服务态度", "紧急", "按类别", "按等级", "件数"} <= words
    assert "投诉月报 2026-11，共 9 件" in words
    assert fonts == {str(cjk_font_path())}
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_labels_do_not_overlap(policy: Policy) -> None:
    with drawn(month(policy), policy) as figure:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        for axes in figure.axes:
            labels = [*axes.get_xticklabels(), *axes.get_yticklabels()]
            boxes = [t.get_window_extent(renderer) for t in labels if t.get_text()]
            for one, other in itertools.combinations(boxes, 2):
                assert not one.overlaps(other)


def test_no_survey_answer_draws_an_axis_from_zero_not_around_it(policy: Policy) -> None:
    with drawn(month(policy, scores={}), policy) as figure:
        scores = figure.axes[2]
        low, high = scores.get_ylim()
        assert low == 0 and high >= 1


@pytest.mark.parametrize(
    ("locale", "sentence"), [("zh-CN", "本月没有投诉"), ("en", "No complaints this month")]
)
def test_an_empty_month_is_one_panel_that_says_so(
    policy: Policy, tmp_path: Path, locale: str, sentence: str
) -> None:
    with drawn(empty(policy), policy, locale) as figure:
        assert figure.axes == []  # no axes from -0.06 to 0.06
        words = [t.get_text() for t in drawn_texts(figure)]
    assert sentence in words
    target = tmp_path / "empty.png"
    write_chart(empty(policy), policy, target, locale)
    assert dark_pixels(target) > 300
