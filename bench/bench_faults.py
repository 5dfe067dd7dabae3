"""Fault injection (issue 10): nothing accepted is lost, no ticket twice, pushes counted.

    python bench/bench_faults.py [--messages N] [--concurrency C] [--setup pg2|sqlite|both]
                                 [--no-faults] [--pg-bin DIR]

Workers are real `complaint-bot serve` processes on 127.0.0.1 with the WeChat and Telegram
(webhook) channels on, their APIs played by the test fakes (tests/bot/fake_wechat.py,
tests/bot/fake_telegram.py) in this process. Setups:
- pg2: two workers on one PostgreSQL database. The PostgreSQL is a private cluster this
  script creates (initdb in a temporary folder, port chosen free) and restarts for real
  mid-run: the machine's own PostgreSQL server is shared by other people's test runs, which
  a restart would break. Without `initdb`/`pg_ctl` (--pg-bin) the restart is simulated with
  pg_terminate_backend of every connection of the workers' database (printed as such).
- sqlite: one worker on SQLite.

Customers (half WeChat, half Telegram) each file one complaint in three messages (a rich
complaint, "暂无", "1"), one message after the answer to the previous one (a passive reply,
or the push that follows "success"), C customers at a time. 10% of the messages are sent
again as the platform's retry (half of them at the same moment, half a little later).
WeChat tries a message three times, 5 s apart, when it gets no answer or a non-2xx; Telegram
retries the webhook until it gets a 2xx. Faults, by progress: Bot API 429 and WeChat "busy"
bursts, then 5xx bursts of both, then kill -9 of a worker (restarted 1 s later), then the
database restart (pg2).

Printed at the end, after the workers drained their work: sent, accepted (2xx), recorded,
processed, lost (accepted but not processed), tickets, duplicate tickets, pushes delivered
twice and never (per recipient and text, against the outbox rows marked sent), and the
outbox rows that were mid-send (`sending`) when a worker was killed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from bot.app import build  # noqa: E402
from bot.channels.wechat.signing import sign  # noqa: E402
from bot.channels.wechat.wxml import parse  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from handlers.messages import Outbound, render_choices_as_text  # noqa: E402
from storage.models import InboundMessage, OutboxMessage, Ticket  # noqa: E402
from tests.bot.fake_telegram import SEND_METHODS, FakeTelegram  # noqa: E402
from tests.bot.fake_telegram import TOKEN as TG_TOKEN  # noqa: E402
from tests.bot.fake_wechat import FakeWeChat, running  # noqa: E402

WECHAT_TOKEN = "bench-faults-token"
ACCOUNT = "gh_bench_faults"
SECRET = "bench-faults-secret"
WECHAT_TRIES, WECHAT_WAIT = 3, 5.0  # docs/platforms.md: 5 s, three attempts
TELEGRAM_GIVE_UP = 180.0  # seconds of webhook retries (Telegram keeps trying far longer)
ANSWER_WAIT = 30.0  # how long a customer waits for an answer before writing on anyway
DRAIN_TIMEOUT = 240.0
RETRY_SHARE = 0.10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- PostgreSQL ---------------------------------------------------------------------------
class PrivatePostgres:
    """A throw-away cluster of our own, so that it can be restarted without harming anyone."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="bench-faults-pg-"))
        self.port = free_port()
        self.user = "postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            shutil.chown(self.dir, "postgres")
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        self._run("initdb", "-D", str(self.dir / "data"), "-U", self.user, "--auth=trust")
        self._ctl("start")

    def _ctl(self, action: str) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.dir / "data"),
            "-w",
            "-l",
            str(self.dir / "log"),
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c fsync=on",
            "-m",
            "fast",
            action,
        )

    def restart(self) -> None:
        self._ctl("restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://{self.user}@127.0.0.1:{self.port}/postgres"


async def terminate_connections(url: str) -> int:
    """The simulated restart: every connection of the workers to their database cut."""
    from storage.engine import Database

    admin = Database(url)
    try:
        async with admin.engine.connect() as connection:
            found = await connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            return int(found.scalar_one())
    finally:
        await admin.dispose()


# --- workers ------------------------------------------------------------------------------
@dataclass
class Worker:
    name: str
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            cwd=ROOT,
            env={**self.env, "HTTP_PORT": str(self.port)},
            stdout=log,
            stderr=log,
        )

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    async def ready(self, http: aiohttp.ClientSession, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with http.get(self.base + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            await asyncio.sleep(0.3)
        raise RuntimeError(f"{self.name} did not start; see {self.log_path}")


# --- the platforms' side ------------------------------------------------------------------
@dataclass
class Tally:
    sent: int = 0  # distinct messages
    posts: int = 0  # HTTP requests, retries included
    accepted: set[tuple[str, str]] = field(default_factory=set)  # (channel, message id)
    refused: Counter[str] = field(default_factory=Counter)  # answers that were not 2xx
    given_up: int = 0  # the platform stopped trying: never acknowledged
    passive: int = 0
    waited_out: int = 0  # answers a customer did not see within ANSWER_WAIT


class Deliveries:
    """What the fake APIs accepted, counted per recipient as it comes in: the fakes' own
    look-ups scan every call, too slow for 1,600 customers polling for their answers."""

    def __init__(self, wechat: FakeWeChat, telegram: FakeTelegram) -> None:
        self.wechat = wechat
        self.telegram = telegram
        self._seen = [0, 0]
        self.counts: Counter[str] = Counter()

    def __call__(self, recipient: str) -> int:
        calls = self.wechat.calls
        for call in calls[self._seen[0] :]:
            if call.path == "/cgi-bin/message/custom/send" and call.query.get("ok"):
                self.counts[f"wechat:{call.body['touser']}"] += 1
        self._seen[0] = len(calls)
        calls = self.telegram.calls
        for call in calls[self._seen[1] :]:
            if call.method in SEND_METHODS and call.status == 200:
                self.counts[f"telegram:{int(call.params.get('chat_id', 0))}"] += 1
        self._seen[1] = len(calls)
        return self.counts[recipient]


class Platforms:
    def __init__(
        self,
        workers: list[Worker],
        wechat: FakeWeChat,
        telegram: FakeTelegram,
        http: aiohttp.ClientSession,
        rng: random.Random,
    ) -> None:
        self.workers = workers
        self.wechat = wechat
        self.telegram = telegram
        self.http = http
        self.rng = rng
        self.tally = Tally()
        self.delivered = Deliveries(wechat, telegram)
        self._ids = iter(range(8_100_000_000_000_000_001, 9_000_000_000_000_000_000))
        self._updates = iter(range(1, 10**9))
        self._tg_messages = iter(range(1, 10**9))
        self._background: set[asyncio.Task[Any]] = set()

    def _worker(self) -> Worker:
        return self.rng.choice(self.workers)  # the load balancer

    def _later(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def settle(self) -> None:
        while self._background:
            await asyncio.wait(set(self._background))

    # WeChat ---------------------------------------------------------------------------
    async def wechat_message(self, openid: str, content: str) -> str | None:
        """Sends like WeChat; returns the passive reply, "" for success, None if never acked."""
        msg_id = next(self._ids)
        self.tally.sent += 1
        if self.rng.random() < RETRY_SHARE:  # the platform's retry of the same message
            delay = 0.0 if self.rng.random() < 0.5 else self.rng.uniform(0.2, 2.0)
            self._later(self._wechat_post_after(delay, openid, content, msg_id))
        return await self._wechat_deliver(openid, content, msg_id)

    async def _wechat_post_after(
        self, delay: float, openid: str, content: str, msg_id: int
    ) -> None:
        await asyncio.sleep(delay)
        await self._wechat_deliver(openid, content, msg_id)

    async def _wechat_deliver(self, openid: str, content: str, msg_id: int) -> str | None:
        for _ in range(WECHAT_TRIES):
            started = time.monotonic()
            answer = await self._wechat_post(openid, content, msg_id)
            if answer is not None:
                self.tally.accepted.add(("wechat", str(msg_id)))
                return answer
            await asyncio.sleep(max(0.0, WECHAT_WAIT - (time.monotonic() - started)))
        self.tally.given_up += 1
        return None

    async def _wechat_post(self, openid: str, content: str, msg_id: int) -> str | None:
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:12]
        xml = (
            f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
        )
        query = {
            "signature": sign(WECHAT_TOKEN, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": openid,
        }
        self.tally.posts += 1
        try:
            async with self.http.post(
                self._worker().base + "/wechat",
                params=query,
                data=xml.encode(),
                timeout=WECHAT_WAIT,
            ) as answer:
                body = await answer.text()
                if answer.status != 200:
                    self.tally.refused[f"wechat {answer.status}"] += 1
                    return None
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.tally.refused[f"wechat {type(exc).__name__}"] += 1
            return None
        if body == "success":
            return ""
        self.tally.passive += 1
        return parse(body.encode()).get("Content", "")

    # Telegram -------------------------------------------------------------------------
    async def telegram_message(self, user_id: int, name: str, content: str) -> bool:
        message_id = next(self._tg_messages)
        update = {
            "update_id": next(self._updates),
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "text": content,
                "chat": {"id": user_id, "type": "private", "first_name": name},
                "from": {
                    "id": user_id,
                    "is_bot": False,
                    "first_name": name,
                    "language_code": "zh-hans",
                },
            },
        }
        self.tally.sent += 1
        if self.rng.random() < RETRY_SHARE:
            delay = 0.0 if self.rng.random() < 0.5 else self.rng.uniform(0.2, 2.0)
            self._later(self._telegram_after(delay, update))
        return await self._telegram_deliver(update)

    async def _telegram_after(self, delay: float, update: dict[str, Any]) -> None:
        await asyncio.sleep(delay)
        await self._telegram_deliver(update)

    async def _telegram_deliver(self, update: dict[str, Any]) -> bool:
        deadline = time.monotonic() + TELEGRAM_GIVE_UP
        wait = 0.5
        message = update["message"]
        key = ("telegram", f"{message['chat']['id']}:{message['message_id']}")
        while time.monotonic() < deadline:
            self.tally.posts += 1
            try:
                async with self.http.post(
                    self._worker().base + "/telegram",
                    json=update,
                    timeout=10,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                ) as answer:
                    if 200 <= answer.status < 300:
                        self.tally.accepted.add(key)
                        return True
                    self.tally.refused[f"telegram {answer.status}"] += 1
            except (aiohttp.ClientError, TimeoutError) as exc:
                self.tally.refused[f"telegram {type(exc).__name__}"] += 1
            await asyncio.sleep(wait)
            wait = min(wait * 2, 10.0)
        self.tally.given_up += 1
        return False

    # answers --------------------------------------------------------------------------
    async def wait_for_push(self, recipient: str, before: int) -> None:
        deadline = time.monotonic() + ANSWER_WAIT
        while time.monotonic() < deadline:
            if self.delivered(recipient) > before:
                return
            await asyncio.sleep(0.2)
        self.tally.waited_out += 1


NAMES = ("王芳", "李雷", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴倩")


def complaint(n: int) -> list[str]:
    return [
        f"我叫{NAMES[n % len(NAMES)]}，手机138{n:08d}。4月28日在你们朝阳门店买的空调，收到就坏了，"
        f"订单号{2024042800000 + n}，要求退货退款",
        "暂无",
        "1",
    ]


async def customer(platforms: Platforms, n: int) -> None:
    if n % 2 == 0:
        openid = f"o-bench-{n}"
        for line in complaint(n):
            before = platforms.delivered(f"wechat:{openid}")
            answer = await platforms.wechat_message(openid, line)
            if answer == "":  # "success": the answer comes as a customer-service message
                await platforms.wait_for_push(f"wechat:{openid}", before)
    else:
        user_id = 500_000_000 + n
        for line in complaint(n):
            before = platforms.delivered(f"telegram:{user_id}")
            if await platforms.telegram_message(user_id, f"顾客{n}", line):
                await platforms.wait_for_push(f"telegram:{user_id}", before)


# --- the run ------------------------------------------------------------------------------
@dataclass
class Faults:
    restart_db: Any  # () -> awaitable, or None
    workers: list[Worker]
    wechat: FakeWeChat
    telegram: FakeTelegram
    http: aiohttp.ClientSession
    done: list[str] = field(default_factory=list)
    sending_at_kill: int = 0

    async def at(self, step: int, url: str) -> None:
        if step == 1:
            self.telegram.outage(3.0, status=429, retry_after=1)
            self.wechat.outage(3.0, answer=-1)
            self.done.append("Bot API 429 and WeChat 'system busy' for 3 s")
        elif step == 2:
            self.telegram.outage(3.0, status=502)
            self.wechat.outage(3.0, answer=502)
            self.done.append("Bot API and WeChat API HTTP 502 for 3 s")
        elif step == 3:
            victim = self.workers[-1]
            victim.kill()
            self.sending_at_kill += await count_sending(url)
            self.done.append(f"kill -9 of {victim.name}")
            await asyncio.sleep(1.0)
            victim.start()
            await victim.ready(self.http)
        elif step == 4 and self.restart_db is not None:
            what = await self.restart_db()
            self.done.append(what)


async def _app(url: str) -> Any:
    """The workers' database as the harness reads it (same key, nothing migrated)."""
    settings = load_settings(
        {
            "DATA_DIR": tempfile.gettempdir(),
            "DATABASE_URL": url,
            "PII_KEY": os.environ["BENCH_PII_KEY"],
        },
        None,
    )
    return await build(settings, migrate=False)


async def count_sending(url: str) -> int:
    app = await _app(url)
    try:
        async with app.db.transaction() as session:
            return int(
                await session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.status == "sending")
                )
                or 0
            )
    finally:
        await app.close()


async def run_setup(setup: str, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix=f"bench-faults-{setup}-"))
    postgres: PrivatePostgres | None = None
    restart_db = None
    try:
        if setup == "pg2":
            bin_dir = Path(args.pg_bin)
            if (bin_dir / "initdb").exists():
                postgres = PrivatePostgres(bin_dir)
                postgres.start()
                url = postgres.url
                pg = postgres

                async def restart() -> str:
                    await asyncio.to_thread(pg.restart)
                    return "PostgreSQL restarted (pg_ctl restart -m fast, private cluster)"
            else:
                url = args.database_url

                async def restart() -> str:
                    cut = await terminate_connections(url)
                    return (
                        f"PostgreSQL restart simulated: pg_terminate_backend of {cut} "
                        "connections (no initdb/pg_ctl for a private cluster)"
                    )

            restart_db = restart
            count = 2
        else:
            url = f"sqlite+aiosqlite:///{work / 'data' / 'bot.db'}"
            count = 1
        wechat = FakeWeChat()
        async with running(wechat), _telegram() as telegram:
            env = {
                **os.environ,
                "WECHAT_TOKEN": WECHAT_TOKEN,
                "WECHAT_APP_ID": wechat.app_id,
                "WECHAT_APP_SECRET": wechat.secret,
                "WECHAT_API_BASE_URL": wechat.url,
                "WECHAT_ENCODING_AES_KEY": "",
                "TELEGRAM_BOT_TOKEN": TG_TOKEN,
                "TELEGRAM_BASE_URL": f"http://127.0.0.1:{telegram.port}",
                "TELEGRAM_BASE_FILE_URL": telegram.file_url,
                "TELEGRAM_MODE": "webhook",
                "TELEGRAM_WEBHOOK_SECRET": SECRET,
                "TELEGRAM_WEBHOOK_URL": "",
                # No agents' group: its new-ticket cards go out at Telegram's 20 a minute
                # per group, so thousands of tickets in minutes would leave hours of cards
                # queued (kept, not lost) and the run would never drain.
                "TELEGRAM_AGENT_CHAT_ID": "",
                "HTTP_HOST": "127.0.0.1",
                "PII_KEY": os.environ["BENCH_PII_KEY"],
                "DATABASE_URL": url,
                "DATA_DIR": str(work / "data"),
                "POLICY_FILE": "",
            }
            workers = [
                Worker(
                    f"{setup}-worker-{i + 1}",
                    {**env, "DATA_DIR": str(work / "data")},
                    work / f"worker-{i + 1}.log",
                )
                for i in range(count)
            ]
            connector = aiohttp.TCPConnector(limit=args.concurrency * 2)
            async with aiohttp.ClientSession(connector=connector) as http:
                try:
                    for worker in workers:
                        worker.start()
                        await worker.ready(http)  # one after the other: the first migrates
                    await _telegram_ready(http, workers)
                    platforms = Platforms(workers, wechat, telegram, http, rng)
                    faults = Faults(restart_db, workers, wechat, telegram, http)
                    customers = (args.messages + 2) // 3
                    started = time.monotonic()
                    load_before = os.getloadavg()
                    await _drive(platforms, faults, customers, args, url)
                    await platforms.settle()
                    elapsed = time.monotonic() - started
                    drained = await _drain(url, DRAIN_TIMEOUT)
                    load_after = os.getloadavg()
                finally:
                    for worker in workers:
                        worker.stop()
            result = await _count(url, platforms, wechat, telegram)
        result.update(
            setup=setup,
            workers=count,
            elapsed=elapsed,
            drained=drained,
            faults=faults.done,
            sending_at_kill=faults.sending_at_kill,
            load=(load_before, load_after),
            customers=customers,
        )
        return result
    finally:
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(work, ignore_errors=True)


