"""A message when no dialogue is under way: a greeting, material, or a new complaint."""

from __future__ import annotations

from handlers import customer, followup, intake
from handlers.turn import Turn
from handlers.words import find_ticket_number, is_greeting, strip_intent


async def idle(turn: Turn) -> None:
    text = turn.inbound.text.strip()
    waiting = await followup.awaiting_ticket(turn)
    if waiting is not None and not is_greeting(text):
        # DOMAIN.md section 4: the answer to a request for material joins its ticket.
        await followup.supplement(turn, waiting)
        return
    if turn.inbound.attachments:
        ticket = await customer.latest_open_ticket(turn, find_ticket_number(text))
        if ticket is not None:
            await customer.add_evidence(turn, ticket)
            return
    if is_greeting(text) and not turn.inbound.attachments:
        turn.say(turn.t("common.welcome"))
        return
    await intake.start(turn, with_account=intake.is_substantive(strip_intent(text)))
