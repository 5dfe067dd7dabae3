"""Pattern fields: e-mail, order number, staff 工号, ID-card number, phone number (a mainland
mobile, also said in Chinese numerals, or a number in international form, else a landline
with its area code).

They run in that order on the normalised text, and each one blanks what it took
(`mask`), so a phone number is never read again as an order number or an amount, and an
order number or a 工号 is never read as a phone number.

Labelled references (`find_references`: "报案号 BA2026…", "claim number CL-55120", "房间号
8808", "号码就是我这个") are read here once, for the account (handlers/story.py) and the place
question (handlers/answer_fields.py) alike. A label may stand apart from its code when the
customer corrects it ("订单号写错了，应该是 DD…", "单号不对 是…", "the order number should be
55321"): the words between (`LABEL_GAP`) are the same for orders and other references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")

_ORDER_WORDS = (
    r"订单编号|订单号码|订单号|快递单号|物流单号|运单号|运单|交易单号|交易号|流水号|保单号|保单"
    r"|工单号|单号|订单|order\s*(?:no\.?|number|id|#)?"
)
# Words between the keyword and the number: 订单号是：…, 订单号改成… (an answer correcting it).
# English: "order no is JD88123456", "order number: …" (newcomer trial 12: "is" stopped it).
_ORDER_BRIDGE = (
    r"[:#：]|是|为|号码|号|改成|改为|换成|更正为|更改为|应该是|应是|应为|就是|正确的?(?:是|为)?"
    r"|is\b|should\s+(?:be|have\s+been)\b|it'?s\b|it\s+is\b"
)
# The customer saying the code given before was wrong, between a label and the new code:
# "订单号写错了，应该是 DD…", "单号不对 是…", "订单号少打了一位：…", "运单号有误 应为…", "order
# number is wrong, it's …", "the order no. was a typo, should be …" (trial 20: the label
# stood apart from the number, so the number was read as nothing, or as a product "DD").
# Only right after a label and only with a code after it, so "订单不对 我买的是黑色的" and
# "the order was wrong" read no number.
_SLIP = (
    r"(?:我|刚才|之前)?(?:写|打|填|输|记|说|弄|搞|看)错了?(?:一位|一个数字?|一个字)?|不对|错了|有误"
    r"|不正确|(?:少|多)(?:打|写|输|填)?了?(?:一|1|两|2)?(?:位|个数字?|个字)"
    r"|(?:is|was)\s+(?:wrong|incorrect)|(?:was\s+)?a\s+typo|typo"
)
LABEL_GAP = rf"(?:\s*(?:{_SLIP})[\s,，.。!！~:：;；]*)?(?:\s*(?:{_ORDER_BRIDGE})){{0,3}}\s*"
# 6+ letters/digits after the keyword, with at least one digit (一个单号 is not a number).
ORDER_RE = re.compile(
    rf"(?:{_ORDER_WORDS}){LABEL_GAP}"
    r"(?P<no>(?=[A-Za-z-]*\d)[A-Za-z0-9][A-Za-z0-9-]{5,})",
    re.IGNORECASE,
)
# A short number right after an order word: "order 5566", "order #5566", "order no. 5566",
# "订单5566" (newcomer trial 17: "order 5566 from your Taobao shop" lost the number; a shop's
# own orders are often numbered so). 3-5 digits with "#" or "no." before them, else 4-5; never
# a sum, a count or a date ("订单2000元", "order 1500 rmb", "订单11月").
SHORT_ORDER_RE = re.compile(
    r"(?<![A-Za-z])(?:订单号码|订单号|订单|单号|order)\s*"
    r"(?:(?P<mark>#|no\.?|number|号码|号|是|为|:)\s*){0,2}"
    # "the order number should be 55321": a slip or a bridge marks the number as one too
    rf"(?P<fix>(?:{_SLIP})[\s,，.。!！~:：;；]*(?:(?:{_ORDER_BRIDGE})\s*){{0,3}}|(?:{_ORDER_BRIDGE})\s*)?"
    r"(?P<no>\d{3,5})(?![\d.,:：]?\d)"
    r"(?!\s*(?:元|块|圆|毛|角|万|件|个|天|号|月|年|日|点|分|多|%|rmb|yuan|kuai|dollars?|usd|"
    r"items?|pieces?|pcs|days?|hours?|weeks?|am|pm)(?![a-z]))",
    re.IGNORECASE,
)
# A bare long digit run right before 订单 words: "2024042800123这个订单".
ORDER_BEFORE_RE = re.compile(r"(?<![\dA-Za-z])(?P<no>\d{8,})(?:这个|这笔|那个|的)?(?:订单|单子)")

# Labels of the references a business or a third party gave the customer (a claim, a
# policy, a case, a waybill, an invoice): kept in the account when no field holds them
# (handlers/story.py). Order words are read by find_order into their own field.
_KNOWN_LABEL = (
    r"(?:报案|保单|理赔|工单|受理|案件|投诉|运单|快递单|退款单|合同|发票|流水|交易)(?:单)?(?:号码|号|编号)"
    r"|\b(?:case|claim|policy|reference|ref|ticket|tracking|invoice)"
    r"(?:\s*(?:ref(?:erence)?\b|no\b\.?|number\b|id\b|#))?"
)
# Any number's label ("房间号", "会员号", "号码"): not after a digit or a blank, so "3号楼",
# "人民路5号" and "11月3号" are no label.
_ANY_LABEL = r"(?<![\d\s])号码?"
# The code: letters, digits and dashes, four or more, a digit among them. Or the number
# pointed at rather than said: "号码就是我这个" (the one they write from).
_REFERENCE_CODE = (
    r"(?P<code>(?=[A-Za-z-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,})|(?P<pointer>我?的?这个|我的)"
)
REFERENCE_RE = re.compile(
    rf"(?:(?P<known>{_KNOWN_LABEL})|(?P<any>{_ANY_LABEL})){LABEL_GAP}(?:{_REFERENCE_CODE})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    """A reference said with its label: "报案号 BA2026111500321", "claim number CL-55120",
    "房间号8808", "号码就是我这个"."""

    label: str  # as written: "报案号", "claim number", "号码"
    code: str | None  # None when the number is pointed at, not said ("我这个")
    known: bool  # the label names a reference's kind (_KNOWN_LABEL), not just any number
    start: int
    end: int


def find_references(text: str) -> list[Reference]:
    """Every labelled reference in `text` (normalised: half-width), in order: a known kind's
    label ("报案号", "保单号", "claim number", see _KNOWN_LABEL) or any 号/号码, then its code,
    maybe after words that correct it ("报案号写错了，应该是…", LABEL_GAP). The one reader of
    references for the account (handlers/story.py) and the place question
    (handlers/answer_fields.py), so the two cannot read them differently."""
    return [
        Reference(
            label=(m["known"] or m["any"]).strip(),
            code=m["code"],
            known=m["known"] is not None,
            start=m.start(),
            end=m.end(),
        )
        for m in REFERENCE_RE.finditer(text)
    ]


# Up to three letters before the digits: insurers' and airlines' staff numbers (PA3302).
STAFF_NO_RE = re.compile(
    r"(?:工号|员工编号|编号)\s*(?:[:#]|是|为)?\s*(?P<no>[A-Za-z]{0,3}\d{2,10})(?![A-Za-z0-9])"
)
# A staff word right before a number: it is the 工号, not a flight number (理赔员工号PA3302,
# newcomer trial 14: filed as order PA3302).
_STAFF_WORD_BEFORE = re.compile(r"(?:工号|员工编号|编号)\s*(?:[:#]|是|为)?\s*$")
# An order known by its last digits ("订单尾号8832"): kept as 尾号8832, so the agent can find
# it (newcomer trial 14: the tail reached no field).
ORDER_TAIL_RE = re.compile(
    r"(?:订单|单号|运单|快递单|物流单)号?\s*(?:的)?(?:尾号|尾数|后四位|末四位|后4位|末4位)"
    r"\s*(?:[:#]|是|为)?\s*(?P<no>\d{3,6})(?!\d)"
)

# +86 / 86- / 0086 prefixes, blanks or dashes between the groups (138 1234 5678, 138-1234-5678).
# The prefix may be bracketed: "(+86) 138 1234 5678" (newcomer trial 20: "(+86)" was left
# beside the number and reached the wish).
PHONE_RE = re.compile(
    r"(?<![\dA-Za-z])(?:[(（]?(?:\+|00)?86[)）]?[\s-]?)?(?P<no>1[3-9]\d(?:[\s-]?\d){8})(?!\d)"
)
# A number in international (E.164) form: "+", a country code other than the mainland's,
# then the subscriber's digits, 7 to 15 digits in all, in any spacing: "+44 7700 900123",
# "+1 (415) 555-0123" (newcomer trial 14: a UK number was told to be 11 mainland digits).
# +86 is the mainland's own and is read by the mainland rules above.
INTL_PHONE_RE = re.compile(
    r"(?<![\dA-Za-z+])\+\s?(?!86)(?P<no>[1-9](?:[\s\-.()]{0,2}\d){6,14})(?![\d])"
)
# A mobile said digit by digit in Chinese numerals, as a voice input writes it, or partly so:
# "一五八一二三四五六七八", "幺三八…", "158 一二三四 5678" (newcomer trial 14: not read). 幺 is
# the spoken 1. Eleven digits starting with 1 in all; blanks or dashes between groups.
_SPOKEN_DIGITS = {"零": "0", "〇": "0", "幺": "1", "一": "1", "二": "2", "两": "2", "三": "3"}
_SPOKEN_DIGITS |= {"四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_SPOKEN = "0-9" + "".join(_SPOKEN_DIGITS)
SPOKEN_PHONE_RE = re.compile(
    rf"(?<![{_SPOKEN}十百千万])(?P<no>[1一幺](?:[\s-]?[{_SPOKEN}]){{10}})(?![{_SPOKEN}十百千万])"
)
# A mainland landline: the area code (010 and 02x have three digits, every other one four),
# then 7-8 local digits not starting with 0 or 1, with or without a dash, blank or brackets
# around the code; an extension after 转/分机/ext/-. "010-64001234", "(0755)88881234",
# "0571 8888123 转 802", "021-5555 6666" (an elderly customer offered their 座机 and was refused).
# Written from abroad or copied from a business card, the country code comes first and the
# area code's 0 goes: "+86 10 6552 1234", "+86-21-5555-1234", "0086 10 65521234", "(+86)
# 755 8888 1234", "+86 (0)10 …"; dots may part the groups too ("021.5555.1234") (newcomer
# trial 17: none of these was read). A bare "86" counts only with a dash ("86-10-…"): "86
# 10…" may be a count and a sum.
_LANDLINE_CC = r"(?:(?:\+\s?|00)86|\(\+?86\)|86(?=-))[\s.-]?(?:\(0\)\s?)?\(?0?"
_AREA_CODE = r"10|2\d|[3-9]\d\d"
LANDLINE_RE = re.compile(
    rf"(?<![\dA-Za-z+])(?:{_LANDLINE_CC}(?P<cc_area>{_AREA_CODE})|\(?(?P<area>0(?:{_AREA_CODE})))"
    r"\)?[\s.-]?(?P<local>[2-9]\d{2,3}[\s.-]?\d{4})"
    r"(?:\s*(?:转|分机|ext\.?|x|-)\s*(?P<ext>\d{1,6}))?(?!\d)",
    re.I,
)
# A resident ID card number (GB 11643): 18 characters, the last a digit or X, with the birth
# date inside; blanked so no other pattern reads its digits, and never stored as a field.
ID_CARD_RE = re.compile(
    r"(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![\dA-Za-z])"
)
ID_CARD_LABEL_RE = re.compile(r"(?:我的)?(?:身份证号码|身份证号|身份证)[\s:是为]*$")
# Labels right before a phone number, blanked with it so 手机 is never read as a product.
# "黄丽 微信同号 13266668888": the WeChat-is-this-number note is a label too (newcomer trial 12:
# it stood between the name and the phone, so the name was not read and 微信 became the place).
PHONE_LABEL_RE = re.compile(
    r"(?:(?:微信|手机|电话|wx|vx)?同号|微信号?|手机号码|手机号|手机|座机号码|座机号|座机|固话|电话号码|电话|联系方式|联系电话|tel|mobile"
    r"|phone|landline)[\s:：是为係系]*$",
    re.I,
)


# Words right before a phone or an e-mail that say what it is or ask to be reached by it:
# "我电话", "打我电话", "联系我", "邮箱", "my cell is", "call me at", "email me at". They belong
# to the contact, never to a wish, an object or a place (newcomer trial 20: "refund; my phone",
# "诉求：退款；打我电话", "邮箱wang@qq" were filed as wishes).
CONTACT_LEAD_RE = re.compile(
    r"(?:(?:(?:我|俺|本人)的?)?(?:联系)?(?:手机号码|手机号|手机|电话号码|电话|联系方式|联系电话|座机|"
    r"电子邮箱|邮箱|邮件|微信号?)"
    r"|(?:打|拨打?|联系|致电|回电话?|发邮件|发到)(?:给)?(?:我|俺)?的?(?:这个)?"
    r"(?:手机号码|手机号|手机|电话|邮箱)?"
    r"|\b(?:(?:my|our)\s+)?(?:phone|mobile|cell|tel|telephone|contact|whatsapp|e-?mail|number)"
    r"(?:\s+(?:number|no\.?|address|details))?(?:\s+is)?"
    r"|\b(?:call|text|ring|reach|contact|e-?mail|message|phone)\s+(?:me|us)"
    r"(?:\s+(?:at|on|via|back\s+(?:at|on)))?)"
    r"[\s:：是为]*[(（]?$",
    re.I,
)
_CONTACT_LEAD_CHARS = 24  # how far back a lead is looked for


def contact_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds a phone (mainland, international or landline) or an e-mail, each
    span widened over the words before it that lead to it (CONTACT_LEAD_RE) and a bracket
    closing it."""
    found = [m.span() for m in EMAIL_RE.finditer(text)]
    for pattern in (PHONE_RE, INTL_PHONE_RE, LANDLINE_RE, *(p for _, p in _BARE_CODE_RE)):
        found += [
            m.span()
            for m in pattern.finditer(text)
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in found)
        ]
    spans = []
    for start, end in sorted(found):
        lead = CONTACT_LEAD_RE.search(text, max(0, start - _CONTACT_LEAD_CHARS), start)
        if lead:
            start = lead.start()
        if text[end : end + 1] in (")", "）"):
            end += 1
        spans.append((start, end))
    return spans


