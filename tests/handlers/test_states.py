"""Conversation states are one enum (handlers/states.py:State; issue 13 item 3): every state the
code stores is a member, every member has its handler and is drawn in handlers/intake.mmd, and
the stored strings are those of the databases already deployed."""

from __future__ import annotations

import ast
import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from handlers.router import STATE_HANDLERS
from handlers.states import IDLE_STATES, INTAKE_STATES, State
from handlers.turn import Turn
from storage.models import Conversation

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "handlers").glob("*.py"), *(ROOT / "bot").rglob("*.py")])


def _state_arguments() -> list[tuple[str, ast.expr]]:
    """Every expression the code hands to Turn.go (first argument) or Unit.prompt (third)."""
    found: list[tuple[str, ast.expr]] = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if node.func.attr == "go" and node.args:
                found.append((where, node.args[0]))
            elif node.func.attr == "prompt" and len(node.args) >= 3:
                found.append((where, node.args[2]))
    return found


def test_every_state_the_code_stores_is_a_member() -> None:
    arguments = _state_arguments()
    assert len(arguments) >= 20  # the scan sees the calls (about 30 today)
    for where, argument in arguments:
        # A member by name (State.IDLE), or a constant bound to one (stale_drafts.EXPIRED).
        spelled = ast.unparse(argument)
        assert not isinstance(argument, ast.Constant), f"{where}: a bare string {spelled}"
        if isinstance(argument, ast.Attribute) and ast.unparse(argument.value) == "State":
            assert argument.attr in State.__members__, f"{where}: {spelled}"
    # No comparison of a conversation's state with a bare string either ("turn.state ==
    # 'idle'", "turn.state in ('idle', …)"); inbox.py's Answer.state is another machine.
    compared = re.compile(r"(?:turn|conversation)\.state\s*(?:[!=]=|in|not in)\s*\(?[\"']")
    for path in SOURCES:
        bare = compared.findall(path.read_text("utf-8"))
        assert not bare, f"{path.relative_to(ROOT)}: {bare}"


def test_go_refuses_a_value_that_is_no_state() -> None:
    conversation = Conversation(
        channel="console", user_id="x", state=State.IDLE.value, updated_at=datetime.now(UTC)
    )
    holder = SimpleNamespace(conversation=conversation, data={})
    Turn.go(holder, State.CONFIRMING, draft={})  # type: ignore[arg-type]
    assert conversation.state == "confirming" and type(conversation.state) is str
    with pytest.raises(ValueError):
        Turn.go(holder, "confirmed")  # type: ignore[arg-type]


def test_every_state_has_a_handler_and_is_in_the_diagram() -> None:
    assert all(isinstance(key, State) for key in STATE_HANDLERS)
    assert set(STATE_HANDLERS) | {State.IDLE} == set(State)  # idle is the default handler
    diagram = (ROOT / "handlers" / "intake.mmd").read_text("utf-8")
    drawn = set(re.findall(r"^\s*(\w+) -->", diagram, re.M)) - {"reader", "[*]"}
    assert drawn == {s.value for s in State}
    assert set(State) > INTAKE_STATES | IDLE_STATES and not INTAKE_STATES & IDLE_STATES


def test_stored_values_are_unchanged() -> None:
    """Rows written before the enum keep working: the values are the old strings."""
    assert {s.value for s in State} == {
        "idle",
        "collecting",
        "confirming",
        "choosing_field",
        "editing",
        "choosing_ticket",
        "proposal",
        "survey_score",
        "survey_comment",
        "draft_expired",
        "draft_cancelled",  # new in session 9 (a cancelled draft kept 30 minutes)
    }
    assert Conversation.model_fields["state"].default == State.IDLE  # the column's default


def test_the_dialogue_suite_checks_only_states_that_exist() -> None:
    for path in (ROOT / "tests" / "dialogues" / "data").glob("*.toml"):
        for dialogue in tomllib.loads(path.read_text("utf-8")).get("dialogue", []):
            state = dialogue.get("check", {}).get("state")
            assert state is None or state in set(State), f"{path.name}: {dialogue['name']}"
