"""Chinese numerals (两千, 一百五, 三万, 壹仟) and money amounts (200元, ¥1,299.00, 1.5万).

A small converter of our own rather than cn2an: cn2an builds three converters and parses its
YAML config at import (0.28 s of the 2 s start-up budget) and takes 0.06 ms a call; amounts
and dates need only this subset, which the tests check against cn2an where it is installed.
It also reads the colloquial short forms cn2an rejects (一百五 = 150, 两千五 = 2500, 一万二).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4,
    "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUM_CHARS = "".join(CN_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def cn_int(text: str) -> int | None:
    """Integer value of a Chinese numeral, None when it is not one."""
    if not text or any(ch not in CN_NUM_CHARS for ch in text):
        return None
    if text[0] not in CN_DIGITS and text[0] not in "十拾":  # a bare 万 or 百 is not a number
        return None
    if all(ch in CN_DIGITS for ch in text):  # digit by digit: 二〇二六
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit, last_unit, zero_seen = 0, 0, None, 1, False
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            zero_seen = zero_seen or digit == 0
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit, last_unit, zero_seen = None, _SMALL_UNITS[ch], False
        elif ch == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit, last_unit, zero_seen = 0, None, 10_000, False
        else:  # 亿 multiplies everything before it, 万s included
            total = (total + section + (digit or 0)) * 100_000_000
            section, digit, last_unit, zero_seen = 0, None, 100_000_000, False
    if digit is not None:
        # 一百五 means 150 and 一万二 means 12000: a trailing digit right after a unit of
        # 100 or more counts in the next unit down, unless a 零 said otherwise (一百零五).
        if last_unit >= 100 and not zero_seen:
            digit *= last_unit // 10
        section += digit
    return total + section


def cn_number(text: str) -> Decimal | None:
    """Value of a Chinese numeral with an optional 点 fraction (三点五 = 3.5)."""
    whole, _, frac = text.partition("点")
    value = cn_int(whole)
    if value is None:
        return None
    if not frac:
        return Decimal(value)
    if any(ch not in CN_DIGITS for ch in frac):
        return None
    return Decimal(f"{value}." + "".join(str(CN_DIGITS[ch]) for ch in frac))


def to_number(text: str) -> Decimal | None:
    """Arabic (1,299.00) or Chinese numeral; None when neither."""
    text = text.strip()
    if text and text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    return cn_number(text)


def small_int(text: str) -> int | None:
    """A day, month, hour or count written either way: 28, 二十八, 十."""
    if text.isdigit():
        return int(text)
    return cn_int(text)


# --- money -------------------------------------------------------------------------------

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = f"[{CN_NUM_CHARS}]+(?:点[{''.join(CN_DIGITS)}]+)?"
_NUM = f"(?P<num>{_ARABIC}|{_CN})"
# A Latin multiplier ends its word: "2w" is 20,000, "2wks" two weeks, "3km" a distance.
_MULT = r"(?P<mult>万|千|[wWkK](?![A-Za-z]))?"
_UNIT = r"(?P<unit>块钱|元钱|元|块|圆|rmb|RMB|人民币)?"
# Without a currency sign or a unit, only a sum in 万 (1.5万, 三万) can be money: the
# conditional groups say so in the pattern, so most numbers never reach Python.
AMOUNT_RE = re.compile(
    rf"(?=[¥￥$Rr人\d{CN_NUM_CHARS}])(?:(?P<cur>[¥￥$]|RMB|rmb|人民币)\s*)?(?<![\d.,]){_NUM}{_MULT}\s*(?:多|余)?\s*{_UNIT}"
    rf"(?(cur)|(?(unit)|(?<=[万wW亿])(?![\d{CN_NUM_CHARS}])))"
)
# Things counted in 万 that are not money: 3万公里 is a car's mileage, 2万人 a crowd.
_NOT_MONEY_AFTER = "公里人次个件台辆斤米平步张"
_MULTIPLIERS = {"万": 10_000, "w": 10_000, "W": 10_000, "千": 1000, "k": 1000, "K": 1000}
# "一块蛋糕" is a piece of cake, not one yuan: 块 is money only before these or a non-CJK char.
_AFTER_KUAI_OK = "钱多的了啊吧呢吗也都还就给退赔,.!?;:)。，！？；：、"


def _kuai_is_money(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    nxt = text[end]
    return nxt in _AFTER_KUAI_OK or not ("\u4e00" <= nxt <= "\u9fff") or nxt.isdigit()


def amount_of(match: re.Match[str], text: str) -> Decimal | None:
    """The yuan value of an AMOUNT_RE match, or None when nothing says it is money.

    Money needs a currency sign, a unit (元, 块), or a 万 (1.5万, 三万) not followed by some
    other thing counted (3万公里).
    """
    num, mult, unit = match["num"], match["mult"], match["unit"]
    value = to_number(num)
    if value is None:
        return None
    if mult:
        value *= _MULTIPLIERS[mult]
    wan = (mult or num[-1]) in "万wW亿"
    # 5块优惠券 is money, 一块蛋糕 is a piece: only a Chinese numeral is checked.
    if unit == "块" and not num[0].isdigit() and not _kuai_is_money(text, match.end()):
        return None
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))  # 1.5万 reads 15000, not 15000.0
    if match["cur"] or unit:
        return value
    if wan and (match.end() >= len(text) or text[match.end()] not in _NOT_MONEY_AFTER):
        return value
    return None


# A bare number is money right after a paying word (交了2800, 收费800, 损失三百多) or
# before a money noun (500押金); not when a count follows (付了3次, 扣了2天).
VERB_AMOUNT_RE = re.compile(
    r"(?=[花付交缴扣收多充转损赔退\d])(?:花了|付了|交了|缴了|交|缴|付|扣了|收了|收费|多收了?|多扣了?|充了|转了|损失了?|赔了|退了)我?\s*"
    rf"(?<![\d.,])(?P<num>{_ARABIC}|{_CN})(?:多|余)?"
    rf"(?![\d{CN_NUM_CHARS}次天个年月日号小分秒件台公斤米%期笔倍]|[.,]\d)"
    rf"|(?<![\d.,])(?P<num2>{_ARABIC})(?:多|余)?(?=押金|定金|订金|违约金|手续费)"
)


def verb_amount_of(match: re.Match[str]) -> Decimal | None:
    """The amount of a VERB_AMOUNT_RE match (付了300 -> 300, 多收了二十 -> 20): the number as
    written, in whatever currency the text uses (not read here), whole numbers without
    decimals; None for zero or a number that cannot be read."""
    value = to_number(match["num"] or match["num2"])
    if value is not None and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return value or None


# Numbers that reach a service rather than count money: public hotlines (12315 the consumer
# association, 12345 the city, 12306 the railway, 10086 a carrier, 95588 a bank, 110, 120),
# and any number said as something to call or to complain to ("去12315投诉", "打12345",
# "call 12315"). Newcomer trial 18: "不退我就去12315投诉" was filed as a loss of 12,315元.
# The 123xx lines are all public-service hotlines; 10086 and 10010 the carriers' lines. Other
# service numbers (95588, 110) are read as such only where said as something to call.
_HOTLINE = re.compile(r"123\d\d|10086|10010")
_CALLED_BEFORE = re.compile(r"(?:打了?|拨打?了?|致电|呼叫|call(?:ed|ing)?|dial(?:l?ed)?)\s*$", re.I)
_CALLED_AFTER = re.compile(
    r"\s*(?:去|那里|那边|上)?\s*(?:投诉|举报|反映|热线|电话(?!费)|报警|求助|hotline)", re.I
)
_CODE_BEFORE = re.compile(r"(?<!rmb)(?<!cny)(?<!usd)[A-Za-z#№-]$", re.I)


def service_number(text: str, start: int, end: int) -> bool:
    """Whether the digits text[start:end] name a hotline, a number to call or complain to,
    or a part of a code ("BA2026…", "#12345"): never a sum of money, whatever money words
    stand near it."""
    digits = text[start:end]
    if _HOTLINE.fullmatch(digits) and not _MONEY_UNIT_AFTER.match(text, end):
        return True
    before = text[max(0, start - 6) : start]
    return bool(
        _CALLED_BEFORE.search(before)
        or _CALLED_AFTER.match(text, end)
        or _CODE_BEFORE.search(before)
    )


# A unit right after a number that makes it money even when it looks like a hotline.
_MONEY_UNIT_AFTER = re.compile(r"\s*(?:元|块|rmb|人民币|yuan|万)", re.I)
