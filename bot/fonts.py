"""The Chinese font every chart uses: the PNG of `report --png` and the console's SVG charts.

A fresh machine often has no font with Chinese glyphs, and then charts draw boxes. So the font
comes with the install: the PyPI package `pylopdf-fonts-zh-cn` (a data-only wheel holding Noto
Sans SC from notofonts/noto-cjk, SIL Open Font License 1.1, Simplified Chinese, 8 MB) is a
dependency. When that file is missing (an install that left it out), fontconfig is asked for a
system font covering Chinese (`fc-list :lang=zh`, e.g. Debian's fonts-noto-cjk); when neither
exists, `cjk_font_path` raises `FontMissing`, whose message says how to install one.

The console declares the font under `FONT_FAMILY` with `font_face_css` and serves the file
with `font_mime`; the SVG charts name `FONT_STACK`.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

# The family name the console's @font-face declares and the SVG charts ask for. Our own name,
# so a browser never takes a same-named local font that lacks glyphs for the served one.
FONT_FAMILY = "Complaint Bot Sans SC"
# What the charts ask for: the served font, then the usual system CJK fonts by name.
FONT_STACK = (
    f"'{FONT_FAMILY}', 'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', "
    "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif"
)
INSTALL_HINT = (
    "no font with Chinese glyphs: reinstall the project (`pip install complaint-bot`, which "
    "brings the font package pylopdf-fonts-zh-cn), or install a system one "
    "(Debian/Ubuntu: `apt-get install fonts-noto-cjk`)"
)
_MIME = {
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".ttc": "font/collection",
    ".otc": "font/collection",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class FontMissing(RuntimeError):
    """No Chinese font anywhere; the message says how to install one (`INSTALL_HINT`)."""


def packaged_font() -> Path | None:
    """Noto Sans SC from the `pylopdf-fonts-zh-cn` package, or None when it is not installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = pylopdf_fonts_zh_cn.sans_path()
    return path if path.is_file() else None


def system_font() -> Path | None:
    """The first font file fontconfig lists as covering Chinese, or None (no fontconfig, or
    no such font). Files are sorted so the same machine always gives the same one."""
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


@cache
def cjk_font_path() -> Path:
    """The font file for Chinese text: the packaged Noto Sans SC, else a system font
    fontconfig knows. Raises FontMissing (message: how to install one) when neither exists.
    Cached: the answer does not change while the process runs."""
    found = packaged_font() or system_font()
    if found is None:
        raise FontMissing(INSTALL_HINT)
    return found


def font_mime(path: Path) -> str:
    """The Content-Type to serve `path` with ("font/otf" for the packaged font), by suffix;
    "application/octet-stream" for a suffix no font type names."""
    return _MIME.get(path.suffix.lower(), "application/octet-stream")


def font_format(path: Path) -> str:
    """The @font-face `format()` hint for `path` ("opentype", "truetype", ...)."""
    formats = {".otf": "opentype", ".ttf": "truetype", ".woff": "woff", ".woff2": "woff2"}
    return formats.get(path.suffix.lower(), "opentype")


def font_face_css(url: str, path: Path | None = None) -> str:
    """The @font-face rule declaring FONT_FAMILY from `url` (where the console serves the
    file `path`, by default `cjk_font_path()`): `font-display: swap` shows text in a system
    font while the 8 MB file loads. Raises FontMissing as `cjk_font_path` does."""
    font = path or cjk_font_path()
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; '
        f'src: url("{url}") format("{font_format(font)}"); font-display: swap; }}'
    )
