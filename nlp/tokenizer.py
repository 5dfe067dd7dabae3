"""jieba, set up once per process with the complaint domain dictionary and stop words.

`load()` runs at start-up (issue 3: never on the first customer's message). It builds a
dedicated `jieba.Tokenizer` and `jieba.posseg.POSTokenizer` under a lock; afterwards `cut` and
`tagged` only read shared state, so they are safe from any number of threads.

Start-up matters (the budget is 2 s from process start to first answer, dictionary included),
and jieba's own cache loader is slow: `marshal.load` on a file object takes about 1.5 s for
the 9 MB prefix dictionary where `marshal.loads` on the bytes takes 0.3 s, and the
POS tokenizer re-parses dict.txt (0.5 s) on every construction. So the prefix dictionary and
the POS tag table are cached together in one marshal file of our own, keyed by jieba's
version and the dictionary file's size and mtime. Any problem with it falls back to jieba's
ordinary path.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
import threading
from importlib import resources
from pathlib import Path

import jieba
import jieba.posseg

__all__ = ["STOP_WORDS", "cut", "is_loaded", "load", "tagged"]

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_pos: jieba.posseg.POSTokenizer | None = None
_CACHE_NAME = "complaint-bot-jieba.cache"


def _read_lines(name: str) -> list[str]:
    text = resources.files("nlp.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


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


def _cache_key(dict_path: str) -> tuple[str, int, int]:
    st = os.stat(dict_path)
    return (str(jieba.__version__), st.st_size, int(st.st_mtime))


def _load_cached(tk: jieba.Tokenizer, cache: Path) -> dict[str, str] | None:
    """Fill `tk` from our cache; return the POS tag table, or None when the cache is unusable."""
    try:
        key, freq, total, tags = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if tuple(key) != _cache_key(tk.get_dict_file().name):
        return None
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    return tags


def _write_cache(tk: jieba.Tokenizer, tags: dict[str, str], cache: Path) -> None:
    try:
        payload = marshal.dumps((_cache_key(tk.get_dict_file().name), tk.FREQ, tk.total, tags))
        fd, tmp = tempfile.mkstemp(dir=cache.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, cache)
    except OSError as exc:  # a cache we cannot write only costs start-up time
        _log.warning("jieba cache not written to %s: %s", cache, exc)


def _build() -> tuple[jieba.Tokenizer, jieba.posseg.POSTokenizer]:
    folder = _cache_dir()
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(folder)  # jieba's own cache, if it ever falls back to it
    cache = folder / _CACHE_NAME
    tags = _load_cached(tk, cache)
    if tags is None:
        tk.initialize()
        pos = jieba.posseg.POSTokenizer(tk)
        _write_cache(tk, dict(pos.word_tag_tab), cache)
    else:
        # Same object POSTokenizer.__init__ builds, minus its slow re-parse of dict.txt.
        pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        pos.tokenizer = tk
        pos.word_tag_tab = tags
    for line in _read_lines("userdict.txt"):
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 else None
        tk.add_word(word, freq, parts[2] if len(parts) > 2 else None)
    # Moves the user words' tags into the POS table now, so cutting never writes shared state.
    pos.makesure_userdict_loaded()
    return tk, pos


def load() -> None:
    """Load jieba, the domain dictionary and stop words; idempotent and thread-safe."""
    global _tokenizer, _pos
    if _pos is not None:
        return
    with _lock:
        if _pos is not None:
            return
        jieba.setLogLevel(logging.WARNING)  # jieba logs every dictionary load at INFO/DEBUG
        tk, pos = _build()
        _tokenizer, _pos = tk, pos


def is_loaded() -> bool:
    return _pos is not None


def cut(text: str, *, hmm: bool = True) -> list[str]:
    """Words of `text` in order, punctuation included, blanks dropped."""
    if _tokenizer is None:
        load()  # safety net only; start-up calls load()
    assert _tokenizer is not None
    return [w for w in _tokenizer.cut(text, HMM=hmm) if not w.isspace()]


def tagged(text: str, *, hmm: bool = True) -> list[tuple[str, str]]:
    """(word, POS flag) pairs from jieba.posseg over the same dictionary, blanks dropped."""
    if _pos is None:
        load()
    assert _pos is not None
    return [(p.word, p.flag) for p in _pos.cut(text, HMM=hmm) if not p.word.isspace()]
