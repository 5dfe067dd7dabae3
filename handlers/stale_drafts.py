"""Drafts do not rot (issue 9 item 8): a half-filled complaint left alone gets one reminder,
and after longer it is dropped, which the customer hears when they come back.

The truth is in the conversations table: `updated_at` is the customer's last message (the
router stamps it on every turn), `reminded_at` when the reminder went out. A reminder is due
once per quiet spell: a draft touched after its reminder (`reminded_at <= updated_at`) has its
clock start again. The scan filters in SQL on (state, updated_at), served by an index, so it
never reads the conversations of people not in the middle of a complaint.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from handlers import intake
from handlers.draft import Draft
from handlers.evidence import drop_pending_rows, remove_files
from handlers.fields import row
from handlers.idle import idle
from handlers.messages import Outbound
from handlers.services import Services
from handlers.states import State, StateHandler
from handlers.texts import Texts, customer_locale
from handlers.turn import Turn, Unit
from storage.models import Conversation
from storage.queries import drafts

EXPIRED = State.DRAFT_EXPIRED  # the state an expired draft leaves: told on the next message
CANCELLED = State.DRAFT_CANCELLED  # a cancelled draft, kept intake.RESTORE_MINUTES
KIND = "draft_reminder"  # outbox kind of the reminder


def draft_states() -> tuple[str, ...]:
    """The states that hold a complaint being filled (every intake state)."""
    return tuple(intake.STATES)


async def scan(services: Services) -> int:
    """Expires the drafts untouched past the policy's limit and reminds those quiet past its
    reminder time; returns how many conversations it changed. Safe to run twice."""
    paths: list[Path] = []
    async with services.db.transaction() as session:
        unit = Unit(services=services, session=session, now=services.now())
        changed = await _expire(unit, paths)
        changed += await _forget_cancelled(unit)
        changed += await _remind(unit)
    await remove_files(paths)  # after the commit: a rolled-back scan keeps its files
    return changed


async def _expire(unit: Unit, paths: list[Path]) -> int:
    policy = unit.services.policy.drafts
    rows = await drafts.stale(
        unit.session, draft_states(), older_than=unit.now - policy.expire_after
    )
    for conversation, _ in rows:
        paths += await drop_pending_rows(
            unit.session, unit.services.data_dir, conversation.channel, conversation.user_id
        )
        conversation.state = EXPIRED.value
        conversation.data_enc = unit.services.vault.seal_json({})
        conversation.reminded_at = None
    return len(rows)


async def _forget_cancelled(unit: Unit) -> int:
    """Erases the drafts cancelled more than intake.RESTORE_MINUTES ago that nobody brought
    back: the conversation is idle again and keeps nothing of them (their files went at the
    cancel). Found by state and time in SQL, as stale drafts are."""
    older_than = unit.now - timedelta(minutes=intake.RESTORE_MINUTES)
    rows = await drafts.stale(unit.session, (CANCELLED.value,), older_than=older_than)
    for conversation, _ in rows:
        conversation.state = State.IDLE.value
        conversation.data_enc = unit.services.vault.seal_json({})
    return len(rows)


async def _remind(unit: Unit) -> int:
    policy = unit.services.policy.drafts
    rows = await drafts.to_remind(
        unit.session,
        draft_states(),
        quiet_since=unit.now - policy.remind_after,
        newer_than=unit.now - policy.expire_after,
    )
    for conversation, locale in rows:
        text = _reminder(unit, conversation, Texts(customer_locale(locale)))
        await unit.push(Outbound(conversation.channel, conversation.user_id, text, kind=KIND))
        conversation.reminded_at = unit.now  # updated_at stays: it is the customer's clock
    return len(rows)


def _reminder(unit: Unit, conversation: Conversation, t: Texts) -> str:
    """The reminder: what is still missing, how to carry on or cancel, and until when."""
    data = unit.services.vault.open_json(conversation.data_enc, default={})
    draft = Draft.from_json(data.get("draft"))
    until = conversation.updated_at + unit.services.policy.drafts.expire_after
    until_text = until.astimezone(unit.services.tz).strftime("%Y-%m-%d %H:%M")
    missing = draft.missing()
    if conversation.state != State.COLLECTING or not missing:
        return t("draft.reminder_ready", until=until_text)
    fields = t("draft.separator").join(t(row(name).label) for name in missing)
    return t("draft.reminder", missing=fields, until=until_text)


async def returned(turn: Turn) -> None:
    """State `draft_expired`: the customer is back. They hear that the draft was dropped,
    and their message starts afresh, as any message in an idle conversation does."""
    days = turn.services.policy.drafts.expire_after_days
    turn.say(turn.t("draft.expired", days=f"{days:g}"))
    turn.go(State.IDLE)
    await idle(turn)


async def after_cancel(turn: Turn) -> None:
    """State `draft_cancelled` (reached only if the router's restore rule did not run): the
    cancelled draft is dropped and the message read as in an idle conversation."""
    turn.go(State.IDLE)
    await idle(turn)


STATES: dict[str, StateHandler] = {EXPIRED: returned, CANCELLED: after_cancel}
