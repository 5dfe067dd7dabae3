"""Registered agents and supervisors working tickets from their own chat (issue 4).

A message from a registered agent (any channel) is a command: `/take N`, `接单 N`, a button
(`take:N`), or a reply to a ticket card / relayed customer message (= `/reply N TEXT`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers import buttons
from handlers.lifecycle import (
    AGENT_TEXTS,
    TRANSITIONS,
    Refused,
    find_ticket,
    subject,
    summary,
    tell_agent,
    tell_customer,
)
from handlers.messages import Outbound
from handlers.texts import Texts
from handlers.ticket_facts import facts_line
from handlers.turn import RolledBack, Turn
from handlers.words import (
    find_ticket_mention,
    find_ticket_number,
    is_ticket_number,
    normalise,
)
from storage.engine import AsyncSession
from storage.models import Agent, Ticket
from storage.queries import agents as agent_rows
from storage.queries import followups as followups_q

# The statuses a ticket never leaves (docs/process.md section 4): nothing is sent or changed.
FINAL = frozenset(status for status, onward in TRANSITIONS.items() if not onward)
SUFFIX_MATCHES = 5  # numbers listed when a short number fits several tickets
# Outbound.kind of the answer to a refused command: a chat shows it like any reply; the console
# and the API read it to tell "refused, nothing changed" from "done" (handlers/agent_actions.py).
REFUSAL_KIND = "refusal"


async def short_number_matches(session: AsyncSession, digits: str, width: int) -> list[str]:
    """The numbers of the unfinished tickets a short number names, newest first, at most
    SUFFIX_MATCHES + 1 (more than SUFFIX_MATCHES: "and more"); one match names a ticket.
    `digits` (ASCII 0-9, else ValueError) is a day's sequence ("2" and "002" name the
    tickets whose sequence IS 2: …002 of any day, never …012 or …1002), or the last digits
    of a number that hold its whole sequence and some of its date ("1201002"). A number
    that merely ends in the digits is no match: "/reply 2" once went to the only unfinished
    ticket ending in 2, another customer's …012 (newcomer trial 9). When no unfinished
    ticket fits, closed and rejected ones are looked at the same way (newcomer trial:
    "/show 1" on a ticket just closed was refused; an agent reading the survey's result or
    reopening needs it; a command acting on one is then refused by name,
    `AgentTurn.live_ticket`). The chat's rule for "/take 1" (`AgentTurn.ticket`), also
    the REST API's."""
    tails = _tails(digits, width)
    limit = SUFFIX_MATCHES + 1
    found = await followups_q.numbers_with_whole_tail(session, tails, limit)
    return found or await followups_q.numbers_with_whole_tail(
        session, tails, limit, finished_too=True
    )


def _tails(digits: str, width: int) -> tuple[str, ...]:
    """The tails a short number stands for: the sequence padded to `width` and as typed
    ("5" -> "005", "5"). Raises ValueError for anything but ASCII digits."""
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"not digits: {digits!r}")
    return tuple(dict.fromkeys((str(int(digits)).zfill(width), digits)))


async def names_open_ticket(session: AsyncSession, digits: str, width: int) -> bool:
    """Whether the short number `digits` names an unfinished ticket (as
    `short_number_matches` reads it, finished ones left out): one statement."""
    return bool(await followups_q.numbers_with_whole_tail(session, _tails(digits, width), 1))


# A ticket number: prefix, YYYYMMDD, then the day's sequence (storage/numbering.py).
_SEQUENCE = re.compile(r"[0-9]{8}([0-9]+)$")


def short_number(number: str) -> str:
    """The short number agents type for a ticket: its day's sequence without leading zeros
    ("CP20261201005" -> "5", "CP202612011234" -> "1234"), which `short_number_matches`
    reads back; the whole number when it is not of that form."""
    found = _SEQUENCE.search(number)
    return str(int(found.group(1))) if found else number


