"""Newcomer trial 14 (helper Q): options shown once on text channels, short answers."""

from __future__ import annotations

from handlers.messages import CHOICES_SHOWN, Choice, Outbound, render_choices_as_text

ACCEPT_REFUSE = (Choice("accept:CP1", "接受"), Choice("refuse:CP1", "不接受"))


def _compact(text: str) -> Outbound:
    return Outbound("wechat", "u", text, ACCEPT_REFUSE, meta={CHOICES_SHOWN: "compact"})


def test_a_reminder_naming_its_options_is_not_followed_by_them_again() -> None:
    text = "方案还在等您答复：回复 1 接受，或 2 不接受并说明原因。"
    assert render_choices_as_text(_compact(text)) == text


def test_a_reminder_without_its_options_still_gets_the_one_line_list() -> None:
    assert render_choices_as_text(_compact("请选择：")).endswith("1 接受 · 2 不接受")


def test_the_first_showing_lists_options_even_when_the_text_names_them() -> None:
    message = Outbound("wechat", "u", "回复 1 接受，或 2 不接受", ACCEPT_REFUSE)
    assert "1. 接受" in render_choices_as_text(message)
