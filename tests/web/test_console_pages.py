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
        bad = await client.get("/console/report", params={"month": "2026-13"})
        html = await bad.text()
        # The console's own page (navigation, the message), not a bare error.
        assert bad.status == 400 and 'data-testid="nav-queue"' in html
        assert "2026-11" in html and 'data-testid="message"' in html
        found = await client.get("/console/search", params={"q": ticket.number.lower()})
        assert found.url.path == f"/console/tickets/{ticket.number}"


async def test_search_by_phone_and_words_lists_tickets_without_personal_data(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        for query in ("138-1234-5678", "空调"):
            page = await (await client.get("/console/search", params={"q": query})).text()
            assert re.findall(r'data-testid="search-row" data-number="(\w+)"', page) == [
                ticket.number
            ], (query, page)
            assert "13812345678" not in page and "王芳" not in page
        nothing = await (await client.get("/console/search", params={"q": "13900000000"})).text()
        assert 'data-testid="search-empty"' in nothing


async def test_the_report_page_draws_charts_in_the_served_font(app: App) -> None:
    await add_agent(app, "s1", "赵主管", role="supervisor")
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    month = app.services.now().strftime("%Y-%m")
    async with console(app) as client:
        await signed_in(app, client, "s1")
        page = await (await client.get("/console/report", params={"month": month})).text()
        assert re.search(r'data-testid="chart-by_category"[^>]*><svg', page)
        assert "Complaint Bot Sans SC" in page  # the charts ask for the served font
        sheet = await client.get("/console/fonts.css")
        assert sheet.status == 200 and "@font-face" in await sheet.text()
        font = await client.get(re.search(r'url\("([^"]+)"\)', await sheet.text()).group(1))  # type: ignore[union-attr]
        assert font.status == 200 and len(await font.read()) > 1_000_000
        csv = await client.get("/console/report.csv", params={"month": month})
        body = (await csv.read()).decode("utf-8")
        assert csv.status == 200 and body.startswith("\ufeff") and "138****5678" in body
    async with console(app) as agent:
        await signed_in(app, agent, "a1")
        refused = await agent.get("/console/report.csv", params={"month": month})
        assert refused.status == 403 and "13812345678" not in await refused.text()


async def test_the_csv_masks_contacts_unless_a_supervisor_asks_for_them_whole(app: App) -> None:
    await add_agent(app, "s1", "赵主管", role="supervisor")
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    month = app.services.now().strftime("%Y-%m")
    async with console(app) as client:
        await signed_in(app, client, "s1")
        page = await (await client.get("/console/report", params={"month": month})).text()
        assert 'data-testid="report-csv-whole"' in page
        masked = await (await client.get("/console/report.csv", params={"month": month})).read()
        text = masked.decode("utf-8")
        assert "138****5678" in text and "13812345678" not in text and "王芳" not in text
        whole = await client.get(
            "/console/report.csv", params={"month": month, "contacts": "whole"}
        )
        text = (await whole.read()).decode("utf-8")
        assert whole.status == 200 and "13812345678" in text and "王芳" in text
    async with console(app) as agent:
        await signed_in(app, agent, "a1")
        for params in ({"month": month}, {"month": month, "contacts": "whole"}):
            refused = await agent.get("/console/report.csv", params=params)
            assert refused.status == 403 and "13812345678" not in await refused.text()
