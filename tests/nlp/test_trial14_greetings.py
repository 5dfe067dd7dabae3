"""Greetings run together or with an address are greetings (newcomer trial 14)."""

from __future__ import annotations

import pytest

from nlp.intent import is_greeting, read_cues


@pytest.mark.parametrize("text", ["在吗在吗", "亲 在吗", "在吗亲", "你好你好", "hello hello", "亲"])
def test_greetings_only(text: str) -> None:
    cues = read_cues(text)
    assert cues.greeting and cues.rest == ""


@pytest.mark.parametrize("text", ["在吗 我的快递丢了", "亲 我要投诉", "亲自去的门店"])
def test_greeting_with_more_is_read_on(text: str) -> None:
    assert read_cues(text).rest


def test_a_run_is_greetings_only_up_to_a_message_s_length() -> None:
    assert is_greeting("在吗" * 6)
    assert not is_greeting("亲" * 5000 + "x")  # read in one pass, and cut short by its length
    assert not is_greeting("在吗" * 2000)
