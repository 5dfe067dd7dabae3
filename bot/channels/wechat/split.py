"""Long texts in pieces WeChat accepts: a text message holds at most 2,048 bytes (UTF-8),
so a long summary goes out as several messages, cut at line ends, never mid-character."""

from __future__ import annotations

MAX_TEXT_BYTES = 2000  # under WeChat's 2,048 with room to spare


def split_text(text: str, limit: int = MAX_TEXT_BYTES) -> list[str]:
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line.encode("utf-8")) > limit:  # one very long line: cut by characters
            head = _fit(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
            line = line[len(head) :]
        if len((current + line).encode("utf-8")) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current:
        pieces.append(current)
    return [piece.strip("\n") for piece in pieces if piece.strip()]


def _fit(line: str, limit: int) -> str:
    size = 0
    for end, char in enumerate(line):
        size += len(char.encode("utf-8"))
        if size > limit:
            return line[:end]
    return line
