"""Personal data at rest: Fernet encryption with PII_KEY, and masking for display and logs."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Masking lives in storage/masking.py; these names stay importable from here for callers.
from storage.masking import mask_email as mask_email
from storage.masking import mask_name as mask_name
from storage.masking import mask_personal as mask_personal
from storage.masking import mask_phone as mask_phone
from storage.masking import mask_text as mask_text

KEY_FILE_NAME = "pii.key"


class VaultError(ValueError):
    """The key is wrong or a stored value cannot be read with it."""


# The format of a sealed value, written in front of it, so that a change of cipher (or of its
# parameters) reads the rows written before it and reseals them (`Vault.reseal`) instead of
# failing on them: "<format>$<token>". Formats:
#   f1  Fernet (AES-128-CBC + HMAC-SHA256, version byte 0x80) with PII_KEY: the current one.
#   (none) the same Fernet token without a marker: every value sealed before the marker was
#       introduced (issue 11 item 3). Read as f1; `needs_reseal` says True for it.
FORMAT = "f1"
_MARK = FORMAT + "$"
# An unmarked Fernet token: base64 of the version byte 0x80 and a timestamp, so "gAAAAA".
_LEGACY = "gAAAAA"


class Vault:
    """Encrypts and decrypts the `*_enc` columns. One instance per process."""

    def __init__(self, key: str | bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise VaultError(
                "PII_KEY must be a Fernet key (32 url-safe base64 bytes); "
                "leave it unset to generate one into DATA_DIR"
            ) from exc
        # Fernet accepted it, so it is 32 bytes in url-safe base64: the key material.
        self._material = base64.urlsafe_b64decode(key)

    def derive_key(self, label: bytes, length: int = 32) -> bytes:
        """A key of `length` bytes for another purpose than sealing (the blind index,
        storage/blind_index.py), derived from the key material with HKDF-SHA256 under
        `label`: never the encryption key itself, and different for every label."""
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=label).derive(
            self._material
        )

    def seal(self, value: str | None) -> str | None:
        """`value` encrypted with the key, as "f1$" and a Fernet token (ASCII text, about 4/3
        of the UTF-8 length plus ~100 characters); None stays None. docs/process.md
        section 6; the format marker is explained at `FORMAT`."""
        if value is None:
            return None
        return _MARK + self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def open(self, token: str | None) -> str | None:
        """The text sealed in `token` (the current format or an unmarked one from before the
        marker); None stays None. Raises VaultError when the token was sealed with another
        key, is damaged, or names a format this version does not know (a newer one)."""
        if token is None:
            return None
        if token.startswith(_MARK):
            body = token[len(_MARK) :]
        elif token.startswith(_LEGACY):
            body = token
        else:
            raise VaultError(f"stored personal data in an unknown format: {token[:4]!r}")
        try:
            return self._fernet.decrypt(body.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise VaultError(
                "stored personal data cannot be decrypted: is PII_KEY the same?"
            ) from exc

    def seal_json(self, value: Any) -> str:
        """`value` (anything json.dumps takes) as JSON, sealed like `seal`. Raises TypeError
        for a value JSON cannot hold."""
        text = json.dumps(value, ensure_ascii=False)
        return _MARK + self._fernet.encrypt(text.encode()).decode("ascii")

    def open_json(self, token: str | None, default: Any = None) -> Any:
        """The value sealed by `seal_json`, or `default` when `token` is None. Raises
        VaultError for another key, a damaged token or an unknown format."""
        text = self.open(token)
        return default if text is None else json.loads(text)

    @staticmethod
    def needs_reseal(token: str | None) -> bool:
        """True when `token` is not in the current format (`FORMAT`): a migration of the
        cipher opens it and seals it again (`reseal`). False for None."""
        return token is not None and not token.startswith(_MARK)

    def reseal(self, token: str | None) -> str | None:
        """`token` opened and sealed again in the current format (None stays None); a token
        already current is returned as it is. Raises VaultError like `open`."""
        if not self.needs_reseal(token):
            return token
        return self.seal(self.open(token))


def load_or_create_key(configured: str | None, data_dir: Path) -> str:
    """PII_KEY when set; otherwise the key generated into DATA_DIR on first run (mode 0600)."""
    if configured:
        return configured
    path = data_dir / KEY_FILE_NAME
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode("ascii")
    # O_EXCL: two processes starting at once must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
