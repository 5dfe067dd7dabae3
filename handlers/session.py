"""A customer's session: the run of messages without a long silence (newcomer trial, item 2).

Within one session a second greeting ("在吗") is answered "在的，请说" and the open question
asked again, not with the whole welcome; a returning customer is welcomed by name once, and
only after a real absence (a new session), never in the middle of a conversation.
A session ends after `SESSION_GAP` of silence: 30 minutes, the usual inactivity timeout of
web and chat analytics (Google Analytics' default session timeout). The welcome's time is
kept in the conversation's data under `WELCOMED_AT`, and when the session began with the
customer coming back under `RETURNED_AT`; a state change keeps both (handlers/turn.py:Turn.go).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.turn import Turn

__all__ = [
    "CONTACT_EXPLAINED_AT",
    "RETURNED_AT",
    "SESSION_GAP",
    "WELCOMED_AT",
    "explain_contact",
    "in_session",
    "mark_session",
    "note_welcome",
    "welcomed",
]

SESSION_GAP = timedelta(minutes=30)
# A welcome older than this is not repeated only if the session is still going on; a run
# of messages this long without a 30-minute break is no longer one visit.
_WELCOME_LASTS = timedelta(hours=4)
WELCOMED_AT = "welcomed_at"
# When the session under way began with the customer coming back after SESSION_GAP or more
# of silence (ISO 8601); absent for a session that began with their very first message.
RETURNED_AT = "returned_at"
# When the customer was last told why a phone or e-mail is needed (ISO 8601): said again in
# the same visit, the reason is one short line (newcomer trial 14: "不想给电话" and "为什么
# 一定要电话" each got ~150 characters of nearly the same text, back to back).
CONTACT_EXPLAINED_AT = "contact_explained_at"


def in_session(turn: Turn) -> bool:
    """Whether this message continues a conversation under way: the conversation had a turn
    before (its data were sealed at least once) and its last one was less than SESSION_GAP
    before this message."""
    conversation = turn.conversation
    if conversation.data_enc is None or conversation.updated_at is None:  # new this message
        return False
    return turn.now - conversation.updated_at < SESSION_GAP


def mark_session(turn: Turn) -> None:
    """Notes, at a customer's message, whether it begins a session by coming back after an
    absence (`RETURNED_AT`); called once a message, before any handler reads `welcomed`."""
    if in_session(turn):
        return
    if turn.conversation.data_enc is not None:  # they wrote before: this is a return
        turn.data[RETURNED_AT] = turn.now.isoformat()
    else:
        turn.data.pop(RETURNED_AT, None)


def welcomed(turn: Turn) -> bool:
    """Whether a welcome-back is out of place now: this session did not begin with a return
    after an absence (a customer's first visit, newcomer trial 11: "欢迎回来，马先生！" as a
    second complaint started minutes after the first), or the customer was welcomed by name
    since it began. A session longer than four hours is no longer one visit."""
    returned = turn.data.get(RETURNED_AT)
    if not isinstance(returned, str):
        return True
    began = datetime.fromisoformat(returned)
    if turn.now - began >= _WELCOME_LASTS:
        return True
    at = turn.data.get(WELCOMED_AT)
    return isinstance(at, str) and datetime.fromisoformat(at) >= began


def note_welcome(turn: Turn) -> None:
    """Records that the customer was welcomed by name now (ISO 8601, aware)."""
    turn.data[WELCOMED_AT] = turn.now.isoformat()


def explain_contact(turn: Turn, key: str, again_key: str) -> str:
    """Why a phone, landline or e-mail is needed: the text `key` the first time in a visit,
    the short `again_key` when it was explained in this session already (within the four
    hours a visit lasts); the explanation's time is noted either way."""
    at = turn.data.get(CONTACT_EXPLAINED_AT)
    recent = isinstance(at, str) and turn.now - datetime.fromisoformat(at) < _WELCOME_LASTS
    turn.data[CONTACT_EXPLAINED_AT] = turn.now.isoformat()
    return str(turn.t(again_key if recent and in_session(turn) else key))
