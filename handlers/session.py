"""A customer's session: the run of messages without a long silence (newcomer trial, item 2).

Within one session a second greeting ("在吗") is answered "在的，请说" and the open question
asked again, not with the whole welcome; a returning customer is welcomed by name once, and
only after a real absence (a new session), never in the middle of a conversation.
A session ends after `SESSION_GAP` of silence: 30 minutes, the usual inactivity timeout of
web and chat analytics (Google Analytics' default session timeout). The welcome's time is
kept in the conversation's data under `WELCOMED_AT`, which a state change keeps
(handlers/turn.py:Turn.go).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.turn import Turn

__all__ = ["SESSION_GAP", "WELCOMED_AT", "in_session", "note_welcome", "welcomed"]

SESSION_GAP = timedelta(minutes=30)
# A welcome older than this is not repeated only if the session is still going on; a run
# of messages this long without a 30-minute break is no longer one visit.
_WELCOME_LASTS = timedelta(hours=4)
WELCOMED_AT = "welcomed_at"


def in_session(turn: Turn) -> bool:
    """Whether this message continues a conversation under way: the conversation had a turn
    before (its data were sealed at least once) and its last one was less than SESSION_GAP
    before this message."""
    conversation = turn.conversation
    if conversation.data_enc is None or conversation.updated_at is None:  # new this message
        return False
    return turn.now - conversation.updated_at < SESSION_GAP


def welcomed(turn: Turn) -> bool:
    """Whether a welcome-back is out of place now: the customer was welcomed by name in this
    session already, or is in the middle of a conversation (wrote within SESSION_GAP). A
    welcome-back belongs after a real absence only (newcomer trial 11: "欢迎回来，马先生！"
    right after the customer's own message, as a second complaint started)."""
    if in_session(turn):
        return True
    at = turn.data.get(WELCOMED_AT)
    if not isinstance(at, str) or not in_session(turn):
        return False
    return turn.now - datetime.fromisoformat(at) < _WELCOME_LASTS


def note_welcome(turn: Turn) -> None:
    """Records that the customer was welcomed by name now (ISO 8601, aware)."""
    turn.data[WELCOMED_AT] = turn.now.isoformat()
