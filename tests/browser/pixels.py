"""Whether a screenshot shows something drawn: a chart that failed to render (no font, a
script error, an empty SVG) leaves its box one flat colour."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True)
class Ink:
    """What a screenshot holds besides its background colour."""

    pixels: int  # all pixels
    inked: int  # pixels that differ from the background by more than the threshold
    colours: int  # distinct colours (RGB)

    @property
    def fraction(self) -> float:
        return self.inked / self.pixels if self.pixels else 0.0


def ink(png: bytes, threshold: int = 40) -> Ink:
    """Counts the pixels of `png` farther than `threshold` (sum of the RGB differences) from
    its most common colour, taken as the background."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height) or []
    if not counts:
        return Ink(0, 0, 0)
    _, background = max(counts)
    inked = sum(
        n
        for n, colour in counts
        if sum(abs(a - b) for a, b in zip(colour, background, strict=True)) > threshold
    )
    return Ink(image.width * image.height, inked, len(counts))


def drawn_problem(png: bytes, *, min_fraction: float = 0.01, min_colours: int = 3) -> str | None:
    """None when the screenshot has at least `min_fraction` of its pixels inked and more than
    `min_colours` colours; otherwise what is wrong, for the assertion message."""
    found = ink(png)
    if found.fraction < min_fraction:
        return f"only {found.inked} of {found.pixels} pixels drawn ({found.fraction:.2%})"
    if found.colours < min_colours:
        return f"only {found.colours} colour(s)"
    return None
