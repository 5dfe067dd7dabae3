"""Trial 24 (helper dh): which text decides the reply language (handlers/router.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.messages import Attachment, Inbound
from handlers.router import recognised_speech, spoken_locale
from handlers.texts import TRADITIONAL


def inbound(text: str, *attachments: Attachment) -> Inbound:
    return Inbound("wechat", "o-dh", "1", datetime(2026, 12, 1, tzinfo=UTC), text, attachments)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Hi I'm a tourist and your restaurant charged me 880 yuan", "en"),
        ("hello my parcel never arrived", "en"),
        ("您好 請問投訴要多久才會有人處理？", TRADITIONAL),
        ("我喺你哋銅鑼灣分店買咗部電飯煲", TRADITIONAL),
        ("你们的外卖送错了，我要投诉", "zh-CN"),
        ("你好，我想投訴", "zh-CN"),  # one traditional character says no script
        ("13812345678", None),
        ("/start", None),
        ("", None),
    ],
)
def test_dh_spoken_locale(text: str, locale: str | None) -> None:
    assert spoken_locale(text) == locale


def test_dh_recognised_speech_is_a_voice_items_note() -> None:
    said = "还有就是店员说不能退，态度很差"
    assert recognised_speech(inbound(said, Attachment("voice", note=said)))
    assert recognised_speech(inbound(f" {said} ", Attachment("voice", note=said)))


@pytest.mark.parametrize(
    "message",
    [
        inbound("还有就是店员说不能退"),  # typed
        inbound("店员说不能退", Attachment("photo", note="店员说不能退")),  # a caption
        inbound("店员说不能退", Attachment("voice")),  # a voice without recognition
        inbound("", Attachment("voice", note="")),
    ],
)
def test_dh_guard_typed_words_and_captions_are_no_recognised_speech(message: Inbound) -> None:
    assert not recognised_speech(message)
