"""The web console in a real headless Chromium, against real processes (issue 14, "Done
means"): `complaint-bot serve` on 127.0.0.1, agents and customers in `complaint-bot chat`.

- an agent asks for a link with `/web` in their chat, signs in, sees the queue, opens the
  ticket, takes it and replies with the form, and the customer's open `chat` receives it;
- an agent who is not the assignee sees the customer's phone masked; the assignee and a
  supervisor see it whole;
- a supervisor's report page draws its charts with Chinese labels in the packaged CJK font:
  the chart's screenshot has ink (saved under tests/artifacts/), its labels are in the DOM
  and the font's @font-face loaded.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect

from bot.fonts import FONT_FAMILY
from tests.browser.conftest import BROWSER
from tests.browser.deployment import COMPLAINT, SIGN_IN_LINK, TICKET_NUMBER, Deployment
from tests.browser.pixels import drawn_problem, ink

pytestmark = BROWSER

AGENTS = [("a1", "张三", False), ("a2", "李四", False), ("s1", "王主管", True)]
# The second customer's complaint (a1 takes it in the console): another person and phone.
OTHER = (
    "我叫李雷，手机13987654321。11月20日在你们西单店买的电饭煲，用了两天就坏了，"
    "订单号2026112000456，要求换货"
)
OTHER_PHONE = "13987654321"
HAN = re.compile(r"[\u4e00-\u9fff]")
LEGIBLE_PX = 9  # the smallest label height (CSS pixels) counted as readable on the page


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def deployment(
    tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> AsyncIterator[Deployment]:
    """db upgrade; then at once three console agents, serve, and the second customer's
    complaint. What does not depend on each other runs side by side: every process start
    costs seconds on a busy machine. (After `browser`: without Chromium, nothing starts.)"""
    setup = Deployment(tmp_path_factory.mktemp("console"))
    try:
        await setup.cli("db", "upgrade")
        _, _, number = await asyncio.gather(
            setup.add_agents(AGENTS), setup.start_serve(), setup.file_complaint("customer-b", OTHER)
        )
        setup.tickets["other"] = number
        yield setup
    finally:
        await setup.stop()
        print(
            f"serve's log ({setup.serve_log}):\n{setup.log() if setup.serve_log.exists() else ''}"
        )


async def sign_in(page: Page, link: str) -> None:
    """Opens a sign-in link and presses its button; lands on the queue."""
    response = await page.goto(link)
    assert response is not None and response.ok, await page.content()
    await page.get_by_test_id("signin").click()
    await page.wait_for_url(re.compile(r"/console/queue"))


async def test_an_agent_signs_in_from_the_chat_and_replies_to_the_customer(
    deployment: Deployment, page: Page
) -> None:
    customer = await deployment.chat("--user", "customer-a")

    async def file() -> str:
        for line in (COMPLAINT, "暂无", "1"):
            await customer.send(line)
        return TICKET_NUMBER.findall(await customer.expect("受理时间"))[-1]

    # The customer files (their `chat` stays open) while the agent asks for a link.
    number, asked = await asyncio.gather(file(), deployment.agent_says("a1", "/web"))
    link = SIGN_IN_LINK.search(asked)
    assert link, asked
    await sign_in(page, link.group())

    await expect(page.get_by_test_id("viewer")).to_contain_text("张三")
    row = page.locator(f'[data-testid="queue-row"][data-number="{number}"]')
    await expect(row).to_be_visible()
    await row.get_by_test_id("ticket-link").click()
    await page.wait_for_url(re.compile(rf"/console/tickets/{number}$"))
    await expect(page.get_by_test_id("ticket-number")).to_contain_text(number)

    await page.get_by_test_id("take-submit").click()
    await expect(page.get_by_test_id("assignee")).to_contain_text("张三")
    reply = "您好，我们已联系朝阳门店，明天上门取件"
    await page.get_by_test_id("reply-text").fill(reply)
    await page.get_by_test_id("reply-submit").click()
    await expect(page.get_by_test_id("flash")).to_be_visible()
    await expect(page.get_by_test_id("timeline")).to_contain_text(reply)

    seen = await customer.expect(reply)
    assert seen.index("受理时间") < seen.index(reply)


async def test_only_the_assignee_and_a_supervisor_see_the_customers_phone_whole(
    deployment: Deployment, page: Page
) -> None:
    number = deployment.tickets["other"]
    links = await deployment.sign_in_links("a1", "a2", "s1")
    shown: dict[str, str] = {}
    masked: dict[str, str] = {}
    # One after the other in the same browser, signing out in between (one download of the
    # 8 MB font instead of one per fresh context).
    for agent in ("a1", "a2", "s1"):
        await sign_in(page, links[agent])
        await page.goto(f"{deployment.url}/console/tickets/{number}")
        await expect(page.get_by_test_id("ticket-number")).to_contain_text(number)
        if agent == "a1":  # the ticket becomes a1's: the others see another's customer
            await page.get_by_test_id("take-submit").click()
            await expect(page.get_by_test_id("assignee")).to_contain_text("张三")
        phone = page.get_by_test_id("field-phone")
        shown[agent] = await phone.inner_text()
        masked[agent] = await phone.get_attribute("data-masked") or ""
        if agent == "a2":
            assert OTHER_PHONE not in await page.content()
            await expect(page.get_by_test_id("masked-note")).to_be_visible()
        await page.get_by_test_id("logout").click()
        await expect(page.get_by_test_id("viewer")).to_have_count(0)
    assert shown["a2"] != OTHER_PHONE and "*" in shown["a2"], shown
    assert shown["a2"].startswith(OTHER_PHONE[:3]) and shown["a2"].endswith(OTHER_PHONE[-4:])
    assert shown["a1"] == OTHER_PHONE and shown["s1"] == OTHER_PHONE, shown
    assert masked == {"a1": "false", "a2": "true", "s1": "false"}, masked


async def test_a_supervisor_sees_the_report_chart_with_chinese_labels(
    deployment: Deployment, page: Page, artifacts: Path
) -> None:
    links = await deployment.sign_in_links("s1")
    await sign_in(page, links["s1"])
    await page.get_by_test_id("nav-report").click()
    await page.wait_for_url(re.compile(r"/console/report"))
    chart = page.get_by_test_id("chart-by_category").locator("svg")
    await expect(chart).to_be_visible()

    # The chart names, in Chinese, the category with the most tickets in the table beside it.
    labels = await chart.locator("text").all_text_contents()
    assert any(HAN.search(label) for label in labels), labels
    counts = page.get_by_test_id("report-counts").first.locator("tr")
    rows = [
        (int(await row.locator("td").inner_text()), await row.locator("th").inner_text())
        for row in await counts.all()
    ]
    _, category = max(rows)
    assert HAN.search(category) and category in labels, (category, labels)
    # Drawn at a size people read (a chart squeezed into a narrow box shrinks its text).
    label = chart.locator("text", has_text=category).first
    box = await label.bounding_box()
    assert box is not None and box["height"] >= LEGIBLE_PX, (category, box)

    font = await page.evaluate(
        """async (family) => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter(
                (face) => face.family.replace(/["']/g, "") === family);
            return {
                statuses: faces.map((face) => face.status),
                check: document.fonts.check(`16px "${family}"`, "投诉"),
                used: getComputedStyle(document.querySelector(
                    '[data-testid="chart-by_category"] svg text')).fontFamily,
            };
        }""",
        FONT_FAMILY,
    )
    # Declared by the console's @font-face, fetched and parsed (not "unloaded" or "error").
    assert "loaded" in font["statuses"] and "error" not in font["statuses"], font
    assert font["check"] is True, font
    assert font["used"].replace('"', "").replace("'", "").startswith(FONT_FAMILY), font

    png = await chart.screenshot()
    saved = artifacts / "report-chart.png"
    saved.write_bytes(png)
    print(f"report chart screenshot: {saved} ({ink(png)})")
    assert drawn_problem(png) is None, f"{drawn_problem(png)}; see {saved}"
