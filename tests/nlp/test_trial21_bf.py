"""Newcomer trial 21 (helper bf): regional phones beside a name, the no-evidence family with a
reason, second wishes.

1. A Hong Kong, Macau or Taiwan number is read wherever a phone is: beside a name ("陳小姐
   9123 4567" is a number to ask the code of, never dropped), with its country code written
   without "+" ("852 91234567", "(852) 6123 4567", "886-937-123-456"), and a Taiwan mobile
   in a conversation held in traditional characters is +886 though the message shows no
   script ("王先生 0937-123-456").
2. "No evidence" with a clause saying why ("当时没拍 喝了一半才发现的", "手机摔坏了 照片都没
   了") is "none", its reason kept; Cantonese 影相 and 单 ("冇影相 張單都唔見咗", "相都冇影"),
   "没图", a particle closing it ("沒有拍照欸"). A promise of later stays "later".
3. Second wishes: 把X停了 stops a service (other), 把店员开了 fires a staff member
   (improvement), wishes joined by 再/然后/还要 are all kept, a second wish of a kind with
   an object of its own joins the first ("退卡，剩下的钱退给我").
"""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.draft import Draft
from handlers.evidence_words import (
    evidence_aside,
    evidence_later,
    no_evidence_reason,
    reason_words,
    says_none,
)
from nlp.extract import extract_fields
from nlp.extract_refs import find_regional_number

NOW = datetime(2026, 11, 22, 15)


# --- 1. regional phones ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("852 91234567", "+85291234567"),  # reported
        ("(852) 6123 4567", "+85261234567"),  # reported
        ("886-937-123-456", "+886937123456"),  # reported
        ("852-5123-4567", "+85251234567"),
        ("（852）9876 5432", "+85298765432"),
        ("00852 9123 4567", "+85291234567"),
        ("853 6612 3456", "+85366123456"),
        ("886 912 345 678", "+886912345678"),
        ("886-0912-345-678", "+886912345678"),  # the trunk 0 kept after the code
        ("886 2 2345 6789", "+886223456789"),  # a Taipei landline
        ("电话 852 91234567", "+85291234567"),
    ],
)
def test_a_bare_country_code_is_the_region(text: str, number: str) -> None:
    assert find_regional_number(text)[0] == number
    assert extract_fields(text, NOW).phone == number


@pytest.mark.parametrize(
    "text",
    [
        "退852元",  # a sum
        "852 9123",  # too short for a number there
        "8852 91234567",  # no code: 8852 is no code
        "852 12345678",  # a Hong Kong number never starts with 1
        "我买了852个",
    ],
)
def test_guard_no_code_where_none_is_said(text: str) -> None:
    assert find_regional_number(text)[0] is None


@pytest.mark.parametrize(
    ("text", "name", "local"),
    [
        ("陳小姐 電話 91234567", "陳小姐", "91234567"),  # reported
        ("陳小姐 9123 4567", "陳小姐", "9123 4567"),  # reported
        ("陳大文 91234567", "陳大文", "91234567"),
        ("91234567 黃生", "黃生", "91234567"),
        ("李女士，6612 3456", "李女士", "6612 3456"),
        ("手机：5123 4567", None, "5123 4567"),  # a label alone makes it a phone
    ],
)
def test_eight_digits_beside_a_name_or_a_label_are_a_number_to_ask_the_code_of(
    text: str, name: str | None, local: str
) -> None:
    found = extract_fields(text, NOW)
    assert found.local_phone == local
    assert found.name == name
    assert found.phone is None


@pytest.mark.parametrize(
    "text",
    [
        "我花了 91234567",  # a sum, no name beside it
        "王先生 订单号 91234567",  # an order number
        "退我 5000 元 王先生",
    ],
)
def test_guard_eight_digits_elsewhere_are_no_phone(text: str) -> None:
    assert extract_fields(text, NOW).local_phone is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("王先生 0937-123-456", "+886937123456"),  # reported
        ("王先生 0937123456", "+886937123456"),  # reported
        ("林小姐 0912 345 678", "+886912345678"),
    ],
)
def test_a_taiwan_mobile_in_a_traditional_conversation(text: str, number: str) -> None:
    found = extract_fields(text, NOW, traditional=True)
    assert found.phone == number
    assert found.name == text.split()[0]


def test_guard_a_taiwan_mobile_in_a_simplified_conversation_is_asked_its_code() -> None:
    found = extract_fields("王先生 0937-123-456", NOW)
    assert found.phone is None
    assert found.local_phone == "0937-123-456"


# --- 2. no evidence, with why ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("当时没拍 喝了一半才发现的", "喝了一半才发现的"),  # reported
        ("没有拍 当时没在意", "当时没在意"),  # reported
        ("手机摔坏了 照片都没了", "手机摔坏了"),  # reported
        ("没拍照，当时在开车", "当时在开车"),
        ("截图没截 手机没电了", "手机没电了"),
        ("照片找不到了 换过好几次手机", "换过好几次手机"),
    ],
)
def test_no_evidence_with_a_reason_is_none_and_the_reason_kept(text: str, reason: str) -> None:
    assert says_none(text)
    assert no_evidence_reason(text)
    assert reason_words(text) == reason
    assert not evidence_later(text)


