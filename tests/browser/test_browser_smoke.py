"""The browser infrastructure itself: Debian's Chromium starts headless under Playwright,
loads a page from an aiohttp server on 127.0.0.1 with Chinese text, and cannot reach any
other host; the screenshot check tells a drawn box from a blank one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Error, Page

from tests.browser.chromium import Outside, guarded_context
from tests.browser.conftest import BROWSER
from tests.browser.pixels import drawn_problem

pytestmark = BROWSER

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>工单队列</title>
</head><body><h1 id="title">投诉工单</h1>
<svg id="chart" width="300" height="120"><rect x="10" y="20" width="80" height="90" fill="#2b6cb0"/>
<rect x="110" y="50" width="80" height="60" fill="#dd6b20"/></svg>
<div id="blank" style="width:300px;height:120px;background:#fff"></div></body></html>"""


@pytest_asyncio.fixture(loop_scope="session")
async def local_site() -> AsyncIterator[str]:
    async def index(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html", charset="utf-8")

    site_app = web.Application()
    site_app.router.add_get("/", index)
    runner = web.AppRunner(site_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


async def test_chromium_loads_a_local_page_with_chinese_text(page: Page, local_site: str) -> None:
    response = await page.goto(local_site)
    assert response is not None and response.ok
    assert await page.title() == "工单队列"
    assert await page.inner_text("#title") == "投诉工单"
    assert drawn_problem(await page.locator("#chart").screenshot()) is None
    blank = drawn_problem(await page.locator("#blank").screenshot())
    assert blank is not None and blank.startswith("only 0 of ")


async def test_pages_cannot_reach_beyond_this_machine(browser: Browser, local_site: str) -> None:
    outside = Outside()
    context = await guarded_context(browser, outside)
    try:
        page = await context.new_page()
        await page.goto(local_site)
        fetched = await page.evaluate(
            "fetch('http://example.com/').then(() => 'answered', () => 'refused')"
        )
        with pytest.raises(Error, match="ERR_ADDRESS_UNREACHABLE"):
            await page.goto("http://192.0.2.10/")  # a literal address: no lookup to stop it
    finally:
        await context.close()
    assert fetched == "refused"
    assert outside.urls == ["http://example.com/", "http://192.0.2.10/"]
