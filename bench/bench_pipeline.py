# ruff: noqa: E501  (sample messages read better unwrapped)
"""The full WeChat pipeline against a bare signature-and-XML route, side by side (docs/architecture.md section 3).

    python bench/bench_pipeline.py [--requests N] [--concurrency C] [--duration S]
                                   [--database-url URL] [--profile FILE] [--debug-slow]

Two servers on 127.0.0.1, each in its own process, one after the other in the same run:
- full: `complaint-bot serve` itself (bot.cli_serve), WeChat channel on, scheduler running,
  on a temporary DATA_DIR with SQLite, or PostgreSQL when --database-url (or
  BENCH_DATABASE_URL) names one (a fresh database is created there and dropped afterwards);
- bare: an aiohttp route that only checks the WeChat signature (bot/channels/wechat/signing.py,
  nonce book included) and parses the XML (bot/channels/wechat/wxml.py), answering "success".
The bare route is measured before and after the full pipeline and the ratio uses the mean of
both, so a neighbour's load that comes or goes during the run skews it less.

The load comes from a client in a third process: C connections (keep-alive), each playing
customers one after another, every customer's messages in order (a conversation is serial),
each message WeChat-signed with a fresh nonce and a fresh MsgId. Customers are a mix of
"你好，我要投诉" first, rich complaints in one go, short ones answered field by field, evidence
refused, the summary confirmed (a ticket is filed, classified), and progress queries. The
client writes pre-built requests on raw sockets, so it is not what limits the bare route.

Requests past the 4 s passive-reply deadline come back as "success" (answered later by a
customer-service message): they are counted as "deferred", a sign of overload.

--profile FILE records the full server with py-spy (collapsed stacks; install it with
`pip install py-spy`) and prints where its time went. --debug-slow runs the full server in
asyncio debug mode with slow_callback_duration = 0.05 s and lists the slow callbacks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "bench-wechat-token"
ACCOUNT = "gh_bench_account"
TARGET_RATIO = 0.25
READY_TIMEOUT = 60.0
SLOW_CALLBACK = 0.05

# --- what customers write ---------------------------------------------------------------
# Written for this benchmark: complete complaints across retail, delivery, hotels, banking,
# telecom and property, with name, phone, time, place and remedy, so the dialogue goes on
# to evidence and the summary. Slots make every message distinct.
RICH = [
    "我叫王{name}，手机1381234{tail}。{day}在你们{store}买的{prod}，收到就坏了，插上电没反应，订单号{order}，要求退货退款",
    "{day}晚上在{store}吃饭，{prod}里吃出一根头发，服务员还说不可能，我叫李{name}，电话1390000{tail}，要求道歉并退还{amt}元餐费",
    "本人张{name}，手机号1501111{tail}，{day}在{store}办的宽带三天两头掉线，报修了{h}次师傅都没来，每个月照样扣{amt}元，请尽快上门维修",
    "{day}入住{store}，房间有很重的霉味，床单上还有头发，前台说没有别的房了，一晚上{amt}块。我是陈{name}，联系电话1867777{tail}，要求退一部分房费",
    "信用卡{day}被扣了{amt}元年费，办卡时业务员说终身免年费，这是虚假宣传。我叫赵{name}，手机1355555{tail}，在{store}办的卡，要求退还费用",
    "我是刘{name}，1772222{tail}，{day}在{store}交了{amt}元物业费，电梯坏了半个月没人修，楼道灯也不亮，要求马上整改并给个说法",
]
SHORT = [
    "外卖送了{h}个小时才到，{prod}全洒了，饭也是凉的",
    "{store}的收银员多收了我{amt}元，还翻白眼",
    "买的{prod}用了{h}天就坏了，客服一直踢皮球",
    "快递显示已签收，可我根本没收到，里面是{amt}块的{prod}",
]
# Answers to the questions of a field-by-field dialogue, in the usual order.
ANSWERS = [
    "{prod}，订单号{order}",
    "{day}下午{h}点左右",
    "{store}",
    "退款",
    "{surname}{name}",
    "手机1390000{tail}",
]
OPENERS = ["你好，我要投诉", "我要投诉", "您好", "在吗"]
STORES = [
    "朝阳门店",
    "万达店",
    "浦东营业厅",
    "如家酒店",
    "幸福小区",
    "天河城店",
    "西湖银泰店",
    "徐家汇店",
]
PRODUCTS = [
    "电饭煲",
    "空调",
    "牛奶",
    "耳机",
    "运动鞋",
    "麻辣烫",
    "手机",
    "羽绒服",
    "热水壶",
    "蛋糕",
]
DAYS = ["昨天", "前天", "4月28日", "上周五", "今天上午", "3号", "两天前", "上周日"]
NAMES = "芳丽静敏强伟磊洋勇军杰娟"
SURNAMES = "王李张刘陈杨黄赵"


def _slots(rng: random.Random, user: int) -> dict[str, object]:
    return {
        "name": rng.choice(NAMES),
        "surname": rng.choice(SURNAMES),
        "tail": f"{user % 10000:04d}",
        "day": rng.choice(DAYS),
        "store": rng.choice(STORES),
        "prod": rng.choice(PRODUCTS),
        "order": 2026050100000 + user,
        "amt": 50 + user % 900,
        "h": 2 + user % 6,
    }


def conversation(rng: random.Random, user: int) -> list[str]:
    """One customer's messages, in order."""
    slots = _slots(rng, user)
    kind = user % 10
    if kind < 4:  # opener, then everything in one message, no evidence, confirm
        said = [rng.choice(OPENERS), rng.choice(RICH), "没有", "1"]
    elif kind < 7:  # everything in the first message
        said = [rng.choice(RICH), "没有", "1"]
    elif kind < 9:  # a short complaint, then the questions one by one
        said = ["我要投诉", rng.choice(SHORT), *ANSWERS, "没有", "1"]
    else:  # someone checking on a complaint, then asking for help
        said = ["查询进度", "帮助"]
    return [text.format(**slots) for text in said]


