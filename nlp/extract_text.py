"""Text normalisation for field extraction: one character in, one character out.

Customers write full-width digits (１３８１２３４５６７８), full-width punctuation and traditional
characters (訂單號, 退貨). Matching runs on a normalised copy of the same length, so every span
found there cuts the customer's own words out of the original text ("as written" fields keep
陳小明, not 陈小明).
"""

from __future__ import annotations

from importlib import resources


def read_words(name: str) -> list[str]:
    """Lines of a word list in nlp/data, blank lines and # comments skipped."""
    text = resources.files("nlp.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {0x3000: " "}  # ideographic space
    # The full-width ASCII block (！ to ～) maps onto ASCII at a fixed offset.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    table[ord("￥")] = "¥"
    for pair in read_words("extract_t2s.txt"):
        trad, simp = pair.split()
        table[ord(trad)] = simp
    return table


_TABLE = _build_table()


def normalise(text: str) -> str:
    """Half-width, simplified copy of `text`; `len(normalise(t)) == len(t)` always holds."""
    return text.translate(_TABLE)


class Lexicon:
    """A word list matched leftmost-longest by set look-ups (faster here than a regex of
    hundreds of alternatives)."""

    def __init__(self, words: list[str]) -> None:
        self.words = frozenset(w.lower() for w in words)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)

    @classmethod
    def from_file(cls, name: str) -> Lexicon:
        return cls([w for line in read_words(name) for w in line.split()])

    def longest_at(self, text: str, i: int) -> int:
        """Length of the longest word starting at `text[i]`, 0 when none does."""
        for n in self.lengths:
            if i + n <= len(text) and text[i : i + n].lower() in self.words:
                return n
        return 0

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) spans of words inside text[start:end]."""
        stop = len(text) if end is None else end
        spans: list[tuple[int, int]] = []
        i = start
        while i < stop:
            n = self.longest_at(text, i)
            if n and i + n <= stop:
                spans.append((i, i + n))
                i += n
            else:
                i += 1
        return spans
