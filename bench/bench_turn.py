"""CPU per message through the handlers, without HTTP (issue 11 items 2 and 3).

    python bench/bench_turn.py [--customers N] [--repeats R] [--database-url URL]
                               [--profile FILE]

The message mix of bench/bench_pipeline.py (openers, complete complaints, field-by-field
answers, "no evidence", confirmations that file tickets, progress queries), sent in order
per customer straight to `handlers.router.handle` on an App built as `complaint-bot serve`
builds it (bot/app.py:build): SQLite in a temporary DATA_DIR, or a fresh PostgreSQL
database when --database-url names a server. One customer at a time, so the figure is the
message's own CPU (process time, both of its transactions, the database's work on SQLite
included: it runs in this process), not queueing. The run is repeated R times on fresh
customers and the lowest figure is kept: the others are the same work plus a neighbour's
load on a shared machine. Per kind: the mean thread time of the synchronous parts.

--profile FILE writes cProfile's statistics of the last repeat (sorted by own time) to FILE.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import io
import pstats
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from bench_pipeline import conversation  # noqa: E402  (the benchmark's own message mix)
from cryptography.fernet import Fernet  # noqa: E402

from bot.app import App, build  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from handlers.messages import Inbound  # noqa: E402
from handlers.router import handle  # noqa: E402

Kinds = collections.defaultdict[str, list[float]]


def kind_of(user: int, index: int, text: str) -> str:
    """The message's kind in the mix (bench_pipeline.conversation's order)."""
    group = user % 10
    if group >= 9:
        return "progress query / help"
    if text == "1":
        return "confirmation (files a ticket)"
    if text == "没有":
        return "no evidence"
    if group < 4 and index == 0:
        return "opener"
    if (group < 4 and index == 1) or (4 <= group < 7 and index == 0):
        return "complete complaint"
    if index == 1:
        return "short complaint"
    return "opener" if index == 0 else "answer to a question"


async def one_customer(app: App, user: int, messages: list[str], run: str, kinds: Kinds) -> None:
    for index, text in enumerate(messages):
        inbound = Inbound(
            channel="wechat",
            user_id=f"{run}-{user}",
            message_id=f"{run}-{user}-{index}",
            received_at=app.services.now(),
            text=text,
        )
        started = time.thread_time()
        await handle(app.services, inbound)
        kinds[kind_of(user, index, text)].append(time.thread_time() - started)


async def one_repeat(app: App, customers: int, seed: int) -> tuple[float, int, Kinds]:
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:8]
    kinds: Kinds = collections.defaultdict(list)
    plan = [(user, conversation(rng, user)) for user in range(customers)]
    started = time.process_time()
    for user, messages in plan:
        await one_customer(app, user, messages, run, kinds)
    count = sum(len(messages) for _, messages in plan)
    return time.process_time() - started, count, kinds


async def measure(args: argparse.Namespace) -> None:
    data_dir = tempfile.mkdtemp(prefix="bench-turn-")
    environ = {"DATA_DIR": data_dir}
    admin_url = args.database_url
    database = f"cb_bench_turn_{uuid.uuid4().hex[:8]}"
    if admin_url:
        await _create_database(admin_url, database)
        environ["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + "/" + database
        environ["PII_KEY"] = Fernet.generate_key().decode()  # required with PostgreSQL
    app = await build(load_settings(environ, None))
    try:
        await one_repeat(app, 20, seed=999)  # warm-up: imports, caches, the model
        best: tuple[float, int, Kinds] | None = None
        profiler = cProfile.Profile() if args.profile else None
        for repeat in range(args.repeats):
            if profiler is not None and repeat == args.repeats - 1:
                profiler.enable()
            result = await one_repeat(app, args.customers, seed=repeat)
            if profiler is not None and repeat == args.repeats - 1:
                profiler.disable()
            cpu, count, _ = result
            print(f"repeat {repeat + 1}: {count} messages, {cpu / count * 1000:.2f} ms CPU each")
            if best is None or cpu / count < best[0] / best[1]:
                best = result
        assert best is not None
        report(best, args)
        if profiler is not None:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(60)
            Path(args.profile).write_text(out.getvalue(), encoding="utf-8")
            profiler.dump_stats(args.profile + ".pstats")
    finally:
        await app.close()
        if admin_url:
            await _drop_database(admin_url, database)


def report(best: tuple[float, int, Kinds], args: argparse.Namespace) -> None:
    cpu, count, kinds = best
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"\n{backend}: lowest of {args.repeats} repeats, {count} messages")
    print(f"CPU per message: {cpu / count * 1000:.2f} ms (process time, whole mix)")
    print(f"{'kind':32} {'messages':>8} {'ms each':>8}")
    for kind, times in sorted(kinds.items(), key=lambda item: -sum(item[1])):
        print(f"{kind:32} {len(times):8d} {sum(times) / len(times) * 1000:8.2f}")


async def _create_database(url: str, name: str) -> None:
    await _admin(url, f'CREATE DATABASE "{name}"')


async def _drop_database(url: str, name: str) -> None:
    await _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _admin(url: str, statement: str) -> None:
    import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type hints

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200, help="customers per repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL server (postgresql+asyncpg://...)")
    parser.add_argument("--profile", metavar="FILE", help="cProfile of the last repeat")
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
