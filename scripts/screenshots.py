"""The README's pictures of the web console: docs/img/console-queue.png (the queue) and
docs/img/console-report.png (the monthly report), taken again whenever the pages change.

Seeds a throw-away DATA_DIR with demo data through the bot's own handlers (three console
agents, eight complaints filed as customers write them, a few taken, answered and
resolved), starts `complaint-bot serve` on a free 127.0.0.1 port, signs the supervisor in with
a one-time link and photographs both pages in the headless Chromium the browser tests use
(tests/browser/chromium.py: Debian's `chromium`, nothing downloaded, only loopback reachable).
The names and phone numbers are made up.

Run: .venv/bin/python scripts/screenshots.py [--out docs/img]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import os
import signal
import socket
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402

from bot.app import App, build  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from handlers.messages import Inbound  # noqa: E402
from handlers.router import handle  # noqa: E402
from handlers.web_links import issue_link  # noqa: E402
from storage.models import Agent  # noqa: E402
from storage.queries import agents as agent_rows  # noqa: E402
from tests.browser.chromium import Outside, guarded_context, launch  # noqa: E402

AGENTS = [("a1", "张三", "agent"), ("a2", "李四", "agent"), ("s1", "王主管", "supervisor")]
# Complete complaints (every field in the first message). Made-up people and numbers.
COMPLAINTS = [
    "我叫陈明，手机13800000001。今天中午在你们万达店买的牛奶，孩子喝了以后上吐下泻，"
    "去了医院，要求赔偿医药费",
    "我叫王芳，手机13800000002。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款",
    "我叫刘洋，手机13800000003。昨天中午在你们app点的外卖，送了两个小时才到，全凉了，要求退款",
    "我叫李雷，手机13800000004。11月20日在你们西单店买的电饭煲，用了两天就坏了，"
    "订单号2026112000456，要求换货",
    "我叫赵敏，手机13800000005。上周六在你们国贸店，店员态度非常恶劣，还骂人，要求道歉",
    "我叫孙伟，手机13800000006。11月1日你们app上扣了我58元会员费，我从来没有开通过，要求退款",
    "我叫周杰，手机13800000007。11月25日在你们官网下的订单，快递五天了还没到，"
    "订单号2026112500789，要求退款",
    "我叫吴芳，手机13800000008。昨天在你们望京店买的充电宝，充电时冒烟起火，差点烧到孩子，要求赔偿",
]
# What the agents do with them afterwards (ticket index -> commands, by agent).
WORK = [
    ("a1", "/take {2}"),
    ("a1", "/reply {2} 您好，我们已联系朝阳门店，明天上门取件"),
    ("a1", "/take {4}"),
    ("a1", "/resolve {4} 已为您更换新的电饭煲"),
    ("a2", "/take {5}"),
    ("a2", "/status {5} 核实中"),
    ("s1", "/assign {1} a1"),
]
_ids = itertools.count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def say(app: App, user_id: str, text: str) -> str:
    """One console message through the bot's router, as `complaint-bot chat` sends it; the
    answers' texts, with "[choices]" after one that offers numbered choices."""
    inbound = Inbound(
        channel="console",
        user_id=user_id,
        message_id=f"demo-{next(_ids)}",
        received_at=datetime.now(UTC),
        text=text,
    )
    replies = await handle(app.services, inbound)
    return "\n".join(reply.text + ("\n[choices]" if reply.choices else "") for reply in replies)


async def seed(app: App) -> str:
    """Agents, complaints and some work on them; returns the supervisor's sign-in link."""
    async with app.db.transaction() as session:
        for user_id, name, role in AGENTS:
            agent_rows.add(
                session,
                Agent(
                    channel="console",
                    user_id=user_id,
                    name=name,
                    role=role,
                    created_at=datetime.now(UTC),
                ),
            )
    numbers: dict[int, str] = {}
    for index, text in enumerate(COMPLAINTS, start=1):
        customer = f"demo-customer-{index}"
        said = [await say(app, customer, text)]
        # A choice (the remedies, the summary's "确认提交") gets "1", any other question "暂无".
        while "工单号：" not in said[-1] and len(said) < 6:
            said.append(await say(app, customer, "1" if "[choices]" in said[-1] else "暂无"))
        if "工单号：" not in said[-1]:
            raise SystemExit(f"complaint {index} was not filed; the bot said:\n" + "\n".join(said))
        numbers[index] = said[-1].split("工单号：", 1)[1].split()[0]
    for user_id, command in WORK:
        await say(app, user_id, _fill(command, numbers))
    async with app.db.transaction() as session:
        supervisor = await agent_rows.registered(session, "console", "s1")
        assert supervisor is not None
        return await issue_link(
            session,
            supervisor,
            now=datetime.now(UTC),
            minutes=app.settings.WEB_LINK_MINUTES,
            public_url=app.settings.public_url,
        )


def _fill(command: str, numbers: dict[int, str]) -> str:
    for index, number in numbers.items():
        command = command.replace(f"{{{index}}}", number)
    return command


async def serve(env: dict[str, str], root: Path, url: str) -> asyncio.subprocess.Process:
    """`complaint-bot serve` (no channel credentials: HTTP server and scheduler), once
    /healthz answers."""
    with (root / "serve.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "serve", env=env, cwd=root, stdout=log, stderr=log
        )
    async with aiohttp.ClientSession() as http:
        for _ in range(1200):
            if process.returncode is not None:
                break
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return process
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("serve did not start:\n" + (root / "serve.log").read_text())


def small_png(png: bytes) -> bytes:
    """The screenshot in a 256-colour palette, optimised: a tenth of the size, same look."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


async def photograph(link: str, out: Path) -> list[Path]:
    outside = Outside()
    async with async_playwright() as driver:
        browser = await launch(driver)
        try:
            context = await guarded_context(browser, outside)
            page = await context.new_page()
            await page.goto(link)
            await page.get_by_test_id("signin").click()
            await page.wait_for_url("**/console/queue")
            saved = [await _shot(page, out / "console-queue.png")]
            await page.get_by_test_id("nav-report").click()
            await page.wait_for_url("**/console/report**")
            await page.evaluate("document.fonts.ready.then(() => true)")
            saved.append(await _shot(page, out / "console-report.png"))
        finally:
            await browser.close()
    if outside.urls:
        raise SystemExit(f"the pages tried to reach the network: {outside.urls}")
    return saved


async def _shot(page: Page, path: Path) -> Path:
    """The top of the page at the viewport's width, no taller than the viewport, and no
    taller than the page either (a short page leaves no empty band)."""
    height = await page.evaluate("Math.ceil(document.body.getBoundingClientRect().bottom) + 16")
    viewport = page.viewport_size or {"width": 1200, "height": 800}
    clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, viewport["height"])}
    path.write_bytes(small_png(await page.screenshot(clip=clip)))  # type: ignore[arg-type]
    return path


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="console-demo-") as folder:
        root = Path(folder)
        port = free_port()
        env = {
            **os.environ,
            "DATA_DIR": str(root / "data"),
            "DATABASE_URL": "",
            "PII_KEY": "",
            "TELEGRAM_BOT_TOKEN": "",
            "WECHAT_TOKEN": "",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(port),
        }
        app = await build(load_settings(env, None))
        try:
            link = await seed(app)
        finally:
            await app.close()
        process = await serve(env, root, f"http://127.0.0.1:{port}")
        try:
            saved = await photograph(link, args.out)
        finally:
            process.send_signal(signal.SIGTERM)
            await process.wait()
    for path in saved:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size // 1024} KB"
        )


if __name__ == "__main__":
    asyncio.run(main())
