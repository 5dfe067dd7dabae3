"""Table-driven dialogues: one TOML file per kind in tests/dialogues/data (issue 9).

A dialogue is a list of steps and the checks that must hold after them. Steps:
- `say = "…"` the customer writes (optional `choice` = a pressed button's key, `photo = true`
  to send an image with it, `lang` = the platform's language hint, `reply_to` = the text of
  the bot message it replies to, as Telegram's reply feature hands it over);
- `agent = "/ask {ticket} …"` the supervisor agent `agent1` (张三) sends a command; `{ticket}`
  is the customer's newest ticket number, `{first}` their first;
- `advance_hours = N` the clock moves on;
- `deliver = true` the outbox dispatcher runs once: pushes reach their console recipients,
  and a delivered answer stops the first-response clock (handlers/delivery.py);
- `jobs = ["survey_send", …]` the named periodic scans (handlers/jobs.py:PERIODIC) run once
  (the survey goes out only this way, `policy.survey.delay_minutes` after the result).
Each step may carry `expect` (substrings the replies to it must hold) and `absent` (must not).
Checks (`[dialogue.check]`):
- `tickets` (count), `state` (the conversation's);
- `draft` (field -> substring; false: not given); `draft_lacks` (field -> substring it must
  not hold);
- `ticket` (column -> value; `name`, `phone`, `email` and `account` are decrypted;
  `account_has` / `account_lacks` lists);
- `events` (kinds on the newest ticket), `event_texts` (substrings of their texts);
- `agent_heard` / `agent_not_heard` (substrings of what was queued to agents);
- `heard` (substrings of everything the customer was told).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.app import App
from handlers.jobs import PERIODIC
from handlers.messages import Inbound, Outbound
from handlers.router import handle
from storage.models import Conversation, OutboxMessage, Ticket, TicketEvent
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.support import FakeClock, Person, photo

DATA = Path(__file__).with_name("data")
AGENT = "agent1"


@dataclass(frozen=True)
class Dialogue:
    kind: str
    name: str
    steps: list[dict[str, Any]]
    check: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.name}"


def load_dialogues() -> list[Dialogue]:
    dialogues: list[Dialogue] = []
    for path in sorted(DATA.glob("*.toml")):
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        for entry in raw.get("dialogue", []):
            dialogues.append(
                Dialogue(path.stem, entry["name"], entry["steps"], entry.get("check", {}))
            )
    return dialogues


class Run:
    """One dialogue played against an app: the customer, the agent, what they heard."""

    def __init__(self, app: App, clock: FakeClock, dialogue: Dialogue) -> None:
        self.app, self.clock, self.dialogue = app, clock, dialogue
        self.customer = Person(app, f"dlg-{abs(hash(dialogue.id)) % 10**8}")
        self.agent_replies: list[Outbound] = []
        self.counter = 0

    async def play(self) -> None:
        await add_agent(self.app, AGENT, "张三", role="supervisor")
        for index, step in enumerate(self.dialogue.steps):
            reply = await self._step(step)
            where = f"{self.dialogue.id} step {index + 1} ({step})"
            for wanted in step.get("expect", []):
                assert wanted in reply, f"{where}: {wanted!r} not in reply:\n{reply}"
            for unwanted in step.get("absent", []):
                assert unwanted not in reply, f"{where}: {unwanted!r} in reply:\n{reply}"

    async def _step(self, step: dict[str, Any]) -> str:
        if "advance_hours" in step:
            self.clock.advance(hours=float(step["advance_hours"]))
            return ""
        if "agent" in step:
            return await self._agent(step["agent"])
        if step.get("deliver"):
            await deliver_all(self.app, Inboxes())
            return ""
        if "jobs" in step:
            jobs = {job.name: job for job in PERIODIC}
            for name in step["jobs"]:
                await jobs[name].run(self.app.services)
            return ""
        self.customer.locale = step.get("lang", self.customer.locale)
        files = (photo(self.app.services.data_dir),) if step.get("photo") else ()
        text, choice = step.get("say", ""), step.get("choice")
        if "{ticket}" in text + (choice or ""):
            number = (await self.newest_ticket()).number
            text, choice = (
                text.replace("{ticket}", number),
                (choice or "").replace("{ticket}", number) or None,
            )
        reply_to = step.get("reply_to")
        if reply_to and "{ticket}" in reply_to:
            reply_to = reply_to.replace("{ticket}", (await self.newest_ticket()).number)
        return await self.customer.say(text, *files, choice=choice, reply_to=reply_to)

    async def _agent(self, command: str) -> str:
        number = (await self.newest_ticket()).number if "{ticket}" in command else ""
        if "{first}" in command:  # the customer's first ticket, when they have several
            command = command.replace("{first}", (await self._tickets())[0].number)
        self.counter += 1
        inbound = Inbound(
            channel="console",
            user_id=AGENT,
            message_id=f"a{self.counter}-{id(self)}",
            received_at=self.app.services.now(),
            text=command.replace("{ticket}", number),
        )
        replies = await handle(self.app.services, inbound)
        self.agent_replies.extend(replies)
        return "\n".join(r.text for r in replies)

    async def newest_ticket(self) -> Ticket:
        found = await self._tickets()
        assert found, f"{self.dialogue.id}: no ticket was filed"
        return found[-1]

    async def _tickets(self) -> list[Ticket]:
        async with self.app.db.transaction() as session:
            return list(
                (
                    await session.execute(
                        select(Ticket)
                        .where(Ticket.user_id == self.customer.user_id)
                        .order_by(Ticket.id)  # type: ignore[arg-type]
                    )
                )
                .scalars()
                .all()
            )

    async def conversation(self) -> tuple[str, dict[str, Any]]:
        async with self.app.db.transaction() as session:
            row = (
                await session.execute(
                    select(Conversation).where(Conversation.user_id == self.customer.user_id)
                )
            ).scalar_one()
            return row.state, self.app.services.vault.open_json(row.data_enc, default={})

    async def events(self, ticket: Ticket) -> list[TicketEvent]:
        async with self.app.db.transaction() as session:
            return list(
                (
                    await session.execute(
                        select(TicketEvent)
                        .where(TicketEvent.ticket_id == ticket.id)
                        .order_by(TicketEvent.id)  # type: ignore[arg-type]
                    )
                )
                .scalars()
                .all()
            )

    async def agent_heard(self) -> str:
        async with self.app.db.transaction() as session:
            rows = (
                (await session.execute(select(OutboxMessage).where(OutboxMessage.user_id == AGENT)))
                .scalars()
                .all()
            )
        vault = self.app.services.vault
        return "\n".join(vault.open_json(r.payload_enc, default={}).get("text", "") for r in rows)

    # --- checks ---------------------------------------------------------------------------
    async def verify(self) -> None:
        check, name = self.dialogue.check, self.dialogue.id
        if "tickets" in check:
            found = await self._tickets()
            assert len(found) == check["tickets"], f"{name}: {len(found)} tickets"
        state, data = await self.conversation()
        if "state" in check:
            assert state == check["state"], f"{name}: state {state}"
        for field, wanted in check.get("draft", {}).items():
            value = data.get("draft", {}).get(field)
            assert _matches(value, wanted), f"{name}: draft {field}={value!r}, want {wanted!r}"
        for field, unwanted in check.get("draft_lacks", {}).items():
            value = str(data.get("draft", {}).get(field) or "")
            assert unwanted not in value, f"{name}: draft {field}={value!r} holds {unwanted!r}"
        if "ticket" in check or "events" in check or "event_texts" in check:
            await self._verify_ticket(await self.newest_ticket())
        heard = "\n".join(r.text for r in self.customer.heard)
        for wanted in check.get("heard", []):
            assert wanted in heard, f"{name}: customer never heard {wanted!r}"
        agents = await self.agent_heard()
        for wanted in check.get("agent_heard", []):
            assert wanted in agents, f"{name}: agents never heard {wanted!r}:\n{agents}"
        for unwanted in check.get("agent_not_heard", []):
            assert unwanted not in agents, f"{name}: agents heard {unwanted!r}"

    async def _verify_ticket(self, ticket: Ticket) -> None:
        check, name, vault = self.dialogue.check, self.dialogue.id, self.app.services.vault
        opened = {
            "name": vault.open(ticket.name_enc),
            "phone": vault.open(ticket.phone_enc),
            "email": vault.open(ticket.email_enc),
            "account": vault.open(ticket.account_enc),
        }
        for column, wanted in check.get("ticket", {}).items():
            if column == "account_has":
                for part in wanted:
                    assert part in (opened["account"] or ""), f"{name}: account lacks {part!r}"
                continue
            if column == "account_lacks":
                for part in wanted:
                    assert part not in (opened["account"] or ""), f"{name}: account has {part!r}"
                continue
            value = opened[column] if column in opened else getattr(ticket, column)
            if column == "remedies":
                value = json.loads(value or "[]") if isinstance(value, str) else value
            assert _matches(value, wanted), f"{name}: ticket {column}={value!r}, want {wanted!r}"
        events = await self.events(ticket)
        kinds = [e.kind for e in events]
        for kind in check.get("events", []):
            assert kind in kinds, f"{name}: no {kind!r} event in {kinds}"
        texts = "\n".join(vault.open(e.text_enc) or "" for e in events)
        for part in check.get("event_texts", []):
            assert part in texts, f"{name}: no event text holds {part!r}:\n{texts}"


def _matches(value: Any, wanted: Any) -> bool:
    if wanted is False:  # "not given": None, "" or []
        return not value
    if isinstance(wanted, str) and isinstance(value, str):
        return wanted in value
    if isinstance(wanted, list) and isinstance(value, list):
        return all(any(_matches(v, w) for v in value) for w in wanted)
    return bool(value == wanted)
