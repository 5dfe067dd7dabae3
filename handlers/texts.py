"""The locale catalogue: every user-facing sentence, zh-CN first, en second.

Keys are "section.name" paths into `locales/<locale>.toml`. A key missing from a locale falls
back to zh-CN; a key missing everywhere is a programming error and raises at once.

A customer who writes traditional characters is answered in them (newcomer trial 17): the
reply locale TRADITIONAL has no catalogue of its own but zh-CN's, each sentence converted
once (nlp/script.py). Only customers get it: agents' texts are zh-CN (lifecycle.AGENT_TEXTS),
and the web console's languages stay the catalogues (SUPPORTED).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from nlp.script import traditional_script

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LOCALE = "zh-CN"
SUPPORTED = ("zh-CN", "en")
# Chinese in traditional characters: zh-CN's sentences, converted. Kept with the conversation
# and the ticket like any locale (their columns hold up to 16 characters).
TRADITIONAL = "zh-Hant"
# Every locale a customer's replies may be in.
CUSTOMER_LOCALES = (*SUPPORTED, TRADITIONAL)


def pick_locale(hint: str | None, fallback: str = "en") -> str:
    """Maps a platform language hint ("en-US", "zh-hans", "ar", None) to a catalogue locale.

    No hint: the business's own language (zh-CN). A language with no catalogue (Arabic,
    say): `fallback`, the policy's `intake.fallback_locale` (English unless set), which
    serves most people better than Chinese would (issue 15).
    """
    if not hint:
        return DEFAULT_LOCALE
    language = hint.lower().replace("_", "-")
    for locale in SUPPORTED:
        if language == locale.lower() or language.split("-")[0] == locale.split("-")[0]:
            return locale
    return fallback if fallback in SUPPORTED else DEFAULT_LOCALE


def choose_locale(
    detected: str | None,
    stored: str | None,
    hint: str | None,
    lean: str | None = None,
    *,
    fallback: str = "en",
) -> str:
    """The reply language for a message (issue 9 item 7): the language its text shows
    (`detected`, from nlp.language.detect_language), else the language the conversation got
    from earlier text, else the platform's hint (Telegram's language_code, the console's
    --lang), else the text's lean (`lean`: Latin letters only, "hello"), else zh-CN.

    The text outranks the hint because the customer's words are the better evidence: a
    Chinese-writing customer whose Telegram runs in English is answered in Chinese, and keeps
    Chinese when they next reply "1" (the stored choice outranks the hint too).
    """
    if detected in CUSTOMER_LOCALES:
        return detected
    if stored in CUSTOMER_LOCALES:
        return stored
    if hint == TRADITIONAL:  # our own value: `chat --lang zh-Hant`, an earlier ticket's
        return TRADITIONAL
    if hint:
        return pick_locale(hint, fallback)
    return lean if lean in SUPPORTED else DEFAULT_LOCALE


@cache
def _catalogue(locale: str) -> dict[str, str]:
    with (LOCALES_DIR / f"{locale}.toml").open("rb") as handle:
        return dict(_flatten(tomllib.load(handle)))


def _flatten(tree: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            items.extend(_flatten(value, path + "."))
        else:
            items.append((path, str(value)))
    return items


def text(locale: str, key: str, **values: object) -> str:
    """The sentence `key` ("section.name") in `locale`, formatted with `values`.

    A locale without a catalogue reads zh-CN, and so does a key missing from its catalogue.
    Raises KeyError for a key in no catalogue, or for a `{placeholder}` `values` lacks.
    """
    if locale == TRADITIONAL:
        template = _traditional_template(key)
    else:
        own = _catalogue(locale if locale in SUPPORTED else DEFAULT_LOCALE).get(key)
        template = _catalogue(DEFAULT_LOCALE)[key] if own is None else own
    # Values go in after the conversion: what the customer typed is quoted as typed.
    return template.format(**values) if values else template


def _traditional_template(key: str) -> str:
    """zh-CN's sentence `key` in traditional characters (converted once, then cached)."""
    return traditional_script(_catalogue(DEFAULT_LOCALE)[key])


def catalogue_locale(locale: str) -> str:
    """The catalogue `locale` reads: TRADITIONAL reads zh-CN's; an unknown one zh-CN."""
    return locale if locale in SUPPORTED else DEFAULT_LOCALE


def customer_locale(stored: str | None) -> str:
    """A customer's stored reply locale (a conversation's, a ticket's) as one to reply in:
    TRADITIONAL kept, anything else mapped by `pick_locale`."""
    return TRADITIONAL if stored == TRADITIONAL else pick_locale(stored)


class Texts:
    """The catalogue bound to one locale: `t("ask.name")`."""

    def __init__(self, locale: str) -> None:
        self.locale = locale if locale in CUSTOMER_LOCALES else DEFAULT_LOCALE

    def __call__(self, key: str, **values: object) -> str:
        """`text(self.locale, key, **values)`: raises KeyError as it does."""
        return text(self.locale, key, **values)

    def has(self, key: str) -> bool:
        """True when this locale's own catalogue holds `key` (no zh-CN fallback)."""
        return key in _catalogue(catalogue_locale(self.locale))
