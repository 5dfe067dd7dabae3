"""The complaint being collected: what the customer has said so far, and what is still missing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from handlers.fields import BY_NAME, FIELD_ORDER, FieldName


@dataclass
class Draft:
    """The answers so far, saved as JSON in the conversation's data between messages.

    The attribute names are the JSON keys of drafts already stored: renaming one loses that
    answer in every open draft. Which attributes answer which question is the field table's
    (handlers/fields.py:FIELDS)."""

    account: str | None = None
    product: str | None = None
    store: str | None = None
    staff: str | None = None
    order_no: str | None = None
    occurred_at: str | None = None  # ISO 8601, aware
    occurred_text: str | None = None
    place: str | None = None
    remedy: str | None = None  # the first remedy's key: what one-key reports count
    remedy_text: str | None = None
    # Every remedy asked for, in order: [key, the customer's wording] (issue 9 item 5).
    remedies: list[list[str]] = field(default_factory=list)
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    evidence_done: bool = False  # the customer sent evidence and moved on, or said "none"
    evidence_skipped: bool = False
    # What the customer said of evidence not sent ("合同照片有 但在家里", "照片在客服聊天记录
    # 里"): filed with the ticket for the agent, shown in the summary.
    evidence_note: str | None = None
    # Why there is none, said with the "none" ("当时没拍 喝了一半才发现的", "手机摔坏了 照片都
    # 没了"; newcomer trial 21): the customer's words, filed for the agent as the evidence's
    # note and shown in the summary beside "none".
    evidence_reason: str | None = None
    # The object as "nothing specific" ("未指明具体对象（没有）") when `product` holds it: a
    # product, store or person named later replaces it (newcomer trial 15: it was kept beside
    # "司机"). Compared with `product`, so an object given in its place since is no none.
    object_none: str | None = None
    # The remedy as "none yet, we propose one" ("暂无具体诉求…（先不用）") when the customer has
    # no remedy in mind at the remedy question ("先不用", "还没想好", "not right now"; newcomer
    # trial 17): a remedy said later replaces it. Compared with the wishes, as object_none.
    remedy_none: str | None = None
    # Questions back the bot could not answer itself ("你们总部在哪？"): filed with the ticket
    # as the customer's questions, so the agent answers them.
    questions: list[str] = field(default_factory=list)
    # Another complaint told while this one is filled in ("另外还有一件事…"): started as a
    # new draft once this one is filed, so it is neither lost nor mixed into this one.
    later: list[str] = field(default_factory=list)
    # Bare values told after that ("上周三晚上11点") that conflicted with this complaint's:
    # that matter's facts, read over its story when it is started (newcomer trial 16).
    later_facts: list[str] = field(default_factory=list)
    # The first words when they held only facts ("上周在你们苏宁买的手机": a time, a store, a
    # product, no story): the facts are read in and the story asked for; the account opens
    # with these words once it is told (newcomer trial 16: the account was the line after).
    opening: str | None = None
    # Reached in this chat only: the customer refused a phone and an e-mail and chose this
    # chat (newcomer trial 17: the refusal was a dead end). Answers the contact question.
    contact_chat_only: bool = False
    # Values the account quoted that a correction replaced there, "old → new" (newcomer
    # trial 17): filed as an event, so the agent can still see what was first said.
    restated: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Draft:
        """The draft from its stored JSON; keys it does not know (older drafts) are dropped."""
        return cls(**{k: v for k, v in (data or {}).items() if k in _KNOWN_SET})

    def to_json(self) -> dict[str, Any]:
        """The draft as a JSON object, keyed by attribute name: a new dict whose lists are
        copies (one level deep, which is all a draft holds: strings, or [key, wording] pairs).
        Not `dataclasses.asdict`, which deep-copies every value (issue 11 item 3: 0.3 ms a
        turn in the profile)."""
        values = {name: getattr(self, name) for name in _KNOWN}
        for name in _LISTS:
            values[name] = [list(v) if isinstance(v, list) else v for v in values[name]]
        return values

    def has(self, field: str) -> bool:
        """Whether a question's answer is already known; raises KeyError for a name that is
        no field of handlers/fields.py:FIELDS."""
        return BY_NAME[field].answered(self)

    def missing(self) -> list[FieldName]:
        """The fields still to ask, in the order they are asked."""
        return [field for field in FIELD_ORDER if not self.has(field)]

    def remedy_list(self) -> list[tuple[str, str]]:
        """Every remedy as (key, wording); a draft saved before the list has its one remedy."""
        if self.remedies:
            return [(key, text) for key, text in self.remedies]
        return [(self.remedy, self.remedy_text or "")] if self.remedy else []

    def set_remedies(self, remedies: list[tuple[str, str]]) -> None:
        """Replaces the remedies (first one also as `remedy`), one per key, in order."""
        kept: list[list[str]] = []
        for key, text in remedies:
            if key and all(key != other for other, _ in kept):
                kept.append([key, text])
        self.remedies = kept
        self.remedy, self.remedy_text = (kept[0][0], kept[0][1]) if kept else (None, None)

    def add_remedies(self, remedies: list[tuple[str, str]]) -> None:
        """Adds the remedies not asked for yet, after those already known. A wish of a kind
        known said again with more words that hold the known ones ("退卡，剩下的钱退给我"
        after "退卡"; newcomer trial 21: the second half was lost) replaces its wording."""
        said = dict(remedies)
        known = [
            (key, _joined_wording(text, said.get(key, ""))) for key, text in self.remedy_list()
        ]
        self.set_remedies([*known, *remedies])

    def occurred(self) -> datetime | None:
        """When it happened, as an aware datetime, or None when not known yet."""
        return datetime.fromisoformat(self.occurred_at) if self.occurred_at else None

    def object_label(self, order: str | None = None, separator: str = "，") -> str:
        """Product, store, staff and order number in one line; `order` is the order number
        as the reply's language writes it ("订单 N", "order N"), `separator` its comma."""
        parts = [p for p in (self.product, self.store, self.staff) if p]
        if self.order_no:
            parts.append(order or f"订单 {self.order_no}")
        return separator.join(parts)

    def object_key(self) -> str | None:
        """What a repeat complaint is matched on: the product, else the store, else the staff."""
        key = self.product or self.store or self.staff
        return key.strip().lower()[:255] if key else None


_KNOWN: tuple[str, ...] = tuple(f.name for f in fields(Draft))
_KNOWN_SET = frozenset(_KNOWN)  # from_json's test of each key: no scan of the tuple
_LISTS: tuple[str, ...] = tuple(n for n in _KNOWN if isinstance(getattr(Draft(), n), list))


# A sum in a wish's words: "2000", "两千", "800块".
_SUM_SAID = re.compile(r"\d|[一二两三四五六七八九十]+[百千万块元]")


def _joined_wording(known: str, new: str) -> str:
    """The wording of a wish of a kind already known when it is said again as `new`: the
    new words when they hold the known ones ("退卡，剩下的钱退给我" after "退卡"), both when
    the new ones name a sum the known do not hold ("衣柜赔我 两千左右，2000 赔偿"; newcomer
    trial 22: "还有 我要2000 赔偿" at the summary was lost), else the known words."""
    if not new or not known:
        return known
    if known in new:
        return new
    if new not in known and _SUM_SAID.search(new):
        return f"{known}，{new}"
    return known
