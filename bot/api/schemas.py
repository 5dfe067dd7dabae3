"""What the API accepts, validated with pydantic: a bad value is a 422 naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.api.errors import ApiError

MAX_LIMIT = 100
MAX_TEXT = 4000  # characters of an action's text: a long letter, not a file

Action = Literal[
    "reply",
    "take",
    "assign",
    "ask",
    "propose",
    "status",
    "resolve",
    "reject",
    "note",
    "reclass",
    "escalate",
]
# The actions that need words after the ticket's number, and the field they come from.
NEEDS: dict[str, tuple[str, ...]] = {
    "take": (),
    "assign": ("agent",),
    "status": ("status",),
    "reclass": ("category",),
}
TEXT_ACTIONS = ("reply", "ask", "propose", "resolve", "reject", "note", "escalate")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TicketQuery(Strict):
    """GET /api/v1/tickets's query."""

    status: str | None = None  # comma list of statuses; "open" for every open one
    severity: str | None = None
    category: str | None = None
    channel: str | None = None
    assignee: str | None = None  # me | none | an agent id
    overdue: bool = False
    order: Literal["created", "due"] = "created"
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, max_length=512)


class ReportQuery(Strict):
    """GET /api/v1/reports/monthly's query."""

    month: str = Field(pattern=r"^\d{4}-\d{2}$")


class ActionBody(Strict):
    """POST /api/v1/tickets/{number}/actions's body."""

    action: Action
    text: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)
    agent: str | None = Field(default=None, min_length=1, max_length=64)  # assign: name or id
    status: Literal["verifying", "processing"] | None = None
    category: str | None = Field(default=None, min_length=1, max_length=32)
    severity: Literal["urgent", "important", "general"] | None = None

    def words(self) -> str:
        """The command's words after the ticket number (handlers/agent_commands.py), or
        422 when the action's field is missing."""
        fields = NEEDS.get(self.action, ("text",))
        missing = [name for name in fields if getattr(self, name) is None]
        if missing:
            raise ApiError(422, "invalid", f"{self.action} needs {', '.join(missing)}")
        if self.action == "reclass":
            return " ".join(w for w in (self.category, self.severity) if w)
        return " ".join(str(getattr(self, name)) for name in fields)


Model = TypeVar("Model", bound=BaseModel)


def parse(model: type[Model], values: Mapping[str, Any] | Any) -> Model:
    """`values` as `model`, or 422 with the first problem's field and message."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise ApiError(422, "invalid", f"{where}: {first['msg']}") from error
