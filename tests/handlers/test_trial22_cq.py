"""Re-trial 22 (helper cq): the readers that tell a wish said again at the evidence question
from text evidence, and the chat-only contact choice from a sentence that merely holds its
words."""

import pytest

from handlers.answer_person import chat_only_choice
from handlers.evidence_words import wish_not_evidence


@pytest.mark.parametrize(
    "text",
    [
        "deposit refunded and an apology",
        "just want my deposit refunded and an apology pls",
        "我要退押金 还要道歉",
        "退押金",
        "want an apology and refund",
    ],
)
def test_cq_wish_at_evidence_question_is_no_evidence(text: str) -> None:
    assert wish_not_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        "聊天记录里他说了不退",
        "the receipt says 45 pounds twice",
        "退款 有截图",
        "I have a photo of the receipt, I want a refund",
        "他说不给退",
    ],
)
def test_cq_text_evidence_is_no_wish(text: str) -> None:
    assert not wish_not_evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        "here only",
        "ok here only",
        "just reply here pls",
        "就在这里联系",
        "就在这里联系吧",
        "只在这里联系",
        "在这里回我就行",
    ],
)
def test_cq_chat_only_choice(text: str) -> None:
    assert chat_only_choice(text)


@pytest.mark.parametrize(
    "text",
    ["门店这边说不能退", "他们说在这里找不到", "I want a refund, reply here", "这里找的"],
)
def test_cq_sentence_with_chat_words_is_no_choice(text: str) -> None:
    assert not chat_only_choice(text)