@dataclass
class AgentTurn:
    """A registered agent's message: the turn, the agent's row and the agents' texts."""

    turn: Turn
    agent: Agent
    t: Texts

    @property
    def is_supervisor(self) -> bool:
        """Whether the agent's role is supervisor (storage/models.py:Agent.role)."""
        return self.agent.role == "supervisor"

    @property
    def actor(self) -> str:
        """ "<channel>:<user_id>": the agent as ticket events record the actor."""
        return f"{self.agent.channel}:{self.agent.user_id}"

    def say(self, text: str) -> None:
        """Answers the agent in the chat the command came from."""
        self.turn.say(text)

    def named(self, ticket: Ticket) -> str:
        """The ticket as a confirmation names it: its number and what it is about, masked as
        the queue shows it ("CP20261201005（破壁机）"), so a short number that named another
        ticket than meant is noticed at once (newcomer trial 17: "/take 5" answered only
        "已接单：CP20261201005"). The number alone when there is nothing to say."""
        about = subject(self.turn, ticket)
        if not about:
            return ticket.number
        return self.t("agent.ticket_named", number=ticket.number, subject=about)

    async def ticket(self, args: str, example: str, *, one: bool = True) -> tuple[Ticket, str]:
        """The ticket named first in `args` and the rest of the text, or Refused. The number
        may be short ("/take 1", "/reply 012 …": the day's sequence, or last digits holding
        the whole sequence) when it names exactly one unfinished ticket (or, with none, one
        finished ticket: `short_number_matches`); several or none are refused by name.
        `one`: the command works on one ticket, so a list of numbers ("/resolve 5,6 …") is
        refused rather than the others dropped (`listed_numbers`); a number typed wrong
        ("CP2026120100") is quoted back (newcomer trial 20: both said "请写上工单号" or
        nothing)."""
        if one and listed_numbers(args):
            command = example.split(maxsplit=1)[0]
            raise Refused(self.t("agent.one_ticket_only", command=command, example=example))
        if one:
            await self._refuse_number_or_words(args, example)
        args = await self._full_number(args)
        number = find_ticket_number(args)
        if number is None:
            typed = _first_word(args)
            if _NUMBER_LIKE.fullmatch(_folded_word(typed)):  # not "6号客户您好": words
                raise Refused(self.t("agent.bad_number", number=typed))
            raise Refused(self.t("agent.need_number", example=example))
        ticket = await find_ticket(self.turn, number)
        if ticket is None:
            raise Refused(self.t("agent.no_ticket", number=number))
        return ticket, _after(args)

    async def live_ticket(self, args: str, example: str, *, one: bool = True) -> tuple[Ticket, str]:
        """As `ticket`, for a command that sends something to the customer or changes the
        ticket: a closed or rejected ticket is refused by name (`agent.ticket_final`), never
        exchanged for another one (newcomer trial 9)."""
        ticket, rest = await self.ticket(args, example, one=one)
        if ticket.status in FINAL:
            status = self.t(f"status_label.{ticket.status}")
            raise Refused(self.t("agent.ticket_final", number=ticket.number, status=status))
        return ticket, rest

    async def _refuse_number_or_words(self, args: str, example: str) -> None:
        """Refused when the word after the ticket number is a bare short number that names
        an open ticket too ("/reply 5 6 您好", "/reply 8 5 Hi Mrs Huang"): a second ticket
        or the words' first figure, nobody can tell (newcomer trial 21: "6 您好" went to the
        customer). A figure with its unit ("6 点前", "3 天内", "2 个工作日") is words, and
        so is anything after a full-width comma or a colon ("/reply 5，6 …"), the form the
        refusal teaches; the number as words can always be written so."""
        second = _second_short_number(args)
        if second is None:
            return
        width = self.turn.services.policy.sequence_digits
        if not await names_open_ticket(self.turn.session, second, width):
            return
        first = _first_word(args)
        command = example.split(maxsplit=1)[0]
        raise Refused(self.t("agent.number_or_words", command=command, first=first, second=second))

    async def _full_number(self, args: str) -> str:
        """`args` with a leading short number put in full; unchanged without one."""
        leading = _leading_digits(args)
        if leading is None:
            return args
        word, rest = leading
        width = self.turn.services.policy.sequence_digits
        found = await short_number_matches(self.turn.session, word, width)
        if len(found) == 1:
            return f"{found[0]} {rest}".strip()
        if not found:
            raise Refused(self.t("agent.no_suffix_match", digits=word))
        shown = "、".join(found[:SUFFIX_MATCHES]) + ("…" if len(found) > SUFFIX_MATCHES else "")
        raise Refused(self.t("agent.suffix_ambiguous", digits=word, numbers=shown))

    async def assign(self, ticket: Ticket, agent: Agent) -> None:
        """Gives the ticket to `agent`; the customer learns who handles it (a key node). The
        new handler, when not the one acting, hears it with the ticket's facts; the previous
        one hears who took it and by whom (newcomer trial 9: they were not told)."""
        if ticket.assignee_id == agent.id:
            return
        previous = ticket.assignee_id
        ticket.assignee_id = agent.id
        ticket.updated_at = self.turn.now
        await self.turn.record(
            ticket.id or 0,
            "assigned",
            {"agent": agent.name},
            actor_kind="agent",
            actor_id=self.actor,
        )
        await tell_customer(self.turn, ticket, "push.assigned", agent=agent.name)
        if agent.id != self.agent.id:
            notice = self.t(
                "agent.assigned_to_you",
                number=ticket.number,
                by=self.agent.name,
                facts=await facts_line(self.turn, ticket, self.t),
                summary=summary(ticket, self.turn),
            )
            await tell_agent(self.turn, agent, notice, ticket)
        if previous is not None and previous != self.agent.id:
            await self._tell_previous(previous, ticket, agent)

    async def _tell_previous(self, previous: int, ticket: Ticket, agent: Agent) -> None:
        """The agent a ticket was taken from hears it, so they stop working it."""
        holder = await agent_rows.by_id(self.turn.session, previous)
        if holder is None or not holder.active:
            return
        notice = self.t(
            "agent.taken_from_you", number=ticket.number, agent=agent.name, by=self.agent.name
        )
        await tell_agent(self.turn, holder, notice, ticket)

    async def own(self, ticket: Ticket) -> None:
        """Acting on a ticket: unassigned ones become the agent's; others' need permission."""
        if ticket.assignee_id is None:
            await self.assign(ticket, self.agent)
            return
        if ticket.assignee_id == self.agent.id or self.is_supervisor:
            return
        if self.turn.services.policy.may_close_others_tickets:
            return
        holder = await agent_rows.by_id(self.turn.session, ticket.assignee_id)
        raise Refused(
            self.t("agent.not_yours", number=ticket.number, agent=holder.name if holder else "?")
        )


