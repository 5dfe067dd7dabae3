"""Newcomer trial 6, the readers alone: landlines and ID numbers (nlp/extract_refs.py), names
beside other words (nlp/extract_person.py, handlers/answer_person.py:name_among_words), a declined
phone (handlers/answer_person.py:declines_phone), the value after a take-back
(nlp/intent.py:corrected_part) and a landline's search form (storage/blind_index.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.answer_person import declines_phone, name_among_words
from nlp.extract import extract_fields
from nlp.extract_person import standalone_name
from nlp.intent import corrected_part, read_cues
from storage.blind_index import normal_phone
from storage.masking import mask_phone, mask_text
from tests.support import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("座机行吗 010-64001234", "010-64001234"),
        ("电话01064001234", "010-64001234"),
        ("(010) 64001234", "010-64001234"),
        ("（0755）88881234", "0755-88881234"),
        ("0571 8888123 转 802", "0571-8888123转802"),
        ("座机：021-5555 6666", "021-55556666"),
        ("手机13812345678 座机010-64001234", "13812345678"),  # the mobile first
        ("订单号2026113012345678", None),
        ("2026-11-30 下午3点 花了1000元", None),
    ],
)
def test_landlines_are_phones(text: str, phone: str | None) -> None:
    assert extract_fields(text, NOW).phone == phone


def test_an_id_number_is_no_fact_and_is_masked() -> None:
    found = extract_fields("我身份证号110101199003071234 王建国", NOW)
    assert found.phone is None and found.order_no is None and found.amounts == ()
    assert found.name == "王建国"
    assert "1101**********1234" in mask_text("我身份证号110101199003071234")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("010-64001234", "01064001234"),
        ("010-64001234转802", "01064001234"),
        ("(010) 6400 1234", "01064001234"),
        ("0571-8888123 ext. 5", "05718888123"),
    ],
)
def test_a_landline_is_searched_without_its_extension(raw: str, normal: str) -> None:
    assert normal_phone(raw) == normal


def test_a_landline_is_masked_like_a_phone() -> None:
    assert mask_phone("010-64001234") == "010-****1234"
    assert mask_phone("0755-88881234转802") == "0755-****1234转802"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("叫我孙女士就行 电话 159 1234 5678", "孙女士"),
        ("称呼我王先生吧", "王先生"),
        ("王建国 13511112222", "王建国"),
        ("我身份证号110101199003071234 王建国", "王建国"),
        ("Tom Becker, tom.becker@gmail.com", "Tom Becker"),
        ("13511112222 谢谢", None),
        ("电话13511112222 马上处理", None),
        ("手机13511112222 方便的话尽快", None),
        ("他叫我等着", None),
        ("Hello, phone 13511112222", None),
    ],
)
def test_names_beside_contacts(text: str, name: str | None) -> None:
    assert extract_fields(text, NOW).name == name


@pytest.mark.parametrize(
    ("piece", "is_name"),
    [("王建国", True), ("孙女士", True), ("张教练", False), ("马上", False), ("谢谢", False)],
)
def test_standalone_names(piece: str, is_name: bool) -> None:
    assert standalone_name(piece) is is_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("刚说了啊 王建国", "王建国"),
        ("教练工号A017 我身份证号110101199003071234 王建国", "王建国"),
        ("I just told you. Tom Becker", "Tom Becker"),
        ("Tom Becker, as I said", "Tom Becker"),
        ("态度很差 张教练", None),
        ("电话不方便 加我微信wjg_1990", None),
        ("王建国", None),  # alone: the name question's own reader takes it
    ],
)
def test_name_among_words(text: str, name: str | None) -> None:
    assert name_among_words(text)[0] == name


def test_the_chatter_is_no_fact() -> None:
    assert "刚" not in name_among_words("刚说了啊 王建国")[1]


@pytest.mark.parametrize(
    ("text", "declines"),
    [
        ("微信wjg_1990 不给手机", True),
        ("电话不方便 加我微信wjg_1990", True),
        ("I'd rather not give my number", True),
        ("不给退款 电话打不通", False),
        ("微信支付的，要求退款", False),
    ],
)
def test_a_declined_phone(text: str, declines: bool) -> None:
    assert declines_phone(text) is declines


@pytest.mark.parametrize(
    ("text", "later"),
    [
        ("sorry not the laptop, the charger is the problem", "the charger is the problem"),
        ("and it's the charger, not the laptop!!", "and it's the charger"),
        ("phone 13700001111 oh wait typo its 13700001112", "its 13700001112"),
        ("上个月买的，哦不对是上上个月买的", "是上上个月买的"),
        ("it does not work, the store refused", None),
        ("The laptop is not charging, I want a refund", None),
        ("店员态度不对劲", None),
    ],
)
def test_corrected_part(text: str, later: str | None) -> None:
    assert corrected_part(text) == later


@pytest.mark.parametrize(
    ("text", "column", "value"),
    [
        ("phone 13700001111 oh wait typo its 13700001112", "phone", "13700001112"),
        ("手机13811112222 打错了 是13811112223", "phone", "13811112223"),
        ("sorry not the laptop, the charger is the problem", "product", "charger"),
        ("上个月在京东买的电饭煲坏了，哦不对是上上个月买的，我要换货", "occurred_text", "上上个月"),
        ("上个月在京东买的电饭煲坏了，哦不对是上上个月买的，我要换货", "product", "电饭煲"),
    ],
)
def test_the_later_value_wins(text: str, column: str, value: str) -> None:
    assert getattr(extract_fields(text, NOW), column) == value


def test_why_contact_is_a_question_topic() -> None:
    for text in ("为什么要我电话 你们不是有我信息吗", "why do you need my phone number?"):
        assert [q.topic for q in read_cues(text).questions] == ["why_contact"]


@pytest.mark.parametrize(
    "reply", ["那好吧 010-64321234 家里座机", "那行吧 13511112222", "好的吧 13511112222"]
)
def test_a_reluctant_yes_beside_a_contact_is_no_name(reply: str) -> None:
    """Newcomer trial 7: "那好吧" beside a landline was filed as the name (那 is a surname)."""
    assert extract_fields(reply, NOW).name is None
