"""A message about a ticket already filed, sent while another complaint is filled in
(newcomer trial 20, docs/process.md section 4).

"蟑螂那个不用处理了 酒店已经把房费退我了" written while a second complaint sat at its remedy
question was read as that draft's object, and the withdrawal never reached the first ticket.
A message that points at a filed ticket goes to it, whatever the draft asks: a withdrawal
is recorded on it and told to its handler (handlers/ticket_messages.py:withdraw), a
progress question is answered for it, anything else is relayed to it as an addition
(handlers/ticket_messages.py:relay). The draft keeps none of it, and its open question (or
the summary's confirmation) is asked again.

A message points at a ticket when it names its number (or its last digits beside a pointer
word), when it says "上一个投诉", "之前那个投诉", "第一个投诉" (bare "之前那个", "第一个" only with
a withdrawal or a progress question), or when words of that ticket (its object or story) and
of no other ticket or the draft stand before "那个", "的事", "那件事", "的投诉" ("蟑螂那个",
"空调的事"; a bare "X那个" again only with a withdrawal or a progress question: "北京西站店
那个" answering the place question is the draft's). Without such a pointer, "不用处理了" or
"撤销投诉" during a draft stay about the draft.
"""

from __future__ import annotations

import re

from handlers import intake, questions
from handlers.draft import Draft
from handlers.states import State
from handlers.ticket_choice import tail_named
from handlers.ticket_messages import open_tickets, relay, withdraw
from handlers.tickets import local_time
from handlers.turn import Turn
from handlers.words import find_ticket_number, is_status_query
from nlp.intent import withdraws
from storage.models import Ticket

__all__ = ["about_filed_ticket", "referred_ticket"]

# An earlier complaint pointed at by its place in the conversation. Newest first is how
# open_tickets orders them: "第一个/头一个" is the oldest open one, the others the newest.
# With 投诉/工单 after it a pointer always counts ("上个投诉", "之前的工单"); alone only the
# forms with 那个 or an ordinal, not before a time or a measure ("上个月", "第一个月").
_EARLIER = (
    r"上一个|上个|前一个|之前那一?个|之前的|前面那一?个|前面的|刚才那一?个|刚才的|"
    r"刚刚那一?个|上次那一?个|上次的|先前那一?个"
)
_FIRST = r"第一个|头一个"
_ORDINAL = re.compile(rf"(?P<which>{_EARLIER}|{_FIRST})(?P<noun>投诉|工单)?")
_BARE = re.compile(r"上一个|前一个|那一?个|第一个|头一个")
_NOT_BARE = re.compile(r"[月星礼周季年天晚早人店家号次]")
# English: "the first complaint", "my previous ticket"; "the other one" only as a bare one.
_ORDINAL_EN = re.compile(
    r"\b(?P<which>first|previous|earlier|last|other|older)\s+"
    r"(?:(?P<noun>complaint|ticket)|one)\b",
    re.IGNORECASE,
)
# Words of a ticket before one of these point at it ("蟑螂那个", "空调的事", "房间那个投诉").
# The pointers of the first group alone only with a withdrawal or a progress question.
_STRONG_POINTER = r"那个投诉|那个工单|的投诉|的工单|那件事|那个事|的事|那事"
_WEAK_POINTER = r"那个|那件|那单|那条"
_POINTER = re.compile(rf"(?P<strong>{_STRONG_POINTER})|(?P<weak>{_WEAK_POINTER})")
# The words right before a pointer: letters and digits back to a space or punctuation.
_WORD_RUN = re.compile(r"[\w]+$")
_LONGEST, _SHORTEST = 8, 2
# Words every complaint may hold, which single out no ticket ("你们的事", "今天那个").
_COMMON = re.compile(
    r"^(?:你们|我们|他们|她们|人家|自己|这个|那个|这件|那件|这里|那里|今天|昨天|前天|上次|这次|"
    r"刚才|之前|以前|就是|还是|也是|都是|一个|东西|问题|事情|投诉|工单)$"
)
# A question after a ticket's progress (the reader's cues miss "处理到哪了", "有结果了吗").
_PROGRESS = re.compile(
    r"怎么样了|怎样了|咋样了|如何了|进度|进展|处理到哪|到哪一步|到哪了|有结果|结果呢|结果如何|"
    r"处理了吗|处理了没|处理好了吗|处理完了吗|有人管吗|有人处理吗|有消息吗|有回复吗|"
    r"any update|what'?s the status|status of",
    re.IGNORECASE,
)


