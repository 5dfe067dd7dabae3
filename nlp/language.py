"""Which language a customer wrote in: "en", "zh-CN", or None when the text does not say.

A tiny rule-based detector instead of a library (langdetect, lingua): those need tens of
megabytes of profiles and still guess wildly on the 1-5 word answers a dialogue is made of
("1", "13812345678", "John", "on Taobao"), where the right answer is "no idea: keep the
language of the conversation". Here each side scores its own evidence:

- English: words from two short lists, function words (english_stopwords.txt) and common
  complaint words (english_words.txt). Loanwords that Chinese customers type inside Chinese
  ("ok", "hi", "app", "wifi") are in neither list, so they count for nothing.
- Chinese: function characters (的, 了, 是, 我, 要 …), which every Chinese sentence has and a
  Chinese name or place alone (王芳, 淘宝) has not, plus one point for every 4 Han characters
  ("substantial Chinese").

The higher score wins; a tie (including 0:0: numbers, emoji, phone numbers, names, commands)
is None, and the caller keeps the conversation's language. English must also show at least
MIN_ENGLISH_WORDS words: one word ("cancel", "refund", "yesterday", "none") is what a Chinese
customer types as a command or a loanword as readily as an English one, so it must not switch
a Chinese conversation (a newcomer's "cancel" did, and /status then answered in English).
`switches_to` is the stronger reading a conversation already held in one language needs
before it changes to the other: its customer's predominant language, not one foreign phrase.
`leans_english` is the weaker reading for a conversation that has no language yet: a first
"hello" or "John" is answered in English, since only Latin letters were written.
"""

from __future__ import annotations

import re
import unicodedata

from nlp.extract_text import read_words

__all__ = [
    "CHINESE",
    "ENGLISH",
    "ENGLISH_WORDS",
    "STOP_WORDS_EN",
    "detect_language",
    "leans_english",
    "switches_to",
]

ENGLISH = "en"
CHINESE = "zh-CN"

STOP_WORDS_EN: frozenset[str] = frozenset(read_words("english_stopwords.txt"))
ENGLISH_WORDS: frozenset[str] = STOP_WORDS_EN | frozenset(read_words("english_words.txt"))
# Characters that build Chinese sentences rather than name things.
_CHINESE_FUNCTION = frozenset(
    "的了是我你他她它在有不没要吗呢吧啊很也都就还和跟给把被这那个们么什怎想说到会能可以过"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_HAN_PER_POINT = 4
# English words a message needs before it reads as English ("cancel my complaint", "3 days
# ago"): a single word keeps the conversation's language (or, with none, leans English).
MIN_ENGLISH_WORDS = 2
# A word standing alone: not the letters of a ticket number (CP2026…), an order number or an
# e-mail address.
_PLAIN_WORD = re.compile(r"(?<![\w@.])[a-z]{2,}(?![\w@]|\.\w)")


def scores(text: str) -> tuple[int, int]:
    """(English evidence, Chinese evidence) of `text`; see the module docstring."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    english = sum(1 for word in _WORD.findall(folded) if word in ENGLISH_WORDS)
    han = _HAN.findall(folded)
    chinese = sum(1 for ch in han if ch in _CHINESE_FUNCTION) + len(han) // _HAN_PER_POINT
    return english, chinese


def detect_language(text: str) -> str | None:
    """ "en" or "zh-CN" when the text shows its language, None when it does not (numbers,
    emoji, a phone number, a bare name, a command, a single English word such as "cancel" or
    "refund", an even mix). Pure and cheap (~10 µs)."""
    if text.lstrip().startswith("/"):
        return None  # a command reads the same in any language
    english, chinese = scores(text)
    if english > chinese and english >= MIN_ENGLISH_WORDS:
        return ENGLISH
    if chinese > english:
        return CHINESE
    return None


# What a message must show to change the language of a conversation already held in the
# other one: this much evidence, and three times the other side's. One foreign phrase ("last
# night" in a Chinese chat) or an address in the other script ("Chaoyang district, 建国路88号"
# in an English one) keeps the conversation's language (newcomer trial 14: each flipped it).
SWITCH_SCORE = 3
SWITCH_RATIO = 3


# A code or number of four digits or more ("CA1324", "WX20261128038", "305521"): English words
# around one are mostly a correction's filler ("wait no it was CA1324"), which a Chinese
# customer types as readily (newcomer trial 17: it switched a Chinese conversation to
# English). Such a message needs this much more English to switch.
_CODE = re.compile(r"[a-z]*\d{4,}|[a-z]+\d+[a-z\d]*")
CODE_EXTRA_SCORE = 2
_LATIN = re.compile(r"[a-z]")
# Sentence particles: Han text ending in one is a sentence, not a name or an address.
_PARTICLE_END = re.compile(r"[的了吗呢吧啊呀嘛][\s。！？!?.，,~～]*$")


def switches_to(text: str, language: str) -> bool:
    """Whether `text`, whose language reads as `language` (`detect_language`), shows it
    strongly enough to change a conversation held so far in the other language: a sentence
    of it, not a word or a name or an address of it among others, nor English words around a
    code ("wait no it was CA1324"). Chinese with no Latin letter at all is plainly Chinese at
    two points, or ending in a particle ("登机牌有", "昨天的"; newcomer trial 17: these
    kept a conversation in English that one English line had switched)."""
    english, chinese = scores(text)
    folded = unicodedata.normalize("NFKC", text).lower()
    if language == ENGLISH:
        needed = SWITCH_SCORE + (CODE_EXTRA_SCORE if _CODE.search(folded) else 0)
        return english >= needed and chinese * SWITCH_RATIO <= english
    if chinese and not _LATIN.search(folded):
        return chinese >= 2 or bool(_PARTICLE_END.search(folded))
    return chinese >= SWITCH_SCORE and english * SWITCH_RATIO <= chinese


def leans_english(text: str) -> bool:
    """Whether the text has Latin words and nothing Chinese ("hello", "hi", "John"): weaker
    evidence than `detect_language`, used only when nothing else tells the language."""
    if text.lstrip().startswith("/"):
        return False
    folded = unicodedata.normalize("NFKC", text).lower()
    return bool(_PLAIN_WORD.search(folded)) and not _HAN.search(folded)
