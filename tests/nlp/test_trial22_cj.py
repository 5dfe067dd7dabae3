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


# --- 1. survey answers in words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("id say 5", 5),
        ("i'd say 5", 5),
        ("Id say a 5", 5),
        ("lets say 4", 4),
        ("make it a 4", 4),
        ("make that a 3", 3),
        ("actually 2", 2),
        ("ok 4 then", 4),
        ("i guess 4", 4),
        ("on second thought 4", 4),
        ("can you change it to 5", 5),
        ("给4分", 4),
        ("算了还是给3分吧", 3),
    ],
)
def test_cj_a_score_given_again_in_words(text: str, score: int) -> None:
    from handlers.survey_correction import corrected_score

    assert corrected_score(text) == (score, None)


@pytest.mark.parametrize(
    "text",
    [
        "actually 3 days was too long",
        "I'd say 3 days was slow",
        "actually one more thing the driver was rude",
        "say 2 times a day",
        "3天就修好了",
        "挺好的",
    ],
)
def test_cj_guard_counts_and_comments_are_no_new_score(text: str) -> None:
    from handlers.survey_correction import corrected_score

    assert corrected_score(text) is None


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("挺好的 就是慢了点", 4),
        ("挺好的就是慢了点", 4),
        ("还不错 不过客服回复有点慢", 4),
        ("蛮好的", 4),
        ("很好 谢谢", 5),
        ("不是很好", 2),
        ("不太好 处理太慢了", 2),
        ("不是很满意", 2),
        ("還不錯", 4),
        ("pretty good, got the money already", 4),
    ],
)
def test_cj_praise_and_its_negation_are_scores(text: str, score: int) -> None:
    from handlers.followup import score_word

    found = score_word(text)
    assert found is not None and found[0] == score


def test_cj_praise_with_a_reservation_keeps_the_words_as_the_comment() -> None:
    from handlers.followup import survey_remark

    assert survey_remark("挺好的 就是慢了点") == "挺好的 就是慢了点"
    assert survey_remark("挺好的") is None


@pytest.mark.parametrize(
    "text",
    [
        "我问店员是谁负责的 他们都说不知道",
        "I asked who is in charge and nobody knew",
        "我问过客服谁在处理 没人回答",
    ],
)
def test_cj_guard_who_handles_asked_of_someone_else_is_the_story(text: str) -> None:
    assert "handler" not in _topics(text)
