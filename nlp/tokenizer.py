"""jieba, set up once per process with the complaint domain dictionary and stop words.

`load()` runs at start-up (issue 3: never on the first customer's message) and fills one
read-only table under a lock; afterwards `cut` and `tagged` only read it, so they are safe
from any number of threads.

Speed (issue 3: >= 1,000 messages/s, <= 2 s from process start to first answer). jieba's own
path costs ~1.3 s to start (importing jieba.posseg alone takes 0.6 s, jieba pulls in
pkg_resources, the prefix dictionary 0.5 s) and ~1 ms per message to cut. So jieba builds
the dictionary once (its prefix dictionary, our domain words added with `add_word`, its POS
tags), and we keep the result in one marshal cache of our own: word -> (log probability, POS
tag), and 0.0 for a prefix that is not a word. `cut(hmm=False)` and `tagged(hmm=False)` replay
jieba's non-HMM algorithm over that table (same DAG, same best route, same tie-breaking,
same handling of letters, digits and blanks; tests/nlp/test_tokenizer.py checks the words and
tags against jieba itself) without importing jieba at all. The HMM variants import jieba
lazily and run jieba's own code over the same table (the bot never asks for them).
Where jieba-fast-dat (jieba compiled in C++) is installed, `cut(hmm=False)` uses it instead,
on jieba's own dict.txt plus our words: the same words, about six times faster (ties of
exactly equal score aside); the Python replay stays as the fallback and as its check.
The cache is keyed by jieba's files and our dictionary's content; any problem with it
rebuilds it through jieba.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import math
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from importlib import resources, util
from pathlib import Path
from typing import Any, Protocol

__all__ = ["STOP_WORDS", "cut", "is_loaded", "load", "tagged", "word_tag"]

_log = logging.getLogger(__name__)
_lock = threading.Lock()
# One file per key: two installs sharing a cache folder (a CI virtualenv and the system Python)
# must not overwrite each other's table and rebuild it (~3 s) at every other start.
_CACHE_PREFIX = "complaint-bot-jieba-table-"
_STALE_AFTER = 30 * 24 * 3600  # seconds; older tables of other keys are removed on a rebuild
_FORMAT = 2  # bump when the table's layout changes


# jieba and jieba_fast_dat ship no types: what we call on their objects, typed here, so their
# Any stops at these three doors.
class _Cutter(Protocol):
    """jieba's Tokenizer: `cut` yields the words of a text in order, blanks included."""

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> Iterator[str]: ...


class _Pair(Protocol):
    """jieba.posseg's `pair`: a word and its POS flag."""

    word: str
    flag: str


class _TagCutter(Protocol):
    """jieba.posseg's POSTokenizer: `cut` yields (word, flag) pairs in order."""

    def cut(self, sentence: str, HMM: bool = True) -> Iterator[_Pair]: ...


class _ListCutter(Protocol):
    """jieba_fast_dat's Tokenizer: `lcut` returns the words of a text as a list."""

    def lcut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> list[str]: ...


# word -> (log P(word), POS tag); a prefix that is not itself a word -> 0.0. The values stay
# Any: the route reads `entry[0]` after a truthiness test, which mypy cannot narrow from a
# float, and an isinstance test there would cost time on every character.
_Table = dict[str, Any]
_table: _Table | None = None
# log P of a character jieba does not know (jieba's `log(FREQ.get(c) or 1) - log(total)`).
_unknown_lp = 0.0
_jieba_views: tuple[_Cutter, _TagCutter] | None = None  # (Tokenizer, POSTokenizer), HMM only
_compiled: _ListCutter | None = None  # jieba_fast_dat's Tokenizer over the same words, if installed

# jieba's own splitting patterns (jieba/__init__.py and jieba/posseg/__init__.py, 0.42).
_RE_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_RE_HAN_POS = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_RE_SKIP = re.compile("(\r\n|\\s)")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NUM = frozenset(".0123456789")