# What may stand between a ticket number and the words after it, width-folded: a space, or
# the comma, colon or semicolon a Chinese keyboard types there ("/reply 6，赵先生您好",
# newcomer trial 9: "请写上工单号"). Only these come off; the words keep their own punctuation.
_SEPARATORS = frozenset(",:;、")


def _is_separator(char: str) -> bool:
    folded = unicodedata.normalize("NFKC", char)
    return folded.isspace() or folded in _SEPARATORS


def _words_after(text: str) -> str:
    """`text` without the separators opening it and without trailing spaces."""
    index = 0
    while index < len(text) and _is_separator(text[index]):
        index += 1
    return text[index:].strip()


def number_words(text: str) -> list[str] | None:
    """The ticket numbers, whole or short, that `text` lists ("2", "2，3", "CP20261122002 3"):
    [] for no text, None when a word in it is no number."""
    words: list[str] = []
    for word in re.split(r"\s+", "".join(" " if _is_separator(c) else c for c in text).strip()):
        folded = unicodedata.normalize("NFKC", word)
        short = folded.isdigit() and folded.isascii() and len(folded) <= 10
        if word and not short and not is_ticket_number(folded):
            return None
        if word:
            words.append(word)
    return words


# A word that is meant as a ticket number, whole, short or typed wrong: up to 8 letters, then
# digits, letters and dashes ("5", "CP20261201005", "CP2026120100", "cp-20261201-5"), but no
# other character ("6号", "3天内", "A4纸" are words).
_NUMBER_LIKE = re.compile(r"[A-Za-z]{0,8}[0-9][0-9A-Za-z-]*")
# Separators that make a list of numbers ("5,6", "5、6", "5；6"), width-folded.
_LIST_MARKS = frozenset(",、;")


