"""Masking personal data for display and logs (docs/process.md section 6).

What free text may carry and how each is shown to someone who may not see it whole:

| kind                                   | example                 | shown as             |
|----------------------------------------|-------------------------|----------------------|
| mainland mobile (any spacing, +86)     | 138 1234 5678           | 138****5678          |
| mobile said in Chinese numerals        | 一五八一二三四五六七八  | 一五八****五六七八   |
| international number (+CC, not +86)    | +44 7700 900123         | +44****0123          |
|                                        | +886 912 345 678        | +886****5678         |
| landline with its area code            | 010-62345678            | 010-****5678         |
| landline with +86 / 0086               | +86 10 6552 1234        | +86 10 ****1234      |
| ID card, 18 (last may be X) or 15 long | 110101199003071234      | 1101**********1234   |
| bank card, 16-19 digits (groups of 4)  | 6222 0212 3456 7890 123 | ****0123             |
| e-mail                                 | zhaoqiang@qq.com        | z***@qq.com          |

Full-width digits and letters (１３８…, ＠) are read like their ASCII forms and kept as written.
What is not personal stays whole: amounts, dates, times, ticket numbers (CP20261130001: a
number glued to letters is a code, not a phone), and numbers labelled as orders ("订单号
2024042800123", "order no. 1234567890123456"): an agent needs the order to act, and an order
number identifies a purchase, not a person. A bare 16-19 digit run is taken for a bank card,
since a card shown whole costs more than a masked order number.
"""

from __future__ import annotations

import re

# Full-width forms (U+FF01-FF5E) and the ideographic space, read as ASCII one for one, so
# that match offsets in the folded copy are offsets in the text as written.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FOLDABLE = re.compile("[\uff01-\uff5e\u3000]")


def _folded(text: str) -> str:
    """`text` read through `_FOLD`. Most texts hold none of its characters, and a scan for
    them is several times cheaper than str.translate looking up every character."""
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text


_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # MMDD of a birth date
# A number starts where no letter or digit stands before it (CP20261130001 is a code) and
# ends where no digit follows. Alternatives are tried in order: an 18-digit ID before a card.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_])(?:"
    rf"(?P<id>[1-9]\d{{5}}(?:19|20)\d\d{_DATE}\d{{3}}[\dXx](?![A-Za-z])"
    rf"|[1-9]\d{{5}}\d\d{_DATE}\d{{3}}(?!\d))"
    r"|(?P<card>\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)|\d{16,19}(?!\d))"
    # A mobile in any spacing: "136 1234 5678", "136  1234  5678", "136 - 1234 - 5678"
    # (newcomer trial 12: a number typed with wide gaps went whole into the object field).
    r"|(?P<mobile>(?P<cc>\+?86[ -]{0,3})?1[3-9]\d(?:[ -]{0,3}\d{4}){2}(?!\d))"
    # A number in international form, another country's: "+44 7700 900123" (newcomer trial 14).
    # A mainland landline with the country code, the area code's 0 dropped (or kept):
    # "+86 10 6552 1234", "0086-21-5555-1234", "(+86) 755 8888 1234" (newcomer trial 17).
    r"|(?P<ccland>(?P<ccarea>(?:\+\s?86|0086|\(\+?86\)|86-)[ .-]?(?:\(0\) ?)?\(?0?"
    r"(?:10|2\d|[3-9]\d\d)\)?"
    r"[ .-]?)[2-9]\d{2,3}[ .-]?\d{4}(?!\d))"
    r"|(?P<intl>\+\s?[1-9](?:[ .()-]{0,2}\d){6,14}(?!\d))"
    r"|(?P<land>(?P<area>\(0\d{2,3}\)[ .-]?|0\d{2,3}[ .-]?)\d{3,4}[ .-]?\d{4}(?!\d))"
    r")"
)
# Words right before a number that make it an order's: it stays whole.
_ORDER_LABEL = re.compile(
    r"(?:订单编号|订单号|订单|单号|运单|order\s*(?:no\.?|number|#|id)?)\s*[:：是为#]?\s*$",
    re.IGNORECASE,
)
_LABEL_WINDOW = 16


def _digits(text: str, folded: str) -> str:
    """The digits (and an ID card's X) of `text` as written, full-width kept, read through
    its folded copy."""
    return "".join(ch for ch, plain in zip(text, folded, strict=True) if plain.isalnum())


def _masked_number(match: re.Match[str], text: str) -> str:
    said, folded = text[match.start() : match.end()], match.group()
    digits = _digits(said, folded)
    if match["id"]:
        return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
    if match["card"]:
        return "****" + digits[-4:]
    if match["mobile"]:
        cut = len(match["cc"] or "")
        number = _digits(said[cut:], folded[cut:])
        return said[:cut] + number[:3] + "****" + number[-4:]
    if match["intl"]:  # the whole country code and the last four, as for other phones
        code = digits[: country_code_length(digits)]
        return "+" + code + "****" + digits[len(code) :][-_shown_tail(digits, code) :]
    area = match["ccarea"] if match["ccland"] else match["area"]
    return said[: len(area)] + "****" + digits[-4:]


