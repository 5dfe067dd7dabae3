"""Registered agents and supervisors working tickets from their own chat (issue 4).

A message from a registered agent (any channel) is a command: `/take N`, `接单 N`, a button
(`take:N`), or a reply to a ticket card / relayed customer message (= `/reply N TEXT`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select

from handlers import buttons
from handlers.lifecycle import (
    AGENT_TEXTS,
    Refused,
    find_ticket,
    summary,
    tell_agent,
    tell_customer,
)
from handlers.messages import Outbound
from handlers.texts import Texts
from handlers.turn import RolledBack, Turn
from handlers.words import find_ticket_number, normalise
from storage.models import Agent, Ticket


@dataclass
class AgentTurn:
    turn: Turn
    agent: Agent
    t: Texts

    @property
    def is_supervisor(self) -> bool:
        return self.agent.role == "supervisor"

    @property
    def actor(self) -> str:
        return f"{self.agent.channel}:{self.agent.user_id}"

    def say(self, text: str, **kwargs: object) -> None:
        self.turn.say(text, **kwargs)  # type: ignore[arg-type]

    async def ticket(self, args: str, example: str) -> tuple[Ticket, str]:
        """The ticket named first in `args` and the rest of the text, or Refused."""
        number = find_ticket_number(args)
        if number is None:
            raise Refused(self.t("agent.need_number", example=example))
        ticket = await find_ticket(self.turn, number)
        if ticket is None:
            raise Refused(self.t("agent.no_ticket", number=number))
        return ticket, _after(args, number)

    async def assign(self, ticket: Ticket, agent: Agent) -> None:
        """Gives the ticket to `agent`; the customer learns who handles it (a key node)."""
        if ticket.assignee_id == agent.id:
            return
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
                "agent.assigned_to_you", number=ticket.number, summary=summary(ticket, self.turn)
            )
            await tell_agent(self.turn, agent, notice, ticket)

    async def own(self, ticket: Ticket) -> None:
        """Acting on a ticket: unassigned ones become the agent's; others' need permission."""
        if ticket.assignee_id is None:
            await self.assign(ticket, self.agent)
            return
        if ticket.assignee_id == self.agent.id or self.is_supervisor:
            return
        if self.turn.services.policy.may_close_others_tickets:
            return
        holder = await self.turn.session.get(Agent, ticket.assignee_id)
        raise Refused(
            self.t("agent.not_yours", number=ticket.number, agent=holder.name if holder else "?")
        )


def _after(text: str, number: str) -> str:
    """What follows the ticket number, as the agent wrote it. The number is found the way
    find_ticket_number finds it (full-width characters folded), the rest is left alone."""
    folded = ""
    for index, char in enumerate(text):
        folded += unicodedata.normalize("NFKC", char).upper()
        if folded.endswith(number):
            return text[index + 1 :].strip()
    return ""


Command = Callable[[AgentTurn, str], Awaitable[None]]
COMMANDS: dict[str, Command] = {}
ALIASES = {
    "队列": "queue",
    "查看": "show",
    "详情": "show",
    "接单": "take",
    "分配": "assign",
    "回复": "reply",
    "补充": "ask",
    "索取": "ask",
    "状态": "status",
    "方案": "propose",
    "解决": "resolve",
    "驳回": "reject",
    "升级": "escalate",
    "改类": "reclass",
    "备注": "note",
    "统计": "stats",
    "帮助": "help",
    "start": "help",  # a session opens with /start
}


def command(name: str) -> Callable[[Command], Command]:
    def register(function: Command) -> Command:
        COMMANDS[name] = function
        return function

    return register


async def find_agent(turn: Turn) -> Agent | None:
    statement = select(Agent).where(
        Agent.channel == turn.inbound.channel,
        Agent.user_id == turn.inbound.user_id,
        Agent.active.is_(True),  # type: ignore[attr-defined]
    )
    return (await turn.session.execute(statement)).scalar_one_or_none()


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
    name = _name(text.strip().split(" ", 1)[0])
    return name in COMMANDS


def _name(word: str) -> str:
    word = word.removeprefix("/").split("@")[0]
    return ALIASES.get(word, normalise(word))


def parse(turn: Turn) -> tuple[str, str] | None:
    """(command, arguments) from a button, a typed command or a reply to a card."""
    inbound = turn.inbound
    if inbound.choice and ":" in inbound.choice:
        name, _, args = inbound.choice.partition(":")
        if name in COMMANDS:
            return name, args
    text = inbound.text.strip()
    word, _, args = text.partition(" ")
    name = _name(word)
    if name in COMMANDS and (word.startswith("/") or word in ALIASES):
        return name, args.strip()
    if text and inbound.reply_to:
        number = find_ticket_number(inbound.reply_to)
        if number:
            return "reply", f"{number} {text}"
    return None


async def agent_turn(context: AgentTurn) -> None:
    parsed = parse(context.turn)
    if parsed is None and context.turn.inbound.choice:
        buttons.expire(context.turn)  # data no command knows: an old or a forged button
        return
    if parsed is None:
        if context.turn.inbound.chat_id and not context.turn.inbound.text.startswith("/"):
            return  # group chatter among agents is not for the bot
        context.say(context.t("agent.unknown"))
        return
    name, args = parsed
    try:
        await COMMANDS[name](context, args)
    except Refused as refusal:
        # A refused command changes nothing: the router rolls the transaction back and
        # still answers with the reason.
        raise RolledBack([*context.turn.replies, _answer(context, str(refusal))]) from refusal


def _answer(context: AgentTurn, text: str) -> Outbound:
    inbound = context.turn.inbound
    return Outbound(inbound.channel, inbound.reply_target, text, meta=inbound.reply_meta)
