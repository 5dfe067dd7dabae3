from __future__ import annotations

from pathlib import Path

import pytest

from storage.vault import (
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
