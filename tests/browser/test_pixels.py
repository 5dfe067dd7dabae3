"""The screenshot check (tests/browser/pixels.py) tells a drawn box from a blank or flat one."""

from __future__ import annotations

import io

from PIL import Image

from tests.browser.pixels import drawn_problem


def test_the_drawn_check_needs_ink_and_colours() -> None:
    def png(image: Image.Image) -> bytes:
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    blank = Image.new("RGB", (100, 50), "white")
    assert drawn_problem(png(blank)) == "only 0 of 5000 pixels drawn (0.00%)"
    two_tone = blank.copy()
    two_tone.paste((0, 0, 0), (0, 0, 50, 50))
    assert drawn_problem(png(two_tone)) == "only 2 colour(s)"
    two_tone.paste((200, 30, 30), (60, 10, 90, 40))
    assert drawn_problem(png(two_tone)) is None
