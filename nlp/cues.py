# ruff: noqa: E501  (word lists and patterns read better unwrapped)
"""Cue groups: hand-written domain knowledge, one regular expression per idea.

Each group becomes one model feature (`k:<group>`), so the learnt weights decide how much a
group counts for each category and severity; the words inside a group generalise to texts
whose exact words no training example used. Written from the labelling conventions
(shared/data/README.md) and ordinary complaint vocabulary, not from any scored file.
Latin words stand alone ("app" is no cue inside "unhappy", nor "abs" inside "absolutely").
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import Any

# CPython's own pattern parser, for the first characters of a pattern in compile_fast. Loaded
# by name because typeshed has no stub for the private `re._parser`, and its typed alias
# `sre_parse` warns DeprecationWarning since 3.11. Any change in it only costs the look-ahead
# (compile_fast falls back to the plain pattern).
_sp: ModuleType = importlib.import_module("re._parser")

_GROUPS: dict[str, str] = {
    # product quality
    "defect": r"坏了|坏的|故障|失灵|死机|卡顿|黑屏|花屏|闪退|重启|不能用|用不了|没法用|不工作|不亮|不转|"
    r"开裂|裂了|裂纹|断了|掉漆|生锈|锈蚀|脱落|起皮|掉色|褪色|变形|鼓包|漏水|漏油|漏液|漏风|"
    r"异响|响声|噪音|抖动|渗水|发热|发烫|耗电|续航|充不进|不充电|质量差|质量太差|质量不好|做工|粗糙|"
    r"瑕疵|线头|开胶|抽丝|起球|烧机油|故障灯|毛病|问题车",
    "food_quality": r"难吃|不好吃|不新鲜|味道|口感|太咸|太淡|太油|太辣|齁|凉了|冷了|不热|硬|生的|"
    r"没熟|夹生|分量|份量|量少|量太少|太少了|就几块|没有肉|一块肉|变质|馊|发霉|霉变|烂的|烂了|"
    r"坏的|臭了|过期|异物|头发|虫|苍蝇|蟑螂|塑料|钢丝|石子",
    "hotel_room": r"房间|客房|床单|被子|枕头|卫生间|浴室|马桶|淋浴|热水|空调|隔音|霉味|烟味|异味|"
    r"设施|陈旧|老旧|破旧|脏|不干净|卫生|蚊子|老鼠|早餐|窗户|地毯|电视",
    "not_as_described": r"货不对板|与描述不符|和描述不符|与图片不符|和图片不一样|色差|尺码|尺寸不对|"
    r"规格不对|型号不对|不是正品|假货|假的|仿冒|山寨|高仿|翻新|二手|旧的|用过的|拆封|被人用过",
    "wrong_missing_item": r"送错|发错|错发|少送|漏送|少发|漏发|少了一|缺了|少一个|少一份|没给|没放|"
    r"没带|配件不全|缺件|不是我点的|不是我买的",
    "packaging": r"包装|盒子|袋子|封口",
    # logistics
    "late": r"慢|超时|迟迟|延误|晚到|太久|很久|好久|等了|一个多小时|两个小时|几个小时|半天|"
    r"还没到|没送到|没到货|不发货|未发货|还没发货|没发货|物流停|物流信息|几天了|天才到",
    "courier": r"快递|物流|配送|送餐|送货|外卖员|外卖小哥|骑手|快递员|快递小哥|配送员|送餐员|"
    r"驿站|快递柜|派送|签收|代签|上楼|下楼|取餐|顺丰|圆通|中通|申通|韵达|邮政|(?<![a-z])ems(?![a-z])|京东物流",
    "transit_damage": r"洒了|撒了|漏了一袋|汤洒|压坏|压扁|摔坏|碎了|破损|外箱|箱子破",
    "lost": r"丢件|丢了|丢失|没收到|未收到|收不到|没有收到|显示签收|被签收",
    # service attitude
    "attitude": r"态度|不耐烦|爱答不理|爱理不理|冷淡|冷漠|凶|骂|吼|摆脸|脸色|翻白眼|不礼貌|没礼貌|"
    r"不尊重|敷衍|推诿|踢皮球|推脱|甩锅|不理|不回复|没人理|不搭理|打不通|无人接听|转人工|"
    r"服务差|服务太差|服务恶劣|服务态度|素质",
    "staff": r"服务员|前台|店员|店长|经理|客服|工作人员|销售|导购|收银|保安|业务员|柜员|大堂",
    # after sales
    "after_sales": r"售后|退货|退款|换货|退换|维修|修好|修了|返修|返厂|保修|质保|三包|拒赔|理赔|"
    r"不保修|不给修|不给退|不给换|不退|拒绝退|申请退|退不了|取消订单|取消不了|注销|销户|"
    r"结清证明|结清|配件|没有配件|等配件|不处理|没解决|未解决|不解决|4s店",
    # billing
    "charge": r"收费|扣费|扣款|扣了|多收|乱收|重复扣|多扣|费用|手续费|服务费|年费|会员费|管理费|"
    r"安装费|违约金|滞纳金|利息|利率|年化|息费|高利贷|砍头息|价格|贵|差价|降价|价保|保价|"
    r"优惠券|优惠|满减|红包|返现|积分|账单|自动续费|续费|搭售|捆绑|保费|押金|房费|结账|结帐",
    "usury": r"利息太高|利息高|利率高|高利贷|年化|36%|24%|砍头息|超过国家|高息|利滚利",
    # misleading
    "misleading": r"虚假宣传|夸大宣传|与宣传不符|和宣传不符|宣传的|宣传说|广告|承诺|说好的|答应|"
    r"欺骗|误导|诱导|忽悠|套路|隐瞒|未告知|没告知|没有告知|不告知|告诉我利息|说利息低|利息很低|"
    r"利息低|免费|赠送|送的|赠品|礼品|没送|说可以|说是|声称|谎称|明明说",
    # other: debt collection, credit, fraud, hardship
    "collection": r"催收|暴力催收|爆通讯录|通讯录|联系人|骚扰|恐吓|威胁|辱骂|打电话给我家人|"
    r"打给我同事|打到单位|联系我家人|每天打|天天打|几十个电话",
    "hardship": r"协商还款|协商|停息挂账|分期还款|延期还款|个性化分期|困难|没有收入|失业|疫情|"
    r"还不上|无力偿还|减免",
    "credit": r"征信|额度|降额|冻结|封卡|止付|限额|风控|提额|降低额度",
    "fraud": r"诈骗|骗局|骗子|被骗|盗刷|盗用|冒用|冒名|身份被|不知情|没有授权|未经.{0,4}同意|"
    r"本人不知|从未借|从来没有借|没有申请|不是本人",
    "invoice": r"发票|开票|收据",
    # severity
    "food_safety": r"拉肚子|腹泻|拉稀|吃坏|上吐下泻|呕吐|吐了|食物中毒|中毒|吃出|虫子|苍蝇|蟑螂|"
    r"头发丝|异物|发霉|霉变|变质|馊了|腐烂|烂叶",
    "car_safety": r"刹车|制动|转向|方向盘|熄火|失速|动力中断|没有动力|加速无力|断轴|自燃|起火|"
    r"爆胎|轮胎.{0,4}(裂|鼓包)|漏油|安全气囊|气囊|(?<![a-z])(?:abs|esp)(?![a-z])|安全隐患|行驶中|高速上",
    "injury": r"受伤|烫伤|划伤|割伤|流血|骨折|住院|医院|急诊|过敏|中毒|头晕|呕吐|"
    r"起火|着火|爆炸|冒烟|触电|漏电|烧干|煤气|燃气|甲醛|影响身体健康|危险|安全",
    "authority": r"(?<!\d)(?:12315|12345|12378)(?!\d)|消协|消费者协会|银监|银保监|保监会|金融监管|人民银行|监管局|"
    r"市场监管|工商|报警|警察|派出所|公安|起诉|法院|律师|诉讼|仲裁|上诉|媒体|曝光|记者|"
    r"电视台|新闻|黑猫",
    "strong": r"垃圾|恶心|太差|极差|很差|差劲|最差|坑人|坑爹|无语|气死|愤怒|失望|骗子|黑心|"
    r"再也不|不会再|再也不会|永远不|绝对不|千万别|千万不要|避雷|差评|退钱|滚",
    "mild": r"一般|还行|还可以|凑合|有点|稍微|略|不太|希望改进|建议|总体还|其他还|还不错|挺好|"
    r"不错|可惜|美中不足",
    "repeat": r"多次|反复|一再|屡次|又一次|第二次|第三次|好几次|再次|三番五次|一直没",
    "car_brand": r"大众|丰田|本田|日产|别克|雪佛兰|福特|现代|起亚|奇瑞|吉利|长安|长城|哈弗|比亚迪|"
    r"宝马|奔驰|奥迪|马自达|标致|雪铁龙|东风|一汽|上汽|广汽|北汽|宝骏|五菱|荣威|名爵|领克|"
    r"传祺|江淮|蔚来|小鹏|理想|特斯拉|沃尔沃|凯迪拉克|(?<![a-z])jeep(?![a-z])|斯柯达|昂科威|速腾|迈腾|朗逸|卡罗拉|"
    r"思域|雅阁|轩逸|宝沃|捷达|途观",
    "finance": r"银行|信用卡|贷款|借款|网贷|分期|还款|逾期|借呗|花呗|白条|金融|消费金融|保险|"
    r"保单|理财|账户|(?<![a-z])app(?![a-z])|放款|下款",
}


# Groups that each name a different thing that went wrong (not tone, topic or severity).
FAILURE_GROUPS: frozenset[str] = frozenset(
    {
        "defect",
        "food_quality",
        "hotel_room",
        "not_as_described",
        "wrong_missing_item",
        "packaging",
        "late",
        "transit_damage",
        "lost",
        "attitude",
        "after_sales",
        "charge",
        "misleading",
        "collection",
        "fraud",
        "credit",
        "invoice",
    }
)


def _first_chars(items: list[Any], out: set[str]) -> bool:
    """Add the characters a match of the parsed pattern `items` can start with; False when
    that is not a plain set of characters."""
    for op, av in items:
        if op is _sp.ASSERT_NOT and av[0] == -1:  # a look-behind consumes nothing: skip it
            continue
        if op is _sp.LITERAL:
            out.add(chr(av))
            return True
        if op is _sp.IN:
            for kind, value in av:
                if kind is not _sp.LITERAL:
                    return False
                out.add(chr(value))
            return True
        if op is _sp.BRANCH:
            return all(_first_chars(list(branch), out) for branch in av[1])
        if op is _sp.SUBPATTERN:
            return _first_chars(list(av[3]), out)
        return False
    return False


def _starts_with_literal(ops: list[Any]) -> bool:
    return bool(ops) and ops[0][0] is _sp.LITERAL


def compile_fast(pattern: str) -> re.Pattern[str]:
    """`re.compile(pattern)`, with a look-ahead on its first characters when some alternative
    starts with a group or a look-behind: the engine then skips most positions at once where
    it would try every alternative (5-10 µs -> 2 µs a message). Plain literal alternations
    are left alone: the engine already does this for them, and better."""
    try:
        items = list(_sp.parse(pattern))
        branches = items[0][1][1] if len(items) == 1 and items[0][0] is _sp.BRANCH else [items]
        if all(_starts_with_literal(list(b)) for b in branches):
            return re.compile(pattern)
        chars: set[str] = set()
        if not _first_chars(items, chars):
            return re.compile(pattern)
    except Exception:  # a private parser that may change: fall back to the plain pattern
        return re.compile(pattern)
    return re.compile(
        "(?=[" + "".join(re.escape(ch) for ch in sorted(chars)) + "])(?:" + pattern + ")"
    )


# The same ideas in English, as foreign customers write them (newcomer trial: every English
# complaint was filed as 其他, the model having learnt its weights from Chinese words). A group
# fires for its English words too, so the weights learnt from Chinese examples count for them.
# Whole words only (see the module docstring); the text is lower case. Not the tone groups
# (strong, mild, repeat): those weigh for categories too, and an English text with only a tone
# word ("terrible") must go to review, not be filed by its tone (tests/nlp/test_classifier.py).
_ENGLISH: dict[str, str] = {
    "defect": r"broken|broke|stopped working|not working|doesn'?t work|does not work|won'?t (?:turn on|start|charge|heat|work)|faulty|defective|crash(?:es|ed)?|keeps restarting|no sound|flicker\w*|leak(?:s|ing|ed)?|cracked|torn|ripped|peeling|fell apart",
    "food_quality": r"tasteless|bland|too salty|stale|undercooked|burnt|tasted?|tastes",
    "hotel_room": r"room|sheets|bathroom|toilet|shower|towels?|air ?con\w*",
    "not_as_described": r"not as described|different (?:colou?r|size|model) from|wrong size|wrong colou?r|nothing like the (?:photos?|pictures?)",
    "wrong_missing_item": r"wrong item|missing|sent (?:me )?the wrong|not in the box",
    "packaging": r"packaging",
    "late": r"late|delay(?:ed|s)?|slow|still waiting|not (?:yet )?shipped|took (?:\w+ )?hours",
    "courier": r"delivery|delivered|courier|rider|parcel|package|shipping|shipped|tracking|postman",
    "transit_damage": r"crushed|spilled|spilt|damaged in transit|arrived (?:broken|damaged|crushed)",
    "lost": r"never arrived|lost|not received|never (?:received|got)|did(?:n'?t| not) (?:receive|get)|says delivered",
    "attitude": r"rude|impolite|arrogant|unfriendly|unprofessional|shouted|yelled|ignored|rolled (?:her|his|their) eyes|laughed at|attitude|disrespectful",
    "staff": r"staff|waiter|waitress|cashier|receptionist|front desk|manager|shop assistant|salesman|saleswoman|customer service|employees?|clerk|security guard|checkout",
    "after_sales": r"refund(?:ed)?|returns?|returned|exchange|repair(?:ed|s)?|fix(?:ed)?|warranty|guarantee|after[- ]?sales|claim",
    "charge": r"charged|charges?|fees?|overcharg\w*|bill(?:ed)?|deduct\w*|paid twice",
    "usury": r"interest rate|high interest|usury",
    "misleading": r"false advertising|advertised|advert|ads?|promised|promise|lied|lie|misleading|fake discount",
    "collection": r"debt collectors?|collection agents?|collectors?|harass\w*|threaten\w*",
    "hardship": r"lost my job|can ?not pay|can'?t pay|more time|hardship",
    "credit": r"credit report|credit score|frozen|freeze|credit limit",
    "fraud": r"fraud\w*|scam\w*|stole|stolen|without my (?:permission|consent)|unauthori[sz]ed|identity theft|used my (?:id|card|name)",
    "invoice": r"invoice|receipt",
    "food_safety": r"food poisoning|diarrh\w*|vomit\w*|a hair in|bugs? in|insects?|cockroach\w*|expired|mou?ldy|rotten",
    "injury": r"injur\w*|burn(?:ed|t|s)?|bleed\w*|hospital|allergic",
    "authority": r"police|lawyer|sue|court|consumer association|journalist",
    "finance": r"bank|credit card|loan|installments?|insurance",
}


def _with_english(name: str, pattern: str) -> str:
    english = _ENGLISH.get(name)
    return pattern if english is None else f"{pattern}|(?<![a-z])(?:{english})(?![a-z])"


_COMPILED: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, compile_fast(_with_english(name, pattern))) for name, pattern in _GROUPS.items()
)


def groups(text: str) -> list[str]:
    """Names of the cue groups that occur in `text` (already normalised: lower case)."""
    return [name for name, rx in _COMPILED if rx.search(text)]


def matches(text: str, group: str) -> list[str]:
    """The words of one group found in `text`, for explanations."""
    rx = dict(_COMPILED)[group]
    return sorted({m.group(0) for m in rx.finditer(text)})
