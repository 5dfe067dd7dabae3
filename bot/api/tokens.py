"""REST API bearer tokens: made here, shown once, stored only as a hash.

A token is "cbt_" + 32 random bytes from `secrets` (256 bits, URL-safe base64). It is
stored as its sha256 hex digest. A plain, unsalted, fast hash is enough here, unlike for
passwords: salts and slow hashes (bcrypt, scrypt) defend guessable secrets against a
dictionary, while a 256-bit random token cannot be guessed from its hash at any speed, and a
plain digest lets a request find its token by one indexed equality lookup. Whoever reads the
table learns no token; the first characters (`prefix`) are kept so a person can tell their
tokens apart in `api-tokens list`.
"""

from __future__ import annotations

import hashlib
import secrets

MARK = "cbt_"
PREFIX_LENGTH = 12  # "cbt_" and 8 random characters: recognisable, 48 bits of 256 shown
SCOPES = ("read", "read-write")
MAX_LENGTH = 128  # a longer Authorization value is not one of ours: refused unhashed


def new_token() -> str:
    """A fresh token: "cbt_" and 43 URL-safe characters (256 random bits)."""
    return MARK + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The sha256 hex digest stored for `token` (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def prefix(token: str) -> str:
    """The first characters of `token`, kept to recognise it."""
    return token[:PREFIX_LENGTH]
