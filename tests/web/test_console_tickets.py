"""The console's ticket page and actions (issue 14 item 2): personal data masked as /show
masks it, evidence files only for those allowed and never by path, and a reply from the
console reaches the customer with the same event and actor as from the chat."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.app import App
from storage.models import Evidence, TicketEvent
from tests.support import FakeClock, Person
from tests.web.support import (
    Inboxes,
    add_agent,
    console,
    csrf_of,
    deliver_all,
    file_complaint,
    nonce_of,
    photo,
    signed_in,
    tickets,
)

PHONE = "13812345678"


async def _act(client: object, number: str, command: str, **fields: str) -> str:
    page = await (await client.get(f"/console/tickets/{number}")).text()  # type: ignore[attr-defined]
    nonce = re.search(rf'id="form-{command}".*?name="nonce" value="([^"]+)"', page, re.S)
    assert nonce, page
    answer = await client.post(  # type: ignore[attr-defined]
        f"/console/tickets/{number}/act",
        data={"command": command, "nonce": nonce.group(1), "csrf": csrf_of(page), **fields},
    )
    assert answer.status == 200
    return str(await answer.text())


async def test_the_phone_is_whole_only_for_the_assignee_and_supervisors(app: App) -> None:
    await add_agent(app, "a2", "李四")
    await add_agent(app, "a3", "王五")
    await add_agent(app, "s1", "赵主管", role="supervisor")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    assert "已接单" in await Person(app, "a2").say(f"/take {ticket.number}")
    seen = {}
    for user in ("a2", "a3", "s1"):
        async with console(app) as client:
            await signed_in(app, client, user)
            seen[user] = await (await client.get(f"/console/tickets/{ticket.number}")).text()
    phone = re.compile(r'data-testid="field-phone" data-masked="(?:true|false)"[^>]*>([^<]*)<')
    assert phone.search(seen["a2"]).group(1) == PHONE  # type: ignore[union-attr]
    assert phone.search(seen["s1"]).group(1) == PHONE  # type: ignore[union-attr]
    assert phone.search(seen["a3"]).group(1) == "138****5678"  # type: ignore[union-attr]
    assert PHONE not in seen["a3"] and "王芳" not in seen["a3"]  # nor in the timeline
    assert 'data-testid="masked-note"' in seen["a3"]


async def test_evidence_only_for_those_allowed_and_never_by_path(
    app: App, clock: FakeClock
) -> None:
    await add_agent(app, "a1", "张三")
    await add_agent(app, "a2", "李四")
    customer = Person(app, "c1")
    await file_complaint(customer)
    await file_complaint(
        Person(app, "c2"), "我叫李雷，手机13900001111。昨天在西单店买的手机坏了，要求换货"
    )
    first, second = await tickets(app)
    await Person(app, "a1").say(f"/take {first.number}")
    clock.advance(minutes=5)
    await customer.say("这是订单截图", photo(app.services.data_dir))
    async with app.db.transaction() as session:
        [item] = (await session.execute(select(Evidence))).scalars().all()
    assert item.ticket_id == first.id and item.path
    url = f"/console/tickets/{first.number}/evidence/{item.id}"
    async with console(app) as owner, console(app) as other:
        await signed_in(app, owner, "a1")
        await signed_in(app, other, "a2")
        page = await (await owner.get(f"/console/tickets/{first.number}")).text()
        assert f'src="{url}"' in page
        image = await owner.get(url)
        assert image.status == 200 and image.content_type == "image/jpeg"
        assert (await image.read()).startswith(b"\xff\xd8\xff")
        # Another agent, the evidence under another ticket's number, a path: nothing.
        assert (await other.get(url)).status == 403
        assert url not in await (await other.get(f"/console/tickets/{first.number}")).text()
        assert (
            await owner.get(f"/console/tickets/{second.number}/evidence/{item.id}")
        ).status == 404
        for guess in (f"/console/{item.path}", f"/console/static/../{item.path}", f"/{item.path}"):
            answer = await owner.get(guess)
            assert answer.status in (401, 403, 404) and not (await answer.read()).startswith(
                b"\xff\xd8"
            ), guess


async def test_a_reply_from_the_console_reaches_the_customer(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        page = await _act(client, ticket.number, "reply", text="您好，已为您核实，明天上门")
        assert re.search(r'data-testid="flash">.*已', page, re.S)
        assert "您好，已为您核实，明天上门" in page  # the timeline shows it
        inboxes = Inboxes()
        await deliver_all(app, inboxes)
        assert any("明天上门" in text for text in inboxes.of("c1"))
        page = await (await client.get(f"/console/tickets/{ticket.number}")).text()
        assert 'data-testid="flash"' not in page  # shown once
    async with app.db.transaction() as session:
        events = (await session.execute(select(TicketEvent))).scalars().all()
    [reply] = [e for e in events if e.kind == "reply"]
    assert (reply.actor_kind, reply.actor_id) == ("agent", "console:a1")  # as from the chat
    [assigned] = [e for e in events if e.kind == "assigned"]
    assert assigned.actor_id == "console:a1"


async def test_a_form_sent_twice_acts_once(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        page = await (await client.get(f"/console/tickets/{ticket.number}")).text()
        form = {
            "command": "note",
            "text": "已联系门店",
            "nonce": nonce_of(page),
            "csrf": csrf_of(page),
        }
        for _ in range(2):
            assert (
                await client.post(f"/console/tickets/{ticket.number}/act", data=form)
            ).status == 200
    async with app.db.transaction() as session:
        kinds = (await session.execute(select(TicketEvent.kind))).scalars().all()
    assert kinds.count("note") == 1


def _form_nonce(page: str, command: str) -> str:
    found = re.search(rf'id="form-{command}".*?name="nonce" value="([^"]+)"', page, re.S)
    assert found, page
    return found.group(1)


async def test_two_forms_of_one_loaded_page_both_run(app: App) -> None:
    await add_agent(app, "a1", "张三")
    await file_complaint(Person(app, "c1"))
    [ticket] = await tickets(app)
    async with console(app) as client:
        await signed_in(app, client, "a1")
        page = await (await client.get(f"/console/tickets/{ticket.number}")).text()
        url, csrf = f"/console/tickets/{ticket.number}/act", csrf_of(page)
        take = {"command": "take", "nonce": _form_nonce(page, "take"), "csrf": csrf}
        reply = {
            "command": "reply",
            "text": "您好，正在核实",
            "nonce": _form_nonce(page, "reply"),
            "csrf": csrf,
        }
        assert (await client.post(url, data=take)).status == 200
        after = await (await client.post(url, data=reply)).text()
        assert "已接单" not in after  # the reply's own answer, not the take's again
        assert 'id="form-take"' not in after  # the holder is not offered the take
    async with app.db.transaction() as session:
        kinds = (await session.execute(select(TicketEvent.kind))).scalars().all()
    assert "assigned" in kinds and kinds.count("reply") == 1