def _first_word(text: str) -> str:
    """The first word of `text` up to a separator, as written."""
    text = text.strip()
    end = next((i for i, char in enumerate(text) if _is_separator(char)), len(text))
    return text[:end]


def leading_numbers(args: str) -> tuple[list[str], str]:
    """(the words opening `args` that are meant as ticket numbers, as written; the words
    after them): "5 6 7" -> (["5", "6", "7"], ""), "17,18 张三" -> (["17", "18"], "张三"),
    "5 已退款" -> (["5"], "已退款"). A number written with spaces inside
    ("cp 20261201 005", read whole by find_ticket_number) counts as one word."""
    rest = args.strip()
    whole = find_ticket_mention(rest)
    words: list[str] = []
    while rest:
        word = _first_word(rest)
        folded = _folded_word(word)
        if not word or not _NUMBER_LIKE.fullmatch(folded):
            break
        if not words and whole is not None and whole.start == 0 and whole.end > len(folded):
            break  # one number typed with separators inside: the caller reads it whole
        words.append(word)
        rest = _words_after(rest[len(word) :])
    return words, rest


def listed_numbers(args: str) -> bool:
    """Whether `args` opens with a list of ticket numbers rather than one number and words:
    a second number after a list mark ("5,6 已退款", "5、6"), a second whole ticket number
    ("CP…001 CP…002 您好"), or numbers and nothing else ("5 6"). "5 3天内给您回电" and
    "5 2 个工作日内" are one number and words: a reply may open with a figure."""
    words, rest = leading_numbers(args)
    if len(words) < 2:
        return False
    if not rest:
        return True
    text = args.strip()
    between = text[len(words[0]) : text.index(words[1], len(words[0]))].strip()
    # "、" only ever lists; an ASCII comma or semicolon typed tight between two numbers
    # ("5,6") lists too. A full-width "，" is the separator a Chinese keyboard puts after
    # the number ("/reply 6，2 个工作日内到账"), so it alone does not.
    if "、" in between or between in _LIST_MARKS:
        return True
    return is_ticket_number(_folded_word(words[1]))


# Units that make a figure part of the words: "6 点前", "3 天内", "2 个工作日", "5 days",
# "2 pm" (the figure is a time, a length, a count or a sum, never a ticket).
_UNIT = re.compile(
    r"(?:点|钟|天|日|号|个|小时|钟头|分钟|分|秒|周|星期|礼拜|月|年|元|块|毛|角|次|件|台|张|份"
    r"|单|斤|公斤|千克|克|米|公里|楼|层|岁|折|倍|位|人|箱|瓶|盒|包|袋|%|％"
    r"|(?i:am|pm|days?|hours?|hrs?|mins?|minutes?|weeks?|months?|years?|working|business"
    r"|yuan|rmb|times|pcs|items?)\b)"
)


def _second_short_number(args: str) -> str | None:
    """The short number (ASCII digits, folded) standing alone after the first ticket number
    and a space only, with words after it that are no unit: "5 6 您好" -> "6"; None for
    "5 6点前…", "5 3 天内", "5，6 …" (a full-width comma or colon says words follow)."""
    words, rest = leading_numbers(args)
    if len(words) < 2 or not rest:
        return None  # no second number, or numbers only (a list: `listed_numbers`)
    text = args.strip()
    between = text[len(words[0]) : text.index(words[1], len(words[0]))]
    if between.strip():
        return None
    second = _folded_word(words[1])
    if not (second.isdigit() and second.isascii() and len(second) <= 10):
        return None
    after = text[text.index(words[1], len(words[0])) + len(words[1]) :].strip()
    return None if _UNIT.match(_folded_word(after)) else second


def _folded_word(word: str) -> str:
    return unicodedata.normalize("NFKC", word)


def _leading_digits(args: str) -> tuple[str, str] | None:
    """(the digits opening `args`, folded to ASCII: "６" -> "6"; the words after them and
    their separator, as written), or None when `args` opens with no 1-10 digits standing
    alone ("6号", "12345678901")."""
    text = args.strip()
    digits = ""
    for char in text:
        folded = unicodedata.normalize("NFKC", char)
        if not (folded.isdigit() and folded.isascii()):
            break
        digits += folded
    rest = text[len(digits) :]
    if not digits or len(digits) > 10 or (rest and not _is_separator(rest[0])):
        return None
    return digits, _words_after(rest)


