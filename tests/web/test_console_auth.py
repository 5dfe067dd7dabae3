"""Signing in to the web console (issue 14 item 1): a link from /web works once and only for
a few minutes, every console route refuses without a session, a form without the CSRF
token is refused, an agent's session cannot do a supervisor's things, and signing out or
removing the agent ends the session."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from storage.models import Agent, TicketEvent, WebLink, WebSession
from tests.support import FakeClock, Person
from tests.web.support import (
    add_agent,
    console,
    csrf_of,
    file_complaint,
    link_token,
    nonce_of,
    sign_in,
    signed_in,
    tickets,
)


async def test_a_link_signs_in_once(app: App) -> None:
    await add_agent(app, "a1", "张三")
    token = await link_token(app, "a1")
    async with console(app) as client:
        first = await sign_in(client, token)
        assert first.status == 303
        cookie = first.cookies["console_session"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/console/"
        queue = await client.get("/console/queue")
        assert queue.status == 200 and 'data-testid="viewer">张三' in await queue.text()
        assert queue.headers["Referrer-Policy"] == "no-referrer"  # the link never leaks
    async with console(app) as other:  # a second browser with the same link
        page = await other.get("/console/signin", params={"token": token})
        assert page.status == 403
        again = await sign_in(other, token)
        assert again.status == 403
        assert (await other.get("/console/queue")).status == 401
    async with app.db.transaction() as session:
        stored = [*(await session.execute(select(WebLink.token_hash))).scalars()]
        stored += [*(await session.execute(select(WebSession.token_hash))).scalars()]
    assert stored and token not in stored and all(len(h) == 64 for h in stored)


async def test_an_expired_link_is_refused(app: App, clock: FakeClock) -> None:
    await add_agent(app, "a1", "张三")
    token = await link_token(app, "a1")
    clock.advance(minutes=app.settings.WEB_LINK_MINUTES, seconds=1)
    async with console(app) as client:
        assert (await sign_in(client, token)).status == 403
        assert (await client.get("/console/queue")).status == 401


async def test_a_get_of_the_link_does_not_use_it(app: App) -> None:
    """Chat apps fetch links for previews: only the button's POST uses the link."""
    await add_agent(app, "a1", "张三")
    token = await link_token(app, "a1")
    async with console(app) as preview:
        for _ in range(2):
            assert (await preview.get("/console/signin", params={"token": token})).status == 200
    async with console(app) as client:
        assert (await sign_in(client, token)).status == 303


async def test_signing_in_needs_the_forms_own_value(app: App) -> None:
    await add_agent(app, "a1", "张三")
    token = await link_token(app, "a1")
    async with console(app) as client:
        forged = await client.post("/console/signin", data={"token": token}, allow_redirects=False)
        assert forged.status == 403
        assert (await sign_in(client, token)).status == 303  # the link was not used up


async def test_every_route_refuses_without_a_session(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        for method, path in (
            ("GET", "/console/"),
            ("GET", "/console/queue"),
            ("GET", f"/console/tickets/{ticket.number}"),
            ("GET", f"/console/tickets/{ticket.number}/evidence/1"),
            ("GET", "/console/report"),
            ("GET", "/console/search?q=13812345678"),
            ("POST", f"/console/tickets/{ticket.number}/act"),
            ("POST", "/console/logout"),
        ):
            answer = await client.request(method, path, allow_redirects=False)
            body = await answer.text()
            assert answer.status == 401, (method, path, answer.status)
            assert answer.headers["Cache-Control"] == "no-store"
            assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
            assert ticket.number not in body and "13812345678" not in body, path
        client.session.cookie_jar.update_cookies({"console_session": "guessed"})
        assert (await client.get("/console/queue")).status == 401


async def test_a_post_without_the_csrf_token_is_refused(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        page = await (await client.get(f"/console/tickets/{ticket.number}")).text()
        form = {"command": "take", "nonce": nonce_of(page)}
        for csrf in ({}, {"csrf": "0" * 64}):
            answer = await client.post(
                f"/console/tickets/{ticket.number}/act", data={**form, **csrf}
            )
            assert answer.status == 403
        async with app.db.transaction() as session:
            kinds = (await session.execute(select(TicketEvent.kind))).scalars().all()
        assert "assigned" not in kinds
        taken = await client.post(
            f"/console/tickets/{ticket.number}/act", data={**form, "csrf": csrf_of(page)}
        )
        assert taken.status == 200 and 'data-testid="flash"' in await taken.text()


async def test_an_agent_cannot_act_as_a_supervisor(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "李四")
    await add_agent(app, "s1", "王主管", role="supervisor")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as agent, console(app) as boss:
        await signed_in(app, agent, "a1")
        await signed_in(app, boss, "s1")
        page = await (await agent.get(f"/console/tickets/{ticket.number}")).text()
        assert 'data-testid="form-assign"' not in page and 'data-testid="form-reply"' in page
        assign = {"command": "assign", "agent": "a2", "nonce": nonce_of(page)}
        refused = await agent.post(
            f"/console/tickets/{ticket.number}/act", data={**assign, "csrf": csrf_of(page)}
        )
        assert refused.status == 403
        assert (await agent.get("/console/report")).status == 403
        [ticket] = await tickets(app)
        assert ticket.assignee_id is None

        page = await (await boss.get(f"/console/tickets/{ticket.number}")).text()
        assert 'data-testid="form-assign"' in page
        done = await boss.post(
            f"/console/tickets/{ticket.number}/act",
            data={**assign, "nonce": nonce_of(page), "csrf": csrf_of(page)},
        )
        assert done.status == 200 and "李四" in await done.text()
        assert (await boss.get("/console/report")).status == 200
    async with app.db.transaction() as session:
        a2 = (await session.execute(select(Agent).where(Agent.user_id == "a2"))).scalar_one()
    [ticket] = await tickets(app)
    assert ticket.assignee_id == a2.id


async def test_signing_out_and_removal_end_the_session(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "李四")
    async with console(app) as one, console(app) as two:
        await signed_in(app, one, "a1")
        await signed_in(app, two, "a2")
        page = await (await one.get("/console/queue")).text()
        out = await one.post("/console/logout", data={"csrf": csrf_of(page)})
        assert out.status == 200
        assert (await one.get("/console/queue")).status == 401

        assert (await two.get("/console/queue")).status == 200
        async with app.db.transaction() as session:
            found = await session.execute(select(Agent).where(Agent.user_id == "a2"))
            found.scalar_one().active = False
        assert (await two.get("/console/queue")).status == 401
