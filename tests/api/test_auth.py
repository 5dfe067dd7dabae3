"""Every API route refuses without a live token; a token acts as its agent, within its scope."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.api.app import create_api_app
from bot.app import App
from storage.queries import api_tokens as tokens_q
from tests.api.support import Api, agent_row, make_token, serving
from tests.handlers.lifecycle_support import add_agent
from tests.handlers.test_lifecycle import file_complaint
from tests.support import Person, tickets

NUMBER = "CP20261122001"
# Every route the API serves, with a request that would succeed with a right token.
ROUTES = [
    ("GET", "/tickets"),
    ("GET", f"/tickets/{NUMBER}"),
    ("POST", f"/tickets/{NUMBER}/actions"),
    ("GET", "/reports/monthly?month=2026-11"),
    ("GET", "/openapi.json"),
]


def test_the_list_names_every_route(app: App) -> None:
    served = {
        (route.method, route.resource.canonical if route.resource else "")
        for route in create_api_app(app.services).router.routes()
        if route.method != "HEAD"
    }
    listed = {(m, p.split("?")[0].replace(NUMBER, "{number}")) for m, p in ROUTES}
    assert served == listed


async def _refusals(api: Api, token: str | None) -> list[tuple[str, int, str, str]]:
    seen = []
    for method, path in ROUTES:
        body = {"action": "note", "text": "x"} if method == "POST" else None
        answer = await api.call(method, path, token, json=body)
        seen.append(
            (
                path,
                answer.status,
                answer.body["error"]["code"],
                answer.headers.get("WWW-Authenticate", ""),
            )
        )
    return seen


async def test_every_route_refuses_without_a_live_token(app: App) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    revoked = await make_token(app, "s1")
    async with app.db.transaction() as session:
        [row] = await tokens_q.every(session)
        assert await tokens_q.revoke(session, row.id, datetime.now(UTC)) is True
    async with serving(app.services) as api:
        for path, status, code, challenge in await _refusals(api, None):
            assert (status, code) == (401, "unauthorized"), path
            assert challenge.startswith("Bearer"), path
        for token in (revoked, "cbt_" + "x" * 43, "not-a-token", revoked[:-1]):
            for path, status, code, challenge in await _refusals(api, token):
                assert (status, code) == (401, "invalid_token"), (path, token)
                assert 'error="invalid_token"' in challenge
        # An unknown route under /api/v1/ is no way around the token either.
        answer = await api.call("GET", "/nothing", None)
        assert answer.status == 401 and answer.body["error"]["code"] == "unauthorized"


async def test_a_removed_agents_token_stops_working(app: App) -> None:
    await add_agent(app, "a1", "张三")
    token = await make_token(app, "a1")
    async with serving(app.services) as api:
        assert (await api.get("/tickets", token)).status == 200
        async with app.db.transaction() as session:
            agent = await agent_row(app, "a1")
            agent.active = False
            session.add(agent)
        answer = await api.get("/tickets", token)
        assert answer.status == 401 and answer.body["error"]["code"] == "invalid_token"


async def test_a_read_token_reads_but_cannot_write(app: App) -> None:
    await add_agent(app, "s1", "李主管", role="supervisor")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    token = await make_token(app, "s1", scope="read")
    async with serving(app.services) as api:
        assert (await api.get(f"/tickets/{ticket.number}", token)).status == 200
        answer = await api.act(ticket.number, token, {"action": "note", "text": "看过了"})
        assert answer.status == 403 and answer.body["error"]["code"] == "insufficient_scope"
        detail = await api.get(f"/tickets/{ticket.number}", token)
        assert "note" not in [event["kind"] for event in detail.body["events"]]


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (("POST", "assign"), "supervisor_only"),
        (("GET", "/reports/monthly?month=2026-11"), "supervisor_only"),
    ],
)
async def test_an_agents_token_cannot_do_a_supervisors_things(
    app: App, request_: tuple[str, str], code: str
) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "王五")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    token = await make_token(app, "a1")
    async with serving(app.services) as api:
        method, what = request_
        if method == "POST":
            answer = await api.act(ticket.number, token, {"action": what, "agent": "王五"})
        else:
            answer = await api.call(method, what, token)
        assert answer.status == 403 and answer.body["error"]["code"] == code
    [after] = await tickets(app)
    assert after.assignee_id is None


async def test_with_a_token_unknown_routes_and_methods_are_json_too(app: App) -> None:
    await add_agent(app, "a1", "张三")
    token = await make_token(app, "a1", scope="read")
    async with serving(app.services) as api:
        unknown = await api.call("GET", "/nothing", token)
        wrong = await api.call("DELETE", "/tickets", token)
    assert unknown.status == 404 and unknown.body["error"]["code"] == "not_found"
    assert wrong.status == 405 and wrong.body["error"]["code"] == "method_not_allowed"
    assert "GET" in wrong.headers["Allow"]
