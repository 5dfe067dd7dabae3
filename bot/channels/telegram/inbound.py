"""Telegram updates -> `Inbound` values. No complaint logic here: only the platform's shape.

Which chats count: private chats (customers, and agents writing to the bot directly) and the
agent group (TELEGRAM_AGENT_CHAT_ID); every other group or channel is ignored (issue 5).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from telegram import CallbackQuery, Chat, Message, MessageEntity

from handlers.messages import Attachment, Inbound

CHANNEL = "telegram"
# "/take@SomeBot CP2026..." in a group: the @-suffix is Telegram syntax, not part of the command.
_COMMAND_MENTION = re.compile(r"^(/\w+)@\w+")


@dataclass(frozen=True)
class FileSource:
    """A file in a message that still has to be fetched with getFile."""

    kind: str  # photo, video, voice, document (the Attachment kinds of the policy)
    file_id: str
    unique_id: str
    size: int | None
    mime: str | None
    name: str | None
    suffix: str
    note: str | None
    group_ref: str | None


def is_served_chat(chat: Chat, agent_chat_id: int | None) -> bool:
    """Private chats and the agent group; other groups and channels are not ours to answer."""
    return chat.type == Chat.PRIVATE or (agent_chat_id is not None and chat.id == agent_chat_id)


def message_key(message: Message, edited: bool = False) -> str:
    """Unique per channel: message ids are only unique within one chat; each edit is new."""
    key = f"{message.chat.id}:{message.message_id}"
    if edited:
        stamp = message.edit_date or message.date
        key += f":edit:{int(stamp.timestamp())}"
    return key


def command_text(text: str) -> str:
    return _COMMAND_MENTION.sub(r"\1", text, count=1)


def replied_text(message: Message, bot_id: int | None) -> str | None:
    """The text of the bot's message this one answers (a card, a relayed customer message)."""
    original = message.reply_to_message
    if original is None or original.from_user is None or original.from_user.id != bot_id:
        return None
    return original.text or original.caption or None


def message_inbound(
    messages: Sequence[Message],
    attachments: Sequence[Attachment],
    *,
    bot_id: int | None,
    edited: bool = False,
) -> Inbound:
    """One Inbound for one message, or for all the items of an album (same media_group_id).

    The text is the customer's own words only: a forwarded message and someone else's contact
    card are evidence (`evidence_attachments`), never read as the customer's account.
    """
    first = messages[0]
    sender = first.from_user
    texts = [own_text(m) for m in messages]
    text = "\n".join(t for t in texts if t)
    chat = first.chat
    return Inbound(
        channel=CHANNEL,
        user_id=str(sender.id if sender else chat.id),
        message_id=message_key(first, edited),
        received_at=(first.edit_date if edited and first.edit_date else first.date),
        text=command_text(text),
        attachments=tuple(attachments),
        locale=sender.language_code if sender else None,
        reply_to=replied_text(first, bot_id),
        chat_id=None if chat.type == Chat.PRIVATE else str(chat.id),
        edited=edited,
        display_name=sender.full_name if sender else None,
        thread_id=topic_of(first),
    )


def topic_of(message: Message | None) -> str | None:
    """The forum topic a message was written in, so answers go to the same topic (issue 10).
    Only real topics: a reply thread in a group without topics is not a place to send to."""
    if message is None or not message.is_topic_message or not message.message_thread_id:
        return None
    return str(message.message_thread_id)


def own_text(message: Message) -> str:
    """What the sender says in their own name: text or caption (with the addresses of links
    hidden behind words), or the phone number of their own contact card."""
    if forward_origin(message) is not None:
        return ""
    contact = message.contact
    if contact is not None:
        # Identity only from the sender's own card (request_contact sends exactly that).
        return contact.phone_number if is_own_contact(message) else ""
    return linked_text(message)


def linked_text(message: Message) -> str:
    """Text or caption; a link shown as words (text_link) gets its address added, since the
    address is what makes it evidence."""
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    hidden = [e.url for e in entities if e.type == MessageEntity.TEXT_LINK and e.url]
    extra = [url for url in dict.fromkeys(hidden) if url not in text]
    return "\n".join([text, *extra]) if extra else text


def is_own_contact(message: Message) -> bool:
    contact, sender = message.contact, message.from_user
    return bool(contact and sender and contact.user_id is not None and contact.user_id == sender.id)


def forward_origin(message: Message) -> dict[str, Any] | None:
    """Who wrote a forwarded message, in which chat, and when; None if it is not forwarded.

    Bot API 7.0+ sends `forward_origin`; older servers sent `forward_from`, `forward_from_chat`,
    `forward_sender_name` and `forward_date`, which PTB 22 leaves in `api_kwargs`.
    """
    origin = message.forward_origin
    if origin is not None:
        found: dict[str, Any] = {"at": origin.date.astimezone(UTC).isoformat()}
        user = getattr(origin, "sender_user", None)
        chat = getattr(origin, "sender_chat", None) or getattr(origin, "chat", None)
        if user is not None:
            found.update(sender=user.full_name, sender_id=user.id)
        # Each MessageOrigin subclass carries its own fields: read the ones present.
        if hidden_name := getattr(origin, "sender_user_name", None):
            found["sender"] = hidden_name
        if chat is not None:
            found.update(chat=chat.title or chat.username or chat.full_name, chat_id=chat.id)
        if message_id := getattr(origin, "message_id", None):
            found["message_id"] = message_id
        if signature := getattr(origin, "author_signature", None):
            found["signature"] = signature
        return found
    return _old_forward_origin(message.api_kwargs or {})


