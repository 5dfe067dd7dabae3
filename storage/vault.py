"""Personal data at rest: AES-256-GCM encryption keyed by PII_KEY, and masking for display and
logs."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Masking lives in storage/masking.py; these names stay importable from here for callers.
from storage.masking import mask_email as mask_email
from storage.masking import mask_id_numbers as mask_id_numbers
from storage.masking import mask_name as mask_name
from storage.masking import mask_personal as mask_personal
from storage.masking import mask_phone as mask_phone
from storage.masking import mask_text as mask_text

KEY_FILE_NAME = "pii.key"


class VaultError(ValueError):
    """The key is wrong or a stored value cannot be read with it."""


# The format of a sealed value, written in front of it, so that a change of cipher (or of its
# parameters) reads the rows written before it and reseals them (`Vault.reseal`,
# `complaint-bot db reseal`) instead of failing on them: "<format>$<token>". Formats:
#   a2  AES-256-GCM (cryptography's AESGCM) under a key derived from PII_KEY with HKDF
#       (label `_A2_LABEL`); token = url-safe base64 of a random 96-bit nonce, the ciphertext
#       and its 128-bit tag. The current one. Why not Fernet any more: measured with
#       bench/bench_turn.py, Fernet cost 16-19 µs per value (padding, HMAC and a new Cipher in
#       Python) against 3 µs for AESGCM's one C call, and a message seals or opens 8-15
#       values. A random 96-bit nonce is safe for 2**32 values under one key (NIST SP 800-38D
#       section 8.3), far beyond a complaint desk's lifetime.
#   f1  Fernet (AES-128-CBC + HMAC-SHA256, version byte 0x80) with PII_KEY itself: values
#       sealed by the versions before a2. Read; `needs_reseal` says True.
#   (none) the same Fernet token without a marker: values sealed before the marker was
#       introduced (issue 11 item 3). Read as f1; `needs_reseal` says True.
FORMAT = "a2"
_MARK = FORMAT + "$"
_A2_LABEL = b"complaint-bot seal a2"
_NONCE_BYTES = 12
_FERNET_MARK = "f1$"
# An unmarked Fernet token: base64 of the version byte 0x80 and a timestamp, so "gAAAAA".
_LEGACY = "gAAAAA"


WRONG_KEY_OR_DAMAGED = "stored personal data cannot be decrypted: is PII_KEY the same?"


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
        self._aead = AESGCM(self.derive_key(_A2_LABEL))

    def derive_key(self, label: bytes, length: int = 32) -> bytes:
        """A key of `length` bytes for another purpose than sealing (the blind index,
        storage/blind_index.py), derived from the key material with HKDF-SHA256 under
        `label`: never the encryption key itself, and different for every label."""
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=label).derive(
            self._material
        )

    def seal(self, value: str | None) -> str | None:
        """`value` encrypted with the key, as "a2$" and url-safe base64 (ASCII text, about 4/3
        of the UTF-8 length plus ~40 characters); None stays None. docs/process.md
        section 6; the format marker is explained at `FORMAT`."""
        if value is None:
            return None
        return self._seal_bytes(value.encode("utf-8"))

    def open(self, token: str | None) -> str | None:
        """The text sealed in `token` (the current format, or f1 and unmarked Fernet tokens
        from earlier versions); None stays None. Raises VaultError when the token was sealed
        with another key, is damaged, or names a format this version does not know (a newer
        one)."""
        if token is None:
            return None
        if token.startswith(_MARK):
            return self._open_a2(token[len(_MARK) :])
        if token.startswith(_FERNET_MARK):
            return self._open_fernet(token[len(_FERNET_MARK) :])
        if token.startswith(_LEGACY):
            return self._open_fernet(token)
        raise VaultError(f"stored personal data in an unknown format: {token[:4]!r}")

    def seal_json(self, value: Any) -> str:
        """`value` (anything json.dumps takes) as JSON, sealed like `seal`. Raises TypeError
        for a value JSON cannot hold."""
        return self._seal_bytes(json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def open_json(self, token: str | None, default: Any = None) -> Any:
        """The value sealed by `seal_json`, or `default` when `token` is None. Raises
        VaultError for another key, a damaged token or an unknown format."""
        text = self.open(token)
        return default if text is None else json.loads(text)

    def _seal_bytes(self, data: bytes) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = nonce + self._aead.encrypt(nonce, data, None)
        return _MARK + base64.urlsafe_b64encode(sealed).decode("ascii")

    def _open_a2(self, body: str) -> str:
        try:
            raw = base64.urlsafe_b64decode(body)
            if len(raw) <= _NONCE_BYTES:
                raise ValueError("too short")
            data = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None)
            return data.decode("utf-8")
        except (InvalidTag, ValueError) as exc:  # binascii.Error is a ValueError
            raise VaultError(WRONG_KEY_OR_DAMAGED) from exc

    def _open_fernet(self, body: str) -> str:
        try:
            return self._fernet.decrypt(body.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as exc:
            raise VaultError(WRONG_KEY_OR_DAMAGED) from exc

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
