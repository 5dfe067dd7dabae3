"""Agent commands are declared once (handlers/agent_commands.py:AGENT_COMMANDS; issue 13
item 3): /help lists every declaration, every alias runs its command, roles are enforced
before the handler, through the handler API on every backend."""

from __future__ import annotations

import re

from bot.app import App
from bot.channels.telegram import menu
from handlers.agent_commands import AGENT_COMMANDS
from handlers.agents import COMMANDS, help_text
from handlers.lifecycle import AGENT_TEXTS
from handlers.texts import SUPPORTED, Texts
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_lifecycle import file_complaint
from tests.support import FakeClock, Person, tickets

# What /help and the menus show: every declared command but the hidden (`start`).
LISTED = [c for c in AGENT_COMMANDS if not c.hidden]


def test_the_registry_is_the_declaration() -> None:
    assert list(COMMANDS) == [c.name for c in AGENT_COMMANDS]
    aliases = [a for c in AGENT_COMMANDS for a in c.aliases]
    assert len(aliases) == len(set(aliases))  # one command per word
    for locale in SUPPORTED:
        texts = Texts(locale)
        for declared in LISTED:
            assert texts.has(declared.help_key) and texts.has(declared.menu_key), locale


def test_the_telegram_menus_are_the_registry() -> None:
    """Telegram: a command is 1-32 of a-z, 0-9 and _; a description 1-256 characters
    (Bot API, BotCommand). The agent menu is every declared command, in order, per locale."""
    assert tuple(c.name for c in LISTED) == menu.AGENT_COMMANDS
    for locale in SUPPORTED:
        texts = Texts(locale)
        shown = [(c.command, c.description) for c in menu.agent_commands(locale)]
        assert shown == [(c.name, texts(c.menu_key)) for c in LISTED]
        for command in [*menu.agent_commands(locale), *menu.customer_commands(locale)]:
            assert re.fullmatch(r"[a-z0-9_]{1,32}", command.command)
            assert 1 <= len(command.description) <= 256


async def test_help_lists_every_declared_command_with_its_aliases(app: App) -> None:
    await add_agent(app, "a1", "张三")
    answer = await Person(app, "a1").say("/help")
    assert answer == help_text(AGENT_TEXTS)
    lines = answer.splitlines()
    for declared in LISTED:
        [line] = [x for x in lines if x.startswith(f"/{declared.name} ")]
        assert AGENT_TEXTS(declared.help_key) in line
        assert all(alias in line for alias in declared.aliases)
        assert ("（主管）" in line) == ("agent" not in declared.roles)
    assert len(lines) == len(LISTED) + 2  # the title and the closing hint


async def test_every_alias_runs_its_command(app: App) -> None:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    unknown = AGENT_TEXTS("agent.unknown")
    for declared in AGENT_COMMANDS:
        for word in (f"/{declared.name}", *declared.aliases, *declared.unlisted):
            assert await agent.say(word) != unknown, word
    assert await agent.say("/nonsense") == unknown


async def test_a_role_is_checked_before_the_command_runs(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "s1", "李主管", role="supervisor")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    refused = AGENT_TEXTS("agent.supervisor_only")
    assert await Person(app, "a1").say(f"分配 {ticket.number} 张三") == refused
    assert (await tickets(app))[0].assignee_id is None
    assert refused != await Person(app, "s1").say(f"/assign {ticket.number} 张三")
    assert (await tickets(app))[0].assignee_id is not None


async def test_start_greets_in_one_line_and_is_not_listed(app: App) -> None:
    await add_agent(app, "a1", "张三")
    agent = Person(app, "a1")
    answer = await agent.say("/start")
    assert answer == AGENT_TEXTS("agent.greeting_empty", name="张三")  # newcomer trial 14
    assert "/start" not in help_text(AGENT_TEXTS)


def test_zh_help_names_the_status_words_in_chinese() -> None:
    [line] = [x for x in help_text(AGENT_TEXTS).splitlines() if x.startswith("/status ")]
    assert "核实中" in line and "处理中" in line


async def test_show_takes_a_short_number_when_one_ticket_ends_so(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三", role="supervisor")
    agent = Person(app, "a1")
    for n in range(11):  # sequences 001 … 011 of one day
        await file_complaint(Person(app, f"c{n}"))
    numbers = [t.number for t in await tickets(app)]
    assert numbers[0].endswith("001") and numbers[10].endswith("011")
    assert (await agent.say("/show 1")).startswith(f"工单 {numbers[0]}")  # the sequence 001
    assert (await agent.say("/show 011")).startswith(f"工单 {numbers[10]}")
    assert (await agent.say("查看 10")).startswith(f"工单 {numbers[9]}")
    none = await agent.say("/show 99")
    assert none == AGENT_TEXTS("agent.no_suffix_match", digits="99")
    clock.advance(hours=24)  # the next day's sequence 001 makes "1" ambiguous
    await file_complaint(Person(app, "c-next"))
    tomorrow = (await tickets(app))[-1].number
    several = await agent.say("/show 1")
    assert several == AGENT_TEXTS(
        "agent.suffix_ambiguous", digits="1", numbers=f"{tomorrow}、{numbers[0]}"
    )
    await agent.say(f"/reject {numbers[0]} 已超过售后期")  # a rejected ticket is no candidate
    assert (await agent.say("/show 1")).startswith(f"工单 {tomorrow}")


async def test_every_ticket_command_takes_a_short_number(app: App) -> None:
    """/show 1 worked while /take 1 asked for the full number (newcomer trial): every command
    that names a ticket reads the short number the same way, the text after it kept."""
    await add_agent(app, "a1", "张三", role="supervisor")
    agent = Person(app, "a1")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    assert ticket.number in await agent.say("/take 1")
    assert ticket.number in await agent.say("/reply 1 您好，已在处理")
    assert "已在处理" in await agent.say("/show 001")
    assert AGENT_TEXTS("agent.no_suffix_match", digits="7") == await agent.say("/take 7")


async def test_a_short_number_finds_a_finished_ticket_when_no_unfinished_one_fits(
    app: App,
) -> None:
    """Once a ticket was closed or rejected, "/show 1" was refused (newcomer trial): with no
    unfinished ticket ending so, the finished ones are looked at the same way."""
    await add_agent(app, "a1", "张三", role="supervisor")
    agent = Person(app, "a1")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    await agent.say(f"/reject {ticket.number} 已超过售后期")
    assert (await agent.say("/show 1")).startswith(f"工单 {ticket.number}")
    await file_complaint(Person(app, "c2"))  # an unfinished ticket ending 002 does not fit "1"
    assert (await agent.say("/show 1")).startswith(f"工单 {ticket.number}")
    assert (await agent.say("/show 2")).startswith("工单 ")
    assert await agent.say("/show 9") == AGENT_TEXTS("agent.no_suffix_match", digits="9")
