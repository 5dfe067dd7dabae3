"""Bot API updates of every kind, in the shapes of an older and a newer Bot API, with what the
bot is expected to make of each (issue 15, "Done means"). Used by test_update_table.py.

"old": as servers before Bot API 9.6 send them (and before 7.0 for forwards: forward_from,
forward_date ...), which older or self-hosted Bot API servers still do; PTB 22.8 cannot read
their polls, so those are skipped. "new": Bot API 10.0 (polls with option persistent_id,
allows_revoting, members_only; forward_origin) plus a field this library does not know yet,
as a newer server would add one. Kinds that did not change between them have one shape,
sent by both with the version's extras.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.bot.fake_telegram import BOT_ID, BOT_USERNAME
from tests.bot.telegram_harness import ACCOUNT, AGENT_GROUP

Json = dict[str, Any]
VERSIONS = ("old", "new")
DATE = 1795390000
OTHER_GROUP = {"id": -100777, "type": "supergroup", "title": "别的群"}
CHANNEL_CHAT = {"id": -100888, "type": "channel", "title": "店铺频道", "username": "shop_news"}
_ids = itertools.count(1)


@dataclass(frozen=True)
class Expect:
    """What one case must lead to. reply: None = no message at all to `chat`; "" = any
    message; else a piece of text the bot's answer holds."""

    reply: str | None = ""
    english: bool = False  # every answer is in English
    evidence: tuple[str, ...] = ()  # kinds of evidence kept for the sender (sorted)
    rows: int | None = None  # inbound messages recorded for the sender (None: don't check)
    toast: bool = False  # an "expired" answerCallbackQuery
    skipped: bool = False  # counted as unreadable in /metrics
    seen_text: str | None = None  # a piece of the Inbound text the core received
    origin: str | None = None  # a piece of the kept origin of forwarded evidence
    chat: str = "user"  # "user" (their private chat) or "group" (the agent group)
    replies: int | None = None  # how many messages the bot sent to the chat


@dataclass(frozen=True)
class Case:
    name: str
    updates: Callable[[str, Json], list[Json]]  # (version, user) -> update bodies
    expect: Expect | dict[str, Expect] = field(default_factory=Expect)  # or per version

    def expected(self, version: str) -> Expect:
        return self.expect[version] if isinstance(self.expect, dict) else self.expect


def user(uid: int, language: str | None = "zh-hans", version: str = "new") -> Json:
    data: Json = {"id": uid, "is_bot": False, "first_name": "客户", "last_name": str(uid)}
    if language:
        data["language_code"] = language
    if version == "new":
        data["is_premium"] = True
    return data


def message(version: str, sender: Json, chat: Json | None = None, **content: Any) -> Json:
    chat = chat or {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}
    data: Json = {"message_id": next(_ids), "date": DATE, "chat": chat, "from": sender, **content}
    if version == "new":
        data["x_field_from_a_newer_bot_api"] = {"kept": "by PTB in api_kwargs"}
    return data


def msg(**content: Any) -> Callable[[str, Json], list[Json]]:
    return lambda version, sender: [{"message": message(version, sender, **content)}]


def file(kind: str, **extra: Any) -> Json:
    number = next(_ids)
    return {
        "file_id": f"{kind}-{number}",
        "file_unique_id": f"u{kind}{number}",
        "file_size": 1234,
        **extra,
    }


def photo_sizes() -> list[Json]:
    return [file("photo", width=90, height=90), file("photo", width=800, height=600)]


def forward(version: str, sender: Json, origin: str) -> list[Json]:
    text = "店长说：这个不退，别烦我。店员小李也这么说。"
    if version == "new":
        shapes = {
            "user": {
                "type": "user",
                "date": DATE - 3600,
                "sender_user": {"id": 42, "is_bot": False, "first_name": "店长"},
            },
            "hidden": {"type": "hidden_user", "date": DATE - 3600, "sender_user_name": "店长"},
            "channel": {
                "type": "channel",
                "date": DATE - 3600,
                "chat": CHANNEL_CHAT,
                "message_id": 9,
            },
        }
        content: Json = {"forward_origin": shapes[origin]}
    else:
        olds = {
            "user": {"forward_from": {"id": 42, "is_bot": False, "first_name": "店长"}},
            "hidden": {"forward_sender_name": "店长"},
            "channel": {"forward_from_chat": CHANNEL_CHAT, "forward_from_message_id": 9},
        }
        content = {**olds[origin], "forward_date": DATE - 3600}
    return [{"message": message(version, sender, text=text, **content)}]


