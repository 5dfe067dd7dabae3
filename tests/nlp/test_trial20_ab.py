"""Newcomer trial 20 (helper ab): what elderly customers say in a sentence.

1. "No evidence" in its family: lost ("照片删了"), never taken ("没拍", "当时没想到拍照"), not
   sendable ("不会发图片", "没有照片我不会弄"), in Cantonese and traditional characters ("冇相",
   "沒有截圖") and English ("I didn't take any", "deleted them"); evidence that exists is not
   ("有照片 等下发", "照片在我老公手机上"). Said closing another answer, it is read too.
2. A Hong Kong, Macau or Taiwan number with its region named beside it gets that code; a
   Taiwan mobile written in traditional characters is +886.
3. A character of the name spelled out ("安静的静", "耳东陈") is no word of the name.
4. Giving up a complaint being filled in, with why ("算了 不用处理了 商家已经重新给我送了一杯").
5. A refusal of the name after giving up ("那算了不留了") is a refusal.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers.answer_person import refuses_details
from handlers.evidence_words import evidence_aside, evidence_later, says_none
from nlp.extract import extract_fields
from nlp.intent import gives_up, withdrawal_reason
from nlp.name_glyphs import described_character, without_glyph_descriptions

NOW = datetime(2026, 11, 22, 15)


# --- 1. no evidence -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # the reported ones
        "没有照片我不会弄",
        "不会发图片",
        "当时没想到拍照",
        "照片删了",
        "没拍",
        # the family, in our own words
        "忘了拍照",
        "手机里的照片都删了",
        "截图找不到了",
        "当时太急了没拍照",
        "图片发不出去",
        "照片發不了",  # traditional
        "冇影相",  # Cantonese: no photo taken
        "没留证据",
        "I deleted them",
        "sorry, I lost the photos",
        "forgot to take any photos",
        "i dont know how to send pictures",
    ],
)
def test_why_there_is_no_evidence_is_none(text: str) -> None:
    assert says_none(text)


@pytest.mark.parametrize(
    "text",
    [
        # guards: none already read so
        "没有照片",
        "冇相",
        "沒有截圖",
        "暂无",
        "没有 截图删了",
        "I didn't take any",
    ],
)
def test_plain_none_is_still_none(text: str) -> None:
    assert says_none(text)


@pytest.mark.parametrize(
    "text",
    [
        # guards: evidence that exists, and story that only sounds alike
        "有照片 等下发",
        "照片在我老公手机上",
        "他把我的评论删了",
        "东西丢了",
        "我没删",
        "他没道歉",
        "我不会再来了",
        "没有人管",
    ],
)
def test_evidence_that_exists_or_story_is_not_none(text: str) -> None:
    assert not says_none(text)


@pytest.mark.parametrize(
    "text",
    ["有照片 等下发", "照片在我老公手机上", "有照片 但是我不会发"],
)
def test_evidence_elsewhere_or_later_is_a_note(text: str) -> None:
    assert evidence_later(text)


@pytest.mark.parametrize(
    ("text", "bare", "expected"),
    [
        ("…手机13812345678，没有照片", False, ("…手机13812345678", "没有照片")),
        ("冇相", False, ("", "冇相")),
        ("王芳 没有照片 我不会弄", False, ("王芳", "没有照片 我不会弄")),
        ("Tom Lee. I didn't take any", False, ("Tom Lee", "I didn't take any")),
        # a bare 暂无 closes it only when the caller allows it
        ("我叫王芳，手机13812345678 暂无", False, None),
        ("我叫王芳，手机13812345678 暂无", True, ("我叫王芳，手机13812345678", "暂无")),
        # guards: "I can't work it" about the product, and a bare none
        ("这个电饭煲 我不会弄", True, None),
        ("13812345678 没有", False, None),
    ],
)
def test_no_evidence_closing_another_answer(
    text: str, bare: bool, expected: tuple[str, str] | None
) -> None:
    assert evidence_aside(text, bare_none=bare) == expected


# --- 2. phones of Hong Kong, Macau and Taiwan -----------------------------------------------
@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("香港號碼 91234567", "+85291234567"),
        ("香港号码：9123 4567", "+85291234567"),
        ("我是香港的 电话91234567", "+85291234567"),
        ("91234567（香港）", "+85291234567"),
        ("HK number 9123 4567", "+85291234567"),
        ("澳門手機 66123456", "+85366123456"),
        ("台灣的 0912-345-678", "+886912345678"),
        ("台湾 02-2345-6789", "+886223456789"),
        ("不對 電話打錯了 是0912345679", "+886912345679"),
    ],
)
def test_a_region_named_beside_a_local_number_decides_its_code(text: str, phone: str) -> None:
    assert extract_fields(text, NOW).phone == phone


@pytest.mark.parametrize(
    ("text", "local"),
    [
        # guards: no region named, simplified script: still asked for its code
        ("不对 电话打错了 是0912345679", "0912345679"),
        ("0912345678", "0912345678"),
        ("07700 900123", "07700900123"),
    ],
)
def test_without_a_region_the_number_still_needs_its_code(text: str, local: str) -> None:
    found = extract_fields(text, NOW)
    assert found.phone is None
    assert (found.local_phone or "").replace(" ", "") == local


def test_a_mainland_number_beside_hong_kong_stays_mainland() -> None:
    assert extract_fields("在香港买的 手机13812345678", NOW).phone == "13812345678"


# --- 3. a character of the name spelled out -------------------------------------------------
@pytest.mark.parametrize(
    ("piece", "character"),
    [
        ("安静的静", "静"),
        ("耳东陈", "陈"),
        ("弓长张", "张"),
        ("立早章", "章"),
        ("木子李", "李"),
        ("草头黄", "黄"),
        ("草字头的黄", "黄"),
        ("静是安静的静", "静"),
        ("文静的静字", "静"),
        # guards: names and words that describe nothing
        ("陈静", None),
        ("欧阳静", None),
        ("耳东李", None),
        ("我的钱", None),
        ("你们的店", None),
    ],
)
def test_a_spelled_character(piece: str, character: str | None) -> None:
    assert described_character(piece) == character


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("名字打错了 是陈静 安静的静", "名字打错了 是陈静"),
        ("陈静 安静的静", "陈静"),
        ("耳东陈 陈静", "陈静"),
        ("名字写错了，应该是陈静，耳东陈，安静的静", "名字写错了，应该是陈静"),
        ("王建国", "王建国"),  # guard: nothing to take out
    ],
)
def test_spellings_are_no_words_of_the_name(text: str, kept: str) -> None:
    assert without_glyph_descriptions(text).text == kept


# --- 4. giving up a complaint being filled in -----------------------------------------------
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("算了 不用处理了 商家已经重新给我送了一杯", "商家已经重新给我送了一杯"),
        ("其实不用处理了，店长刚打电话道歉了", "店长刚打电话道歉了"),
        ("不用处理了吧 他们已经退钱了", "他们已经退钱了"),
        ("算了 不投诉了", ""),
        ("never mind, they refunded me", "they refunded me"),
    ],
)
def test_giving_up_with_its_reason(text: str, reason: str) -> None:
    assert gives_up(text)
    assert withdrawal_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        # guards: a wish dropped, a withdrawal taken back, a change of mind about wishes
        "维修不用处理了 直接退款",
        "不用处理了 但是我还是想要个说法",
        "算了 只要退款",
        "那算了不留了",
        "商家说不用处理了",
    ],
)
def test_not_giving_up(text: str) -> None:
    assert not gives_up(text)


# --- 5. refusing a name -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["那算了不留了", "算了 名字不想说", "名字就不方便透露了", "唉 还是不留了吧", "我不愿意透露"],
)
def test_a_refusal_after_giving_up_is_a_refusal(text: str) -> None:
    assert refuses_details(text)


@pytest.mark.parametrize("text", ["不留", "说了不留电话", "保密"])
def test_refusals_read_before_still_are(text: str) -> None:
    assert refuses_details(text)


@pytest.mark.parametrize("text", ["王芳", "陈静 安静的静", "店员态度很差"])
def test_names_and_story_are_no_refusals(text: str) -> None:
    assert not refuses_details(text)
