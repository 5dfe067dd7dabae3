"""`/web` (网页) in an agent's own chat gives a one-time link; in a group it is refused (the
whole group would read it), and for someone not registered it is no command at all."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from handlers.messages import Inbound
from handlers.router import handle
from storage.models import WebLink
from tests.support import Person
from tests.web.support import TOKEN, add_agent


async def _links(app: App) -> int:
    async with app.db.transaction() as session:
        return int((await session.execute(select(func.count()).select_from(WebLink))).scalar_one())


async def test_web_in_the_agents_own_chat(app: App) -> None:
    await add_agent(app, "a1", "张三")
    answer = await Person(app, "a1").say("网页")
    assert TOKEN.search(answer) and answer.count("http://127.0.0.1:8080/console/signin") == 1
    assert str(app.settings.WEB_LINK_MINUTES) in answer
    assert await _links(app) == 1


async def test_web_in_a_group_is_refused(app: App) -> None:
    await add_agent(app, "a1", "张三")
    inbound = Inbound(
        channel="console",
        user_id="a1",
        message_id="g1",
        received_at=app.services.now(),
        text="/web",
        chat_id="agents-group",
    )
    [reply] = await handle(app.services, inbound)
    assert not TOKEN.search(reply.text) and "/web" in reply.text
    assert await _links(app) == 0


async def test_web_is_nothing_for_a_customer(app: App) -> None:
    answer = await Person(app, "c1").say("/web")
    assert not TOKEN.search(answer)
    assert await _links(app) == 0
