"""The documentation in docs/ stays true to the code (issue 13).

- Every code reference written as `path/to/file.py:name` or `path/to/file.py:Class.name` in
  docs/*.md names a file that exists and defines that name (read with `ast`, never imported).
- Every backquoted repository path (`handlers/intake.mmd`, `bot/`) exists.
- Every relative Markdown link in docs/*.md and README.md resolves, and an `#anchor` into a
  Markdown file names one of its headings (GitHub's slug rules).

The checks are plain functions, so the last tests can feed them broken text and see them fail.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINKED = [*DOCS, ROOT / "README.md"]

# `bot/channels/wechat/channel.py:WeChatChannel.receive` (inside backquotes).
CODE_REF = re.compile(r"`(?P<path>[\w./-]+\.py):(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)`")
# `handlers/intake.mmd`, `storage/migrations/versions/`: paths under the repository's folders.
TOP_FOLDERS = ("bot", "handlers", "storage", "nlp", "tests", "bench", "scripts", "docs", ".ci")
PATH_REF = re.compile(
    r"`(?P<path>(?:" + "|".join(re.escape(f) for f in TOP_FOLDERS) + r")/[\w./-]*)`"
)
# [text](target) but not images' sizes or reference-style links; targets without spaces.
LINK = re.compile(r"(?<!\!)\[[^\]\n]*\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def code_refs(text: str) -> Iterator[tuple[str, str]]:
    for match in CODE_REF.finditer(text):
        yield match["path"], match["name"]


def path_refs(text: str) -> Iterator[str]:
    for match in PATH_REF.finditer(text):
        yield match["path"]


def links(text: str) -> Iterator[str]:
    """Relative link targets outside code blocks (a fenced example is not a link)."""
    for match in LINK.finditer(FENCE.sub("", text)):
        target = match["target"]
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, mailto: ...
            yield target


def _names_in(body: list[ast.stmt]) -> set[str]:
    """Functions, classes and assigned names defined directly in a module or class body."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


@cache
def _module(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def code_ref_problem(root: Path, path: str, name: str) -> str | None:
    """None when `path` exists under `root` and defines `name` (or `Class.member`)."""
    file = root / path
    if not file.is_file():
        return f"{path}: no such file"
    module = _module(file)
    first, _, member = name.partition(".")
    if first not in _names_in(module.body):
        return f"{path}: defines no {first}"
    if not member:
        return None
    classes = [n for n in module.body if isinstance(n, ast.ClassDef) and n.name == first]
    if not classes:
        return f"{path}: {first} is not a class, so it has no {member}"
    if member not in _names_in(classes[0].body):
        return f"{path}: class {first} defines no {member}"
    return None


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = heading.strip().lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    found: set[str] = set()
    for line in FENCE.sub("", markdown).splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            found.add(github_slug(match[1]))
    return found


def link_problem(source: Path, target: str) -> str | None:
    """None when a relative link from `source` reaches an existing file (and heading)."""
    location, _, anchor = target.partition("#")
    file = (source.parent / location).resolve() if location else source
    if not file.exists():
        return f"{target}: no such file"
    if anchor and file.suffix == ".md" and anchor not in anchors(file.read_text("utf-8")):
        return f"{target}: no heading with anchor #{anchor} in {file.name}"
    return None


# --- the repository's documents -------------------------------------------------------------
def test_the_four_documents_exist() -> None:
    names = {path.name for path in DOCS}
    assert {"process.md", "architecture.md", "platforms.md", "operations.md"} <= names


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_code_references_name_what_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    problems = [p for ref in code_refs(text) if (p := code_ref_problem(ROOT, *ref))]
    assert problems == []


def test_the_walk_through_names_code() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert len(set(code_refs(text))) >= 20


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_repository_paths_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = [path for path in path_refs(text) if not (ROOT / path).exists()]
    assert missing == []


@pytest.mark.parametrize("doc", LINKED, ids=lambda p: p.name)
def test_relative_links_resolve(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    problems = [p for target in links(text) if (p := link_problem(doc, target))]
    assert problems == []


# --- the checks themselves fail on broken text ------------------------------------------------
def test_a_missing_function_or_method_is_reported() -> None:
    text = (
        "`handlers/router.py:handle` `handlers/router.py:no_such_step` "
        "`bot/outbox.py:Dispatcher.run_once` `bot/outbox.py:Dispatcher.no_such_method` "
        "`handlers/gone.py:handle` `handlers/router.py:handle.inner`"
    )
    problems = [code_ref_problem(ROOT, *ref) for ref in code_refs(text)]
    assert problems[0] is None and problems[2] is None
    assert problems[1] == "handlers/router.py: defines no no_such_step"
    assert problems[3] == "bot/outbox.py: class Dispatcher defines no no_such_method"
    assert problems[4] == "handlers/gone.py: no such file"
    assert problems[5] is not None and "not a class" in problems[5]


def test_a_broken_link_or_anchor_is_reported(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# 4. Handling (核实 → 处理)\n", encoding="utf-8")
    source = tmp_path / "doc.md"
    text = (
        "[ok](other.md#4-handling-核实--处理) [gone](missing.md) "
        "[bad anchor](other.md#5-survey) [web](https://example.com)\n"
        "```\n[in a code block](nowhere.md)\n```\n"
    )
    source.write_text(text, encoding="utf-8")
    problems = [link_problem(source, target) for target in links(text)]
    assert problems == [
        None,
        "missing.md: no such file",
        "other.md#5-survey: no heading with anchor #5-survey in other.md",
    ]


def test_github_slugs() -> None:
    assert github_slug("1. Intake (受理信息要求)") == "1-intake-受理信息要求"
    assert github_slug("WeChat: customer-service window and budget") == (
        "wechat-customer-service-window-and-budget"
    )
    assert github_slug("`PII_KEY`") == "pii_key"
