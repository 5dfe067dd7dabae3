"""A real headless Chromium for the web console's tests (issue 14).

Debian's `chromium` package, driven by Playwright for Python with `executable_path`: nothing
is downloaded (`playwright install` is never run). One browser per test session keeps the
suite fast; each test gets a fresh context (cookies, storage) of its own.

Playwright's sync API marks its event loop as running between calls, which would break the
asyncio tests that run after it in the same session, so the async API is used on pytest-
asyncio's session loop: every test module here sets `pytestmark = BROWSER`.

The browser may only talk to this machine, like everything else in the tests
(tests/netguard/): its background services are switched off by flags, every host name other
than localhost fails to resolve (`--host-resolver-rules`), and a page's request to anything
but a loopback address is aborted and fails the test that made it.

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
from playwright.async_api import Browser, BrowserContext, Page, Playwright, Route, async_playwright

CHROMIUM = Path(os.environ.get("COMPLAINT_BOT_CHROMIUM", "/usr/bin/chromium"))
SKIP_ENV = "COMPLAINT_BOT_SKIP_BROWSER"
# Where screenshots are kept after a run (gitignored); each test prints the files it saved.
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

# Every test module here runs on the session's event loop, where the browser lives.
BROWSER = pytest.mark.asyncio(loop_scope="session")

# No traffic beyond this machine: no proxy lookup, no update/metrics/sync/safe-browsing calls,
# and no name resolves except localhost and 127.0.0.1 (the rules apply to literals too).
CHROMIUM_ARGS = [
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-breakpad",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
]
VIEWPORT = {"width": 1200, "height": 800}

# Requests a page may make: loopback http(s), and what never leaves the browser.
LOCAL_URL = re.compile(
    r"^(https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?([/?#]|$)|data:|blob:|about:)"
)


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
    launched = await playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield launched
    finally:
        await launched.close()


class Outside:
    """Requests the pages tried to send beyond this machine (aborted, then reported)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    async def refuse(self, route: Route) -> None:
        self.urls.append(route.request.url)
        await route.abort("addressunreachable")


async def guarded_context(browser: Browser, outside: Outside, **options: object) -> BrowserContext:
    """A fresh context (no cookies) whose requests beyond loopback are aborted and recorded."""
    # zh-CN: the console answers in the browser's language, and its people read Chinese.
    context = await browser.new_context(viewport=VIEWPORT, locale="zh-CN", **options)  # type: ignore[arg-type]
    await context.route(lambda url: not LOCAL_URL.match(url), outside.refuse)
    return context


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
