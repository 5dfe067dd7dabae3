"""Newcomer trial 20 (helper ae): what a question back asks, and what a survey's words say.

"这个要填吗" at a question was only noted for the staff; "你们是商家那边的吗" got who we are,
"你们站哪边" was taken as the wish; "商家能看到我的电话吗" got the anonymity text; "给个差评"
was kept as the reason for the low score, so the reason was never asked. The topics of
`[question.*]` (nlp/data/intent_cues.toml) and the survey's remark are read here; the
dialogues are tests/dialogues/data/trial20_ae.toml.
"""

from __future__ import annotations

import pytest

from handlers.fields import FIELDS
from handlers.followup import survey_remark
from handlers.texts import SUPPORTED, Texts
from nlp.intent import has_cue, read_cues


def _topics(text: str) -> list[str]:
    return [q.topic for q in read_cues(text).questions]


@pytest.mark.parametrize(
    "text",
    [
        "这个要填吗",
        "这个必须说吗",
        "可以不填吗",
        "非得填吗",
        "地点不填行不行",
        "能跳过吗",
        "这个不说可以吗",
        "一定要写吗？",
        "do I have to answer this?",
        "is this required?",
        "can I skip this one?",
    ],
)
def test_whether_a_field_must_be_answered_is_its_own_topic(text: str) -> None:
    assert _topics(text) == ["required"]


@pytest.mark.parametrize(
    "text",
    [
        "你们会告诉商家我的名字吗",
        "商家能看到我的电话吗",
        "店里的人看得到我的手机号吗",
        "谁能看到我的联系方式",
        "will the shop see my phone number?",
        "who can see my name?",
    ],
)
def test_who_sees_the_name_and_phone_is_asked_directly(text: str) -> None:
    assert _topics(text) == ["who_sees"]


@pytest.mark.parametrize(
    "text",
    [
        "你们是商家那边的吗",
        "你们是第三方吗",
        "你们站哪边",
        "你们到底站哪一边",
        "你们是哪边的人",
        "which side are you on?",
    ],
)
def test_whose_side_is_the_independence_question(text: str) -> None:
    assert _topics(text) == ["independence"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # guards: the topics these wordings had before stay theirs
        ("可以匿名吗", "privacy"),
        ("商家会知道我是谁吗", "privacy"),
        ("健身房会知道是我投诉的吗", "privacy"),
        ("为什么要我电话", "why_contact"),
        ("do i have to give my phone number?", "why_contact"),
        ("可以不留名字吗", "why_name"),
        ("必须要本人去吗", "process"),
        ("你们是哪个公司的", "identity"),
        ("银行短信截图可以吗", "evidence_ok"),
    ],
)
def test_guards_keep_their_topics(text: str, topic: str) -> None:
    assert _topics(text) == [topic]


@pytest.mark.parametrize("text", ["不知道是哪边的问题", "在哪边都一样", "电话我填了", "照片发了"])
def test_statements_ask_nothing(text: str) -> None:
    assert _topics(text) == []


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("电话可以不填吗", "contact"),
        ("照片必须发吗", "evidence"),
        ("时间必须说吗", "time"),
        ("名字一定要写吗", "name"),
        ("地点不填行不行", "place"),
    ],
)
def test_the_field_a_question_names_is_read(text: str, field: str) -> None:
    named = [f.name for f in FIELDS if has_cue(text, "question_field", f.name)]
    assert named[:1] == [field]


def test_every_field_says_whether_it_is_required_in_every_language() -> None:
    for locale in SUPPORTED:
        t = Texts(locale)
        for row in FIELDS:
            assert t.has(row.need), (locale, row.need)
        assert t.has("need.general"), locale
    assert [f.name for f in FIELDS if not f.required] == ["evidence"]


@pytest.mark.parametrize(
    "text",
    [
        "给个差评",
        "差评！！",
        "真的很不满意",
        "我给差评",
        "give it a bad rating",
        "not satisfied at all",
    ],
)
def test_a_score_in_words_without_why_is_no_reason(text: str) -> None:
    assert survey_remark(text) is None


@pytest.mark.parametrize(
    ("text", "remark"),
    [
        # guards: words that say why stay the comment
        ("差评 赔偿到现在都没到账", "差评 赔偿到现在都没到账"),
        ("很不满意，一直没人管", "很不满意，一直没人管"),
        ("不满意 划痕还在", "不满意 划痕还在"),
        ("terrible, nobody came", "terrible, nobody came"),
        ("1 太差了", "太差了"),
    ],
)
def test_a_score_in_words_with_why_keeps_it(text: str, remark: str) -> None:
    assert survey_remark(text) == remark
