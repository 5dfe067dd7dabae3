"""A language with no catalogue gets the policy's fallback, English unless set (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.policy import PolicyError, load_policy
from handlers.texts import pick_locale


@pytest.mark.parametrize(
    ("hint", "locale"),
    [
        ("zh-hans", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("zh", "zh-CN"),
        ("en", "en"),
        ("en-GB", "en"),
        ("EN_us", "en"),
        ("ar", "en"),
        ("ru", "en"),
        (None, "zh-CN"),
        ("", "zh-CN"),
    ],
)
def test_hints_map_to_a_catalogue(hint: str | None, locale: str) -> None:
    assert pick_locale(hint) == locale


def test_the_policy_sets_the_fallback(tmp_path: Path) -> None:
    assert load_policy().intake.fallback_locale == "en"
    chinese = tmp_path / "policy.toml"
    chinese.write_text('[intake]\nfallback_locale = "zh-CN"\n', encoding="utf-8")
    fallback = load_policy(chinese).intake.fallback_locale
    assert fallback == "zh-CN" and pick_locale("ar", fallback) == "zh-CN"
    assert pick_locale("en-US", fallback) == "en"  # a language with a catalogue keeps it
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[intake]\nfallback_locale = "fr"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"intake\.fallback_locale must be one of zh-CN, en"):
        load_policy(wrong)