def _progress(turn: Turn, text: str) -> bool:
    """Whether `text` asks how a ticket stands."""
    topics = {q.topic for q in turn.reading.cues.questions} if turn.reading else set()
    return bool(topics & _PROGRESS_TOPICS) or bool(_PROGRESS.search(text))


# The reader's question topics that ask how a ticket stands or when it will be done.
_PROGRESS_TOPICS = frozenset({"status", "handling_time", "handled", "not_contacted"})


async def _answer_progress(turn: Turn, ticket: Ticket) -> None:
    """Answers the message's questions about `ticket` as the policy's answers do for a
    ticket (handlers/questions.py:answer, with no draft: the question is the ticket's, not
    the complaint being filled in's), or, when the reader found none ("蟑螂那个处理到哪了"),
    the ticket's status and due time."""
    questions_ = turn.reading.cues.questions if turn.reading else ()
    answered: list[str] = []
    for question in questions_:
        said = await questions.answer(turn, question, None, ticket)
        if said not in answered:
            answered.append(said)
    if not answered:
        answered.append(
            turn.t(
                "answer.status_ticket",
                number=ticket.number,
                status=turn.t(f"status_label.{ticket.status}"),
                due=local_time(turn, ticket.resolution_due),
            )
        )
    turn.say("\n".join(answered))


def _draft_words(turn: Turn) -> str:
    draft = Draft.from_json(turn.data.get("draft"))
    parts = [draft.account, draft.product, draft.store, draft.staff, draft.place, *draft.later]
    return " ".join(p for p in parts if p)


def _ticket_words(turn: Turn, ticket: Ticket) -> str:
    account = turn.services.vault.open(ticket.account_enc) or ""
    parts = [ticket.product, ticket.store, ticket.staff, ticket.place, ticket.order_no, account]
    return " ".join(p for p in parts if p)


def _by_words(turn: Turn, text: str, tickets: list[Ticket], signal: bool) -> Ticket | None:
    """The one ticket whose words stand before a pointer in `text` ("蟑螂那个"): the longest
    run of them found in that ticket's object or account and in no other ticket's, nor in
    the draft (its own words point at the draft)."""
    draft = _draft_words(turn)
    words = {t.number: _ticket_words(turn, t) for t in tickets}
    for found in _POINTER.finditer(text):
        if found["weak"] and not signal:
            continue
        run = _WORD_RUN.search(text[: found.start()])
        if run is None:
            continue
        before = run.group()
        for size in range(min(len(before), _LONGEST), _SHORTEST - 1, -1):
            part = before[-size:]
            if part in draft or _COMMON.match(part):
                continue
            hits = [t for t in tickets if part in words[t.number]]
            if len(hits) == 1:
                return hits[0]
            if hits:  # in several tickets: a longer run was needed, a shorter one will not do
                break
    return None


def _by_order(text: str, tickets: list[Ticket], signal: bool) -> Ticket | None:
    """The ticket "上一个投诉" / "第一个投诉" / "the first complaint" means: the newest open one,
    or the oldest for 第一个. Without 投诉/工单 ("之前那个") only with a withdrawal or a
    progress question."""
    for pattern in (_ORDINAL, _ORDINAL_EN):
        for found in pattern.finditer(text):
            which = found["which"]
            if not found["noun"] and not (signal and _bare_pointer(text, found, pattern)):
                continue
            first = which in ("第一个", "头一个") or which.lower() in ("first", "older")
            return tickets[-1] if first else tickets[0]
    return None


