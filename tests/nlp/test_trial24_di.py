"""Helper di (trial 24): questions back, read by kind.

- `handlers/answer_words.py:asks_what_is_meant`: a whole message asking what the open
  question means or wants ("这个要填什么", "like what?"), never a story that mentions it;
- `nlp/intent.py:read_cues`: "你们能做主吗" (authority), "I only have a UK number"
  (foreign_number, not when the number is given), status wordings, and a question word with
  its noun said back before the answer ("哪个店？我也不知道叫啥 就万达广场三楼那家");
- `nlp/extract.py`: a floor after where stays with it ("万达广场三楼那家").
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.answer_words import asks_what_is_meant
from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.intent import read_cues

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True, scope="module")
def _loaded() -> None:
    tokenizer.load()


@pytest.mark.parametrize(
    "text",
    [
        "这个要填什么",
        "填什么",
        "什么意思？",
        "啥意思",
        "要写啥",
        "这个填什么啊",
        "這個要填什麼",
        "不太明白 要写什么",
        "这里应该写什么呢",
        "比如呢",
        "举个例子",
        "what do you mean?",
        "Sorry, what do you mean?",
        "like what?",
        "what should I put here?",
        "what am i supposed to write",
        "I don't understand the question",
    ],
)
def test_asks_what_is_meant(text: str) -> None:
    assert asks_what_is_meant(text)


@pytest.mark.parametrize(
    "text",
    [
        "店员问我什么意思 还骂我",
        "什么",
        "快递没到",
        "what happened",
        "what do you mean 68 only",
        "他写的什么我都看不懂",
        "好",
        "",
    ],
)
def test_not_asking_what_is_meant(text: str) -> None:
    assert not asks_what_is_meant(text)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("你们能做主吗", "authority"),
        ("你說了算嗎", "authority"),
        ("你能决定吗", "authority"),
        ("can you actually decide on a refund?", "authority"),
        ("who makes the decision?", "authority"),
        ("I only have a UK number", "foreign_number"),
        ("我只有国外的手机号 可以吗", "foreign_number"),
        ("没有大陆手机号", "foreign_number"),
        ("what's the status now?", "status"),
        ("any progress?", "status"),
        ("现在到哪一步了", "status"),
        ("到底有没有人管啊", "handled"),
        ("is anyone handling this?", "handled"),
    ],
)
def test_topics(text: str, topic: str) -> None:
    cues = read_cues(text)
    assert [q.topic for q in cues.questions] == [topic]
    assert not cues.rest.strip()


def test_pressing_the_first_question_is_no_second_matter() -> None:
    (question,) = read_cues("我只有国外的手机号 可以吗").questions
    assert question.more == ""


def test_a_number_abroad_given_is_no_question() -> None:
    cues = read_cues("my UK number is +44 7700 900123")
    assert not cues.questions
    assert "+44" in cues.rest


def test_asked_on_after_authority_and_time_is_two_questions() -> None:
    cues = read_cues("要多久能退？你们能做主吗")
    assert [q.topic for q in cues.questions] == ["handling_time", "authority"]
    assert all(not q.more for q in cues.questions)


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("哪个店？我也不知道叫啥 就万达广场三楼那家", "就万达广场三楼那家"),
        ("哪家店？就是国贸商城那家", "就是国贸商城那家"),
        ("啥时候？就前天", "就前天"),
    ],
)
def test_question_said_back_then_its_answer(text: str, rest: str) -> None:
    cues = read_cues(text)
    assert not cues.questions
    assert cues.rest == rest


def test_not_knowing_the_name_alone_is_kept() -> None:
    assert read_cues("我也不知道叫啥").rest == "我也不知道叫啥"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("就万达广场三楼那家", "万达广场三楼"),
        ("万达广场那家", "万达广场"),
    ],
)
def test_floor_after_where(text: str, place: str) -> None:
    assert extract_fields(text, NOW).store == place


def test_a_floor_alone_is_no_store() -> None:
    assert extract_fields("三楼那家", NOW).store is None