def poll(version: str) -> Json:
    options = [{"text": "好", "voter_count": 0}, {"text": "差", "voter_count": 1}]
    data: Json = {
        "id": f"poll{next(_ids)}",
        "question": "服务怎么样",
        "options": options,
        "total_voter_count": 1,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
    }
    if version == "new":  # Bot API 9.6 and 10.0
        for index, option in enumerate(options):
            option["persistent_id"] = f"opt{index}"
        data.update(allows_revoting=False, members_only=False)
    return data


def poll_answer(version: str, sender: Json) -> list[Json]:
    answer: Json = {"poll_id": "p1", "user": sender, "option_ids": [1]}
    if version == "new":
        answer["option_persistent_ids"] = ["opt1"]
    return [{"poll_answer": answer}]


def album(version: str, sender: Json) -> list[Json]:
    return [
        {
            "message": message(
                version,
                sender,
                photo=photo_sizes(),
                media_group_id="al1",
                **({"caption": "收到的样子"} if index == 0 else {}),
            )
        }
        for index in range(2)
    ]


def edit(version: str, sender: Json) -> list[Json]:
    first = message(version, sender, text="快递员态度很差")
    edited = {**first, "text": "快递员态度很差，还把包裹扔在地上", "edit_date": DATE + 60}
    return [{"message": first}, {"edited_message": edited}]


def button(version: str, sender: Json) -> list[Json]:
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "投诉助手", "username": BOT_USERNAME}
    shown = message(
        version,
        bot,
        chat={"id": sender["id"], "type": "private"},
        text="旧消息",
        reply_markup={"inline_keyboard": [[{"text": "旧按钮", "callback_data": "zz:unknown"}]]},
    )
    return [
        {
            "callback_query": {
                "id": f"cq{next(_ids)}",
                "from": sender,
                "chat_instance": "1",
                "message": shown,
                "data": "zz:unknown",
            }
        }
    ]


def member(status: str, chat: Json | None = None) -> Callable[[str, Json], list[Json]]:
    def build(version: str, sender: Json) -> list[Json]:
        where = chat or {"id": sender["id"], "type": "private", "first_name": "客户"}
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "投诉助手"}
        old = {"user": bot, "status": "member"}
        new: Json = {"user": bot, "status": status}
        if status == "kicked":
            new["until_date"] = 0
        return [
            {
                "my_chat_member": {
                    "chat": where,
                    "from": sender,
                    "date": DATE,
                    "old_chat_member": old,
                    "new_chat_member": new,
                }
            }
        ]

    return build


def other(kind: str, body: Callable[[str, Json], Json]) -> Callable[[str, Json], list[Json]]:
    return lambda version, sender: [{kind: body(version, sender)}]


def reaction(version: str, sender: Json) -> Json:
    return {
        "chat": {"id": sender["id"], "type": "private"},
        "message_id": 1,
        "user": sender,
        "date": DATE,
        "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "👍"}],
    }


def group_service(**content: Any) -> Callable[[str, Json], list[Json]]:
    group = {
        "id": AGENT_GROUP.id,
        "type": "supergroup",
        "title": AGENT_GROUP.title,
        "is_forum": True,
    }
    return lambda version, sender: [{"message": message(version, sender, chat=group, **content)}]


SILENT = Expect(reply=None, rows=0)
SILENT_GROUP = Expect(reply=None, chat="group")

