"""Newcomer trial 22 (ci): a customer's words after filing, answering an agent's action.

After /ask, promises ("订单截图马上发", "明天拍给你") and filler ("哦 我看下") were taken for the
material, and "挂号单找不到了 病历在我爸那 明天拍给你" for "none at all". A proposal's answer
of scorn ("就38？") was no refusal, a leading choice number stayed in the reason, and
"不是新投诉" opened a new complaint.
"""

from __future__ import annotations

import pytest

from handlers.followup import scorns_offer, without_choice_number
from handlers.reader import Intent, read
from nlp.intent import material_split, promises_material, says_no_material


@pytest.mark.parametrize(
    "text",
    [
        "订单截图马上发",
        "等下发",
        "明天拍给你",
        "回家发你",
        "晚点给你",
        "好 我下班回家拍了发过来",
        "发票在家里 晚上回去拍",
        "好的 等会儿发",
        "截图一会儿发给你",
        "哦 我看下",
        "嗯 我看下哈",
        "我瞅瞅",
        "嗯嗯",
        "哦哦 知道了",
        "ok will send tomorrow",
        "sending it in a bit",
        "oh let me see",
    ],
)
def test_ci_promises_and_filler_are_no_material(text: str) -> None:
    assert promises_material(text)
    assert not says_no_material(text)


@pytest.mark.parametrize(
    "text",
    [
        "订单号2024042800123 付了3999元 是在APP上下的单",
        "截图发了",  # said sent: read by says_file_sent first
        "马上发货了吗",
        "他们说明天给我退款 但是没退",
        "发",  # a sending word alone promises nothing
    ],
)
def test_ci_guard_not_promises(text: str) -> None:
    assert not promises_material(text)


@pytest.mark.parametrize(
    ("text", "missing", "coming"),
    [
        ("挂号单找不到了 病历在我爸那 明天拍给你", "挂号单找不到了", "病历在我爸那 明天拍给你"),
        ("病历晚点发你，挂号单没保存", "挂号单没保存", "病历晚点发你"),
        ("发票弄丢了 聊天记录回家发你", "发票弄丢了", "聊天记录回家发你"),
        ("截图删了，付款记录等下发", "截图删了", "付款记录等下发"),
        ("发票丢了 但是照片晚上发你", "发票丢了", "照片晚上发你"),
        (
            "i lost the receipt but will send the photo tonight",
            "i lost the receipt",
            "will send the photo tonight",
        ),
        (
            "receipt is lost, will send the photo tonight",
            "receipt is lost",
            "will send the photo tonight",
        ),
    ],
)
def test_ci_part_missing_part_coming(text: str, missing: str, coming: str) -> None:
    assert material_split(text) == (missing, coming)
    assert not says_no_material(text)


@pytest.mark.parametrize(
    "text",
    ["截图找不到了 订单我删了", "没有截图", "当时没拍", "发票弄丢了"],
)
def test_ci_guard_nothing_coming_is_no_material(text: str) -> None:
    assert material_split(text) is None
    assert says_no_material(text)


@pytest.mark.parametrize(
    "text",
    [
        "就38？孩子吃了有头发的饭 我要求赔偿 不是退款就完了",
        "才38块 打发叫花子呢",
        "就10元? 开什么玩笑",
        "只给20块？",
        "这么少 糊弄谁呢",
        "only 38?",
        "38 yuan? is that all",
    ],
)
def test_ci_scorn_of_an_offer(text: str) -> None:
    assert scorns_offer(text)


@pytest.mark.parametrize(
    "text",
    [
        "可以",
        "接受 谢谢",
        "行 那多久到账？",
        "38块我接受",
        "明天就来取吧",
        "好的就这样",
        "ok",
        "only if you come tomorrow",
    ],
)
def test_ci_guard_no_scorn(text: str) -> None:
    assert not scorns_offer(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2 不接受 孩子吃了有头发的饭", "不接受 孩子吃了有头发的饭"),
        ("2、不同意 太少了", "不同意 太少了"),
        ("1 接受 明天上午来", "接受 明天上午来"),
        ("2 个小时了还没人理", "2 个小时了还没人理"),  # no decision after it: words
        ("不接受", "不接受"),
    ],
)
def test_ci_choice_number_is_no_reason(text: str, words: str) -> None:
    assert without_choice_number(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "我说的是如家那个 不是新投诉",
        "我说的是之前那个 不是新投诉",
        "不是新的投诉 是上次那个",
        "it's not a new complaint, the one you rejected",
    ],
)
def test_ci_not_new_is_no_new_complaint(text: str) -> None:
    reading = read(text)
    assert reading.intent is not Intent.NEW_COMPLAINT
    assert reading.cues.not_new and reading.cues.followup


@pytest.mark.parametrize(
    "text", ["我还要投诉 昨天在你们国贸店买的吹风机冒烟了", "另外还有一件事", "new complaint"]
)
def test_ci_guard_new_complaint_stays(text: str) -> None:
    assert read(text).intent is Intent.NEW_COMPLAINT