def _read_text(name: str) -> str:
    return resources.files("nlp.data").joinpath(name).read_text(encoding="utf-8")


def _read_lines(name: str) -> list[str]:
    lines = _read_text(name).splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


# Stop words are plain data, cheap to read: available at import, without load().
STOP_WORDS: frozenset[str] = frozenset(_read_lines("stopwords.txt"))


def _cache_dir() -> Path:
    """A folder that exists and is writable: the user's cache folder, else the temp folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    for candidate in (Path(base) / "complaint-bot", Path(tempfile.gettempdir())):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return candidate
        except OSError:
            continue
    return Path(tempfile.gettempdir())


def _jieba_dir() -> Path:
    """jieba's package folder, found without importing jieba (its import costs 0.2 s)."""
    spec = util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _cache_key() -> list[object]:
    """What the table depends on: jieba's code and dictionary, and our domain dictionary.

    By path and stat, never by opening jieba's dict.txt (jieba's `get_dict_file()` returns an
    open file that its callers must close).
    """
    folder = _jieba_dir()
    key: list[object] = [_FORMAT]
    for name in ("__init__.py", "dict.txt"):
        st = os.stat(folder / name)
        key += [str(folder / name), st.st_size, st.st_mtime_ns]
    key.append(hashlib.sha256(_read_text("userdict.txt").encode("utf-8")).hexdigest())
    return key


def _load_cached(cache: Path, key: list[object]) -> tuple[_Table, float] | None:
    was_enabled = gc.isenabled()
    gc.disable()  # 350,000 new tuples would set off the collector again and again (~10%)
    try:
        cached_key, table, unknown_lp = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    finally:
        if was_enabled:
            gc.enable()
    if cached_key != key:
        return None
    return table, unknown_lp


def _write_cache(cache: Path, key: list[object], table: _Table, unknown: float) -> None:
    try:
        payload = marshal.dumps((key, table, unknown))
        fd, tmp = tempfile.mkstemp(dir=cache.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, cache)
    except OSError as exc:  # a cache we cannot write only costs start-up time
        _log.warning("jieba table not cached in %s: %s", cache, exc)


def _remove_stale(folder: Path, keep: Path) -> None:
    """Tables of other keys (older jieba, older domain dictionary) unused for a month."""
    now = time.time()
    for path in folder.glob(f"{_CACHE_PREFIX}*.cache"):
        try:
            if path != keep and now - path.stat().st_mtime > _STALE_AFTER:
                path.unlink()
        except OSError:
            continue


