"""A phone number corrected by its last digits: "电话打错了 最后是4321", "尾号应该是4321",
"the last four digits are 4321". People on a phone fix the digits they got wrong instead
of typing the whole number again (newcomer trial 7: the bot dropped the number and asked
for all of it)."""

from __future__ import annotations

import re

# A word for the phone names the number corrected: "订单号最后是4321" corrects the order
# number, which the customer types whole (it is no contact and is not guessed at).
_PHONE_WORD = re.compile(r"手机|电话|座机|号码|联系方式|\bphone\b|\bnumber\b|\bmobile\b", re.I)
_OTHER_NUMBER = re.compile(r"订单|单号|运单|快递单|工号|身份证|卡号|order|tracking", re.I)
# Said without a word for the phone, the last digits correct it when the words say they are
# a number's tail (尾号, 后四位) or say a slip ("不对 最后是5679 打错了"; newcomer trial 22:
# the bot asked which field to change), and the phone is the only number on file.
_SLIP = re.compile(r"不对|错了|打错|写错|输错|填错|记错|不是|应该|改成|改为|更正")
_STRONG_TAIL = re.compile(r"尾号|尾数|后\s*(?:[一二三四五六两]|\d)\s*位")
_PLACES = r"(?:[一二三四五六两]|\d)?位?(?:数字)?(?:号码)?"
# What may stand between the tail's word and its digits: the slip ("错了", "打错了，"), then
# "应该是", "改成", a colon.
_BETWEEN = (
    r"\s*(?:(?:也|都)?(?:打|写|输|填|记)?错了?\s*[,，。]?\s*)?"
    r"(?:应该|应当)?\s*(?:是|为|改成|改为|换成)?\s*[:：]?\s*"
)
_TAIL = re.compile(
    rf"(?:最后|末尾|尾号|尾数|后\s*(?:[一二三四五六两]|\d)\s*位){_PLACES}{_BETWEEN}"
    # Not a sum, a date or a count: "最后是5679元", "不对 最后是3号".
    r"(?P<digits>\d{1,6})(?![\d元块万千百%.号日月天点时分秒年个次岁楼栋层])"
    r"|\blast\s+(?:\w+\s+)?digits?\s+(?:of\s+(?:my\s+)?(?:phone\s+)?(?:number|phone)\s+)?"
    r"(?:are|is|should\s+be)\s+(?P<en>\d{1,6})(?!\d)"
    r"|\bends?\s+(?:in|with)\s+(?P<ends>\d{1,6})(?!\d)",
    re.I,
)
# Every tail's words hold one of these: messages without any are passed over at once.
_TAIL_HINTS = ("最后", "末尾", "尾", "位", "last", "end")
# Digits said without a word for the phone: fewer are too often something else.
_BARE_TAIL_DIGITS = 3


def corrected_tail(text: str, phone: str | None, *, other_numbers: bool = False) -> str | None:
    """`phone` with its last digits replaced by those `text` gives ("最后是4321" makes
    13912345678 into 13912344321), or None when `text` corrects no phone's tail: no phone
    known, another number named (an order number), or as many digits as the whole number.
    Without a word for the phone ("电话", "号码"), the words must say a tail (尾号, 后四位)
    or a slip ("不对 最后是5679 打错了"), and no other number be on file (`other_numbers`:
    an order number whose tail it could be). Separators in a landline ("010-6512 3456")
    stay where they are."""
    if not phone or not any(hint in text.lower() for hint in _TAIL_HINTS):
        return None
    if _OTHER_NUMBER.search(text):
        return None
    match = _TAIL.search(text)
    if match is None:
        return None
    if not _PHONE_WORD.search(text):
        said_tail = _STRONG_TAIL.search(text) or _SLIP.search(text)
        if not said_tail or other_numbers or len(match["digits"] or "") < _BARE_TAIL_DIGITS:
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
