"""The Chinese font comes with the install, covers common Chinese, and its absence is explained."""

from __future__ import annotations

import tomllib
from pathlib import Path

from fontTools.ttLib import TTFont

from bot.fonts import (
    FONT_FAMILY,
    FONT_STACK,
    INSTALL_HINT,
    cjk_font_path,
    font_face_css,
    font_mime,
    packaged_font,
)
from handlers.policy import load_policy
from handlers.texts import LOCALES_DIR
from tests.bot.cli_process import cli_env, run


def gb2312_level_one() -> str:
    """The 3,755 most common Chinese characters (GB 2312 level 1, rows 16-55)."""
    found = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # row 55 ends at 0xF9
    return "".join(found)


def report_sentences() -> list[str]:
    """Every sentence of the catalogue's [report] section (charts and CSV header included)
    and the policy's Chinese labels: what a chart or export draws."""
    with (LOCALES_DIR / "zh-CN.toml").open("rb") as handle:
        catalogue = tomllib.load(handle)

    def leaves(tree: dict[str, object]) -> list[str]:
        out: list[str] = []
        for value in tree.values():
            out += leaves(value) if isinstance(value, dict) else [str(value)]  # type: ignore[arg-type]
        return out

    policy = load_policy()
    labels = [c.zh for c in policy.categories] + [s.zh for s in policy.severities.values()]
    return leaves(catalogue["report"]) + labels


def test_the_font_is_the_one_the_install_brought() -> None:
    path = cjk_font_path()
    assert path == packaged_font() and path.name == "NotoSansSC-Regular.otf"
    assert path.stat().st_size < 20 * 1024 * 1024


def test_the_font_has_every_common_character_and_every_label() -> None:
    with TTFont(str(cjk_font_path()), lazy=True) as font:
        cmap = font.getBestCmap()
    common = gb2312_level_one()
    assert len(common) == 3755
    assert [c for c in common if ord(c) not in cmap] == []
    drawn = "".join(report_sentences())
    missing = sorted({c for c in drawn if not c.isspace() and ord(c) not in cmap})
    assert missing == []


def test_the_console_serves_and_declares_it() -> None:
    assert font_mime(Path("NotoSansSC-Regular.otf")) == "font/otf"
    assert font_mime(Path("x.ttc")) == "font/collection"
    assert font_mime(Path("x.bin")) == "application/octet-stream"
    css = font_face_css("/console/static/cjk.otf")
    assert f'font-family: "{FONT_FAMILY}"' in css
    assert 'src: url("/console/static/cjk.otf") format("opentype")' in css
    assert FONT_STACK.startswith(f"'{FONT_FAMILY}', ")


async def test_without_any_chinese_font_the_chart_says_how_to_install_one(tmp_path: Path) -> None:
    # A machine where the font package lost its file and fontconfig knows no Chinese font:
    # a package of the same name whose font is missing comes first on the path, and PATH
    # holds no fc-list.
    stub = tmp_path / "stub" / "pylopdf_fonts_zh_cn"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text(
        "from pathlib import Path\n\ndef sans_path():\n    return Path('/nowhere/font.otf')\n"
    )
    (tmp_path / "bin").mkdir()
    env = {
        **cli_env(tmp_path / "data", ""),
        "PYTHONPATH": str(stub.parent),
        "PATH": str(tmp_path / "bin"),
    }
    chart = tmp_path / "chart.png"
    code, out, err = await run(env, "report", "--month", "2026-11", "--png", str(chart))
    assert code == 2 and out == ""
    assert err.strip() == f"complaint-bot: error: {INSTALL_HINT}"
    assert "fonts-noto-cjk" in err and "pip install" in err
    assert not chart.exists()
