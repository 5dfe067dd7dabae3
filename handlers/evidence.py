"""Evidence the customer sends: checked against the policy, recorded as rows, never overwritten.

The adapter has already stored the file under DATA_DIR (or kept the platform's reference for
a file over its download limit); here it is accepted or refused with a clear reason.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path, PurePath

from handlers.messages import Attachment
from handlers.turn import Turn
from storage.engine import AsyncSession
from storage.models import Evidence
from storage.queries import turns

# A web address as people paste them: with a scheme, or a bare www. host.
_ADDRESS = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


def _refusal(turn: Turn, item: Attachment) -> str | None:
    intake = turn.services.policy.intake
    name = item.name or (PurePath(item.path).name if item.path else item.kind)
    if item.kind not in intake.attachment_kinds:
        return turn.t("evidence.unsupported", name=name)
    if item.too_large and not item.file_ref:
        return turn.t("evidence.too_large", name=name, limit=intake.max_attachment_mb)
    if item.size is not None and item.size > intake.max_attachment_mb * 1024 * 1024 and item.path:
        return turn.t("evidence.too_large", name=name, limit=intake.max_attachment_mb)
    suffix = PurePath(item.name or item.path or "").suffix.lower()
    if item.kind == "document" and suffix and suffix not in intake.attachment_extensions:
        return turn.t("evidence.unsupported", name=name)
    return None


async def take_attachments(turn: Turn, ticket_id: int | None) -> int:
    """Records the inbound message's acceptable attachments; says why any were refused.

    Returns how many were recorded. Refused files the adapter already stored are deleted,
    so nothing unaccounted for stays in the data folder.
    """
    taken = 0
    for item in turn.inbound.attachments:
        reason = _refusal(turn, item)
        if reason:
            turn.say(reason)
            if item.path:
                await asyncio.to_thread(_remove, turn.services.data_dir / item.path)
            continue
        if item.too_large:
            turn.say(turn.t("evidence.kept_by_ref", name=item.name or item.kind))
        _add(turn, item, ticket_id)
        taken += 1
    await turn.session.flush()
    return taken


def _add(turn: Turn, item: Attachment, ticket_id: int | None) -> None:
    turn.pending_evidence = None  # counted again when asked
    turn.session.add(
        Evidence(
            ticket_id=ticket_id,
            channel=turn.inbound.channel,
            user_id=turn.inbound.user_id,
            kind=item.kind,
            path=item.path,
            file_ref=item.file_ref,
            mime=item.mime,
            size=item.size,
            original_name=item.name,
            note_enc=turn.services.vault.seal(item.note),
            status="kept_by_ref" if item.too_large else "stored",
            group_ref=item.group_ref,
            created_at=turn.now,
        )
    )


async def keep_text(turn: Turn, ticket_id: int | None) -> int:
    """The message's words as one evidence item (issue 15 item 5): at the evidence step, text
    is what the customer has to show (a pasted chat record, a link), not more of the account.

    Kind "link" when it holds a web address, else "text"; the words are the (sealed) note.
    Returns 1 when kept, 0 when there were no words or the policy does not take the kind.
    """
    text = turn.inbound.text.strip()
    if not text:
        return 0
    kind = "link" if _ADDRESS.search(text) else "text"
    item = Attachment(kind, note=text[: turn.services.policy.intake.max_text_chars])
    if _refusal(turn, item):
        return 0
    _add(turn, item, ticket_id)
    await turn.session.flush()
    return 1


async def pending_count(turn: Turn) -> int:
    """Evidence the sender sent during the complaint being collected (not yet on a ticket);
    evidence added in this turn is counted (take_attachments and keep_text flush). Counted
    once per turn until evidence is added or dropped."""
    if turn.pending_evidence is None:
        turn.pending_evidence = await turns.pending_evidence(
            turn.session, turn.inbound.channel, turn.inbound.user_id
        )
    return turn.pending_evidence


async def discard_pending(turn: Turn) -> int:
    """Drops the evidence of a cancelled complaint, rows and files; returns how many."""
    turn.pending_evidence = 0
    paths = await drop_pending_rows(
        turn.session, turn.services.data_dir, turn.inbound.channel, turn.inbound.user_id
    )
    await remove_files(paths)
    return len(paths)


async def drop_pending_rows(
    session: AsyncSession, data_dir: Path, channel: str, user_id: str
) -> list[Path]:
    """Deletes the rows of someone's evidence not yet on a ticket; returns their files' paths
    for the caller to remove (after its commit, when it can wait for one)."""
    paths = await turns.drop_pending_evidence(session, channel, user_id)
    return [data_dir / path for path in paths]


async def remove_files(paths: list[Path]) -> None:
    """Deletes the files (absolute paths) in a worker thread; a missing file is no error,
    other OSErrors (permissions) propagate."""
    for path in paths:
        await asyncio.to_thread(_remove, path)


async def attach_pending_to(turn: Turn, ticket_id: int) -> None:
    """Puts the sender's evidence not yet on a ticket on ticket `ticket_id` (in the turn's
    transaction, so it rolls back with the filing); one statement."""
    await turns.attach_pending_evidence(
        turn.session, turn.inbound.channel, turn.inbound.user_id, ticket_id
    )


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
