"""The console channel as real `complaint-bot` processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build
from bot.settings import load_settings
from storage.models import Evidence, Ticket
from tests.bot.cli_process import Session, cli_env, run
from tests.support import BACKENDS, database_url

RICH = (
    "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，"
    "订单号2024042800123，要求退货退款"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4f00000000049454e44ae426082"
)


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    async with database_url(request.param) as url:
        yield cli_env(tmp_path / "data", url)


async def stored_tickets(env: dict[str, str]) -> tuple[list[Ticket], list[Evidence], object]:
    app = await build(load_settings(env, None))
    try:
        async with app.db.transaction() as session:
            tickets = list((await session.execute(select(Ticket))).scalars().all())
            files = list((await session.execute(select(Evidence))).scalars().all())
        return tickets, files, app.services.vault
    finally:
        await app.close()


async def test_a_scripted_terminal_session_files_a_complete_complaint(
    env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "photo.png").write_bytes(PNG)
    script = f"{RICH}\n/attach photo.png\n1\n"
    code, out, err = await run(env, "chat", "--user", "wangfang", stdin=script, cwd=tmp_path)
    assert code == 0, err
    assert "投诉受理确认函" in out and "无需额外材料" in out

    [ticket], files, vault = await stored_tickets(env)
    assert ticket.number.startswith("CP") and ticket.number in out
    assert vault.open(ticket.name_enc) == "王芳"  # type: ignore[attr-defined]
    assert vault.open(ticket.phone_enc) == "13812345678"  # type: ignore[attr-defined]
    assert ticket.product == "空调" and ticket.order_no == "2024042800123"
    assert ticket.occurred_at is not None and ticket.place and "朝阳门店" in ticket.place
    assert ticket.remedy == "refund" and vault.open(ticket.account_enc)  # type: ignore[attr-defined]
    assert json.loads(ticket.missing_materials or "[]") == []
    [photo] = files
    assert photo.ticket_id == ticket.id and photo.kind == "photo"
    stored = Path(env["DATA_DIR"]) / (photo.path or "")
    assert stored.read_bytes() == PNG


async def test_killed_mid_conversation_continues_where_it_stopped(
    env: dict[str, str], tmp_path: Path
) -> None:
    first = await Session.start(env, "--user", "li", cwd=tmp_path)
    await first.expect("投诉受理助手")
    await first.send("我要投诉，快递把我的包裹弄丢了，一直没送到")
    await first.expect("？")
    first.kill()
    await first.process.wait()

    second = await Session.start(env, "--user", "li", cwd=tmp_path)
    seen = await second.expect("接着上次")
    assert "快递" not in seen.split("接着上次")[0]  # nothing was asked again from scratch
    await second.close()


async def test_customer_and_agent_in_two_terminals(env: dict[str, str], tmp_path: Path) -> None:
    code, out, err = await run(
        env,
        "chat",
        "--user",
        "c1",
        cwd=tmp_path,
        stdin=f"{RICH}\n暂无\n1\n",
    )
    assert code == 0 and "投诉受理确认函" in out, err
    [ticket], _, _ = await stored_tickets(env)
    number = ticket.number

    code, out, err = await run(
        env, "agents", "add", "--channel", "console", "--id", "a1", "--name", "张三"
    )
    assert code == 0, err
    code, out, err = await run(env, "chat", "--user", "x9", "--agent", cwd=tmp_path)
    assert code == 2 and "not a registered console agent" in err

    agent = await Session.start(env, "--agent", "--user", "a1", cwd=tmp_path)
    await agent.send("/queue")
    await agent.expect(number)
    await agent.send(f"/take {number}")
    await agent.expect("已接单")
    await agent.send(f"/reply {number} 您好，我们已联系朝阳门店，明天上门取件")
    await agent.expect("已排队发送给客户")
    await agent.send(f"/resolve {number} 已办理退货退款")
    await agent.expect("已标记为已解决")
    await agent.close()

    code, out, err = await run(env, "chat", "--user", "c1", cwd=tmp_path, stdin="")
    assert code == 0, err
    assert "明天上门取件" in out and "处理结果：已办理退货退款" in out
    assert out.index("负责处理") < out.index("明天上门取件") < out.index("处理结果")

    code, out, err = await run(env, "chat", "--user", "stranger", cwd=tmp_path, stdin="/queue\n")
    assert code == 0, err
    assert "仅限已登记的客服" in out and number not in out


async def test_agents_list_and_remove(env: dict[str, str]) -> None:
    await run(
        env,
        "agents",
        "add",
        "--channel",
        "console",
        "--id",
        "s1",
        "--name",
        "李主管",
        "--supervisor",
    )
    code, out, _ = await run(env, "agents", "list")
    assert code == 0 and "李主管\tsupervisor" in out
    code, out, _ = await run(env, "agents", "remove", "--channel", "console", "--id", "s1")
    assert code == 0
    code, out, _ = await run(env, "agents", "list")
    assert "(removed)" in out
    code, _, err = await run(env, "agents", "remove", "--channel", "console", "--id", "nobody")
    assert code == 2 and "no agent" in err


async def test_bad_settings_are_one_clear_line(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "data", "")
    env["TIMEZONE"] = "Mars/Olympus"
    code, out, err = await run(env, "chat", stdin="")
    assert code == 2
    assert err.strip() == (
        "complaint-bot: error: setting TIMEZONE: unknown time zone 'Mars/Olympus' "
        "(use a name like Asia/Shanghai)"
    )
    code, out, err = await run(env | {"TIMEZONE": "Asia/Shanghai"}, "db", "upgrade")
    assert code == 0 and "up to date" in out


async def test_reclassifications_export_as_training_lines(
    env: dict[str, str], tmp_path: Path
) -> None:
    await run(env, "chat", "--user", "c1", cwd=tmp_path, stdin=f"{RICH}\n暂无\n1\n")
    [ticket], _, _ = await stored_tickets(env)
    await run(env, "agents", "add", "--channel", "console", "--id", "a1", "--name", "张三")
    code, out, _ = await run(
        env,
        "chat",
        "--agent",
        "--user",
        "a1",
        cwd=tmp_path,
        stdin=f"/reclass {ticket.number} logistics important\n",
    )
    assert "已记录为训练数据" in out
    code, out, err = await run(env, "corrections", "export", str(tmp_path / "fixes.jsonl"))
    assert code == 0 and "1 corrected" in err
    [line] = (tmp_path / "fixes.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert (record["category"], record["severity"]) == ("logistics", "important")
    assert "空调" in record["text"] and "13812345678" not in record["text"]


async def test_ctrl_c_ends_a_chat_waiting_for_input(tmp_path: Path) -> None:
    """Ctrl-C at the prompt ends the session at once (exit 130), without one more Enter: the
    line reader must not be a thread the event loop joins on the way out (newcomer trial)."""
    async with database_url("sqlite") as url:
        session = await Session.start(cli_env(tmp_path / "data", url), "--user", "c1", cwd=tmp_path)
        await session.expect("您好")  # the welcome: the session is waiting for a line
        session.process.send_signal(signal.SIGINT)  # stdin stays open, nothing typed
        code = await asyncio.wait_for(session.process.wait(), 30)  # a hang fails here
    assert code == 130
