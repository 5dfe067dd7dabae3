"""The agents' `/find <query>` (alias 查找): tickets by number, phone, e-mail or words.

The search itself is handlers/search.py's; this lists the first FIND_LIMIT tickets it found,
newest first: number, status, filing time and the contact masked (storage/masking.py), as
the agents' room may see it. Whole contacts are for `/show` to those allowed.
"""

from __future__ import annotations

from handlers import lifecycle as life
from handlers.agent_views import subject_part
from handlers.agents import AgentTurn
from handlers.lifecycle import Refused
from handlers.search import QueryKind, search_in
from storage.masking import mask_email, mask_phone
from storage.models import Ticket

FIND_LIMIT = 10  # lines in one chat message; the console pages further


async def find(context: AgentTurn, args: str) -> None:
    """/find QUERY: the tickets the query finds (handlers/search.py:search_in), at most
    FIND_LIMIT of them with how many there are. Raises Refused without a query."""
    query = args.strip()
    if not query:
        raise Refused(context.t("agent.usage", usage=context.t("search.usage")))
    turn = context.turn
    result = await search_in(turn.session, turn.services, query, limit=FIND_LIMIT)
    if result.kind is QueryKind.NOTHING:
        context.say(context.t("search.nothing"))
        return
    if not result.total:
        context.say(context.t("search.none", by=context.t(f"search.by_{result.kind.value}")))
        return
    lines = [
        context.t(
            "search.title", by=context.t(f"search.by_{result.kind.value}"), count=result.total
        )
    ]
    lines += [_line(context, ticket) for ticket in result.tickets]
    if result.total > FIND_LIMIT:
        lines.append(context.t("search.more", count=result.total - FIND_LIMIT))
    context.say("\n".join(lines))


def _line(context: AgentTurn, ticket: Ticket) -> str:
    vault = context.turn.services.vault
    contact = mask_phone(vault.open(ticket.phone_enc)) or mask_email(vault.open(ticket.email_enc))
    return context.t(
        "search.line",
        number=ticket.number,
        subject=subject_part(context, ticket),
        status=context.t(f"status_label.{ticket.status}"),
        filed=life.local(context.turn, ticket.created_at),
        contact=contact or context.t("search.no_contact"),
    )