def _after(text: str) -> str:
    """What follows the ticket number and its separator, as the agent wrote it. The number
    is found the way find_ticket_number finds it (full-width characters folded, slips such
    as "cp-20261201-012" read), the rest is left alone."""
    mention = find_ticket_mention(text)
    if mention is None:
        return ""
    folded = ""
    for index, char in enumerate(text):
        folded += unicodedata.normalize("NFKC", char)
        if len(folded) >= mention.end:
            return _words_after(text[index + 1 :])
    return ""


# A command's handler: the agent's turn and the words after the command's name.
Command = Callable[[AgentTurn, str], Awaitable[None]]
ROLES = frozenset({"agent", "supervisor"})  # storage/models.py:Agent.role


@dataclass(frozen=True)
class AgentCommand:
    """One agent command, declared once (handlers/agent_commands.py:AGENT_COMMANDS).

    `name`: typed as `/name`, and the key of a button's data (`take:N`). `aliases`: plain
    words that work without the slash ("接单 N"), listed in /help. `roles`: the
    storage/models.py:Agent.role values that may use it; anyone else is refused before the
    handler runs. `unlisted`: words that also run it but are not shown in /help. `hidden`: the
    command itself is not shown (Telegram and `chat --agent` send `/start` when an agent
    opens the chat: it answers with a greeting rather than "unknown command", yet is no
    command to learn). Its texts are `agent_commands.<name>.help`
    (the /help line after the name: arguments and what it does) and
    `agent_commands.<name>.menu` (the Telegram command menu's description), in every locale
    catalogue.
    """

    name: str
    handler: Command
    aliases: tuple[str, ...] = ()
    roles: frozenset[str] = ROLES
    unlisted: tuple[str, ...] = ()
    # Runs when sent but is no command to learn: left out of /help and the command menus
    # (`start`, which a chat sends by itself when it opens).
    hidden: bool = False

    @property
    def help_key(self) -> str:
        """The locale key of the command's /help line (after `/name`)."""
        return f"agent_commands.{self.name}.help"

    @property
    def menu_key(self) -> str:
        """The locale key of the command's description in a platform's command menu."""
        return f"agent_commands.{self.name}.menu"


# Filled by declare(), from handlers/agent_commands.py when it is imported (the router does).
COMMANDS: dict[str, AgentCommand] = {}
ALIASES: dict[str, str] = {}


def declare(commands: tuple[AgentCommand, ...]) -> None:
    """Registers the commands in their order, with their aliases and unlisted words; raises
    ValueError for a name or a word declared twice, which would leave one unreachable."""
    for declared in commands:
        words = (declared.name, *declared.aliases, *declared.unlisted)
        clash = [w for w in words if w in COMMANDS or w in ALIASES]
        if clash:
            raise ValueError(f"agent command {declared.name}: {clash} already declared")
        COMMANDS[declared.name] = declared
        ALIASES.update({word: declared.name for word in words[1:]})


def help_text(t: Texts) -> str:
    """The agents' /help: one line per declared command, in their order, with its aliases
    and "（主管）" for a supervisor's command; the same list as the command menus."""
    lines = [t("agent.help_title")]
    for declared in COMMANDS.values():
        if declared.hidden:
            continue
        line = f"/{declared.name} {t(declared.help_key)}"
        if "agent" not in declared.roles:
            line += t("agent.help_supervisor")
        if declared.aliases:
            line = t("agent.help_aliases", line=line, aliases=" / ".join(declared.aliases))
        lines.append(line)
    lines.append(t("agent.help_footer"))
    return "\n".join(lines)


async def find_agent(turn: Turn) -> Agent | None:
    """The active agent registered for the message's sender (channel and user id), or None."""
    return await agent_rows.registered(turn.session, turn.inbound.channel, turn.inbound.user_id)


async def role(turn: Turn) -> Callable[[Turn], Awaitable[None]] | None:
    """The router's role check: registered agents get the agent handler."""
    agent = await find_agent(turn)
    if agent is not None:

        async def as_agent(current: Turn) -> None:
            await agent_turn(AgentTurn(current, agent, AGENT_TEXTS))

        return as_agent
    if turn.inbound.chat_id:
        return stranger_in_group
    return None


