"""The blind index's tokens: one per value however it is written, keyed, never the value."""

from __future__ import annotations

import base64

import pytest
from cryptography.fernet import Fernet

from storage.blind_index import (
    CONTACT_HEX,
    INDEX_LABEL,
    TERM_HEX,
    BlindIndex,
    normal_email,
    normal_phone,
)
from storage.vault import Vault

KEY = Fernet.generate_key()


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "138-0013-8000",
        "138 0013 8000",
        "+86 13800138000",
        "+86-138-0013-8000",
        "008613800138000",
        "8613800138000",
        "１３８００１３８０００",  # full-width digits
        "＋８６ １３８ ００１３ ８０００",
        " (138) 0013.8000 ",
    ],
)
def test_every_way_of_writing_a_mobile_is_one_number(raw: str) -> None:
    assert normal_phone(raw) == "13800138000"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-88886666", "01088886666"),
        ("+86 10 8888 6666", "01088886666"),  # the trunk 0 comes back
        ("+1 415 555 0100", "+14155550100"),
        ("13900139000", "13900139000"),
    ],
)
def test_landlines_and_other_countries(raw: str, expected: str) -> None:
    assert normal_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "1234", "退款", "138abc0013", "a@b.cn", "1" * 16])
def test_what_is_not_a_phone(raw: str | None) -> None:
    assert normal_phone(raw) is None


def test_email_is_trimmed_folded_and_lower_cased() -> None:
    assert normal_email("  Wang.Fang@Example.COM ") == "wang.fang@example.com"
    assert normal_email("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "wang@example.com"
    assert normal_email("not an address") is None
    assert normal_email("wang@example") is None


def test_tokens_match_across_forms_and_differ_across_values() -> None:
    index = BlindIndex.of(Vault(KEY))
    phone = index.phone_token("138-0013-8000")
    assert phone == index.phone_token("+86 13800138000")
    assert phone != index.phone_token("13800138001")
    assert len(phone or "") == CONTACT_HEX and "13800138000" not in (phone or "")
    email = index.email_token("Wang@Example.com")
    assert email == index.email_token("wang@example.com ")
    assert len(email or "") == CONTACT_HEX
    assert index.phone_token("退款") is None and index.email_token("退款") is None
    assert index.term_token("退款") == index.term_token(" 退款 ")
    assert index.term_token("Refund") == index.term_token("refund")
    assert len(index.term_token("退款")) == TERM_HEX
    assert index.term_tokens(["退款", "漏水", "退款", " "]) == {
        index.term_token("退款"),
        index.term_token("漏水"),
    }


def test_kinds_are_separated() -> None:
    index = BlindIndex(b"k" * 32)
    # The same text as a term and as an address never gives the same token.
    assert index.term_token("a@b.cn") != (index.email_token("a@b.cn") or "")[:TERM_HEX]


def test_the_index_key_is_derived_and_is_not_the_encryption_key() -> None:
    vault = Vault(KEY)
    derived = vault.derive_key(INDEX_LABEL)
    material = base64.urlsafe_b64decode(KEY)
    signing, encryption = material[:16], material[16:]
    assert len(derived) == 32
    assert derived != material
    assert signing not in derived and encryption not in derived
    assert vault.derive_key(b"another purpose") != derived
    assert Vault(KEY).derive_key(INDEX_LABEL) == derived  # stable for the same key
    # Tokens depend on the key: another PII_KEY gives other tokens (hence `db reindex`).
    other = BlindIndex.of(Vault(Fernet.generate_key()))
    index = BlindIndex.of(vault)
    assert index.phone_token("13800138000") != other.phone_token("13800138000")
    assert index.key_id != other.key_id
    # And a token is not the plain HMAC under the Fernet halves either.
    for raw_key in (material, signing * 2, encryption * 2):
        assert BlindIndex(raw_key).phone_token("13800138000") != index.phone_token("13800138000")


def test_one_index_per_vault() -> None:
    vault = Vault(KEY)
    assert BlindIndex.of(vault) is BlindIndex.of(vault)


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError):
        BlindIndex(b"short")
