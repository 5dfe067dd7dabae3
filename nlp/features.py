"""Text -> sparse features for the linear models.

Three kinds, because real complaints are short, misspelt and full of words no example had:
- `w:` jieba words (domain dictionary, stop words dropped) and `b:` adjacent word pairs;
- `c:` character bigrams of the Chinese text, which still match when jieba cuts a new
  brand, a typo or a traditional-character word differently;
- `k:` cue groups from `nlp.cues` (hand-written domain knowledge: one feature fires for any
  word of a group, so a word the examples never used still counts), and `s:` shape features
  (length, exclamation marks, a car-complaint-title look, how many different failures are
  named);
- `d:` / `dw:` the longest duration named, bucketed (`dw:` when it is a wait or an outage:
  nlp.durations).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise

from nlp import cues, tokenizer
from nlp.durations import duration_features
from nlp.language import STOP_WORDS_EN
from nlp.script import simplified

# Character n-gram lengths over runs of Chinese characters (issue 12: 1-3-grams generalise to
# unseen complaints better than words alone, which jieba cuts differently in new wordings).
CHAR_NGRAMS: tuple[int, ...] = (1, 2, 3)
_NGRAM_PREFIX = {1: "u:", 2: "c:", 3: "t:"}

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_SPACE = re.compile(r"\s+")
_EXCLAIM = re.compile(r"[!！]")
_REPEAT_PUNCT = re.compile(r"[!！?？。.]{2,}")
_SENTENCE_PUNCT = re.compile(r"[，,。！!？?]")
_TITLE_LIKE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9\-\s·]{4,40}$")

# A few traditional characters that customers from Hong Kong / Taiwan or old IMEs write;
# folding them lets the simplified examples and dictionary match.
_TRAD = str.maketrans(
    "們貨東車錢後買賣說話這個來時間發現問題體驗質無實換還處點麼裡態務員廳裝麵燒漢湯雞蝦飯餐熱鬧燈帳號單種應該讓給對費關開門邊誤遞運環價錯損壞壓氣電腦寫聽見頭動機號銀蟲髒亂戶",
    "们货东车钱后买卖说话这个来时间发现问题体验质无实换还处点么里态务员厅装面烧汉汤鸡虾饭餐热闹灯帐号单种应该让给对费关开门边误递运环价错损坏压气电脑写听见头动机号银虫脏乱户",
)


# str.translate looks up every character (~15 µs a message); most texts have nothing to fold.
_TRAD_CHARS = re.compile("[" + "".join(chr(c) for c in _TRAD) + "]")


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
# English function words say nothing about a complaint's category (issue 9: a text was filed
# as product quality on the strength of "the"); the text is lower-cased before this. Single
# letters are what is left of "don't", "it's".
_STOP = tokenizer.STOP_WORDS | STOP_WORDS_EN | frozenset("abcdefghijklmnopqrstuvwxyz")


def _half_width(m: re.Match[str]) -> str:
    ch = m.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC), lower case, traditional characters folded: the
    common ones by `_TRAD`, the rest by OpenCC (nlp/script.py:simplified; newcomer trial 17:
    吹風機 冒煙 found neither the product nor the urgent rule). Only traditional input changes,
    which the model never saw as such: its examples are simplified, its file unchanged."""
    # Most texts are NFKC once their full-width punctuation is half-width, and mapping those few
    # characters first (their NFKC form is the ASCII one) is 5x cheaper than NFKC over the text.
    text = _FULL_WIDTH.sub(_half_width, text)
    if not unicodedata.is_normalized("NFKC", text):  # the check is 100x cheaper than the work
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    return simplified(text.translate(_TRAD) if _TRAD_CHARS.search(text) else text)


def _shape(text: str, n_words: int) -> Iterable[str]:
    n = len(text)
    yield "s:len<12" if n < 12 else "s:len<40" if n < 40 else "s:len<120" if n < 120 else "s:long"
    bangs = len(_EXCLAIM.findall(text))
    if bangs >= 3:
        yield "s:bang3"
    elif bangs:
        yield "s:bang"
    if _REPEAT_PUNCT.search(text):
        yield "s:repeat_punct"
    if n_words and _TITLE_LIKE.match(text) and not _SENTENCE_PUNCT.search(text):
        yield "s:title"


def features(text: str) -> list[str]:
    """Distinct feature names of `text`, in a stable order."""
    return normalised_features(normalise(text))


def normalised_features(norm: str) -> list[str]:
    """`features` of a text already through `normalise` (the classifier has it anyway)."""
    return list(dict.fromkeys(feature_keys(norm)))  # first occurrence wins


def feature_keys(norm: str) -> list[str]:
    """The features of a normalised text in order, repeats included (the classifier drops
    repeats among the few it knows, cheaper than among all)."""
    compact = _SPACE.sub(" ", norm).strip()
    words = [w for w in tokenizer.cut(compact, hmm=False) if w not in _STOP and w.strip()]
    keys = ["w:" + w for w in words]
    keys += ["b:" + a + "_" + b for a, b in pairwise(words)]
    for run in _HAN.findall(compact):
        for n in CHAR_NGRAMS:
            prefix = _NGRAM_PREFIX[n]
            keys += [prefix + run[i : i + n] for i in range(len(run) - n + 1)]
    groups = cues.groups(compact)
    keys += ["k:" + group for group in groups]
    keys += _shape(compact, len(words))
    keys += duration_features(compact)
    # How many different failures the text names (issue 12: long multi-issue stories are
    # where the model failed; the count lets it learn that several gripes weigh more).
    failures = sum(1 for g in groups if g in cues.FAILURE_GROUPS)
    if failures:
        keys.append("s:failures" + (str(failures) if failures < 3 else "3+"))
    return keys