def _domain_words() -> Iterator[tuple[str, int | None, str | None]]:
    """Our dictionary's (word, frequency, POS tag) entries, as jieba's add_word takes them."""
    for line in _read_lines("userdict.txt"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 else None
        yield parts[0], freq, parts[2] if len(parts) > 2 else None


def _load_compiled(folder: Path) -> _ListCutter | None:
    """jieba compiled (jieba_fast_dat, C++) over the same dictionary, when it is installed.

    Same words as the route below (tests compare them), about six times faster; it keeps its
    own cached trie in our cache folder (0.15 s to load). Anything wrong with it only costs
    speed: the pure-Python route serves instead.
    """
    if util.find_spec("jieba_fast_dat") is None:
        return None
    try:
        import jieba_fast_dat

        jieba_fast_dat.setLogLevel(logging.WARNING)
        # jieba's own dict.txt: the package bundles a dictionary of its own, with other words.
        spec = util.find_spec("jieba")
        assert spec is not None and spec.origin is not None
        compiled = jieba_fast_dat.Tokenizer(str(Path(spec.origin).with_name("dict.txt")))
        compiled.tmp_dir = str(folder)
        compiled.initialize()
        for word, freq, tag in _domain_words():
            compiled.add_word(word, freq, tag)
        cutter: _ListCutter = compiled  # from here on only `lcut` is used
        return cutter
    except Exception as exc:  # a broken native build must not stop the bot
        _log.warning("compiled jieba unavailable, cutting in Python instead: %s", exc)
        return None


def _build_with_jieba(folder: Path) -> tuple[_Table, float]:
    """jieba's prefix dictionary + our words + POS tags, as one table (slow: ~2 s, once)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # jieba logs every dictionary load at INFO/DEBUG
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(folder)
    tk.initialize()
    pos = jieba.posseg.POSTokenizer(tk)  # reads dict.txt's tags; closes the file itself
    for word, freq, tag in _domain_words():
        tk.add_word(word, freq, tag)
    pos.makesure_userdict_loaded()
    logtotal = math.log(tk.total)
    tags = pos.word_tag_tab
    table: _Table = {
        word: (math.log(freq) - logtotal, tags.get(word, "x")) if freq else 0.0
        for word, freq in tk.FREQ.items()
    }
    return table, math.log(1) - logtotal


def load() -> None:
    """Load the dictionary (ours on top of jieba's) and stop words; idempotent, thread-safe."""
    global _table, _unknown_lp, _compiled
    if _table is not None:
        return
    with _lock:
        if _table is not None:
            return
        folder = _cache_dir()
        key = _cache_key()
        digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]
        cache = folder / f"{_CACHE_PREFIX}{digest}.cache"
        found = _load_cached(cache, key)
        if found is None:
            found = _build_with_jieba(folder)
            _write_cache(cache, key, *found)
            _remove_stale(folder, keep=cache)
        _unknown_lp = found[1]
        _compiled = _load_compiled(folder)
        _table = found[0]


def is_loaded() -> bool:
    """True once `load()` has read the dictionary in this process."""
    return _table is not None


def _loaded_table() -> _Table:
    if _table is None:
        load()  # safety net only; start-up calls load()
    assert _table is not None
    return _table


def _route(block: str, table: _Table) -> list[int]:
    """End of the best word starting at each position: jieba's `get_DAG` + `calc` in one pass.

    Same scores (log P(word) + best score of the rest) and same tie-break (the longer word).
    """
    n = len(block)
    score = [0.0] * (n + 1)
    ends = list(range(1, n + 1))  # one character each, unless a word does better
    get = table.get
    unknown = _unknown_lp
    for k in range(n - 1, -1, -1):
        entry = get(block[k])
        best, best_end, end = -math.inf, 0, k + 1
        while entry is not None:
            if entry:  # a word; 0.0 marks a prefix only
                s = entry[0] + score[end]
                if s >= best:
                    best, best_end = s, end
            if end == n:
                break
            end += 1
            entry = get(block[k:end])
        if best_end:
            score[k], ends[k] = best, best_end
        else:
            score[k] = unknown + score[k + 1]
    return ends


def _words(block: str, table: _Table, out: list[str]) -> None:
    """jieba's `__cut_DAG_NO_HMM` into `out`: the best route, single letters and digits run
    together."""
    ends = _route(block, table)
    x, n, buf = 0, len(block), ""
    while x < n:
        y = ends[x]
        if y - x == 1 and block[x] in _ALNUM:
            buf += block[x]
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(block[x:y])
        x = y
    if buf:
        out.append(buf)


def cut(text: str, *, hmm: bool = True) -> list[str]:
    """Words of `text` in order, punctuation included, blanks dropped."""
    table = _loaded_table()
    if hmm:
        return [w for w in _jieba()[0].cut(text, HMM=True) if not w.isspace()]
    if _compiled is not None:
        return [w for w in _compiled.lcut(text, HMM=False) if not w.isspace()]
    return cut_in_python(text, table)


def cut_in_python(text: str, table: _Table | None = None) -> list[str]:
    """`cut(hmm=False)` by the pure-Python route (the fallback, and the compiled one's check)."""
    table = table or _loaded_table()
    out: list[str] = []
    for i, block in enumerate(_RE_HAN.split(text)):
        if i % 2:  # split() with a group: odd items are the matches
            _words(block, table, out)
        elif block:
            out.extend(ch for ch in block if not ch.isspace())
    return out


def _tagged_block(block: str, table: _Table) -> Iterator[tuple[str, str]]:
    """jieba.posseg's `__cut_DAG_NO_HMM`."""
    ends = _route(block, table)
    x, n, buf = 0, len(block), ""
    while x < n:
        y = ends[x]
        word = block[x:y]
        if y - x == 1 and word in _ALNUM:
            buf += word
        else:
            if buf:
                yield buf, "eng"
                buf = ""
            entry = table.get(word)
            yield word, entry[1] if entry else "x"
        x = y
    if buf:
        yield buf, "eng"


def _tagged_other(block: str) -> Iterator[tuple[str, str]]:
    """jieba.posseg's handling of text between words: digits m, letters eng, else x."""
    for part in _RE_SKIP.split(block):
        if not part or part.isspace():
            continue
        eng = part[0] in _ALNUM
        for ch in part:
            yield ch, "m" if ch in _NUM else "eng" if eng else "x"


def word_tag(word: str) -> str | None:
    """The POS tag of `word` when the dictionary holds it as a word ("马上" -> "d", "王芳" ->
    "nr"), None when it is no word of the dictionary."""
    entry = _loaded_table().get(word)
    return entry[1] if isinstance(entry, tuple) else None


def tagged(text: str, *, hmm: bool = True) -> list[tuple[str, str]]:
    """(word, POS flag) pairs as jieba.posseg gives them over the same dictionary, no blanks."""
    table = _loaded_table()
    if hmm:
        pairs = ((p.word, p.flag) for p in _jieba()[1].cut(text, HMM=True))
        return [(w, f) for w, f in pairs if not w.isspace()]
    out: list[tuple[str, str]] = []
    for i, block in enumerate(_RE_HAN_POS.split(text)):
        if i % 2:
            out.extend(_tagged_block(block, table))
        elif block:
            out.extend(_tagged_other(block))
    return out


# --- HMM: jieba's own code over our table ----------------------------------------------------


class _FreqView:
    """What jieba's HMM paths ask of `FREQ`: `get(word)` is truthy for a word."""

    def __init__(self, table: _Table) -> None:
        self._table = table

    def get(self, word: str, default: Any = None) -> Any:
        entry = self._table.get(word)
        return 1 if entry else default


class _TagView:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def get(self, word: str, default: str = "x") -> str:
        entry = self._table.get(word)
        return str(entry[1]) if entry else default


def _jieba() -> tuple[_Cutter, _TagCutter]:
    """A jieba Tokenizer and POSTokenizer that read our table: built on the first HMM call."""
    global _jieba_views
    if _jieba_views is not None:
        return _jieba_views
    table = _loaded_table()
    with _lock:
        if _jieba_views is None:
            import jieba
            import jieba.posseg

            # jieba ships no types, so its Tokenizer is Any to mypy and strict mode refuses
            # a subclass of Any; the overridden methods below are typed all the same.
            class _TableTokenizer(jieba.Tokenizer):  # type: ignore[misc]
                def get_DAG(self, sentence: str) -> dict[int, list[int]]:
                    return {k: [e - 1] for k, e in enumerate(_route(sentence, table))}

                def calc(self, sentence: str, dag: Any, route: dict[int, Any]) -> None:
                    route.update({k: (0.0, ends[0]) for k, ends in dag.items()})
                    route[len(sentence)] = (0, 0)

            tk = _TableTokenizer()
            tk.FREQ, tk.initialized = _FreqView(table), True
            pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
            pos.tokenizer, pos.word_tag_tab = tk, _TagView(table)
            _jieba_views = (tk, pos)
    return _jieba_views
