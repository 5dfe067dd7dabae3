"""Newcomer trial 17 (helper c): a customer who writes traditional characters is answered in
them. The script is read from messages plainly in it (nlp/script.py), kept as the reply
locale TRADITIONAL, and zh-CN's catalogue and the policy's labels are converted for it;
values filled in are left as typed, and agents' texts and the console's languages stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.lifecycle import AGENT_TEXTS
from handlers.policy import load_policy
from handlers.texts import (
    SUPPORTED,
    TRADITIONAL,
    Texts,
    choose_locale,
    customer_locale,
    pick_locale,
    text,
)
from nlp.script import traditional_script, writes_traditional
from tests.bot.cli_process import cli_env, run


@pytest.mark.parametrize(
    "said",
    [
        "你們的手搖飲料店員態度很差 今天下午三點",
        "我部iPhone 14喺你哋旺角嗰間維修店換完屏幕",  # written Cantonese, Hong Kong
        "昨天在台北買的手機壞了",
        "請盡快處理",
    ],
)
def test_messages_plainly_in_traditional(said: str) -> None:
    assert writes_traditional(said) is True


@pytest.mark.parametrize(
    "said",
    ["你们的订单号是多少", "昨天买的空调坏了 要求退款", "请尽快处理"],
)
def test_messages_plainly_in_simplified(said: str) -> None:
    assert writes_traditional(said) is False


@pytest.mark.parametrize(
    "said",
    [
        "好的",  # both scripts write it so
        "林小姐 13812345678",
        "沒有",  # one character alone
        "我姓劉",
        "我的訂单号是JD123",  # one traditional character in a simplified message
        "台北",  # the mainland writes 台 too
        "1",
        "ok thanks",
        "我的訂單號是 JD123 請幫我查一下 谢谢",  # an even-ish mix
    ],
)
def test_messages_that_do_not_say(said: str) -> None:
    assert writes_traditional(said) is None


def test_catalogue_sentences_are_converted_and_values_left_as_typed() -> None:
    t = Texts(TRADITIONAL)
    assert t.locale == TRADITIONAL
    assert t("ask.name") == traditional_script(Texts("zh-CN")("ask.name"))
    assert "請問" in t("ask.name")
    assert t.has("ask.name")
    # a value typed in simplified by a customer stays simplified inside a converted sentence
    shown = text(TRADITIONAL, "reader.noted", fields="后台里面")
    assert shown == "已記下：后台里面。"


def test_policy_labels_follow_the_script() -> None:
    policy = load_policy()
    category = policy.categories[0]
    assert category.label(TRADITIONAL) == traditional_script(category.label("zh-CN"))
    severity = policy.severity("high")
    assert severity.label(TRADITIONAL) == traditional_script(severity.label("zh-CN"))
    assert category.label("en") == category.en


def test_the_locale_is_chosen_kept_and_restored() -> None:
    assert choose_locale(TRADITIONAL, "zh-CN", None) == TRADITIONAL
    assert choose_locale(None, TRADITIONAL, "en") == TRADITIONAL
    assert choose_locale(None, None, TRADITIONAL) == TRADITIONAL  # an earlier ticket's
    assert customer_locale(TRADITIONAL) == TRADITIONAL
    assert customer_locale("zh-CN") == "zh-CN" and customer_locale(None) == "zh-CN"


def test_agents_and_the_console_keep_their_languages() -> None:
    assert TRADITIONAL not in SUPPORTED  # the web console and Telegram menus list these
    assert pick_locale("zh-TW") == "zh-CN"  # a browser's or platform's hint: unchanged
    assert AGENT_TEXTS.locale == "zh-CN"


async def test_chat_lang_zh_hant_greets_in_traditional(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "data", f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    code, out, err = await run(env, "chat", "--user", "lin", "--lang", "zh-Hant", stdin="/start\n")
    assert code == 0, err
    assert "投訴受理助手" in out
