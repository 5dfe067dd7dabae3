from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlmodel import col

from bot.app import App
from storage.models import Customer
from storage.vault import (
    FORMAT,
    Vault,
    VaultError,
    load_or_create_key,
    mask_email,
    mask_name,
    mask_phone,
    mask_text,
)


def test_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    key = load_or_create_key(None, tmp_path)
    assert load_or_create_key(None, tmp_path) == key
    assert (tmp_path / "pii.key").stat().st_mode & 0o777 == 0o600
    assert load_or_create_key("configured", tmp_path) == "configured"


def test_sealed_values_open_only_with_the_same_key(tmp_path: Path) -> None:
    vault = Vault(load_or_create_key(None, tmp_path))
    sealed = vault.seal("13812345678")
    assert sealed and "138" not in sealed and vault.open(sealed) == "13812345678"
    assert vault.open_json(vault.seal_json({"name": "王芳"})) == {"name": "王芳"}
    other = Vault(load_or_create_key(None, tmp_path / "other"))
    with pytest.raises(VaultError):
        other.open(sealed)
    with pytest.raises(VaultError):
        Vault("not a key")


def test_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_email("wangfang@example.com") == "w***@example.com"
    assert mask_name("王芳") == "王*"
    assert mask_text("电话13812345678 邮箱a.b@qq.com") == "电话138****5678 邮箱a***@qq.com"


def test_sealed_values_carry_their_format(tmp_path: Path) -> None:
    vault = Vault(load_or_create_key(None, tmp_path))
    sealed = vault.seal("王芳")
    assert sealed is not None and sealed.startswith(FORMAT + "$")
    assert not Vault.needs_reseal(sealed) and vault.reseal(sealed) == sealed
    with pytest.raises(VaultError):
        vault.open("f9$" + sealed.split("$", 1)[1])  # a format this version does not know


async def test_a_row_sealed_before_the_format_marker_is_read_and_resealed(app: App) -> None:
    """A customer row written by an earlier version (a bare Fernet token, no marker) reads
    as before, and `reseal` moves it to the current format."""
    key = load_or_create_key(app.settings.PII_KEY, app.services.data_dir)
    old_token = Fernet(key).encrypt(b"13812345678").decode("ascii")  # the old format
    async with app.db.transaction() as session:
        session.add(
            Customer(
                channel="console", user_id="old", phone_enc=old_token, created_at=app.services.now()
            )
        )
    async with app.db.transaction() as session:
        stored = (
            await session.execute(select(Customer).where(col(Customer.user_id) == "old"))
        ).scalar_one()
        vault = app.services.vault
        assert stored.phone_enc == old_token and Vault.needs_reseal(stored.phone_enc)
        assert vault.open(stored.phone_enc) == "13812345678"
        stored.phone_enc = vault.reseal(stored.phone_enc)
    async with app.db.transaction() as session:
        again = (
            await session.execute(select(Customer).where(col(Customer.user_id) == "old"))
        ).scalar_one()
    assert again.phone_enc and again.phone_enc.startswith(FORMAT + "$")
    assert app.services.vault.open(again.phone_enc) == "13812345678"


def test_values_sealed_by_earlier_versions_open_and_need_resealing(tmp_path: Path) -> None:
    """a2 is written; f1 ("f1$" + Fernet) and unmarked Fernet tokens, as earlier versions
    wrote them with the same PII_KEY, still open; each moves to a2 with `reseal`."""
    key = load_or_create_key(None, tmp_path)
    vault = Vault(key)
    fernet = Fernet(key).encrypt("王芳 13812345678".encode()).decode("ascii")
    for old in ("f1$" + fernet, fernet):
        assert vault.open(old) == "王芳 13812345678" and Vault.needs_reseal(old)
        new = vault.reseal(old)
        assert new is not None and new.startswith("a2$") and vault.open(new) == "王芳 13812345678"
    assert FORMAT == "a2"


def test_a_damaged_or_foreign_value_is_a_vault_error(tmp_path: Path) -> None:
    vault = Vault(load_or_create_key(None, tmp_path))
    sealed = vault.seal("13812345678")
    assert sealed is not None
    body = sealed.split("$", 1)[1]
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    for damaged in ("a2$" + flipped, "a2$" + body[:10], "a2$!!!", "a2$", "f1$gAAAAAnot"):
        with pytest.raises(VaultError):
            vault.open(damaged)
    other = Vault(load_or_create_key(None, tmp_path / "other"))
    with pytest.raises(VaultError):
        other.open_json(vault.seal_json({"phone": "13812345678"}))


def test_the_sealing_key_is_derived_not_the_pii_key_itself(tmp_path: Path) -> None:
    """The a2 key comes from PII_KEY through HKDF under its own label, so it differs from
    the blind index's key and from the Fernet key material used by f1."""
    key = load_or_create_key(None, tmp_path)
    vault = Vault(key)
    material = __import__("base64").urlsafe_b64decode(key)
    assert vault.derive_key(b"complaint-bot seal a2") not in (material, vault.derive_key(b"x"))
