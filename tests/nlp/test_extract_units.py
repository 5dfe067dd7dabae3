"""Edge cases of field extraction, one rule per test (issue 3, part 3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.extract_numbers import cn_int

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=TZ)  # a Sunday afternoon


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> None:
    tokenizer.load()


def test_the_issue_example() -> None:
    got = extract_fields(
        "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
        "订单号2024042800123，要求退货退款",
        NOW,
    )
    assert (got.name, got.phone, got.order_no) == ("王芳", "13812345678", "2024042800123")
    assert got.occurred_at == datetime(2026, 4, 28, tzinfo=TZ)
    assert (got.place, got.store, got.product) == ("朝阳门店", "朝阳门店", "空调")
    assert (got.remedy, got.remedy_text) == ("refund", "退货退款")
    assert got.amounts == ()


def test_12315_is_neither_a_phone_nor_an_amount() -> None:
    got = extract_fields("今天在你们万达店买的牛奶喝了拉肚子，孩子也吐了，我要去12315投诉", NOW)
    assert got.occurred_at is not None and got.occurred_at.date() == NOW.date()
    assert (got.place, got.product) == ("万达店", "牛奶")
    assert (got.phone, got.amounts, got.order_no) == (None, (), None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月25日", datetime(2025, 12, 25, tzinfo=TZ)),  # later than now: last year
        ("11月30号", datetime(2025, 11, 30, tzinfo=TZ)),
        ("晚上8点半", datetime(2026, 11, 21, 20, 30, tzinfo=TZ)),  # tonight is still ahead
        ("28号", datetime(2026, 10, 28, tzinfo=TZ)),  # this month's 28th is ahead
        ("周五", datetime(2026, 11, 20, tzinfo=TZ)),
        ("今天晚上", NOW),  # anchored to today and ahead: clamped to now
    ],
)
def test_future_dates_without_a_year_roll_back(text: str, expected: datetime) -> None:
    got = extract_fields(text, NOW)
    assert got.occurred_at == expected
    assert got.occurred_at is not None and got.occurred_at <= NOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2030年1月1日", datetime(2030, 1, 1, tzinfo=TZ)),
        ("2027-03-01", datetime(2027, 3, 1, tzinfo=TZ)),
        ("2027/3/1 下午3点", datetime(2027, 3, 1, 15, 0, tzinfo=TZ)),
        ("今年12月25日", datetime(2026, 12, 25, tzinfo=TZ)),
        ("27年1月5号上午十点", datetime(2027, 1, 5, 10, 0, tzinfo=TZ)),
        ("2025年12月25日", datetime(2025, 12, 25, tzinfo=TZ)),  # with a year, past: as written
    ],
)
def test_a_date_with_its_year_is_kept_even_in_the_future(text: str, expected: datetime) -> None:
    """The intake tells the customer "这个时间还没到" instead of silently moving the date."""
    assert extract_fields(text, NOW).occurred_at == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("订单号改成2024050100999", "2024050100999"),
        ("订单号是：2024050100999", "2024050100999"),
        ("订单号码为: 2024050100999", "2024050100999"),
        ("订单号应该是 2024050100999", "2024050100999"),
        ("单号 SF1234567890", "SF1234567890"),
        ("运单号：SF1234567890", "SF1234567890"),
    ],
)
def test_order_number_after_a_bridge_word(text: str, expected: str) -> None:
    assert extract_fields(text, NOW).order_no == expected


@pytest.mark.parametrize("text", ["京东", "淘宝", "美团外卖", "拼多多"])
def test_a_bare_platform_answer_is_platform_and_place(text: str) -> None:
    got = extract_fields(text, NOW)
    assert (got.platform, got.place) == (text, text)


@pytest.mark.parametrize("text", ["电饭煲", "空调", "宽带"])
def test_a_bare_product_answer_is_the_product(text: str) -> None:
    assert extract_fields(text, NOW).product == text


def test_occurred_at_keeps_the_zone_of_now() -> None:
    utc_now = datetime(2026, 11, 22, 7, 0, tzinfo=ZoneInfo("UTC"))
    got = extract_fields("昨天下午三点", utc_now)
    assert got.occurred_at == datetime(2026, 11, 21, 15, 0, tzinfo=ZoneInfo("UTC"))
    assert got.occurred_at is not None and got.occurred_at.tzinfo == utc_now.tzinfo


@pytest.mark.parametrize("text", ["12812345678", "1381234567", "138123456789", "10086"])
def test_invalid_phones_are_rejected(text: str) -> None:
    assert extract_fields(f"电话{text}", NOW).phone is None


@pytest.mark.parametrize(
    "text",
    [
        "+86 138 1234 5678",
        "86-13812345678",
        "138-1234-5678",
        "１３８１２３４５６７８",
        "0086 13812345678",
    ],
)
def test_phone_forms_normalise_to_eleven_digits(text: str) -> None:
    assert extract_fields(f"联系我{text}谢谢", NOW).phone == "13812345678"


def test_email_domain_is_lower_cased() -> None:
    got = extract_fields("邮箱Wang.Fang@QQ.COM，尽快回复", NOW)
    assert got.email == "Wang.Fang@qq.com"
    assert got.phone is None


def test_phone_is_not_an_order_and_order_is_not_a_phone() -> None:
    got = extract_fields("订单号13912345678001，我的手机13812345678，付了200元", NOW)
    assert (got.order_no, got.phone, got.amounts) == (
        "13912345678001",
        "13812345678",
        (Decimal(200),),
    )


def test_staff_number_is_not_an_order() -> None:
    got = extract_fields("工号20240428的客服挂我电话", NOW)
    assert (got.staff, got.order_no, got.occurred_at) == ("工号20240428", None, None)


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("花了200元", (Decimal(200),)),
        ("￥1,299.00", (Decimal(1299),)),
        ("两千块", (Decimal(2000),)),
        ("损失1.5万", (Decimal(15000),)),
        ("三万元", (Decimal(30000),)),
        ("开了3万公里", ()),
        ("一块蛋糕", ()),
        ("一百五十块钱", (Decimal(150),)),
    ],
)
def test_amounts(text: str, amounts: tuple[Decimal, ...]) -> None:
    assert extract_fields(text, NOW).amounts == amounts


@pytest.mark.parametrize(
    ("text", "remedy"),
    [("退款", "refund"), ("退貨", "refund"), ("换一个", "exchange"), ("修好", "repair"),
     ("三倍赔偿", "compensation"), ("道歉", "apology"), ("加强培训", "improvement"),
     ("不要退款，给我换货", "exchange")],
)  # fmt: skip
def test_bare_remedy_answers(text: str, remedy: str) -> None:
    assert extract_fields(text, NOW).remedy == remedy


def test_bare_name_is_not_guessed() -> None:
    assert extract_fields("王芳", NOW).name is None


def test_chinese_numerals_agree_with_cn2an() -> None:
    cn2an = pytest.importorskip("cn2an")
    for text in ["十五", "二十八", "一千二百九十九", "壹仟", "一百零五", "三十万", "十二万五千"]:
        assert cn_int(text) == cn2an.cn2an(text, "strict")


@pytest.mark.parametrize(
    ("text", "remedies"),
    [("要求全额退款并赔偿医药费", [("refund", "全额退款"), ("compensation", "赔偿医药费")]),
     ("修好，再减免这个月的费用", [("repair", "修好"), ("compensation", "减免这个月的费用")]),
     ("要求书面道歉并赔偿损失3000元",
      [("apology", "书面道歉"), ("compensation", "赔偿损失3000元")]),
     ("我要退款因为质量太差", [("refund", "退款")]),
     ("退款退款！", [("refund", "退款")]),
     ("不要退款，给我换货", [("exchange", "换货")]),
     ("要求退款昨天买的东西都是坏的", [("refund", "退款")])],
)  # fmt: skip
def test_every_remedy_with_its_wording(text: str, remedies: list[tuple[str, str]]) -> None:
    got = extract_fields(text, NOW)
    assert list(got.remedies) == remedies
    assert (got.remedy, got.remedy_text) == remedies[0]


@pytest.mark.parametrize(
    ("text", "products"),
    [("昨天买的手机和耳机都坏了", ("手机", "耳机")),
     ("我买了一台冰箱和一台空调", ("冰箱", "空调")),
     ("买的手机坏了，孩子的耳机也不响", ("手机",))],
)  # fmt: skip
def test_products_named_together(text: str, products: tuple[str, ...]) -> None:
    assert extract_fields(text, NOW).products == products


@pytest.mark.parametrize(
    ("text", "staff"),
    [("店员和店长都不理我", "店员、店长"), ("保安跟保洁吵起来了", "保安、保洁"),
     ("客服电话打不通，店长也不管", "店长")],
)  # fmt: skip
def test_staff_named_together(text: str, staff: str) -> None:
    assert extract_fields(text, NOW).staff == staff
