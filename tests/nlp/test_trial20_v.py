"""Newcomer trial 20 (helper v): a staff member named with their company ("链家的中介小李"),
contacts and their labels kept out of wishes and objects, and questions about whom the
customer is talking to ("你们是平安吗", "is this Walmart?")."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.extract import extract_fields
from nlp.extract_refs import without_contacts
from nlp.intent import read_cues
from tests.conftest import TZ

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)


# --- staff and company --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "company", "staff"),
    [
        ("链家的中介小李骗了我的押金", "链家", "中介小李"),
        ("我爱我家的中介老王一直不退押金", "我爱我家", "中介老王"),
        ("顺丰的快递小哥把包裹扔在门口", "顺丰", "快递小哥"),
        ("招行的客户经理王经理乱给我推理财", "招行", "王经理"),
        ("美团的骑手小张把汤洒了", "美团", "骑手小张"),
        ("贝壳的经纪人小刘说话不算数", "贝壳", "经纪人小刘"),
    ],
)
def test_a_staff_member_named_with_the_company_gives_both(
    text: str, company: str, staff: str
) -> None:
    found = extract_fields(text, NOW)
    assert found.store == company  # what the complaint is against
    assert found.staff is not None and staff in found.staff
    assert found.place in (None, company)  # a platform stays the place, as "滴滴司机" did
    assert company not in found.staff  # not one merged name


@pytest.mark.parametrize(
    ("text", "staff"),
    [
        ("中介小李", "中介小李"),
        ("快递员老王", "快递员老王"),
        ("客服小张态度很差", "客服小张"),
        ("销售王姐骗我办卡", "销售王姐"),
    ],
)
def test_a_role_with_the_person_after_it_is_the_staff_member(text: str, staff: str) -> None:
    found = extract_fields(text, NOW)
    assert found.staff == staff
    assert found.name is None  # the staff member is not the customer


@pytest.mark.parametrize(
    ("text", "staff"),
    [
        ("李经理态度很差", "李经理"),
        ("那个张师傅装歪了", "张师傅"),
    ],
)
def test_a_surname_before_a_title_is_part_of_the_staff_member(text: str, staff: str) -> None:
    assert extract_fields(text, NOW).staff == staff


@pytest.mark.parametrize(
    ("text", "staff"),
    [
        ("我向经理反映过了", "经理"),  # 向 is no surname here: "to the manager"
        ("找客服没用", "客服"),
        ("店员和店长都不管", "店员、店长"),
    ],
)
def test_guard_a_role_alone_stays_the_role(text: str, staff: str) -> None:
    assert extract_fields(text, NOW).staff == staff


def test_guard_a_platform_order_stays_the_place() -> None:
    found = extract_fields("美团点的外卖洒了", NOW)
    assert found.place == "美团" or found.platform == "美团"


# --- contacts never in other fields --------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "refund, my phone (+86) 138 1234 5678",
        "my phone +86 138 1234 5678, I want a refund",
        "I want a refund, my cell is +86 138-1234-5678",
        "电话13812345678 要求退款",
        "要求退款 我手机+86 138 1234 5678",
        "赔偿 邮箱 wang@qq.com",
    ],
)
def test_a_contact_and_its_label_reach_no_other_field(text: str) -> None:
    found = extract_fields(text, NOW)
    assert found.phone == "13812345678" or found.email == "wang@qq.com"
    for value in (found.product, found.store, found.staff, found.place, found.remedy_text):
        assert not value or not any(
            piece in value for piece in ("138", "+86", "phone", "cell", "电话", "手机", "邮箱", "@")
        ), value


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("refund, my phone (+86) 138 1234 5678", "refund"),
        ("I want a refund, call me at +86 138 1234 5678", "I want a refund"),
        ("退款，打我电话 138-1234-5678", "退款"),
        ("希望尽快处理 我电话13812345678", "希望尽快处理"),
        ("退款 邮箱wang@qq.com", "退款"),
        ("refund, email me at tom@example.com", "refund"),
        ("换新的 联系我13812345678", "换新的"),
    ],
)
def test_without_contacts_takes_the_number_and_its_words_out(text: str, left: str) -> None:
    assert without_contacts(text).strip(" ,，.") == left


def test_guard_without_contacts_leaves_words_without_a_contact() -> None:
    said = "我的手机屏幕碎了 要求换新"
    assert without_contacts(said) == said


# --- who am I talking to -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "你们是平安吗",
        "你们是不是京东官方",
        "is this Walmart?",
        "你们是顺丰的客服吗？",
        "这里是招商银行吗",
        "are you Costco?",
        "是链家官方吗",
        "你是美团的吗",
    ],
)
def test_asking_whose_service_this_is_is_an_identity_question(text: str) -> None:
    cues = read_cues(text)
    assert [q.topic for q in cues.questions] == ["identity"]
    assert cues.rest == ""


@pytest.mark.parametrize(
    "text",
    [
        "你们是骗子吗",
        "is this normal?",
        "are you serious?",
        "你们是不是不想处理了",
        "是不是质量问题",
    ],
)
def test_guard_other_questions_are_no_identity_question(text: str) -> None:
    assert "identity" not in [q.topic for q in read_cues(text).questions]