CASES: list[Case] = [
    # --- private messages, every content type ---------------------------------------------
    Case(
        "start",
        msg(text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]),
        Expect("投诉受理助手", rows=1),
    ),
    Case("text_account", msg(text=ACCOUNT), Expect("", rows=1)),
    Case(
        "text_with_hidden_link",
        msg(
            text="订单页面在这里，快递说已签收但我没收到",
            entities=[
                {"type": "text_link", "offset": 0, "length": 3, "url": "https://shop.example/o/1"}
            ],
        ),
        Expect("", seen_text="https://shop.example/o/1"),
    ),
    Case(
        "photo", msg(photo=photo_sizes(), caption="收到就是坏的"), Expect("", evidence=("photo",))
    ),
    Case(
        "document",
        msg(document=file("doc", file_name="小票.pdf", mime_type="application/pdf")),
        Expect("", evidence=("document",)),
    ),
    Case(
        "video",
        msg(video=file("video", width=640, height=480, duration=3, mime_type="video/mp4")),
        Expect("", evidence=("video",)),
    ),
    Case(
        "animation",
        msg(
            animation=file("anim", width=320, height=240, duration=2, mime_type="video/mp4"),
            document=file("anim-doc", mime_type="video/mp4"),
        ),
        Expect("", evidence=("video",)),
    ),
    Case(
        "voice",
        msg(voice=file("voice", duration=4, mime_type="audio/ogg")),
        Expect("", evidence=("voice",)),
    ),
    Case(
        "audio",
        msg(audio=file("audio", duration=4, mime_type="audio/mpeg")),
        Expect("", evidence=("voice",)),
    ),
    Case(
        "video_note",
        msg(video_note=file("vnote", length=240, duration=3)),
        Expect("", evidence=("video",)),
    ),
    Case(
        "sticker",
        msg(
            sticker=file(
                "sticker",
                width=512,
                height=512,
                is_animated=False,
                is_video=False,
                type="regular",
                emoji="😡",
            )
        ),
        Expect("", rows=1),
    ),
    Case("dice", msg(dice={"emoji": "🎲", "value": 3}), Expect("", rows=1)),
    Case(
        "location",
        msg(location={"latitude": 39.9, "longitude": 116.4}),
        Expect("", evidence=("location",)),
    ),
    Case(
        "venue",
        msg(
            location={"latitude": 39.9, "longitude": 116.4},
            venue={
                "location": {"latitude": 39.9, "longitude": 116.4},
                "title": "朝阳门店",
                "address": "朝阳门外大街1号",
            },
        ),
        Expect("", evidence=("location",)),
    ),
    Case(
        "own_contact",
        lambda version, sender: [
            {
                "message": message(
                    version,
                    sender,
                    contact={
                        "phone_number": "13812345678",
                        "first_name": "客户",
                        "user_id": sender["id"],
                    },
                )
            }
        ],
        Expect("", evidence=(), seen_text="13812345678"),
    ),
    Case(
        "foreign_contact",
        msg(contact={"phone_number": "13900001111", "first_name": "店长"}),
        Expect("", evidence=("contact",)),
    ),
    Case(
        "poll_message",
        lambda version, sender: [{"message": message(version, sender, poll=poll(version))}],
        {"old": Expect(reply=None, rows=0, skipped=True), "new": Expect("", rows=1)},
    ),
    Case(
        "successful_payment",
        msg(
            successful_payment={
                "currency": "CNY",
                "total_amount": 100,
                "invoice_payload": "x",
                "telegram_payment_charge_id": "t",
                "provider_payment_charge_id": "p",
            }
        ),
        SILENT,
    ),
    Case(
        "english",
        lambda version, sender: [
            {
                "message": message(
                    version,
                    {**sender, "language_code": "en-US"},
                    text="The courier was rude and threw my parcel",
                )
            }
        ],
        Expect("", english=True),
    ),
    Case(
        "arabic_falls_back_to_english",
        lambda version, sender: [
            {
                "message": message(
                    version, {**sender, "language_code": "ar"}, text="المندوب كان وقحا ورمى الطرد"
                )
            }
        ],
        Expect("", english=True),
    ),
    Case(
        "from_a_bot",
        lambda version, sender: [
            {"message": message(version, {**sender, "is_bot": True}, text="spam")}
        ],
        SILENT,
    ),
    # --- albums, forwards, edits, buttons -------------------------------------------------
    # Each update of an album is recorded before Telegram hears 200 (issue 10), one turn
    # answers them all.
    Case("album", album, Expect("", evidence=("photo", "photo"), rows=2, replies=1)),
    Case(
        "forward_from_user",
        lambda v, s: forward(v, s, "user"),
        Expect("", evidence=("forward",), origin="店长"),
    ),
    Case(
        "forward_from_hidden_user",
        lambda v, s: forward(v, s, "hidden"),
        Expect("", evidence=("forward",), origin="店长"),
    ),
    Case(
        "forward_from_channel",
        lambda v, s: forward(v, s, "channel"),
        Expect("", evidence=("forward",), origin="店铺频道"),
    ),
    Case("edit", edit, Expect("", rows=2, seen_text="扔在地上")),
    Case("stale_button", button, Expect(reply=None, toast=True, rows=1)),
    # --- updates that are not a customer's message: silence, nothing recorded -------------
    Case(
        "inline_query",
        other("inline_query", lambda v, s: {"id": "iq1", "from": s, "query": "投诉", "offset": ""}),
        SILENT,
    ),
    Case(
        "chosen_inline_result",
        other("chosen_inline_result", lambda v, s: {"result_id": "r1", "from": s, "query": "投诉"}),
        SILENT,
    ),
    Case("message_reaction", other("message_reaction", reaction), SILENT),
    Case(
        "message_reaction_count",
        other(
            "message_reaction_count",
            lambda v, s: {
                "chat": OTHER_GROUP,
                "message_id": 1,
                "date": DATE,
                "reactions": [{"type": {"type": "emoji", "emoji": "👍"}, "total_count": 2}],
            },
        ),
        SILENT,
    ),
    Case("my_chat_member_kicked", member("kicked"), SILENT),
    Case("my_chat_member_member", member("member"), SILENT),
    Case("my_chat_member_in_a_group", member("left", OTHER_GROUP), SILENT),
    Case(
        "chat_member",
        other(
            "chat_member",
            lambda v, s: {
                "chat": OTHER_GROUP,
                "from": s,
                "date": DATE,
                "old_chat_member": {"user": s, "status": "left"},
                "new_chat_member": {"user": s, "status": "member"},
            },
        ),
        SILENT,
    ),
    Case(
        "chat_join_request",
        other(
            "chat_join_request",
            lambda v, s: {"chat": OTHER_GROUP, "from": s, "user_chat_id": s["id"], "date": DATE},
        ),
        SILENT,
    ),
    Case(
        "pre_checkout_query",
        other(
            "pre_checkout_query",
            lambda v, s: {
                "id": "pc1",
                "from": s,
                "currency": "CNY",
                "total_amount": 100,
                "invoice_payload": "x",
            },
        ),
        SILENT,
    ),
    Case(
        "shipping_query",
        other(
            "shipping_query",
            lambda v, s: {
                "id": "sq1",
                "from": s,
                "invoice_payload": "x",
                "shipping_address": {
                    "country_code": "CN",
                    "state": "",
                    "city": "北京",
                    "street_line1": "x",
                    "street_line2": "",
                    "post_code": "100000",
                },
            },
        ),
        SILENT,
    ),
    Case(
        "business_connection",
        other(
            "business_connection",
            lambda v, s: {
                "id": "bc1",
                "user": s,
                "user_chat_id": s["id"],
                "date": DATE,
                "is_enabled": True,
                "can_reply": True,
            },
        ),
        SILENT,
    ),
    Case(
        "business_message",
        lambda v, s: [
            {"business_message": message(v, s, text="我要投诉", business_connection_id="bc1")}
        ],
        SILENT,
    ),
    Case(
        "edited_business_message",
        lambda v, s: [
            {
                "edited_business_message": message(
                    v, s, text="我要投诉！", business_connection_id="bc1", edit_date=DATE + 5
                )
            }
        ],
        SILENT,
    ),
    Case(
        "deleted_business_messages",
        other(
            "deleted_business_messages",
            lambda v, s: {
                "business_connection_id": "bc1",
                "chat": {"id": s["id"], "type": "private"},
                "message_ids": [1],
            },
        ),
        SILENT,
    ),
    Case(
        "poll_update",
        other("poll", lambda v, s: poll(v)),
        {"old": Expect(reply=None, rows=0, skipped=True), "new": SILENT},
    ),
    Case(
        "poll_answer", poll_answer, {"old": Expect(reply=None, rows=0, skipped=True), "new": SILENT}
    ),
    Case(
        "chat_boost",
        other(
            "chat_boost",
            lambda v, s: {
                "chat": CHANNEL_CHAT,
                "boost": {
                    "boost_id": "b1",
                    "add_date": DATE,
                    "expiration_date": DATE + 86400,
                    "source": {"source": "premium", "user": s},
                },
            },
        ),
        SILENT,
    ),
    Case(
        "update_of_a_future_kind",
        other("x_update_from_a_newer_bot_api", lambda v, s: {"from": s, "text": "?"}),
        SILENT,
    ),
    # --- groups and channels --------------------------------------------------------------
    Case("message_in_another_group", msg(chat=OTHER_GROUP, text="/start"), SILENT),
    Case(
        "new_members_in_the_agent_group",
        lambda v, s: group_service(new_chat_members=[s])(v, s),
        SILENT_GROUP,
    ),
    Case(
        "member_left_the_agent_group",
        lambda v, s: group_service(left_chat_member=s)(v, s),
        SILENT_GROUP,
    ),
    Case(
        "forum_topic_created",
        group_service(
            message_thread_id=5,
            is_topic_message=True,
            forum_topic_created={"name": "投诉", "icon_color": 7322096},
        ),
        SILENT_GROUP,
    ),
    Case(
        "pinned_in_the_agent_group",
        lambda v, s: group_service(
            pinned_message={
                "message_id": 3,
                "date": 0,
                "chat": {"id": AGENT_GROUP.id, "type": "supergroup"},
            }
        )(v, s),
        SILENT_GROUP,
    ),
    Case(
        "channel_post",
        lambda v, s: [
            {
                "channel_post": {
                    "message_id": next(_ids),
                    "date": DATE,
                    "chat": CHANNEL_CHAT,
                    "text": "新品上市",
                }
            }
        ],
        SILENT,
    ),
    Case(
        "edited_channel_post",
        lambda v, s: [
            {
                "edited_channel_post": {
                    "message_id": next(_ids),
                    "date": DATE,
                    "edit_date": DATE + 5,
                    "chat": CHANNEL_CHAT,
                    "text": "新品上市！",
                }
            }
        ],
        SILENT,
    ),
]
