"""WeChat's pushed XML (already parsed to fields) as one typed value, then as an `Inbound`.

Samples of every kind are in tests/bot/wechat_samples/ (shapes from WeChat's documentation
"接收普通消息" and "接收事件推送").
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.channels.wechat.faces import faces_as_emoji
from handlers.messages import Attachment, Inbound

CHANNEL = "wechat"

# The fields of safe mode's envelope, which differ between attempts at one message.
_ENVELOPE_FIELDS = frozenset({"Encrypt", "MsgSignature", "TimeStamp", "Nonce"})
# Hex digits of a message's fingerprint in its key: a MsgId (up to 20 digits) and these fit
# the 128 characters of inbound_messages.message_id.
_FINGERPRINT_CHARS = 16

# Menu keys (bot/channels/wechat/menu.py) and the words the core already understands.
MENU_WORDS = {
    "COMPLAIN": "我要投诉",
    "STATUS": "查询进度",
    "HELP": "帮助",
    "我要投诉": "我要投诉",
    "查询进度": "查询进度",
    "使用帮助": "帮助",
}
# Following the account or scanning its code: the core's /start answers with the welcome,
# or resumes a complaint being collected.
GREETING_COMMAND = "/start"
# Kinds downloaded at once through the media API (a media_id expires after 3 days).
MEDIA_KINDS = {"image": "photo", "voice": "voice", "video": "video", "shortvideo": "video"}
# Events a person caused and the bot answers: following, scanning the account's code, a menu
# click, a menu link that is one of our keys, and a scanned code handed over by the menu's
# scan buttons. Every other event (unsubscribe, location reports, kf_close_session,
# MASSSENDJOBFINISH, TEMPLATESENDJOBFINISH, events WeChat adds later) is a notice for the
# server, not a message: WeChat gets "success", nothing is recorded and the customer hears
# nothing (issue 10).
ANSWERED_EVENTS = frozenset(
    {"subscribe", "scan", "click", "view", "scancode_push", "scancode_waitmsg"}
)
SCAN_EVENTS = frozenset({"scancode_push", "scancode_waitmsg"})
# Every field WeChat puts in each push (接收普通消息 / 接收事件推送): a body without one of them
# is not from WeChat's message server and is refused before anything is written.
REQUIRED_FIELDS = ("ToUserName", "FromUserName", "CreateTime", "MsgType")


@dataclass(frozen=True)
class WeChatMessage:
    to_account: str  # ToUserName: the Official Account's original id (gh_...)
    openid: str  # FromUserName
    created: int  # CreateTime, seconds
    kind: str  # MsgType, lower case
    event: str  # Event, lower case ("" for messages)
    fields: dict[str, str]

    @classmethod
    def of(cls, fields: dict[str, str]) -> WeChatMessage:
        try:
            created = int(fields.get("CreateTime", "0") or 0)
        except ValueError:
            created = 0
        return cls(
            to_account=fields.get("ToUserName", ""),
            openid=fields.get("FromUserName", ""),
            created=created,
            kind=fields.get("MsgType", "").lower(),
            event=fields.get("Event", "").lower(),
            fields=fields,
        )

    def get(self, name: str) -> str:
        return self.fields.get(name, "") or ""

    @property
    def key(self) -> str:
        """The deduplication key: MsgId with a fingerprint of the whole message, or for
        events sender + CreateTime + event.

        WeChat's retry repeats the message whole (sender, CreateTime, content), so its key is
        the first attempt's. Another message under a MsgId seen before is no retry and gets
        its own key (newcomer trial 22: a stand-in numbering its own MsgIds had a "1" sent a
        second after the summary answered with the summary again, and a low MsgId answered
        with another customer's stored reply)."""
        msg_id = self.get("MsgId")
        if msg_id and msg_id != "0":
            return f"{msg_id}:{self._fingerprint()}"
        return f"ev:{self.openid}:{self.created}:{self.event or self.kind}"

    def _fingerprint(self) -> str:
        """A short digest of the message's fields (the safe-mode envelope left out: its
        ciphertext differs per attempt), the same for every attempt at one message."""
        fields = sorted((k, v) for k, v in self.fields.items() if k not in _ENVELOPE_FIELDS)
        flat = "\x1f".join(f"{name}={value}" for name, value in fields)
        return hashlib.sha256(flat.encode("utf-8")).hexdigest()[:_FINGERPRINT_CHARS]

    @property
    def is_event(self) -> bool:
        return self.kind == "event"

    @property
    def silent(self) -> bool:
        if not self.is_event:
            return False
        if self.event == "view":  # a menu link opened: answer only if it is one of our keys
            return self.get("EventKey") not in MENU_WORDS
        if self.event in SCAN_EVENTS:  # a scan without a result has nothing to pass on
            return not self.get("ScanResult").strip()
        return self.event not in ANSWERED_EVENTS

    def missing_fields(self) -> list[str]:
        """The required fields this push lacks (empty when it is complete)."""
        return [name for name in REQUIRED_FIELDS if not self.get(name).strip()]

    @property
    def media_id(self) -> str | None:
        return self.get("MediaId") or None if self.kind in MEDIA_KINDS else None


Download = Callable[[str, str], Awaitable[Attachment]]  # (kind, media_id) -> Attachment


def to_inbound(message: WeChatMessage, received_at: datetime) -> Inbound:
    """The Inbound for a message, media not yet downloaded (attachment keeps the media_id)."""
    text, attachments = _content(message)
    return Inbound(
        channel=CHANNEL,
        user_id=message.openid,
        message_id=message.key,
        received_at=received_at,
        text=text,
        attachments=attachments,
    )


async def with_media(inbound: Inbound, download: Download) -> Inbound:
    """Downloads every attachment that still has only a media_id into the data folder."""
    items = []
    for item in inbound.attachments:
        if item.path is None and item.file_ref and item.kind in MEDIA_KINDS.values():
            downloaded = await download(item.kind, item.file_ref)
            item = replace(downloaded, note=item.note)
        items.append(item)
    return replace(inbound, attachments=tuple(items))


def _content(message: WeChatMessage) -> tuple[str, tuple[Attachment, ...]]:
    get = message.get
    if message.is_event:
        return _event_text(message), ()
    if message.kind == "text":
        # Faces arrive as codes that start with "/" (/::<): read as emoji, never as commands.
        return faces_as_emoji(get("Content")), ()
    if message.kind in MEDIA_KINDS:
        # A voice message carries WeChat's speech recognition when the account enabled it:
        # it is what the customer said, so it goes in as text too.
        recognised = get("Recognition").strip() if message.kind == "voice" else ""
        item = Attachment(
            MEDIA_KINDS[message.kind], file_ref=get("MediaId") or None, note=recognised or None
        )
        return recognised, (item,)
    if message.kind == "location":
        note = f"{get('Location_X')},{get('Location_Y')} {get('Label')}".strip()
        return "", (Attachment("location", note=note),)
    if message.kind == "link":
        note = " ".join(part for part in (get("Title"), get("Description"), get("Url")) if part)
        return "", (Attachment("link", note=note),)
    if message.kind == "file":
        size = get("FileTotalLen")
        return "", (
            Attachment(
                "document",
                file_ref=get("FileKey") or get("MediaId") or None,
                size=int(size) if size.isdigit() else None,
                name=get("Title") or None,
                note=get("Description") or None,
            ),
        )
    # Unknown kinds (mini-program cards, new types): an empty message, which the core
    # answers politely by asking for text, an image or a file.
    return "", ()


def _event_text(message: WeChatMessage) -> str:
    key = message.get("EventKey")
    if message.event in {"click", "view"} and key in MENU_WORDS:
        return MENU_WORDS[key]
    if message.event in {"subscribe", "scan"}:
        return GREETING_COMMAND
    if message.event in SCAN_EVENTS:
        # What the customer scanned (an order number, a product code) is what they told us.
        return message.get("ScanResult").strip()
    return ""