def text_xml(openid: str, content: str, msg_id: int, created: int) -> bytes:
    from bot.channels.wechat.wxml import _cdata

    return (
        "<xml>"
        f"<ToUserName>{_cdata(ACCOUNT)}</ToUserName>"
        f"<FromUserName>{_cdata(openid)}</FromUserName>"
        f"<CreateTime>{created}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content>"
        f"<MsgId>{msg_id}</MsgId>"
        "</xml>"
    ).encode()


def signed_request(port: int, body: bytes, nonce: str, timestamp: str) -> bytes:
    """One complete HTTP/1.1 request, signed as WeChat signs the server URL."""
    from bot.channels.wechat.signing import sign

    query = urllib.parse.urlencode(
        {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    )
    head = (
        f"POST /wechat?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def customers(port: int, seed: int, first_user: int) -> Iterator[list[bytes]]:
    """Endless customers, each the signed requests of one conversation."""
    rng = random.Random(seed)
    run = f"{os.getpid()}{int(time.time())}"
    msg_ids = iter(range(8_000_000_000_000_000_000 + seed * 10_000_000, 2**63))
    user = first_user
    while True:
        timestamp = str(int(time.time()))
        openid = f"o-bench-{seed}-{user:07d}"
        requests = []
        for i, text in enumerate(conversation(rng, user)):
            msg_id = next(msg_ids)
            body = text_xml(openid, text, msg_id, int(timestamp))
            requests.append(signed_request(port, body, f"{run}-{user}-{i}", timestamp))
        yield requests
        user += 1


# --- the client (its own process) ---------------------------------------------------------
@dataclass
class Tally:
    latencies: list[float]
    statuses: Counter[str]
    started: float = 0.0
    finished: float = 0.0


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)content-length:\s*(\d+)", head)
    body = await reader.readexactly(int(length.group(1))) if length else b""
    return status, body


async def _worker(
    port: int, users: Iterator[list[bytes]], budget: list[int], deadline: float, tally: Tally
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            for request in next(users):
                if budget[0] <= 0 or time.perf_counter() >= deadline:
                    return
                budget[0] -= 1
                began = time.perf_counter()
                status, body = await _exchange(reader, writer, request)
                tally.latencies.append(time.perf_counter() - began)
                kind = "reply" if body.startswith(b"<xml>") else body.decode(errors="replace")[:20]
                tally.statuses[f"{status} {kind}"] += 1
    finally:
        writer.close()


async def drive(
    port: int, requests: int, concurrency: int, duration: float, seed: int, first_user: int
) -> Tally:
    # Built and signed before the clock starts: the client's own work stays out of the figures.
    # Enough that no connection runs out (one may stop mid-conversation when the budget is spent).
    made: list[list[bytes]] = []
    generator = customers(port, seed, first_user)
    while sum(map(len, made)) < requests + 12 * concurrency:
        made.append(next(generator))
    users = iter(made)
    tally = Tally([], Counter())
    budget = [requests]
    tally.started = time.perf_counter()
    deadline = tally.started + duration
    await asyncio.gather(
        *(_worker(port, users, budget, deadline, tally) for _ in range(concurrency))
    )
    tally.finished = time.perf_counter()
    return tally


def run_client(args: argparse.Namespace) -> None:
    """Warm-up (not counted), then the measured load; prints one JSON line."""
    warm = min(200, max(20, args.requests // 10))
    asyncio.run(drive(args.port, warm, args.concurrency, 30.0, args.seed + 1, 0))
    tally = asyncio.run(
        drive(args.port, args.requests, args.concurrency, args.duration, args.seed, 1_000_000)
    )
    elapsed = tally.finished - tally.started
    lat = sorted(tally.latencies)
    print(
        json.dumps(
            {
                "requests": len(lat),
                "seconds": elapsed,
                "rps": len(lat) / elapsed if elapsed else 0.0,
                "p50": _percentile(lat, 0.50),
                "p95": _percentile(lat, 0.95),
                "p99": _percentile(lat, 0.99),
                "statuses": dict(tally.statuses),
            }
        )
    )


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


# --- the servers (their own processes) ----------------------------------------------------
def run_bare(args: argparse.Namespace) -> None:
    """Signature, freshness, nonce and XML checks with the project's modules; nothing else."""
    from aiohttp import web

    from bot.channels.wechat import wxml
    from bot.channels.wechat.signing import Query, Refused, Verifier

    verifier = Verifier(TOKEN, None, None)

    async def receive(request: web.Request) -> web.Response:
        try:
            verifier.check(Query.of(request.query))
            fields = wxml.parse(await request.read())
        except Refused:
            return web.Response(status=403, text="forbidden")
        except wxml.BadXML as exc:
            return web.Response(status=400, text=str(exc))
        return web.Response(text="success" if fields.get("FromUserName") else "empty")

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(client_max_size=wxml.MAX_BODY_BYTES)
    app.router.add_post("/wechat", receive)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)


def run_full() -> None:
    """`complaint-bot serve` as the CLI runs it, optionally with asyncio's slow-callback watch."""
    from bot.cli_serve import _serve

    async def serve() -> int:
        slow = os.environ.get("BENCH_SLOW_CALLBACK")
        if slow:
            asyncio.get_running_loop().slow_callback_duration = float(slow)
        return await _serve()

    sys.exit(asyncio.run(serve(), debug=bool(os.environ.get("BENCH_SLOW_CALLBACK"))))


# --- the conductor ------------------------------------------------------------------------
@dataclass
class Result:
    name: str
    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    statuses: dict[str, int]
    peak_rss_mb: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_ready(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            if s.recv(64).startswith(b"HTTP/1.1 200"):
                return
        time.sleep(0.1)
    sys.exit(f"server not ready in {READY_TIMEOUT:.0f} s:\n{log.read_text()[-3000:]}")


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident set, read before it is stopped."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def client(port: int, args: argparse.Namespace, seed: int) -> dict[str, object]:
    command = [
        sys.executable,
        __file__,
        "--client",
        "--port",
        str(port),
        "--requests",
        str(args.requests),
        "--concurrency",
        str(args.concurrency),
        "--duration",
        str(args.duration),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"client failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(
    name: str,
    server: list[str],
    env: dict[str, str],
    cwd: Path,
    port: int,
    args: argparse.Namespace,
    seed: int,
    profile: Path | None = None,
) -> Result:
    log = cwd / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(server, env=env, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
    spy: subprocess.Popen[bytes] | None = None
    try:
        wait_ready(port, process, log)
        if profile is not None:
            spy = subprocess.Popen(
                [
                    "py-spy",
                    "record",
                    "--pid",
                    str(process.pid),
                    "--rate",
                    "250",
                    "--format",
                    "raw",
                    "--output",
                    str(profile),
                    "--nonblocking",
                    *(["--idle"] if os.environ.get("BENCH_PROFILE_IDLE") else []),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        figures = client(port, args, seed)
        rss = peak_rss_mb(process.pid)
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(30)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    return Result(
        name,
        float(figures["rps"]),
        float(figures["p50"]),
        float(figures["p95"]),  # type: ignore[arg-type]
        float(figures["p99"]),  # type: ignore[arg-type]
        int(figures["requests"]),
        dict(figures["statuses"]),
        rss,
    )  # type: ignore[call-overload, arg-type]


def server_env(data_dir: Path, port: int, database_url: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "WECHAT_", "DATABASE_URL", "PYTHONASYNCIODEBUG"))
    }
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "DATA_DIR": str(data_dir),
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(port),
            "WECHAT_TOKEN": TOKEN,
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
        if "PII_KEY" not in env:  # PostgreSQL wants the key given (bot/keys.py); a fresh one
            from cryptography.fernet import Fernet

            env["PII_KEY"] = Fernet.generate_key().decode("ascii")
    return env


@contextlib.contextmanager
def fresh_postgres(url: str | None) -> Iterator[str | None]:
    """A new, empty database beside the one `url` names, dropped afterwards."""
    if not url:
        yield None
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"bench_pipeline_{os.getpid()}"

    async def run(sql: str) -> None:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def summarise_profile(path: Path, top: int = 25) -> str:
    """Inclusive share of samples per function (py-spy's collapsed stacks), project code first."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        for frame in set(stack.split(";")):
            inclusive[frame] += n
    rows = [
        f"{100 * n / total:5.1f}%  {frame}"
        for frame, n in inclusive.most_common(400)
        if not frame.startswith(("process ", "thread "))
    ][:top]
    return f"profile: {total} samples, inclusive share\n" + "\n".join(rows)


def slow_callbacks(log: Path) -> list[str]:
    """asyncio's "Executing <callback> took N seconds" lines, grouped by where it ran."""
    pattern = re.compile(r"Executing (.*) took ([\d.]+) seconds")
    found = Counter[str]()
    worst: dict[str, float] = {}
    for line in log.read_text(errors="replace").splitlines():
        match = pattern.search(line)
        if match:
            described = match.group(1)
            name = re.search(r"coro=<([\w.<>]+)\(\)", described)
            where = re.search(r"running at ([^ >]+)", described)
            what = " ".join(
                part
                for part in (
                    (name.group(1) if name else re.sub(r" at 0x\w+", "", described)[:120]),
                    (f"at {where.group(1)}" if where else ""),
                )
                if part
            ).replace(str(ROOT) + "/", "")
            found[what] += 1
            worst[what] = max(worst.get(what, 0.0), float(match.group(2)))
    return [f"{n:4d}x  max {worst[w] * 1000:5.0f} ms  {w}" for w, n in found.most_common(15)]


def row(r: Result) -> str:
    return (
        f"{r.name:<14}{r.rps:>10.0f}{r.p50 * 1000:>10.1f}{r.p95 * 1000:>10.1f}{r.p99 * 1000:>10.1f}"
        f"{r.requests:>8}{r.peak_rss_mb:>10.0f}  {_statuses(r.statuses)}"
    )


def _statuses(statuses: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))


def conduct(args: argparse.Namespace) -> None:
    database_url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or None
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    try:
        with fresh_postgres(database_url) as url:
            results = []
            for i, name in enumerate(["bare", "full", "bare"]):
                port = free_port()
                env = server_env(work / f"data{i}", port, url)
                if name == "bare":
                    server = [sys.executable, __file__, "--serve-bare", "--port", str(port)]
                    results.append(measure("bare route", server, env, work, port, args, 7))
                    continue
                if args.debug_slow:
                    env.update(
                        {"PYTHONASYNCIODEBUG": "1", "BENCH_SLOW_CALLBACK": str(SLOW_CALLBACK)}
                    )
                profile = Path(args.profile).resolve() if args.profile else None
                server = [sys.executable, __file__, "--serve-full"]
                results.append(measure("full pipeline", server, env, work, port, args, 7, profile))
                full_log = work / "full pipeline.log"
                slow = slow_callbacks(full_log) if args.debug_slow else []
                errors = [
                    line
                    for line in full_log.read_text(errors="replace").splitlines()
                    if " ERROR " in line or "Traceback" in line
                ]
        report(results, args, database_url, load_before, slow, errors)
        if args.profile:
            print(summarise_profile(Path(args.profile)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(
    results: list[Result],
    args: argparse.Namespace,
    database_url: str | None,
    load_before: tuple[float, float, float],
    slow: list[str],
    errors: list[str],
) -> None:
    bare_a, full, bare_b = results
    bare_rps = statistics.mean([bare_a.rps, bare_b.rps])
    ratio = full.rps / bare_rps if bare_rps else float("nan")
    backend = "PostgreSQL" if database_url else "SQLite"
    load_after = os.getloadavg()
    print(
        f"load: {args.requests} requests, {args.concurrency} connections, {backend}, "
        f"{os.cpu_count()} cores; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after{'; asyncio debug mode' if args.debug_slow else ''}"
    )
    print(
        f"{'':<14}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'done':>8}{'RSS MB':>10}  answers"
    )
    for result in results:
        print(row(result))
    verdict = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
    print(
        f"ratio full / bare (mean of both bare runs): {ratio:.2f} "
        f"(target >= {TARGET_RATIO}: {verdict})"
    )
    if errors:
        print(f"server errors logged: {len(errors)}, first: {errors[0][:200]}")
    if args.debug_slow:
        print(f"slow callbacks (>= {SLOW_CALLBACK * 1000:.0f} ms): {len(slow) or 'none'}")
        for line in slow:
            print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per server")
    parser.add_argument("--concurrency", type=int, default=16, help="connections")
    parser.add_argument("--duration", type=float, default=20.0, help="cap per server, seconds")
    parser.add_argument("--database-url", help="PostgreSQL URL (or BENCH_DATABASE_URL)")
    parser.add_argument("--profile", metavar="FILE", help="py-spy the full server into FILE")
    parser.add_argument("--debug-slow", action="store_true", help="list slow callbacks")
    # Internal: the processes the conductor starts.
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-full", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        run_client(args)
    elif args.serve_bare:
        run_bare(args)
    elif args.serve_full:
        run_full()
    else:
        conduct(args)


if __name__ == "__main__":
    main()
