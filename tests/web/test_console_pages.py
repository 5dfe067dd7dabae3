"""The console's language (the viewer's choice, else Accept-Language) and the supervisors'
report page with the month's figures."""

from __future__ import annotations

import re

from bot.app import App
from tests.support import Person
from tests.web.support import add_agent, console, file_complaint, signed_in, tickets


async def test_the_language_follows_the_browser_then_the_choice(app: App) -> None:
    await add_agent(app, "a1", "张三")
    async with console(app) as client:
        await signed_in(app, client, "a1")
        english = await client.get("/console/queue", headers={"Accept-Language": "en-US,en;q=0.8"})
        assert '<html lang="en">' in await english.text()
        chosen = await client.get(
            "/console/queue", params={"lang": "zh-CN"}, headers={"Accept-Language": "en"}
        )
        assert '<html lang="zh-CN">' in await chosen.text()
        kept = await client.get("/console/queue", headers={"Accept-Language": "en"})
        assert '<html lang="zh-CN">' in await kept.text()  # the choice outlives the header


async def test_a_supervisor_reads_the_months_figures(app: App) -> None:
    await add_agent(app, "s1", "赵主管", role="supervisor")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    month = app.services.now().strftime("%Y-%m")
    async with console(app) as client:
        await signed_in(app, client, "s1")
        page = await (await client.get("/console/report", params={"month": month})).text()
        assert re.search(r'data-testid="report-total">[^<]*1', page)
        assert 'data-testid="report-sla"' in page
        assert (await client.get("/console/report", params={"month": "2026-13"})).status == 400
        found = await client.get("/console/search", params={"q": ticket.number.lower()})
        assert found.url.path == f"/console/tickets/{ticket.number}"
