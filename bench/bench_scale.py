# ruff: noqa: E501  (the seeding SQL reads better unwrapped)
"""The agents' views and the scans over 1,000,000 tickets on PostgreSQL (issue 11 item 4).

    python bench/bench_scale.py [--database-url URL] [--runs N] [--reseed] [--drop]

Seeds, once, a database of its own (`cb_bench_scale` on the server of URL, default
BENCH_DATABASE_URL or postgresql+asyncpg://postgres@127.0.0.1:5432/test) migrated to the
current schema: 1,000,000 tickets filed over 36 months up to the bench's fixed "now", the
newest 100,000 open, 200,000 customers, 20 agents. Rows are made in SQL (generate_series),
so seeding is a few statements; the complaint texts and names are a few dozen values sealed
with the bench's own key and reused. Later runs find the seeded database and reuse it
(--reseed starts again, --drop removes it and exits).

Then measures, through the handlers the bot runs (`handlers.router.handle` for an agent's
command, the scheduler's scan functions, the report's `handlers.report.month_report`):
/queue (all, mine, overdue), /stats, the SLA scan with 100 clocks due (their marks reset
before each run), the two survey scans with nothing due, and the previous month's report
(about 28,000 tickets). Targets: each < 50 ms, the report < 2 s. The whole measurement
runs in asyncio debug mode, asyncio logging every callback that holds the loop 10 ms or
more; those over 50 ms are counted (target: none) and the longest is shown. Prints a table with the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from bot.app import App, build  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from handlers import report, sla, survey, topics  # noqa: E402
from handlers.messages import Inbound  # noqa: E402
from handlers.router import handle  # noqa: E402
from nlp import tokenizer  # noqa: E402
from storage.engine import Database  # noqa: E402

DATABASE = "cb_bench_scale"
TICKETS = 1_000_000
OPEN = 100_000
CUSTOMERS = 200_000
AGENTS = 20
MONTHS = 36
SLA_DUE = 10  # open tickets whose breaches one SLA scan finds (a scan runs every minute)
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
MONTH = "2026-10"
PII_KEY = "0Hq3yFsd2ZQn5JX5g1y8mB2c6mPq8eQ3cXo1bYk8v9s="  # the bench's own, like the tests'
TARGET_MS = 50.0
REPORT_TARGET_MS = 2000.0
SLOW_CALLBACK = 0.05  # the target: no callback holds the loop longer
LOGGED_CALLBACK = 0.01  # asyncio logs callbacks from here, so the longest is known too

ACCOUNTS = (
    "4月28日在你们朝阳门店买的空调，收到就坏了，要求退货退款",
    "今天中午在你们望京店吃的火锅，吃完全家食物中毒上吐下泻，孩子送医院了，要求赔偿",
    "今天在你们西单店，店员态度很差，还骂人，要求道歉",
    "上周在你们朝阳门店买的空调不制冷，噪音很大，要求换货",
    "快递三天都没到，物流信息一直不更新，客服电话也打不通",
    "会员卡里的余额被多扣了两次，账单和小票对不上，要求退还多收的钱",
    "广告说买一送一，结账时却说活动已经结束，这是虚假宣传",
    "售后维修等了两周还没修好，每次打电话都说再等等",
)
NAMES = ("王芳", "刘洋", "赵敏", "李雷", "韩梅梅", "张伟", "陈静", "杨帆")
PRODUCTS = ("空调", "冰箱", "洗衣机", "火锅套餐", "电视", "会员卡")
STORES = ("朝阳门店", "望京店", "西单店", "国贸店", "中关村店")
STAFF = ("小李", "小王", "张经理", "收银员")
CATEGORIES = (
    "product_quality",
    "service_attitude",
    "logistics",
    "after_sales",
    "billing",
    "misleading",
    "other",
)
OPEN_STATUSES = ("accepted", "verifying", "processing", "awaiting_customer", "reopened")


def _array(values: tuple[str, ...]) -> str:
    return "(ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "])"


def _seed_sql(accounts: list[str], names: list[str], words: list[str]) -> list[str]:
    """The seeding statements. Ticket g (1..TICKETS) is filed at NOW minus (TICKETS - g)
    steps of MONTHS months; the last OPEN are open. Clocks by severity as the built-in
    policy sets them (urgent 2 h / 24 h, important 24 h / 2 days, general 48 h / 5 days,
    counted here on the wall clock), marked reminded and breached as the scan would have.
    `words[i]`: the sealed topic words of `accounts[i]` by `names[i]`, as filing keeps them."""
    assert len(accounts) == len(names) == len(words)  # ticket g takes index g % len of each
    now = NOW.isoformat()
    span = f"interval '{MONTHS * 30.44:.2f} days'"
    closed_before = TICKETS - OPEN
    severity = (
        "(CASE WHEN g % 10 = 0 THEN 'urgent' WHEN g % 10 < 4 THEN 'important' ELSE 'general' END)"
    )
    first = "(CASE WHEN g % 10 = 0 THEN interval '2 hours' WHEN g % 10 < 4 THEN interval '24 hours' ELSE interval '48 hours' END)"
    resolution = "(CASE WHEN g % 10 = 0 THEN interval '24 hours' WHEN g % 10 < 4 THEN interval '2 days' ELSE interval '5 days' END)"
    return [
        "SET LOCAL synchronous_commit = off",
        f"""INSERT INTO agents (id, channel, user_id, name, role, active, created_at)
            SELECT a, 'console', 'agent' || a, '坐席' || a,
                   CASE WHEN a = 1 THEN 'supervisor' ELSE 'agent' END, true, '{now}'::timestamptz
            FROM generate_series(1, {AGENTS}) AS a""",
        "SELECT setval(pg_get_serial_sequence('agents', 'id'), (SELECT max(id) FROM agents))",
        f"""INSERT INTO customers (id, channel, user_id, locale, created_at)
            SELECT c, 'wechat', 'u' || c, 'zh-CN', '{now}'::timestamptz - {span}
            FROM generate_series(1, {CUSTOMERS}) AS c""",
        "SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT max(id) FROM customers))",
        f"""CREATE TEMP TABLE seed_texts AS
            SELECT {_array(tuple(accounts))} AS accounts, {_array(tuple(names))} AS names,
                   {_array(tuple(words))} AS words""",
        f"""INSERT INTO tickets (
                id, number, customer_id, channel, user_id, locale, status, name_enc,
                product, store, staff, account_enc, topic_words_enc, category, severity, category_confidence,
                severity_confidence, needs_review, assignee_id, created_at, clock_start_at,
                first_response_due, resolution_due, first_responded_at, reminded, breached,
                resolved_at, closed_at, reopen_count, survey_due_at, survey_sent_at,
                survey_score, survey_outcome, updated_at)
            SELECT g, 'CP' || lpad(g::text, 11, '0'), g % {CUSTOMERS} + 1,
                {_array(("wechat", "telegram", "console"))}[g % 3 + 1], 'u' || (g % {CUSTOMERS} + 1),
                'zh-CN',
                CASE WHEN g > {closed_before} THEN {_array(OPEN_STATUSES)}[g % 5 + 1]
                     WHEN g % 50 = 0 THEN 'rejected' ELSE 'closed' END,
                names[g % {len(names)} + 1],
                {_array(PRODUCTS)}[g % {len(PRODUCTS)} + 1],
                CASE WHEN g % 2 = 0 THEN {_array(STORES)}[g % {len(STORES)} + 1] END,
                CASE WHEN g % 5 = 0 THEN {_array(STAFF)}[g % {len(STAFF)} + 1] END,
                accounts[g % {len(accounts)} + 1], words[g % {len(words)} + 1],
                {_array(CATEGORIES)}[g % 7 + 1], {severity}, 0.8, 0.7, false,
                NULLIF(g % {AGENTS + 1}, 0), created, created, created + {first},
                created + {resolution},
                CASE WHEN g <= {closed_before} OR g % 10 <> 7 THEN created + interval '1 hour' END,
                NULL, NULL,
                CASE WHEN g <= {closed_before} AND g % 50 <> 0
                     THEN created + (g % 96) * interval '1 hour' END,
                CASE WHEN g <= {closed_before} THEN created + interval '8 days' END,
                CASE WHEN g % 97 = 0 THEN 1 ELSE 0 END,
                CASE WHEN g <= {closed_before} THEN created + interval '4 days' END,
                CASE WHEN g <= {closed_before} THEN created + interval '4 days' END,
                CASE WHEN g <= {closed_before} AND g % 5 <> 0 THEN g % 5 + 1 END,
                CASE WHEN g <= {closed_before} AND g % 5 = 0 THEN 'no_response' END,
                created
            FROM (SELECT g, '{now}'::timestamptz - ({TICKETS} - g) * ({span} / {TICKETS}) AS created
                  FROM generate_series(1, {TICKETS}) AS g) AS filed, seed_texts""",
        "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT max(id) FROM tickets))",
        # The marks the scan would have set by now: reminded at 80 % of a clock (wall clock
        # here), breached when past due.
        f"""UPDATE tickets SET
              reminded = concat_ws(',',
                CASE WHEN first_responded_at IS NULL AND '{now}'::timestamptz >= clock_start_at + 0.8 * (first_response_due - clock_start_at) THEN 'first' END,
                CASE WHEN '{now}'::timestamptz >= clock_start_at + 0.8 * (resolution_due - clock_start_at) THEN 'resolution' END),
              breached = concat_ws(',',
                CASE WHEN first_responded_at IS NULL AND '{now}'::timestamptz >= first_response_due THEN 'first' END,
                CASE WHEN '{now}'::timestamptz >= resolution_due THEN 'resolution' END)
            WHERE id > {closed_before}""",
        "UPDATE tickets SET reminded = NULLIF(reminded, ''), breached = NULLIF(breached, '') "
        f"WHERE id > {closed_before}",
    ]


def _reset_sla(ids: list[int]) -> str:
    listed = ", ".join(str(i) for i in ids)
    return f"UPDATE tickets SET breached = NULL, escalated_at = NULL WHERE id IN ({listed})"


async def _scalar(database: Database, sql: str) -> Any:
    async with database.engine.connect() as connection:
        return (await connection.exec_driver_sql(sql)).scalar()


async def _execute(database: Database, statements: list[str]) -> None:
    async with database.engine.begin() as connection:
        for sql in statements:
            await connection.exec_driver_sql(sql)


async def _create_database(admin_url: str, *, drop: bool, create: bool) -> None:
    """Drops the bench database when `drop`, then creates it when `create` and missing."""
    admin = Database(admin_url)
    autocommit = admin.engine.execution_options(isolation_level="AUTOCOMMIT")
    async with autocommit.connect() as connection:
        found = (
            await connection.exec_driver_sql(
                f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"
            )
        ).scalar()
        if found and drop:
            await connection.exec_driver_sql(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
            found = None
        if not found and create:
            await connection.exec_driver_sql(f'CREATE DATABASE "{DATABASE}"')
    await admin.dispose()


async def _app(url: str, data_dir: Path) -> App:
    environ = {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": url,
        "PII_KEY": PII_KEY,
        "TIMEZONE": "Asia/Shanghai",
    }
    return await build(load_settings(environ, None), clock=lambda: NOW)


async def _seed(app: App) -> None:
    if await _scalar(app.db, "SELECT count(*) FROM tickets") == TICKETS:
        print(f"reusing the seeded {TICKETS:,} tickets in {DATABASE}")
        return
    started = time.perf_counter()
    vault = app.services.vault
    accounts = [vault.seal(text) or "" for text in ACCOUNTS]
    names = [vault.seal(name) or "" for name in NAMES]
    words = [topics.seal_words(vault, a, n) for a, n in zip(ACCOUNTS, NAMES, strict=True)]
    await _execute(app.db, _seed_sql(accounts, names, words))
    async with app.db.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as c:
        await c.exec_driver_sql("VACUUM ANALYZE")
    print(f"seeded {TICKETS:,} tickets ({OPEN:,} open) in {time.perf_counter() - started:.0f} s")


async def _sla_ids(app: App) -> list[int]:
    """SLA_DUE open, watched tickets past their resolution deadline, spread over the backlog."""
    sql = f"""SELECT id FROM tickets
              WHERE status IN ('accepted', 'verifying', 'processing', 'reopened')
                AND resolved_at IS NULL AND resolution_due < '{NOW.isoformat()}'::timestamptz
              ORDER BY id LIMIT {SLA_DUE} OFFSET 1000"""
    async with app.db.engine.connect() as connection:
        return [row[0] for row in (await connection.exec_driver_sql(sql)).all()]


class SlowCallbacks(logging.Handler):
    """Counts asyncio's debug-mode records of a callback that held the loop too long."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []  # those over SLOW_CALLBACK
        self.longest = 0.0  # seconds, of every logged one (from LOGGED_CALLBACK on)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        took = re.search(r"took (\d+\.\d+) seconds", message)
        if took is None or "Executing" not in message:
            return
        self.longest = max(self.longest, float(took.group(1)))
        if float(took.group(1)) > SLOW_CALLBACK:
            self.records.append(message)


