"""Every kind of Bot API update, in an older and a newer server's shapes, through the webhook
route and through polling against the fake Bot API; each with its expected outcome (reply,
silence, rows written, evidence kept). The table is in update_table.py (issue 15)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import metrics
from bot.app import App
from storage.models import Evidence, InboundMessage
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.telegram.update_table import CASES, VERSIONS, Case, Expect, user
from tests.bot.telegram_harness import AGENT_GROUP, running

SENTINEL = 99_999
CJK = re.compile(r"[\u4e00-\u9fff]")
EXPIRED = "这个按钮已过期"


def register_files(fake: FakeTelegram, data: Any) -> None:
    """Every file the payloads name can be downloaded from the fake, as from Telegram."""
    if isinstance(data, dict):
        if "file_id" in data:
            fake.files[data["file_id"]] = b"evidence " + data["file_id"].encode()
            fake.file_sizes[data["file_id"]] = len(fake.files[data["file_id"]])
        for value in data.values():
            register_files(fake, value)
    elif isinstance(data, list):
        for value in data:
            register_files(fake, value)


async def rows_of(app: App, uid: int) -> tuple[int, list[tuple[str, str | None]]]:
    async with app.db.transaction() as session:
        inbound = (
            await session.execute(
                select(func.count())
                .select_from(InboundMessage)
                .where(InboundMessage.user_id == str(uid))
            )
        ).scalar_one()
        evidence = (
            (
                await session.execute(
                    select(Evidence).where(Evidence.user_id == str(uid)).order_by(Evidence.id)
                )
            )
            .scalars()
            .all()
        )
    vault = app.services.vault
    return int(inbound), [(e.kind, vault.open(e.note_enc)) for e in evidence]


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    return fake.texts_to(chat)


async def check(
    app: App, fake: FakeTelegram, seen: list[Any], case: Case, expect: Expect, uid: int
) -> list[str]:
    problems: list[str] = []
    chat = AGENT_GROUP.id if expect.chat == "group" else uid
    said = texts(fake, chat)
    if expect.reply is None and said:
        problems.append(f"expected silence, got {said}")
    if expect.reply is not None and not any(expect.reply in t for t in said):
        problems.append(f"expected a reply with {expect.reply!r}, got {said}")
    if expect.replies is not None and len(said) != expect.replies:
        problems.append(f"expected {expect.replies} replies, got {said}")
    if expect.english and (not said or any(CJK.search(t) for t in said)):
        problems.append(f"expected English, got {said}")
    inbound, evidence = await rows_of(app, uid)
    if expect.rows is not None and inbound != expect.rows:
        problems.append(f"expected {expect.rows} inbound rows, got {inbound}")
    kinds = tuple(sorted(kind for kind, _ in evidence))
    if kinds != expect.evidence:
        problems.append(f"expected evidence {expect.evidence}, got {kinds}")
    if expect.origin is not None:
        notes = [json.loads(note or "{}") for kind, note in evidence if kind == "forward"]
        if not notes or expect.origin not in json.dumps(notes[0]["origin"], ensure_ascii=False):
            problems.append(f"expected origin {expect.origin!r} kept, got {notes}")
        elif not notes[0]["origin"].get("at") or "店长说" not in notes[0]["text"]:
            problems.append(f"origin without time or text: {notes}")
    mine = [i for i in seen if i.user_id == str(uid)]
    if expect.seen_text and not any(expect.seen_text in i.text for i in mine):
        problems.append(f"expected {expect.seen_text!r} in {[i.text for i in mine]}")
    if case.name.startswith("forward") and any("店长" in i.text for i in mine):
        problems.append("the forwarded words were read as the customer's own")
    toasts = [
        c
        for c in fake.called("answerCallbackQuery")
        if EXPIRED in str(c.params.get("text"))
        and c.params.get("callback_query_id")
        in {
            u["callback_query"]["id"]
            for u in fake.delivered_updates
            if u.get("callback_query", {}).get("from", {}).get("id") == uid
        }
    ]
    if expect.toast != bool(toasts):
        problems.append(f"expected toast={expect.toast}, got {len(toasts)}")
    return [f"{case.name}: {p}" for p in problems]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_every_kind_of_update(app: App, fake: FakeTelegram, mode: Any, version: str) -> None:
    users = {case.name: 20_000 + index for index, case in enumerate(CASES)}
    for case in CASES:
        for body in case.updates(version, user(users[case.name], version=version)):
            register_files(fake, body)
            await fake.push(body)
    skipped_before = metrics.skipped_updates("telegram", "message") + sum(
        metrics.skipped_updates("telegram", kind) for kind in ("poll", "poll_answer")
    )
    # Last in line: once it is answered, every update before it has been taken in.
    await fake.push(
        {
            "message": {
                "message_id": 1,
                "date": 1795390000,
                "text": "/help",
                "chat": {"id": SENTINEL, "type": "private"},
                "from": {"id": SENTINEL, "is_bot": False, "first_name": "x"},
            }
        }
    )
    async with running(app, fake, mode) as harness:
        await fake.wait_sent(SENTINEL, 1, timeout=20)
        for case in CASES:  # replies that are still on their way (albums wait a moment)
            expect = case.expected(version)
            if expect.reply:
                try:
                    await fake.wait_for(
                        lambda e=expect, c=case: any(
                            e.reply in t for t in texts(fake, users[c.name])
                        ),
                        timeout=10,
                    )
                except TimeoutError:
                    break  # reported with the rest below
    problems: list[str] = []
    for case in CASES:
        problems += await check(
            app, fake, harness.seen, case, case.expected(version), users[case.name]
        )
    skipped = sum(1 for case in CASES if case.expected(version).skipped)
    skipped_after = metrics.skipped_updates("telegram", "message") + sum(
        metrics.skipped_updates("telegram", kind) for kind in ("poll", "poll_answer")
    )
    if skipped_after - skipped_before != skipped:
        problems.append(f"expected {skipped} skipped, counted {skipped_after - skipped_before}")
    if mode == "webhook" and set(fake.webhook_answers) != {200}:
        problems.append(f"webhook answers {sorted(set(fake.webhook_answers))}")
    assert not problems, "\n".join(problems)
