"""The intake's field table (handlers/fields.py) is the one list the dialogue, the summary and
the letter read (issue 13 item 3), through the handler API, on every backend.

A customer who answers only what is asked is asked every field of the table, one question at
a time and in the table's order; the summary shows a line for each, and so does the
acknowledgement letter. A field a part stopped showing fails here; a row added to the table
fails here until its answer is added to ANSWERS below.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields as dataclass_fields
from pathlib import Path

import pytest

from bot.app import App
from handlers.answers import ANSWER_READERS
from handlers.draft import Draft
from handlers.fields import FIELD_ORDER, FIELDS, FieldName, IntakeField
from handlers.texts import SUPPORTED, Texts
from storage.models import Ticket
from tests.support import Person, tickets

# field -> (what the customer answers, the value in the summary, the value in the letter).
ANSWERS_ZH: dict[FieldName, tuple[str, str, str]] = {
    FieldName.ACCOUNT: (
        "买的东西质量太差了，用了两天就坏",
        "买的东西质量太差了，用了两天就坏",
        "买的东西质量太差了，用了两天就坏",
    ),
    FieldName.OBJECT: ("电饭煲", "电饭煲", "电饭煲"),
    # The letter gives the resolved date in the business's time zone, the words after it
    # (the clock of the tests is 2026-11-22 15:00 in Shanghai); no time of day was said.
    FieldName.TIME: ("昨天下午", "昨天下午", "2026-11-21（昨天下午）"),
    FieldName.PLACE: ("京东", "京东", "京东"),
    FieldName.REMEDY: ("2", "换货", "换货"),
    FieldName.NAME: ("李雷", "李雷", "李雷"),
    FieldName.CONTACT: ("13812345678", "13812345678", "138****5678"),  # masked in the letter
    FieldName.EVIDENCE: ("暂无", "暂无", "证据材料（订单截图、聊天记录、照片或视频）"),
}
ANSWERS_EN: dict[FieldName, tuple[str, str, str]] = {
    FieldName.ACCOUNT: (
        "The thing I bought broke after two days and nobody helped me",
        "The thing I bought broke after two days and nobody helped me",
        "The thing I bought broke after two days and nobody helped me",
    ),
    FieldName.OBJECT: ("kettle", "kettle", "kettle"),
    FieldName.TIME: (
        "yesterday afternoon",
        "yesterday afternoon",
        "2026-11-21 (yesterday afternoon)",
    ),
    FieldName.PLACE: ("Amazon", "Amazon", "Amazon"),
    FieldName.REMEDY: ("1", "Refund / return", "Refund / return"),
    FieldName.NAME: ("Kim Lee", "Kim Lee", "Kim Lee"),
    FieldName.CONTACT: ("kim@example.com", "kim@example.com", "k***@example.com"),
    FieldName.EVIDENCE: (
        "none",
        "none",
        "evidence (order screenshots, chat records, photos or videos)",
    ),
}


def _asked(reply: str, t: Texts) -> list[IntakeField]:
    return [f for f in FIELDS if t(f.question) in reply]


async def _walk(
    person: Person, opening: str, answers: dict[FieldName, tuple[str, str, str]]
) -> tuple[list[FieldName], str, str]:
    """Answers each question with the table's answer for the field it asks, until the
    summary; then submits. Returns the fields asked in order, the summary and the letter."""
    t = Texts(person.locale or "zh-CN")
    reply = await person.say(opening)
    asked: list[FieldName] = []
    while t("confirm.title") not in reply:
        [field] = _asked(reply, t)  # one question at a time
        assert [c.key for c in person.last.choices] == [c.key for c in field.choices(t)]
        asked.append(field.name)
        assert len(asked) <= len(FIELDS), f"asked again: {asked}"
        reply = await person.say(answers[field.name][0])
    summary = reply
    letter = await person.say(t("confirm.submit"))
    assert t("ack.title") in letter
    return asked, summary, letter


def test_every_field_has_an_answer_here() -> None:
    """A new row needs its answers in this test: adding a field is a row plus its tests."""
    assert set(ANSWERS_ZH) == {f.name for f in FIELDS} == set(ANSWERS_EN)


@pytest.mark.parametrize(
    ("locale", "opening", "answers"),
    [("zh-CN", "你好，我要投诉", ANSWERS_ZH), ("en", "I want to complain", ANSWERS_EN)],
)
async def test_every_field_is_asked_summarised_and_in_the_letter(
    app: App, locale: str, opening: str, answers: dict[FieldName, tuple[str, str, str]]
) -> None:
    person = Person(app, f"fields-{locale}", locale=locale)
    t = Texts(locale)
    asked, summary, letter = await _walk(person, opening, answers)

    assert asked == list(FIELD_ORDER)  # every field, in the table's order, none twice
    summary_lines, letter_lines = summary.splitlines(), letter.splitlines()
    in_summary, in_letter = [], []
    for field in FIELDS:
        _, shown, restated = answers[field.name]
        row = t("confirm.row", label=t(field.label), value=shown)
        assert row in summary_lines, (field.name, summary)
        in_summary.append(summary_lines.index(row))
        row = t("ack.row", label=t(field.letter_label), value=restated)
        assert row in letter_lines, (field.name, letter)
        in_letter.append(letter_lines.index(row))
    # The summary and the letter list the fields in the table's order.
    assert in_summary == sorted(in_summary) and in_letter == sorted(in_letter)
    [ticket] = await tickets(app)
    assert ticket.number in letter


def test_the_table_names_stored_data_unchanged() -> None:
    """Drafts saved as JSON and ticket rows keep their names: every column of the table is a
    Draft attribute and, except the draft-only evidence flag, a ticket column."""
    draft_keys = {f.name for f in dataclass_fields(Draft)}
    ticket_columns = set(Ticket.model_fields)
    for field in FIELDS:
        assert set(field.columns) <= draft_keys, field.name
        assert set(field.known_by) <= draft_keys, field.name
        assert set(field.report_columns) <= ticket_columns, field.name
        sealed = {
            "account": "account_enc",
            "name": "name_enc",
            "phone": "phone_enc",
            "email": "email_enc",
        }
        assert {sealed.get(c, c) for c in field.columns} <= ticket_columns, field.name
    assert [f.value for f in FieldName] == [
        "account",
        "object",
        "time",
        "place",
        "remedy",
        "name",
        "contact",
        "evidence",
    ]


def test_every_field_has_its_texts_and_its_reader() -> None:
    for locale in SUPPORTED:
        t = Texts(locale)
        for field in FIELDS:
            for key in (field.question, field.label, field.letter_label):
                assert t.has(key), f"{locale}: {key}"
            if field.columns:  # answered in words: read by its reader, refused with a reason
                assert t.has(field.invalid), f"{locale}: {field.invalid}"
    assert set(ANSWER_READERS) == {f.name for f in FIELDS if f.columns}


def test_the_readers_field_cues_name_fields_of_the_table() -> None:
    """ "地址写错了" names a field by the cue lists of nlp/data/intent_cues.toml."""
    cues = tomllib.loads((Path("nlp") / "data" / "intent_cues.toml").read_text("utf-8"))
    assert set(cues["field_labels"]) <= set(FIELD_ORDER)


async def test_the_letter_masks_the_contact_wherever_it_is(app: App) -> None:
    """The letter is kept and forwarded: the phone is masked on the contact line and inside
    the account's opening words; the story in full stays on the ticket."""
    person = Person(app, "masked")
    # The phone inside the story: an introduction at the start is not restated (the letter
    # has its own name and contact lines; handlers/account_lead.py).
    await person.say(
        "4月28日在你们朝阳门店买的空调收到就坏了，我叫王芳，手机13812345678，要求退货退款"
    )
    await person.say("暂无")
    letter = await person.say("1")
    assert "投诉受理确认函" in letter and "13812345678" not in letter
    assert "联系方式：138****5678" in letter.splitlines()
    assert "手机138****5678" in letter and "投诉人：王芳" in letter.splitlines()