async def _measure(
    runs: int,
    action: Callable[[], Awaitable[Any]],
    before: Callable[[], Awaitable[None]] | None,
    counter: SlowCallbacks,
) -> tuple[list[float], int, int]:
    """Times `runs` runs after one warm-up (first compilations, the first thread of the
    executor); returns the times in ms and the slow callbacks of the warm-up and of the runs."""
    times = []
    warm_slow = 0
    for run in range(runs + 1):
        if before is not None:
            await before()
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
        if run == 0:
            warm_slow = len(counter.records)
    return times[1:], warm_slow, len(counter.records) - warm_slow


async def main(args: argparse.Namespace) -> int:
    url = make_url(args.database_url)
    await _create_database(args.database_url, drop=args.drop or args.reseed, create=not args.drop)
    if args.drop:
        print(f"dropped {DATABASE}")
        return 0
    bench_url = url.set(database=DATABASE).render_as_string(hide_password=False)
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory() as data:
        app = await _app(bench_url, Path(data))
        try:
            tokenizer.load()
            await _seed(app)
            # What `serve` does after start-up (bot/cli_serve.py:_freeze_startup_objects):
            # the dictionary and model stay out of later full collections on the loop.
            gc.collect()
            gc.freeze()
            return await _run(app, args.runs, loop)
        finally:
            await app.close()