async def stranger_in_group(turn: Turn) -> None:
    """Someone unregistered in an agent group: commands are refused, chatter is ignored."""
    if turn.inbound.text.strip().startswith("/") or turn.inbound.choice:
        turn.say(AGENT_TEXTS("agent.not_registered"))


def is_agent_command(text: str) -> bool:
    """Whether `text` starts with a declared command's name or alias (full-width or not)."""
    return split_command(text)[0] in COMMANDS


def _folded(char: str) -> str:
    """One character as a half-width keyboard types it (NFKC): "／" -> "/", "，" -> ","."""
    return unicodedata.normalize("NFKC", char)


def _name(word: str) -> str:
    word = _folded(word).removeprefix("/").split("@")[0]
    return ALIASES.get(word, normalise(word))


def split_command(text: str) -> tuple[str, str, bool]:
    """(command name or "", the rest as written, whether it was typed as a command: with a
    slash or as an alias). The command word is read width-folded (NFKC), so a Chinese
    keyboard's "／queue", or "队列　mine" with an ideographic space, works (newcomer trial
    9), and an alias may be glued to a whole ticket number ("回复CP20261201006 请问…"). Only
    a whole number: "回复2楼…" in an agents' group is chatter, not a reply to ticket 2."""
    text = text.strip()
    cut = next((i for i, char in enumerate(text) if _folded(char).isspace()), len(text))
    word, rest = _folded(text[:cut]), text[cut:].strip()
    name = _name(word)
    if name in COMMANDS and (word.startswith("/") or word in ALIASES):
        return name, rest, True
    if word.startswith("/"):
        slashed = _glued_to_number(word.removeprefix("/"))
        if slashed is not None:  # "/take1", "/reply3 您好": the slash says it is a command
            return slashed[0], f"{slashed[1]} {rest}".strip(), True
    for alias in sorted(ALIASES, key=len, reverse=True):
        glued = word[len(alias) :]
        if word.startswith(alias) and glued and is_ticket_number(glued):
            return ALIASES[alias], f"{text[len(alias) : cut]} {rest}".strip(), True
    return name, rest, False


def _glued_to_number(word: str, *, aliases: bool = True) -> tuple[str, str] | None:
    """(command, number) for a command's name (or, with `aliases`, an alias) glued to a
    number ("take1", "show2", "接单CP20261201005", "take5,6"), width-folded; None
    otherwise."""
    lowered = word.lower()
    words = [*COMMANDS, *ALIASES] if aliases else list(COMMANDS)
    for known in sorted(words, key=len, reverse=True):
        after = word[len(known) :]
        if lowered.startswith(known) and after and (after[0].isdigit() or is_ticket_number(after)):
            return ALIASES.get(known, known), after
    return None


def bare_command(text: str) -> str | None:
    """ "/reply 2 您好" for "reply 2 您好", "/take 1" for "take1" or "Take 1": a command's
    English name without its slash, followed by a ticket number (newcomer trial 20: only
    "您是想用 /reply 吗？"); None for anything else ("take it easy"). Read only in a private
    chat: in an agents' group "take 5 minutes" is people talking."""
    text = text.strip()
    cut = next((i for i, char in enumerate(text) if _folded(char).isspace()), len(text))
    word, rest = _folded(text[:cut]), text[cut:].strip()
    if word.lower() in COMMANDS and not COMMANDS[word.lower()].hidden:
        words, _ = leading_numbers(rest)
        return f"/{word.lower()} {rest}" if words else None
    # The English names only: an alias glued to a number keeps its own rule
    # (`glued_short_number`: "回复2楼" is words).
    glued = _glued_to_number(word, aliases=False)
    if glued is None or COMMANDS[glued[0]].hidden:
        return None
    return f"/{glued[0]} {glued[1]} {rest}".strip()


# After an alias: a short number (the day's sequence, "5") alone or followed by the comma or
# colon a Chinese keyboard puts there ("方案5，退还…"), width-folded.
_GLUED_SHORT = re.compile(r"([0-9]+)(?:[,:]|$)")


