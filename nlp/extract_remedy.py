"""What the customer wants (诉求): every remedy named, as docs/process.md values with their wording,
in Chinese or English ("refund", "replace it", "fix it", "an apology").

"要求全额退款并赔偿医药费" asks for two things (issue 9 item 5): each remedy word found starts
one remedy, and its wording runs on to the end of its clause ("赔偿" + "医药费"), so the
agent reads what the customer asked for, not only its kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from nlp.extract_text import A_NOT_A, first_chars

# The staff member to be dealt with: "那个师傅要处理", "处理一下那个店员" (处理 alone is no
# wish: "尽快处理" asks for handling, not for a remedy).
_STAFF = (
    "师傅",
    "店员",
    "服务员",
    "员工",
    "客服",
    "经理",
    "快递员",
    "骑手",
    "司机",
    "保安",
    "导购",
    "工作人员",
    "前台",
    "厨师",
    "销售",
    # At a clinic or a school (newcomer trial 22: "那个护士必须处理" was lost beside 说法).
    "护士",
    "护工",
    "医生",
    "店长",
    "技师",
    "保洁",
)
STAFF = _STAFF
_DISCIPLINE = "|".join(
    [f"{role}(?:要|必须|得|应该)?被?(?:严肃)?(?:处理|处罚|批评)" for role in _STAFF]
    + [f"处理(?:一下)?(?:那个|这个|该)?(?:{'|'.join(_STAFF)})"]
)
# Who serves the customer and may be replaced by another ("换老师", "换个教练", "换人").
_SERVED_BY = (
    "老师",
    "教练",
    "师傅",
    "医生",
    "技师",
    "客服",
    "司机",
    "设计师",
    "美容师",
    "理发师",
    "发型师",
    "店员",
    "服务员",
    "保姆",
    "阿姨",
    "家教",
    "人",
)
_SERVED = "(?:" + "|".join(_SERVED_BY) + ")"
# Services that run on until stopped ("业务", "自动续费").
# Parts of a device replaced to repair it ("换屏", "换个电池").
_PARTS = (
    r"(?:个|块|一块|一个)?新?(?:屏幕|屏|电池|主板|零件|配件|外屏|内屏|摄像头|镜头|键盘|压缩机|轮胎)"
    r"(?![了过])"
)
_SERVICES = "业务|服务|套餐|会员|订阅|自动续费|续费|包月|增值业务|彩铃|流量包|功能|短信提醒"
_STOPS = ("关掉", "关闭", "停掉", "停用", "退订")
# Shipping paid by the business (see "other" below): the fee, who pays, the paying verb.
_FEES = "运费|邮费|快递费|来回运费|退货运费|寄回运费"
_PAYERS = "你们|商家|店家|卖家|你方|贵司|平台|贵店"
_PAYS = "出|承担|负责|付|报销|包|报(?![警案名])"
# Costs the trouble caused, to be paid by the business: "后面检查的医药费你们出", "误工费由商家
# 承担" (newcomer trial 22: lost beside 要个说法); compensation, as 赔医药费.
_COSTS = "医药费|检查费|治疗费|住院费|误工费|交通费|护理费|营养费|维修费|清洗费"
# A remedy said with 把, its object between 把 and the verb: "把押金退了", "把积分补上", "把差价
# 补给我", "把屏幕修好" (newcomer trial 20: at the remedy question they were read as story and
# the question came back). The verb's ending makes it a wish: 了 only where the clause ends
# ("把检查费退了", not "把包裹退了回去"), or 给我/上/掉/好/回来. Who did it before 把 makes it
# the story ("商家把订单退了": see _told), and so does 我 ("我把东西退了": the customer did it,
# unless 给我: "给我把钱退了"; _OWN_DEED).
_BA_OBJECT = r"把(?!握|持|柄|关(?!掉|闭)|手(?![机表环链]))[^\s\x00,，。；;把了]{1,10}?"
_BA_END = (
    r"(?:了(?=[\s\x00,，。；;.!！?？~…吧啊呀哈]|$)"
    r"|给我们?|还我|回给我|给回我|上|掉|好|回来|一下|我)(?!了)"
)


def _ba(verbs: str) -> str:
    """The 把-construction with one of `verbs` (a character class) as its verb."""
    # 辞退 is firing someone, no refund: "把那个保安辞退了" (newcomer trial 21)
    return rf"|{_BA_OBJECT}(?<!辞)[{verbs}]{_BA_END}"


# The same wish with its object said first, before 给我 ("挂号费给我退了", "运费给我赔了"):
# only right after a money word, so "钱已经给我退了" (done) and "他们给我退了" stay the story
# (newcomer trial 21: "我要个说法 挂号费给我退了" kept only the 说法).
_GIVEN_END = r"(?:了(?=[\s\x00,，。；;.!！~…吧啊呀]|$)|回来|掉)?(?![了过吗么没])"


def _given(verbs: str) -> str:
    """A wish whose money comes first, then 给我 and one of `verbs`: "押金给我退了"."""
    return rf"|给(?<=[费钱款金价]给)我们?[{verbs}]{_GIVEN_END}"


# Longest words first inside each group; groups are tried together, the earliest hit wins.
_REMEDIES: tuple[tuple[str, str], ...] = (
    (
        "compensation",
        r"退一赔[三十]|假一赔[三十]|[三十双两]倍赔偿|赔偿|补偿|赔钱|赔付|理赔(?!员|款)"
        # 报销 naming the papers sent for it is the story: "报销材料9月就交齐了" (newcomer
        # trial 14: kept as the wish, and "尽快赔付" said later was lost).
        r"|赔我|你们赔|赔给我|减免|免单|报销(?!材料|资料|单据|凭证|手续|流程|申请)|compensat(?:ion|e)"
        # The verb said last, its object before it: "坏掉的肉要赔", "医药费全报".
        r"|要赔(?![偿付钱礼给])|得赔(?![偿付钱礼给])|必须赔(?![偿付钱礼给])|全赔|都赔|照价赔|赔(?=[^\s,，。]{0,5}?(?:费|钱|款|损失|东西))|赔(?=[吗么]?(?:[\s,.;!?，。；！？…]|$))"
        r"|全报(?!销)|都报(?!销)|给报(?![销警案])|要报(?![警案名到销])"
        # A thing given to make up for it, counted: "再赔个饮料", "赔一杯奶茶" (newcomer trial
        # 10: dropped beside another wish); "赔个新的" is a new one instead (exchange).
        r"|赔(?=[一两]?[个份杯瓶件盒张袋](?![^\s,，。]{0,2}新的))"
        # Some more money, its sum unsaid: "退款 再赔点", "多赔些" (newcomer trial 14: lost).
        r"|赔(?=一?点|些)"
        # A period of the service free of charge: "免一个月费用", "送一个月" (newcomer trial
        # 14: "give me a month free" was dropped beside "fix it").
        r"|免[一两三\d]个?(?:月|星期|周)|送[一两三\d]个?(?:月|星期|周)(?!了)"
        + _ba("补赔")
        + _given("补赔")
        + "".join(
            rf"|{cost}(?:也|都)?(?:要|得|必须|应该)?(?:由|让)?(?:{_PAYERS})(?:来|要|得|必须)?"
            rf"(?:{_PAYS})(?![了过])"
            for cost in _COSTS.split("|")
        ),
    ),
    (
        "refund",
        r"退货退款|全额退款|退款|退房费|退运费|退押金|退定金|退订金|退差价|退学费|退钱|退费"
        r"|退货|退还|把钱退|退回|退我钱|返还|refund"
        # Money back in plain words: "把300退给我", "钱追回来", "寿司钱退".
        r"|退给我|退我|追回来|追回|要回来|拿回来|还我钱|还钱|钱还(?:给)?我"
        # A word that only ends in 退 is no money back: an app that crashes (闪退), a fever or
        # a swelling going down (消退, 减退), going backwards (倒退, 后退), a retreat (撤退)
        # (trial 21: "你们外卖app也老是闪退" was a refund wish and, being only wishes, no story).
        r"|(?<![闪消减倒后撤衰辞劝击进])退(?=[吗么]?(?:[\s\x00,.;!?，。；！？…]|$))"
        # A fee or sum named a few words on: "退一晚房费", "退保养费" (newcomer trial 8: only
        # 退房费 was known, so "退一晚房费" was no refund). Not what was done ("退了").
        r"|退(?![了过])(?=[^\s\x00,，。；;了]{1,5}?(?:费|钱|款))"
        # A sum or a share back is a refund too: "退多收的600", "退一半也行" (newcomer trial
        # 11: "退多收的600" was "other", "退一半" no wish at all).
        r"|退(?![了过休出])(?=[^\s\x00,，。；;了]{0,5}?(?:\x00|\d)|一半|半价|一部分|部分|百分之)"
        # A prepaid card or a course given back for the money left on it: "要求退卡", "退年卡",
        # "退课" (newcomer trial 20: a gym closed with ¥8,000 on the card, the wish was lost).
        r"|退(?:会员|储值|充值|健身|游泳|年|季|月|次)?卡(?![了过号])|退课(?![了过])"
        + _ba("退还")
        + _given("退还"),
    ),
    (
        "exchange",
        r"换货|换新|调换|换一[个台件部辆份箱双](?!"
        + _SERVED
        + r")|换个新的|换个(?!"
        + _SERVED
        + r")"
        # "换台新的", "换部新的": a new one, its measure word said without 一 (newcomer trial 24)
        r"|换[个台件部辆双]新的?|换车|换房|换一间|exchange|replacement"
        # A new one sent or given instead: "赔个新的", "给我补发", "重新发一个" (newcomer trial 7).
        # An invoice sent again ("补发票", "发票重新发一份") is no new goods.
        r"|赔(?:一?[个台件部份双])?新的|补发(?!票)|重新发一[个件台]|重发一[个件台]|再发一[个件台]"
        # Food or goods sent again: "重新送一份", "再送一份", "重新做一份" (newcomer trial 10).
        r"|重新[送做]一?[个件台份杯]|重[送做]一[个件台份杯]|再[送做]一[个件台份杯]" + _ba("换"),
    ),
    # 维修 that is a place or a past event (维修点, 维修店, 维修了三次) is not a request
    # (newcomer trial 15: "在你们鑫达手机维修店换电池" and "旺角嗰間維修店換完屏幕" were filed
    # as wishes).
    # 检修: a check-up and repair ("免费检修", newcomer trial 11: dropped between two wishes).
    # A service cut off and wanted back: "赶紧来水", "恢复供水", "通网" (newcomer trial 12:
    # dropped beside 给个说法); 来电 is no call here ("来电显示"), nor 来水 自来水 (see _hits).
    (
        "repair",
        r"维修(?![点站中心师傅人员了过费店铺厂部处单完])|检修(?![点站了过费])|修好|修理|上门修|返修|修一下|repair"
        # Someone sent to repair it: "赶紧派人修", "派个师傅来修" (newcomer trial 22: lost).
        r"|派个?(?:人|师傅)(?:来|过来|上门)?修(?![了过])"
        r"|来水(?![了过])|来电(?![了过话显提])|来暖(?![了过])|来气(?![了过])"
        r"|恢复(?:供水|供电|供暖|供气|网络|信号|通话|通信|宽带|上网|用水|用电)(?![了过])"
        r"|通网(?![了过])|通水(?![了过])|通电(?![了过])"
        # A broken part replaced is the device repaired: "免费换屏", "给我换电池" (newcomer
        # trial 20: lost). Only when asked for (_part_asked): "在维修店换电池" is the story.
        r"|免费换" + _PARTS + r"|换" + _PARTS + _ba("修"),
    ),
    # "道个歉", "道一下歉": the verb split by a measure word (newcomer trial 18).
    (
        "apology",
        r"书面道歉|公开道歉|当面道歉|道歉|道[个一下声句]{1,2}歉|赔礼|赔不是|致歉|apolog(?:y|i[sz]e)|say\s+sorry",
    ),
    (
        "improvement",
        r"改进|整改|改正|加强培训|加强管理|培训一下|处分|开除|处罚|追责|严惩|"
        + _DISCIPLINE
        # A staff member fired, said with 把: "把那个店员开了", "把他们经理炒了" (newcomer trial
        # 21: dropped beside a refund). Someone else doing it is the story (_told).
        + r"|把(?:你们的?|他们的?)?(?:那个|这个|那位|这位|该)?(?:"
        + "|".join(_STAFF)
        + r")(?:给我)?(?:开了|开掉|开除了?|辞退了?|辞了|炒了|炒掉)",
    ),
    (
        "other",
        # An account of what happened, asked for in any of its usual words: "给我个说法",
        # "讨个说法", "要一个交代", "给我们一个合理的解释" (newcomer trial 20: only 给个说法 and
        # 要个说法 were known, so "给我个说法 退钱" kept only the refund). A measure word is
        # needed after 给/要: "要交代一下情况" tells, "说法律上" is no 说法.
        r"给(?:我们?)?一?个(?:合理|满意|明确|正式)?的?(?:说法|交代|解释)"
        r"|要一?个(?:合理|满意|明确|正式)?的?(?:说法|交代|解释)"
        r"|讨(?:回|要)?一?个?(?:说法|公道)(?!律)|还我们?一?个?公道|解释清楚"
        # A promise kept: "要求兑现", "请兑现承诺", "履行合同" (newcomer trial 20: a car
        # dealer's promised free services; the wish was lost).
        r"|兑现(?![了过])(?:承诺|诺言|优惠|赠品|福利|积分)?|履行(?![了过])(?:承诺|合同|约定|协议|诺言)"
        # Cancelling what runs on is a wish of its own (newcomer trial 8: "cancel and refund"
        # lost the cancel); no remedy kind of docs/process.md holds it, so it is "other".
        # "取消那些业务", "取消掉这个套餐": a pointer before what is cancelled (newcomer trial
        # 10: dropped beside 退钱).
        r"|取消(?:掉)?(?:那些|这些|那个|这个|所有|全部|这几个|那几个)?的?"
        r"(?:会员|订单|订阅|自动续费|续费|预订|预约|套餐|合同|服务|业务)"
        # A thing lost to be found and given back: "找回行李" (newcomer trial 11: dropped
        # beside "找不到就赔"). Not what happened ("找回来了").
        r"|找回(?!来了|了)(?:我的)?(?:行李|箱子|包裹|快递|东西|手机|钱包|卡)?"
        # A running service stopped, its name before or after the verb: "把那个业务给我关掉",
        # "关闭自动续费", "退订" (newcomer trial 12: dropped beside 退钱).
        # (each alternative starts with a word: first_chars reads no group there)
        + "".join(f"|{stop}(?:那些|这些|那个|这个|所有|全部)?的?(?:{_SERVICES})" for stop in _STOPS)
        + "".join(
            rf"|{service}[^\s\x00,，。；;了]{{0,4}}?(?:{'|'.join(_STOPS)})(?![了过])"
            for service in _SERVICES.split("|")
        )
        + r"|退订(?![了过金])"
        # The thing to cancel or close said first, with 把: "把那个业务取消", "把卡注销"
        # (newcomer trial 14: both dropped beside a refund). Not what happened ("被取消了").
        r"|把[^\s\x00,，。；;把]{1,8}?(?:取消|注销|销户|停掉|关掉)(?:掉)?(?![了过])"
        # A thing put back or set right, with 把 and 给我: "把快递柜给我装回来", "把路灯给我
        # 装上" (newcomer trial 21: dropped beside 赔我运费). The remedy verbs have their kinds.
        r"|把[^\s\x00,，。；;把]{1,8}?给我们?(?:重新)?(?![退还赔补修换])[\u4e00-\u9fff]{1,2}?"
        r"(?:回来|回去|回原位|上|好)(?![了过])"
        # A service stopped with 把, said as an order: "把那个乱七八糟的增值业务给我停了", "给我
        # 把会员停了", "再把自动续费关了" (newcomer trial 21: dropped beside a refund). With
        # 给我 before the verb any object; else a service's name, the verb ending its clause,
        # and 把 opening it (_STOP_ORDERED: "联通把我宽带停了" is the story).
        r"|把[^\s\x00,，。；;把]{1,12}?给我们?(?:停掉|停用|停了|停|关掉|关了|关闭|关|取消掉?|注销掉?|退订|退掉)"
        r"(?![过])"
        r"|把[^\s\x00,，。；;把]{0,8}?(?:" + _SERVICES + r"|宽带|账号|账户|卡)"
        r"(?:停了|关了|停掉|关掉|取消了)"
        r"(?=[\s\x00,，。；;.!！?？~…吧啊呀]|$)"
        r"|注销(?![了过])(?:掉)?(?:那张|这张|我的)?(?:卡|账户|账号|会员|信用卡)?|销户(?![了过])"
        # A membership or ticket passed on to someone else: "转给我朋友", "转让" (newcomer
        # trial 12: a change of mind to it was read as story).
        # A fee waived: "不收手续费", "免手续费" (newcomer trial 22: lost beside 转给我朋友).
        r"|不收(?:我)?(?:手续费|违约金|转让费|服务费|过户费)|免收?(?:手续费|违约金|转让费|服务费|过户费)"
        # Another person to serve them: "换老师", "换个教练", "换人" (newcomer trial 12:
        # dropped beside 道歉), no goods exchanged (newcomer trial 24: "教练要换人" was 换货).
        # Not what happened ("中途换了老师").
        r"|换(?:一?[个位名])?" + _SERVED + r"(?![了过])"
        r"|转给(?:我的?)?(?:朋友|家人|同事|别人|其他人|亲戚|老婆|老公|妈|爸|孩子)|转让(?![了过费])"
        # The business to pay the shipping: "运费你们出", "邮费由商家承担", "你们出运费"
        # (newcomer trial 16: dropped beside 换货). Not what was paid ("运费我出了").
        + "".join(
            rf"|{fee}(?:由|让)?(?:{_PAYERS})来?(?:{_PAYS})(?![了过])" for fee in _FEES.split("|")
        )
        + "".join(rf"|{payer}来?(?:{_PAYS})(?:来回)?(?:{_FEES})" for payer in _PAYERS.split("|")),
    ),
)
REMEDY_RE = re.compile(
    first_chars("|".join(words for _, words in _REMEDIES))
    + "(?:"
    + "|".join(f"(?P<{name}>{words})" for name, words in _REMEDIES)
    + ")",
    re.IGNORECASE,
)
# "不是退款 是把积分补上": the wish named after 不是 is the one turned down (newcomer trial 20:
# it was kept as a wish "不是退款" beside the one meant).
_REFUSING = ("不要", "不想", "不用", "不需要", "没要", "不是要", "不是")


def refuses(words: str) -> bool:
    """Whether `words` start by turning a remedy down ("不要退款", "不用道歉")."""
    return words.startswith(_REFUSING)


# "没道歉" says what did not happen: no wish, and no wish taken back either.
_NEGATION = (*_REFUSING, "没", "没有")
# The same remedies in English, whole words ("fix" is not in "prefix").
_REMEDIES_EN: tuple[tuple[str, str], ...] = (
    (
        "compensation",
        r"compensat(?:e|ed|ion)|reimburse(?:ment|d)?|damages"
        # A period free of charge: "give me a month free", "a free month" (newcomer trial 14).
        r"|(?:(?:an?|one|two|three|\d+)\s+)?(?:free\s+(?:months?|weeks?|years?)"
        r"|(?:months?|weeks?|years?)\s+(?:for\s+)?free)"
        # Points given to make up for it: "points to my member account", "bonus points"
        # (newcomer trial 18: "an apology and points to my member account" kept only the
        # apology). Bare "points" is too often other words; a voucher is "other" (trial 17).
        r"|(?:(?:bonus|reward|loyalty|member(?:ship)?|extra)\s+)points"
        r"|points\s+(?:to|on|in|into|onto)\s+(?:my|our)\s+(?:[a-z]+\s+){0,2}account",
    ),
    (
        "refund",
        r"refund(?:ed)?|money\s+back|return\s+(?:it|them)"
        r"|take\s+(?:it|them)\s+back"
        # The goods taken back, a sum or a payment given back: "take the car back", "the full
        # 4800 back", "my deposit back" (newcomer trial 21: lost, or only "noted").
        r"|take\s+(?:the|this|that|my|our)\s+(?:[a-z]+\s+)?[a-z]+\s+back"
        r"|(?:(?:the|my|our|all|full|whole|entire|of|that|this)\s+){1,3}"
        r"(?:\x00|\d[\d,.]*k?(?:\s*(?:yuan|rmb|kuai|dollars|bucks))?|deposit|payment|"
        # "the difference back" (newcomer trial 24: "apology and the difference back" kept
        # only the apology)
        r"fees?|amount|sum|price|charges?|difference|overcharge|extra)\s+back",
    ),
    # The goods sent again, as 补发/重新发: "a resend", "reship it" (newcomer trial 17:
    # "compensation or a resend" kept only the compensation).
    (
        "exchange",
        r"replace(?:ment|d)?|a\s+new\s+one|exchange(?:d)?|swap"
        r"|re-?send(?:ing)?|re-?ship(?:ment|ping)?|re-?deliver(?:y)?|send\s+(?:me\s+)?another",
    ),
    ("repair", r"repair(?:ed)?|fix(?:ed)?"),
    ("apology", r"apolog(?:y|ies|ise|ize)|say\s+sorry"),
    ("improvement", r"improve(?:ment)?|train\s+(?:your|the)\s+staff|better\s+service"),
    # "cancel" ("cancelled" is what happened), as 取消会员 above; a thing wanted back that is
    # no money ("I need my card back", "find my luggage"; newcomer trial 11: read as story).
    (
        "other",
        r"cancel(?:lation)?"
        # Charges that run on, stopped: "stop the charges", "stop the monthly billing"
        # (newcomer trial 22: lost beside a refund); "the charges stopped" is the story.
        r"|stop\s+(?:(?:the|these|those|all|my|any|your|this|that)\s+)?(?:[a-z-]+\s+)?"
        r"(?:charges?|charging|billing|bills|payments?|deductions?|debits?|subscriptions?|"
        r"auto-?renewals?|auto-?pay)"
        r"|(?:my|the|our)\s+(?:bank\s+)?(?:card|bag|luggage|suitcase|parcel|"
        r"package|passport|phone)\s+back|find\s+(?:my|the|our)\s+(?:bag|luggage|suitcase|parcel|package)"
        # A thing brought to where they are: "my bag delivered to my hotel", "send it to me"
        # (newcomer trial 12: dropped beside compensation); "was delivered to" is the story.
        r"|(?:my|the|our)\s+(?:\w+\s+)?(?:bag|luggage|suitcase|parcel|package|order|stuff|things|"
        r"items?|food|phone|card|passport)\s+(?:delivered|sent|brought|shipped|returned)\s+to"
        r"|(?:deliver|send|bring|ship)\s+(?:it|them|(?:my|the|our)\s+\w+)\s+(?:to|over)"
        # A paper that shows the charges: "the itemised bill", "a detailed receipt".
        r"|(?:(?:the|an?|my)\s+)?(?:itemi[sz]ed|detailed|written|official|proper|full)\s+"
        r"(?:bill|receipt|invoice|breakdown|statement)"
        # An account of what happened, as 给个说法 / 解释清楚: "somebody to explain what
        # happened" (newcomer trial 16: noted as a question, never a wish).
        r"|explain\s+(?:to\s+(?:me|us)\s+)?(?:what|why|how)",
    ),
)
REMEDY_EN_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _REMEDIES_EN) + r")\b",
    re.IGNORECASE,
)
# "I don't need a refund", "not a replacement", "no apology": a few words back at most.
_NEGATION_EN = re.compile(
    r"(?:\b(?:not?|never|without|forget|drop|skip)|n't)(?:\s+[a-z]+){0,2}\s*$", re.I
)

# What someone did not do or failed to do is the story, not a wish (newcomer trial 8: "parts
# they didnt replace", "nobody came to fix it"), as _DID_NOT for Chinese. Unlike
# _NEGATION_EN, this takes no earlier wish back: "didn't fix" refuses nothing.
_DID_NOT_EN = re.compile(
    r"(?:\b(?:did|was|were|has|have|had|could|would)(?:\s+not|n['’]?t)"
    r"|\b(?:nobody|no\s+one|noone|never)|\b(?:fail|fails|failed|refuse|refuses|refused)\s+to)"
    r"(?:\s+[a-z]+){0,3}\s*$",
    re.I,
)
_DID_NOT_EN_BACK = 40  # characters read back for it

# Emoji and laughter end a wording and are no part of it ("给个说法😡", "退款哈哈哈";
# newcomer trial 17: the emoji reached the letter).
_EMOJI = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]"
_LAUGHTER = r"哈{2,}|呵呵|嘿嘿|嘻嘻|hhh+|233+"
# Where a remedy's wording ends: punctuation, a joining word before the next wish, or a
# reason or condition that follows it ("退款因为…", "赔偿的话…"), or the start of another
# field's statement, said with or without punctuation: who they are ("我叫", "我姓", "名字"),
# how to reach them (newcomer trial 17: "…要赔偿我叫刘洋电话188…" kept "赔偿我叫刘洋").
# \x00 is a span another field took (a phone number, a time).
_CLAUSE_END = re.compile(
    r"[\x00\s,;:!?，。；：！？…~（）()\[\]【】]|(?<!\d)\.|\.(?!\d)|并且|而且|同时|还要|另外|然后"
    r"|因为|否则|不然|要不|如果|的话|不过|但是|可是|电话|手机|联系|邮箱|微信"
    r"|我叫|我姓|本人姓|我的名字|名字|姓名|称呼|my\s+name|call\s+me|" + _EMOJI + "|" + _LAUGHTER,
    re.I,
)
# Words joining one wish to the next ("退款并赔偿", "修好再减免"), cut off a wording's end.
_JOINERS = (
    "要么",  # "要么退钱要么换一个": the second's 要么 is no part of the first (before 么)
    "并且",
    "以及",
    "还有",
    "加上",
    "或者",
    "并",
    "和",
    "跟",
    "再",
    "还",
    "或",
    "也",
    "加",
    "、",
)
# Whom the customer asks is no part of the wish: "你们赔医药费" is the wish "赔医药费" (the
# issue: "您的诉求：你们赔医药费"). A wording never starts with one of these.
_PRONOUN = re.compile(r"[你他她]们?|您")
_MAX_WORDING = 16  # characters past the remedy word; longer runs are the story, not the wish
# The question's end is no part of the wish: "能赔偿吗" asks for 赔偿, "可以退款不" for 退款
# (newcomer trial 14: filed as 诉求：赔偿吗).
# "给个说法好吗", "道歉行吗": asked, the 好/行 too (newcomer trial 20: "给我个说法好").
_TRAILING = (
    "可不可以",
    "行不行",
    "好不好",
    "可以",
    "好吗",
    "行吗",
    "好吧",
    "行吧",
    *"的了吧啊呀呢哦嘛吗么不",
)


# Where an English wish's wording ends (it runs on past spaces, unlike Chinese): punctuation,
# a word joining the next wish or giving a reason, a filler, or the next fact ("refund the
# 300 yuan and explain the charge" is the wish "refund the 300 yuan"; newcomer trial 8).
_CLAUSE_END_EN = re.compile(
    r"[\x00,.;:!?…+&/()\[\]]|\s(?:and|or|but|plus|because|since|as|if|so|then|also|"
    r"actually|pls|plz|please|thanks|thank|thx|tbh|asap|name|my\s+(?:name|phone|number|e-?mail))\b",
    re.I,
)
_MAX_WORDING_EN = 32
# Two wishes of one kind joined by "and" only: "take the car back and refund me".
_AND_EN = re.compile(r"\s*,?\s*(?:and|&)\s+", re.I)
# How much of it, said before the remedy word: "partial refund", "a full refund".
_HOW_MUCH_EN = re.compile(r"\b(?:partial|full|total|complete)\s+$", re.I)
# Words that end no wish: "refund the" is "refund", "refund only" is "refund".
# Whom and what it is for, said plainly, are none of it either: "refund me", "compensation
# for this" (newcomer trial 14); "fix it" keeps its object, or the wish reads "fix".
_TRAILING_EN = re.compile(
    r"(?:\s+(?:the|a|an|just|only|now|for|to|of|with|from|at|in|me|us|this))+$", re.I
)


@dataclass(frozen=True)
class Remedy:
    """One wish: its docs/process.md key and where its wording sits in the text."""

    key: str
    start: int
    end: int


# Who is to grant the next wish, said before its word with no mark between: "让她给我道歉",
# "叫经理道歉", "要求店员道歉", "再给我道歉". The causer, the one it names and the one it is
# for belong to that wish, not to the wording before it (newcomer trial 20: "要个说法让她给我
# 道歉" was the wish "要个说法让她给我" and "道歉").
# Whom it is for counts only right before the next wish's word ("退钱给我再道歉" keeps
# "退钱", "把钱退给我让她道歉" keeps "把钱退给我").
_CAUSER = re.compile(r"让|叫(?![了过])|请|要求|麻烦")
_FOR_WHOM = re.compile(r"(?:给|向|跟|对)我们?$")
_LEAD_BACK = 10  # characters a causer stands before the next wish's word at most


# Who is to grant it, named right before the next wish's word: "全额退款加骑手道歉" is 全额退款
# and 骑手道歉 (newcomer trial 24: "全额退款加骑手" and "道歉").
_DOER_LEAD = re.compile(
    r"(?:那个|这个|那位|这位|该|你们的?|他们的?)?(?:"
    + "|".join((*_STAFF, "老板", "老师", "教练", "商家", "店家", "卖家", "平台"))
    + r")(?:要|必须|得|应该|亲自|当面|公开|给我们?|向我们?|跟我们?|对我们?)*$"
)


def _next_lead(work: str, end: int, before: int) -> int:
    """Where the words that open the next wish (at `before`) start, after the wish word
    ending at `end` (see _CAUSER, _FOR_WHOM, _DOER_LEAD); `before` when nothing opens it."""
    causer = _CAUSER.search(work, max(end, before - _LEAD_BACK), before)
    if causer:
        return causer.start()
    doer = _DOER_LEAD.search(work, max(end, before - _LEAD_BACK), before)
    if doer:
        return doer.start()
    for_whom = _FOR_WHOM.search(work, end, before)
    return for_whom.start() if for_whom else before


def _wording_end(work: str, end: int, before: int) -> int:
    """Where the wording of a remedy word ending at `end` stops: its clause's end (see
    _CLAUSE_END) or the next remedy word at `before`, without joiners or particles."""
    limit = min(len(work), end + _MAX_WORDING, before)
    stop = _CLAUSE_END.search(work, end, limit)
    if stop is None and limit < min(len(work), before):
        return end  # no clause end in sight: the words that follow are the story
    cut = stop.start() if stop else limit
    if stop is None and limit == before < len(work):  # the next wish's word ends the run
        cut = _next_lead(work, end, cut)
    trimmed = True
    while trimmed and cut > end:
        trimmed = False
        for word in (*_JOINERS, *_TRAILING):
            if work.endswith(word, end, cut):
                cut, trimmed = cut - len(word), True
                break
    return cut


# Months or sums joined by "and" are one wish's object: "refund oct and nov", "refund
# the 300 and 200" (newcomer trial 22: the wish read "refund oct").
_MONTH_EN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|\d[\d,.]*k?)"
)
# So are sums of money named one after the other: "refund the deposit and the cleaning fee".
_MONEY_NOUN_EN = r"(?:deposits?|fees?|charges?|payments?|bills?|overcharges?|costs?)"
_LISTED_EN = re.compile(rf"\b(?:{_MONTH_EN}|{_MONEY_NOUN_EN})$", re.I)
_AND_LISTED_EN = re.compile(
    rf"\s+(?:and|&)\s+(?:{_MONTH_EN}|(?:(?:the|my|our)\s+)?(?:[a-z]+\s+)?{_MONEY_NOUN_EN})\b",
    re.I,
)


def _wording_end_en(work: str, end: int, before: int) -> int:
    """Where the wording of an English remedy word ending at `end` stops (_CLAUSE_END_EN),
    without trailing fillers; `end` when no clause end is in sight."""
    limit = min(len(work), end + _MAX_WORDING_EN, before)
    stop = _CLAUSE_END_EN.search(work, end, limit)
    if stop is None and limit < len(work):
        return end
    cut = stop.start() if stop else limit
    while _LISTED_EN.search(work, end, cut) and (more := _AND_LISTED_EN.match(work, cut)):
        cut = more.end()
    trailing = _TRAILING_EN.search(work, end, cut)
    return trailing.start() if trailing else cut


class _Hit(NamedTuple):
    """A remedy word found: its kind and span; `claim` for a sum claimed without a verb;
    `end_word` for an English participle ("refunded") that may follow what it is about;
    `whole` for a wish read whole (_asked_for)."""

    key: str
    start: int
    end: int
    claim: bool = False
    end_word: bool = False
    whole: bool = False  # the span is the whole wording (_asked_for)


# What a wish is about, said before its participle: "I want the overcharge refunded", "need
# my phone repaired" (newcomer trial 12: the wish read "refunded").
_OBJECT_EN = re.compile(
    r"\b(?:want|need|get|have|like|expect)\s+"
    r"(?P<what>(?:the|my|our|this|that|these|those|all|a|an)\s+[^,.;:!?]{1,30}?)\s+$",
    re.I,
)
_OBJECT_EN_BACK = 48
# The same said bare, opening its clause: "deposit refunded and an apology", "my deposit
# refunded" (newcomer trial 22: the wish read "refunded"). A pronoun or a verb before the
# participle is the story ("they refunded", "was refunded").
_BARE_OBJECT_EN = re.compile(
    r"(?:^|(?<=[,.;:!?\x00])|(?<=[,.;:!?\x00]\s))"
    r"(?P<what>(?:(?:my|our|the|full|whole)\s+)?(?!(?:i|we|you|they|he|she|it|was|were|is|are|be"
    r"|been|get|got|have|has|had|not|never|and|or|want|need|please|pls)\s)[a-z]+)\s+$",
    re.I,
)
_PARTICIPLE = re.compile(r"[a-z]*ed\b", re.I)


def _participle(text: str, m: re.Match[str]) -> bool:
    """Whether the English word `m` starts ends in -ed ("refund" of "refunded")."""
    return m[0].isascii() and bool(_PARTICIPLE.match(text, m.end() - 2))


# A noun built on a remedy word names a record of it, not a wish: "维修单号是WX…", "退款单号是
# R88990 还没处理", "退款申请号", "换货单", "赔偿金额还没到", "退款记录查不到" (newcomer trial
# 17: each was filed as the wish). 维修点/维修店 are already left out by the repair pattern.
# Not after a wish verb: "要求赔偿金额5000" still asks for it.
_REMEDY_NOUN = re.compile(
    r"(?<![要求望请])(?:维修|检修|退款|退货|退费|换货|赔偿|补偿|理赔)"
    r"(?=\s*(?:申请|工|服务)?\s*(?:单|号|编号|码|金额|记录))"
)


def remedy_nouns(text: str) -> list[tuple[int, int]]:
    """Where `text` holds remedy words that only name a record ("维修单号", "退款单"); read
    before the order number is masked, to blank them for find_remedies (blanked)."""
    return [m.span() for m in _REMEDY_NOUN.finditer(text)]


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with `spans` replaced by spaces, same length."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def find_remedies(text: str, keep: str | None = None) -> list[Remedy]:
    """Every remedy asked for in `text`, in order, one per kind (the first wording wins),
    except claims of a sum ("再精神损失费一万"), which are kept beside the first of their kind.
    After "actually just …" only the wishes that follow count.

    `text` is the normalised, masked work copy; `keep` (same length) is a copy in which sums
    are still readable, so "赔偿医药费1000元" keeps its sum in the wording.
    """
    view = keep if keep is not None else text
    found: list[Remedy] = []
    hits = _hits(text)
    for index, hit in enumerate(hits):
        # "other" holds wishes of every kind no remedy names ("把业务关掉", "给个说法"): each
        # is a wish of its own (newcomer trial 12: the second was dropped).
        before = hits[index + 1].start if index + 1 < len(hits) else len(view)
        last = found[-1] if found else None
        if (
            last is not None
            and last.key == hit.key
            and last.end == hit.start
            and not hit.claim
            and view[hit.start : hit.end] not in view[last.start : last.end]
        ):
            # A wish of one kind said in two words running: "退卡退钱" is one wish in its
            # words (newcomer trial 14: it was cut to "退卡"); "退款退款" is said once.
            end = _wording_end(view, hit.end, before)
            found[-1] = Remedy(hit.key, last.start, end if end > hit.end else hit.end)
            continue
        if (
            last is not None
            and last.key == hit.key != "other"
            and _AND_EN.fullmatch(view, last.end, hit.start)
        ):
            # "take the car back and refund me": one wish said twice in English, kept whole
            # (newcomer trial 21: the first words were lost to the second).
            found[-1] = Remedy(hit.key, last.start, _wording_end_en(view, hit.end, before))
            continue
        again = [r for r in found if r.key == hit.key != "other"]
        if again and not hit.claim and (hit.whole or text[hit.start : hit.end].isascii()):
            if _english_object(view, again, hit, before):
                # "退钱 refund the extra charge": what the money is, said in English
                # (newcomer trial 22: lost), joins the wish of its kind (_one_per_kind)
                found.append(Remedy(hit.key, hit.start, _wording_end_en(view, hit.end, before)))
            continue
        if hit.whole:
            found.append(Remedy(hit.key, hit.start, hit.end))
            continue
        if hit.claim:
            found.append(Remedy(hit.key, hit.start, _wording_end(view, hit.end, before)))
            continue
        if text[hit.start : hit.end].isascii():
            how_much = _HOW_MUCH_EN.search(view, max(0, hit.start - 12), hit.start)
            what = _OBJECT_EN.search(view, max(0, hit.start - _OBJECT_EN_BACK), hit.start)
            after = found[-1].end if found else 0
            bare = _BARE_OBJECT_EN.search(view, after, hit.start) if hit.end_word else None
            if what and hit.end_word and what.start("what") >= after:
                start = what.start("what")  # "the overcharge refunded": what, then the verb
            elif bare:
                start = bare.start("what")  # "deposit refunded": said bare
            else:
                start = how_much.start() if how_much else hit.start
            found.append(Remedy(hit.key, start, _wording_end_en(view, hit.end, before)))
            continue
        lead = _PRONOUN.match(text, hit.start)
        start = lead.end() if lead and lead.end() < hit.end else hit.start
        end = _wording_end(view, hit.end, before)
        if text[hit.start] != "把" and _COMPLEMENT.fullmatch(view, hit.end, end):
            # nothing after the verb but its complement: its object came first ("寿司钱退",
            # "钱退回来", "剩下的钱退给我"; newcomer trial 21: "钱退回来" read "退回来"); a
            # 把-wish holds it
            after = found[-1].end if found else 0
            floor = max(after, hits[index - 1].end if index else 0)
            start = _object_before(view, start, floor)
            if hit.key in MONEY_KEYS and (said := _SUM_BEFORE.search(view, floor, start)):
                start = said.start("sum")  # "我要2000 赔偿": the sum, then the wish
        if again and not hit.claim and not _another_wish(view, again, start, hit.start, end):
            continue
        found.append(Remedy(hit.key, start, end))
    return found


def _english_object(view: str, earlier: list[Remedy], hit: _Hit, before: int) -> bool:
    """Whether an English wish of a kind already read in Chinese names its own object
    ("退钱 refund the extra charge"), which the Chinese wording does not hold."""
    if hit.whole or not view[hit.start : hit.end].isascii():
        return False
    if any(view[r.start : r.end].isascii() for r in earlier):
        return False  # English twice ("refund … refund asap"): the first says it
    end = _wording_end_en(view, hit.end, before)
    return end > hit.end + 3


# Words that join a second wish to the first: "退款 然后退运费", "再把…退了", "还要退押金".
_JOINED = re.compile(
    r"(?:再|然后|还要|还得|还有|另外|并且|同时|以及|也要|也得)[^\x00,，。；;]{0,3}$"
)


def _another_wish(view: str, earlier: list[Remedy], start: int, verb: int, end: int) -> bool:
    """Whether a wish of a kind already asked for, its wording at [start, end) and its verb at
    `verb`, is one more of that kind, not the same said again: joined to the one before by
    再/然后/还要 (_JOINED), or with an object of its own before the verb ("退卡 剩下的钱退给
    我"; newcomer trial 21: the second was dropped), and neither wording holds the other."""
    words = view[start:end]
    if any(words in view[r.start : r.end] or view[r.start : r.end] in words for r in earlier):
        return False
    if _MANNER.match(view, start, verb):
        return False  # "赔钱 按价值赔": how the first is to be paid, not one more
    return start < verb or _JOINED.search(view, max(0, start - 6), start) is not None


# Words before a verb that say how, not what: "按价值赔", "照原价退", "全都退".
_MANNER = re.compile(r"按照?|照|依照|根据|全|都")


# What may follow a verb without being its object: "退回来", "退给我", "退了吧".
_COMPLEMENT = re.compile(r"(?:回来|来|给我们?|还我|我|掉|了|吧|啊|呀)*")


def _hits(text: str) -> list[_Hit]:
    """The remedy words of `text` that are wishes, in order, from the last change of mind on
    (see only_from)."""
    matches = [m for m in REMEDY_RE.finditer(text) if not _negated(text, m) and not _told(text, m)]
    if _LATIN.search(text):  # English words the Chinese pattern does not already hold
        taken = [(m.start(), m.end()) for m in matches]
        matches += [
            m
            for m in REMEDY_EN_RE.finditer(text)
            if not _negated(text, m)
            and not _told(text, m)
            and not any(a < m.end() and m.start() < b for a, b in taken)
        ]
    hits = [
        _Hit(m.lastgroup or "other", m.start(), m.end(), end_word=_participle(text, m))
        for m in matches
        if not _inside_word(text, m) and _part_asked(text, m) and _stop_ordered(text, m)
    ]
    hits += _asked_for(text, hits)
    if _LATIN.search(text):
        hits += _asked_for_en(text, hits)
    if "查" in text:  # cheap: most messages ask for no investigation
        hits += [
            _Hit("other", i.start("wish"), i.end("wish"))
            for i in _INVESTIGATION.finditer(text)
            if not any(h.start < i.end() and i.start() < h.end for h in hits)
        ]
    hits += [
        _Hit("compensation", c.start("fee"), c.end("fee"), claim=True)
        for c in _FEE_CLAIM.finditer(text)
        if not any(h.start < c.end() and c.start() < h.end for h in hits)
    ]
    also = [m for m in _FEE_ALSO.finditer(text) if not _negated(text, m)]
    hits = [h for h in hits if not any(a.start() <= h.start < a.end() for a in also)]
    hits += [
        _Hit("refund" if a["verb"] == "退" else "compensation", a.start("fee"), a.end(), claim=True)
        for a in also
    ]
    since = only_from(text)
    return sorted((h for h in hits if h.start >= since), key=lambda h: h.start)


# A part replaced ("换电池") is a wish only when asked for: at its clause's start, or after a
# word that asks ("希望给我换电池", "能不能换个屏"); "在你们维修店换电池" tells what was done.
_ASKS_BEFORE = re.compile(
    r"(?:免费|要求|希望|请|给我|帮我|给换|要|必须|得|应该|能|可以|直接|尽快|马上|赶紧|想|需要)$"
)


# What may open an order before its 把: "再把…停了", "然后把…", "给我把…", "麻烦把…".
_ORDER_OPENERS = re.compile(
    r"(?:再|然后|还要|还得|还有|另外|并且|并|也|先|赶紧|赶快|马上|立刻|直接|顺便|同时|和|还"
    r"|帮我|麻烦|请|给我|要求|希望|我要|我希望|必须|一定要|最好)*"
)


def _stop_ordered(text: str, m: re.Match[str]) -> bool:
    """False for a service stopped with 把 and a bare 停了/关了 ("联通把我宽带停了") that a
    doer opens: it tells what was done. With 给我 ("把会员给我停了") or 把 opening its clause
    after words that order ("再把那个业务停了", "给我把会员停了") it is a wish."""
    if m.lastgroup != "other" or not m[0].startswith("把") or "给我" in m[0]:
        return True
    if not re.search(r"(?:停|关|取消)了$", m[0]):
        return True
    begin = max(0, m.start() - _CLAUSE_BACK)
    for mark in _CLAUSE_MARK.finditer(text, begin, m.start()):
        begin = mark.end()
    return _ORDER_OPENERS.fullmatch(text, begin, m.start()) is not None


def _part_asked(text: str, m: re.Match[str]) -> bool:
    """False for a part replaced ("换电池", see _PARTS) that is told, not asked for."""
    if m.lastgroup != "repair" or not m[0].startswith("换"):
        return True
    begin = max(0, m.start() - _CLAUSE_BACK)
    for mark in _CLAUSE_MARK.finditer(text, begin, m.start()):
        begin = mark.end()
    return begin == m.start() or bool(_ASKS_BEFORE.search(text, begin, m.start()))


# A wish said as 要求/希望/请 + a verb phrase that no remedy word names ("要求重新安排考试",
# "希望尽快解封"; newcomer trial 20: "要求兑现", "要求投诉这个员工" were lost and the remedy
# asked again). Only the customer's own: the cue opens its clause (after 我/我们 and a few
# adverbs), and the phrase runs to the clause's end, short. "他要求我先付款" (someone else
# asks), "要求我签字" (the customer is the one asked), "本来希望…" and "请问" are the story or a
# question.
_WISH_CLAUSE_START = r"(?:^|(?<=[\s\x00,.;:!?，。；：！？…~]))"
_ASKED_FOR = re.compile(
    _WISH_CLAUSE_START + r"(?:我们?|所以|现在|因此|强烈|坚决|并且?|还|就|只|也)*"
    r"(?:要求|希望|恳请|请求|请)(?:你们|贵司|商家|店家|对方|平台)?(?:能够?|可以)?"
    r"(?P<wish>[\u4e00-\u9fffA-Za-z0-9]{2,10})(?=[\s\x00,.;:!?，。；：！？…~]|$)"
)
# The phrase is someone else's doing or a question: the customer is the one asked ("要求我"),
# 请问, 请假, or it tells what happened (了, 过) or asks (吗).
_NOT_A_WISH = re.compile(r"^(?:我|你|他|她|它|问|假|客|教)|[了过吗呢么]")
# Asking only for the complaint to be handled is no remedy (docs/process.md: "尽快处理" asks
# for handling): "希望尽快处理", "请你们重视一下", "请核实一下".
_HANDLING = re.compile(
    r"(?:尽快|赶紧|马上|立即|立刻|及时|认真|好好|帮我|帮忙|给我|给个|给予|一定)*"
    r"(?:处理|解决|重视|回复|答复|跟进|回电话?|联系我|看看|看一下|查一下|关注|核实|调查|帮忙|帮助)"
    r"(?:一下)?(?:这件事|此事|这个问题|问题|我的问题)?"
)
# A staff member to be dealt with is an improvement of the service, as _DISCIPLINE:
# "要求投诉这个员工", "要求开除那个保安".
_DISCIPLINED = re.compile(
    r"(?:投诉|处理|处分|处罚|惩罚|批评|开除|辞退|追责|问责)(?:一下)?(?:那个|这个|这位|那位|该)?"
    r"(?:" + "|".join(_STAFF) + r"|人)"
)


def _asked_for(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The wishes said as 要求/希望/请 + a verb phrase no remedy word was read in (see
    _ASKED_FOR): "other", or "improvement" for a staff member to be dealt with."""
    found = []
    for m in _ASKED_FOR.finditer(text):
        wish = m["wish"]
        if any(h.start < m.end() and m.start() < h.end for h in hits):
            continue  # a remedy word is in it: read as that remedy
        if _NOT_A_WISH.search(wish) or _HANDLING.fullmatch(wish):
            continue
        key = "improvement" if _DISCIPLINED.search(wish) else "other"
        found.append(_Hit(key, m.start("wish"), m.end("wish"), whole=True))
    return found


# Remedy words that are part of a longer word: 来水 in 自来水 (tap water).
_PART_OF = {"来水": "自"}


def _inside_word(text: str, m: re.Match[str]) -> bool:
    before = _PART_OF.get(m[0])
    return bool(before) and text[max(0, m.start() - len(before or "")) : m.start()] == before


# A remedy word as an event of the story, after a word of time: "cracked again after ur
# repair", "since the replacement", "during the last fix" (newcomer trial 15: the story's
# "repair" became a wish beside the refund asked for).
_EVENT_EN = re.compile(
    r"\b(?:after|since|before|during|despite|following|from)\s+"
    r"(?:(?:your|ur|yr|the|my|their|its|his|her|that|this|a|last|previous|first|second)\s+){0,2}$",
    re.I,
)


def _did_not_en(text: str, m: re.Match[str]) -> bool:
    back = max(0, m.start() - _DID_NOT_EN_BACK)
    if any(rule.search(text, back, m.start()) for rule in (_DID_NOT_EN, _EVENT_EN)):
        return True
    return _told_en(text, m)


# An English clause's bounds: punctuation or a word joining two clauses.
_CLAUSE_BOUND_EN = re.compile(r"[\x00,.;:!?…\n]|\b(?:and|but|so|then|because)\b", re.I)
# What happened or what someone said, before a remedy word in its clause: "it had a major
# repair", "they said I could cancel … for a full refund", "the shop promised a replacement",
# "we were told they would compensate us" (newcomer trial 21: each became the wish).
_TOLD_EN = re.compile(
    r"\b(?:had|has\s+had|was|were|got|gotten|did|said|says|told|promised|offered|claimed|"
    r"agreed|assured|guaranteed|already|previously|used\s+to)\b",
    re.I,
)
# The customer asking, anywhere in the clause, makes it a wish again: "I was charged, I
# want a refund", "they said no, refund please".
_ASKING_EN = re.compile(
    r"\b(?:want|wants|demand|demanding|expect|expecting|request|requesting|please|pls|plz|"
    r"should|must|insist|require|hope|wish|ask(?:ing)?\s+for)\b|(?:'|’)?d\s+like|would\s+like",
    re.I,
)


def _told_en(text: str, m: re.Match[str]) -> bool:
    """Whether the English remedy word at `m` is told in the story (see _TOLD_EN): a word of
    what happened or was said opens its clause before it, and nothing in the clause asks."""
    begin = 0
    for bound in _CLAUSE_BOUND_EN.finditer(text, 0, m.start()):
        begin = bound.end()
    stop = _CLAUSE_BOUND_EN.search(text, m.end())
    clause = text[begin : stop.start() if stop else len(text)]
    told = _TOLD_EN.search(text, begin, m.start())
    return bool(told) and not _ASKING_EN.search(clause)


# What follows "I want / I'd like / I expect / I demand / please" is asked for, each thing
# joined by "and", "or" or a comma, also when no remedy word names it ("a written
# explanation"; newcomer trial 21: only "refunded" was kept). Only a thing named (an
# article, a possessive or a number opens it): "to know why" asks, "it now" names nothing.
_ASKED_EN = re.compile(
    r"(?:^|(?<=[\s,.;:!?\x00]))(?:(?:i|we)\s+(?:(?:really|also|just|only|still|now)\s+)?"
    r"(?:want|demand|expect|request)|(?:i|we)(?:['’]d|\s+would)\s+(?:also\s+|really\s+)?like"
    r"|please\s+(?:give\s+(?:me|us)|provide|send\s+(?:me|us)))\b"
    # to the end of the sentence, or of the wishes ("… but it broke again" is the story)
    r"\s+(?P<what>(?:(?!\b(?:but|because|since|so|though|although)\b)[^.;!?\n])+)",
    re.I,
)
# A piece with a verb of being or a contact's label is a clause of its own, no thing asked
# ("I want a refund, my name is Tom Becker, phone …").
_OWN_CLAUSE_EN = re.compile(
    r"\b(?:is|are|was|were|am|isn't|wasn't|name|phone|mobile|tel|e-?mail|wechat)\b|['’]s\s", re.I
)
_JOINED_EN = re.compile(r",|\b(?:and|or|plus)\b|\bas\s+well\s+as\b", re.I)
_THING_EN = re.compile(
    r"(?:at\s+least\s+|also\s+|then\s+|maybe\s+|just\s+)*"
    r"(?P<thing>(?:an?|the|my|our|some|full|proper|written|official|formal|\d+)\s+[^\x00]+)",
    re.I,
)


def _asked_for_en(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Things asked for in English that no remedy word names (see _ASKED_EN), as "other"
    wishes read whole."""
    found: list[_Hit] = []
    for m in _ASKED_EN.finditer(text):
        start = m.start("what")
        pieces = [*_JOINED_EN.finditer(text, start, m.end()), None]
        for joint in pieces:
            end = joint.start() if joint else m.end()
            thing = _THING_EN.fullmatch(text[start:end].strip())
            if thing and _OWN_CLAUSE_EN.search(thing["thing"]):
                thing = None  # "…, my name is Tom": a clause of its own after the wishes
            piece_start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            if thing and not any(h.start < end and piece_start < h.end for h in hits):
                a = piece_start + thing.start("thing")
                found.append(_Hit("other", a, a + len(thing["thing"].rstrip()), whole=True))
            start = joint.end() if joint else end
    return found


# A fee claimed with its sum and no verb, joined to a wish before it: "医药费全赔 再精神损失费
# 一万", "另外误工费三百" (newcomer trial 8: the second claim was lost). \x00 is a masked sum.
# An investigation asked for as a wish of its own, its own clause: "退钱 给个说法 查一下",
# "退款，彻查", "给我查清楚" (newcomer trial 22: dropped beside other wishes, and "给个说法
# 查一下" kept one `other` wish). Not "查一下我的工单" (a progress query) nor "你们查一下吧"
# after a subject (handling asked for, _HANDLING), nor "查了一下" (what was done).
_INVESTIGATION = re.compile(
    r"(?:^|(?<=[\s\x00,，。；;！!~…、]))"
    r"(?P<wish>(?:帮我|给我|麻烦|请|好好|彻底|认真)*"
    r"(?:查一下|查查|查清楚|查明白|查明(?:原因|真相|情况)?|调查清楚|调查一下|彻查|严查|核实清楚))"
    r"(?=[\s\x00,，。；;！!~…、吧啊呀]|$)"
    # "查一下 CP20261122001 的进度": what is looked up follows, a query and no wish
    r"(?![\s\x00]*(?:[A-Za-z]{2}[-\s]?\d|\d|进度|工单|订单|物流|快递|余额|账单))"
)
_FEE_CLAIM = re.compile(
    r"(?:再|另外|还有|还要|外加|加上|加|和|跟|、)"
    r"(?P<fee>[^\s\x00,，。、；;：:再加和跟还]{1,6}?(?:费|损失|金))"
    r"(?=\s*(?:\x00|\d|[零一二两三四五六七八九十百千万]))"
)
# A fee wanted back as well, its verb after it: "还有检测费也要退", "另外运费也得赔" (newcomer
# trial 18: the fee was lost beside "要全额退款", a refund of its own kind already).
_FEE_ALSO = re.compile(
    r"(?:还有|另外|以及|加上|外加|和|跟)"
    r"(?P<fee>[^\s\x00,，。、；;：:还也都]{1,6}?(?:费|损失|差价|押金|定金|订金))"
    r"(?:也|都|一起|一并)+(?:要|得|需要|给我|请)?(?P<verb>退|赔|报)"
)
# A change of mind that keeps only what follows: "… actually just refund", "actually refund
# only", "算了 … 直接退保养费" (newcomer trial 8: the wishes before it were kept too).
_ONLY_NOW = re.compile(
    r"\bactually\b(?=[^.!?;]*\b(?:just|only)\b)"
    # 算了 alone (or with 吧) cancels the complaint (handlers/words.py), no wish follows.
    r"|(?:^|(?<=[\s,，。.!！]))算了(?!吧?[\s,，。.!！]*$)",
    re.I,
)


def only_from(text: str) -> int:
    """Where the last change of mind in `text` starts (see _ONLY_NOW); 0 when it has none."""
    marks = list(_ONLY_NOW.finditer(text))
    return marks[-1].start() if marks else 0


_CHANGE_CLAUSE = re.compile(r"算了[^\s,，。.!！;；]*")


def wishes_out(text: str, changed: bool = False) -> str:
    """`text` without its wish words, those given up before a change of mind included, and
    without the change of mind's clause ("算了退卡太麻烦"): what is left may be story.
    `changed`: the whole message changed its mind (the new wish may be out of `text`)."""
    if not (changed or _ONLY_NOW.search(text)):
        return text
    for m in sorted(REMEDY_RE.finditer(text), key=lambda m: -m.start()):
        if not _negated(text, m) and not _told(text, m):
            text = text[: m.start()] + text[m.end() :]
    return _CHANGE_CLAUSE.sub("", text)


def changes_mind(text: str, remedies: list[Remedy]) -> bool:
    """Whether the wishes of `text` replace all those said before ("算了 … 退保养费",
    "actually just refund"), rather than join them."""
    return bool(remedies) and _ONLY_NOW.search(text) is not None


# Where the words before a remedy verb start: a clause mark or a joining word.
_SEGMENT_MARK = re.compile(r"[\x00\s,.;:!?，。；：！？…~（）()\[\]【】、]")
# Words that open a wish without being its object: "还要", "是", "我要求".
_OPENERS = re.compile(
    # A measure word left by 要个/来个/给个 opens the wish too ("要个书面道歉": 书面道歉;
    # newcomer trial 17: "个书面道歉"), before 要 alone is tried; "我家" is whose, an object's
    # start ("我家墙纸的损失要赔", not "家墙纸…").
    r"(?:[请請][问問]|(?:[要来给]|给我)一?[个份句声]|[我你他她](?!们?家)们?的?|您|是|就是|那就|就|还要|还得|还有|还|另外|并且|并|而且|然后|也要|也|再|"
    # 要么 opens one of two wishes, either will do: kept, or "要么找回来" reads "么找回来".
    r"直接|帮我|帮忙|赶紧|赶快|尽快|马上|快点|"
    r"加上|加|或者|或|和|跟|要求|要(?!么)|希望|想要|想|必须|得|请|给我|麻烦|让|叫(?![了过])|一定要|最好|诉求是?|"
    # A correction's verb ("诉求改成换货") and a spoken filler ("哦还要赔偿") are no object of
    # the wish either.
    r"改成|换成|改为|变成|哦|噢|喔|嗯|啊|哎|唉|对了"
    # Asking whether it may be had: "能赔偿吗", "可以退款不" (newcomer trial 14).
    r"|能不能|可不可以|能否|可否|可以|能"
    # A question's opening and a word of time are none of it either: "请问可以换新的吗" is
    # 换新, "现在想退卡" is 退卡 (newcomer trial 24: "問可以換新", "现在想退卡").
    r"|现在|目前|如今|眼下|只(?=想|要|希望|求))+"
)
# A story, not an object: "东西坏了要退" is no wording "东西坏了要退".
_NOT_OBJECT = re.compile(r"[了过说没不]")
_MAX_OBJECT = 8


def without_openers(words: str) -> str:
    """`words` without the words that open a wish at the start of a clause ("我要", "还要",
    "另外让"; see _OPENERS): once the wishes are out of a message, what is left of them
    tells nothing. Words inside a clause stay ("店员骂我还推我")."""
    return "".join(
        piece[opened.end() :] if (opened := _OPENERS.match(piece)) else piece
        for piece in re.split(r"([\s,，。；;!！?？、]+)", words)
    )


def _object_before(view: str, start: int, floor: int) -> int:
    """Where the wording of a remedy said verb-last starts: its object before it ("医药费"
    in "医药费全报", "把300" in "把300退给我"), from the clause's start or the earlier wish
    on (`floor`), without opening words; `start` when there is no such short object."""
    begin = floor
    for mark in _SEGMENT_MARK.finditer(view, floor, start):
        begin = mark.end()
    opened = _OPENERS.match(view, begin, start)
    if opened:
        begin = opened.end()
    words = view[begin:start]
    if not words or len(words) > _MAX_OBJECT or _NOT_OBJECT.search(words):
        return _ba_object(view, begin, start)
    return begin


def _ba_object(view: str, begin: int, start: int) -> int:
    """Where a 把-object before a remedy verb starts in a clause too long to be the object
    itself ("…十一月二十五号扣的我要求把多扣的钱退给我": 把多扣的钱退给我; newcomer trial
    17: the wish read "退给我"); `start` when there is none."""
    ba = view.rfind("把", max(begin, start - _MAX_OBJECT - 1), start)
    if ba < 0 or _NOT_OBJECT.search(view, ba + 1, start):
        return start
    return ba


# "另外还要道歉", "也要赔偿": a wish added to those said before, not one replacing them;
# "等等 还是要赔偿的" takes one back in after it was left out (newcomer trial 14: it replaced
# all), unless what is known is turned down first ("不不 还是要全额退": that one instead).
_ADDING = re.compile(
    r"(?:(?P<still>还是要|还是得|还是需要)|还要|还得|还需要|还有|另外|此外|也要|也得|也需要|再加上|"
    r"再加|加上|加一个|外加|同时|also|as well|plus|and also)"
    r"[^\x00,.!?，。！？]{0,4}$"
)
_TURNED_DOWN = re.compile(r"不不|不对|不是|不行|不要|错了|\bno\b", re.I)
# The wishes on file said to be missing some: "诉求不全啊 …", "诉求漏了 …", "少写了 …" (newcomer
# trial 22: what followed replaced every wish at the summary); the rest is one more.
# Only of the wishes: "东西少了 我要退款" tells what is missing from the parcel.
_INCOMPLETE = re.compile(
    r"(?:诉求|要求|你们?)(?:写得?|记得?)?(?:不全|不完整|没写全|没记全|漏了|漏写了?|少了|少写了?)"
    r"|^[\s哦噢啊呃嗯诶哎]*(?:不全|没写全|没记全|漏了|漏写了?|少写了?)"
)


def adds_to_earlier(text: str, remedies: list[Remedy]) -> bool:
    """Whether the first remedy in `text` is said as one more ("另外还要道歉", "诉求不全 …")."""
    if not remedies:
        return False
    if _INCOMPLETE.search(text, 0, remedies[0].start):
        return True
    adding = _ADDING.search(text, 0, remedies[0].start)
    if adding and adding["still"]:
        return not _TURNED_DOWN.search(text, 0, adding.start())
    return bool(adding)


def find_remedy(text: str) -> tuple[str | None, int, int]:
    """(remedy, start, end) of the first remedy asked for, or (None, 0, 0)."""
    hits = _hits(text)
    return (hits[0].key, hits[0].start, hits[0].end) if hits else (None, 0, 0)


_LATIN = re.compile(r"[A-Za-z]{3}")


def _negated(text: str, m: re.Match[str]) -> bool:
    if m.group().isascii():
        return bool(_NEGATION_EN.search(text, max(0, m.start() - 20), m.start()))
    before = text[max(0, m.start() - 3) : m.start()]
    return any(before.endswith(neg) for neg in _NEGATION) or _refused_after(text, m)


def _refusing(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 3) : m.start()]
    return any(before.endswith(neg) for neg in _REFUSING) or _refused_after(text, m)


# A wish turned down after its word, ending its clause: "道歉不用了", "赔偿就算了", "退款也不要了";
# or given up as too much bother: "退款太麻烦", "退货太折腾了" (newcomer trial 18: "算了 还是换
# 一箱新的吧 退款太麻烦" kept the refund the customer gave up beside the exchange).
_REFUSED_AFTER = re.compile(
    r"(?:的话)?[就也都]?(?:不用|不要|不需要|不必|免了|算了"
    r"|(?:实在|真的?|还是)?[太好]?(?:麻烦|折腾|费劲|费事)(?:死)?)了?"
    r"(?=[\s\x00,，。.!！;；~…]|$)"
)


def _refused_after(text: str, m: re.Match[str]) -> bool:
    return bool(_REFUSED_AFTER.match(text, m.end()))


# A remedy word inside the story is not the customer's wish (newcomer trial): what did not
# happen ("经理也没出来道歉", "一直不给退款") and what the other side offered or did ("还说给我
# 20块钱补偿", "答应赔偿", "已经退款了"). Read in the remedy word's clause, a few words back.
_CLAUSE_MARK = re.compile(r"[\s,.;:!?，。；：！？…~（）()\[\]【】]")
_DID_NOT = re.compile(
    # 每 typed for 没 after 都/还/也: "修了三次都每修好" (newcomer trial 24)
    r"(?:没有?|未|不肯|不给|不愿意?|拒绝|不接受|不同意|不|(?<=[都还也])每)[^要想求请就\x00]{0,3}$"
)
# 说 of 说法 is no one saying: "要个说法和赔偿" asks for both (newcomer trial 20: the
# compensation after 说法 was read as offered).
_OFFERED = re.compile(
    r"说(?!法)|答应|表示|提出|承诺|同意|愿意|只肯|只给|只同意|只能|打算|准备|提议|已经|已"
)
# Said by the customer ("我跟他说要退款") or asked for after the offer ("说实话我只想退款").
_SPEAKER = re.compile(r"我|要求|希望|必须")
# What the customer asked for then, told: "我就说修一下" (at the barber's: only a trim),
# "我明明说的是修一下", "我当时只说退一半" (newcomer trial 24: filed as the wish 修一下). The
# wish said now has a wish word between ("我跟他说要退款", "我就说一句 退款").
_ASKED_THEN = re.compile(
    r"我们?(?:就|只|明明|当时|本来|原本|只是|一开始|开始)+(?:跟|和|对)?"
    r"(?:[他她]们?|师傅|店员|理发师|老师|服务员|前台|客服)?(?:说|讲|讲的是|说的是|说了|讲了)$"
)
_OWN_WISH = re.compile(r"我要|我想|我只想|我只要|要求|希望|必须")
_CLAUSE_BACK = 15
# Someone else doing it is what happened ("师傅上门修空调", "商家补偿了10元"), unless the
# customer asks for it ("让师傅上门修", "要求客服道歉").
_THIRD_PARTY = re.compile(
    r"(?:师傅|店员|客服|服务员|商家|店家|卖家|对方|快递员|骑手|经理|老板|物业|司机|前台|"
    r"工作人员|他们|她们|他|她)(?:又|还|也|都|已经?|刚|来|就|马上|主动|当场|给我)*$"
)
_ASKING = re.compile(r"让|叫|请|要求|希望|派|要|必须|得")
# A wish asked for, then a joining word right before the doer of the next: "退钱和店员道歉".
_JOINED_DOER = re.compile(
    r"(?:退|赔|换|修|道歉|补偿|说法)[^\s\x00]{0,4}?(?:和|跟|加上?|再加上?|还有|以及|并且|外加)$"
)
# A verb said, denied and said again asks whether ("能不能", "可不可以", "愿不愿意", "给不给"),
# with the verb's second character ("可以", "愿意").
_A_NOT_A = re.compile(A_NOT_A.pattern + r"[\u4e00-\u9fff]?")
# The remedy word as what the story is about: "理赔拖了两个多月", "退款一直没到账", "赔偿迟迟不给"
# (newcomer trial 14: "理赔拖" was kept as a wish and "尽快赔付" said later was lost).
# A passive right before the verb ("被退回去了", "被他们退了"): it was done to them.
_DONE_TO = re.compile(r"被[^\s\x00,，。；;!！?？]{0,3}$")
# "退回去了", "退回来了": it went back, done; "退回来" alone is asked for.
_CAME_BACK = re.compile(r"[去来]?了(?![吗么吧])")


_TOPIC_OF_STORY = re.compile(
    r"[又也还都]?(?:拖了|拖着|一直|迟迟|至今|到现在|还没|还未|没有?(?:到|下来|批|消息|动静|结果)"
    r"|被拒|被驳回|进度)"
)


# The customer as the doer of a 把-construction: "我把东西退了" tells what they did.
_OWN_DEED = re.compile(r"(?:(?<!给)我|我们)(?:已经|也|都|早就?|先)?$")


def _told(text: str, m: re.Match[str]) -> bool:
    """Whether the remedy word at `m` is part of the story (see _DID_NOT, _OFFERED,
    _DID_NOT_EN, _EVENT_EN), not a wish."""
    if m.group().isascii():
        return _did_not_en(text, m)
    if m.group().startswith("把") and _OWN_DEED.search(text, 0, m.start()):
        return True
    if _TOPIC_OF_STORY.match(text, m.end()):
        return True
    came_back = m.group().endswith(("回", "回来", "回去")) and _CAME_BACK.match(text, m.end())
    if _DONE_TO.search(text, max(0, m.start() - 4), m.start()) or came_back:
        return True  # "快递被退回去了三个": what happened to them, no wish (newcomer trial 21)
    begin = max(0, m.start() - _CLAUSE_BACK)
    for mark in _CLAUSE_MARK.finditer(text, begin, m.start()):
        begin = mark.end()
    # "能不能赔偿", "可不可以退款": an A-not-A question asks for it; its 不 denies nothing.
    clause = _A_NOT_A.sub("", text[begin : m.start()])
    if _DID_NOT.search(clause) and not _negated(text, m):
        return True
    if _ASKED_THEN.search(clause):
        return True
    doer = _THIRD_PARTY.search(clause)
    if doer and _JOINED_DOER.search(clause, 0, doer.start()):
        return False  # "退钱和店员道歉": a second wish joined to one asked for (trial 24)
    if doer and not _ASKING.search(clause, 0, doer.start()):
        return True
    offers = list(_OFFERED.finditer(clause))
    if not offers:
        return False
    offer = offers[-1]  # the last one: "说…答应" counts from where the offer is
    return not (_SPEAKER.search(clause, 0, offer.start()) or _OWN_WISH.search(clause, offer.end()))


def refused_remedies(text: str) -> tuple[str, ...]:
    """The kinds of remedy the text says are not wanted ("不要退款了", "no refund"), in order.

    A customer taking a wish back (issue 9: "算了不要退款了 换货吧") drops it from the list.
    """
    matches = list(REMEDY_RE.finditer(text))
    if _LATIN.search(text):
        matches += list(REMEDY_EN_RE.finditer(text))
    keys = [
        m.lastgroup or "other"
        for m in sorted(matches, key=lambda m: m.start())
        if _negated(text, m)
        and (m.group().isascii() or _refusing(text, m))
        and not _did_not_en(text, m)  # "they never fixed it" takes no wish back
    ]
    return tuple(dict.fromkeys(keys))


# A wish taken back in its own words, whatever its kind: "不用重新保养了" (newcomer trial 8: a
# wish no remedy kind names, "要求免费重新保养", stayed after the customer dropped it).
_REFUSED_WORDS = re.compile(
    r"(?:不用|不要|不需要|不想要|不必)再?(?P<words>[^\s\x00,，。.!！?？；;了]{2,8}?)了"
)


def refused_wishes(text: str) -> tuple[str, ...]:
    """The words of wishes the text says are no longer wanted ("不用重新保养了": 重新保养);
    an earlier wish whose wording holds them is dropped."""
    return tuple(m["words"] for m in _REFUSED_WORDS.finditer(text))


# A sum or what the money is for, said after a money wish with only a blank between: "退钱
# 鱼香肉丝的钱 32块", "退一次的钱 50" (newcomer trial 11: the sum was lost). Chinese numerals
# count as a sum only with their unit; a piece holding a remedy word is a wish of its own.
# A rough sum counts ("800多", "两千左右", "1k", "1.2万"; newcomer trial 17: "赔偿 两千左右"
# kept "两千左右" as a wish of its own).
_ROUGH = r"(?:多|来|余|出头|左右|上下)?"
_SUM = (
    rf"(?:[$¥￥]?\d+(?:\.\d+)?(?:k|w|千|万)?{_ROUGH}(?:块钱|块|元|rmb|yuan)?{_ROUGH}"
    rf"|[零一二两三四五六七八九十百千万]+{_ROUGH}(?:块钱|块|元){_ROUGH}"
    rf"|[零一二两三四五六七八九十]+[百千万]{_ROUGH})"
)
_MONEY_PIECE = re.compile(
    # "全额3200", "一共9000": how much of it, then the sum (newcomer trial 18: the sum was lost)
    rf"[ \t\u3000]+(?:(?:全额|全款|全部|一共|总共|共计|合计)?{_SUM}"
    rf"|[^\s\x00,，。；;:：!！?？]{{1,8}}?(?:的钱|钱|费)(?:\s*{_SUM})?)"
    # a particle after the sum ends it: "衣柜赔我 两千左右吧" (newcomer trial 22: lost)
    r"(?=[吧啊呀哦的]*(?:[\s,，。；;!！…~]|$))",
    re.I,
)
MONEY_KEYS = frozenset({"refund", "compensation"})
# A sum said just before a money wish, a blank between: "还有 我要2000 赔偿" (newcomer trial
# 22: the wish read "赔偿", the 2000 lost), at its clause's start or after 我要/要.
_SUM_BEFORE = re.compile(
    rf"(?:^|(?<=[\s\x00,，。；;!！]))(?:我们?)?(?:要求?|想要|希望)?(?P<sum>{_SUM})[ \t\u3000]+$"
)


def with_money_tail(view: str, remedies: list[Remedy]) -> list[Remedy]:
    """`remedies` with each money wish (refund, compensation) running on over the sums and
    the money named after it, blank-separated ("退钱 鱼香肉丝的钱 32块"), up to the next
    wish. `view` is the copy in which sums are readable (see find_remedies)."""
    out: list[Remedy] = []
    for index, remedy in enumerate(remedies):
        end = remedy.end
        limit = remedies[index + 1].start if index + 1 < len(remedies) else len(view)
        while remedy.key in MONEY_KEYS and (piece := _MONEY_PIECE.match(view, end, limit)):
            if REMEDY_RE.search(piece.group()):
                break
            end = piece.end()
        out.append(Remedy(remedy.key, remedy.start, end))
    return out


# The value of what was lost or bought, said beside a money wish: "东西价值800多", "那个包两千块
# 买的", "我花了1k买的", "原价2999", "it cost me $120", "I paid 500 yuan for it" (newcomer trial
# 17: the value was dropped, or kept as a wish of its own). A clause of its own, whole.
_CN_NUMBER = r"[零一二两三四五六七八九十百千万]+"
# A Chinese numeral without a unit or a magnitude is no sum: "上周四买的", "礼拜三买的" tell
# the day (the merged trials 17: a weekday at the summary became the refund's value).
_VALUE_SUM = (
    rf"(?<![周期拜月年号日])[$¥￥]?\s*(?:\d+(?:\.\d+)?\s*(?:k|w|千|万)?{_ROUGH}"
    rf"(?:块钱|块|元|rmb|yuan|美元|美金)?{_ROUGH}"
    rf"|{_CN_NUMBER}?[百千万]{_ROUGH}(?:块钱|块|元|美元|美金)?{_ROUGH}"
    rf"|{_CN_NUMBER}{_ROUGH}(?:块钱|块|元|美元|美金){_ROUGH})"
)
_VALUE_CN = re.compile(
    r"(?:[^\s\x00,，。；;!！?？]{0,8}?)(?:"
    rf"(?:价值|值|原价|售价|价格|单价|总价|买价|标价|定价|价钱)(?:是|为|要|得)?(?:大概|大约|约|差不多)?{_VALUE_SUM}"
    rf"|(?:是|花了?|用了|付了?|大概|大约|差不多)*{_VALUE_SUM}(?:买的|买来的|买回来的|入手的|买了)"
    rf"|(?:花了|付了|一共|总共|共)(?:大概|大约|差不多)?{_VALUE_SUM}"
    r")[的啊呀呢哦吧]*"
)
_VALUE_SUM_EN = (
    r"(?:about|around|like|over|almost|nearly|roughly)?\s*[$¥£€]?\s*\d+(?:[.,]\d+)?\s*(?:k|grand)?"
    r"\s*(?:dollars?|bucks|usd|rmb|yuan|pounds?|euros?)?"
)
_VALUE_EN = re.compile(
    r"(?:(?:it|this|that|they|these|those|(?:the|my)\s+\w+)\s+)?(?:cost|costs|was|were)\s+(?:me\s+)?"
    + _VALUE_SUM_EN
    + r"|(?:i\s+)?(?:paid|spent)\s+"
    + _VALUE_SUM_EN
    + r"(?:\s+(?:for|on)\s+(?:it|this|that|them))?"
    # "the item is worth 2000" (newcomer trial 22)
    + r"|(?:it'?s\s+|its\s+|(?:it|this|that|they|(?:the|my)\s+\w+)\s+(?:is|was|are|were)\s+)?"
    + r"worth\s+"
    + _VALUE_SUM_EN
    + r"|(?:the\s+)?(?:price|value)\s+(?:was|is)\s+"
    + _VALUE_SUM_EN
    + r"|bought\s+(?:it\s+|them\s+)?for\s+"
    + _VALUE_SUM_EN,
    re.I,
)
# Where such a clause ends: punctuation, and in Chinese a blank too (English runs on past
# blanks). A full stop between digits is a decimal point ("1.2万").
_VALUE_CLAUSE_CN = re.compile(r"[^\s\x00,，。；;!！?？]+")
_VALUE_CLAUSE_EN = re.compile(r"(?:[^,;!?.\x00]|(?<=\d)\.(?=\d))+")
_NUMBER = rf"(?:\d+(?:\.\d+)?|{_CN_NUMBER})(?:k|w|千|万)?"
# A sum alone, said so it is one: with a currency sign or unit, roughly, or in thousands.
_SUM_ALONE = re.compile(
    rf"(?:[$¥￥]\s*{_NUMBER}{_ROUGH}"
    rf"|{_NUMBER}(?:多|来|余|出头|左右|上下)(?:块钱|块|元)?{_ROUGH}"
    rf"|{_NUMBER}(?:块钱|块|元|rmb|yuan|美元|美金|dollars?|bucks){_ROUGH}"
    r"|\d+(?:\.\d+)?(?:k|w|千|万)|[零一二两三四五六七八九十]+[百千万])[的啊呀吧]?",
    re.I,
)


def value_clause(words: str) -> bool:
    """Whether `words` (one clause, stripped) state what something cost or was worth."""
    words = words.strip(" ，,。.、；;：:!！~～")
    if not words:
        return False
    rule = _VALUE_EN if words.isascii() else _VALUE_CN
    return rule.fullmatch(words) is not None


def stated_values(view: str, wishes: list[Remedy]) -> list[tuple[int, int]]:
    """The spans of clauses in `view` (sums readable) that state a value, outside every wish's
    wording (see value_clause)."""
    clauses = _VALUE_CLAUSE_EN if view.isascii() else _VALUE_CLAUSE_CN
    found = list(clauses.finditer(view))
    if not view.isascii() and _LATIN.search(view):
        # "要么赔我 the item is worth 2000": an English clause inside Chinese runs on past
        # blanks (newcomer trial 22: the value was lost)
        for run in _ASCII_RUN.finditer(view):
            found += [c for c in _VALUE_CLAUSE_EN.finditer(view, run.start(), run.end())]
    spans: list[tuple[int, int]] = []
    for clause in found:
        start = clause.start() + len(clause[0]) - len(clause[0].lstrip())
        end = clause.start() + len(clause[0].rstrip())
        if any(r.start < end and start < r.end for r in wishes):
            continue
        if any(a <= start and end <= b for a, b in spans):
            continue
        if value_clause(view[start:end]):
            spans.append((start, end))
    return sorted(spans)


# A run of English words inside Chinese text, blanks and sums within it.
_ASCII_RUN = re.compile(r"[A-Za-z][\x20-\x7e]*")


def value_or_sum(words: str) -> bool:
    """Whether a message is only a value stated ("东西价值800多", "it cost me $120") or a
    sum said with its unit or roughly ("800多", "两千左右", "1.2万", "$120"): said after a
    money wish, it belongs to it."""
    words = unicodedata.normalize("NFKC", words).strip(" ，,。.、；;：:!！~～")
    return value_clause(words) or _SUM_ALONE.fullmatch(words) is not None


def with_value(wording: str, value: str) -> str:
    """A money wish's wording with the value said beside it: "赔偿（东西价值800多）",
    "compensation (it cost me $120)"."""
    if value in wording:
        return wording
    return (
        f"{wording} ({value})" if wording.isascii() and value.isascii() else f"{wording}（{value}）"
    )


def with_values(
    remedies: tuple[tuple[str, str], ...], values: list[str]
) -> tuple[tuple[str, str], ...]:
    """`remedies` with the values stated beside them (stated_values) kept with the first
    money wish ("赔我钱（那个包两千块买的）"); unchanged when there is no money wish."""
    money = next((i for i, (key, _) in enumerate(remedies) if key in MONEY_KEYS), None)
    if money is None or not values:
        return remedies
    key, wording = remedies[money]
    joined = ", ".join(values) if all(v.isascii() for v in values) else "，".join(values)
    return (*remedies[:money], (key, with_value(wording, joined)), *remedies[money + 1 :])
