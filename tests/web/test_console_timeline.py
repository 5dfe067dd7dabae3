"""The ticket page's timeline and layout (trial findings 7 and 11): a webhook's outbox row
as one short line, a card to several agents as one line naming them, the actions reachable
from the top on a phone, the customer's platform id masked for those who see data masked."""

from __future__ import annotations

import re

from bot.app import App
from tests.support import Person
from tests.web.support import add_agent, console, file_complaint, signed_in, tickets
from tests.webhooks.support import add_hook


def _timeline(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", line)
        for line in re.findall(r'<li data-testid="timeline-entry">(.*?)</li>', page, re.S)
    ]


async def test_webhook_rows_and_a_card_to_several_agents_are_one_line_each(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "李四")
    await add_agent(app, "s1", "赵主管", role="supervisor")
    await add_hook(app, "http://127.0.0.1:9/hook", "*")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        await signed_in(app, client, "s1")
        page = await (await client.get(f"/console/tickets/{ticket.number}")).text()
    lines = _timeline(page)
    hooks = [line for line in lines if "Webhook" in line]
    assert hooks and all("{" not in line and "发给客服" not in line for line in hooks), lines
    assert any("ticket.filed" in line for line in hooks), hooks
    assert not any('"ticket"' in line or "&#34;" in line for line in lines), lines
    cards = [line for line in lines if "发给客服" in line]
    # One line for the card, naming whom it went to; not one line per agent.
    assert len(cards) == len({c.split("发给客服", 1)[1][:40] for c in cards}), cards
    assert any("张三" in c and "李四" in c for c in cards), cards


async def test_the_actions_are_reachable_from_the_top_and_the_queue_scrolls_on_a_phone(
    app: App,
) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        page = await (await client.get(f"/console/tickets/{ticket.number}")).text()
        sheet = await (await client.get("/console/static/console.css")).text()
    jump = page.index('data-testid="jump-actions"')
    assert 'href="#actions"' in page[jump - 40 : jump] and 'id="actions"' in page
    assert jump < page.index('data-testid="timeline"')
    phone = sheet[sheet.index("@media (max-width: 40rem)") :]
    assert re.search(r"#queue\s*\{\s*min-width:", phone)
