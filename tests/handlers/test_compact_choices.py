"""A question asked again with the same options lists them in one line on text channels
(newcomer trial 12: the 7-option remedy menu came five times in a row, a screen each on a
phone). Telegram shows buttons either way."""

from __future__ import annotations

from bot.app import App
from handlers.messages import CHOICES_SHOWN, Choice, Outbound, render_choices_as_text
from tests.support import Person

STORY = "上周在你们4S店做的保养，结果今天高速上刹车失灵了"


def test_compact_options_are_one_line() -> None:
    choices = (Choice("refund", "退款/退货"), Choice("exchange", "换货"))
    full = render_choices_as_text(Outbound("wechat", "u", "您希望我们怎么处理？", choices))
    assert full.endswith("1. 退款/退货\n2. 换货")
    compact = Outbound(
        "wechat", "u", "您希望我们怎么处理？", choices, meta={CHOICES_SHOWN: "compact"}
    )
    assert render_choices_as_text(compact) == "您希望我们怎么处理？\n1 退款/退货 · 2 换货"


async def test_the_same_question_again_is_marked_compact_a_new_one_is_not(app: App) -> None:
    customer = Person(app, "compact")
    await customer.say(STORY)
    assert "怎么处理" in customer.last.text and CHOICES_SHOWN not in customer.last.meta
    await customer.say("差点出事 吓死我了")  # a story line: the remedy question again
    assert "怎么处理" in customer.last.text
    assert customer.last.meta.get(CHOICES_SHOWN) == "compact"
    await customer.say("3")  # the number still picks from the options shown in one line
    assert "称呼" in customer.last.text and CHOICES_SHOWN not in customer.last.meta
