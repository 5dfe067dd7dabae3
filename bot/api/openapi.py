"""GET /api/v1/openapi.json: the OpenAPI 3.1 document of the REST API, written by hand.

tests/api/test_openapi.py validates it (openapi-spec-validator) and checks that it names
every route the sub-application serves, so the two cannot drift apart silently.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.api.schemas import MAX_LIMIT, MAX_TEXT
from handlers.agent_actions import TICKET_ACTIONS

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref("Error")}}}


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
NULLABLE_TEXT = {"type": ["string", "null"]}
REFUSALS = {
    "401": _error("No token, or an unknown or revoked one, or its agent was removed"),
    "422": _error("A parameter or the body is not valid"),
}
AMBIGUOUS = "A short number names several unfinished tickets (`ambiguous_number`)"
NUMBER = {
    "name": "number",
    "in": "path",
    "required": True,
    "description": (
        "The ticket number, e.g. CP20261122001, or a short one as the chat takes it: the "
        "day's sequence (1, 004) or last digits holding the whole sequence (1122004) of exactly "
        "one unfinished ticket"
    ),
    "schema": {"type": "string", "pattern": "^([A-Za-z]{1,8}[0-9]{11,20}|[0-9]{1,20})$"},
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            },
            "answers": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Assignee": {
        "type": ["object", "null"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    },
    "TicketSummary": {
        "type": "object",
        "required": ["number", "status", "category", "severity", "channel", "created_at"],
        "properties": {
            "number": {"type": "string"},
            "status": {"type": "string"},
            "category": {"type": "string"},
            "severity": {"type": "string", "enum": ["urgent", "important", "general"]},
            "channel": {"type": "string"},
            "assignee": _ref("Assignee"),
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "first_response_due": NULLABLE_TIME,
            "first_responded_at": NULLABLE_TIME,
            "resolution_due": NULLABLE_TIME,
            "next_due": NULLABLE_TIME,
            "overdue": {"type": "boolean"},
        },
    },
    "TicketPage": {
        "type": "object",
        "required": ["tickets", "next_cursor"],
        "properties": {
            "tickets": {"type": "array", "items": _ref("TicketSummary")},
            "next_cursor": {
                "type": ["string", "null"],
                "description": "Pass as `cursor` for the next page; null on the last one",
            },
        },
    },
    "Event": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "at": {"type": "string", "format": "date-time"},
            "kind": {"type": "string"},
            "actor_kind": {"type": "string", "enum": ["customer", "agent", "system"]},
            "actor_id": NULLABLE_TEXT,
            "data": {},
            "text": NULLABLE_TEXT,
        },
    },
    "Evidence": {
        "type": "object",
        "description": "Metadata only: no file path and no platform file id",
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string"},
            "mime": NULLABLE_TEXT,
            "size": {"type": ["integer", "null"]},
            "name": NULLABLE_TEXT,
            "note": NULLABLE_TEXT,
            "status": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "Ticket": {
        "description": (
            "One ticket in full. Personal data (customer, account, free texts) is whole only "
            "for the ticket's assignee and supervisors, masked for other agents (`masked`)."
        ),
        "allOf": [
            _ref("TicketSummary"),
            {
                "type": "object",
                "properties": {
                    "masked": {"type": "boolean"},
                    "customer": {
                        "type": "object",
                        "properties": {
                            "name": NULLABLE_TEXT,
                            "phone": NULLABLE_TEXT,
                            "email": NULLABLE_TEXT,
                            "locale": {"type": "string"},
                        },
                    },
                    "classification": {
                        "type": "object",
                        "properties": {
                            "category": {"type": "string"},
                            "severity": {"type": "string"},
                            "category_confidence": {"type": "number"},
                            "severity_confidence": {"type": "number"},
                            "needs_review": {"type": "boolean"},
                            "reasons": {"type": "array", "items": {"type": "string"}},
                            "repeat_of": NULLABLE_TEXT,
                        },
                    },
                    "object": {"type": "object", "additionalProperties": NULLABLE_TEXT},
                    "occurred_at": NULLABLE_TIME,
                    "occurred_text": NULLABLE_TEXT,
                    "place": NULLABLE_TEXT,
                    "account": NULLABLE_TEXT,
                    "remedies": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"kind": {"type": "string"}, "wording": NULLABLE_TEXT},
                        },
                    },
                    "missing_materials": {"type": "array", "items": {"type": "string"}},
                    "escalated_at": NULLABLE_TIME,
                    "resolved_at": NULLABLE_TIME,
                    "closed_at": NULLABLE_TIME,
                    "reopen_count": {"type": "integer"},
                    "survey": {"type": "object"},
                    "events": {"type": "array", "items": _ref("Event")},
                    "evidence": {"type": "array", "items": _ref("Evidence")},
                },
            },
        ],
    },
    "Action": {
        "type": "object",
        "required": ["action"],
        "additionalProperties": False,
        "description": (
            "The agent command of the same name, run as the token's agent would run it from "
            "their chat. `text` is required by reply, ask, propose, resolve, reject, note and "
            "escalate; `agent` (name or user id) by assign (supervisors only); `status` by "
            "status; `category` (and optionally `severity`) by reclass."
        ),
        "properties": {
            "action": {
                "type": "string",
                "enum": list(TICKET_ACTIONS),
            },
            "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
            "agent": {"type": "string", "minLength": 1, "maxLength": 64},
            "status": {"type": "string", "enum": ["verifying", "processing"]},
            "category": {"type": "string"},
            "severity": {"type": "string", "enum": ["urgent", "important", "general"]},
        },
    },
    "ActionResult": {
        "type": "object",
        "required": ["ticket", "action", "replayed", "answers", "events"],
        "properties": {
            "ticket": {"type": "string"},
            "action": {"type": "string"},
            "replayed": {
                "type": "boolean",
                "description": "The Idempotency-Key was used before: the first run's answers",
            },
            "answers": {
                "type": "array",
                "items": {"type": "string"},
                "description": "What the agent would have read in their chat",
            },
            "events": {"type": "array", "items": _ref("Event")},
        },
    },
    "MonthlyReport": {
        "type": "object",
        "description": "The same figures as `complaint-bot report --json`",
        "required": ["month", "total"],
        "properties": {
            "month": {"type": "string"},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "total": {"type": "integer"},
            "by_category": {"type": "object", "additionalProperties": {"type": "integer"}},
            "by_severity": {"type": "object", "additionalProperties": {"type": "integer"}},
            "by_channel": {"type": "object", "additionalProperties": {"type": "integer"}},
            "first_response": _ref("Durations"),
            "resolution": _ref("Durations"),
            "sla": {"type": "object"},
            "satisfaction": {"type": "object"},
            "reopened": {"type": "integer"},
            "top_objects": {"type": "object"},
            "top_words": {"type": "array"},
        },
    },
    "Durations": {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "average_hours": {"type": ["number", "null"]},
            "p90_hours": {"type": ["number", "null"]},
        },
    },
}

PATHS: dict[str, Any] = {
    "/tickets": {
        "get": {
            "operationId": "listTickets",
            "summary": "Tickets, filtered, one page at a time",
            "parameters": [
                _query(
                    "status",
                    "Comma list of statuses; `open` for every open one",
                    {"type": "string"},
                ),
                _query("severity", "urgent, important or general", {"type": "string"}),
                _query("category", "A category code of the policy", {"type": "string"}),
                _query("channel", "wechat, telegram or console", {"type": "string"}),
                _query("assignee", "`me`, `none` or an agent id", {"type": "string"}),
                _query(
                    "overdue", "Only open tickets past their next deadline", {"type": "boolean"}
                ),
                _query(
                    "order",
                    "`created` (newest first) or `due` (next deadline first, none last)",
                    {"type": "string", "enum": ["created", "due"], "default": "created"},
                ),
                _query(
                    "limit",
                    "Tickets per page",
                    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50},
                ),
                _query("cursor", "`next_cursor` of the previous page", {"type": "string"}),
            ],
            "responses": {"200": _ok("One page", "TicketPage"), **REFUSALS},
        }
    },
    "/tickets/{number}": {
        "get": {
            "operationId": "getTicket",
            "summary": "One ticket with its events and evidence metadata",
            "parameters": [NUMBER],
            "responses": {
                "200": _ok("The ticket", "Ticket"),
                "404": _error("No such ticket"),
                "409": _error(AMBIGUOUS),
                **REFUSALS,
            },
        }
    },
    "/tickets/{number}/actions": {
        "post": {
            "operationId": "actOnTicket",
            "summary": "Run an agent command on the ticket, as the chat would",
            "parameters": [
                NUMBER,
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "description": (
                        "Runs the command once per key; a retry gets the first answers; "
                        "the key used for another request answers 422 idempotency_key_reused"
                    ),
                    "schema": {"type": "string", "maxLength": 200},
                },
            ],
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": _ref("Action")}},
            },
            "responses": {
                "200": _ok("The command ran", "ActionResult"),
                "403": _error("A read-only token, or a supervisor's command from an agent"),
                "404": _error("No such ticket"),
                "409": _error(f"The command was refused (`answers` say why), or: {AMBIGUOUS}"),
                "413": _error("The body is over 64 KiB"),
                "415": _error("The body is not application/json"),
                "503": _error("The command failed now and is retried in the background"),
                **REFUSALS,
            },
        }
    },
    "/reports/monthly": {
        "get": {
            "operationId": "monthlyReport",
            "summary": "The monthly report's figures (supervisors' tokens only)",
            "parameters": [
                {
                    "name": "month",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                }
            ],
            "responses": {
                "200": _ok("The month's figures", "MonthlyReport"),
                "403": _error("An agent's token"),
                **REFUSALS,
            },
        }
    },
    "/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {JSON: {"schema": {"type": "object"}}},
                },
                "401": REFUSALS["401"],
            },
        }
    },
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "complaint-bot REST API",
        "version": "1",
        "description": (
            "Tickets, agent actions and the monthly report. Every request needs a bearer "
            "token (`complaint-bot api-tokens create`), which acts as its agent: personal "
            "data is masked as that agent's `/show` masks it, and supervisor-only actions "
            'are refused for an agent\'s token. Errors are `{"error": {"code", "message"}}`.'
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from `complaint-bot api-tokens create`",
            }
        },
        "schemas": SCHEMAS,
    },
    "paths": PATHS,
}


async def document(request: web.Request) -> web.Response:
    """The OpenAPI document (a token is needed, as for every route)."""
    return web.json_response(DOCUMENT)
