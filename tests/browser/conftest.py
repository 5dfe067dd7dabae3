"""A real headless Chromium for the web console's tests (issue 14).

Debian's `chromium` package, driven by Playwright for Python with `executable_path`: nothing
is downloaded (`playwright install` is never run). One browser per test session keeps the
suite fast; each test gets a fresh context (cookies, storage) of its own.

Playwright's sync API marks its event loop as running between calls, which would break the
asyncio tests that run after it in the same session, so the async API is used on pytest-
asyncio's session loop: every test module here sets `pytestmark = BROWSER`.

The browser may only talk to this machine (tests/browser/chromium.py): a page's request to
anything but a loopback address is aborted and fails the test that made it (`outside`).

Without /usr/bin/chromium the tests fail with how to install it (`.ci/run` installs it);
`COMPLAINT_BOT_SKIP_BROWSER=1` skips them on purpose instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, Playwright, async_playwright

from tests.browser.chromium import CHROMIUM, Outside, guarded_context, launch

SKIP_ENV = "COMPLAINT_BOT_SKIP_BROWSER"
# Where screenshots are kept after a run (gitignored); each test prints the files it saved.
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

# Every test module here runs on the session's event loop, where the browser lives.
BROWSER = pytest.mark.asyncio(loop_scope="session")


def chromium_missing_message() -> str:
    return (
        f"the browser tests need Chromium at {CHROMIUM}: install Debian's package "
        "(`apt-get install chromium`; .ci/run does it), or set "
        f"{SKIP_ENV}=1 to skip these tests on purpose"
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def playwright() -> AsyncIterator[Playwright]:
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: browser tests skipped on purpose")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(chromium_missing_message(), pytrace=False)
    async with async_playwright() as driver:
        yield driver


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(playwright: Playwright) -> AsyncIterator[Browser]:
    launched = await launch(playwright)
    try:
        yield launched
    finally:
        await launched.close()


@pytest_asyncio.fixture(loop_scope="session")
async def outside() -> AsyncIterator[Outside]:
    refused = Outside()
    yield refused
    if refused.urls:
        pytest.fail("the browser tried to reach the network: " + ", ".join(refused.urls))


@pytest_asyncio.fixture(loop_scope="session")
async def context(browser: Browser, outside: Outside) -> AsyncIterator[BrowserContext]:
    opened = await guarded_context(browser, outside)
    try:
        yield opened
    finally:
        await opened.close()


@pytest_asyncio.fixture(loop_scope="session")
async def page(context: BrowserContext) -> Page:
    return await context.new_page()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """A folder for this test's screenshots under tests/artifacts/ (gitignored)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
