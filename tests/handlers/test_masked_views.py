"""ID-card, bank-card and phone numbers in any form, masked in an agent's /show of a ticket
they are not assigned (storage/masking.py; docs/process.md section 6)."""

from __future__ import annotations

from bot.app import App
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, tickets

STORY = (
    "我叫赵强，手机138-1234-5678，身份证110101199003071234，昨天在你们朝阳门店办的卡，"
    "银行卡6222 0212 3456 7890 123被盗刷了2万块，订单号2024042800123，要求退款"
)


async def test_show_masks_every_number_for_agents_not_assigned(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王五")
    await file_complaint(Person(app, "c1"), STORY)
    [ticket] = await tickets(app)
    owner = Person(app, "a1")
    await owner.say(f"/reply {ticket.number} 赵强您好，已收到")  # takes it
    other = await Person(app, "a2").say(f"/show {ticket.number}")
    for whole in ("110101199003071234", "6222 0212 3456 7890 123", "138-1234-5678", "赵强"):
        assert whole not in other, whole
    for shown in ("1101**********1234", "****0123", "138****5678", "赵*", "2万块"):
        assert shown in other, shown
    assert "2024042800123" in other and ticket.number in other  # not personal: kept
    mine = await owner.say(f"/show {ticket.number}")
    # An ID number is masked for the owner too (docs/process.md section 1, newcomer trial 9).
    assert "1101**********1234" in mine and "6222 0212 3456 7890 123" in mine
