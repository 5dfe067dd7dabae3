"""A sample of the dialogue suite through the real `complaint-bot chat` process (issue 9).

Customer-only dialogues (no agent, clock or files) are typed line by line into a terminal
session, each step's expected words awaited before the next line, on every backend.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.bot.cli_process import Session, cli_env
from tests.dialogues.runner import Dialogue, load_dialogues
from tests.support import BACKENDS, database_url

SAMPLE = (
    "corrections:phone corrected at the remedy question (issue 9 transcript)",
    "questions:a question first, then the story: the account is the story (issue 9 transcript)",
    "questions:which company are you, at the name question (issue 9 transcript)",
    "controls:/help mid-intake keeps the numbered choice (issue 9 transcript)",
)


def _sample() -> list[Dialogue]:
    chosen = [d for d in load_dialogues() if d.id in SAMPLE]
    assert len(chosen) == len(SAMPLE), "a sampled dialogue was renamed"
    return chosen


async def _after(session: Session, start: int, words: str, timeout: float = 60) -> None:
    """Reads the process's output until `words` appear after position `start`."""
    stdout = session.process.stdout
    assert stdout is not None
    while words not in session.seen[start:]:
        line = await asyncio.wait_for(stdout.readline(), timeout)
        if not line:
            raise AssertionError(f"process ended before {words!r}:\n{session.seen[start:]}")
        session.seen += line.decode()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_sampled_dialogues_in_a_real_chat_process(backend: str, tmp_path: Path) -> None:
    async with database_url(backend) as url:
        env = cli_env(tmp_path / "data", url)
        for number, dialogue in enumerate(_sample()):
            session = await Session.start(env, "--user", f"sample{number}")
            try:
                for step in dialogue.steps:
                    seen = len(session.seen)
                    await session.send(step["say"])
                    for words in step.get("expect", []):
                        await _after(session, seen, words)
                    told = session.seen[seen:]
                    for words in step.get("absent", []):
                        assert words not in told, f"{dialogue.id}: {words!r} in {told}"
            finally:
                await session.close()
