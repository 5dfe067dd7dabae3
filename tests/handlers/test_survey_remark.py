"""What a survey answer says besides its score is its comment (handlers/followup.py:
survey_remark); a message that is only a score has none, and no number inside words is
taken for one."""

from __future__ import annotations

import pytest

from handlers.followup import leading_score, survey_remark


@pytest.mark.parametrize(
    ("said", "remark"),
    [
        ("1 太差了", "太差了"),
        ("4 还行，就是处理有点慢", "还行，就是处理有点慢"),
        ("4分，客服态度好", "客服态度好"),
        ("太慢了，2分", "太慢了"),
        ("5", None),
        ("5分", None),
        ("3!", None),
        ("非常满意", None),
        ("五星", None),
        ("打1分", None),
        ("1台空调又坏了", None),
        ("很不满意，一直没人管", "很不满意，一直没人管"),
        ("没解决，还是漏水", "没解决，还是漏水"),
        ("满意！", None),
    ],
)
def test_the_words_beside_a_score(said: str, remark: str | None) -> None:
    assert survey_remark(said) == remark


def test_a_leading_score_needs_words_after_it_and_reads_not_solved() -> None:
    assert leading_score("1 太差了") == (1, True, "太差了")
    # Newcomer trial 17: "还是没解决" says no why, so it is no comment: the reason is asked
    # (handlers/followup.py:answer_survey); the score and "not solved" are read as before.
    assert leading_score("2，还是没解决") == (2, False, None)
    assert leading_score("4") is None  # a bare number is bare_number's
    assert leading_score("3号送到的，还没装") is None  # a date, not a score
