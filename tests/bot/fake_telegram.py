"""A fake Telegram Bot API server for tests: aiohttp on 127.0.0.1, the real PTB talks to it.

It serves the methods the channel uses (getMe, getUpdates honouring `offset`, sendMessage,
sendPhoto, sendDocument, getFile and file downloads, answerCallbackQuery,
editMessageReplyMarkup, setMyCommands, setWebhook, deleteWebhook), records every call in
`calls`, and can refuse sends with 429 + retry_after on demand or past a rate. Tests play the
users: `send_text`, `send_photo`, `press` ... queue updates that the bot receives by polling,
or that are POSTed to its webhook (with the secret header) once setWebhook was called.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

TOKEN = "123456:TEST-token"
BOT_ID = 123456
BOT_USERNAME = "complaint_test_bot"
SEND_METHODS = {"sendMessage", "sendPhoto", "sendDocument"}
DOWNLOAD_LIMIT = 20 * 1024 * 1024
# Parameters PTB JSON-encodes (everything else arrives as a plain string).
_JSON_PARAMS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "allowed_updates",
    "reply_markup",
    "commands",
    "scope",
    "show_alert",
    "drop_pending_updates",
    "disable_web_page_preview",
    "link_preview_options",
    "max_connections",
    "cache_time",
}

Json = dict[str, Any]


@dataclass(frozen=True)
class User:
    id: int
    first_name: str
    language_code: str | None = "zh-hans"

    def as_json(self) -> Json:
        data: Json = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Group:
    id: int
    title: str = "客服组"

    def as_json(self) -> Json:
        return {"id": self.id, "type": "supergroup", "title": self.title}


@dataclass
class Call:
    method: str
    params: Json
    status: int = 200
    at: float = field(default_factory=time.monotonic)


class FakeTelegram:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.updates: list[Json] = []  # not yet confirmed by an offset
        self.delivered_updates: list[Json] = []  # handed out by getUpdates or the webhook
        self.webhook: tuple[str, str | None] | None = None
        self.webhook_answers: list[int] = []  # the HTTP status of every webhook POST
        self.messages: dict[tuple[int, int], Json] = {}  # (chat, message_id) -> message
        self.files: dict[str, bytes] = {}
        self.file_sizes: dict[str, int] = {}
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._changed = asyncio.Condition()
        self._fail_next: dict[str, list[float]] = {}
        self._break_next: dict[str, list[int]] = {}  # method -> HTTP statuses to answer with
        self._outage: tuple[float, int, float] | None = None  # until (monotonic), status, wait
        self.blocked: set[int] = set()  # chats whose user blocked the bot: sends answer 403
        # Groups upgraded to supergroups: old id -> new id (sends and getChat answer 400 with
        # parameters.migrate_to_chat_id, as the Bot API does).
        self.migrated: dict[int, int] = {}
        self.groups: dict[int, Json] = {}  # groups getChat knows (the bot is a member)
        self._rate: tuple[int, float, float] | None = None  # (max sends, per seconds, retry)
        self._recent_sends: list[float] = []
        self._runner: web.AppRunner | None = None
        self._pusher: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0
        self._closing = False

    # --- server ---------------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._session = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._closing = True
        await self._notify()  # ends any long poll still waiting
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # --- controls -------------------------------------------------------------------------
    def fail_next(self, method: str, times: int = 1, retry_after: float = 1) -> None:
        """The next `times` calls of `method` answer 429 with this retry_after."""
        self._fail_next.setdefault(method, []).extend([retry_after] * times)

    def break_next(self, method: str, times: int = 1, status: int = 502) -> None:
        """The next `times` calls of `method` answer this status (a proxy or server fault)."""
        self._break_next.setdefault(method, []).extend([status] * times)

    def outage(self, seconds: float, status: int = 502, retry_after: float = 1) -> None:
        """For `seconds`, every send answers `status`: 429 with this retry_after (a flood-
        control burst) or a 5xx (the Bot API failing); bench/bench_faults.py uses it."""
        self._outage = (time.monotonic() + seconds, status, retry_after)

    def limit_sends(self, count: int, per_seconds: float, retry_after: float = 1) -> None:
        """More than `count` sends within `per_seconds` answer 429 (like flood control)."""
        self._rate = (count, per_seconds, retry_after)

    # --- what the bot did -----------------------------------------------------------------
    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.status == 200]

    def sent_to(self, chat_id: int) -> list[Json]:
        """Messages the bot sent to a chat (successful sends only), oldest first."""
        return [
            m
            for (chat, _), m in sorted(self.messages.items(), key=lambda kv: kv[1]["seq"])
            if chat == chat_id and m["from"]["id"] == BOT_ID
        ]

    def texts_to(self, chat_id: int) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.sent_to(chat_id)]

    async def wait_for(self, check: Callable[[], Any], timeout: float = 10) -> Any:
        """Waits until `check()` is truthy (re-checked after every call); returns its value."""

        async def until() -> Any:
            async with self._changed:
                while not (value := check()):
                    await self._changed.wait()
                return value

        return await asyncio.wait_for(until(), timeout)

    async def wait_sent(self, chat_id: int, count: int, timeout: float = 10) -> list[Json]:
        """Waits until the chat has at least `count` bot messages; returns them all."""
        await self.wait_for(lambda: len(self.sent_to(chat_id)) >= count, timeout)
        return self.sent_to(chat_id)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- users acting ---------------------------------------------------------------------
    def _message(self, chat: Json, sender: Json, **content: Any) -> Json:
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
        message: Json = {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            "seq": next(self._ids),
            **content,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    @staticmethod
    def _chat_of(user: User, group: Group | None) -> Json:
        if group is not None:
            return group.as_json()
        return {"id": user.id, "type": "private", "first_name": user.first_name}

    async def send_text(
        self,
        user: User,
        text: str,
        group: Group | None = None,
        reply_to: Json | None = None,
        thread: int | None = None,
    ) -> Json:
        content: Json = {"text": text}
        if thread is not None:  # written in a topic of a group with topics (a forum)
            content.update(message_thread_id=thread, is_topic_message=True)
        if text.startswith("/"):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        if reply_to is not None:
            content["reply_to_message"] = _public(reply_to)
        message = self._message(self._chat_of(user, group), user.as_json(), **content)
        await self.push({"message": _public(message)})
        return message

    async def migrate_group(self, user: User, old: Group, new_id: int) -> None:
        """The group becomes a supergroup: both service messages, and the old id answers
        sends with migrate_to_chat_id from now on."""
        self.migrated[old.id] = new_id
        new = {"id": new_id, "type": "supergroup", "title": old.title}
        self.groups[new_id] = new
        moved = self._message(old.as_json(), user.as_json(), migrate_to_chat_id=new_id)
        await self.push({"message": _public(moved)})
        arrived = self._message(new, user.as_json(), migrate_from_chat_id=old.id)
        await self.push({"message": _public(arrived)})

    def upload(self, data: bytes, declared_size: int | None = None) -> tuple[str, str]:
        """Stores a user's file; returns (file_id, file_unique_id)."""
        number = next(self._ids)
        file_id = f"file-{number}"
        self.files[file_id] = data
        self.file_sizes[file_id] = declared_size if declared_size is not None else len(data)
        return file_id, f"u{number}"

    async def send_photo(
        self,
        user: User,
        data: bytes,
        caption: str | None = None,
        media_group_id: str | None = None,
        group: Group | None = None,
    ) -> Json:
        small_id, small_unique = self.upload(data[: max(1, len(data) // 10)])
        big_id, big_unique = self.upload(data)
        content: Json = {
            "photo": [
                {
                    "file_id": small_id,
                    "file_unique_id": small_unique,
                    "width": 90,
                    "height": 67,
                    "file_size": self.file_sizes[small_id],
                },
                {
                    "file_id": big_id,
                    "file_unique_id": big_unique,
                    "width": 1280,
                    "height": 960,
                    "file_size": self.file_sizes[big_id],
                },
            ]
        }
        if caption:
            content["caption"] = caption
        if media_group_id:
            content["media_group_id"] = media_group_id
        message = self._message(self._chat_of(user, group), user.as_json(), **content)
        await self.push({"message": _public(message)})
        return message

    async def send_document(
        self, user: User, data: bytes, name: str, mime: str, declared_size: int | None = None
    ) -> Json:
        file_id, unique = self.upload(data, declared_size)
        document = {
            "file_id": file_id,
            "file_unique_id": unique,
            "file_name": name,
            "mime_type": mime,
            "file_size": self.file_sizes[file_id],
        }
        message = self._message(self._chat_of(user, None), user.as_json(), document=document)
        await self.push({"message": _public(message)})
        return message

    async def send_location(self, user: User, latitude: float, longitude: float) -> Json:
        location = {"latitude": latitude, "longitude": longitude}
        message = self._message(self._chat_of(user, None), user.as_json(), location=location)
        await self.push({"message": _public(message)})
        return message

    async def send_message(self, user: User, **content: Any) -> Json:
        """A private message with any Bot API content (contact, forward_origin, entities ...)."""
        message = self._message(self._chat_of(user, None), user.as_json(), **content)
        await self.push({"message": _public(message)})
        return message

    async def send_contact(
        self, user: User, phone: str, first_name: str, user_id: int | None = None
    ) -> Json:
        """A shared contact card; user_id=user.id is the sender's own (request_contact)."""
        card: Json = {"phone_number": phone, "first_name": first_name}
        if user_id is not None:
            card["user_id"] = user_id
        return await self.send_message(user, contact=card)

    async def set_membership(self, user: User, status: str) -> Json:
        """The user blocks ("kicked") or unblocks ("member") the bot: my_chat_member."""
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "投诉助手", "username": BOT_USERNAME}
        old = {"user": bot, "status": "kicked" if status == "member" else "member"}
        new: Json = {"user": bot, "status": status}
        if status == "kicked":
            new["until_date"] = 0
        if old["status"] == "kicked":
            old["until_date"] = 0
        return await self.push(
            {
                "my_chat_member": {
                    "chat": self._chat_of(user, None),
                    "from": user.as_json(),
                    "date": int(time.time()),
                    "old_chat_member": old,
                    "new_chat_member": new,
                }
            }
        )

    async def edit_text(self, user: User, message: Json, text: str) -> Json:
        message["text"] = text
        message["edit_date"] = int(time.time()) + 1
        await self.push({"edited_message": _public(message)})
        return message

    async def press(self, user: User, message: Json, key: str) -> Json:
        """Presses the inline button under one of the bot's messages whose data is `key`, or
        starts with `key|` (the project tags a step's buttons with the question's moment)."""
        buttons = [
            b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
        ]
        found = [
            b["callback_data"]
            for b in buttons
            if b.get("callback_data") in (key,)
            or str(b.get("callback_data", "")).startswith(key + "|")
        ]
        assert found, (key, buttons)
        return await self.press_data(user, message, found[0])

    async def press_data(self, user: User, message: Json, data: str) -> Json:
        """A press carrying exactly this data, whatever the keyboard holds (an old or a forged
        button): Telegram delivers whatever data the client sends."""
        query = {
            "id": f"q{next(self._ids)}",
            "from": user.as_json(),
            "chat_instance": "ci",
            "message": _public(message),
            "data": data,
        }
        await self.push({"callback_query": query})
        return query

    async def push(self, update: Json) -> Json:
        update = {"update_id": next(self._update_ids), **update}
        self.updates.append(update)
        self._start_pusher()
        await self._notify()
        return update

    # --- webhook deliveries ---------------------------------------------------------------
    def _start_pusher(self) -> None:
        if self.webhook is not None and (self._pusher is None or self._pusher.done()):
            self._pusher = asyncio.create_task(self._push_to_webhook())

    async def _push_to_webhook(self) -> None:
        """Posts queued updates in order; a non-2xx answer is retried, as Telegram does."""
        assert self._session is not None
        while self.webhook is not None and self.updates:
            url, secret = self.webhook
            update = self.updates[0]
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
            async with self._session.post(url, json=update, headers=headers) as answer:
                self.webhook_answers.append(answer.status)
            if 200 <= answer.status < 300:
                self.delivered_updates.append(self.updates.pop(0))
            else:
                await asyncio.sleep(0.2)
            await self._notify()

    # --- the Bot API ----------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        if request.match_info["token"] != self.token:
            return self._answer(Call(method, params), 401, description="Unauthorized")
        broken = self._break_next.get(method)
        if broken:
            return self._answer(Call(method, params), broken.pop(0), description="Bad Gateway")
        outage = self._outage
        if method in SEND_METHODS and outage is not None and time.monotonic() < outage[0]:
            _, status, retry_after = outage
            if status == 429:
                return self._answer(
                    Call(method, params),
                    429,
                    description=f"Too Many Requests: retry after {retry_after}",
                    parameters={"retry_after": retry_after},
                )
            return self._answer(Call(method, params), status, description="Bad Gateway")
        refusal = self._throttled(method)
        if refusal is not None:
            return self._answer(
                Call(method, params),
                429,
                description=f"Too Many Requests: retry after {refusal}",
                parameters={"retry_after": refusal},
            )
        if method in SEND_METHODS and int(params.get("chat_id", 0)) in self.blocked:
            return self._answer(
                Call(method, params), 403, description="Forbidden: bot was blocked by the user"
            )
        moved = self.migrated.get(_chat_id(params))
        if moved is not None and (method in SEND_METHODS or method == "getChat"):
            return self._answer(
                Call(method, params),
                400,
                description="Bad Request: group chat was upgraded to a supergroup chat",
                parameters={"migrate_to_chat_id": moved},
            )
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._answer(Call(method, params), 404, description="Not Found")
        outcome = await handler(params)
        if isinstance(outcome, tuple):
            status, description = outcome
            return self._answer(Call(method, params), status, description=description)
        return self._answer(Call(method, params), 200, result=outcome)

    def _answer(self, call: Call, status: int, result: Any = None, **error: Any) -> web.Response:
        call.status = status
        self.calls.append(call)
        asyncio.get_running_loop().create_task(self._notify())
        if status == 200:
            return web.json_response({"ok": True, "result": result})
        return web.json_response({"ok": False, "error_code": status, **error}, status=status)

    def _throttled(self, method: str) -> float | None:
        pending = self._fail_next.get(method)
        if pending:
            return pending.pop(0)
        if self._rate is not None and method in SEND_METHODS:
            count, window, retry_after = self._rate
            now = time.monotonic()
            self._recent_sends = [t for t in self._recent_sends if t > now - window]
            if len(self._recent_sends) >= count:
                return retry_after
            self._recent_sends.append(now)
        return None

    async def _m_getMe(self, _: Json) -> Json:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "投诉助手",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getUpdates(self, params: Json) -> Any:
        if self.webhook is not None:
            return 409, "Conflict: can't use getUpdates method while webhook is active"
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        if not self.updates and timeout > 0:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self.updates) or self._closing), timeout
                    )
        batch = self.updates[: int(params.get("limit") or 100)]
        for update in batch:
            if update not in self.delivered_updates:
                self.delivered_updates.append(update)
        return batch

    async def _m_setWebhook(self, params: Json) -> bool:
        self.webhook = (params["url"], params.get("secret_token"))
        self._start_pusher()
        return True

    async def _m_deleteWebhook(self, params: Json) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _m_getWebhookInfo(self, _: Json) -> Json:
        return {
            "url": self.webhook[0] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def _m_getChat(self, params: Json) -> Any:
        chat_id = int(params["chat_id"])
        if chat_id in self.groups:
            return self.groups[chat_id]
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "user"}
        return 400, "Bad Request: chat not found"

    async def _m_setMyCommands(self, _: Json) -> bool:
        return True

    async def _m_answerCallbackQuery(self, _: Json) -> bool:
        return True

    def _bot_message(self, chat_id: int, **content: Any) -> Json:
        chat = (
            {"id": chat_id, "type": "private", "first_name": "user"}
            if chat_id > 0
            else {"id": chat_id, "type": "supergroup", "title": "客服组"}
        )
        return self._message(
            chat,
            {"id": BOT_ID, "is_bot": True, "first_name": "投诉助手", "username": BOT_USERNAME},
            **content,
        )

    async def _m_sendMessage(self, params: Json) -> Json:
        content: Json = {"text": params["text"]}
        if params.get("message_thread_id"):
            content["message_thread_id"] = int(params["message_thread_id"])
        if params.get("reply_markup"):
            content["reply_markup"] = params["reply_markup"]
        return _public(self._bot_message(int(params["chat_id"]), **content))

    async def _m_sendPhoto(self, params: Json) -> Json:
        file_id, unique = self.upload(params["photo"])
        size = {
            "file_id": file_id,
            "file_unique_id": unique,
            "width": 800,
            "height": 600,
            "file_size": len(params["photo"]),
        }
        return _public(self._bot_message(int(params["chat_id"]), photo=[size]))

    async def _m_sendDocument(self, params: Json) -> Json:
        file_id, unique = self.upload(params["document"])
        document = {
            "file_id": file_id,
            "file_unique_id": unique,
            "file_size": len(params["document"]),
        }
        return _public(self._bot_message(int(params["chat_id"]), document=document))

    async def _m_editMessageReplyMarkup(self, params: Json) -> Any:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            return 400, "Bad Request: message to edit not found"
        message = self.messages[key]
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return _public(message)

    async def _m_getFile(self, params: Json) -> Any:
        file_id = params["file_id"]
        if file_id not in self.files:
            return 400, "Bad Request: invalid file_id"
        if self.file_sizes[file_id] > DOWNLOAD_LIMIT:
            return 400, "Bad Request: file is too big"
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": self.file_sizes[file_id],
            "file_path": f"files/{file_id}",
        }

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].removeprefix("files/")
        self.calls.append(Call("download", {"file_id": file_id}))
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])


def _chat_id(params: Json) -> int:
    try:
        return int(params.get("chat_id") or 0)
    except (TypeError, ValueError):
        return 0  # "@channel" names: never migrated here


def _public(message: Json) -> Json:
    """The message as the Bot API shows it (without the fake's bookkeeping)."""
    data = {k: v for k, v in message.items() if k != "seq"}
    if "inline_keyboard" not in (data.get("reply_markup") or {}):
        data.pop("reply_markup", None)  # the Bot API shows only inline keyboards on a message
    if "reply_to_message" in data:
        data["reply_to_message"] = _public(data["reply_to_message"])
    return data


async def _params(request: web.Request) -> Json:
    params: Json = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = value.file.read()
        elif key in _JSON_PARAMS:
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        else:
            params[key] = value
    return params


@contextlib.asynccontextmanager
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    try:
        yield fake
    finally:
        await fake.stop()
