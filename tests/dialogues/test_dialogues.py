"""Every dialogue in tests/dialogues/data, through the handler API, on every backend."""

from __future__ import annotations

import pytest

from bot.app import App
from tests.dialogues.runner import Run, load_dialogues
from tests.support import FakeClock

DIALOGUES = load_dialogues()


def test_the_suite_covers_every_kind_the_issue_names() -> None:
    kinds = {d.kind for d in DIALOGUES}
    assert {
        "corrections",
        "questions",
        "stories",
        "followups",
        "decisions",
        "remedies",
        "returning",
        "english",
        "controls",
    } <= kinds
    assert len(DIALOGUES) >= 80


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.id for d in DIALOGUES])
async def test_dialogue(app: App, clock: FakeClock, dialogue) -> None:  # type: ignore[no-untyped-def]
    run = Run(app, clock, dialogue)
    await run.play()
    await run.verify()
