"""Masking personal data in free text (storage/masking.py; docs/process.md section 6): every
kind of number a customer writes is masked, and what is not personal stays whole."""

from __future__ import annotations

import pytest

from storage.masking import mask_numbers, mask_personal, mask_phone, mask_platform_id, mask_text

# (written, shown): personal numbers masked, recognisable by what is kept.
MASKED = [
    ("13812345678", "138****5678"),
    ("１３８１２３４５６７８", "１３８****５６７８"),  # full-width digits
    ("138 1234 5678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("+86 138 1234 5678", "+86 138****5678"),
    ("+8613812345678", "+86138****5678"),
    ("010-62345678", "010-****5678"),
    ("0755 8888 1234", "0755 ****1234"),
    ("(010)62345678", "(010)****5678"),
    ("02162345678", "0216****5678"),  # no separator: the area code is a guess
    ("110101199003071234", "1101**********1234"),
    ("11010119900307123X", "1101**********123X"),
    ("１１０１０１１９９００３０７１２３４", "１１０１**********１２３４"),
    ("110101900307123", "1101*******7123"),  # the old 15-digit card
    ("6222021234567890123", "****0123"),
    ("6222 0212 3456 7890", "****7890"),
    ("6222-0212-3456-7890-123", "****0123"),
    ("4367421234567890", "****7890"),
    ("zhaoqiang@qq.com", "z***@qq.com"),
    ("ｚｈａｏ＠ｑｑ．ｃｏｍ", "ｚ***＠ｑｑ．ｃｏｍ"),
    (
        "我身份证号110101199003071234，银行卡6222021234567890123被你们盗刷了2万块！！"
        "我叫赵强，邮箱zhaoqiang@qq.com",
        "我身份证号1101**********1234，银行卡****0123被你们盗刷了2万块！！"
        "我叫赵强，邮箱z***@qq.com",
    ),
    ("电话：138 1234 5678，座机0755-88881234", "电话：138****5678，座机0755-****1234"),
]
# Not personal: amounts, dates, times, ticket numbers, order numbers written as such.
WHOLE = [
    "CP20261130001",
    "工单CP20261130001怎么还没人处理",
    "订单号 2024042800123",
    "订单号2024042800123",
    "订单号：6222021234567890123",  # labelled as an order: the agent needs it whole
    "order no. 1234567890123456",
    "TB2026110199887766",
    "2026-11-28 15:00",
    "2026年11月28日下午3点",
    "20261128",
    "花了199.00元，又扣了20000元",
    "等了3个小时，15:30才到",
    "2万块",
    "1000000",
    "12345678901",  # no mainland mobile starts 12
]


@pytest.mark.parametrize(("written", "shown"), MASKED)
def test_personal_numbers_are_masked(written: str, shown: str) -> None:
    assert mask_text(written) == shown


@pytest.mark.parametrize("text", WHOLE)
def test_what_is_not_personal_stays_whole(text: str) -> None:
    assert mask_text(text) == text
    assert mask_numbers(text) == text


def test_mask_phone_reads_every_phone_form() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_phone("010-62345678") == "010-****5678"
    assert mask_phone("12345") == "12****"  # not a phone we know: little of it shown
    assert mask_phone(None) == ""


def test_mask_personal_masks_numbers_and_names_together() -> None:
    said = "我叫赵强，身份证110101199003071234，手机138-1234-5678"
    assert mask_personal(said) == "我叫赵*，身份证1101**********1234，手机138****5678"
    assert mask_personal("赵强的卡6222021234567890123", ("赵强",)) == "赵*的卡****0123"


def test_the_vault_module_still_offers_the_masking_functions() -> None:
    from storage import vault

    assert vault.mask_text("110101199003071234") == "1101**********1234"


def test_a_platform_id_keeps_its_channel_and_two_characters() -> None:
    assert mask_platform_id("console:liuyang") == "console:li****"
    assert mask_platform_id("wechat:oAbCdEf123") == "wechat:oA****"
    assert mask_platform_id("telegram:42") == "telegram:****"
    assert mask_platform_id("oAbCdEf123") == "oA****"
    assert mask_platform_id(None) is None
