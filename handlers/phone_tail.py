"""A phone number corrected by its last digits: "电话打错了 最后是4321", "尾号应该是4321",
"the last four digits are 4321". People on a phone fix the digits they got wrong instead
of typing the whole number again (newcomer trial 7: the bot dropped the number and asked
for all of it)."""

from __future__ import annotations

import re

# A word for the phone must be there: "订单号最后是4321" corrects the order number, which the
# customer types whole (it is no contact and is not guessed at).
_PHONE_WORD = re.compile(r"手机|电话|座机|号码|联系方式|\bphone\b|\bnumber\b|\bmobile\b", re.I)
_OTHER_NUMBER = re.compile(r"订单|单号|运单|快递单|工号|身份证|卡号|order|tracking", re.I)
_TAIL = re.compile(
    r"(?:最后|末尾|尾号|尾数|后\s*(?:[一二三四五六两]|\d)\s*位)(?:[一二三四五六两]|\d)?位?(?:数字)?(?:号码)?"
    r"\s*(?:应该|应当)?\s*(?:是|为|改成|改为|换成)?\s*[:：]?\s*(?P<digits>\d{1,6})(?!\d)"
    r"|\blast\s+(?:\w+\s+)?digits?\s+(?:of\s+(?:my\s+)?(?:phone\s+)?(?:number|phone)\s+)?"
    r"(?:are|is|should\s+be)\s+(?P<en>\d{1,6})(?!\d)"
    r"|\bends?\s+(?:in|with)\s+(?P<ends>\d{1,6})(?!\d)",
    re.I,
)


def corrected_tail(text: str, phone: str | None) -> str | None:
    """`phone` with its last digits replaced by those `text` gives ("最后是4321" makes
    13912345678 into 13912344321), or None when `text` corrects no phone's tail: no phone
    known, no word for the phone, another number named (an order number), or as many digits
    as the whole number. Separators in a landline ("010-6512 3456") stay where they are."""
    if not phone or not _PHONE_WORD.search(text) or _OTHER_NUMBER.search(text):
        return None
    match = _TAIL.search(text)
    if match is None:
        return None
    digits = match["digits"] or match["en"] or match["ends"]
    known = [i for i, ch in enumerate(phone) if ch.isdigit()]
    if len(digits) >= len(known):
        return None
    chars = list(phone)
    for place, digit in zip(known[-len(digits) :], digits, strict=True):
        chars[place] = digit
    new = "".join(chars)
    return new if new != phone else None
