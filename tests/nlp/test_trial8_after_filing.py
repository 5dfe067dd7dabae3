"""What newcomer trial 8 found after filing, at the level of one message: English survey
words give a score, chat-speak is read spelt out while the customer's own words are kept,
and someone shut in a lift is urgent. Written for these tests (not from any scored file)."""

from __future__ import annotations

import pytest

from handlers.followup import score_word
from nlp import features, severity_rules
from nlp.intent import expand_chat_speak, read_cues


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("meh, it was ok i guess", 3),
        ("not great tbh", 2),
        ("great, thanks", 5),
        ("terrible", 1),
        ("还行吧", 3),
        ("不太满意", 2),
        ("the bread was good but late", 4),
        ("no idea", None),
    ],
)
def test_score_words(text: str, score: int | None) -> None:
    found = score_word(text)
    assert (found[0] if found else None) == score


def test_chat_speak_is_read_spelt_out_but_the_words_are_kept() -> None:
    assert expand_chat_speak("r u a bot?") == "are you a bot?"
    assert expand_chat_speak("我的u盘坏了") == "我的u盘坏了"  # a USB stick, no "you"
    cues = read_cues("r u a bot?")
    assert [q.topic for q in cues.questions] == ["identity"]
    assert cues.questions[0].text == "r u a bot?"
    assert read_cues("I bought it from ur store, pls refund").rest == (
        "I bought it from ur store, pls refund"
    )


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("电梯又坏了 我爸被困里面半小时", True),
        ("老人困在电梯里出不来", True),
        ("my son was trapped in the elevator for an hour", True),
        ("we got stuck in the lift again", True),
        ("这个问题被困扰很久了", False),
        ("还好没有被困", False),
    ],
)
def test_someone_shut_in_is_urgent(text: str, urgent: bool) -> None:
    reasons = severity_rules.urgent_reasons(features.normalise(text))
    assert any("人身安全" in r for r in reasons) is urgent


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("补牙把我旁边的好牙弄松了 现在疼得吃不了饭", True),
        ("做完激光脸被烧坏了，起了一片红疹", True),
        ("教练让我硬拉，腰拉伤了", True),
        ("拔错了牙", True),
        ("the trainer pushed me too hard and I injured my knee", True),
        ("the dentist loosened a healthy tooth", True),
        ("牙齿美白效果一般", False),
        ("还好没有弄伤", False),
        ("疼得厉害的是我的钱包", False),
    ],
)
def test_harm_to_the_body_by_a_treatment_is_urgent(text: str, urgent: bool) -> None:
    """Newcomer trial 11: a dental injury was filed 一般 with a 48-hour first response."""
    reasons = severity_rules.urgent_reasons(features.normalise(text))
    assert any("人身安全" in r for r in reasons) is urgent
