"""The reply-language detector: English, Chinese, or "keep the conversation's language"."""

from __future__ import annotations

import pytest

from handlers.texts import choose_locale
from nlp.language import detect_language, leans_english

ENGLISH = [
    "The headphones I bought stopped working",
    "Hello, my headphones broke after two days",
    "My name is John Smith",
    "My name is 王芳",  # an English sentence around a Chinese name
    "I bought it at 北京朝阳门店",
    "3 days ago",
    "I want a refund",
    "MY PHONE IS 13812345678",
    "I’m John, my kettle broke",  # a typographic apostrophe
    "yesterday afternoon",
    "cancel my complaint",
]
CHINESE = [
    "我要投诉",
    "我要refund",
    "iPhone坏了",
    "我的 order number 是 12345",
    "我在Amazon买的kindle坏了",
    "朝阳门店",
    "CP20261130001 补充：前台到现在都没道歉",
    "ｈｅｌｌｏ，我的耳机坏了",  # full-width letters and punctuation
]
UNDECIDED = [
    "",
    "1",
    "2",
    "13812345678",
    "+86 138 1234 5678",
    "😊👍",
    "ok",
    "OK",
    "hi",
    "hello",
    "John",
    "John Smith",
    "淘宝",
    "退款",
    "20/11",
    "2026-11-20",
    "/start",
    "/status",
    "CP20261130001",
    "lilei@example.com",
    "我想要 refund and compensation",
    # One English word is a command or a loanword as readily as English: it keeps the
    # conversation's language (a Chinese complaint's "cancel" must not switch to English).
    "cancel",
    "Cancel",
    "yes",
    "no",
    "stop",
    "refund",
    "yesterday",
    "Nov 20",
    "on Taobao",
    "online",
    "none",
    "I’m John",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", CHINESE)
def test_chinese(text: str) -> None:
    assert detect_language(text) == "zh-CN"


@pytest.mark.parametrize("text", UNDECIDED)
def test_numbers_names_commands_and_mixes_say_nothing(text: str) -> None:
    assert detect_language(text) is None


def test_text_outranks_the_conversation_which_outranks_the_platform_hint() -> None:
    assert choose_locale("zh-CN", "en", "en-US") == "zh-CN"
    assert choose_locale("en", "zh-CN", None) == "en"
    assert choose_locale(None, "en", "zh-hans") == "en"
    assert choose_locale(None, None, "en-GB") == "en"
    assert choose_locale(None, None, "zh-hans") == "zh-CN"
    assert choose_locale(None, None, None) == "zh-CN"
    assert choose_locale(None, "fr", None) == "zh-CN"  # nothing unknown is kept


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("hello", True),
        ("Hi", True),
        ("John", True),
        ("iPhone", True),
        ("ok", True),
        ("你好", False),
        ("1", False),
        ("13812345678", False),
        ("/start", False),
        ("hi 你好", False),
        ("😊", False),
        ("CP20261122001", False),
        ("lilei@example.com", False),
        ("a", False),
        ("Hello.", True),
        ("order TB2026110199", True),
    ],
)
def test_latin_only_text_leans_english(text: str, leans: bool) -> None:
    assert leans_english(text) is leans


def test_the_lean_counts_only_when_nothing_else_tells() -> None:
    assert choose_locale(None, None, None, "en") == "en"
    assert choose_locale(None, "zh-CN", None, "en") == "zh-CN"
    assert choose_locale(None, None, "zh-hans", "en") == "zh-CN"
