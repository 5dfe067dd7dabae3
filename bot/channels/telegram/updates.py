"""Updates the library cannot parse are skipped past, never allowed to wedge the channel.

python-telegram-bot parses a whole `getUpdates` batch at once: one update it cannot read (a
poll without `persistent_id`, as older or self-hosted Bot API servers send it; PTB 22.8
requires it since Bot API 9.6) fails the batch, the offset never advances and nobody else's
update is handled (issue 15). So each update of a batch is tried on its own first; one that
fails is replaced by a bare `{"update_id": N}` so the offset moves past it, logged once with
ids only (the raw update holds names and message text), and counted for `/metrics`.
The webhook route uses `parse()` for the same decision on one posted update.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest

from bot import metrics

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]

CHANNEL = "telegram"
_KINDS = frozenset(Update.ALL_TYPES)


def kind_of(data: JSONDict) -> str:
    """The update's type (its one field besides update_id) from the Bot API's fixed list;
    "unknown" for anything else, so metric labels stay a small closed set."""
    for key in data:
        if key != "update_id":
            return key if key in _KINDS else "unknown"
    return "unknown"


def _ids(data: JSONDict) -> tuple[Any, Any]:
    """(chat id, sender id) of the update's content, where it has them; never any text."""
    body = next((v for k, v in data.items() if k != "update_id" and isinstance(v, dict)), {})
    chat = body.get("chat") or (body.get("message") or {}).get("chat") or {}
    sender = body.get("from") or body.get("user") or {}
    return chat.get("id"), sender.get("id")


def skip(data: JSONDict, error: Exception) -> None:
    """Logs one line (ids, kind, the error's class: no names, no text) and counts it."""
    kind = kind_of(data)
    chat, sender = _ids(data)
    metrics.count_skipped_update(CHANNEL, kind)
    log.error(
        "telegram: skipped update %s (%s, chat %s, from %s): the library cannot read "
        "it (%s); it is acknowledged so the updates behind it are handled",
        data.get("update_id"),
        kind,
        chat,
        sender,
        type(error).__name__,
    )


def readable(data: Any) -> bool:
    """True when PTB can parse this update; an unreadable one is logged and counted."""
    if not isinstance(data, dict):
        return False
    try:
        Update.de_json(data, None)
    except Exception as error:  # PTB raises TypeError, KeyError, ValueError ... by shape
        skip(data, error)
        return False
    return True


def placeholder(data: JSONDict) -> JSONDict:
    """What stands in for an unreadable update: its id only, so the offset advances past it."""
    return {"update_id": data["update_id"]}


class SkippingUpdatesRequest(HTTPXRequest):
    """The getUpdates connection: hands PTB only updates it can parse (see the module doc).

    Plugged in with ApplicationBuilder.get_updates_request(), a public seam of PTB, so the
    library's own polling loop, offsets and back-off stay as they are. The filter sits in
    `parse_json_payload`, the hook PTB documents for overriding (`post` is final).
    """

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        data = HTTPXRequest.parse_json_payload(payload)
        result = data.get("result")
        if isinstance(result, list):
            data["result"] = [
                raw
                if not isinstance(raw, dict) or "update_id" not in raw or readable(raw)
                else placeholder(raw)
                for raw in result
            ]
        return data
