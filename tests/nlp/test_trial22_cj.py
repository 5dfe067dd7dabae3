"""Trial 22 (helper cj): a question about who handles the ticket is read as one, in Chinese
and English, phone-typed; and survey answers in words (praise with a reservation, a score
given again in English words)."""

from __future__ import annotations

import pytest

from nlp.intent import read_cues


def _topics(text: str) -> set[str]:
    return {q.topic for q in read_cues(text).questions}


# --- 3. who handles the ticket ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "so who is handling it now",
        "so whos handling it now",
        "who's dealing with my complaint?",
        "ok and who is in charge of this",
        "who is my agent",
        "现在谁在处理",
        "是谁负责的",
        "现在是谁在跟进啊",
        "处理人是谁",
        "我的投诉现在谁在管",
        "哪位在处理 我的工单",
        "現在誰在處理",
    ],
)
def test_cj_who_handles_is_the_handler_question(text: str) -> None:
    assert "handler" in _topics(text)


@pytest.mark.parametrize(
    "text",
    [
        "我的投诉处理得怎么样了",
        "怎么还没人联系我",
        "who are you",
        "你是谁",
        "how long will it take",
        "我叫刘洋，手机13612345678。今天中午在美团点的外卖，少送了一份米饭，要求退款",
    ],
)
def test_cj_guard_other_questions_are_no_handler_question(text: str) -> None:
    assert "handler" not in _topics(text)
