"""Every remedy and every object the customer names is kept (issue 9 item 5).

Short dialogues through the handler API, on every backend: what the customer asks for reaches
the summary, the acknowledgement letter, the agents' new-ticket card and /show, with the
customer's own wording, and the ticket keeps the first remedy's key for the reports.
"""

from __future__ import annotations

import pytest

from bot.app import App
from handlers.draft import Draft
from handlers.remedies import on_ticket
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.support import Person, tickets

# Everything but the remedy, so the remedy question comes first.
STORY = "昨天下午在你们西单店买的电水壶，用了一次底座就漏电了"


async def to_summary(customer: Person, first: str) -> str:
    """Sends `first`, then answers whatever else is asked until the summary is shown."""
    answer = await customer.say(first)
    answers = {"称呼": "赵敏", "手机号": "13912345678", "截图": "暂无", "怎么处理": "道歉"}
    for _ in range(8):
        if "请核对" in answer:
            return answer
        reply = next(v for k, v in answers.items() if k in answer)
        answer = await customer.say(reply)
    raise AssertionError(f"no summary: {answer}")


async def at_remedy_question(app: App, user: str) -> Person:
    customer = Person(app, user)
    assert "怎么处理" in await customer.say(STORY)
    assert [c.key for c in customer.last.choices][:2] == ["refund", "exchange"]
    return customer


async def answer_remedy(customer: Person, text: str) -> str:
    answer = await customer.say(text)
    assert "称呼" in answer, answer  # accepted: the next question is asked
    return await to_summary(customer, "赵敏")


async def filed(app: App) -> tuple[Ticket, list[tuple[str, str]]]:
    [ticket] = await tickets(app)
    return ticket, on_ticket(ticket, app.services.vault)


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        ("要求全额退款并赔偿医药费", [("refund", "全额退款"), ("compensation", "赔偿医药费")]),
        ("退房费并且道歉", [("refund", "退房费"), ("apology", "道歉")]),
        ("修好，再减免这个月的费用", [("repair", "修好"), ("compensation", "减免这个月的费用")]),
    ],
)
async def test_remedies_in_the_story_are_all_kept(
    app: App, story: str, expected: list[tuple[str, str]]
) -> None:
    await add_agent(app, "a1", "张三")
    customer = Person(app, "story")
    summary = await to_summary(customer, f"{STORY}，{story}")
    assert "怎么处理" not in "\n".join(r.text for r in customer.heard)  # never asked
    assert "；".join(w for _, w in expected) in summary
    letter = await customer.say("1")
    assert "投诉受理确认函" in letter and "；".join(w for _, w in expected) in letter

    ticket, remedies = await filed(app)
    assert remedies == expected
    assert ticket.remedy == expected[0][0] and ticket.remedy_text == expected[0][1]
    assert ticket.remedy_keys == ",".join(k for k, _ in expected)
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    [card] = [m for m in inboxes.of("a1") if "新工单" in m]
    shown = await Person(app, "a1").say(f"/show {ticket.number}")
    for _, wording in expected:
        assert wording in card and wording in shown
    # Agents also read the kind of a wish worded in the customer's own way.
    assert f"{expected[0][1]}（" in card and f"{expected[0][1]}（" in shown


async def test_several_numbers_pick_several_options(app: App) -> None:
    customer = await at_remedy_question(app, "numbers")
    summary = await answer_remedy(customer, "1和4")
    assert "退款/退货；补偿/赔偿" in summary
    await customer.say("1")
    _, remedies = await filed(app)
    assert [k for k, _ in remedies] == ["refund", "compensation"]


async def test_three_numbers_with_other_joiners(app: App) -> None:
    customer = await at_remedy_question(app, "three")
    await answer_remedy(customer, "2、5、6都要")
    await customer.say("确认")
    _, remedies = await filed(app)
    assert [k for k, _ in remedies] == ["exchange", "apology", "improvement"]


async def test_remedies_in_words_at_the_question(app: App) -> None:
    customer = await at_remedy_question(app, "words")
    summary = await answer_remedy(customer, "退款，还要道歉")
    assert "退款；道歉" in summary
    await customer.say("1")
    _, remedies = await filed(app)
    assert remedies == [("refund", "退款"), ("apology", "道歉")]


async def test_a_number_and_words_together(app: App) -> None:
    customer = await at_remedy_question(app, "mixed")
    await answer_remedy(customer, "1，再赔偿医药费")
    await customer.say("1")
    _, remedies = await filed(app)
    assert remedies == [("refund", "退款/退货"), ("compensation", "赔偿医药费")]


async def test_one_number_still_picks_one(app: App) -> None:
    customer = await at_remedy_question(app, "one")
    summary = await answer_remedy(customer, "3")
    assert "诉求：维修" in summary
    await customer.say("1")
    ticket, remedies = await filed(app)
    assert remedies == [("repair", "维修")] and ticket.remedy == "repair"


async def test_a_number_inside_a_sentence_is_not_a_pick(app: App) -> None:
    customer = await at_remedy_question(app, "seven")
    await answer_remedy(customer, "7天内退款")
    await customer.say("1")
    _, remedies = await filed(app)
    assert [k for k, _ in remedies] == ["refund"]  # not option 7, "other"


