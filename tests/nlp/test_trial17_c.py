"""Newcomer trial 17 (helper c): mainland landlines in their common written forms, with or
without +86 / 0086, are contacts kept as "010-65521234"; a masked international number keeps
its whole country code (+852, +886, +971), and a landline with +86 is masked like others."""

from __future__ import annotations

import pytest

from nlp.extract_refs import find_phone
from storage.masking import country_code_length, mask_phone, mask_text


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("+86 10 6552 1234", "010-65521234"),
        ("+86-21-5555-1234", "021-55551234"),
        ("0086 10 65521234", "010-65521234"),
        ("(010) 6552-1234", "010-65521234"),
        ("010 6552 1234", "010-65521234"),
        ("座机 +86 755 8888 1234", "0755-88881234"),
        ("电话 021.5555.1234", "021-55551234"),
        ("(+86) 571 888 8123", "0571-8888123"),
        ("+86 (0)10 6552 1234", "010-65521234"),
        ("+86 010 6552 1234 转 802", "010-65521234转802"),
        ("86-28-8765-4321", "028-87654321"),
        ("我的电话是+86 20 3888 9999，白天打", "020-38889999"),
    ],
)
def test_landline_forms_are_read_in_one_form(said: str, kept: str) -> None:
    assert find_phone(said)[0] == kept


@pytest.mark.parametrize(
    "said",
    [
        "+86 138 1234 5678",
        "0086 13812345678",
        "138-1234-5678",
    ],
)
def test_mobiles_are_read_as_before(said: str) -> None:
    assert find_phone(said)[0] == "13812345678"


@pytest.mark.parametrize(
    "said",
    [
        "订单号 2024042800123",
        "退我 0105 元",
        "买了86 10 个",
        "花了 1200.50 元 2024.05.01 买的",
        "86 10 6552 1234",  # a count and a sum may read so: only "86-" stands for the code
    ],
)
def test_orders_and_sums_are_no_landline(said: str) -> None:
    assert find_phone(said)[0] is None


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("+86 10 6552 1234", "+86 10 ****1234"),
        ("0086-21-5555-1234", "0086-21-****1234"),
        ("tel 021.5555.1234", "tel 021.****1234"),
        ("+886 912 345 678", "+886****5678"),
        ("+852 9123 4567", "+852****4567"),
        ("+853 6612 3456", "+853****3456"),
        ("+971 50 123 4567", "+971****4567"),
        ("+44 7700 900123", "+44****0123"),
        ("+1 (415) 555-0123", "+1****0123"),
        ("+7 912 345 67 89", "+7****6789"),
    ],
)
def test_free_text_masks_keep_the_country_code(said: str, shown: str) -> None:
    assert mask_text(said) == shown


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("+886912345678", "+886****5678"),
        ("+85291234567", "+852****4567"),
        ("+14155550123", "+1****0123"),
        ("+447700900123", "+44****0123"),
        ("010-65521234", "010-****1234"),
        ("13812345678", "138****5678"),
    ],
)
def test_stored_phone_masks_keep_the_country_code(phone: str, shown: str) -> None:
    assert mask_phone(phone) == shown


def test_a_short_number_abroad_hides_half_its_digits_at_least() -> None:
    shown = mask_phone("+8869123456")
    assert shown.startswith("+886****")
    assert shown.count("*") == 4 and len(shown.removeprefix("+886****")) <= 3


@pytest.mark.parametrize(
    ("digits", "length"), [("14155550123", 1), ("447700", 2), ("886912", 3), ("85291", 3)]
)
def test_country_code_length(digits: str, length: int) -> None:
    assert country_code_length(digits) == length
