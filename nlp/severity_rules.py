# ruff: noqa: E501  (word lists and patterns read better unwrapped)
"""Severity triggers that must never be missed (DOMAIN.md §3, issue 3): rules over the model.

Each rule names why it fired, for the agent: "关键词: 拉肚子 → 紧急(食品安全)".
Amounts: "about ¥10,000 or more" is urgent; digits, Chinese numerals and 万 are parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.cues import compile_fast

URGENT_AMOUNT = 10_000


@dataclass(frozen=True)
class Rule:
    label: str  # shown to agents, in Chinese
    pattern: re.Pattern[str]


def _r(label: str, pattern: str) -> Rule:
    return Rule(label, compile_fast(pattern))


URGENT_RULES: tuple[Rule, ...] = (
    _r("食品安全", r"拉肚子|腹泻|拉稀|吃坏(了)?肚子|上吐下泻|食物中毒|吃.{0,12}(吐了|呕吐)|"
       r"吃出.{0,8}(虫|苍蝇|蟑螂|头发|异物|钢丝|玻璃|塑料|石子|指甲|创可贴)|"
       r"(有|发现|里面|一只|一个).{0,4}(虫子|苍蝇|蟑螂|蛆)|异物|发霉|霉变|长毛了|变质|馊了|"
       r"腐烂|烂菜叶|烂叶子|都是坏的|吃了.{0,10}(不舒服|难受|肚子疼|肚子痛)"),
    _r("行车安全", r"刹车.{0,4}(失灵|失效|偏软|变软|变硬|异常|不灵|抱死|距离长|过度磨损)|制动.{0,4}(失灵|失效|距离)|"
       r"转向.{0,4}(沉重|失灵|失效|卡滞|异常|助力)|方向盘.{0,4}(卡死|锁死|失灵|沉重|跑偏)|"
       r"(行驶|开车|高速|路上).{0,10}(熄火|失速|动力中断|没有动力|失去动力|变速箱.{0,4}(故障|失灵))|"
       r"自动熄火|失速|动力中断|断轴|自燃|爆胎|轮胎.{0,6}(裂|鼓包)|油箱.{0,4}漏|漏油|燃油泄漏|"
       r"安全气囊|abs.{0,8}故障|esp.{0,8}故障|安全隐患|影响身体健康"),
    _r("人身安全", r"受伤|烫伤|划伤|割伤|流血|骨折|住院|送医|急诊|进医院|过敏|中毒|"
       r"起火|着火|爆炸|冒烟|触电|漏电|烧干|干烧|煤气泄漏|燃气泄漏|一氧化碳"),
    _r("监管/媒体/法律", r"(?<!\d)(?:12315|12345|12378)(?!\d)|消协|消费者协会|银监|银保监|保监会|金融监管|人民银行|"
       r"监管局|市场监督|市场监管|工商局|报警|报案|警察|派出所|公安|起诉|法院|律师|诉讼|仲裁|上诉|"
       r"媒体|曝光|记者|电视台"),
    _r("欺诈/冒用", r"诈骗|骗局|盗刷|盗用|冒用|冒名|身份被|串改|篡改|被人.{0,4}(贷款|借款)|"
       r"(不知情|未经.{0,6}同意|没有经过.{0,6}同意).{0,16}(贷款|借款|办理|开通|扣款)|"
       r"(从未|从来没有?|没有)(申请|借过|借款|贷款).{0,10}(征信|借款|贷款|记录)"),
    _r("人身风险", r"自杀|跳楼|轻生|活不下去|不想活|丢了工作|丢掉工作|被辞退|被开除|失去工作|工作丢了"),
    _r("群体事件", r"集体投诉|群体|很多人都|大批|多名|联名|一群人|很多业主|全体业主"),
)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"

# A number with money context around it: a currency word after, or 万 / 元 / 块.
_AMOUNT = re.compile(
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN_NUM}]+)\s*(?P<unit>万|w|k|千)?\s*(?P<cur>元|块|人民币|rmb)?"
)
_NOT_MONEY_DIGITS = re.compile(r"1[3-9]\d{9}|\d{12,}")
_MONEY_CONTEXT = re.compile(r"借|贷|还|欠|扣|赔|付|退|钱|款|费|元|块|额|损失|本金|利息|保费|价")


def cn_to_int(text: str) -> int | None:
    """Chinese numerals to an int: 七万五 -> 75000, 两万七 -> 27000, 一千二百 -> 1200."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, section, digit, last_unit = 0, 0, None, 1
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            if unit >= 10_000:
                section = (section + (digit or 0)) * unit
                total, section = total + section, 0
            else:
                section += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
    if digit is not None:  # 七万五 / 一千二: a trailing digit means one unit below the last
        section += digit * (last_unit // 10 if last_unit >= 10 else 1)
    return total + section


def amounts(text: str) -> list[float]:
    """Money amounts in yuan found in `text` (normalised: half-width, lower case)."""
    found: list[float] = []
    for m in _AMOUNT.finditer(text):
        raw, unit, cur = m.group("num"), m.group("unit"), m.group("cur")
        if raw[0].isdigit():
            value = float(raw.replace(",", ""))
            if _NOT_MONEY_DIGITS.fullmatch(raw.replace(",", "")):
                continue  # phone, card or order number, not money
        else:
            parsed = cn_to_int(raw)
            if parsed is None or (len(raw) == 1 and not unit and raw not in "万亿"):
                continue
            value = float(parsed)
        if unit in ("万", "w"):
            value *= 10_000
        elif unit in ("k", "千"):
            value *= 1000
        window = text[max(0, m.start() - 6) : m.end() + 3]
        if cur or unit in ("万", "w") or _MONEY_CONTEXT.search(window):
            found.append(value)
    return found


# A sum of 10,000 or more needs five digits in a row, a thousands comma, or a multiplier
# (万, 亿, 千, w, k): without one, parsing the amounts cannot find a large one.
_MAYBE_BIG = re.compile(r"\d{5}|\d,\d{3}|[万亿千wk]")


def urgent_reasons(text: str) -> list[str]:
    """Why `text` must be urgent: one line per rule that fired; empty when none did."""
    reasons: list[str] = []
    for rule in URGENT_RULES:
        m = rule.pattern.search(text)
        if m:
            reasons.append(f"关键词: {m.group(0)} → 紧急({rule.label})")
    big = [a for a in amounts(text) if a >= URGENT_AMOUNT] if _MAYBE_BIG.search(text) else []
    if big:
        reasons.append(f"金额: {max(big):,.0f}元 → 紧急(大额损失)")
    return reasons
