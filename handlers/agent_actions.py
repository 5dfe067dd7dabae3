"""Agent commands from outside the chat (the web console and the REST API, issue 14).

An action taken in a browser or through the API must look exactly like the same command sent
from the agent's own chat: the same handler, the same refusals, the same events with the same
actor, the same pushes to the customer. So it is not re-implemented: it is the agent's message,
`/<command> <args>`, handed to `handlers/router.py:handle` as if it came from the agent's chat,
and the answers the agent would have read there are returned instead of being sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from handlers import router
from handlers.agents import REFUSAL_KIND, is_agent_command
from handlers.messages import Inbound
from handlers.services import Services
from storage.models import Agent

# Inbound ids of these messages: "<source>:<request id>", unique per channel like a platform's
# own, so a form posted twice (or an API call retried with the same request id) runs once and
# gets the first answer back (the inbox's rule, handlers/inbox.py).
SOURCES = ("web", "api")

# The commands that act on one ticket, as the console's forms and the API's actions offer
# them: declared once here (each is a command of handlers/agent_commands.py:AGENT_COMMANDS).
TicketAction = Literal[
    "take", "assign", "reply", "ask", "propose", "status",
    "resolve", "reject", "note", "reclass", "escalate",
]  # fmt: skip
TICKET_ACTIONS: tuple[str, ...] = get_args(TicketAction)


class NotACommand(ValueError):
    """The command is not one of handlers/agent_commands.py:AGENT_COMMANDS."""


@dataclass(frozen=True)
class ActionResult:
    """What the agent would have read in their chat after the command, in order, and whether
    the command was refused (nothing changed; the answers say why)."""

    answers: tuple[str, ...]
    refused: bool = False


def command_line(command: str, args: str) -> str:
    """The chat line `act` runs for `command` and `args`: `/<command> <args>`, stripped. An
    API retry is the same request when its line is the same (bot/api/actions.py)."""
    return f"/{command.strip().removeprefix('/')} {args.strip()}".strip()


async def act(
    services: Services,
    agent: Agent,
    command: str,
    args: str,
    *,
    source: str,
    request_id: str,
) -> ActionResult:
    """Runs `/<command> <args>` as `agent` would from their chat and returns its answers.

    `command` is a declared name or alias without the slash ("reply", "接单"); `args` the
    rest of the line ("CP20261122001 您好…"). `source` is "web" or "api"; `request_id` (at
    most 64 characters) makes the call idempotent: the same id answers from the first run.
    Raises NotACommand for an undeclared command, ValueError for a bad source or id, and
    whatever `router.handle` raises when even the message's record fails
    (`handlers.inbox.NotRecorded`).
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    if not request_id or len(request_id) > 64:
        raise ValueError("request_id must be 1-64 characters")
    line = command_line(command, args)
    if not is_agent_command(line):
        raise NotACommand(command)
    inbound = Inbound(
        channel=agent.channel,
        user_id=agent.user_id,
        message_id=f"{source}:{request_id}",
        received_at=services.now(),
        text=line,
        display_name=agent.name,
    )
    replies = await router.handle(services, inbound)
    refused = any(reply.kind == REFUSAL_KIND for reply in replies)
    return ActionResult(tuple(reply.text for reply in replies), refused)
