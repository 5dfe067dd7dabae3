"""GET /api/v1/reports/monthly (the figures of `report --json`, supervisors only) and
GET /api/v1/openapi.json (a valid OpenAPI 3.1 document naming every route)."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from bot.api.app import create_api_app
from bot.api.openapi import DOCUMENT
from bot.app import App
from bot.cli_report import as_json
from handlers.report import month_bounds, month_report
from tests.api.support import make_token, serving
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.report_support import build_month
from tests.support import FakeClock


async def test_the_monthly_report_as_json(app: App, clock: FakeClock) -> None:
    await build_month(app, clock)
    await add_agent(app, "s1", "李主管", role="supervisor")
    token = await make_token(app, "s1", scope="read")
    async with serving(app.services) as api:
        answer = await api.get("/reports/monthly", token, month="2026-11")
        empty = await api.get("/reports/monthly", token, month="2026-02")
        bad = [await api.get("/reports/monthly", token, month=m) for m in ("2026-13", "11-2026")]
        none = await api.get("/reports/monthly", token)
    assert answer.status == 200
    policy = app.services.policy
    start, end = month_bounds("2026-11", app.services.tz)
    expected = await month_report(
        app.db,
        "2026-11",
        start,
        end,
        now=app.services.now(),
        calendar=app.services.calendar,
        vault=app.services.vault,
        categories=policy.category_codes,
        severities=tuple(policy.severities),
    )
    assert answer.body == as_json(expected)
    assert answer.body["total"] == 4 and answer.body["by_severity"]["urgent"] >= 1
    assert empty.status == 200 and empty.body["total"] == 0
    assert [b.status for b in bad] == [422, 422] and none.status == 422
    # Words for an API caller, not the CLI's flag.
    assert bad[0].body["error"]["message"] == "month must be YYYY-MM like 2026-11, not '2026-13'"
    assert not any("--month" in b.body["error"]["message"] for b in bad)


def test_the_document_is_valid_openapi_31_and_names_every_route(app: App) -> None:
    validate(DOCUMENT)  # raises on an invalid document
    assert DOCUMENT["openapi"].startswith("3.1")
    assert DOCUMENT["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    served = {
        (route.method.lower(), route.resource.canonical)
        for route in create_api_app(app.services).router.routes()
        if route.method != "HEAD" and route.resource is not None
    }
    documented = {(method, path) for path, item in DOCUMENT["paths"].items() for method in item}
    assert served == documented


def test_the_validator_refuses_a_broken_document() -> None:
    broken = {**DOCUMENT, "paths": {"/tickets": {"get": {"responses": "none"}}}}
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


async def test_the_document_is_served_to_a_token(app: App) -> None:
    await add_agent(app, "a1", "张三")
    token = await make_token(app, "a1", scope="read")
    async with serving(app.services) as api:
        answer = await api.get("/openapi.json", token)
    assert answer.status == 200 and answer.body == DOCUMENT
