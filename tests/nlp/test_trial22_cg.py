"""Newcomer trial 22 (helper cg): which field a message belongs to at the remedy and the
evidence questions. Unit tests of the readers; the dialogues are in
tests/dialogues/data/trial22_cg.toml."""

from __future__ import annotations

import pytest

from handlers.answer_wishes import contact_instead_of_wish
from handlers.draft import Draft
from handlers.evidence_words import evidence_aside, says_none
from handlers.story import story_instead_of_wish, tracking_number
from handlers.words import find_ticket_number
from nlp.extract import Extracted
from nlp.extract_refs import find_order, find_regional_number
from nlp.tokenizer import load


@pytest.fixture(scope="module", autouse=True)
def _tokenizer() -> None:
    load()


@pytest.mark.parametrize(
    "said",
    [
        "nobody came",
        "no one showed up",
        "they never called back",
        "also the aircon was broken all night",
        "and the sheets were dirty",
        "仲有碗湯入面有條頭髮",
        "还有菜里吃出一根头发",
        "另外服务员还骂人",
        "而且房间很脏",
    ],
)
def test_cg_story_lines_at_the_remedy_question(said: str) -> None:
    assert story_instead_of_wish(said)


@pytest.mark.parametrize(
    "said",
    [
        "i want the deposit back",
        "the deposit back",
        "full refund",
        "just give me my money back",
        "they should give me a new room",
        "a new room",
        "还有要求道歉",
        "还有退钱",
        "还有精神损失费",
        "还有就是赔偿",
        "can you refund me?",
    ],
)
def test_cg_wishes_are_no_story_line(said: str) -> None:
    assert not story_instead_of_wish(said)


def test_cg_a_contact_or_name_beside_no_wish_word_is_no_wish() -> None:
    assert contact_instead_of_wish(Extracted(phone="+886912345678", name="林小姐"), "0912345678")
    assert contact_instead_of_wish(Extracted(phone="13912345678", name="Tom Baker"), "its")
    assert not contact_instead_of_wish(Extracted(name="王芳"), "要退款")
    assert not contact_instead_of_wish(Extracted(), "冻结账户")


def test_cg_a_taiwan_numbers_label_is_blanked_with_it() -> None:
    # read on the folded words, where 手機 is 手机
    number, rest = find_regional_number("我是林小姐 手机0912345678", traditional=True)
    assert number == "+886912345678"
    assert "手机" not in rest


@pytest.mark.parametrize(
    "said",
    ["no i dont have any", "nope none", "no pics", "nah i dont have any pics", "nope, none"],
)
def test_cg_english_no_at_the_evidence_question(said: str) -> None:
    assert says_none(said)


@pytest.mark.parametrize(
    "said", ["no i have the receipt", "no the photo is on my phone", "no the courier broke it"]
)
def test_cg_a_no_before_other_words_is_not_none(said: str) -> None:
    assert not says_none(said)


def test_cg_lost_closing_a_story_is_not_no_evidence() -> None:
    assert evidence_aside("my parcel 快递 lost", bare_none=True) is None
    assert evidence_aside("my parcel 快递 lost!", bare_none=True) is None
    # guards: what was lost named, or "none" said, still answers the evidence question
    assert evidence_aside("快递丢了 no photos") == ("快递丢了", "no photos")
    assert evidence_aside("Tom. deleted them") == ("Tom", "deleted them")


@pytest.mark.parametrize(
    ("said", "number"),
    [
        ("SF1234567890123", "SF1234567890123"),
        ("yt7654321098765 还没到", "YT7654321098765"),
        ("my parcel JDV012345678901", "JDV012345678901"),
    ],
)
def test_cg_a_tracking_number_is_an_order_number_and_no_ticket(said: str, number: str) -> None:
    assert find_order(said)[0] == number
    assert find_ticket_number(said) is None


def test_cg_a_ticket_number_is_still_one() -> None:
    assert find_ticket_number("CP20261201005") == "CP20261201005"
    assert find_ticket_number("查询 cp 20261201 005") == "CP20261201005"


def test_cg_a_long_number_in_a_parcel_complaint_is_its_tracking_number() -> None:
    parcel = Draft(account="我的快递丢了，中通的")
    assert tracking_number(parcel, "78901234567890") == "78901234567890"
    assert tracking_number(parcel, "单号 78901234567890") == "78901234567890"
    assert tracking_number(parcel, "tracking number is 78901234567890") == "78901234567890"
    assert tracking_number(parcel, "13912345678") is None  # a mobile
    assert tracking_number(parcel, "78901234567890 昨天就该到了") is None  # more than a number
    assert tracking_number(Draft(account="衣服质量很差"), "78901234567890") is None
