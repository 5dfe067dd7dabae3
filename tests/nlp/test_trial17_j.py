"""Newcomer trial 17 (helper J): a message saying a filed complaint needs no handling any
more, withdrawn or resolved without us (nlp/intent.py:withdraws, [withdrawal] cues), and the
messages that only look like one."""

from __future__ import annotations

import pytest

from nlp.intent import withdraws


@pytest.mark.parametrize(
    "text",
    [
        "算了 不用处理了 他们今天已经把钱退给我了",
        "不用了 已经解决了",
        "我撤销投诉",
        "撤诉",
        "问题已经解决了 谢谢",
        "商家昨天主动联系我，事情已经协商解决了",
        "钱到账了，这个投诉可以关闭了",
        "能撤诉吗",  # asked, still a wish to withdraw
        "never mind, they refunded me",
        "you can close it",
        "Thanks, it is resolved now",
        "I got my refund today, please close the ticket",
        "撤銷投訴",  # traditional characters read as simplified
    ],
)
def test_withdrawals(text: str) -> None:
    assert withdraws(text)


@pytest.mark.parametrize(
    "text",
    [
        "还没解决",
        "问题还没解决 钱也没退",
        "不用退款了 换货就行",  # a changed wish
        "不用赔了 道个歉就行",
        "退款不用处理了 换一台新的就行",
        "他们说已经解决了 但是根本没退钱",  # said by others, and something still wrong
        "商家让我撤诉 我不同意",  # urged on the customer
        "客服一直劝我撤销投诉",
        "不能撤诉",
        "问题解决了吗",
        "is it resolved?",
        "I hope it gets resolved soon",
        "I want this resolved",
        "they have not refunded me",
        "haven't got my refund yet",
        "钱退了 但是还没道歉",
        "他们只退给我了一半",  # only part settled
        "they only refunded me half",
        "修好了又坏了",
        "希望早点处理好了",
        "什么时候能处理好",
        "我想要退款",
        "健身房突然关门了 会员卡里还有三千多没用",
    ],
)
def test_not_withdrawals(text: str) -> None:
    assert not withdraws(text)