async def _run(app: App, runs: int, loop: asyncio.AbstractEventLoop) -> int:
    services = app.services
    ids = await _sla_ids(app)
    counter = SlowCallbacks()
    logging.getLogger("asyncio").addHandler(counter)
    loop.set_debug(True)
    loop.slow_callback_duration = LOGGED_CALLBACK
    sequence = iter(range(10**9))
    answers: dict[str, str] = {}

    def agent(text: str, user: str = "agent1") -> Callable[[], Awaitable[None]]:
        async def say() -> None:
            inbound = Inbound(
                channel="console",
                user_id=user,
                message_id=f"bench-{next(sequence)}",
                received_at=services.now(),
                text=text,
            )
            replies = await handle(services, inbound)
            answers[text] = "\n".join(r.text for r in replies)

        return say

    async def reset_sla() -> None:
        await _execute(app.db, [_reset_sla(ids)])

    async def scan() -> None:
        answers["sla"] = str(await sla.scan_clocks(services))

    start, end = report.month_bounds(MONTH, TZ)

    async def month() -> None:
        built = await report.month_report(
            app.db,
            MONTH,
            start,
            end,
            now=NOW,
            calendar=services.calendar,
            vault=services.vault,
            categories=services.policy.category_codes,
            severities=tuple(services.policy.severities),
        )
        answers["report"] = f"{built.total} tickets"

    cases: list[tuple[str, Callable[[], Awaitable[Any]], Any, float]] = [
        ("/queue", agent("/queue"), None, TARGET_MS),
        ("/queue mine", agent("/queue mine", "agent2"), None, TARGET_MS),
        ("/queue overdue", agent("/queue overdue"), None, TARGET_MS),
        ("/stats", agent("/stats"), None, TARGET_MS),
        ("SLA scan, nothing due", scan, None, TARGET_MS),
        (f"SLA scan, {len(ids)} tickets due", scan, reset_sla, TARGET_MS),
        ("survey scan: send", lambda: survey.send_surveys(services), None, TARGET_MS),
        ("survey scan: close", lambda: survey.close_unanswered(services), None, TARGET_MS),
        (f"report --month {MONTH}", month, None, REPORT_TARGET_MS),
    ]
    rows = []
    seen_slow: list[str] = []
    failed = False
    for name, action, before, target in cases:
        counter.records.clear()
        times, warm, slow = await _measure(runs, action, before, counter)
        longest, counter.longest = counter.longest * 1000, 0.0
        seen_slow.extend(f"{name}: {record}" for record in counter.records)
        ok = max(times) < target and slow == 0
        failed |= not ok
        rows.append((name, statistics.median(times), max(times), target, warm, slow, longest, ok))
    loop.set_debug(False)
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"\n{TICKETS:,} tickets, {OPEN:,} open, PostgreSQL; {runs} runs each after one warm-up")
    print(f"load: {load}\n")
    print(
        "| measured | median ms | max ms | target ms | callbacks > 50 ms: warm-up, runs"
        " | longest callback ms | ok |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, median, worst, target, warm, slow, longest, ok in rows:
        print(
            f"| {name} | {median:.1f} | {worst:.1f} | < {target:.0f} | {warm}, {slow} | {longest:.0f} | {'yes' if ok else 'NO'} |"
        )
    print(
        f"\n/queue answered {answers['/queue'].count(chr(10)) + 1} lines; SLA scan queued "
        f"{answers['sla']}; report over {answers['report']}"
    )
    jieba_us, open_us = _words_cost(app)
    print(
        f"the report's topic words per complaint: {open_us:.0f} µs to open the words kept at "
        f"filing, against {jieba_us:.0f} µs to compute them from the account (decrypt, mask, "
        f"jieba), as the report did before and still does once for a ticket filed earlier"
    )
    for record in seen_slow[:5]:
        print("slow:", record[:300])
    return 1 if failed else 0


def _words_cost(app: App) -> tuple[float, float]:
    """CPU µs per complaint: the words computed from the sealed account and name, and the
    words kept at filing opened; each timed over 2,000 complaints."""
    vault = app.services.vault
    sealed = [(vault.seal(a) or "", vault.seal(n)) for a, n in zip(ACCOUNTS, NAMES, strict=True)]
    kept = [topics.seal_words(vault, a, n) for a, n in zip(ACCOUNTS, NAMES, strict=True)]
    rounds = 2000 // len(ACCOUNTS)
    started = time.process_time()
    for _ in range(rounds):
        for account, name in sealed:
            report.complaint_words(vault.open(account) or "", vault.open(name))
    computed = time.process_time() - started
    started = time.process_time()
    for _ in range(rounds):
        for token in kept:
            topics.open_words(vault, token)
    opened = time.process_time() - started
    n = rounds * len(ACCOUNTS)
    return computed / n * 1e6, opened / n * 1e6


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reseed", action="store_true", help="drop and seed again")
    parser.add_argument("--drop", action="store_true", help="drop the bench database and exit")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(_arguments())))
