"""Newcomer trial 12, after filing, the readers alone: a counter-offer to a proposal, a
leading score with its reason, words saying a file was sent, a quote cut at a word, an echo of
the open question with its answer, and a question asked in two clauses."""

from __future__ import annotations

import pytest

from handlers.followup import counter_offer, leading_score, survey_remark, tells_new_problem
from handlers.ticket_messages import says_file_sent
from handlers.words import quote
from nlp.intent import read_cues


@pytest.mark.parametrize(
    ("words", "countered"),
    [
        ("行吧 券我用不上 能不能直接多退20块钱", True),
        ("可以 不要券 换成现金", True),
        ("方案可以 但升级券我用不上 能换成现金吗", True),
        ("ok but I don't need the voucher, can you refund the cash", True),
        ("行吧 可以接受，明天上午来哈 下午我不在家", False),  # a condition, no other remedy
        ("行 那多久到账", False),  # a question about the remedy itself
        ("好的，可以", False),
        ("不接受，能不能换成现金", False),  # opens with a no: a refusal
        ("能不能换成现金", False),  # no yes at all: not read as a verdict here
    ],
)
def test_a_yes_asking_for_another_remedy_is_a_counter_offer(words: str, countered: bool) -> None:
    assert (counter_offer(words) is not None) is countered


@pytest.mark.parametrize(
    ("text", "score", "remark"),
    [
        ("3分吧 退款是退了 但是骑手骂人的事没人管", 3, "退款是退了 但是骑手骂人的事没人管"),
        ("给3分 退得太慢了", 3, "退得太慢了"),
        ("三分 太慢了", 3, "太慢了"),
        ("three, the refund took a week", 3, "the refund took a week"),
        ("1 太差了", 1, "太差了"),
    ],
)
def test_a_leading_score_with_its_reason(text: str, score: int, remark: str) -> None:
    found = leading_score(text)
    assert found is not None and found[0] == score and found[2] == remark
    assert survey_remark(text) == remark


def test_no_score_in_words_that_only_start_like_one() -> None:
    assert leading_score("3号送到的，还没装") is None
    assert leading_score("一直没人管") is None
    assert leading_score("threesome") is None


def test_a_matter_nobody_handled_is_a_problem_told() -> None:
    assert tells_new_problem("退款是退了 但是骑手骂人的事没人管") == []
    assert tells_new_problem("师傅很专业") is None


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        ("截图发你们了", True),
        ("照片已经上传了", True),
        ("I sent the screenshot", True),
        ("发了", False),  # nothing says it was material
        ("快递发了吗", False),
        ("小票找不到了，只有付款记录", False),
    ],
)
def test_words_saying_a_file_was_sent(text: str, sent: bool) -> None:
    assert says_file_sent(text) is sent


def test_a_quote_is_never_cut_mid_word() -> None:
    said = "whats the process, do I need to come in person?"
    assert quote(said, 40) == "whats the process, do I need to come in…"
    assert quote("whats the process, do I need to come inside today?", 40).endswith("come…")
    assert quote("短句", 40) == "短句"
    assert quote("很" * 50, 40) == "很" * 40 + "…"


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("啥时候？就前天", "就前天"),
        ("什么时候？上周四 晚上七点多", "上周四 晚上七点多"),
        ("在哪？朝阳门店", "朝阳门店"),
    ],
)
def test_an_echo_of_the_question_with_its_answer_is_the_answer(text: str, rest: str) -> None:
    cues = read_cues(text)
    assert not cues.questions
    assert cues.rest == rest


def test_an_echo_alone_still_asks() -> None:
    assert read_cues("什么时候？").questions or read_cues("什么时候？").rest == "什么时候？"


def test_a_question_in_two_clauses_is_one_question() -> None:
    cues = read_cues("你们能退钱吗 多久到账")
    assert [q.topic for q in cues.questions] == ["handling_time"]
    assert cues.questions[0].text == "你们能退钱吗 多久到账"
    assert cues.rest == ""
    # a statement before the question in its sentence stays the story
    assert read_cues("外卖送了两个小时才到，全凉了，你们多久能处理？").rest.endswith("全凉了")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("你们是物业公司的吗？", "identity"),
        ("你们是做什么的", "identity"),
        ("whats the process, do I need to come in person?", "process"),
        ("投诉流程是什么", "process"),
    ],
)
def test_who_are_you_and_the_process_are_asked(text: str, topic: str) -> None:
    assert {q.topic for q in read_cues(text).questions} == {topic}
