"""The list's opaque cursor: the order and the (sort key, id) of the last row shown,
URL-safe base64 of a small JSON value. Clients pass it back untouched; nothing in it is
secret (a cursor only says where a page starts, the token still decides what is seen)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from bot.api.errors import ApiError
from storage.queries.api_tickets import Order


def encode(order: Order, key: tuple[datetime, int]) -> str:
    """The cursor for the page after the row whose (sort key, id) is `key`."""
    raw = json.dumps({"o": order, "k": key[0].isoformat(), "i": key[1]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, order: Order) -> tuple[datetime, int]:
    """(sort key, id) from a cursor `encode` made for the same `order`; 422 otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
        at = datetime.fromisoformat(value["k"])
        last_id = value["i"]
        ok = value["o"] == order and isinstance(last_id, int) and at.tzinfo is not None
    except (binascii.Error, ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise ApiError(
            422, "invalid", "the cursor is not one this list gave (or its order differs)"
        )
    return at, last_id
