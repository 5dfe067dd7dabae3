"""The public events are one registry (handlers/webhooks.py:EVENTS), documented as such;
URLs and event lists are checked before anything is stored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handlers import webhooks
from handlers.webhooks import EVENT_NAMES, EVENTS, WebhookError, check_url, parse_events

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def test_every_event_comes_from_its_audit_kinds() -> None:
    for event in EVENTS:
        reached = {
            webhooks.public_name(kind, data)
            for kind in event.kinds
            for to in ("resolved", "rejected", "reopened", "closed", "processing")
            # A status kind that changed nothing (a further /ask) has an event of its own.
            for data in ({"to": to}, {"from": to, "to": to})
        }
        assert event.name in reached, event.name
    assert webhooks.public_name("note", None) is None  # internal notes are not told
    assert webhooks.public_name("status", {"to": "verifying"}) == "ticket.status_changed"
    assert webhooks.public_name("resolve", {"to": "resolved"}) == "ticket.resolved"


def test_the_operations_guide_lists_exactly_the_registry() -> None:
    section = OPERATIONS.read_text().split("## Webhooks", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_.]+)` \|", section, re.M)
    assert documented == list(EVENT_NAMES)


def test_event_lists() -> None:
    assert parse_events("ticket.resolved, ticket.filed") == ("ticket.filed", "ticket.resolved")
    assert parse_events("ticket.filed,*") == ("*",)
    with pytest.raises(WebhookError, match=r"ticket\.fild.*valid: ticket\.filed"):
        parse_events("ticket.fild")
    with pytest.raises(WebhookError, match="none given"):
        parse_events(" , ")
    with pytest.raises(WebhookError):
        parse_events("ping")  # the test event cannot be subscribed to


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/x", "http://", "example.org/hook", "https://a b.org/", "javascript:x"],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(WebhookError):
        check_url(url)


def test_good_urls_are_taken() -> None:
    assert check_url(" https://crm.example.com/h?k=1 ") == "https://crm.example.com/h?k=1"
    assert check_url("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080/x"
