"""How an `Outbound` looks on Telegram: texts split under 4,096 characters, choices as buttons.

No parse mode is used, so customer text (which ends up in cards and relayed messages) is shown
exactly as written and can never break the markup or inject links: nothing needs escaping.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from handlers.buttons import tag
from handlers.messages import Choice, Outbound, options, render_choices_as_text

TEXT_LIMIT = 4096  # Telegram counts UTF-16 code units
CALLBACK_DATA_LIMIT = 64  # bytes
_BREAKS = ("\n\n", "\n", "。", "！", "？", ". ", " ")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Pieces of at most `limit` units, broken at a paragraph, line, sentence or space when one
    is near the end; long texts are split, never cut (docs/platforms.md)."""
    pieces: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        fit = _fitting_chars(rest, limit)
        cut = _break_before(rest, fit)
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _fitting_chars(text: str, limit: int) -> int:
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def _break_before(text: str, fit: int) -> int:
    """The last natural break inside the first `fit` characters (kept with the first piece)."""
    for mark in _BREAKS:
        found = text.rfind(mark, 0, fit - len(mark) + 1)
        if found >= fit // 2:
            return found + len(mark)
    return fit


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT


def callback_data(choice: Choice, moment: str | None) -> str:
    """The button's data: the key with the question's moment (handlers/buttons.py), or the
    bare key where both would not fit in Telegram's 64 bytes (still checked on press)."""
    tagged = tag(choice.key, moment)
    return tagged if _fits(tagged) else choice.key


def buttons_fit(choices: tuple[Choice, ...]) -> bool:
    return all(_fits(c.key) for c in choices)


def keyboard(choices: tuple[Choice, ...], moment: str | None = None) -> InlineKeyboardMarkup | None:
    """Short labels (survey stars 1-5) share a row; long ones get a row each."""
    if not choices:
        return None
    longest = max(len(c.label) for c in choices)
    width = 5 if longest <= 3 else 3 if longest <= 6 else 1
    buttons = [
        InlineKeyboardButton(c.label, callback_data=callback_data(c, moment)) for c in choices
    ]
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    return InlineKeyboardMarkup(rows)


def contact_keyboard(choices: tuple[Choice, ...]) -> ReplyKeyboardMarkup | None:
    """The "share my phone" offer: a reply keyboard whose button sends the person's own
    contact card (request_contact); it hides itself once used."""
    offers = [c for c in choices if c.kind == "contact"]
    if not offers:
        return None
    return ReplyKeyboardMarkup(
        [[KeyboardButton(offers[0].label, request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup


def texts_and_keyboard(message: Outbound) -> tuple[list[str], Markup | None]:
    """The text pieces to send and the keyboard for the last one.

    A choice key too long for callback data (64 bytes) cannot be a button: the whole message
    falls back to numbered lines, which the core maps back to keys. A message can carry one
    keyboard: answer buttons when there are any, else the contact offer.
    """
    answers = options(message.choices)
    if answers and not buttons_fit(answers):
        return split_text(render_choices_as_text(message)), None
    if not message.text and not message.choices:
        return [], None
    markup: Markup | None = keyboard(answers, message.meta.get("moment"))
    return split_text(message.text or "…"), markup or contact_keyboard(message.choices)
