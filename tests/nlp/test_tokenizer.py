"""The tokenizer keeps domain words whole, knows its stop words, and is safe across threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from nlp import tokenizer


@pytest.fixture(scope="module", autouse=True)
def loaded() -> None:
    tokenizer.load()


@pytest.mark.parametrize(
    "word", ["快递员", "到账", "虚假宣传", "暴力催收", "饿了么", "运费险", "4S店", "银保监会"]
)
def test_domain_words_stay_whole(word: str) -> None:
    assert word in tokenizer.cut(f"我要投诉{word}的问题")


def test_tagged_uses_the_same_dictionary_and_tags() -> None:
    pairs = dict(tokenizer.tagged("快递员说没到账"))
    assert pairs["快递员"] == "n"
    assert pairs["到账"] == "v"


def test_stop_words_are_function_words_not_meaning() -> None:
    assert {"的", "了", "，"} <= tokenizer.STOP_WORDS
    # Negations and intensifiers carry severity and must never be dropped.
    assert not {"不", "没", "太"} & tokenizer.STOP_WORDS


def test_load_is_idempotent_and_blanks_are_dropped() -> None:
    tokenizer.load()
    assert tokenizer.is_loaded()
    assert " " not in tokenizer.cut("退款  没有 到账")


def test_concurrent_cutting_gives_the_same_words() -> None:
    text = "外卖员送错了地址还不耐烦，我要退款"
    expected = tokenizer.cut(text)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: tokenizer.cut(text), range(200)))
    assert all(r == expected for r in results)
