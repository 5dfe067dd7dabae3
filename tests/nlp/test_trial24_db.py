"""Newcomer trial 24 (db): a new complaint announced after filing, and a question's
alternative ("你们是移动的吗？还是第三方")."""

import pytest

from nlp.intent import another_complaint_words, new_complaint_story, read_cues


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("另外我还想投诉一下你们的快递员 态度太差了", "你们的快递员 态度太差了"),
        ("再投诉一个：安装师傅多收了我200块钱", "安装师傅多收了我200块钱"),
        ("还有一件事要投诉，快递员把箱子摔坏了", "快递员把箱子摔坏了"),
        ("另外我還想投訴一下你們的快遞員 態度太差了", "你們的快遞員 態度太差了"),
        ("I also want to complain about the delivery guy", "the delivery guy"),
        ("another complaint: the delivery guy was rude", "the delivery guy was rude"),
    ],
)
def test_the_announcement_is_no_part_of_the_story(text: str, story: str) -> None:
    assert new_complaint_story(text) == story


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("顺便投诉一下你们的快递员，态度太差", "你们的快递员，态度太差"),
        ("还有就是我要投诉你们的安装师傅 多收了我200块", "你们的安装师傅 多收了我200块"),
        ("另外我想投诉一下你们的快递员 态度太差了", "你们的快递员 态度太差了"),
        ("然后还有就是我还要再投诉一下那个送货的师傅他态度特别差", "那个送货的师傅他态度特别差"),
        ("對了 還有 投訴你們的外賣騎手 送餐太慢", "你們的外賣騎手 送餐太慢"),
        ("I'd also like to complain about the courier, he was rude", "the courier, he was rude"),
        (
            "Also, I want to complain about the delivery guy. He was rude.",
            "the delivery guy. He was rude.",
        ),
        ("I also have a complaint about your installer", "your installer"),
    ],
)
def test_one_more_complaint_opened_plainly(text: str, words: str) -> None:
    assert another_complaint_words(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "另外送货的人还把我家门框撞坏了",  # more of the matter, no complaint act
        "另外那个客服还骂我了",
        "我之前也投诉过你们",  # no opener of one more matter
        "还有 我要投诉",  # nothing named
        "另外我要投诉的就是这个空调",  # the matter on file named again
        "also the delivery was late",
        "I complained about this before",
    ],
)
def test_no_other_complaint(text: str) -> None:
    assert another_complaint_words(text) is None


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("你们是移动的吗？还是第三方", "还是第三方"),
        ("你们是移动的吗 还是第三方的", "还是第三方的"),
        ("你们是官方客服吗？还是外包的", "还是外包的"),
        ("你們是移動的嗎？還是第三方", "還是第三方"),
        ("你们是官方的吗？或者是代理商", "或者是代理商"),
        ("Are you Mobile? or a third party", "or a third party"),
        ("Are you China Mobile? Or is it some agency", "Or is it some agency"),
    ],
)
def test_a_questions_alternative_is_the_question(text: str, asked: str) -> None:
    cues = read_cues(text)
    assert cues.rest == ""
    assert cues.questions and asked in cues.questions[-1].text
    assert asked not in cues.questions[-1].more


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("进度怎么样了？还是没人联系我", "还是没人联系我"),  # "still": a statement
        ("多久能处理？还是老样子 一直断网", "还是老样子"),
        ("能退款吗？还是退款吧", "还是退款吧"),  # a wish, not an alternative
    ],
)
def test_still_is_no_alternative(text: str, kept: str) -> None:
    assert kept in read_cues(text).rest
