"""An error before the router never loses a Telegram message (issue 10 item 3)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.app import App
from storage.models import Evidence, InboundMessage
from tests.bot.fake_telegram import FakeTelegram, User
from tests.bot.telegram_harness import JPEG, answer, running


async def test_a_photo_that_cannot_be_stored_is_kept_by_file_id(
    app: App, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    wang = User(1001, "王芳")
    # The evidence folder cannot be created: a file stands where it should be.
    (app.services.data_dir / "evidence").write_text("not a folder")
    async with running(app, fake):
        with caplog.at_level(logging.ERROR):
            await fake.send_photo(wang, JPEG, caption="收到就坏了")
            await answer(fake, wang.id, "")
    async with app.db.transaction() as session:
        files = (await session.execute(select(Evidence))).scalars().all()
        kept = (await session.execute(select(InboundMessage))).scalars().all()
    assert len(kept) == 1
    assert [(f.path, f.file_ref is not None) for f in files] == [(None, True)]
    lines = [r.getMessage() for r in caplog.records if "not stored" in r.getMessage()]
    assert lines and str(wang.id) in lines[0] and "收到就坏了" not in lines[0]