@pytest.mark.parametrize(
    "text",
    [
        "相都冇影",  # reported: Cantonese, no photo taken
        "冇影相 張單都唔見咗",  # reported: no photo, the receipt lost too
        "照片也没拍",
        "截图都没截",
        "沒有拍照欸",  # reported at the contact question
        "没拍哦",
        "那张单也丢了",
    ],
)
def test_the_family_of_none_in_other_words(text: str) -> None:
    assert says_none(text)
    assert reason_words(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "没拍 明天补拍",  # evidence promised later
        "没有照片 回头补",
        "有照片 等下发",
        "照片删了 回头找找",
    ],
)
def test_guard_a_promise_of_later_stays_later(text: str) -> None:
    assert not says_none(text)
    assert evidence_later(text)


@pytest.mark.parametrize(
    "text",
    [
        "没拍 我要退款",  # a wish is no reason
        "没拍 在望京店",  # a place
        "没拍 王芳",  # a name
        "没拍 昨天下午",  # a time
        "没拍，但是有聊天记录",  # evidence that exists
        "没拍 13812345678",
        "没拍 你们能帮我查一下吗",
    ],
)
def test_guard_what_answers_another_question_is_no_reason(text: str) -> None:
    assert not no_evidence_reason(text)
    assert reason_words(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # reported: "…没图" closing a first message
        (
            "昨天买的奶茶有虫子 要求退款 我叫王芳 13812345678 没图",
            ("昨天买的奶茶有虫子 要求退款 我叫王芳 13812345678", "没图"),
        ),
        ("王芳 13812345678 没拍 当时没在意", ("王芳 13812345678", "没拍 当时没在意")),
        # a clause before the none may answer the open question: never the reason there
        ("王芳 没拍", ("王芳", "没拍")),
    ],
)
def test_no_evidence_closing_another_answer(text: str, expected: tuple[str, str]) -> None:
    assert evidence_aside(text) == expected


# --- 3. second wishes -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        (  # reported
            "给我把多扣的钱退回来 再把那个乱七八糟的增值业务给我停了",
            (("refund", "把多扣的钱退回来"), ("other", "把那个乱七八糟的增值业务给我停了")),
        ),
        (  # reported
            "把钱给我退了 再把那个店员开了",
            (("refund", "把钱给我退了"), ("improvement", "把那个店员开了")),
        ),
        (  # reported
            "给我把会员停了 钱退回来",
            (("other", "把会员停了"), ("refund", "钱退回来")),
        ),
        ("退卡 剩下的钱退给我", (("refund", "退卡，剩下的钱退给我"),)),  # reported
        ("再把自动续费关了 然后道歉", (("other", "把自动续费关了"), ("apology", "道歉"))),
        ("退钱 还要退押金", (("refund", "退钱，退押金"),)),
        ("把套餐给我取消掉 再赔点钱", (("other", "把套餐给我取消掉"), ("compensation", "赔点钱"))),
        ("道歉 然后把那个保安辞退了", (("apology", "道歉"), ("improvement", "把那个保安辞退了"))),
    ],
)
def test_every_wish_is_kept(text: str, remedies: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == remedies


@pytest.mark.parametrize(
    "text",
    [
        "联通把我宽带停了",  # the business did it: the story
        "他们把我会员停了 也不通知",
        "我把自动续费关了",  # the customer did it
        "老板把那个店员开了",  # someone else fired them
    ],
)
def test_guard_a_stop_told_is_no_wish(text: str) -> None:
    assert extract_fields(text, NOW).remedies == ()


@pytest.mark.parametrize(
    ("text", "remedies"),
    [
        ("我要退款，全额退款", (("refund", "退款"),)),  # the same wish said again
        ("退款退款", (("refund", "退款"),)),
        ("退卡退钱", (("refund", "退卡退钱"),)),
        ("要求退款 之前退货的时候很麻烦", (("refund", "退款"),)),
        ("赔钱 按价值赔", (("compensation", "赔钱"),)),  # how it is paid, no second wish
    ],
)
def test_guard_one_wish_said_twice_is_one(text: str, remedies: tuple[tuple[str, str], ...]) -> None:
    assert extract_fields(text, NOW).remedies == remedies


def test_a_wish_said_again_with_more_words_replaces_its_wording() -> None:
    draft = Draft()
    draft.set_remedies([("refund", "退卡"), ("apology", "道歉")])
    draft.add_remedies([("refund", "退卡，剩下的钱退给我")])
    assert draft.remedy_list() == [("refund", "退卡，剩下的钱退给我"), ("apology", "道歉")]


def test_guard_a_wish_of_a_kind_known_in_other_words_keeps_the_first() -> None:
    draft = Draft()
    draft.set_remedies([("refund", "全额退款")])
    draft.add_remedies([("refund", "退钱"), ("apology", "道歉")])
    assert draft.remedy_list() == [("refund", "全额退款"), ("apology", "道歉")]
