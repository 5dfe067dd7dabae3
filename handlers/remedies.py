"""The remedies a complaint asks for (诉求, docs/process.md section 1): all of them, not
only the first.

A remedy is (key, wording): the key is one of docs/process.md's values (refund, exchange, repair,
compensation, apology, improvement, other) that reports count; the wording is what the
customer wrote ("赔偿医药费"), or the option's label when they picked a number. On a ticket
the list is sealed (`remedies_enc`: the wording is free text a customer wrote), with the
keys alone in `remedy_keys` and the first key in `remedy` for the one-key reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storage.models import Ticket
from storage.vault import Vault

REMEDY_KEYS = ("refund", "exchange", "repair", "compensation", "apology", "improvement", "other")

Remedy = tuple[str, str]
Translate = Callable[..., str]


def describe(remedies: Sequence[Remedy], t: Translate, *, with_kind: bool = False) -> str:
    """ "全额退款；赔偿医药费" for the customer; with_kind adds the kind for agents:
    "全额退款（退款/退货）；赔偿医药费（补偿/赔偿）". Empty when there is none."""
    parts = []
    for key, wording in remedies:
        label = t(f"remedy.{key}") if key in REMEDY_KEYS else key
        text = wording or label
        parts.append(f"{text}（{label}）" if with_kind and text != label else text)
    return t("remedy.separator").join(parts)


def on_ticket(ticket: Ticket, vault: Vault) -> list[Remedy]:
    """A ticket's remedies; a ticket filed before the list has its one remedy."""
    stored = vault.open_json(ticket.remedies_enc, default=[])
    if stored:
        return [(str(key), str(text)) for key, text in stored]
    return [(ticket.remedy, ticket.remedy_text or "")] if ticket.remedy else []


def put_on_ticket(ticket: Ticket, remedies: Sequence[Remedy], vault: Vault) -> None:
    """Stores the list (sealed), its keys, and the first remedy in the one-remedy columns."""
    ticket.remedies_enc = vault.seal_json([[key, text] for key, text in remedies])
    ticket.remedy_keys = ",".join(key for key, _ in remedies)[:255] or None
    if remedies:
        ticket.remedy, ticket.remedy_text = remedies[0][0], remedies[0][1][:255]
