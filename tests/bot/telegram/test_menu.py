"""The command menus the channel sets on Telegram are the registries (issue 13 item 3): the
agent group's menu is handlers/agent_commands.py:AGENT_COMMANDS with each command's menu text,
in zh-CN (the default) and en, as the fake Bot API server received them."""

from __future__ import annotations

from bot.app import App
from handlers.agent_commands import AGENT_COMMANDS
from handlers.texts import Texts
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.telegram_harness import AGENT_GROUP, running


async def test_the_agent_menu_set_on_telegram_is_every_declared_command(
    app: App, fake: FakeTelegram
) -> None:
    async with running(app, fake):
        await fake.wait_for(lambda: len(fake.called("setMyCommands")) == 4, timeout=30)
    agent_menus = {
        call.params.get("language_code"): [
            (c["command"], c["description"]) for c in call.params["commands"]
        ]
        for call in fake.called("setMyCommands")
        if call.params.get("scope", {}).get("chat_id") == AGENT_GROUP.id
    }
    assert set(agent_menus) == {None, "en"}
    for language, locale in ((None, "zh-CN"), ("en", "en")):
        texts = Texts(locale)
        assert agent_menus[language] == [
            (c.name, texts(c.menu_key)) for c in AGENT_COMMANDS if not c.hidden
        ]
