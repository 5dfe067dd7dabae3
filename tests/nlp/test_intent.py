"""The reader's language side (nlp/intent.py) and intents (handlers/reader.py), as a table."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from handlers.reader import Intent, invalid_phone, read
from handlers.router import STATE_HANDLERS
from nlp.extract import extract_fields
from nlp.intent import after_cue, decision, read_cues, strip_phrases
from tests.support import TZ

CASES = [
    # text, intent, question topics, rest holds
    ("你好，我想问下你们投诉多久能有结果？", Intent.QUESTION, ["handling_time"], ""),
    ("外卖送了两个小时才到，全凉了，你们多久能处理？", Intent.ANSWER, ["handling_time"], "全凉了"),
    ("你们是哪个公司的？", Intent.QUESTION, ["identity"], ""),
    ("你们几点上班", Intent.QUESTION, ["hours"], ""),
    ("还需要我提供什么材料吗？", Intent.QUESTION, ["needs"], ""),
    ("When will you handle it?", Intent.QUESTION, ["handling_time"], ""),
    ("不对，手机号是13811113333，刚才写错了", Intent.CORRECTION, [], "13811113333"),
    ("另外还有一件事，你们门店的店员态度很差", Intent.NEW_COMPLAINT, [], "态度很差"),
    ("你们都是骗子！", Intent.SOCIAL, [], ""),
    ("谢谢", Intent.SOCIAL, [], ""),
    ("在吗", Intent.SOCIAL, [], ""),
    ("你们这什么垃圾服务，快递三天没到", Intent.ANSWER, [], "快递三天没到"),
    ("快递为什么这么慢？", Intent.ANSWER, [], "快递为什么这么慢"),  # rhetorical: the story
    ("不知道什么时候能到。", Intent.ANSWER, [], "什么时候能到"),  # no question mark: story
    ("可以，接受", Intent.ANSWER, [], "接受"),
]


@pytest.mark.parametrize(("text", "intent", "topics", "rest"), CASES)
def test_reading_table(text: str, intent: Intent, topics: list[str], rest: str) -> None:
    reading = read(text)
    assert reading.intent is intent
    assert [q.topic for q in reading.cues.questions] == topics
    assert rest in reading.rest
    if intent is Intent.QUESTION:
        assert reading.rest == ""


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("可以，接受", "accept"),
        ("行", "accept"),
        ("同意这个方案", "accept"),
        ("ok", "accept"),
        ("不接受，我要全额退款", "refuse"),
        ("不行", "refuse"),
        ("不同意，太少了", "refuse"),
        ("no way", "refuse"),
        ("退款是退回原支付账户吗", None),
        ("now what", None),
    ],
)
def test_decisions_read_refusals_first(text: str, verdict: str | None) -> None:
    assert decision(text) == verdict


def test_a_greetings_good_is_no_yes() -> None:
    assert read("你好").decision() is None


def test_the_reason_after_a_refusal() -> None:
    assert after_cue("不接受，我要全额退款", "decision", "refuse") == "我要全额退款"


def test_the_slip_is_taken_out_before_the_facts_are_read() -> None:
    assert "刚才" not in strip_phrases(
        "不对，手机号是13811113333，刚才写错了", "correction", "phrases"
    )


def test_an_opener_alone_is_a_correction_cue_but_not_a_word_cue() -> None:
    cues = read_cues("不是我的问题，是你们送错了")
    assert cues.correction_opener and not cues.correction


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("手机1381234567", "1381234567"),
        ("电话：138-1234-56789", "13812345678" + "9"),
        ("手机13812345678", None),
        ("订单号2024042800123", None),
        ("我买了3台", None),
    ],
)
def test_invalid_phone_numbers_are_noticed(text: str, digits: str | None) -> None:
    found = extract_fields(text, datetime(2026, 11, 22, 15, tzinfo=TZ))
    assert invalid_phone(text.replace(found.order_no or "\0", ""), found.phone) == digits


def test_the_state_diagram_names_every_state() -> None:
    diagram = (Path(__file__).parents[2] / "handlers" / "intake.mmd").read_text(encoding="utf-8")
    for state in (*STATE_HANDLERS, "idle", "reader"):
        assert state in diagram, state


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # A bare ending or a stated lack is no question (a customer's "没有" to the place
        # question was filed as a question for the agent; newcomer trial).
        ("没有", False),
        ("没有。", False),
        ("电话里没有", False),
        ("什么都没有", False),  # an interrogative + 都/也 is an indefinite
        ("谁都不理我", False),
        ("哪里都找不到", False),
        ("不", False),
        # Still questions.
        ("退款了没有", True),
        ("你们处理过没有", True),
        ("行不", True),
        ("好吗", True),
        ("什么时候退款", True),
    ],
)
def test_what_reads_as_a_question(text: str, asks: bool) -> None:
    from nlp.intent import is_question

    assert is_question(text) is asks