@contextlib.asynccontextmanager
async def _telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


async def _telegram_ready(http: aiohttp.ClientSession, workers: list[Worker]) -> None:
    """The webhook answers 503 until the channel connected (getMe): wait for a 400."""
    for worker in workers:
        for _ in range(200):
            async with http.post(
                worker.base + "/telegram",
                json=[],
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            ) as answer:
                if answer.status == 400:
                    break
            await asyncio.sleep(0.2)


async def _drive(
    platforms: Platforms, faults: Faults, customers: int, args: argparse.Namespace, url: str
) -> None:
    gate = asyncio.Semaphore(args.concurrency)
    finished = 0
    steps = iter([(0.25, 1), (0.35, 2), (0.45, 3), (0.65, 4)] if not args.no_faults else [])
    next_step = next(steps, None)
    fault_tasks: list[asyncio.Task[None]] = []

    async def one(n: int) -> None:
        nonlocal finished, next_step
        async with gate:
            await customer(platforms, n)
        finished += 1
        if finished % max(customers // 20, 1) == 0:
            tally = platforms.tally
            print(
                f"  {finished}/{customers} customers, {tally.sent} messages, "
                f"load {os.getloadavg()[0]:.1f}",
                file=sys.stderr,
                flush=True,
            )
        while next_step is not None and finished >= next_step[0] * customers:
            fault_tasks.append(asyncio.create_task(faults.at(next_step[1], url)))
            next_step = next(steps, None)

    await asyncio.gather(*(one(n) for n in range(customers)))
    await asyncio.gather(*fault_tasks)


async def _drain(url: str, timeout: float) -> bool:
    """Waits until every recorded message is processed and no push is pending."""
    deadline = time.monotonic() + timeout
    app = await _app(url)
    try:
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                async with app.db.transaction() as session:
                    open_rows = await session.scalar(
                        select(func.count())
                        .select_from(InboundMessage)
                        .where(InboundMessage.processed_at.is_(None))
                    )  # type: ignore[union-attr]
                    pending = await session.scalar(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(OutboxMessage.status.in_(("pending", "sending")))
                    )  # type: ignore[attr-defined]
                if not open_rows and not pending:
                    return True
            await asyncio.sleep(1.0)
        return False
    finally:
        await app.close()


async def _count(
    url: str, platforms: Platforms, wechat: FakeWeChat, telegram: FakeTelegram
) -> dict[str, Any]:
    app = await _app(url)
    try:
        async with app.db.transaction() as session:
            inbound = (
                await session.execute(
                    select(
                        InboundMessage.channel,
                        InboundMessage.message_id,
                        InboundMessage.processed_at,
                        InboundMessage.attempts,
                    )
                )
            ).all()
            tickets = (await session.execute(select(Ticket.channel, Ticket.user_id))).all()
            outbox = (
                await session.execute(
                    select(OutboxMessage.channel, OutboxMessage.status, OutboxMessage.payload_enc)
                )
            ).all()
    finally:
        await app.close()
    recorded = {(row.channel, row.message_id) for row in inbound}
    processed = {(row.channel, row.message_id) for row in inbound if row.processed_at}
    per_customer = Counter((t.channel, t.user_id) for t in tickets)
    return {
        "tally": platforms.tally,
        "recorded": len(recorded),
        "processed": len(processed),
        "lost": len(platforms.tally.accepted - processed),
        "failed_turns": sum(row.attempts for row in inbound),
        "tickets": len(tickets),
        "duplicate_tickets": sum(n - 1 for n in per_customer.values() if n > 1),
        **_pushes(outbox, wechat, telegram),
    }


def _pushes(outbox: list[Any], wechat: FakeWeChat, telegram: FakeTelegram) -> dict[str, int]:
    """Outbox rows marked sent against what the fake APIs accepted, per recipient and text
    (the rows' payloads opened with the workers' PII_KEY, BENCH_PII_KEY).

    A row's text counts as delivered where it occurs inside an accepted message: the WeChat
    sender merges a recipient's waiting rows into one customer-service message (budget).
    """
    from storage.vault import Vault

    vault = Vault(os.environ["BENCH_PII_KEY"])
    expected: dict[str, Counter[str]] = {}
    unsent = 0
    for row in outbox:
        if row.status != "sent":
            unsent += row.status in ("pending", "sending", "failed")
            continue
        message = Outbound.from_json(vault.open_json(row.payload_enc))
        sent_text = render_choices_as_text(message) if row.channel == "wechat" else message.text
        expected.setdefault(f"{row.channel}:{message.user_id}", Counter())[sent_text] += 1
    delivered: dict[str, list[str]] = {}
    for body in wechat.sent:
        if body.get("msgtype") == "text":
            delivered.setdefault(f"wechat:{body['touser']}", []).append(body["text"]["content"])
    for call in telegram.called("sendMessage"):
        delivered.setdefault(f"telegram:{int(call.params['chat_id'])}", []).append(
            call.params.get("text", "")
        )
    twice = never = 0
    for recipient, texts in expected.items():
        got = delivered.get(recipient, [])
        for sent_text, count in texts.items():
            seen = sum(message.count(sent_text) for message in got)
            twice += max(0, seen - count)
            never += max(0, count - seen)
    total = sum(sum(texts.values()) for texts in expected.values())
    return {"pushes": total, "pushes_twice": twice, "pushes_never": never + unsent}


def report(result: dict[str, Any]) -> None:
    tally: Tally = result["tally"]
    (b1, b5, _), (a1, a5, _) = result["load"]
    print(
        f"\n== {result['setup']}: {result['workers']} worker(s), {result['customers']} "
        f"customers, {result['elapsed']:.0f} s, load average {b1:.1f}/{b5:.1f} before, "
        f"{a1:.1f}/{a5:.1f} after"
    )
    print("faults:", "; ".join(result["faults"]) or "none")
    print(
        f"sent {tally.sent} messages in {tally.posts} requests (retries included); "
        f"accepted (2xx) {len(tally.accepted)}; never acknowledged (platform gave up) "
        f"{tally.given_up}; passive replies {tally.passive}"
    )
    print(f"refused answers: {dict(tally.refused) or 'none'}")
    print(
        f"recorded {result['recorded']}, processed {result['processed']}, "
        f"LOST {result['lost']} (accepted but not processed); failed turns retried "
        f"{result['failed_turns']}; drained: {result['drained']}"
    )
    print(f"tickets {result['tickets']}, DUPLICATE TICKETS {result['duplicate_tickets']}")
    print(
        f"pushes sent {result['pushes']}: delivered twice {result['pushes_twice']}, never "
        f"{result['pushes_never']}; outbox rows mid-send at the kill "
        f"{result['sending_at_kill']}; answers a customer waited out "
        f"{tally.waited_out}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--setup", choices=("pg2", "sqlite", "both"), default="both")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--pg-bin", default="/usr/lib/postgresql/15/bin")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="an existing PostgreSQL when there is no --pg-bin",
    )
    args = parser.parse_args()
    os.environ["BENCH_PII_KEY"] = os.environ.get("BENCH_PII_KEY") or Fernet.generate_key().decode()
    setups = ["pg2", "sqlite"] if args.setup == "both" else [args.setup]
    for setup in setups:
        report(asyncio.run(run_setup(setup, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
