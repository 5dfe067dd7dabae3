"""A survey answer sent while another complaint is being filled in (newcomer trial 11).

The survey's push does not move a conversation in the middle of a draft
(handlers/turn.py:Unit.prompt), so its answer arrives in the intake's state. Nothing the
customer says may be lost: an answer that is plainly the survey's (a score, satisfied or
unsatisfied words, "not solved" with its reason) goes to the survey of the ticket waiting for
it, with everything that follows from it (a bad answer reopens the ticket and tells the
supervisors), and then the draft goes on where it stood. An answer to the draft's own open
question (a time, a place, a choice offered) stays with the draft.
"""

from __future__ import annotations

import re

from handlers import intake
from handlers.answers import said
from handlers.followup import (
    LEADING_SCORE,
    NOT_SOLVED,
    answer_survey,
    leading_score,
    score_form,
    score_word,
    survey_remark,
)
from handlers.idle import surveyed
from handlers.states import State
from handlers.ticket_messages import open_tickets
from handlers.turn import Turn
from handlers.words import find_ticket_number, normalise
from nlp.extract import extract_fields
from storage.models import Ticket

__all__ = ["answered_aside", "survey_answer"]

# A score alone: "5", "5分", "打4星", "4/5".
_SCORE_ONLY = re.compile(r"^(?:打|给)?([1-5])(?:分|星|颗星|stars?|points?|/5)?[!！。.]*$", re.I)
# Words around a satisfaction word that add nothing to it: "我还是不满意", "挺满意的".
_OPENING_FILLER = re.compile(
    r"^(?:我|我们|还是|真的|实在|挺|说实话|老实说|i'?m|i\s+am|it\s+was|it's)\s*", re.I
)
_CLAUSE_END = re.compile(r"[\s,，。.!！;；、~～]|$")


def survey_answer(text: str) -> tuple[int, bool, str | None] | None:
    """(score, solved, remark) when `text` is plainly a survey answer: a score alone, a score
    said first with words ("1 太差了"), a score named as one ("评分 5分"), or a message
    opening with satisfied or unsatisfied words ("不满意 钱退了 但刮痕没人管", "very
    satisfied, thanks") or with "没解决"; None for anything else."""
    stripped = score_form(text).strip()  # "⭐⭐⭐⭐ 退款挺快的", "四颗星" (newcomer trial 24)
    said_ = normalise(stripped)
    solved = not any(word in said_ for word in NOT_SOLVED)
    if (only := _SCORE_ONLY.match(said_)) is not None:
        return int(only.group(1)), solved, None
    if LEADING_SCORE.match(stripped) or "分" in stripped:
        found = leading_score(stripped)
        if found is not None:
            return found
    opening = _OPENING_FILLER.sub("", stripped.lower())
    worded = score_word(opening)
    if worded is not None and worded[1] == 0 and _CLAUSE_END.match(opening, worded[2]):
        return (1 if not solved else worded[0]), solved, survey_remark(stripped)
    if any(normalise(opening).startswith(word) for word in NOT_SOLVED):
        return 1, False, survey_remark(stripped) or stripped
    return None


def _answers_draft(turn: Turn, text: str) -> bool:
    """Whether `text` answers the draft's open question: a choice it offered (a typed
    number), or the field it asks found in the words."""
    if turn.offered() and said(turn).isdigit():
        return True
    asking = turn.data.get("asking")
    if not asking:
        return False
    found = extract_fields(text, turn.now)
    return bool(getattr(found, str(asking), None))


def _waiting(turn: Turn, tickets: list[Ticket], text: str) -> Ticket | None:
    """The ticket whose survey waits for this answer: the one named, else the newest asked."""
    asked = surveyed(tickets)
    number = find_ticket_number(text)
    named = next((t for t in asked if t.number == number), None)
    return named or (asked[0] if asked else None)


async def answered_aside(turn: Turn) -> bool:
    """A survey answer while a complaint is being filled in: recorded on the survey's ticket
    (handlers/followup.py:answer_survey, no comment asked for), then the draft's open
    question again. False when no survey waits or the message is not plainly its answer."""
    if turn.state not in intake.STATES or turn.inbound.attachments or turn.inbound.choice:
        return False
    text = turn.inbound.text.strip()
    found = survey_answer(text) if text else None
    if found is None or _answers_draft(turn, text):
        return False
    ticket = _waiting(turn, await open_tickets(turn), text)
    if ticket is None:
        return False
    state, data = State(turn.state), dict(turn.data)
    score, solved, remark = found
    await answer_survey(turn, ticket, score, solved, remark, ask_comment=False)
    turn.go(state, **{k: v for k, v in data.items() if k not in ("about", "about_at")})
    await intake.resume(turn, "")
    return True
