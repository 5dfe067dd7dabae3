"""Newcomer trial 20 (helper ae): questions back answered for what they ask, with the
business's own name where the policy sets one, and a remark with an acceptance passed on
without a promise of an answer.

Real parts: the app as `complaint-bot chat` builds it (SQLite in a temp folder, a policy file
naming the business), conversations through the router, the agent's outbox.
"""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from tests.handlers.lifecycle_support import add_agent
from tests.support import FakeClock, Person, make_app, tickets

KETTLE = "上周六在你们西单店买的电热水壶 用了一次底座就漏电"
FULL = "我叫王芳，手机13812345678。4月28日在你们朝阳门店买的空调，收到就坏了，要求退货退款"


async def test_whose_side_names_the_business_its_staff_and_process(
    tmp_path: Path, clock: FakeClock
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[business]\nname = "鲜丰水果"\n', encoding="utf-8")
    async with make_app("sqlite", tmp_path / "data", clock, POLICY_FILE=str(policy)) as app:
        customer = Person(app, "side")
        await customer.say(KETTLE)
        answer = await customer.say("你们是商家那边的吗")
        assert "这是鲜丰水果自己的投诉受理渠道" in answer, answer
        assert "鲜丰水果的客服人员" in answer and "投诉处理流程" in answer, answer
        assert "您希望我们怎么处理" in answer, answer  # the open question follows
        answer = await Person(app, "side2").say("你们站哪边")
        assert "鲜丰水果" in answer and "不是第三方机构" in answer, answer


async def test_at_the_summary_the_needed_fields_are_listed(app: App) -> None:
    customer = Person(app, "summary")
    await customer.say(FULL)
    assert "请核对您的投诉信息" in await customer.say("暂无")  # the summary
    answer = await customer.say("这些都必须填吗")
    assert "必须有的是" in answer and "证据不是必须的" not in answer, answer
    assert "诉求" in answer and "证据" in answer, answer
    assert "一并答复" not in answer, answer


async def test_before_any_story_the_needed_fields_are_listed(app: App) -> None:
    answer = await Person(app, "idle").say("投诉的话什么都必须填吗")
    assert "必须有的是" in answer and "一并答复" not in answer, answer


async def test_the_handler_hears_a_remark_with_the_yes(app: App) -> None:
    customer = Person(app, "remark")
    await customer.say(FULL)
    await customer.say("暂无")
    await customer.say("确认")
    await add_agent(app, "agent1", "张三", role="supervisor")
    [ticket] = await tickets(app)
    await Person(app, "agent1").say(f"/propose {ticket.number} 换一台新的")
    answer = await customer.say("好吧 但是希望以后别再这样了")
    assert "感谢您的确认" in answer and "已转给处理人员" in answer, answer
    assert "尽快回复" not in answer, answer