def glued_short_number(text: str) -> str | None:
    """ "接单 8" for "接单8", "方案 5，退还…" for "方案5，退还…": an alias glued to a short
    number, as the spaced form; None for anything else ("回复2楼的问题": digits glued to
    words). In an agents' group it is not run ("回复2" is chatter there, newcomer trial 9);
    in a private chat it is exactly one command and is run (newcomer trial 16)."""
    text = text.strip()
    cut = next((i for i, char in enumerate(text) if _folded(char).isspace()), len(text))
    word, rest = _folded(text[:cut]), text[cut:].strip()
    for alias in sorted(ALIASES, key=len, reverse=True):
        if word.startswith(alias) and _GLUED_SHORT.match(word[len(alias) :]):
            return f"{alias} {text[len(alias) : cut]} {rest}".strip()
    return None


def suggestion(text: str) -> str | None:
    """The declared command closest to a mistyped one ("/queu" -> "/queue", "/shwo 2" ->
    "/show"), as it is typed (a name with its slash, an alias without); None when nothing
    is close (difflib's ratio 0.6)."""
    word = _folded(text.strip().split(maxsplit=1)[0] if text.strip() else "")
    typed = word.removeprefix("/").split("@")[0].lower()
    words = [*COMMANDS, *ALIASES]
    close = difflib.get_close_matches(typed, words, n=1, cutoff=0.6) if typed else []
    if not close:
        return None
    return f"/{close[0]}" if close[0] in COMMANDS else close[0]


def parse(turn: Turn) -> tuple[str, str] | None:
    """(command, arguments) from a button, a typed command or a reply to a card."""
    inbound = turn.inbound
    if inbound.choice and ":" in inbound.choice:
        name, _, args = inbound.choice.partition(":")
        if name in COMMANDS:
            return name, args
    text = inbound.text.strip()
    name, args, typed = split_command(text)
    if typed:
        return name, args
    if text and inbound.reply_to:
        number = find_ticket_number(inbound.reply_to)
        if number:
            return "reply", f"{number} {text}"
    return None


async def agent_turn(context: AgentTurn) -> None:
    """Runs the command an agent's message names (a typed command, an alias, a button or a
    reply to a card); a refused command is rolled back and answered with its reason."""
    parsed = parse(context.turn)
    if parsed is None and context.turn.inbound.choice:
        buttons.expire(context.turn)  # data no command knows: an old or a forged button
        return
    text = context.turn.inbound.text.strip()
    apart = glued_short_number(text) if parsed is None else None
    if apart is not None and not context.turn.inbound.chat_id:
        # "接单5", "方案5，退还…" in a private chat: one command only, so it is run; refused,
        # the agent might not see that the proposal never went out (newcomer trial 16).
        name, args, _ = split_command(apart)
        parsed = name, args
    bare = bare_command(text) if parsed is None and not context.turn.inbound.chat_id else None
    if bare is not None:
        # "reply 2 您好", "take1" in a private chat: a command word and a number, nothing
        # else it could be (newcomer trial 20).
        name, args, _ = split_command(bare)
        parsed = name, args
    if parsed is None:
        if context.turn.inbound.chat_id and _folded(text[:1]) != "/":
            return  # group chatter among agents is not for the bot
        closest = suggestion(text)
        if closest is None:
            context.say(context.t("agent.unknown"))
        else:  # "/queu": the command meant, rather than the whole help (newcomer trial 9)
            context.say(context.t("agent.did_you_mean", command=closest))
        return
    name, args = parsed
    declared = COMMANDS[name]
    try:
        if context.agent.role not in declared.roles:
            raise Refused(context.t("agent.supervisor_only"))
        await declared.handler(context, args)
    except Refused as refusal:
        # A refused command changes nothing: the router rolls the transaction back and
        # still answers with the reason.
        refused = _answer(context, str(refusal), kind=REFUSAL_KIND)
        raise RolledBack([*context.turn.replies, refused]) from refusal


def _answer(context: AgentTurn, text: str, kind: str = "reply") -> Outbound:
    inbound = context.turn.inbound
    return Outbound(inbound.channel, inbound.reply_target, text, kind=kind, meta=inbound.reply_meta)
