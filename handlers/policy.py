"""The business's policy: categories, severities and their clocks, business hours, ticket format.

docs/process.md asks that every number be changeable in one file: the built-in defaults live in
`policy_default.toml`; POLICY_FILE overrides any subset of its keys. Errors name the key.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

from handlers.texts import SUPPORTED, TRADITIONAL
from nlp.script import traditional_script

DEFAULT_POLICY = Path(__file__).with_name("policy_default.toml")
SEVERITY_ORDER: tuple[str, ...] = ("general", "important", "urgent")
ClockUnit = Literal["business_hours", "hours", "working_days"]


def _chinese(label: str, locale: str) -> str:
    """A policy's Chinese `label` for a "zh..." `locale`: in traditional characters for a
    customer who writes them (TRADITIONAL), as written otherwise."""
    return traditional_script(label) if locale == TRADITIONAL else label


class PolicyError(ValueError):
    """The policy file is wrong; the message names the key."""


@dataclass(frozen=True)
class Category:
    code: str
    zh: str
    en: str

    def label(self, locale: str) -> str:
        """The category's name for `locale`: Chinese for any "zh..." locale (traditional
        characters for TRADITIONAL), else English."""
        return _chinese(self.zh, locale) if locale.startswith("zh") else self.en


@dataclass(frozen=True)
class Clock:
    amount: float
    unit: ClockUnit


@dataclass(frozen=True)
class Severity:
    code: str
    zh: str
    en: str
    first_response: Clock
    resolution: Clock

    def label(self, locale: str) -> str:
        """The severity's name for `locale`: Chinese for any "zh..." locale (traditional
        characters for TRADITIONAL), else English."""
        return _chinese(self.zh, locale) if locale.startswith("zh") else self.en


@dataclass(frozen=True)
class BusinessHours:
    open: time
    close: time
    days: frozenset[int]
    holidays: frozenset[date]


@dataclass(frozen=True)
class SurveyPolicy:
    delay_minutes: int
    latest_hours: int
    close_after_days: int
    reopen_at_or_below: int


@dataclass(frozen=True)
class IntakePolicy:
    max_text_chars: int
    max_attachment_mb: int
    attachment_kinds: frozenset[str]
    attachment_extensions: frozenset[str]
    fallback_locale: str = "en"  # for a language with no catalogue (handlers/texts.py)


@dataclass(frozen=True)
class DraftPolicy:
    """How long a half-filled complaint waits (issue 9 item 8): one reminder after
    `remind_after_hours` untouched, dropped after `expire_after_days` untouched."""

    remind_after_hours: float
    expire_after_days: float

    @property
    def remind_after(self) -> timedelta:
        """`remind_after_hours` as a timedelta."""
        return timedelta(hours=self.remind_after_hours)

    @property
    def expire_after(self) -> timedelta:
        """`expire_after_days` as a timedelta."""
        return timedelta(days=self.expire_after_days)


@dataclass(frozen=True)
class Policy:
    ticket_prefix: str
    sequence_digits: int
    hours: BusinessHours
    categories: tuple[Category, ...]
    severities: dict[str, Severity]
    reminder_at: float
    survey: SurveyPolicy
    may_close_others_tickets: bool
    intake: IntakePolicy
    drafts: DraftPolicy
    business_name: str = ""
    followup_window_hours: int = 72

    @property
    def category_codes(self) -> tuple[str, ...]:
        """The category codes in the policy's order (`other` always last)."""
        return tuple(c.code for c in self.categories)

    def category(self, code: str) -> Category:
        """The category `code`; an unknown code gets the last one, `other`
        (docs/process.md section 3: a category the policy lacks becomes `other`)."""
        for candidate in self.categories:
            if candidate.code == code:
                return candidate
        return self.categories[-1]

    def severity(self, code: str) -> Severity:
        """The severity `code` with its clocks; an unknown code gets `general`."""
        return self.severities.get(code, self.severities["general"])


def load_policy(path: Path | None = None) -> Policy:
    """The built-in policy (policy_default.toml) with the TOML file `path` (POLICY_FILE)
    merged over it: tables key by key, lists whole (docs/process.md, opening section).

    Raises PolicyError naming the file and the key when a file cannot be read, is not TOML,
    or holds a missing or invalid value.
    """
    raw = copy.deepcopy(_default_raw())
    if path is not None:
        raw = _merge(raw, _read(path))
    try:
        return _build(raw)
    except (KeyError, TypeError, ValueError) as exc:
        where = path or DEFAULT_POLICY
        raise PolicyError(f"policy {where}: {exc}") from None