def _old_forward_origin(data: Mapping[str, Any]) -> dict[str, Any] | None:
    if "forward_date" not in data:
        return None
    found: dict[str, Any] = {
        "at": datetime.fromtimestamp(int(data["forward_date"]), UTC).isoformat()
    }
    user = data.get("forward_from") or {}
    if user:
        name = " ".join(p for p in (user.get("first_name"), user.get("last_name")) if p)
        found.update(sender=name, sender_id=user.get("id"))
    if data.get("forward_sender_name"):
        found["sender"] = data["forward_sender_name"]
    chat = data.get("forward_from_chat") or {}
    if chat:
        found.update(chat=chat.get("title") or chat.get("username"), chat_id=chat.get("id"))
    if data.get("forward_from_message_id"):
        found["message_id"] = data["forward_from_message_id"]
    if data.get("forward_signature"):
        found["signature"] = data["forward_signature"]
    return found


def evidence_attachments(message: Message) -> list[Attachment]:
    """Evidence that is no file: a forwarded message (with its origin), someone else's contact
    card (a person involved), a location or venue. Notes of the first two are JSON."""
    found: list[Attachment] = []
    group = message.media_group_id
    origin = forward_origin(message)
    if origin is not None:
        said = linked_text(message) or _contact_words(message)
        note = {"origin": origin, "text": said}
        found.append(Attachment("forward", note=_json(note), group_ref=group))
    elif message.contact is not None and not is_own_contact(message):
        found.append(Attachment("contact", note=_json(_contact_card(message)), group_ref=group))
    place = location_attachment(message)
    if place is not None:
        found.append(place)
    return found


def _contact_card(message: Message) -> dict[str, Any]:
    contact = message.contact
    assert contact is not None
    name = " ".join(p for p in (contact.first_name, contact.last_name) if p)
    return {"name": name, "phone": contact.phone_number, "user_id": contact.user_id}


def _contact_words(message: Message) -> str:
    card = _contact_card(message) if message.contact is not None else {}
    return " ".join(str(v) for k, v in card.items() if v and k != "user_id")


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def pressed_label(query: CallbackQuery) -> str:
    """The label of the pressed button, read from the keyboard it sits in ("" if unknown)."""
    message = query.message
    # An InaccessibleMessage (too old to read) has no keyboard.
    markup = message.reply_markup if isinstance(message, Message) else None
    for row in markup.inline_keyboard if markup is not None else ():
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return ""


def callback_inbound(query: CallbackQuery) -> Inbound:
    """A pressed inline button: choice is the key of the Choice offered, and text its label,
    exactly what the customer would have typed on a channel without buttons."""
    message = query.message
    chat = message.chat if message is not None else None
    in_group = chat is not None and chat.type != Chat.PRIVATE
    return Inbound(
        channel=CHANNEL,
        user_id=str(query.from_user.id),
        message_id=f"cb:{query.id}",
        received_at=datetime.now(UTC),
        text=pressed_label(query),
        choice=query.data,
        locale=query.from_user.language_code,
        chat_id=str(chat.id) if in_group and chat is not None else None,
        display_name=query.from_user.full_name,
        thread_id=topic_of(message) if isinstance(message, Message) else None,
    )


def file_sources(message: Message) -> list[FileSource]:
    """The downloadable things in a message; a photo comes in several sizes: take the largest."""
    note = message.caption or None
    group = message.media_group_id
    found: list[FileSource] = []
    if message.photo:
        best = max(message.photo, key=lambda size: (size.width * size.height, size.file_size or 0))
        found.append(
            FileSource(
                "photo",
                best.file_id,
                best.file_unique_id,
                best.file_size,
                "image/jpeg",
                None,
                ".jpg",
                note,
                group,
            )
        )
    if message.document:
        doc = message.document
        kind = _document_kind(doc.mime_type)
        found.append(
            FileSource(
                kind,
                doc.file_id,
                doc.file_unique_id,
                doc.file_size,
                doc.mime_type,
                doc.file_name,
                _suffix(doc.file_name, doc.mime_type),
                note,
                group,
            )
        )
    for kind, item, suffix in (
        ("video", message.video, ".mp4"),
        ("video", message.video_note, ".mp4"),
        ("voice", message.voice, ".ogg"),
        ("voice", message.audio, ".mp3"),
    ):
        if item is None:
            continue
        mime = getattr(item, "mime_type", None)
        name = getattr(item, "file_name", None)
        found.append(
            FileSource(
                kind,
                item.file_id,
                item.file_unique_id,
                item.file_size,
                mime,
                name,
                _suffix(name, mime) or suffix,
                note,
                group,
            )
        )
    return found


def location_attachment(message: Message) -> Attachment | None:
    """A shared location (or venue) becomes "lat,lon label" evidence."""
    if message.location is None:
        return None
    place = message.location
    label = ""
    if message.venue is not None:
        label = " ".join(p for p in (message.venue.title, message.venue.address) if p)
    note = f"{place.latitude:.6f},{place.longitude:.6f} {label}".strip()
    return Attachment("location", note=note, group_ref=message.media_group_id)


def _document_kind(mime: str | None) -> str:
    # A photo sent "as a file" keeps full quality; it is still a photo as evidence.
    if mime and mime.startswith("image/"):
        return "photo"
    if mime and mime.startswith("video/"):
        return "video"
    return "document"


_MIME_SUFFIX = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "audio/ogg": ".ogg",
    "audio/mpeg": ".mp3",
}


def _suffix(name: str | None, mime: str | None) -> str:
    if name and "." in name:
        return "." + name.rsplit(".", 1)[1].lower()
    return _MIME_SUFFIX.get(mime or "", "")
