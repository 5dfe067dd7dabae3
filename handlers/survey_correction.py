"""A survey score corrected in words after it was given (newcomer trial 20).

"给个三分吧", "改成4分", "还是给5星吧", "刚才按错了 是2", "sorry I meant 3": said while the
survey is still open (its comment step, or just after an answer that needed no comment), they
replace the score, and the customer is told so. A low new score does what a low score does
(docs/process.md section 5): the ticket is reopened, the supervisors and the handler alerted,
the reason asked; a closing score after a low one closes the ticket a mistaken tap reopened.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from handlers import lifecycle as life
from handlers.states import State
from handlers.ticket_messages import reopen
from handlers.turn import Turn
from storage.models import Ticket
from storage.vault import mask_text

# How long after a survey answer that left the survey's dialogue (a score with its comment)
# a correction is still read as one: the customer is still on that screen.
CORRECTION_WINDOW = timedelta(minutes=30)

# Conversation data kept after a survey answer: which ticket, its score, and when the ticket
# was resolved (a reopen clears `resolved_at`; a correction that closes it puts it back).
SCORED = "scored"

_HAN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# English words after a number that make it a count, not a score: "actually 3 days was too
# long", "one more thing" (newcomer trial 22: English scoring words were added, and a comment
# such as these must not become a score).
_COUNTED = (
    r"(?!\s*(?:days?|hours?|hrs?|weeks?|wks?|months?|years?|mins?|minutes?|times?|more|things?|"
    r"of|people|persons?|guys?|items?|pcs|yuan|rmb|kg)(?![a-z]))"
)
# A score in the message: a digit with 分/星 ("4分", "5星"), a Han numeral with it ("三分"),
# or a digit standing alone between separators or after 是/给/成/为/打/评/到 ("是2", "改成 4");
# "3天", "2楼", "1台" are no scores. English: a number word or digit, optionally with stars.
_SCORE = re.compile(
    r"(?<![\d.])([1-5])\s*(?:分|星|颗星|stars?|points?|/5)(?![\d])"
    r"|([一二两三四五])\s*(?:分|星|颗星)"
    r"|(?<![^\s,，。.!！:：;；是给成为打评到~～])([1-5])(?=$|[\s,，。.!！吧啊呀了~～])"
    + _COUNTED
    + r"|"
    r"(?<![a-z])(one|two|three|four|five)(?![a-z])" + _COUNTED,
    re.I,
)
# Words that say the score before was not meant: "改成", "按错了", "应该是", "还是给", "meant".
_CORRECTING = re.compile(
    r"改成|改为|改到|改一下|改下|换成|按错|点错|打错|选错|弄错|搞错|错了|不对|应该|其实是|重新|"
    r"还是|更正|修改|想了想|"
    r"(?<![a-z])(?:sorry|meant|mean|actually|change|changed|instead|mistake|wrong|make\s+it|"
    r"rather|"
    # English words that give a score afresh (newcomer trial 22: "id say 5" was kept as a
    # message on the closed ticket, while "给4分" replaced the score)
    r"i'?d\s+say|let'?s\s+say|say|make\s+that|on\s+second\s+thoughts?|i\s+guess|then)"
    r"(?![a-z])",
    re.I,
)
# Words that only carry a score ("给个", "吧", "不好意思", "I"), left out when judging whether
# the message says more than the score.
_SCORING_FILLER = re.compile(
    r"给个|给|打个|打|评个|评|个|分|星|吧|啊|呀|了|的|我|是|就|那|哦|噢|嗯|刚才|刚刚|不好意思|抱歉|"
    r"(?<![a-z])(?:i|it|to|a|the|please|pls|stars?|points?|score|rating|give|sorry|meant|mean|"
    r"actually|change|instead|make|i'?d|say|let'?s|that|then|guess|ok|okay|hmm|well|its|it'?s|"
    r"can|you|on|second|thoughts?|just|maybe|yeah|no|oh)(?![a-z])",
    re.I,
)
_EDGES = " \t\n,，。.!！、:：;；~～-"


def _value(found: re.Match[str]) -> int:
    digit, han, bare, word = found.groups()
    if digit or bare:
        return int(digit or bare)
    return _HAN[han] if han else _EN[word.lower()]


def corrected_score(text: str) -> tuple[int, str | None] | None:
    """(new score, the words said besides it or None) when `text` gives a survey score again:
    a message that is only a score in words ("给个三分吧", "5星"), or one that says the score
    before was not meant and names the new one ("刚才按错了 是2", "改成4分", "sorry I meant 3";
    with two named, "从5分改成3分", the last). None for anything else ("3天就修好了", "挺好的")."""
    said = text.strip()
    found = list(_SCORE.finditer(said))
    if not found:
        return None
    correcting = _CORRECTING.search(said) is not None
    if len(found) > 1 and not correcting:
        return None
    last = found[-1]
    if not correcting and not _only_score(said, last):
        return None
    rest = (said[: found[0].start()] if len(found) == 1 else "") + said[last.end() :]
    rest = _CORRECTING.sub(" ", rest)
    words = _SCORING_FILLER.sub(" ", rest).strip(_EDGES)
    return _value(last), (rest.strip(_EDGES) if sum(ch.isalnum() for ch in words) >= 4 else None)


def _only_score(said: str, found: re.Match[str]) -> bool:
    """Whether the message says nothing but the score and the words that carry one."""
    rest = said[: found.start()] + " " + said[found.end() :]
    return not any(ch.isalnum() for ch in _SCORING_FILLER.sub("", rest))


def mark_scored(turn: Turn, ticket: Ticket, score: int, resolved_at: datetime | None) -> None:
    """Keeps, with the conversation's data of the state the survey answer left it in, what a
    correction needs (any later state change drops it: the survey is no longer open)."""
    turn.data[SCORED] = {
        "ticket": ticket.number,
        "score": score,
        "at": turn.now.isoformat(),
        "resolved_at": resolved_at.isoformat() if resolved_at else None,
    }


def scored_mark(turn: Turn, *, within_window: bool) -> dict[str, Any] | None:
    """The survey answer this conversation just gave (mark_scored), or None; with
    `within_window`, only within CORRECTION_WINDOW of it."""
    mark = turn.data.get(SCORED)
    if not isinstance(mark, dict) or not mark.get("ticket"):
        return None
    at = datetime.fromisoformat(str(mark.get("at")))
    if within_window and turn.now - at > CORRECTION_WINDOW:
        return None
    return mark


async def correct_score(
    turn: Turn, ticket: Ticket, mark: dict[str, Any], new: int, remark: str | None
) -> None:
    """Replaces the survey score of `ticket` given just before (`mark`) by `new`, and says so.

    A score at or below the policy's reopen mark on a ticket the first score closed undoes the
    close and reopens it (alerts and the reason asked, as for any low score); a closing score
    on a ticket the first score reopened, still untouched by staff, closes it. The handler
    and the supervisors hear every correction that changes what happens to the ticket."""
    old = int(mark.get("score") or ticket.survey_score or 0)
    if new == old:
        turn.say(turn.t("survey.score_same", number=ticket.number, score=new))
        return
    low = new <= turn.services.policy.survey.reopen_at_or_below
    corrected = turn.t("survey.score_corrected", number=ticket.number, old=old, new=new)
    ticket.survey_score = new
    await turn.record(
        ticket.id or 0, "survey_answer", {"score": new, "solved": True, "corrected_from": old}
    )
    if remark:
        ticket.survey_comment_enc = turn.services.vault.seal(remark)
        await turn.record(ticket.id or 0, "survey_comment", None, remark)
    note = life.AGENT_TEXTS("agent.survey_corrected", number=ticket.number, old=old, new=new)
    if low and ticket.status == "closed":
        # The close was the first score's doing a moment ago: undone, then reopened as a low
        # score reopens (closed -> reopened is no move of its own in lifecycle.TRANSITIONS).
        resolved_at = ticket.resolved_at
        ticket.status, ticket.closed_at, ticket.survey_outcome = "resolved", None, None
        alert = life.AGENT_TEXTS("agent.alert_reopened", number=ticket.number, score=new)
        alert += "\n" + note
        if remark:
            alert += "\n" + life.AGENT_TEXTS("agent.survey_remark", text=mask_text(remark))
        await reopen(turn, ticket, alert)
        reopened = turn.t("survey.reopened", number=ticket.number)
        if remark:
            turn.go(State.IDLE, about=ticket.number, about_at=turn.now.isoformat())
            turn.say(f"{corrected}\n{reopened}")
        else:
            turn.go(State.SURVEY_COMMENT, ticket=ticket.number, reason=True)
            turn.say(f"{corrected}\n{reopened}\n{turn.t('survey.reason')}")
        mark_scored(turn, ticket, new, resolved_at)
        return
    if not low and ticket.status == "reopened" and ticket.survey_outcome == "reopened":
        # Reopened by the first score and not yet worked again: the mistaken reopen is undone
        # (its resolution and count put back) and the ticket closes as a closing score does.
        kept = mark.get("resolved_at")
        ticket.status = "resolved"
        ticket.resolved_at = datetime.fromisoformat(kept) if kept else turn.now
        ticket.reopen_count = max(0, ticket.reopen_count - 1)
        ticket.survey_outcome = "answered"
        await life.move(turn, ticket, "closed", actor_kind="customer", actor_id=turn.actor)
        closed_note = note + "\n" + life.AGENT_TEXTS("agent.survey_corrected_closed")
        await life.alert_supervisors(turn, ticket, closed_note)  # they heard of the reopen
        await life.tell_handler(turn, ticket, closed_note)
        turn.go(State.IDLE)
        turn.say(f"{corrected}\n{turn.t('survey.closed', number=ticket.number)}")
        mark_scored(turn, ticket, new, ticket.resolved_at)
        return
    if ticket.status != "closed":  # being worked again: the handler should know
        await life.tell_handler(turn, ticket, note)
    turn.say(corrected)
    turn.data[SCORED] = {**mark, "score": new}


async def correction_after_survey(turn: Turn, *, within_window: bool) -> bool:
    """A score corrected just after a survey answer (`SCORED` in the conversation's data):
    the survey's comment step, or an idle conversation within CORRECTION_WINDOW (then a bare
    number is left to handlers/idle.py:bare_number). True when the message was that. Words
    that name the score already given with more to say ("1分都多 客服态度太差") are left to
    the comment or reason they are."""
    mark = scored_mark(turn, within_window=within_window)
    text = turn.inbound.text.strip()
    if mark is None or turn.inbound.attachments or (within_window and text.isdigit()):
        return False
    found = corrected_score(text)
    if found is None:
        return False
    new, remark = found
    if new == mark.get("score") and remark:
        return False
    ticket = await life.find_ticket(turn, str(mark["ticket"]))
    if ticket is None or (ticket.channel, ticket.user_id) != (
        turn.inbound.channel,
        turn.inbound.user_id,
    ):
        return False  # a customer only ever touches their own tickets
    await correct_score(turn, ticket, mark, new, remark)
    return True
