"""The tokenizer keeps domain words whole, knows its stop words, and is safe across threads."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def _jieba_reference(cache_dir: Path) -> tuple[object, object]:
    """jieba's own Tokenizer and POSTokenizer over the same dictionaries, built the slow way."""
    import jieba
    import jieba.posseg

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(cache_dir)  # jieba writes its own cache there
    tk.initialize()
    pos = jieba.posseg.POSTokenizer(tk)
    for line in tokenizer._read_lines("userdict.txt"):
        word, freq, tag = line.split()
        tk.add_word(word, int(freq), tag)
    pos.makesure_userdict_loaded()
    return tk, pos


def test_cut_and_tags_are_jiebas_own(tmp_path: Path) -> None:
    """Our fast replay of jieba's algorithm gives jieba's words and tags, HMM or not."""
    from nlp.training import shipped_examples

    tk, pos = _jieba_reference(tmp_path)
    texts = [e.text for e in shipped_examples()[::5]] + [
        "iPhone13ProMax 屏幕坏了，订单号SF1234567890 退款¥1,299.00!!",
        "ＡＢＣ１２３ 全角 a-b 50% x.y\r\n换行\t制表 3.5元",
        "",
        "   ",
    ]
    for text in texts:
        # The compiled segmenter (when installed) and the Python fallback both give jieba's.
        assert tokenizer.cut_in_python(text) == [
            w
            for w in tk.cut(text, HMM=False)
            if not w.isspace()  # type: ignore[attr-defined]
        ], text
        for hmm in (False, True):
            assert tokenizer.cut(text, hmm=hmm) == [
                w
                for w in tk.cut(text, HMM=hmm)
                if not w.isspace()  # type: ignore[attr-defined]
            ], text
            assert tokenizer.tagged(text, hmm=hmm) == [
                (p.word, p.flag)
                for p in pos.cut(text, HMM=hmm)  # type: ignore[attr-defined]
                if not p.word.isspace()
            ], text


def test_the_compiled_segmenter_serves_when_installed() -> None:
    import importlib.util

    installed = importlib.util.find_spec("jieba_fast_dat") is not None
    assert (tokenizer._compiled is not None) == installed
    assert tokenizer.cut("拉肚子退款", hmm=False) == tokenizer.cut_in_python("拉肚子退款")


def test_start_up_does_not_import_jieba() -> None:
    """The bot's start-up reads our table only: importing jieba.posseg alone costs 0.6 s."""
    code = (
        "import sys; from nlp import tokenizer; tokenizer.load(); "
        "tokenizer.tagged('退款', hmm=False); "
        "from nlp.classifier import Classifier; Classifier.load().classify('快递三天没到'); "
        "print(sorted(m for m in ('jieba', 'numpy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"