# ITU-T E.164 country codes are prefix-free: 1 and 7 are the one-digit ones, these the
# two-digit ones, and every other code has three digits (+852, +853, +886, +971...). A mask
# that cut the code at two digits told +886 (Taiwan) as "+88", no country at all (newcomer
# trial 17). A table this small and fixed since 1996 needs no library.
_TWO_DIGIT_CODE = re.compile(r"2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]")


def country_code_length(digits: str) -> int:
    """How many of `digits` (an international number's, without "+") are its country code."""
    if digits[:1] in ("1", "7"):
        return 1
    return 2 if _TWO_DIGIT_CODE.fullmatch(digits[:2]) else 3


def _shown_tail(digits: str, code: str) -> int:
    """How many last digits a masked international number shows: four, as for a mainland
    mobile or a landline, but never more than half of the subscriber's digits."""
    return min(4, (len(digits) - len(code)) // 2)


# A run of digits cut short by an ellipsis ("电话13900001…", "身份证3201021..."): what is left
# of a number a text was cut in (a summary cut before it was masked, kept so in an outbox row
# the web console's timeline shows again). Too short to tell a phone from an ID or a card, so
# no digit of it is shown (newcomer trial 9: 8 of 11 digits showed). Three digits or more:
# "第2…" or "12…" say nothing of a person.
_CUT_NUMBER = re.compile(r"(?<![A-Za-z0-9_])\d(?:[ -]?\d){2,}(?=\s*(?:…|\.\.\.|⋯))")


def _mask_cut_numbers(text: str, folded: str) -> str:
    """`text` with the digits of every cut number (`_CUT_NUMBER`) starred, one for one, so
    offsets stay those of `folded`; labelled order numbers kept."""
    chars = list(text)
    for match in _CUT_NUMBER.finditer(folded):
        if _ORDER_LABEL.search(folded[max(0, match.start() - _LABEL_WINDOW) : match.start()]):
            continue
        for at in range(match.start(), match.end()):
            if folded[at].isdigit():
                chars[at] = "*"
    return "".join(chars)


# A mobile said digit by digit in Chinese numerals, wholly or partly ("一五八一二三四五六七八",
# "158 一二三四 5678"): the same 11 digits, masked the same way (newcomer trial 14: a voice
# input wrote the number so). 幺 is the spoken 1.
_SPOKEN_DIGIT = {"零": "0", "〇": "0", "幺": "1", "一": "1", "二": "2", "两": "2", "三": "3"}
_SPOKEN_DIGIT |= {"四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_SPOKEN = "0-9" + "".join(_SPOKEN_DIGIT)
_SPOKEN_MOBILE = re.compile(
    rf"(?<![{_SPOKEN}十百千万])[1一幺](?:[ -]?[{_SPOKEN}]){{10}}(?![{_SPOKEN}十百千万])"
)
_MOBILE_DIGITS = re.compile(r"1[3-9]\d{9}")
_ANY_DIGIT = re.compile(r"\d")
_ANY_SPOKEN = re.compile(f"[{''.join(d for d in _SPOKEN_DIGIT if not d.isascii())}]")


def _mask_spoken_mobiles(text: str, folded: str) -> str:
    """`text` with the middle four digits of every mobile said in Chinese numerals starred,
    one for one (offsets stay those of `folded`); all-Arabic numbers are left to `_NUMBER`."""
    chars = list(text)
    for match in _SPOKEN_MOBILE.finditer(folded):
        places = [i for i in range(match.start(), match.end()) if folded[i] not in " -"]
        digits = "".join(_SPOKEN_DIGIT.get(folded[i], folded[i]) for i in places)
        if match.group().isascii() or not _MOBILE_DIGITS.fullmatch(digits):
            continue
        for at in places[3:7]:
            chars[at] = "*"
    return "".join(chars)


def mask_numbers(text: str) -> str:
    """`text` with every phone, landline, ID-card and bank-card number masked (see the module
    table), and every number cut short by an ellipsis starred whole; labelled order numbers,
    ticket numbers, dates, times and amounts unchanged."""
    if _ANY_SPOKEN.search(text):  # most texts hold no Chinese numeral: no second pass
        text = _mask_spoken_mobiles(text, _folded(text))
    # Every number below holds a digit (full-width ones are digits too): many replies hold
    # none. A cut number ends in an ellipsis.
    if not _ANY_DIGIT.search(text):
        return text
    folded = _folded(text)
    if "…" in folded or "..." in folded or "⋯" in folded:
        text = _mask_cut_numbers(text, folded)
        folded = _folded(text)
    parts, last = [], 0
    for match in _NUMBER.finditer(folded):
        before = folded[max(0, match.start() - _LABEL_WINDOW) : match.start()]
        if _ORDER_LABEL.search(before):
            continue
        parts += [text[last : match.start()], _masked_number(match, text)]
        last = match.end()
    return _mask_labelled_locals("".join([*parts, text[last:]]))


# A number a phone label leads to, written without its country code ("電話係 5123 4567",
# "my phone 7700 900123"): no shape above reads it, yet it reaches a person. Shown as its
# last four (newcomer trial 24: a number refused for its missing code stayed whole in the
# letter's account while the contact beside it was masked).
_LABELLED_LOCAL = re.compile(
    r"(?:电话|電話|手机|手機|号码|號碼|联系|聯絡|聯繫|联络|\b(?:tel|phone|mobile|cell|whatsapp)\b)"
    r"(?:号码?|號碼?|是|為|为|係|系|no\.?|number|\s|[:：#])*"
    r"(?P<no>(?<![A-Za-z0-9_*])\d(?:[ -]?\d){6,10}(?![\d*]))",
    re.I,
)


def _mask_labelled_locals(text: str) -> str:
    folded = _folded(text)
    parts, last = [], 0
    for match in _LABELLED_LOCAL.finditer(folded):
        start, end = match.span("no")
        parts += [text[last:start], "****" + _digits(text[start:end], folded[start:end])[-4:]]
        last = end
    return "".join([*parts, text[last:]])


def mask_id_numbers(text: str) -> str:
    """`text` with every ID-card number masked ("1101**********1234") and all else as written:
    for readers who may see the rest whole (a ticket's assignee, supervisors). An ID number
    is "masked wherever shown" (docs/process.md section 1): nobody acts on it, and it names a
    person for life (newcomer trial 9: the assignee's /show showed all 18 digits)."""
    folded = _folded(text)
    parts, last = [], 0
    for match in _NUMBER.finditer(folded):
        if match["id"]:
            parts += [text[last : match.start()], _masked_number(match, text)]
            last = match.end()
    return "".join([*parts, text[last:]])


def mask_email(email: str | None) -> str:
    """An e-mail address for display: first character and domain kept ("wang@x.cn" ->
    "w***@x.cn"), full-width forms read too; "" for none. docs/process.md section 6."""
    if not email:
        return ""
    if "@" not in email and "＠" not in email:  # no address (most texts): nothing to mask
        return email
    folded = _folded(email)
    parts, last = [], 0
    for match in _EMAIL.finditer(folded):
        start, end = match.span()
        at = match.start(2)
        parts += [email[last:start], email[start] + "***" + email[at:end]]
        last = end
    return "".join([*parts, email[last:]])


def mask_phone(phone: str | None) -> str:
    """A phone number for display: a mobile's middle four digits hidden ("13812345678" ->
    "138****5678", "+86 138 1234 5678" -> "+86 138****5678"), a landline's local digits but
    the last four ("010-62345678" -> "010-****5678"); anything else as its first two
    characters and "****"; "" for none. docs/process.md section 6."""
    if not phone:
        return ""
    masked = mask_numbers(phone)
    return masked if masked != phone else phone[:2] + "****"


def mask_name(name: str | None) -> str:
    """A name for display: its first character, then one "*" per further character (at
    least one): "王芳" -> "王*"; "" for none. docs/process.md section 6."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_text(text: str) -> str:
    """Masks phones, landlines, ID-card and bank-card numbers and e-mail addresses inside
    free text (for the letter, agents' views and logs); see the module table."""
    return mask_email(mask_numbers(text))


# "我叫王芳", "姓名：王芳", "名字是王芳": a name customers write into their story. Two to four
# Han characters, ending before punctuation, a space, the end or a contact word.
_SAID_NAME = re.compile(
    r"(我叫|我的名字是|名字[是叫:：]?|姓名[是:：]?)\s*([\u4e00-\u9fff]{2,4}?)"
    r"(?=[，,。.；;、:：\s]|$|手机|电话|联系|邮箱|身份证|银行卡)"
)


def mask_personal(text: str, names: tuple[str | None, ...] = ()) -> str:
    """Masks phones, ID and card numbers, e-mails and names inside free text: the `names`
    known for it (e.g. the ticket's customer) wherever they occur, and any name introduced
    with "我叫"/"姓名". "我叫王芳，手机13812345678" -> "我叫王*，手机138****5678"
    (docs/process.md section 6)."""
    masked = mask_text(text)
    for name in sorted(
        {n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True
    ):
        masked = masked.replace(name, mask_name(name))
    return _SAID_NAME.sub(lambda m: m.group(1) + mask_name(m.group(2)), masked)


def mask_platform_id(actor: str | None) -> str | None:
    """A customer's platform id for display ("console:liuyang" -> "console:li****",
    "oAbCdEf123" -> "oA****"): the channel prefix kept, the id's first two characters and
    "****" (none of it when it is that short); None for none. It names a person on their
    platform, so it is masked where the name is."""
    if not actor:
        return actor
    channel, colon, user_id = actor.rpartition(":")
    shown = user_id[:2] if len(user_id) > 4 else ""
    return f"{channel}{colon}{shown}****"
