"""The customer's side of a ticket being worked: material supplied, a remedy answered, the survey.

Buttons carry the ticket in their key (`accept:N`, `score:N:5`), so they work in any state;
typed answers ("1", "接受", "5") work while the conversation holds the pushed question.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from handlers import intake
from handlers import lifecycle as life
from handlers.another_complaint import another_complaint_story, start_after_filing
from handlers.answer_words import resolve_choice
from handlers.messages import Choice
from handlers.states import State, StateHandler
from handlers.survey_correction import correction_after_survey, mark_scored
from handlers.ticket_choice import named_ticket
from handlers.ticket_messages import (
    ask_which,
    names_another_object,
    open_tickets,
    relay,
    reopen,
)
from handlers.turn import Turn
from handlers.words import COMPLAIN_INTENTS, NONE_WORDS, normalise
from nlp.extract_remedy import find_remedies
from nlp.extract_text import normalise as fold
from nlp.features import normalise as classifier_form
from nlp.intent import (
    asks_after_refund,
    cue_phrases,
    has_cue,
    is_question,
    key,
    without_non_decisions,
)
from nlp.severity_rules import urgent_reasons
from storage.models import Ticket
from storage.queries import tickets as tickets_q
from storage.vault import mask_text


@cache
def _score_words() -> dict[str, int]:
    """Survey words and their scores (nlp/data/survey_scores.toml), Chinese and English."""
    raw = resources.files("nlp.data").joinpath("survey_scores.toml").read_text(encoding="utf-8")
    table = tomllib.loads(raw)
    return {**table["zh"], **table["en"]}


_ANY_SPACE = r"\s+"


@cache
def _score_word_pattern() -> re.Pattern[str]:
    # Longest first ("不太满意" before "满意", "not great" before "great"); English words
    # whole ("ok" is not in "book"), with any spacing between their parts.
    # The look-behind stands after the first character ("o(?<![a-z][\s\S])k", the same
    # test as "(?<![a-z])ok"), so every alternative opens with a literal and the engine skips
    # at once the positions no word starts at (as nlp/intent.py:_matcher does).
    parts = [
        _latin_score_word(w) if w.isascii() and w.split() else re.escape(w)
        for w in sorted(_score_words(), key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


def _latin_score_word(word: str) -> str:
    first, *others = word.split()
    spaced = _ANY_SPACE.join([re.escape(first[1:]), *map(re.escape, others)])
    return re.escape(first[0]) + r"(?<![a-z][\s\S])" + spaced + "(?![a-z])"


def score_word(text: str) -> tuple[int, int, int] | None:
    """(score, start, end) of the first score word in `text` ("还行吧" -> 3, "meh, it was ok"
    -> 3, "not great" -> 2), None when it holds none. Spans fit `text` (lower case only)."""
    # Folded to simplified (length kept, so spans fit): "還不錯", "滿意" score as written.
    found = _score_word_pattern().search(fold(text).lower())
    if found is None:
        return None
    key = " ".join(found.group(0).split())
    return _score_words()[key], found.start(), found.end()


# Normalised (no spaces): English as "notsolved" ("not really solved": newcomer trial 8).
NOT_SOLVED = (
    "没解决",
    "没有解决",
    "未解决",
    "不解决",
    "notsolved",
    "notreallysolved",
    "notresolved",
    "notreallyresolved",
    "notfixed",
    "notreallyfixed",
    "stillbroken",
    "没处理",
    "没有处理",
    "unsolved",
    "unresolved",
    "isntsolved",
    "isntresolved",
    "isntfixed",
    "wasntsolved",
    "wasntresolved",
    "wasntfixed",
    "hasntbeensolved",
    "hasntbeenresolved",
    "hasntbeenfixed",
)
# The same words as written, any spacing and apostrophes between their letters: "not really
# solved, …" (newcomer trial 17: matched against the words with spaces, the normalised form
# never was, and the reason after it was dropped).
_NOT_SOLVED_SAID = re.compile(
    "|".join(r"[\s']*".join(map(re.escape, word)) for word in sorted(NOT_SOLVED, key=len)[::-1]),
    re.I,
)
# A number before minutes, money, a fraction, a week or a hotel's class is no score: "3分钟",
# "一分钱", "5分之一", "2星期", "五星级" (newcomer trial 24: "才3分钟就退款了 很满意" scored 3).
_NO_SCORE_AFTER = r"(?!\s*(?:分[钟鐘钱錢之]|星[期级級]))"
_SCORE_DIGIT = re.compile(
    rf"(?<!\d)([1-5]){_NO_SCORE_AFTER}\s*(?:分|星|颗星|stars?|points?|/5)?(?!\d)", re.I
)
_SCORE_HAN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
# A score marked as one ("3分", "5星", "4/5", "给个3分吧") with words on one side or both: only
# a mark makes a digit inside words a score ("买了2台 3号送到" holds none).
_MARKED_SCORE = re.compile(
    rf"(?:(?:给|打|评)了?个?\s*)?(?<![\d.])([1-5]){_NO_SCORE_AFTER}"
    r"\s*(?:分|星|颗星|stars?|points?|/5)(?![\d])(?:\s*[吧啊呀哈])?",
    re.I,
)


def _inner_score(said: str) -> re.Match[str] | None:
    """The one marked score standing among words, before them, after them or inside ("还行吧
    给个3分 速度太慢", "冰箱还没送来就说解决了？？1星"), None when there is none, more than
    one, or nothing is said besides it."""
    found = list(_MARKED_SCORE.finditer(said))
    if len(found) != 1:
        return None
    marked = found[0]
    before = said[: marked.start()].strip(_REMARK_EDGES)
    after = said[marked.end() :].strip(_REMARK_EDGES)
    return marked if before or after else None


# Stars and other ways of writing a score (newcomer trial 24: "⭐⭐⭐⭐ 退款挺快的 …" was no
# score and asked again; "…？？一星" lost its words). score_form rewrites them as the "N星" /
# "N分" the readings below know, the customer's other words untouched.
_FILLED_STARS = "⭐🌟★✩✪✫✬✭✮✯✰"
_EMPTY_STARS = "☆"
_STAR = rf"[{_FILLED_STARS}{_EMPTY_STARS}][\ufe0e\ufe0f]?"
_STAR_RUN = re.compile(rf"{_STAR}(?:[ \t]*{_STAR})*")
# A number and stars after it, a measure word between: "4⭐", "4 ⭐⭐⭐⭐", "四颗星", "4顆星".
_COUNTED_STARS = re.compile(
    rf"(?<![\d.])([0-5零一二两兩三四五])\s*(?:(?:[颗顆个個]\s*)?{_STAR}(?:[ \t]*{_STAR})*"
    r"|[颗顆个個]\s*星(?![期级級]))"
)
# A Han numeral marked as a score: "一星", "给两分", "三分吧" (not "一分钱", "两分钟", "三分之一",
# "五星级", "十五分").
_HAN_MARKED = re.compile(
    r"(?<![\d一二两兩三四五六七八九十百千零])([一二两兩三四五])\s*(分|星)(?![钟鐘钱錢之期级級])"
)
_HAN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
# "4 out of 5", "four out of five": "4/5".
_OUT_OF_FIVE = re.compile(
    r"(?<![\d.])([0-5]|zero|one|two|three|four|five)\s+out\s+of\s+(?:5|five)(?![\d])", re.I
)
_WORD_DIGIT = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# Full marks are 5, none at all the lowest (1): "满分", "零分", "0分", "0 stars", "0/5".
_FULL_MARKS = re.compile(r"[满滿]分(?!\s*[\d一二两三四五六七八九十])|full marks", re.I)
# "零分", "0分", "0 stars", "0/5", "零颗星" (not "零星": here and there).
_ZERO_SCORE = re.compile(
    r"(?<![\d.])(?:0\s*(?:分|星|stars?|points?|/5)|零\s*(?:分|[颗顆个個]\s*星))(?![\d钟鐘钱錢之期级級])",
    re.I,
)


def score_form(text: str) -> str:
    """`text` with its stars and other score forms rewritten as "N星"/"N分"/"N/5": "⭐⭐⭐⭐ 退款
    挺快的" -> "4星 退款挺快的", "★★★☆☆" -> "3星", "给四颗星" -> "给4星", "一星" -> "1星", "4 out
    of 5" -> "4/5", "满分" -> "5分", "零分"/"0分" -> "1分" (the lowest score). More than five
    stars are five. Idempotent; everything else is left as written."""

    def counted(found: re.Match[str]) -> str:
        said = found.group(1)
        value = int(said) if said.isdigit() else _HAN_DIGIT[said]
        return f"{min(max(value, 1), 5)}星"

    def stars(found: re.Match[str]) -> str:
        filled = sum(ch in _FILLED_STARS for ch in found.group(0))
        return f"{min(max(filled, 1), 5)}星"

    def han(found: re.Match[str]) -> str:
        return f"{max(_HAN_DIGIT[found.group(1)], 1)}{found.group(2)}"

    def out_of(found: re.Match[str]) -> str:
        said = found.group(1).lower()
        value = int(said) if said.isdigit() else _WORD_DIGIT[said]
        return f"{max(value, 1)}/5"

    if not any(ch in _FILLED_STARS or ch in _EMPTY_STARS for ch in text) and not any(
        mark in text for mark in ("分", "星", "out of", "OUT OF", "Out of", "0", "full marks")
    ):
        return text  # the cheap check first: most messages hold no score form
    text = _COUNTED_STARS.sub(counted, text)
    text = _STAR_RUN.sub(stars, text)
    text = _HAN_MARKED.sub(han, text)
    text = _OUT_OF_FIVE.sub(out_of, text)
    text = _FULL_MARKS.sub("5分", text)
    return _ZERO_SCORE.sub("1分", text)


# A score said first, then words: "1 太差了", "4分，还行就是慢", "5！". The separator keeps
# "1台空调" or "3号送到" from reading as scores.
# Newcomer trial 12: also "3分吧", "给3分", "打3星", "三分", "three, …": a verb of scoring
# before it, an aside after it, a Han numeral with its 分/星, an English number word.
LEADING_SCORE = re.compile(
    r"^\s*(?:(?:给|打|评)了?个?)?\s*(?:([1-5])\s*(?:分|星|颗星|stars?|points?|/5)?|([一二两三四五])\s*(?:分|星|颗星)"
    r"|(one|two|three|four|five)(?![a-z])\s*(?:stars?|points?|/5)?)"
    r"(?:\s*[吧啊呀哈])?(?:[\s,，。.!！、:：~～-]+|$)",
    re.I,
)
_SCORE_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def leading_value(found: re.Match[str]) -> int:
    """The score a LEADING_SCORE match names (a digit, a Han numeral or an English word)."""
    digit, han, word = found.groups()
    if digit:
        return int(digit)
    return _SCORE_HAN[han] if han else _SCORE_EN[word.lower()]


_REMARK_EDGES = " \t\n,，。.!！、:：;；~～-"


def survey_remark(text: str) -> str | None:
    """What a survey answer says besides its score, kept as the survey's comment: "1 太差了"
    -> "太差了", "太慢了，2分" -> "太慢了", "⭐⭐⭐⭐ 退款挺快的" -> "退款挺快的". None when the
    message is only a score (a number, "5分", "★★★☆☆", a button) or only words that are the
    score ("非常满意")."""
    said = score_form(text).strip()
    leading = LEADING_SCORE.match(said)
    if leading:
        rest = said[leading.end() :]
    elif (marked := _inner_score(said)) is not None:
        # "还行吧 给个3分 速度太慢", "满意 5星 但是等太久": a score said inside words keeps the
        # words around it (newcomer trial 21: "速度太慢" was lost and a comment asked for).
        before, after = said[: marked.start()], said[marked.end() :]
        rest = f"{before.strip(_REMARK_EDGES)} {after.strip(_REMARK_EDGES)}"
    elif (found := _SCORE_DIGIT.search(said)) is not None:
        if said[found.end() :].strip(_REMARK_EDGES):
            return None  # a score is said first or last: "1台空调" holds none
        rest = said[: found.start()]
    else:  # a score in words: "很不满意，一直没人管" is all comment, "非常满意" none
        worded = score_word(said)
        if worded is not None:
            rest = said[: worded[1]] + said[worded[2] :]
            if not _meaningful(_SCORE_ONLY.sub("", _score_word_pattern().sub("", rest.lower()))):
                # "给个差评", "差评！", "真的很不满意", "give it a bad rating": the score said in
                # words and nothing about why, so a low one asks the reason as a bare low
                # score does (newcomer trial 20: "给个差评" was kept as the reason).
                return None
        elif _NOT_SOLVED_SAID.search(said) is not None:
            rest = said  # "not really solved, the parcel never arrived": why, said with it
        else:
            return None
        return said if _says_more(rest) else None
    rest = rest.strip(_REMARK_EDGES)
    return rest if _says_more(rest) else None  # "打1分", "1 没解决" say no more


# Said around a score in words without saying why: the scoring verbs and their objects
# ("给个…评", "打…分", "rate it", "a … review"), degree words and particles.
_SCORE_ONLY = re.compile(
    r"给个|给了|给|打个|打|评价|评分|评|分|星|一个|个|只能|就|我|你们|真的|真是|实在|非常|特别|很|太|"
    r"[吧啊呀了的呢哈嘛哦噢]|"
    r"(?<![a-z])(?:i|i'd|i'll|would|will|give|giving|gave|it|you|a|an|the|one|rating|rate|review|"
    r"score|star|stars|really|very|so|just|totally|quite|pretty|at all)(?![a-z])",
    re.I,
)


def _meaningful(words: str) -> bool:
    return sum(ch.isalnum() for ch in words) >= 2


# Said around "not solved" without saying why: "根本没解决", "it's still not solved at all".
_NOT_SOLVED_FILLER = re.compile(
    r"根本|还是|真的|其实|完全|一点|问题|[还都也并啊呢吧了的呀就是]|"
    r"(?<![a-z])(?:it'?s|it|is|was|the|problem|issue|still|really|yet|at|all|totally|honestly|"
    r"just|no|sorry)(?![a-z])",
    re.I,
)


def _says_more(rest: str) -> bool:
    """Whether the words of a survey answer besides its score say something: more than a
    "not solved" and the words around it ("根本没解决", "it's still not solved" say no why)."""
    if _NOT_SOLVED_SAID.search(rest) is None:
        return _meaningful(rest)  # "还行吧", "好的": a short comment is a comment
    return _meaningful(_NOT_SOLVED_FILLER.sub("", _NOT_SOLVED_SAID.sub("", rest)))


def leading_score(text: str) -> tuple[int, bool, str | None] | None:
    """A score said first and words after it ("1 太差了", "4分，还行就是慢"), or a score named
    as one among words about the survey ("上一个的评分 5分 处理挺快"): (score, solved, the
    words or None), None for anything else (a bare number is handlers/idle.py:bare_number's)."""
    text = score_form(text)  # "⭐⭐⭐⭐ 退款挺快的", "四颗星 处理得挺快"
    found = LEADING_SCORE.match(text.strip())
    if found is None:
        return _named_score(text)
    remark = survey_remark(text)
    solved = not any(word in normalise(text) for word in NOT_SOLVED)
    if remark is None and solved:
        return None
    # "2，还是没解决" says no why: a score all the same, its reason asked (newcomer trial 17)
    return leading_value(found), solved, remark


# A score named as one in the middle of words about the survey: "上一个的评分 5分 处理挺快"
# (newcomer trial 7: it went to the newer ticket as a message for its agent).
_NAMED_SCORE = re.compile(r"(?<![\d.])([1-5])\s*(?:分|星|颗星)(?![\d])(?:\s*[吧啊呀哈])?")
_ABOUT_SURVEY = re.compile(r"评分|打分|打个分|给.{0,3}分|满意度|回访")


def _named_score(text: str) -> tuple[int, bool, str | None] | None:
    """(score, solved, words) for a message that says it scores the survey and names exactly
    one score ("N分"/"N星") anywhere; None otherwise. The words are those after the score (None
    when nothing is said after it: the words before talk about the survey)."""
    if not _ABOUT_SURVEY.search(text):
        return None
    scores = list(_NAMED_SCORE.finditer(text))
    if len(scores) != 1:
        return None
    found = scores[0]
    after = text[found.end() :].strip(_REMARK_EDGES)
    solved = not any(word in normalise(text) for word in NOT_SOLVED)
    return int(found.group(1)), solved, after if _meaningful(after) else None


async def _ticket_of(turn: Turn, number: str | None) -> Ticket | None:
    if not number:
        return None
    ticket = await life.find_ticket(turn, number)
    if ticket is None or (ticket.channel, ticket.user_id) != (
        turn.inbound.channel,
        turn.inbound.user_id,
    ):
        return None  # a customer only ever touches their own tickets
    return ticket


async def button(turn: Turn) -> bool:
    """Handles a pressed button that names a ticket; True when it did."""
    key = turn.inbound.choice or ""
    name, _, rest = key.partition(":")
    if name in ("accept", "refuse"):
        ticket = await _ticket_of(turn, rest)
        if ticket is not None:
            await answer_proposal(turn, ticket, name == "accept")
            return True
    if name == "score":
        number, _, score = rest.partition(":")
        ticket = await _ticket_of(turn, number)
        if ticket is not None and score.isdigit():
            await answer_survey(turn, ticket, int(score), solved=True)
            return True
    return False


async def proposal(turn: Turn) -> bool:
    """State `proposal`: the customer answers a remedy pushed to them, in a button or words.

    "可以，接受" accepts; "不接受，我要全额退款" refuses, and the reason goes with the
    escalation. Anything else about the ticket is relayed to its handler and the question
    stays open. Returns False when the proposal is gone (the router then treats the
    message as in an idle conversation).
    """
    ticket = await _ticket_of(turn, turn.data.get("ticket"))
    if ticket is None or ticket.status not in life.OPEN:
        turn.go(State.IDLE)
        return False
    choice = resolve_choice(turn)
    if choice:
        await answer_proposal(turn, ticket, choice.startswith("accept"))
        return True
    words = proposal_words(turn)
    verdict = proposal_verdict(turn)
    story = another_complaint_story(turn, ticket, strict=True) if verdict is None else None
    if story is not None:
        # "另外我还想投诉一下你们的快递员…" while a proposal waits: a new complaint, not a note
        # on this ticket (newcomer trial 24); the proposal's buttons still answer it.
        await start_after_filing(turn, story, ticket)
        return True
    if verdict is not None:
        words = without_choice_number(words)  # "2 不接受 …": the 2 is the choice, no reason
    partly = await _partly_accepted(turn, ticket, words)
    if partly is not None:
        # "道歉就行了 券不要": a yes to a part of the proposal (newcomer trial 22: escalated as
        # a refusal); a part of another kind ("退款就行了" to an exchange) is a counter-offer.
        if partly:
            await answer_proposal(turn, ticket, True, words)
        else:
            await _pass_counter_offer(turn, ticket, words)
        return True
    if verdict is not None or has_cue(words, "decision", "accept"):
        proposed = await _proposed(turn, ticket)
        if declines_extra(words, proposed):
            # "行 那多久到账？券就不要了 我不会再点了": the main remedy taken, its extra
            # declined, nothing asked in its place, is a yes; the words go to the handler
            # (newcomer trial 24: escalated as a refusal).
            await answer_proposal(turn, ticket, True, acceptance_words(words))
            return True
        if partly_refused(words, proposed) or conditions_terms(words, proposed):
            # "搬运费退我可以 但是修我不接受 直接换新的": a yes to one part and a no to
            # another; "ok 但係要你哋上門收貨先得": a yes on a condition the proposal does
            # not hold. Neither is a plain yes or no: a counter-offer (newcomer trial 24).
            await _pass_counter_offer(turn, ticket, words)
            return True
    if verdict != "accept" and scorns_offer(turn.inbound.text):
        # "就38？孩子吃了有头发的饭 我要求赔偿": scorn of the offer is a no; the whole message,
        # its question too, is the reason (newcomer trial 22: relayed, proposal asked again).
        await answer_proposal(turn, ticket, False, without_choice_number(turn.inbound.text))
        return True
    if await _changes_terms(turn, ticket, words):
        # "周六不行 周日可以吗", "下周可以吗", "退一半可以吗", "不要券 直接退钱行吗": the remedy
        # taken on another day, amount or way is a counter-offer, neither a yes nor a no
        # (newcomer trial 24: escalated as a refusal, or thanked for as an acceptance).
        await _pass_counter_offer(turn, ticket, words)
        return True
    if verdict != "refuse" and await _wishes_otherwise(turn, ticket, words):
        # "想好了 还是退钱吧 换新的我不放心" to a replacement: another remedy wished for, or
        # distrust of the one proposed, is no yes, with or without one (newcomer trial 17:
        # it was thanked for as an acceptance); the handler answers it, the proposal stays.
        await _pass_counter_offer(turn, ticket, words)
        return True
    if verdict is not None and (counter := counter_offer(words)) is not None:
        # "行吧 券我用不上 能不能直接多退20块钱": a yes that asks for another remedy is no
        # acceptance (newcomer trial 12); the handler answers it, the proposal stays open.
        await _pass_counter_offer(turn, ticket, counter)
        return True
    if verdict is None and asks_for_more(words):
        # "能不能多赔点 鱼缸300多买的": neither yes nor no but more than offered; the handler
        # hears it as a counter-offer and the customer that it was passed on (newcomer
        # trial 14: it was relayed as a remark and the proposal asked again as if unheard).
        await _pass_counter_offer(turn, ticket, words)
        return True
    if verdict is not None:
        # The words besides the yes or no, a question or a condition among them (trial 6
        # item 1: "可以吧 但是啥时候送新的来 周末我不在家"), go to the handler with it.
        reason = (refusal_reason if verdict == "refuse" else acceptance_words)(words)
        await answer_proposal(turn, ticket, verdict == "accept", reason)
        return True
    rest = words
    if rest or turn.inbound.attachments:
        offered = turn.offered()
        # Words naming another open ticket ("西单店那个店员的事呢") are that ticket's; the
        # proposal stays open (trial 10).
        await relay(turn, await _named_elsewhere(turn, ticket, rest) or ticket, rest)
        turn.go(State.PROPOSAL, ticket=ticket.number)
        turn.say(proposal_again(turn, offered), tuple(offered))
        return True
    turn.say(proposal_again(turn, turn.offered()), tuple(turn.offered()))
    return True


# "2 不接受 …", "1、接受 但是…": the choice's number typed before the words that say it.
_CHOICE_NUMBER = re.compile(r"^\s*[12]\s*[.、,，:：)）]?\s*(?=\D)")


def without_choice_number(words: str) -> str:
    """`words` without a leading choice number ("2 不接受 孩子吃了…" -> "不接受 孩子吃了…"),
    kept when no decision follows it ("2 个小时了"): the number only repeats the choice."""
    found = _CHOICE_NUMBER.match(words)
    if found is None or opening_decision(words[found.end() :]) is None:
        return words.strip()
    return words[found.end() :].strip()


# A sum belittled: "就38？", "才38块", "只给10元？".
_SCORNED_SUM = re.compile(
    r"(?:就|才|只|只有|只给|only\s)\s*\d+(?:\.\d+)?\s*"
    r"(?:块钱?|元|\s*yuan|\s*rmb|\s*bucks)?\s*(?:[？?]|块|元)"
)


_SCORN_CHARS = frozenset("就才只打叫完糊敷开这")  # a character each scorn cue holds


def scorns_offer(text: str) -> bool:
    """Whether a reply to a proposal scorns it: a sum belittled ("就38？", "才38块") or words
    of scorn ("打发叫花子", "不是退款就完了"; [decision] scorn in nlp/data/intent_cues.toml)."""
    if not any(ch in _SCORN_CHARS or (ch.isascii() and ch.isalpha()) for ch in text):
        return False  # the cheap check first: most replies hold none of these
    return bool(_SCORNED_SUM.search(text)) or has_cue(text, "decision", "scorn")


async def _partly_accepted(turn: Turn, ticket: Ticket, words: str) -> bool | None:
    """Whether a reply saying a part of a remedy is enough ("道歉就行了 券不要", "道个歉就
    可以") accepts a part of the proposal (True) or wishes for a remedy it does not hold
    (False, "退款就行了" to an exchange). None when no clause names a remedy and then says it
    is enough ([decision] enough in nlp/data/intent_cues.toml)."""
    if not has_cue(words, "decision", "enough"):
        return None
    named: set[str] = set()
    for clause in re.split(r"[，,。.；;！!\s]+", words):
        spans = cue_phrases(clause, "decision", "enough")
        if spans and spans[0][0] > 0:
            named |= remedy_kinds(clause[: spans[0][0]])
    if not named:
        return None
    proposal = await tickets_q.last_event(turn.session, ticket.id or 0, "proposal")
    said = turn.services.vault.open(proposal.text_enc) if proposal else None
    return named <= remedy_kinds(said or "")


async def _proposed(turn: Turn, ticket: Ticket) -> str:
    """The words of the ticket's newest proposal ("" when none is recorded)."""
    proposal = await tickets_q.last_event(turn.session, ticket.id or 0, "proposal")
    return (turn.services.vault.open(proposal.text_enc) if proposal else None) or ""


_CLAUSES = re.compile(
    r"[，,。.；;！!？?]+|(?<![a-z])but(?![a-z])|(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])",
    re.I,
)


def _clauses(words: str) -> list[str]:
    """The clauses of a reply: split at punctuation, "but" and spaces beside Han."""
    return [clause for clause in _CLAUSES.split(words) if clause and clause.strip()]


def declines_extra(words: str, proposed: str) -> bool:
    """Whether a reply to `proposed` says yes and only declines its goodwill extra ("行 那多久
    到账？券就不要了 我不会再点了", "好吧 补偿就算了", "ok, voucher not needed") with nothing asked
    in its place: an acceptance. The extra (a voucher, points, compensation…) must be in the
    proposal beside a remedy of its own; a request, a swap, more, another remedy or a sum
    asked for ("券我用不上 能不能直接多退20块钱") makes it no plain yes (counter_offer).
    Cues: nlp/data/intent_cues.toml [counter_offer] extra, not_wanted."""
    if opening_decision(words) != "accept" and not _yes_clause(words):
        return False
    offered = key(proposed)
    declined: list[str] = []
    others: list[str] = []
    for clause in _clauses(words):
        extras = [key(clause)[a:b] for a, b in cue_phrases(clause, "counter_offer", "extra")]
        if extras and has_cue(clause, "counter_offer", "not_wanted"):
            if not any(_same_extra(extra, offered) for extra in extras):
                return False  # an extra the proposal does not hold
            declined += extras
        else:
            others.append(clause)
    if not declined:
        return False
    main = "，".join(
        part
        for part in re.split(
            r"[，,。；;！!]|\.(?!\d)|另|(?<![a-z])(?:and|plus|with)(?![a-z])", proposed
        )
        if not any(_same_extra(extra, key(part)) for extra in declined)
    )
    if not remedy_kinds(main):
        return False  # the extra is all the proposal holds: declining it is no yes
    rest = " ".join(others)
    if any(
        has_cue(rest, "counter_offer", name) for name in ("instead", "more", "declined", "prefer")
    ):
        return False
    if has_cue(rest, "decision", "refuse") or scorns_offer(rest):
        return False
    if has_cue(rest, "counter_offer", "asks") and (
        has_cue(rest, "counter_offer", "remedy") or _AMOUNT.search(rest)
    ):
        return False
    return not (remedy_kinds(rest) - remedy_kinds(proposed))


def _same_extra(extra: str, offered: str) -> bool:
    """Whether the extra declined is one `offered` holds: the same word, or a voucher of
    another name ("优惠券" declined, "无门槛券" offered)."""
    return extra in offered or (extra.endswith("券") and "券" in offered)


def _yes_clause(words: str) -> bool:
    """Whether a clause of `words` is a yes and holds no no."""
    return any(
        has_cue(clause, "decision", "accept") and not has_cue(clause, "decision", "refuse")
        for clause in _clauses(without_non_decisions(words))
    )


def partly_refused(words: str, proposed: str) -> bool:
    """Whether a reply says yes to one part of the proposal and no to another ("搬运费退我可以
    但是修我不接受 直接换新的", "退款同意，维修不同意", "the fee refund is fine but I don't accept
    another repair"): a clause naming a remedy of the proposal with a yes, and another clause
    with a no. Neither a yes nor a refusal: a counter-offer."""
    clauses = _clauses(without_non_decisions(words))
    offered = remedy_kinds(proposed)
    yes_part = no_part = -1
    for index, clause in enumerate(clauses):
        refuses = has_cue(clause, "decision", "refuse")
        if not refuses and has_cue(clause, "decision", "accept"):
            if remedy_kinds(clause) & offered and yes_part < 0:
                yes_part = index
        elif refuses and no_part < 0 and _names_part(clause, proposed):
            no_part = index  # "修我不接受"; not "但是不要拖太久", a remark
    return yes_part >= 0 and no_part >= 0


# Characters that name no part of a proposal ("但是…我不接受").
_NO_PART = frozenset("但是係系我你您们哋的嘅了就也都不唔要接受同意行可以好没有冇这那个还再")


def _names_part(clause: str, proposed: str) -> bool:
    """Whether a clause refusing names a part of `proposed`: a remedy, or a word of it ("修
    我不接受" to "上门检修…")."""
    said, offered = key(clause), key(proposed)
    for start, end in cue_phrases(clause, "decision", "refuse"):
        said = said[:start] + " " * (end - start) + said[end:]
    if remedy_kinds(said):
        return True
    if any("\u3400" <= ch <= "\u9fff" and ch not in _NO_PART and ch in offered for ch in said):
        return True
    return any(word in offered for word in re.findall(r"[a-z]{4,}", said))


# Said around a condition without naming its terms: "你们", "要", "就行", "先得".
_CONDITION_FILLER = re.compile(
    r"你们|你哋|你們|您|你|我|要|得|先|就|行|才|可以|的|嘅|了|啦|喇|吧|呀|啊|you|to|it|the|me|my|"
    r"have|need|must|would|'d|will|up|please|just",
    re.I,
)
# Conditions that only ask the remedy be quick or careful: the same terms ("但是要尽快").
_SAME_TERMS = re.compile(r"快|尽早|早点|抓紧|注意|下次|以后|asap|soon|quick|fast|hurry", re.I)


def conditions_terms(words: str, proposed: str) -> bool:
    """Whether a yes sets a condition the proposal does not hold ("ok 但係要你哋上門收貨先得",
    "可以 只要你们上门来取就行", "ok but only if you pick it up", "同意 前提是你们上门取件"): a
    counter-offer. A condition the proposal holds ("可以 只要周日上门就行" to a Sunday visit),
    one asking only speed or care ("但是要尽快"), or a question or a detail with no condition
    word ("可以 什么时候送来？") is none. Cues: nlp/data/intent_cues.toml [counter_offer]
    condition."""
    spans = cue_phrases(words, "counter_offer", "condition")
    if not spans:
        return False
    said = key(words)
    clause_start = max(said.rfind(mark, 0, spans[0][0]) for mark in "，,。；;！!？? ") + 1
    ends = [said.find(mark, spans[-1][1]) for mark in "，,。；;！!？?"]
    clause_end = min([end for end in ends if end >= 0] or [len(said)])
    condition = said[clause_start:clause_end]
    for start, end in reversed(cue_phrases(condition, "counter_offer", "condition")):
        condition = condition[:start] + " " + condition[end:]
    condition = without_non_decisions(condition)
    if _SAME_TERMS.search(condition):
        return False
    terms = _CONDITION_FILLER.sub(" ", condition)
    offered = key(proposed).replace(" ", "")
    han = [
        run[i : i + 2]
        for run in re.findall(r"[\u4e00-\u9fff]+", terms)
        for i in range(max(len(run) - 1, 1))
    ]
    latin = re.findall(r"[a-z]{3,}", terms)
    parts = han + latin
    # Most of what the condition asks must be in the proposal for it to be the same terms.
    return bool(parts) and sum(part in offered for part in parts) * 2 < len(parts)


def proposal_again(turn: Turn, offered: list[Choice] | None = None) -> str:
    """The one-line reminder of an open proposal, naming its options as the customer's
    screen numbers them ("回复 1 接受，或 2 不接受…"), so a text channel need not list them
    again under it (handlers/messages.py:render_choices_as_text)."""
    labels = [choice.label for choice in (turn.offered() if offered is None else offered)]
    if len(labels) != 2:  # not the accept/refuse pair the push offered: the catalogue's words
        labels = [turn.t("push.accept"), turn.t("push.refuse")]
    return turn.t("followup.proposal_again", accept=labels[0], refuse=labels[1])


async def _named_elsewhere(turn: Turn, ticket: Ticket, text: str) -> Ticket | None:
    """Another of the customer's open tickets that `text` names (its number, last digits,
    object: handlers/ticket_choice.py:named_ticket), None when it names `ticket` or none."""
    tickets = await open_tickets(turn)
    named = named_ticket(turn, text, tickets) if len(tickets) > 1 else None
    return named if named is not None and named.number != ticket.number else None


_CLAUSE_END = "，,。.！!；;：: \n"
# Questions that, while a proposal is open, are about the remedy itself ("多久到账",
# "啥时候送来"): for the ticket's handler, not the policy's timetable (trial 6 item 1).
REMEDY_QUESTION_TOPICS = frozenset({"handling_time"})


def remedy_questions(turn: Turn) -> list[str]:
    """The questions of the message that only the handler of the proposed remedy can answer
    (REMEDY_QUESTION_TOPICS), and every question said with a yes or no to the proposal but
    one about progress: it asks how the remedy agreed is carried out ("行吧 接受 那医药费
    怎么报 要寄发票吗"; newcomer trial 18: the evidence FAQ answered it and the handler never
    heard it). router._questions leaves them to `proposal`."""
    if turn.reading is None:
        return []
    decided = _decides(turn)
    return [
        q.text
        for q in turn.reading.cues.questions
        if q.topic in REMEDY_QUESTION_TOPICS or (decided and q.topic not in _POLICY_TOPICS)
    ]


# Questions the policy answers even when said with a decision: where the ticket stands.
_POLICY_TOPICS = frozenset({"status"})


def _decides(turn: Turn) -> bool:
    """Whether the message says yes or no to the proposal (read as proposal_verdict reads
    it, on the words besides the questions)."""
    if turn.reading is None:
        return False
    return turn.reading.decision() is not None or opening_decision(turn.reading.rest) is not None


def proposal_words(turn: Turn) -> str:
    """What the customer said in reply to a proposal, as the handler should read it: the
    message without greetings and thanks, and without the questions the policy answers, but
    with those about the remedy, in the order written."""
    if turn.reading is None:
        return turn.inbound.text.strip()
    for_handler = remedy_questions(turn)
    if not for_handler:
        return turn.reading.rest
    text = turn.inbound.text.strip()
    for question in turn.reading.cues.questions:
        if question.text not in for_handler:  # answered by router._questions
            text = text.replace(question.text, "", 1)
    return text.strip(_CLAUSE_END)


def proposal_verdict(turn: Turn) -> str | None:
    """ "accept", "refuse" or None: the answer to an open proposal in a typed message.

    Read on the words besides greetings and questions (a greeting's 好 is no yes, a
    question's 可以 in "什么时候可以到账" none either); when the yes or no shares its clause
    with a question ("可以吧 但是啥时候送新的来", "行 那多久到账？") it counts only opening the
    message and standing apart from what follows."""
    if turn.reading is None:
        return None
    verdict = turn.reading.decision()
    if verdict is not None:
        return verdict
    return opening_decision(proposal_words(turn))


def opening_decision(text: str) -> str | None:
    """ "accept" / "refuse" when `text` opens with a yes or no set apart by a space, an aside
    or punctuation ("行 那多久到账？", "可以吧 但是…", "不行，…"); None otherwise ("好久了",
    "可以到账吗": the cue is part of another word or of the question)."""
    text = text.strip()
    for verdict in ("refuse", "accept"):
        spans = cue_phrases(without_non_decisions(text), "decision", verdict)
        if spans and spans[0][0] == 0:
            after = text[spans[0][1] :].lstrip(_ASIDES)
            if not after or after[0] in _CLAUSE_END:
                return verdict
    return None


def refusal_reason(text: str) -> str:
    """The customer's reason for refusing a proposal: their whole words, so the amount and
    the objection reach the supervisor ("20块券太少了，我要全额退款" stays whole). Only a
    bare refusal cue opening the message as its own clause is dropped ("不接受，我要全额
    退款" -> "我要全额退款"; "不行" -> ""), since it says nothing the event kind does not.
    Cues are nlp/data/intent_cues.toml [decision] refuse."""
    text = text.strip()
    spans = cue_phrases(text, "decision", "refuse")
    if spans and spans[0][0] == 0:
        rest = text[spans[0][1] :]
        if not rest or rest[0] in _CLAUSE_END:
            return rest.strip(_CLAUSE_END)
    return text


# Said around a yes without adding to it: "行吧", "好的呀", "那就".
_ASIDES = "吧啊哈呀了的嗯呢哦噢那就也都"
# ... and the proposal named in it: "同意这个方案", "accept the offer".
_PROPOSAL_WORDS = re.compile(
    r"^(?:这个|你们的?|这样的?|处理|方案|提议|建议|the\s+|this\s+|your\s+|proposal|plan|remedy|"
    r"offer)+",
    re.I,
)


def acceptance_words(text: str) -> str:
    """What the customer said besides accepting a proposal: "行吧 可以接受，明天上午来哈
    下午我不在家" -> "明天上午来哈 下午我不在家" (a condition the handler must hear, newcomer
    trial item 6); "" for a bare yes ("好的，可以"). The accept cues opening the message
    (nlp/data/intent_cues.toml [decision] accept), with asides and punctuation between
    them, are dropped; the rest is kept whole."""
    text = text.strip()
    while True:
        rest = _PROPOSAL_WORDS.sub("", text.lstrip(_CLAUSE_END + _ASIDES))
        lead = _ASSENT_LEAD.match(rest)
        after_lead = rest[lead.end() :] if lead else rest
        spans = cue_phrases(without_non_decisions(after_lead), "decision", "accept")
        if spans and spans[0][0] == 0:  # "我同意", "这个能接受", "I accept": the yes again
            rest = after_lead[spans[0][1] :]
        if rest == text:
            text = text.strip(_CLAUSE_END)
            return "" if only_assent(text) else text
        text = rest


# Said before a second yes without adding to it: "我同意", "这个能接受", "I accept", "想好了 行".
_ASSENT_LEAD = re.compile(
    r"^(?:我们|我|也|都|能|完全|想好了|想好|totally|fully|i\s+can\s+|we\s+can\s+|i\s+|we\s+)+",
    re.I,
)
# What is left of a yes and thanks without saying more: "能", "我也", "all good then".
_ASSENT_FILLER = re.compile(
    r"[我们也都就能完全这那个是的了吧啊呀哈嗯呢哦噢还挺很蛮真太棒]|"
    r"(?<![a-z])(?:i|we|it|that|this|is|s|all|totally|fully|can|will|then|too|also|really|"
    r"very|much|so|good|nice|great|perfect|thank|thanks|you|please|cheers)(?![a-z])",
    re.I,
)


def only_assent(words: str) -> bool:
    """Whether `words`, left of a reply to a proposal once its yes is taken off, are only
    more yes and politeness ("能接受", "没问题 谢谢", "ok thanks"): nothing for the handler
    (newcomer trial 17: "可以 这个能接受" relayed "能接受" as the customer's words)."""
    said = without_non_decisions(words)
    for path in (("decision", "accept"), ("thanks", "words")):
        for start, end in reversed(cue_phrases(said, *path)):
            said = said[:start] + " " * (end - start) + said[end:]
    said = _PROPOSAL_WORDS_ANYWHERE.sub(" ", said)
    return not any(ch.isalnum() for ch in _ASSENT_FILLER.sub(" ", said))


_PROPOSAL_WORDS_ANYWHERE = re.compile(
    r"这个|你们的?|这样的?|处理|方案|提议|建议|"
    r"(?<![a-z])(?:the|this|your|proposal|plan|remedy|offer)(?![a-z])",
    re.I,
)


def counter_offer(words: str) -> str | None:
    """The customer's words when a reply to a proposal opens with a yes but asks for a
    different remedy instead: part of it declined ("券我用不上", "don't need the voucher"), a
    swap ("不要券 换成现金", "cash instead"), or a request for a remedy ("能不能直接多退20块钱",
    "can you refund the rest"). None for a plain yes, a yes with a condition ("明天上午来哈")
    or a question about the remedy ("那多久到账？"), and for a reply opening with a no (a
    refusal). Cues: nlp/data/intent_cues.toml [counter_offer]."""
    text = words.strip()
    rest = acceptance_words(text)
    if not rest or rest == text.strip(_CLAUSE_END):
        return None  # no yes opens it: a refusal, or no verdict at all
    if has_cue(rest, "counter_offer", "declined") or has_cue(rest, "counter_offer", "instead"):
        return text
    if has_cue(rest, "counter_offer", "asks") and (
        has_cue(rest, "counter_offer", "remedy") or _AMOUNT.search(rest)
    ):
        return text
    return None


async def _wishes_otherwise(turn: Turn, ticket: Ticket, words: str) -> bool:
    """Whether a reply to a proposal distrusts it ("换新的我不放心", "I don't trust another
    one") or wishes for a remedy of another kind than proposed ("还是退钱吧", "I'd rather
    have a refund"): a counter-wish, no acceptance. A remedy of the kind proposed ("行 还是换
    新的吧" to a replacement) is none. The proposal is read only when a wish is said."""
    if has_cue(words, "counter_offer", "distrust"):
        return True
    if not (
        has_cue(words, "counter_offer", "prefer") or has_cue(words, "counter_offer", "instead")
    ):
        return False
    wished = remedy_kinds(words)
    if not wished:
        return False
    proposal = await tickets_q.last_event(turn.session, ticket.id or 0, "proposal")
    proposed = turn.services.vault.open(proposal.text_enc) if proposal else None
    return bool(wished - remedy_kinds(proposed or ""))


# "3号", "10点", "3:30", "9am": a day of the month or an hour (changes_terms).
_CLOCK_TIME = re.compile(r"(?<!\d)\d{1,2}\s*(?:号|点|:\d\d|：\d\d|am|pm)", re.I)
# A sum said in a reply ("给200行不行", "退80"): a number, not a reference (7 digits or more),
# nor days, hours or a time ("都3天了", "3号", "10点").
_SUMS = re.compile(
    r"(?<![\d:：])\d{1,6}(?![\d:：]|\s*(?:天|日|号|点|小时|个|次|年|月|周|星期|分钟|am|pm|days?|"
    r"hours?|weeks?|months?|years?))",
    re.I,
)


async def _changes_terms(turn: Turn, ticket: Ticket, words: str) -> bool:
    """Whether a reply to a proposal asks for it on other terms (changes_terms), read
    against the proposal's words; the proposal is read only when the reply may."""
    if not (
        has_cue(words, "counter_offer", "time")
        or has_cue(words, "counter_offer", "share")
        or re.search(r"\d", words)
        or find_remedies(fold(words).lower())
    ):
        return False  # the cheap check first: no day, amount or remedy named
    proposal = await tickets_q.last_event(turn.session, ticket.id or 0, "proposal")
    proposed = turn.services.vault.open(proposal.text_enc) if proposal else None
    return changes_terms(words, proposed or "")


def changes_terms(words: str, proposed: str) -> bool:
    """Whether `words`, replying to the proposal `proposed`, ask for it on other terms: a
    day or time ("周六不行 周日可以吗", "能不能改到明天", "can we do Monday instead"), an amount
    ("退一半可以吗", "50% instead?", "给200行不行") or a remedy of another kind ("不要券 直接
    退钱行吗") that the proposal does not hold, asked for or set in its place ("改周日吧"); or a
    yes to a remedy of another kind in its own clause ("换货可以 不要退款"). A plain no or yes
    ("不行 我要全额退款", "可以 周日上午来吧 下午我不在家"), or a day the proposal names asked
    back ("明天可以吗" to "明天上门"), is none. Cues: nlp/data/intent_cues.toml
    [counter_offer] time, share, asks, asks_terms, change."""
    said, offered = key(words), key(proposed)
    times = [said[start:end] for start, end in cue_phrases(words, "counter_offer", "time")]
    times += [found.group().replace(" ", "") for found in _CLOCK_TIME.finditer(said)]
    other_time = any(time not in offered.replace(" ", "") for time in times)
    other_amount = has_cue(words, "counter_offer", "share") or any(
        number not in _SUMS.findall(offered) for number in _SUMS.findall(said)
    )
    other_kind = remedy_kinds(words) - remedy_kinds(proposed)
    asked = (
        has_cue(words, "counter_offer", "asks")
        or has_cue(words, "counter_offer", "asks_terms")
        or has_cue(words, "counter_offer", "change")
    )
    if asked and (other_time or other_amount or other_kind):
        return True
    return bool(other_kind) and any(
        remedy_kinds(clause) - remedy_kinds(proposed)
        and has_cue(clause, "decision", "accept")
        and not has_cue(clause, "decision", "refuse")
        for clause in re.split(r"[，,。.；;！!\s]+", words)
    )


def remedy_kinds(text: str) -> set[str]:
    """The kinds of remedy `text` names ("退钱" refund, "换新的" exchange, "a replacement")."""
    return {remedy.key for remedy in find_remedies(fold(text).lower())}


def asks_for_more(words: str) -> bool:
    """Whether a reply to a proposal with neither yes nor no asks for more or other than
    offered: a request (`asks`: "能不能", "could you") for more ("多赔点", "the full
    refund") or a swap ("换成现金"). Cues: nlp/data/intent_cues.toml [counter_offer]."""
    if not has_cue(words, "counter_offer", "asks"):
        return False
    return has_cue(words, "counter_offer", "more") or has_cue(words, "counter_offer", "instead")


_AMOUNT = re.compile(r"\d+\s*(?:块|元|rmb|yuan|¥)|[¥$]\s*\d+", re.I)


async def _pass_counter_offer(turn: Turn, ticket: Ticket, words: str) -> None:
    """A counter-offer: recorded on the ticket as the customer's message, told to the handler
    (the supervisors when nobody holds it), the customer told it was passed on; the
    proposal stays open."""
    offered = turn.offered()
    await turn.record(ticket.id or 0, "customer_message", None, words)
    await life.tell_assignee(
        turn,
        ticket,
        life.AGENT_TEXTS("agent.customer_countered", number=ticket.number, words=words),
    )
    turn.go(State.PROPOSAL, ticket=ticket.number)
    turn.say(
        turn.t("followup.counter_offer_passed", number=ticket.number, words=words)
        + "\n"
        + proposal_again(turn, offered),
        tuple(offered),
    )


async def answer_proposal(turn: Turn, ticket: Ticket, accepted: bool, reason: str = "") -> None:
    """Records the customer's decision and their words with it (`reason`: the refusal's
    reason, or what they said besides accepting; sealed on the event). An acceptance is
    told to the handler with those words; a refusal (with its reason) goes to a supervisor
    and to the handler."""
    # `decided`: the customer's next words go on about this decision (its reason, "凭什么扣
    # 500 墙本来就是那样的"), never another matter to ask about (trial 19).
    turn.go(State.IDLE, about=ticket.number, about_at=turn.now.isoformat(), decided=ticket.number)
    kind = "proposal_accepted" if accepted else "proposal_refused"
    await turn.record(ticket.id or 0, kind, None, reason or None)
    if accepted:
        told = (
            life.AGENT_TEXTS("agent.customer_accepted_words", number=ticket.number, words=reason)
            if reason
            else life.AGENT_TEXTS("agent.customer_accepted", number=ticket.number)
        )
        await life.tell_assignee(turn, ticket, told)
        # The remedy agreed is now being carried out: /status and /queue say 处理中, not
        # 已受理 (newcomer trial 7), as a customer's answer to /ask does (ticket_messages).
        if life.can_move(ticket.status, "processing"):
            await life.move(turn, ticket, "processing", actor_kind="customer", actor_id=turn.actor)
        accepted_text = turn.t("push.accepted", number=ticket.number)
        if reason:
            # A condition or a question said with the yes ("方案可以 但升级券我用不上 能换成
            # 现金吗") is answered by the handler: the customer hears it reached them
            # (newcomer trial 8: only "感谢您的确认" came back, as if it were not heard).
            # Only a question is promised an answer: a remark with the yes ("但下次注意",
            # "希望以后别再这样") is passed on and no reply is owed (newcomer trial 20).
            key = "accepted_words_passed" if is_question(reason) else "accepted_remark_passed"
            accepted_text += "\n" + turn.t(f"followup.{key}", words=reason)
        turn.say(accepted_text)
        return
    # docs/process.md section 4: a customer rejecting the proposed remedy goes to a supervisor.
    alert = (
        life.AGENT_TEXTS("agent.alert_refused_reason", number=ticket.number, reason=reason)
        if reason
        else life.AGENT_TEXTS("agent.alert_refused", number=ticket.number)
    )
    await life.escalate(
        turn, ticket, alert, actor_kind="customer", actor_id=turn.actor, reason="remedy refused"
    )  # its words are on the sealed event above
    await _tell_handler_of_refusal(turn, ticket, reason)
    turn.say(
        turn.t("followup.refused_with_reason", number=ticket.number, reason=reason)
        if reason
        else turn.t("push.refused", number=ticket.number)
    )


async def _tell_handler_of_refusal(turn: Turn, ticket: Ticket, reason: str) -> None:
    """The assignee hears the customer refused their proposal, as they hear an acceptance
    (newcomer trial 9: only the supervisors were alerted). A supervisor assignee already
    had the escalation's alert, and an unassigned ticket's alert reached the rooms."""
    told = (
        life.AGENT_TEXTS("agent.customer_refused_reason", number=ticket.number, reason=reason)
        if reason
        else life.AGENT_TEXTS("agent.customer_refused", number=ticket.number)
    )
    await life.tell_handler(turn, ticket, told)


def read_score(turn: Turn) -> tuple[int | None, bool]:
    """(score, solved) from a button, a number or words; "没解决" means not solved."""
    text = score_form(turn.inbound.text)  # "⭐⭐⭐⭐", "四颗星", "4 out of 5", "满分", "零分"
    said = normalise(text)
    solved = not any(word in said for word in NOT_SOLVED)
    if said.isdigit() and 1 <= int(said) <= 5:
        return int(said), solved
    choice = resolve_choice(turn)
    if choice and choice.count(":") == 2:
        return int(choice.rsplit(":", 1)[1]), solved
    if len(said) <= 12 and (digit := _SCORE_DIGIT.search(said)):  # "5分", "打4星", "4/5"
        return int(digit.group(1)), solved
    # "5 but way too slow": a score opening the message, then words (newcomer trial 8: only
    # the Chinese, shorter "5 但是太慢" fitted the length above).
    if (leading := LEADING_SCORE.match(text)) is not None:
        return leading_value(leading), solved
    # "满意 5星 但是等太久", "冰箱还没送来就说解决了？？一星" (score_form: "1星"), "给五分"
    if (inner := _inner_score(text)) is not None:
        return int(inner.group(1)), solved
    if (worded := score_word(text)) is not None:  # "还行吧", "meh, it was ok"
        return worded[0], solved
    return (1, False) if not solved else (None, True)


async def survey_score(turn: Turn) -> bool:
    """State `survey_score`: a score by button, number or words ("非常满意", "五星", "没解决").

    Words that are no score but say something are relayed to the ticket, and the score is
    asked again. Returns False when the survey no longer applies (treated as idle).
    """
    ticket = await _ticket_of(turn, turn.data.get("ticket"))
    if ticket is None or ticket.status != "resolved":
        turn.go(State.IDLE)
        return False
    if await _new_complaint_instead(turn, ticket):
        return True
    if turn.reading and names_another_object(turn, turn.reading.rest, ticket):
        # "钱收到了。但是热水器现在漏水": a new problem or more about this one? Asked, the
        # words kept; the survey still takes its score afterwards (handlers/idle.py).
        await ask_which(turn, [ticket], turn.reading.rest)
        return True
    score, solved = read_score(turn)
    if score is None:
        rest = turn.reading.rest if turn.reading else ""
        if len(normalise(rest)) >= 4 or turn.inbound.attachments:
            await relay(turn, ticket, rest)
            if ticket.status != "resolved":
                # "又坏了" reopened it (ticket_messages.relay): no survey waits any more, so
                # none is asked again, now or when the chat reopens (newcomer trial 8).
                turn.go(State.IDLE, about=ticket.number, about_at=turn.now.isoformat())
                return True
            # Kept for the score still to come: they are its comment (none asked again).
            said_before = (
                turn.data.get(SAID_BEFORE_SCORE) if turn.state == State.SURVEY_SCORE else None
            )
            told = f"{said_before} {rest}" if said_before else rest
            turn.go(State.SURVEY_SCORE, ticket=ticket.number, **{SAID_BEFORE_SCORE: told})
        turn.say(turn.t("survey.invalid"), tuple(life.survey_choices(ticket)))
        return True
    await answer_survey(turn, ticket, score, solved, survey_remark(turn.inbound.text))
    return True


async def answer_survey(
    turn: Turn,
    ticket: Ticket,
    score: int,
    solved: bool,
    remark: str | None = None,
    *,
    ask_comment: bool = True,
) -> None:
    """Records a survey answer: `score` 1-5, `solved` False for an explicit "not solved",
    `remark` the words said with the score (survey_remark), kept as the survey's comment;
    `ask_comment` False when another dialogue goes on (handlers/survey_aside.py): no comment
    is asked for then.

    docs/process.md section 5: a score at or below the policy's `survey.reopen_at_or_below`,
    or not solved, reopens the ticket and alerts the supervisors (the remark with it);
    otherwise it closes and the customer is asked for an optional comment, unless the remark
    was it. A ticket no longer `resolved` (a second tap) changes nothing. Raises
    lifecycle.Refused only if the close is not a legal move.
    """
    relayed = False
    said_before = _said_before_score(turn, ticket)
    if remark is None and said_before:
        # "钱收到了 就是等得有点久", then "3分吧": the words, already relayed to the handler,
        # are the comment; no comment is asked for again (newcomer trial 22).
        remark, relayed = said_before, True
    if ticket.status != "resolved":
        # Already answered (a button pressed twice): say where the ticket stands, change nothing.
        turn.go(State.IDLE)
        key = "survey.closed" if ticket.status == "closed" else "survey.reopened"
        turn.say(turn.t(key, number=ticket.number))
        return
    resolved_at = ticket.resolved_at  # a reopen clears it; a correction may put it back
    await _record_survey(
        turn, ticket, score, solved, remark, ask_comment=ask_comment, relayed=relayed
    )
    if turn.state in (State.IDLE, State.SURVEY_COMMENT):
        # The survey stays open to a correction ("刚才按错了 是2") until the state changes.
        mark_scored(turn, ticket, score, resolved_at)


# The conversation's data while the survey waits for its score: the words the customer said
# instead of one (relayed to the handler), kept as the comment of the score that follows.
SAID_BEFORE_SCORE = "said"


def _said_before_score(turn: Turn, ticket: Ticket) -> str | None:
    """The words said to `ticket`'s survey before its score (SAID_BEFORE_SCORE), or None."""
    if turn.state != State.SURVEY_SCORE or turn.data.get("ticket") != ticket.number:
        return None
    said_before = turn.data.get(SAID_BEFORE_SCORE)
    return str(said_before) if said_before else None


async def _record_survey(
    turn: Turn,
    ticket: Ticket,
    score: int,
    solved: bool,
    remark: str | None,
    *,
    ask_comment: bool,
    relayed: bool = False,
) -> None:
    """Records the answer and says what follows (answer_survey); `relayed`: the remark
    reached the handler already (said before the score), so it is not passed on again."""
    policy = turn.services.policy
    ticket.survey_score = score
    await turn.record(ticket.id or 0, "survey_answer", {"score": score, "solved": solved})
    if remark:
        await _keep_comment(turn, ticket, remark)
    if score <= policy.survey.reopen_at_or_below or not solved:
        alert = life.AGENT_TEXTS("agent.alert_reopened", number=ticket.number, score=score)
        if remark:  # the customer's words, masked: the alert may go to a room
            alert += "\n" + life.AGENT_TEXTS("agent.survey_remark", text=mask_text(remark))
        await reopen(turn, ticket, alert)
        reopened = turn.t("survey.reopened", number=ticket.number)
        if remark and not relayed and is_question(remark):  # it went with the alert: say so
            reopened += "\n" + turn.t("survey.question_passed", number=ticket.number)
        if remark or not ask_comment:
            turn.go(State.IDLE, about=ticket.number, about_at=turn.now.isoformat())
            turn.say(reopened)
            return
        # A bare low score or "没解决": the reason is asked in one line, so the reopen has one
        # (newcomer trials 16, 17); the answer goes to the handler and the supervisors
        # (survey_comment).
        turn.go(State.SURVEY_COMMENT, ticket=ticket.number, reason=True)
        turn.say(reopened + "\n" + turn.t("survey.reason"))
        return
    ticket.survey_outcome = "answered"
    await life.move(turn, ticket, "closed", actor_kind="customer", actor_id=turn.actor)
    if remark and not relayed and tells_new_problem(remark) is not None:
        # "3分吧 退款是退了 但是骑手骂人的事没人管": the score closes this ticket, but the
        # problem told with it was never handled: a person must hear it (newcomer trial 12;
        # at the comment step _problem_told files it as a new complaint).
        await _relay_new_issue(turn, ticket, remark)
        turn.go(State.IDLE)
        turn.say(
            turn.t("survey.closed", number=ticket.number)
            + "\n"
            + turn.t("survey.new_issue_passed", number=ticket.number)
        )
        return
    if remark and not relayed and is_question(remark):
        # "4分 退款多久到账？": the score closes the ticket, the question is the handler's to
        # answer, not the status template's (newcomer trial 20).
        await turn.record(ticket.id or 0, "customer_message", None, remark)
        await life.tell_assignee(
            turn,
            ticket,
            life.AGENT_TEXTS("agent.survey_question", number=ticket.number, text=remark),
        )
        turn.go(State.IDLE, about=ticket.number, about_at=turn.now.isoformat())
        turn.say(
            turn.t("survey.closed", number=ticket.number)
            + "\n"
            + turn.t("survey.question_passed", number=ticket.number)
        )
        return
    if remark or not ask_comment:
        turn.go(State.IDLE)
        thanks = "\n" + turn.t("survey.comment_thanks") if remark else ""
        turn.say(turn.t("survey.closed", number=ticket.number) + thanks)
        return
    turn.go(State.SURVEY_COMMENT, ticket=ticket.number)
    turn.say(turn.t("survey.closed", number=ticket.number) + "\n" + turn.t("survey.comment"))


async def _relay_new_issue(turn: Turn, ticket: Ticket, text: str) -> None:
    """A problem told in a survey answer that closed `ticket`: on the ticket as the customer's
    message marked unresolved (/show: "回访中提到未处理的问题"), to its handler and to the
    supervisors (masked for the rooms) as a new issue."""
    await turn.record(ticket.id or 0, "customer_message", {"unresolved": True}, text)
    await life.relay_words(turn, ticket, "agent.survey_new_issue", text)


async def _keep_comment(turn: Turn, ticket: Ticket, text: str) -> None:
    """The survey's comment on the ticket (sealed) and as an event with its words."""
    ticket.survey_comment_enc = turn.services.vault.seal(text)
    await turn.record(ticket.id or 0, "survey_comment", None, text)


# "我要投诉…" opening a message: a complaint, never a survey's comment or score. The bare
# word "投诉" is left out: "投诉处理得挺快" is a comment.
_COMPLAINT_OPENERS = tuple(
    normalise(w) for w in COMPLAIN_INTENTS if normalise(w) not in ("投诉", "complaint")
)


def _opens_complaint(text: str) -> bool:
    said = normalise(text)
    return any(said.startswith(opener) for opener in _COMPLAINT_OPENERS)


async def _new_complaint_instead(turn: Turn, ticket: Ticket) -> bool:
    """While a survey waits for its score or comment, a message that says it is another
    complaint ("我还要投诉…", "另外还有一件事…", "我要投诉…") starts one, its facts in the new
    draft (docs/process.md section 4; trial 6 item 2). The survey of `ticket` stays
    answerable: a score typed later still reaches it (handlers/idle.py:bare_number)."""
    reading = turn.reading
    if reading is None or turn.inbound.attachments:
        return False
    story = another_complaint_story(turn, ticket)  # "另外我还想投诉一下你们的快递员…" (trial 24)
    if story is None and _opens_complaint(reading.rest):
        story = reading.rest
    if story is None or not intake.is_substantive(story):
        return False  # "还有一件事" alone: read as usual
    if turn.state == State.SURVEY_SCORE:
        turn.go(State.IDLE)
        turn.say(turn.t("survey.later", number=ticket.number))
        await intake.start(turn, with_account=True, text=story)
    else:
        await start_after_filing(turn, story, ticket)
    return True


async def survey_comment(turn: Turn) -> bool:
    """State `survey_comment`: an optional comment. A new complaint, files, or a message when
    the ticket is gone are not a comment: False hands them to the idle conversation; a story
    about another product or store, or one that says it is a complaint, starts a new one."""
    ticket = await _ticket_of(turn, turn.data.get("ticket"))
    text = turn.inbound.text.strip()
    if ticket is not None and await correction_after_survey(turn, within_window=False):
        return True  # "给个三分吧", "刚才按错了 是2": the score given is replaced (trial 20)
    if ticket is not None and turn.data.get("reason") and ticket.status in life.OPEN:
        return await _reopen_reason(turn, ticket, text)
    if ticket is not None and (
        await _new_complaint_instead(turn, ticket)
        or (turn.reading and await _another_problem(turn, ticket, turn.reading.rest))
        or (turn.reading and await _problem_told(turn, ticket, turn.reading.rest))
    ):
        return True
    turn.go(State.IDLE)
    new = turn.reading is not None and turn.reading.cues.new_complaint
    if ticket is not None and normalise(text) in NONE_WORDS and not turn.inbound.attachments:
        turn.say(turn.t("followup.nothing_pending"))  # "跳过": answered, not met with silence
        return True
    if ticket is None or not text or normalise(text) in NONE_WORDS or new:
        return not (turn.inbound.attachments or (text and normalise(text) not in NONE_WORDS))
    if asks_after_refund(text):
        # "钱到账了吗" is a question for a person, not a remark on the handling (newcomer trial
        # 22): read as in an idle conversation, it is recorded on the ticket just closed and
        # relayed to its handler (handlers/idle.py:_about_ended_ticket).
        return False
    await _keep_comment(turn, ticket, text)
    turn.say(turn.t("survey.comment_thanks"))
    return True


async def _reopen_reason(turn: Turn, ticket: Ticket, text: str) -> bool:
    """The reason for a low score, asked after it reopened `ticket`: kept as the survey's
    comment and sent to the handler and the supervisors (masked for the rooms). "The hot
    water is still broken" is the reason here, not a new complaint (the ticket is being
    worked again); one that says it is another complaint starts one. Files, an empty message
    or "跳过" are no reason: False hands them to the idle conversation."""
    if await _new_complaint_instead(turn, ticket):
        return True
    turn.go(State.IDLE, about=ticket.number, about_at=turn.now.isoformat())
    if turn.inbound.attachments or not text or normalise(text) in NONE_WORDS:
        return not (turn.inbound.attachments or (text and normalise(text) not in NONE_WORDS))
    await _keep_comment(turn, ticket, text)
    await life.relay_words(turn, ticket, "agent.reopen_reason", text)
    turn.say(turn.t("survey.reason_thanks", number=ticket.number))
    return True


async def _another_problem(turn: Turn, ticket: Ticket, text: str) -> bool:
    """A comment that tells of a problem with another product or store ("热水器现在漏水" after
    a ticket about an air conditioner, now closed) is a new complaint, not a comment."""
    if turn.inbound.attachments or not names_another_object(turn, text, ticket):
        return False
    turn.go(State.IDLE)
    await intake.start(turn, with_account=True, text=text)
    return True


def tells_new_problem(text: str) -> list[str] | None:
    """Whether words said after a ticket was closed tell of a problem rather than comment on
    its handling: urgent content (nlp/severity_rules.py; its reasons returned), the trouble
    being back ("又坏了", "still broken": [not_solved] in nlp/data/intent_cues.toml; [] then)
    or a matter nobody dealt with ("骑手骂人的事没人管": [untreated]; [] then).
    None for a comment ("师傅很专业", "处理得有点慢")."""
    urgent = urgent_reasons(classifier_form(text))  # as the classifier reads it
    if urgent:
        return urgent
    told = has_cue(text, "not_solved", "words") or has_cue(text, "untreated", "words")
    return [] if told else None


async def _problem_told(turn: Turn, ticket: Ticket, text: str) -> bool:
    """At the comment step (the ticket just closed), a message telling of a problem is no
    comment (newcomer trial 8: "电梯又坏了!! 我爸被困里面半小时" was thanked for and filed
    away). It is recorded on the closed ticket and starts a new complaint with its facts;
    urgent content goes to the supervisors at once, before the complaint is filed."""
    urgent = tells_new_problem(text)
    if urgent is None or turn.inbound.attachments or not intake.is_substantive(text):
        return False
    await turn.record(ticket.id or 0, "customer_message", None, text)
    if urgent:
        alert = life.AGENT_TEXTS(
            "agent.alert_problem_after_close",
            number=ticket.number,
            reasons="；".join(urgent),
            text=mask_text(text),
        )
        await life.escalate(
            turn, ticket, alert, actor_kind="customer", actor_id=turn.actor, reason="urgent"
        )
    turn.go(State.IDLE)
    key = "survey.problem_urgent" if urgent else "survey.problem_new"
    turn.say(turn.t(key, number=ticket.number))
    await intake.start(turn, with_account=True, text=text)
    return True


async def pending_question(turn: Turn) -> str | None:
    """The question a proposal or survey conversation waits on, in full: the proposal with
    its text, or the survey's question; None in other states or when its ticket is gone.
    Asked again when the chat reopens, so the buttons do not stand alone (newcomer trial 8:
    "我们接着上次的继续。" came with only "1. 接受 2. 不接受")."""
    ticket = await _ticket_of(turn, turn.data.get("ticket"))
    if ticket is None:
        return None
    if turn.state == State.SURVEY_SCORE and ticket.status == "resolved":
        return turn.t("survey.question", number=ticket.number)
    if turn.state != State.PROPOSAL or ticket.status not in life.OPEN:
        return None
    events = await tickets_q.recent_events(turn.session, ticket.id or 0, _EVENTS_READ)
    proposed = [e for e in events if e.kind == "proposal"]
    if not proposed:
        return None
    text = turn.services.vault.open(proposed[-1].text_enc) or ""
    return turn.t("push.proposal", number=ticket.number, text=text)


_EVENTS_READ = 50  # the proposal is among a ticket's last events: the answer ends the wait


STATES: dict[str, StateHandler] = {
    State.PROPOSAL: proposal,
    State.SURVEY_SCORE: survey_score,
    State.SURVEY_COMMENT: survey_comment,
}
