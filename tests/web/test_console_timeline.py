"""The ticket page's timeline and layout (trial findings 7 and 11): a webhook's outbox row
as one short line, a card to several agents as one line naming them, the actions reachable
from the top on a phone, the customer's platform id masked for those who see data masked."""

from __future__ import annotations

import re

from bot.app import App
from tests.support import FakeClock, Person
from tests.web.support import (
    add_agent,
    console,
    csrf_of,
    file_complaint,
    photo,
    signed_in,
    tickets,
)
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


async def test_console_answers_in_its_own_words(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "李四")
    await add_agent(app, "s1", "赵主管", role="supervisor")
    customer = Person(app, "customer-liuyang")
    await file_complaint(customer)
    [ticket] = await tickets(app)
    clock.advance(minutes=5)
    await customer.say("这是订单截图", photo(app.services.data_dir))
    async with console(app) as client:
        await signed_in(app, client, "a1")
        page = await (await client.get("/console/queue", params={"page": "99"})).text()
        assert re.search(r'data-testid="page-info">第 1 / 1 页<', page), page
        assert 'data-testid="queue-row"' in page
        found = await client.get("/console/search", params={"q": "空调", "page": "99"})
        assert "第 1 / 1 页" in await found.text()
        url = f"/console/tickets/{ticket.number}"
        page = await (await client.get(url)).text()
        nonce = re.search(r'id="form-resolve".*?name="nonce" value="([^"]+)"', page, re.S)
        answer = await client.post(
            f"{url}/act",
            data={
                "command": "resolve",
                "text": "  ",
                "nonce": nonce.group(1),
                "csrf": csrf_of(page),
            },  # type: ignore[union-attr]
        )
        flash = await answer.text()
        assert "请填写内容" in flash and "/resolve" not in flash
        english = await (await client.get(url, params={"lang": "en"})).text()
        assert 'data-testid="reasons-note"' in english
    async with console(app) as other:
        await signed_in(app, other, "a2")
        masked = await (await other.get(url)).text()
        assert "customer-liuyang" not in masked
        assert re.search(r'data-testid="evidence">\s*<li>\s*照片', masked), masked
    async with console(app) as chief:
        await signed_in(app, chief, "s1")
        month = app.services.now().strftime("%Y-%m")
        report = await (await chief.get("/console/report", params={"month": month})).text()
        assert 'data-testid="report-reopened">重新打开' in report and "五、" not in report