def _bare_pointer(text: str, found: re.Match[str], pattern: re.Pattern[str]) -> bool:
    """Whether a pointer said without 投诉/工单 points at a ticket: "之前那个不用处理了",
    "the other one", not "上个月" nor "第一个晚上"."""
    if pattern is _ORDINAL_EN:
        return True
    return bool(_BARE.search(found["which"])) and not _NOT_BARE.match(text, found.end())


def referred_ticket(turn: Turn, text: str, tickets: list[Ticket], signal: bool) -> Ticket | None:
    """The open ticket `text` points at, or None. `signal`: the message withdraws or asks
    after progress, which lets weaker pointers count ("之前那个", "X那个", a number's tail)."""
    if not tickets:
        return None
    number = (turn.reading.ticket_number if turn.reading else None) or find_ticket_number(text)
    if number is not None:
        return next((t for t in tickets if t.number == number), None)
    if signal and (tail := tail_named(text, tickets)) is not None:
        return tail  # "001那个不用处理了": a room number alone ("2001房间") points at nothing
    return _by_order(text, tickets, signal) or _by_words(turn, text, tickets, signal)


def _may_point(turn: Turn, text: str) -> bool:
    """Whether `text` holds anything referred_ticket reads without a withdrawal or a progress
    question: a ticket number, an ordinal pointer or a pointer word. Checked before the open
    tickets are loaded, so an ordinary answer costs no statement more."""
    number = (turn.reading.ticket_number if turn.reading else None) or find_ticket_number(text)
    return bool(
        number or _ORDINAL.search(text) or _ORDINAL_EN.search(text) or _POINTER.search(text)
    )


def _beyond_pointing(text: str, ticket: Ticket) -> bool:
    """Whether `text` says more than which ticket it means ("之前那个投诉" alone says
    nothing to add to it): the number and the pointer words taken out, something is left."""
    rest = text.replace(ticket.number, " ")
    for pattern in (_ORDINAL, _ORDINAL_EN, _POINTER):
        rest = pattern.sub(" ", rest)
    return intake.is_substantive(rest)


async def about_filed_ticket(turn: Turn) -> bool:
    """A router rule: while a complaint is filled in, a message pointing at a filed ticket
    goes to that ticket (withdrawn, asked after, or added to), and the draft's open question
    is asked again. False for any other message, which the draft reads as usual."""
    if turn.state not in intake.STATES or turn.inbound.choice or not turn.on_file:
        return False
    text = turn.inbound.text.strip()
    if not text or text.startswith("/"):
        return False
    withdrawn = withdraws(text)
    progress = _progress(turn, text)
    if not (withdrawn or progress or _may_point(turn, text)):
        return False  # nothing that could point at a ticket: no query on the hot path
    tickets = await open_tickets(turn)
    ticket = referred_ticket(turn, text, tickets, withdrawn or progress)
    if ticket is None:
        return False
    if not withdrawn and is_status_query(text):
        return False  # "查一下 CP… 的进度": the status commands answer it (handlers/router.py)
    state, data = State(turn.state), dict(turn.data)
    if withdrawn:
        await withdraw(turn, ticket, text)
    elif progress and not turn.inbound.attachments:
        await _answer_progress(turn, ticket)
    elif not turn.inbound.attachments and not _beyond_pointing(text, ticket):
        return False  # "之前那个投诉" alone: nothing for it yet, read as usual
    else:
        await relay(turn, ticket, text)  # more facts or files: the ticket's, its handler told
    # The draft stands where it stood: what the ticket's handlers marked (the ticket spoken
    # of) is the idle conversation's, not the draft's.
    turn.go(state, **{k: v for k, v in data.items() if k not in ("about", "about_at")})
    await intake.resume(turn, turn.t("reader.draft_goes_on"))
    return True
