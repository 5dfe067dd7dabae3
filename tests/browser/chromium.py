"""Debian's Chromium under Playwright, kept to this machine: shared by the browser tests
(tests/browser/conftest.py) and scripts/screenshots.py, so the README's pictures come from
the browser the tests use. No pytest here.

The browser may only talk to this machine, like everything else in the tests
(tests/netguard/): its background services are switched off by flags, every host name other
than localhost fails to resolve (`--host-resolver-rules`), and a page's request to anything
but a loopback address is aborted and recorded (`Outside`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Playwright, Route

CHROMIUM = Path(os.environ.get("COMPLAINT_BOT_CHROMIUM", "/usr/bin/chromium"))

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


async def launch(playwright: Playwright) -> Browser:
    """Headless Chromium from CHROMIUM (never a downloaded one) with CHROMIUM_ARGS."""
    return await playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


class Outside:
    """Requests the pages tried to send beyond this machine (aborted, then reported)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    async def refuse(self, route: Route) -> None:
        self.urls.append(route.request.url)
        await route.abort("addressunreachable")


async def guarded_context(browser: Browser, outside: Outside) -> BrowserContext:
    """A fresh context (no cookies) in zh-CN -- the console answers in the browser's
    language, and its people read Chinese -- whose requests beyond loopback are aborted and
    recorded in `outside`."""
    context = await browser.new_context(viewport=VIEWPORT, locale="zh-CN")  # type: ignore[arg-type]
    await context.route(lambda url: not LOCAL_URL.match(url), outside.refuse)
    return context