async def test_a_refused_remedy_is_left_out(app: App) -> None:
    customer = await at_remedy_question(app, "negated")
    await answer_remedy(customer, "不要退款，给我换个新的，还得书面道歉")
    await customer.say("1")
    _, remedies = await filed(app)
    assert remedies == [("exchange", "换个新的"), ("apology", "书面道歉")]


async def test_none_is_not_a_remedy(app: App) -> None:
    customer = await at_remedy_question(app, "none")
    assert "选择处理方式" in await customer.say("暂无")
    assert "称呼" in await customer.say("5")


async def test_a_remedy_said_later_joins_the_list(app: App) -> None:
    customer = Person(app, "later")
    answer = await customer.say(f"{STORY}，要求退款。我叫赵敏，电话13912345678")
    assert "截图" in answer
    assert "截图" in await customer.say("另外还要赔偿误工费200元")  # still asked for evidence
    summary = await customer.say("暂无")
    assert "退款；赔偿误工费200元" in summary
    await customer.say("1")
    _, remedies = await filed(app)
    assert remedies == [("refund", "退款"), ("compensation", "赔偿误工费200元")]


async def test_changing_the_remedy_replaces_the_list(app: App) -> None:
    customer = Person(app, "change")
    await to_summary(customer, f"{STORY}，要求全额退款并赔偿医药费")
    await customer.say("修改")
    assert "怎么处理" in await customer.say("诉求")
    summary = await customer.say("换货和道歉")
    assert "诉求：换货；道歉\n" in summary
    await customer.say("1")
    _, remedies = await filed(app)
    assert remedies == [("exchange", "换货"), ("apology", "道歉")]


async def test_a_correction_at_the_summary_replaces_the_list(app: App) -> None:
    customer = Person(app, "correct")
    await to_summary(customer, f"{STORY}，要求退款和道歉")
    summary = await customer.say("诉求改成换货")
    assert "已更正" in summary and "诉求：换货" in summary
    await customer.say("1")
    ticket, remedies = await filed(app)
    assert [k for k, _ in remedies] == ["exchange"] and ticket.remedy == "exchange"


async def test_products_named_together_are_all_kept(app: App) -> None:
    customer = Person(app, "products")
    summary = await to_summary(customer, "昨天在你们万达店买的手机和耳机都坏了，要求退款")
    assert "手机、耳机" in summary
    await customer.say("1")
    [ticket] = await tickets(app)
    assert ticket.product == "手机、耳机" and ticket.store == "万达店"


async def test_a_product_a_store_and_a_staff_member(app: App) -> None:
    customer = Person(app, "objects")
    summary = await to_summary(
        customer, "前天在朝阳门店买了一台冰箱和一台空调，送货的师傅态度很差，要求道歉"
    )
    assert "冰箱、空调" in summary and "朝阳门店" in summary
    await customer.say("1")
    [ticket] = await tickets(app)
    assert (ticket.product, ticket.store) == ("冰箱、空调", "朝阳门店")
    assert ticket.staff and "师傅" in ticket.staff


def test_a_draft_saved_before_the_list_still_has_its_remedy() -> None:
    draft = Draft.from_json({"remedy": "refund", "remedy_text": "退钱"})
    assert draft.remedy_list() == [("refund", "退钱")]
    draft.add_remedies([("apology", "道歉"), ("refund", "退款")])
    assert draft.remedy_list() == [("refund", "退钱"), ("apology", "道歉")]
    assert (draft.remedy, draft.remedy_text) == ("refund", "退钱")


async def test_several_numbers_in_english(app: App) -> None:
    # The story is Chinese, so the question is (the text outranks the platform's hint).
    # "1 and 4" picks two options; its one English word is no English message, so the
    # conversation stays Chinese (nlp/language.py:MIN_ENGLISH_WORDS).
    customer = Person(app, "english", locale="en")
    assert "可以选多项" in await customer.say(STORY)
    assert "称呼" in await customer.say("1 and 4")
    assert "手机号" in await customer.say("Zhao Min")
    await customer.say("13912345678")
    summary = await customer.say("暂无")
    assert "退款/退货；补偿/赔偿" in summary


async def test_one_more_wish_at_the_summary_joins_the_list(app: App) -> None:
    customer = Person(app, "more")
    await to_summary(customer, f"{STORY}，要求退款")
    summary = await customer.say("另外还要你们书面道歉")
    assert "已更新" in summary and "诉求：退款；书面道歉\n" in summary
    await customer.say("1")
    _, remedies = await filed(app)
    assert remedies == [("refund", "退款"), ("apology", "书面道歉")]


async def test_a_sum_is_not_a_pick(app: App) -> None:
    customer = await at_remedy_question(app, "sum")
    await answer_remedy(customer, "1,000元赔偿")
    await customer.say("1")
    _, remedies = await filed(app)
    assert [k for k, _ in remedies] == ["compensation"]


async def test_two_staff_members_named_together(app: App) -> None:
    customer = Person(app, "staff")
    summary = await to_summary(customer, "昨晚在你们望京店吃饭，服务员和店长都骂人，要求道歉")
    assert "服务员、店长" in summary
    await customer.say("1")
    [ticket] = await tickets(app)
    assert ticket.staff == "服务员、店长" and ticket.store == "望京店"