@cache
def _default_raw() -> dict[str, Any]:
    """The built-in policy file parsed once per process (a test suite builds thousands of
    Apps; TOML parsing was ~3 ms of each); callers get a deep copy."""
    return _read(DEFAULT_POLICY)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise PolicyError(f"policy {path}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"policy {path}: not valid TOML ({exc})") from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; lists (like categories) replace the default whole."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(raw: dict[str, Any]) -> Policy:
    categories = tuple(_category(entry) for entry in raw["categories"])
    if not categories or categories[-1].code != "other":
        others = Category("other", "其他", "Other")
        categories = (*[c for c in categories if c.code != "other"], others)
    severities = {code: _severity(code, raw["severities"][code]) for code in SEVERITY_ORDER}
    reminder_at = float(raw["sla"]["reminder_at"])
    if not 0 < reminder_at < 1:
        raise ValueError("sla.reminder_at must be between 0 and 1")
    return Policy(
        ticket_prefix=_ticket_prefix(raw["ticket"]["prefix"]),
        sequence_digits=_positive(raw["ticket"]["sequence_digits"], "ticket.sequence_digits"),
        hours=_hours(raw["business_hours"]),
        categories=categories,
        severities=severities,
        reminder_at=reminder_at,
        survey=_survey(raw["survey"]),
        may_close_others_tickets=bool(raw["agents"]["may_close_others_tickets"]),
        intake=_intake(raw["intake"]),
        drafts=_drafts(raw["drafts"]),
        business_name=str(raw["business"]["name"]).strip(),
        followup_window_hours=_positive(
            raw["conversation"]["followup_window_hours"], "conversation.followup_window_hours"
        ),
    )


def _category(entry: dict[str, Any]) -> Category:
    code = str(entry["code"])
    if not code.isidentifier():
        raise ValueError(f"category code {code!r} must be a plain word like product_quality")
    return Category(code, str(entry.get("zh", code)), str(entry.get("en", code)))


def _severity(code: str, entry: dict[str, Any]) -> Severity:
    return Severity(
        code,
        str(entry["zh"]),
        str(entry["en"]),
        _clock(entry["first_response"], f"severities.{code}.first_response"),
        _clock(entry["resolution"], f"severities.{code}.resolution"),
    )


def _clock(entry: dict[str, Any], key: str) -> Clock:
    unit = entry["unit"]
    if unit not in ("business_hours", "hours", "working_days"):
        raise ValueError(f"{key}.unit must be business_hours, hours or working_days")
    amount = float(entry["amount"])
    if amount <= 0:
        raise ValueError(f"{key}.amount must be positive")
    return Clock(amount, unit)


def _hours(entry: dict[str, Any]) -> BusinessHours:
    opening, closing = time.fromisoformat(entry["open"]), time.fromisoformat(entry["close"])
    if opening >= closing:
        raise ValueError("business_hours.open must be before business_hours.close")
    days = frozenset(int(d) for d in entry["days"])
    if not days or not days <= set(range(1, 8)):
        raise ValueError("business_hours.days must list ISO weekdays 1-7")
    holidays = frozenset(date.fromisoformat(str(d)) for d in entry.get("holidays", []))
    return BusinessHours(opening, closing, days, holidays)


def _survey(entry: dict[str, Any]) -> SurveyPolicy:
    delay = int(entry["delay_minutes"])
    if delay < 0:
        raise ValueError("survey.delay_minutes must be 0 (with the result) or more")
    return SurveyPolicy(
        delay_minutes=delay,
        latest_hours=_positive(entry["latest_hours"], "survey.latest_hours"),
        close_after_days=_positive(entry["close_after_days"], "survey.close_after_days"),
        reopen_at_or_below=_positive(entry["reopen_at_or_below"], "survey.reopen_at_or_below"),
    )


def _intake(entry: dict[str, Any]) -> IntakePolicy:
    return IntakePolicy(
        max_text_chars=_positive(entry["max_text_chars"], "intake.max_text_chars"),
        max_attachment_mb=_positive(entry["max_attachment_mb"], "intake.max_attachment_mb"),
        attachment_kinds=frozenset(entry["attachment_kinds"]),
        attachment_extensions=frozenset(e.lower() for e in entry["attachment_extensions"]),
        fallback_locale=_locale(entry.get("fallback_locale", "en"), "intake.fallback_locale"),
    )


def _drafts(entry: dict[str, Any]) -> DraftPolicy:
    remind, expire = float(entry["remind_after_hours"]), float(entry["expire_after_days"])
    if remind <= 0 or expire <= 0:
        raise ValueError("drafts.remind_after_hours and drafts.expire_after_days must be positive")
    if expire * 24 <= remind:
        raise ValueError("drafts.expire_after_days must be longer than drafts.remind_after_hours")
    return DraftPolicy(remind, expire)


def _locale(value: Any, key: str) -> str:
    locale = str(value)
    if locale not in SUPPORTED:
        raise ValueError(f"{key} must be one of {', '.join(SUPPORTED)}")
    return locale


def _ticket_prefix(value: Any) -> str:
    prefix = str(value)
    if not prefix.isalnum() or not prefix.isascii():
        raise ValueError("ticket.prefix must be ASCII letters or digits")
    return prefix.upper()


def _positive(value: Any, key: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(f"{key} must be a positive whole number")
    return number
