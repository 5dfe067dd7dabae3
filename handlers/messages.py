"""The values that cross the channel seam (docs/architecture.md section 3).

A channel adapter turns a platform update into one `Inbound` and delivers `Outbound`
values; nothing platform-specific travels further than that.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

# Outbound.meta key: the topic (Telegram message_thread_id) an answer belongs in.
THREAD = "thread"


@dataclass(frozen=True)
class Attachment:
    """Something the customer sent besides text. `path` is relative to DATA_DIR once stored."""

    kind: str  # photo, video, voice, document, location, link, text, forward, contact
    path: str | None = None
    file_ref: str | None = None  # platform file id / media id, kept when not downloaded
    mime: str | None = None
    size: int | None = None
    name: str | None = None
    note: str | None = None  # caption, "lat,lon label", link title and URL, voice recognition
    group_ref: str | None = None  # e.g. Telegram media_group_id: several items, one answer
    too_large: bool = False


def _shallow(item: Any) -> dict[str, Any]:
    # A dataclass's fields as a dict, values as they are: `dataclasses.asdict` deep-copies
    # every value, about a tenth of a turn's own CPU for two messages (issue 11 item 3).
    names = _FIELD_NAMES.get(type(item))
    if names is None:  # `dataclasses.fields` builds its tuple anew each call (~3 a message)
        names = _FIELD_NAMES[type(item)] = tuple(f.name for f in fields(item))
    return {name: getattr(item, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Choice:
    """An option offered with a message: a button, or a numbered line where there are none."""

    key: str
    label: str
    # "option": a button or numbered line that answers the question. "contact": an offer to
    # share the person's own phone number (Telegram's request_contact keyboard); channels
    # without such a thing leave it out, and the typed answer is read instead.
    kind: str = "option"
    # What to type for it where there are no buttons ("/take 5"): a choice that is a command
    # of its own, not an answer to an open question. A text channel shows the command rather
    # than a number, which means nothing there: an agent's card is a push among many, not
    # the question on screen (newcomer trial 17: "1. 接单" under a card, and "1" was
    # "不认识这个命令").
    typed: str | None = None


def options(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """The choices that are answers (numbered on text channels, mapped back from numbers)."""
    return tuple(c for c in choices if c.kind == "option")


@dataclass(frozen=True)
class Inbound:
    """One message from a person, as every channel adapter hands it to handlers/router.py:handle.

    `channel` and `user_id` name the sender on its platform; `message_id` is the platform's id,
    unique per channel (the inbox's key: a retry of the same id is answered once);
    `received_at` is aware, in UTC.
    """

    channel: str
    user_id: str
    message_id: str
    received_at: datetime
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    choice: str | None = None  # the key of a pressed button
    locale: str | None = None  # the platform's language hint, e.g. "en" or "zh-hans"
    reply_to: str | None = None  # the text of the bot message this one replies to (a card)
    chat_id: str | None = None  # where answers go when not the sender (a group); None: sender
    edited: bool = False
    display_name: str | None = None  # the platform's name for the sender, for agents' cards
    thread_id: str | None = None  # the topic of a forum group it was written in (Telegram)

    @property
    def reply_target(self) -> str:
        """Where answers go: the group it was written in, else the sender."""
        return self.chat_id or self.user_id

    @property
    def reply_meta(self) -> dict[str, str]:
        """Channel hints for answers to it: the same topic of a group with topics."""
        return {THREAD: self.thread_id} if self.thread_id else {}

    def to_json(self) -> dict[str, Any]:
        """The message as JSON (the inbox stores it sealed); `received_at` in ISO 8601."""
        data = _shallow(self)
        data["received_at"] = self.received_at.isoformat()
        data["attachments"] = tuple(_shallow(item) for item in self.attachments)
        return data


@dataclass(frozen=True)
class Outbound:
    """One message to send: a reply to the sender or an outbox row for anyone else.

    `user_id` is the recipient (a person or a group) on `channel`; `choices` are shown as
    buttons where the channel has them, else as numbered lines (render_choices_as_text).
    """

    channel: str
    user_id: str
    text: str
    choices: tuple[Choice, ...] = ()
    files: tuple[str, ...] = ()  # paths relative to DATA_DIR
    kind: str = "reply"  # reply, progress, result, survey, alert, card ...
    ticket_number: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # channel hints, e.g. a card reference

    def to_json(self) -> dict[str, Any]:
        """The message as JSON, as the outbox and the inbox's stored replies keep it."""
        data = _shallow(self)
        data["choices"] = tuple(_shallow(choice) for choice in self.choices)
        data["meta"] = dict(self.meta)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outbound:
        """The message from to_json's output; keys added later default when absent."""
        choices = tuple(Choice(**c) for c in data.get("choices", ()))
        return cls(
            channel=data["channel"],
            user_id=data["user_id"],
            text=data["text"],
            choices=choices,
            files=tuple(data.get("files", ())),
            kind=data.get("kind", "reply"),
            ticket_number=data.get("ticket_number"),
            meta=dict(data.get("meta", {})),
        )


# Outbound.meta[CHOICES_SHOWN] = "compact": the same options were listed in the message just
# before, so a text channel shows them in one line, not a numbered line each again.
CHOICES_SHOWN = "choices_shown"


def render_choices_as_text(message: Outbound) -> str:
    """The text fallback for channels without buttons: numbered lines under the text, or one
    line of commands ("接单 /take 5 · 详情 /show 5") when every choice says what to type
    (`Choice.typed`), or one line ("1 退款/退货 · 2 换货 · …") when the same options were just
    listed (a question asked
    again after a story line: newcomer trial 12 saw the 7-option menu five times in a row)."""
    answers = options(message.choices)
    if not answers:
        return message.text
    if all(choice.typed for choice in answers):
        return message.text + "\n\n" + " · ".join(f"{c.label} {c.typed}" for c in answers)
    if message.meta.get(CHOICES_SHOWN) == "compact":
        numbered = [f"{index} {choice.label}" for index, choice in enumerate(answers, start=1)]
        if all(option in message.text for option in numbered):
            # A short reminder that names its options ("回复 1 接受，或 2 不接受") is the whole
            # reminder: the same options again under it would show them twice (trial 14).
            return message.text
        return message.text + "\n" + " · ".join(numbered)
    lines = [f"{index}. {choice.label}" for index, choice in enumerate(answers, start=1)]
    return message.text + "\n\n" + "\n".join(lines)
