"""Helper ca (trial 22): a customer's question after a refund is a question, not the wish.

`nlp/intent.py:asks_after_refund` reads "退款了吗", "钱到账了吗", "has my refund come
through" as a question after a refund's progress; a wish ("我要退款"), a refund arrived
("退款到账了 谢谢") or a question whether one is possible ("可以退款吗") is none.
`nlp/intent.py:promises_material` reads thanks with a particle ("好的谢谢啦") as no material.
"""

from __future__ import annotations

import pytest

from nlp.intent import asks_after_refund, promises_material

ASKS = [
    "退款了吗",
    "钱给我退回来了吗",
    "什么时候退回来",
    "退到哪了",
    "钱到账了吗",
    "has my refund come through",
    "when will I get my money back",
    "钱退了没",
    "退款到了没有",
    "我的退款呢",
    "退款呢？",
    "钱什么时候到账",
    "啥时候能退钱啊",
    "退款到哪一步了",
    "退款多久能到账",
    "请问 钱退回来了没有",
    "退款进度怎么样了",
    "款到了吗",
    "did you refund me yet",
    "is my refund done?",
    "where is my refund",
    "any update on my refund?",
    "when do i get my refund",
    "Has the money come through yet",
    "退款到账了吗 等好几天了",
    "hi, has my refund been processed",
    "怎么还没退钱",
    "钱为什么还没到账啊",
    "refund到账了吗",
    "我的refund呢",
    "那钱呢 什么时候给",
]

NOT_ASKS = [
    "我要退款",
    "退款到账了 谢谢",
    "钱已经退回来了",
    "退款收到了",
    "要求全额退款",
    "不接受，我要全额退款",
    "可以退款吗",
    "能不能退钱",
    "I want a refund",
    "please refund me",
    "i'd like my money back",
    "can I get a refund?",
    "好的谢谢",
    "进度呢",
    "空调什么时候修好",
    "师傅什么时候上门",
    "钱退了 但是还没道歉",
    "只退给我了一半",
    "the refund arrived, thanks",
    "my refund came through, thank you",
    "他们说已经退款了",
    "退款的时候少退了50",
    "钱还没到账",
    "退货了吗",
    "这个多少钱啊",
    "这个款式什么时候到货",
]


@pytest.mark.parametrize("text", ASKS)
def test_ca_a_question_after_the_refund_is_read(text: str) -> None:
    assert asks_after_refund(text)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_ca_a_wish_an_arrival_or_another_question_is_not(text: str) -> None:
    assert not asks_after_refund(text)


THANKS = ["好的谢谢啦", "好的 谢谢啦", "谢谢啦", "ok thanks!", "好哒 谢谢哟"]


@pytest.mark.parametrize("text", THANKS)
def test_ca_thanks_with_a_particle_is_no_material(text: str) -> None:
    assert promises_material(text)


@pytest.mark.parametrize("text", ["好的谢谢 发票在这 No.12345678", "谢谢 订单号JD88776655"])
def test_ca_guard_thanks_with_material_is_material(text: str) -> None:
    assert not promises_material(text)
