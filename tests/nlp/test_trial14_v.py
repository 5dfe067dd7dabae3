"""Newcomer trial 14 (helper V): contacts in international form and in Chinese numerals, a
WeChat ID offered, an English name as its own sentence, bare replies, and the language a
conversation keeps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.answer_person import declines_phone, offers_chat_id
from nlp.extract import extract_fields
from nlp.extract_refs import find_phone
from nlp.intent import bare_reply, declines_name
from nlp.language import CHINESE, ENGLISH, detect_language, switches_to
from storage.blind_index import normal_phone, phone_tail
from storage.masking import mask_phone, mask_text

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("+44 7700 900123", "+447700900123"),
        ("+44 7911 123456", "+447911123456"),
        ("my number +1 (415) 555-0123 thanks", "+14155550123"),
        ("+86 138 0013 8000", "13800138000"),  # the mainland's own code: the mainland rules
        ("电话一五八一二三四五六七八", "15812345678"),
        ("幺三八一二三四五六七八", "13812345678"),
        ("158 一二三四 5678", "15812345678"),
    ],
)
def test_phones_in_international_form_and_in_chinese_numerals(text: str, number: str) -> None:
    assert find_phone(text)[0] == number


@pytest.mark.parametrize(
    "text",
    [
        "我买了一二三个",
        "二〇二六年十一月",
        "订单一二三四五六七八九零一",
        "+44 12",
        "一二三四五六七八九零一",
    ],
)
def test_numerals_that_are_no_phone(text: str) -> None:
    assert find_phone(text)[0] is None


def test_an_international_number_is_stored_searchable_and_masked() -> None:
    assert normal_phone("+447700900123") == "+447700900123"
    assert phone_tail("+447700900123") == "0123"
    assert mask_phone("+447700900123") == "+44****0123"
    assert mask_text("call +44 7700 900123 pls") == "call +44****0123 pls"


def test_a_mobile_in_chinese_numerals_is_masked_in_free_text() -> None:
    assert mask_text("电话一五八一二三四五六七八，谢谢") == "电话一五八****五六七八，谢谢"
    assert mask_text("158 一二三四 5678") == "158 **** 5678"
    assert mask_text("一共二三个") == "一共二三个"


@pytest.mark.parametrize(
    "text",
    [
        "加我微信吧 wxid_liu2024",
        "我叫Jessica 微信号是 jess_0921 你加我就行",
        "my wechat id is tomb1990",
    ],
)
def test_a_chat_id_offered(text: str) -> None:
    assert offers_chat_id(text) and declines_phone(text)


@pytest.mark.parametrize("text", ["微信 refund please", "微信同号 13266668888", "vx jessica"])
def test_no_chat_id(text: str) -> None:
    assert not offers_chat_id(text)


def test_an_english_name_as_its_own_sentence_before_the_e_mail() -> None:
    text = "stopped working after 2 days, I want a refund. Tom Becker, tom@example.com. Nov 28."
    assert extract_fields(text, NOW).name == "Tom Becker"
    assert extract_fields("It broke. Customer Service, phone me", NOW).name is None


@pytest.mark.parametrize("text", ["ok", "Yes.", "no!", "sure", "好的", "none"])
def test_bare_replies(text: str) -> None:
    assert bare_reply(text)


@pytest.mark.parametrize("text", ["Anna", "Tom Becker", "刘女士", "Nobody Inc"])
def test_names_are_no_bare_reply(text: str) -> None:
    assert not bare_reply(text)


@pytest.mark.parametrize("text", ["none", "skip", "I'd rather not", "不想说", "匿名", "不方便说"])
def test_declining_a_name(text: str) -> None:
    assert declines_name(text)


@pytest.mark.parametrize("text", ["Anna", "Nobody", "刘", "没有名字的人我不投诉了吗哈哈哈哈哈哈"])
def test_not_declining_a_name(text: str) -> None:
    assert not declines_name(text)


@pytest.mark.parametrize(
    ("text", "language", "switches"),
    [
        ("last night", ENGLISH, False),
        ("online, the JD app", ENGLISH, False),
        ("我要 refund 一晚房费 and an apology", ENGLISH, False),
        ("I want a refund", ENGLISH, True),
        ("Chaoyang district, 建国路88号", CHINESE, False),
        ("我要退款", CHINESE, True),
    ],
)
def test_what_switches_a_conversation_language(text: str, language: str, switches: bool) -> None:
    assert detect_language(text) == language
    assert switches_to(text, language) is switches