def without_contacts(text: str) -> str:
    """`text` with every phone and e-mail, and the words that lead to them ("my cell is",
    "打我电话", "邮箱"), replaced by a blank: what is left for a free-text field, which never
    keeps a contact (docs/process.md section 1). `text` itself when it holds none."""
    for start, end in reversed(contact_spans(text)):
        text = f"{text[:start].rstrip()} {text[end:].lstrip()}"
    return text


def mask(text: str, start: int, end: int) -> str:
    """`text` with [start, end) blanked by a character no pattern matches (same length)."""
    return text[:start] + "\x00" * (end - start) + text[end:]


def find_email(text: str) -> tuple[str | None, str]:
    """(the first e-mail address with its domain lower-cased, `text` with it blanked by
    `mask`); (None, text) when there is none."""
    m = EMAIL_RE.search(text)
    if not m:
        return None, text
    local, _, domain = m.group().partition("@")
    lead = CONTACT_LEAD_RE.search(text, max(0, m.start() - _CONTACT_LEAD_CHARS), m.start())
    return f"{local}@{domain.lower()}", mask(text, lead.start() if lead else m.start(), m.end())


# A flight number (an airline's two-character code and 3-4 digits: CA1234, MU5101, 3U8888)
# or a train number said with a train word (G123, D2285): the booking's reference, kept as the
# order number, so a correction of it ("wait no it was CA1324") replaces it (newcomer trial 11:
# the flight number was lost, its correction kept as story).
# A courier's tracking number, said bare ("SF1234567890123", "YT7654321098765",
# "JDV012345678901"): the courier's letters and 9-15 digits. A fact of the complaint kept as
# its order number, never a ticket number (newcomer trial 22: "SF1234567890123" at the
# evidence question was looked up as a ticket and lost; handlers/words.py reads it so too).
COURIER_NO_RE = re.compile(
    r"(?<![A-Za-z0-9])(?P<no>(?:SF|YT|JD[VX]?|ZTO|STO|YD|JT|DPK|EMS|ZJS|KYE|ANE|YZ)\d{9,15})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


FLIGHT_RE = re.compile(
    r"(?<![A-Za-z0-9])(?P<no>(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\d{3,4})(?![A-Za-z0-9])"
)
_TRAIN_WORDS = re.compile(r"车次|高铁|动车|火车|列车|\btrain\b", re.IGNORECASE)
TRAIN_RE = re.compile(r"(?<![A-Za-z0-9])(?P<no>[GDCZTK]\d{1,4})(?![A-Za-z0-9])")


# A mainland licence plate: the province's character, the city's letter, then five letters
# and digits (six for a new-energy car), maybe with a dot or blank after the letter:
# 京B12345, 粤B·D12345. Kept whole, never read as a flight or order number (newcomer trial
# 15: "车牌京B12345" was filed as order B12345, the province lost). I and O are not used.
PLATE_RE = re.compile(
    r"(?P<no>[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Za-hj-np-z][·•・.\s]?[A-HJ-NP-Z0-9a-hj-np-z]{5,6})(?![A-Za-z0-9])"
)


def find_plate(text: str) -> tuple[str | None, str]:
    """(the first licence plate, upper case without a separator, "京B12345"; `text` with
    it blanked by `mask`); (None, text) when there is none."""
    m = PLATE_RE.search(text)
    if not m:
        return None, text
    plate = re.sub(r"[·•・.\s]", "", m["no"]).upper()
    if not any(ch.isdigit() for ch in plate):
        return None, text  # "京BJ…" letters only: a word, not a plate
    return plate, mask(text, m.start(), m.end())


def find_order(text: str) -> tuple[str | None, str]:
    """(the order number after an order word, 6+ letters and digits with a digit, or 8+
    digits before 订单, or a courier's tracking number said bare (COURIER_NO_RE), or a short
    one right after an order word (SHORT_ORDER_RE), or a flight or train number; `text`
    with keyword and number blanked); (None, text) if none."""
    m = ORDER_RE.search(text) or ORDER_BEFORE_RE.search(text)
    if not m and (courier := COURIER_NO_RE.search(text)):
        return courier["no"].upper(), mask(text, courier.start(), courier.end())
    if not m and (tail := ORDER_TAIL_RE.search(text)):
        return f"尾号{tail['no']}", mask(text, tail.start(), tail.end())
    short = None if m else SHORT_ORDER_RE.search(text)
    if short and (short["mark"] or short["fix"] or len(short["no"]) >= 4):
        return short["no"], mask(text, short.start(), short.end())
    m = m or next(
        (f for f in FLIGHT_RE.finditer(text) if not _STAFF_WORD_BEFORE.search(text, 0, f.start())),
        None,
    )
    if not m and _TRAIN_WORDS.search(text):
        m = TRAIN_RE.search(text)
    if not m:
        return None, text
    return m["no"], mask(text, m.start(), m.end())


def find_staff_no(text: str) -> tuple[str | None, str]:
    """(the staff number as "工号" + its 2-10 digits, optionally after one letter; `text`
    with it blanked); (None, text) if none."""
    m = STAFF_NO_RE.search(text)
    if not m:
        return None, text
    return f"工号{m['no']}", mask(text, m.start(), m.end())


def spoken_digits(said: str) -> str:
    """The digits of a number said in Chinese numerals or Arabic digits, or both ("幺五八 1234
    五六七八" -> "15812345678"); separators and anything else dropped."""
    return "".join(
        _SPOKEN_DIGITS.get(ch, ch) for ch in said if ch.isdigit() or ch in _SPOKEN_DIGITS
    )


def _spoken_mobile(text: str) -> tuple[re.Match[str], str] | None:
    """The first mobile said (partly) in Chinese numerals, with its 11 digits; None if none."""
    for m in SPOKEN_PHONE_RE.finditer(text):
        digits = spoken_digits(m["no"])
        if not m["no"].isascii() and _MOBILE_DIGITS.fullmatch(digits):
            return m, digits
    return None


_MOBILE_DIGITS = re.compile(r"1[3-9]\d{9}")


def _landline(m: re.Match[str]) -> str:
    """A LANDLINE_RE match in the one form every landline is kept in: "010-65521234", the
    area code with its 0 (the +86 dropped) and "转802" when an extension was given."""
    area = m["area"] or "0" + m["cc_area"]
    local = re.sub(r"\D", "", m["local"])
    return f"{area}-{local}" + (f"转{m['ext']}" if m["ext"] else "")


def find_phone(text: str) -> tuple[str | None, str]:
    """(the first phone number: a mainland mobile as 11 digits, +86/0086 and separators
    dropped, or a number in international form as "+" and its digits ("+447700900123"),
    whichever comes first; else a mobile said in Chinese numerals ("一五八…") as its 11
    digits; else the first landline as "010-64001234" (with "转802" when an extension is
    given); `text` with it and a label right before it (手机, 电话, 座机) blanked); (None,
    text) if none."""
    m = PHONE_RE.search(text)
    intl = INTL_PHONE_RE.search(text)
    if intl and (m is None or intl.start() < m.start()):
        m, number = intl, "+" + re.sub(r"\D", "", intl["no"])
    elif m:
        number = re.sub(r"\D", "", m["no"])
    elif spoken := _spoken_mobile(text):
        m, number = spoken
    elif m := LANDLINE_RE.search(text):
        number = _landline(m)
    else:
        return None, text
    label = PHONE_LABEL_RE.search(text, max(0, m.start() - 10), m.start())
    # "call me at", "my cell is": the words leading to it are no object's nor wish's either
    lead = CONTACT_LEAD_RE.search(text, max(0, m.start() - _CONTACT_LEAD_CHARS), m.start())
    start = min(x.start() for x in (label, lead) if x) if (label or lead) else m.start()
    return number, mask(text, start, m.end())


# A number abroad written the local way, without its country code: a UK mobile "07700 900123",
# a Taiwan one "0912345678" (a leading 0 and 10-11 digits in all, never "00", and not a
# mainland landline, which find_phone reads first), or at the contact question a Hong Kong or
# Macau one of 8 digits "9123 4567" (`local_number(..., bare_eight=True)`). It cannot be dialled
# from the mainland as written and its country is a guess (07712345678 is also a Nanning
# landline), so it is never kept: the customer is asked once for the number with its country
# code (docs/process.md, contact). Read after find_phone, on what it left.
LOCAL_ABROAD_RE = re.compile(r"(?<![\dA-Za-z+])(?P<no>0[1-9](?:[\s-]?\d){8,9})(?![\d])")
_EIGHT_DIGITS_RE = re.compile(r"(?<![\dA-Za-z+])(?P<no>[4-9]\d{3}[\s-]?\d{4})(?![\d])")


def find_local_number(text: str, bare_eight: bool = False) -> tuple[str | None, str]:
    """(a number abroad written without its country code, as written, see LOCAL_ABROAD_RE;
    `text` with it blanked); (None, text) when there is none. `bare_eight` reads 8 digits
    starting 5-9 too (said at the contact question, where no amount or order is asked); so
    does a phone label right before them at any question ("電話 91234567", "手机：6612 3456")."""
    m = LOCAL_ABROAD_RE.search(text) or (
        _EIGHT_DIGITS_RE.search(text) if bare_eight else _labelled_eight(text)
    )
    if m is None:
        return None, text
    label = PHONE_LABEL_RE.search(text, max(0, m.start() - 10), m.start())
    return m["no"], mask(text, (label or m).start(), m.end())


def _labelled_eight(text: str) -> re.Match[str] | None:
    """The first 8 digits starting 5-9 (a Hong Kong or Macau number) with a phone label right
    before them (PHONE_LABEL_RE: 電話, 手机号, tel); None when there is none."""
    return next(
        (
            m
            for m in _EIGHT_DIGITS_RE.finditer(text)
            if PHONE_LABEL_RE.search(text, max(0, m.start() - 10), m.start())
        ),
        None,
    )


def eight_digits(text: str) -> list[tuple[int, int]]:
    """Where `text` holds 8 digits starting 5-9, in one or two groups ("9123 4567"): the shape
    of a Hong Kong or Macau number, read as one only beside a name or a label (the caller
    decides; nlp/extract.py)."""
    return [m.span("no") for m in _EIGHT_DIGITS_RE.finditer(text)]


# A number of Hong Kong, Macau or Taiwan written the local way, with the region named beside it:
# "香港號碼 91234567", "澳门手机 6612 3456", "台湾的 0912-345-678", "91234567（香港）" (newcomer
# trial 20: the customer said it was a Hong Kong number and was asked for +852). The region
# word decides the country code, so the number is kept in international form as if written
# so ("+85291234567"). Read on the normalised (simplified, lower-case) text after find_phone.
_REGIONS: tuple[tuple[str, str, str], ...] = (
    # (the region's words, its country code, its local numbers)
    (r"香港|hk|hong\s?kong", "852", r"[2-9]\d{3}[\s-]?\d{4}"),
    (r"澳门|macau|macao", "853", r"[26]\d{3}[\s-]?\d{4}"),
    (r"台湾|taiwan", "886", r"0?9\d{2}[\s-]?\d{3}[\s-]?\d{3}|0[2-8](?:[\s-]?\d){7,8}"),
)
# Words that may stand between the region and its number: "香港的手机号是 9123 4567".
_REGION_GAP = (
    r"[\s:：()（）,，]*(?:的)?(?:手机号码|手机号|手机|电话号码|电话|号码|号|座机|mobile|number|phone)?"
    r"(?:是|为|:)?[\s:：()（）]*"
)
_REGION_REACH = 12  # characters between a region word and its number, when not right beside it
# A Taiwan mobile as Taiwan writes it, 09 and 8 digits: no mainland number has this shape (a
# landline with a four-digit code has 7-8 digits more, 11-12 in all), so written in
# traditional characters it is Taiwan's (newcomer trial 20: "不對 電話打錯了 是0912345679").
_TAIWAN_MOBILE = re.compile(r"(?<![\dA-Za-z+])(?P<no>09\d{2}[\s-]?\d{3}[\s-]?\d{3})(?![\d])")


# A Hong Kong mobile: 8 digits starting 5, 7 or 9 (Macau's mobiles start with 6, as some of
# Hong Kong's do, so a 6 stays a number whose code is asked).
# Hong Kong's mobiles start 4 to 9 ("5123 4567", "6123 4567": newcomer trial 24, only 5, 7
# and 9 were read and the rest refused as foreign); read only with a Hong Kong hint.
_HONG_KONG_MOBILE = re.compile(r"[4-9]\d{3}[\s-]?\d{4}")


# What says a conversation is Hong Kong's, not Taiwan's (both write traditional characters):
# characters only written Cantonese uses, or a place in Hong Kong. A Taiwan customer's
# "9123 4567" is no Hong Kong mobile, so without one of these its code is asked.
_HONG_KONG_HINT = re.compile(
    "[嘅咗喺哋嗰啲嚟睇唔冇佢嘢]|(?<![關关聯联連连維维])係(?![數数統统])|香港|港島|港岛|九[龍龙]|新界|旺角|[銅铜][鑼锣][灣湾]|尖沙[咀嘴]|中[環环]|[灣湾]仔|沙田"
    "|[荃][灣湾]|[觀观]塘|油麻地|元朗|屯[門门]|[將将][軍军]澳|深水埗|大埔|北角|太古|西[環环]|葵涌|将军澳"
)


def hong_kong_hint(text: str) -> bool:
    """True when `text` (a message, or a conversation's account and place) shows Hong Kong:
    written Cantonese ("嘅", "咗", "喺") or a Hong Kong place ("旺角", "銅鑼灣"); a bare 8-digit
    mobile is read as Hong Kong's only then (Taiwan writes traditional characters too)."""
    return _HONG_KONG_HINT.search(text) is not None and _MACAU_HINT.search(text) is None


# Macau writes Cantonese too, and its mobiles are 8 digits starting 6: named, no Hong Kong.
_MACAU_HINT = re.compile(r"澳[門门]|氹仔|路[環环]|[Mm]acau")


def hong_kong_mobile(number: str) -> str | None:
    """`number` (8 digits, as find_local_number or eight_digits found them) in international
    form when it can only be a Hong Kong mobile ("98765432" -> "+85298765432"), for a
    conversation held in traditional characters, where it is read so with no region word
    (newcomer trial 22: a Hong Kong customer's own number was refused as foreign); None
    otherwise."""
    plain = number.strip()
    return _international("852", plain) if _HONG_KONG_MOBILE.fullmatch(plain) else None


def _international(code: str, local: str) -> str:
    """`local` (digits and separators) dialled from abroad: "+" the code, the trunk 0 gone."""
    digits = re.sub(r"\D", "", local).removeprefix("0")
    return f"+{code}{digits}"


# A region's country code written without its "+" (or with the international prefix 00),
# maybe bracketed, then the local number: "852 91234567", "(852) 6123 4567", "852-9123-4567",
# "00853 6612 3456", "886-937-123-456", "886 2 2345 6789" (newcomer trial 21: asked for a
# code again, or called invalid). The code is the region named: only these three, and only
# with a whole local number of their own shape after it, so a sum or a count ("852 元") is no
# code. After the code Taiwan's numbers drop their trunk 0 ("886-937…"), or keep it.
_BARE_CODES: tuple[tuple[str, str], ...] = (
    ("852", r"[2-9]\d{3}[\s-]?\d{4}"),
    ("853", r"[26]\d{3}[\s-]?\d{4}"),
    ("886", r"0?9\d{2}[\s-]?\d{3}[\s-]?\d{3}|0?[2-8](?:[\s-]?\d){7,8}"),
)
_BARE_CODE_RE = tuple(
    (
        code,
        re.compile(
            rf"(?<![\dA-Za-z+])[(（]?(?:00)?{code}[)）]?[\s-]{{0,2}}(?P<no>{local})(?![\d])"
        ),
    )
    for code, local in _BARE_CODES
)


def find_regional_number(text: str, traditional: bool = False) -> tuple[str | None, str]:
    """(a Hong Kong, Macau or Taiwan number written without its "+": with its country code
    bare ("852 91234567", "886-937-123-456", see _BARE_CODES), or without a code but with the
    region named beside it ("香港號碼 91234567"), in international form ("+85291234567");
    `text` with the number, and the code, region and label right before it, blanked). With
    `traditional` (the message, or the conversation, is written in traditional characters), a
    Taiwan mobile "0912345678" needs no region word. (None, text) when there is none."""
    for code, pattern in _BARE_CODE_RE:
        if m := pattern.search(text):
            label = PHONE_LABEL_RE.search(text, max(0, m.start() - 10), m.start())
            return _international(code, m["no"]), mask(text, (label or m).start(), m.end())
    for words, code, local in _REGIONS:
        for region in re.finditer(words, text, re.I):
            beside = re.compile(rf"(?:{_REGION_GAP})(?<![\dA-Za-z+])(?P<no>{local})(?![\d])", re.I)
            m = beside.match(text, region.end())
            if m:  # "香港號碼 91234567": the region, its label and the number
                return _international(code, m["no"]), mask(text, region.start(), m.end())
            near = re.compile(rf"(?<![\dA-Za-z+])(?P<no>{local})(?![\d])")
            start = max(0, region.start() - _REGION_REACH - 12)
            for m in near.finditer(text, start, region.end() + _REGION_REACH + 12):
                if m.end() >= region.start() - _REGION_REACH and m.start() <= (
                    region.end() + _REGION_REACH
                ):  # "91234567（香港）", "我是香港的 电话91234567"
                    return _international(code, m["no"]), mask(text, _labelled(text, m), m.end())
    if traditional and (m := _TAIWAN_MOBILE.search(text)):
        return _international("886", m["no"]), mask(text, _labelled(text, m), m.end())
    return None, text


def _labelled(text: str, number: re.Match[str]) -> int:
    """Where `number` starts with the phone label right before it ("手機0912345678"): the
    label is no product (newcomer trial 22: 手機 was filed as the object)."""
    label = PHONE_LABEL_RE.search(text, max(0, number.start() - 10), number.start())
    return label.start() if label else number.start()


def find_id_card(text: str) -> str:
    """`text` with every resident ID card number and a label right before it (身份证号)
    blanked: personal data no field keeps, and digits no other pattern may read."""
    for m in ID_CARD_RE.finditer(text):
        label = ID_CARD_LABEL_RE.search(text, max(0, m.start() - 8), m.start())
        text = mask(text, label.start() if label else m.start(), m.end())
    return text
