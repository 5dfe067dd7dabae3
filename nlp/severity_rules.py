# ruff: noqa: E501  (word lists and patterns read better unwrapped)
"""Severity triggers that must never be missed (docs/process.md section 3, issue 3): rules over the model.

Each rule names why it fired, for the agent: "关键词: 拉肚子 → 紧急(食品安全)".
Each trigger is read in its situation (issue 12), not as a bare word:
- a word inside a product name or a negation does not fire: 防盗刷 (a card feature), 反诈骗,
  冒充律师 (someone pretending), 没有受伤, 联名卡 (a co-branded card);
- insects, foreign objects and mould are food safety only beside food (a cockroach in a hotel
  room is a hygiene complaint, not food poisoning);
- 报案 to an insurer (reporting a claim) is not going to the police;
- amounts: "about ¥10,000 or more" means the disputed or lost sum (被骗, 盗刷, 多扣, 不退…),
  not a loan's principal, a credit limit or a balance, and 万 before a non-money unit
  (200万像素, 10万公里) is no money at all. Digits, Chinese numerals and 万 are parsed.
The wordings follow docs/process.md section 3's triggers (safety, injury, fire, food poisoning, large loss,
group complaints, media / regulator / court) and shared/data/README.md's labelling notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.cues import compile_fast
from nlp.extract_numbers import service_number

URGENT_AMOUNT = 10_000
_AROUND = 8  # characters before (and after) a match that `before` (and `around`) read
_NEAR = 16  # characters either side of a match in which `needs` must be found


@dataclass(frozen=True)
class Rule:
    label: str  # shown to agents, in Chinese
    pattern: re.Pattern[str]
    # A match fires unless this finds its situation just before the match (`before`) or
    # around it (`around`, _AROUND characters either side): a negation, a product name.
    before: re.Pattern[str] | None = None
    around: re.Pattern[str] | None = None
    # Some matches only count beside this (within _NEAR characters): food for food safety.
    needs: re.Pattern[str] | None = None
    needs_for: re.Pattern[str] | None = None  # which matches need it (all when None)
    around_for: re.Pattern[str] | None = None  # which matches `around` reads (all when None)
    # How far back `before` reads: English puts words between a negation and what it
    # negates ("nobody got hurt"), Chinese seldom does (没有受伤).
    before_reach: int = _AROUND
    near: int = _NEAR  # how far either side `needs` is looked for (English words are longer)

    def first(self, text: str) -> str | None:
        """The first match of the rule that stands in its situation, or None."""
        for m in self.pattern.finditer(text):
            start, end = m.span()
            if self.before and self.before.search(text[max(0, start - self.before_reach) : start]):
                continue
            if (
                self.around
                and (self.around_for is None or self.around_for.fullmatch(m.group(0)))
                and self.around.search(text[max(0, start - _AROUND) : end + _AROUND])
            ):
                continue
            if (
                self.needs
                and (self.needs_for is None or self.needs_for.fullmatch(m.group(0)))
                and not self.needs.search(text[max(0, start - self.near) : end + self.near])
            ):
                continue
            return m.group(0)
        return None


def _compiled(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern is not None else None


def _r(
    label: str,
    pattern: str,
    *,
    before: str | None = None,
    around: str | None = None,
    needs: str | None = None,
    needs_for: str | None = None,
    around_for: str | None = None,
) -> Rule:
    return Rule(
        label,
        compile_fast(pattern),
        before=_compiled(before),
        around=_compiled(around),
        needs=_compiled(needs),
        needs_for=_compiled(needs_for),
        around_for=_compiled(around_for),
    )


def _en(
    label: str, pattern: str, *, needs: str | None = None, needs_for: str | None = None
) -> Rule:
    """An English rule: whole words, and an English negation up to one word before the
    trigger ("not injured", "nobody got hurt", "didn't catch fire") keeps it from firing."""
    return Rule(
        label,
        compile_fast(pattern),
        before=re.compile(_NEGATED_EN),
        needs=_compiled(needs),
        needs_for=_compiled(needs_for),
        before_reach=_REACH_EN,
        near=_NEAR_EN,
    )


# A negation or a "not really" right before a trigger: 没有受伤, 未起诉, 冒充律师, 防盗刷.
_NEGATED = r"(没|没有|未|无|不是|并非|并没有?|防|反|防止|冒充|假冒|冒称|自称|假装|假扮|号称)$"

# Words of eating and food: the situation a bug, a hair or mould must be in to be food safety.
_FOOD = (
    r"吃|喝|食|餐|饭|菜|汤|面条|面包|拌面|汤面|粥|米饭|大米|米线|米粉|粉丝|螺蛳粉|酸辣粉|奶粉|"
    r"肉|鱼|虾|鸡|鸭|蛋|奶|饮料|饮品|茶|咖啡|水果|零食|糕|饼|包子|饺子|馄饨|外卖|打包|便当|罐头|"
    r"月饼|点心|火锅|烧烤|披萨|汉堡|薯条|沙拉|嘴里|口里|锅里|碗里|盘子里|肚子"
)

URGENT_RULES: tuple[Rule, ...] = (
    _r(
        "食品安全",
        r"拉肚子|腹泻|拉稀|吃坏(了)?肚子|上吐下泻|食物中毒|吃.{0,12}(吐了|呕吐)|"
        r"吃出.{0,8}(虫|苍蝇|蟑螂|头发|异物|钢丝|玻璃|塑料|石子|指甲|创可贴)|"
        r"(有|发现|里面|一只|一个|一条|几只|好多).{0,4}(虫子|苍蝇|蟑螂|蛆|老鼠屎)|异物|发霉|霉变|长毛了|变质|馊了|"
        # A foreign object found in the food without "吃出" (饭里面还有一根头发): the domain's
        # urgent food-safety case names foreign objects, not only the verb (newcomer trial).
        r"(有|发现|里面|一根|一块|一片|几根).{0,4}(头发|钢丝|玻璃|塑料片|石子|指甲|创可贴)|"
        r"腐烂|烂菜叶|烂叶子|都是坏的|过期.{0,4}(食品|的奶|牛奶|面包)|吃了.{0,10}(不舒服|难受|肚子疼|肚子痛)",
        before=r"(没|没有|未|无|不是|并非|并没有?)$",
        needs=_FOOD,
        needs_for=r"(有|发现|里面|一只|一个|一条|几只|好多).{0,4}(虫子|苍蝇|蟑螂|蛆|老鼠屎)|异物|发霉|霉变|长毛了|变质|腐烂|都是坏的|"
        r"(有|发现|里面|一根|一块|一片|几根).{0,4}(头发|钢丝|玻璃|塑料片|石子|指甲|创可贴)",
    ),
    _r(
        "行车安全",
        r"刹车.{0,4}(失灵|失效|偏软|变软|发软|软了|变硬|异常|不灵|不好使|抱死|距离长|过度磨损|没反应|踩不下去)|刹不住|制动.{0,4}(失灵|失效|距离)|"
        # A near-collision while driving is a safety incident whatever its cause (newcomer
        # trial 14: "昨天高速上刹车发软差点追尾" was 重要, with a two-day clock).
        r"(行驶|开车|高速|路上|开着|跑着|刹车|方向).{0,12}差点(追尾|撞|出事|出车祸|翻车|失控)|"
        # The pedal tells of it, a few words after the brake (newcomer trial 17: "刹车还是有
        # 异响 而且踩下去软软的" was 重要): soft, empty or to the floor when pressed.
        r"刹车.{0,16}踩(下去|着|起来|到底)?.{0,3}(软|空|没反应|没有反应|到底)|"
        r"\bbrakes? (?:failed|fail|went soft|gave out|(?:did not|didn't) work)|near(?:ly)? crash|almost crashed|"
        r"转向.{0,4}(沉重|失灵|失效|卡滞|异常|助力)|方向盘.{0,4}(卡死|锁死|失灵|沉重|跑偏|打不动)|方向失控|车辆失控|"
        r"(行驶|开车|高速|路上|开着开着|跑着跑着|正常开).{0,10}(熄火|失速|动力中断|没有动力|没动力|失去动力|动力.{0,2}(消失|丢失|没了)|变速箱.{0,4}(故障|失灵)|黑屏.{0,4}(仪表|无法)|挂不上挡)|"
        r"动力.{0,2}(突然|瞬间)?(消失|丢失|中断)|自动熄火|失速|断轴|自燃|爆胎|轮胎.{0,6}(裂|鼓包)|油箱.{0,4}漏|漏油|燃油泄漏|"
        r"(安全)?气囊.{0,6}(不弹|没弹|未弹|故障|误弹)|安全气囊|abs.{0,8}故障|esp.{0,8}故障|安全隐患|影响身体健康|电池.{0,4}(起火|冒烟|热失控)",
        before=_NEGATED,
    ),
    _r(
        "人身安全",
        r"受伤|烫伤|烫红|烫出.{0,2}泡|烫起.{0,2}泡|烧伤|灼伤|划伤|割伤|流血|骨折|住院|送医|急诊|进医院|过敏|中毒|"
        # A blow to the body, a bump or a wound (newcomer trial 15: a child pushed over at a
        # kindergarten, "额头起了个大包", was 一般 with a five-day clock). Goods are bruised and
        # knocked too (水果碰伤, 手机磕伤, 箱子压伤): the words count only said of a person,
        # an animal or a part of the body.
        r"(孩子|小孩|儿子|女儿|宝宝|老人|孙子|孙女|妈|爸|老公|老婆|我|他|她|(?<!器)人|腿|"
        r"手(?![机表环套柄])|脚|胳膊|腰|(?<![镜插龙码枕])头|脸|膝盖|狗|猫)"
        r".{0,6}(摔伤|撞伤|磕伤|磕破|碰伤|砸伤|夹伤|压伤|咬伤|抓伤|扭伤)|"
        r"(额头|头上|头部|脑袋|后脑勺?|脸上|眼角|下巴|嘴唇|鼻子).{0,4}(起了?个?大?包|肿了?个?大?包|肿起来|磕破|破了|出血)|"
        # Violence against a person (staff pushing, hitting, kicking a customer): personal
        # safety in docs/process.md's urgent triggers (newcomer trial 17: "他还推了我一把 我这个
        # 腰现在还疼" was 重要). 打 alone is too wide (打电话, 打折, 打车): only its violent forms.
        r"殴打|动手打|打人|(?<![拍])打了(我|他|她|孩子|老人)(一|两|几)?(下|拳|巴掌|耳光)|"
        r"(推|踹|踢|扇|揍|掐|推搡)了?(我|他|她|孩子|老人|我妈|我爸|我老婆|我老公)(一把|一下|一脚|一拳|几下|一巴掌|一个耳光)|"
        r"推倒了?(我|他|她|孩子|老人)|被.{0,6}(推倒|殴打|打伤|踹倒|踢伤)|"
        r"\b(?:pushed|shoved|hit|slapped|punched|kicked|assaulted) (?:me|my (?:wife|husband|son|daughter|mother|father|kid|child))\b|"
        r"起火|着火|爆炸|冒烟|触电|漏电|烧干|干烧|空烧|烧糊了.{0,4}(冒烟|起火)|煤气泄漏|燃气泄漏|一氧化碳|"
        # Someone shut in (a lift, a room): a safety incident under way (newcomer trial 8:
        # "电梯又坏了 我爸被困里面半小时" was filed as a survey comment). Not 被困扰/困惑.
        r"被困(?![扰惑难])|困在.{0,4}(电梯|里面|里头|屋里|车里)|关在电梯|电梯.{0,4}(困人|关人)|"
        r"trapped|stuck in (the |an |a )?(elevator|lift)|"
        # Harm done to the body by a treatment or service (a clinic, a dentist, a salon, a
        # gym): docs/process.md's injury trigger in the words people use for it (newcomer
        # trial 11: "好牙弄松了 现在疼得吃不了饭" was filed 一般, with a 48-hour clock).
        r"(牙|牙齿|眼睛|皮肤|脸|头皮|手|脚|腿|腰|胳膊|脖子)(被)?.{0,3}(弄松|弄伤|弄破|弄肿|治坏|做坏|拉伤|扭伤|烧坏)|"
        r"拔错.{0,2}牙|治坏了|医疗事故|手术.{0,4}(失误|事故)|"
        r"疼得.{0,3}(吃不了|吃不下|睡不着|走不了|走不动|下不了床|动不了)|"
        r"\binjur(?:ed|y|ies)\b|hurt (?:my|his|her|our) (?:back|neck|leg|arm|hand|knee|tooth|teeth|eye)|"
        r"(?:loosened|chipped|broke) (?:a |my |his |her )?(?:healthy )?(?:tooth|teeth)",
        before=_NEGATED,
    ),
    _r(
        "监管/媒体/法律",
        # A hotline's number stands alone: not inside a plate or a code ("车牌京B12345",
        # newcomer trial 16: a taxi overcharge was urgent for it).
        r"(?<![\dA-Za-z])(?:12315|12345|12378|315)(?![\dA-Za-z])|消协|消费者协会|消保委|消委会|银监|银保监|保监会|金融监管|人民银行|"
        r"监管局|监管部门|监管机构|金管局|市场监督|市场监管|工商局|信访|市长热线|政府热线|报警|报案|警察|派出所|公安|"
        r"起诉|法院|律师|诉讼|仲裁|上诉|媒体|曝光|记者|电视台",
        before=_NEGATED,
        around=r"(保险|出险|理赔|车险|保司|定损|查勘).{0,6}报案|报案.{0,6}(理赔|定损|查勘|保险|出险)|律师函.{0,4}(催收|催款)|(催收|催款).{0,8}律师",
        around_for=r"报案|律师",
    ),
    _r(
        "欺诈/冒用",
        r"诈骗|骗局|(骗子|假的|假冒|山寨|钓鱼|骗人的?)(贷款|借款|理财|投资)?(app|软件|平台|网站|链接)|杀猪盘|解冻费|"
        r"盗刷|盗用|冒用|冒名|身份被|串改|篡改|伪造|假合同|冒签|代签.{0,4}(合同|名字)|被人.{0,4}(贷款|借款)|"
        r"(不知情|未经.{0,6}同意|没有经过.{0,6}同意).{0,16}(贷款|借款|办理|开通|扣款)|"
        r"(从未|从来没有?|没有)(申请|借过|借款|贷款).{0,10}(征信|借款|贷款|记录)",
        before=_NEGATED,
    ),
    _r(
        "人身风险",
        r"自杀|跳楼|轻生|活不下去|不想活|丢了工作|丢掉工作|被辞退|被开除|失去工作|工作丢了",
        before=r"(没|没有|未|不至于|不会)$",
    ),
    _r(
        "群体事件",
        r"集体投诉|集体维权|群体投诉|群体事件|联名(投诉|举报|信|上书|维权)|全体业主|"
        r"(很多|好多|大批|上百|几十|几百|多名|一群|数十|众多)(个|位|名)?(业主|车主|用户|客户|家长|学员|会员|消费者|受害者|住户|乘客).{0,10}(投诉|维权|被骗|受骗|中毒|拉肚子|都|一样|同样|遇到)",
    ),
)


# The same triggers in English (trial 22: "the gas heater in the hotel room leaked, my kid
# got dizzy and we went to hospital" and "broken glass in the baby food" were 重要, every urgent
# rule but a few English words being Chinese). Each alternative translates one of the Chinese
# triggers above, named in the comment before it; none is new. Read only when the text has
# Latin words (urgent_reasons), and a rule's label fires once whichever language found it.
_NEGATED_EN = r"(?:\b(?:not|no|never|without|nobody)|\bno one|n['’]t)(?:\s+[a-z]+)?\s+$"
_REACH_EN = 20
_NEAR_EN = 30  # "broken glass in the baby food": the food 20 characters on
_FOOD_EN = (
    r"\b(?:eat|ate|eaten|eating|drank|drink|drinks|drinking|food|meal|dish|soup|rice|noodles?|bread|"
    r"porridge|congee|milk|formula|juice|tea|coffee|fruit|snacks?|cake|biscuits?|cookies?|"
    r"dumplings?|buns?|takeaway|takeout|lunch ?box|bento|canned|hot ?pot|bbq|barbecue|pizza|"
    r"burger|fries|salad|meat|fish|chicken|duck|eggs?|yogh?urt|mouth|bowl|plate|stomach)\b"
)
# 异物 and what 吃出/有/发现/一根… name: a bug, a fly, a cockroach, hair, wire, glass, plastic…
_FOREIGN_EN = (
    r"bugs?|insects?|worms?|flies|fly|cockroach(?:es)?|roach(?:es)?|maggots?|rat droppings|"
    r"mouse droppings|hairs?|(?:steel |metal )?wires?|glass|plastic|stones?|fingernails?|"
    r"band-?aids?|plasters?"
)
_FOOD_FOUND_EN = (
    # 吃出/发现/有/里面/一只/一根… + 虫/苍蝇/蟑螂/头发/钢丝/玻璃/塑料/石子/指甲/创可贴 (beside food)
    rf"\b(?:found|finding|there (?:was|were|is|are)|full of|with) (?:a |an |some |the |live |dead |"
    rf"broken |a piece of |pieces of |a shard of |shards of |bits? of )*(?:{_FOREIGN_EN})\b|"
    rf"\b(?:a|an|some|broken|live|dead|pieces? of|shards? of|bits? of) (?:{_FOREIGN_EN})\b|"
    # 异物, 发霉/霉变/长毛了, 变质/馊了, 腐烂/都是坏的 (beside food)
    r"\bforeign (?:object|body)\b|\bmou?ldy?\b|\bspoil(?:ed|t)\b|\b(?:gone|went) (?:off|bad)\b|"
    r"\brott(?:en|ing)\b"
)

URGENT_RULES_EN: tuple[Rule, ...] = (
    _en(
        "食品安全",
        # 拉肚子/腹泻/拉稀/上吐下泻, 食物中毒, 吃坏肚子
        r"\bdiarrh(?:o)?ea\b|\bfood poisoning\b|\bupset stomach\b|"
        # 吃.{0,12}(吐了|呕吐)
        r"\b(?:ate|eaten|eating|drank|drinking)\b.{0,30}?\b(?:threw up|throw(?:ing)? up|vomit\w*|puk(?:ed|ing))\b|"
        # 吃了.{0,10}(不舒服|难受|肚子疼|肚子痛)
        r"\b(?:ate|eaten|eating)\b.{0,30}?\b(?:stomach ?ache|stomach pains?|felt sick|feel sick|"
        r"feeling sick|felt unwell|feel unwell)\b|"
        # 过期.{0,4}(食品|的奶|牛奶|面包)
        r"\bexpired (?:food|milk|bread|formula)\b|" + _FOOD_FOUND_EN,
        needs=_FOOD_EN,
        needs_for=_FOOD_FOUND_EN,
    ),
    _en(
        "行车安全",
        # 刹车失灵/失效/偏软/发软/不灵/抱死/没反应, 刹不住, 制动失灵
        r"\bbrakes?\b.{0,12}?\b(?:failed|fail(?:s|ure|ing)?|went soft|(?:are|were|feel|felt|got) (?:soft|spongy)|"
        r"not working|stopped working|gave out|locked up)\b|\bbrake failure\b|"
        r"\bcould(?:n['’]t| not) stop the (?:car|vehicle)\b|"
        # 转向失灵/卡滞, 方向盘卡死/锁死/打不动, 方向失控, 车辆失控
        r"\bsteering(?: wheel)?\b.{0,12}?\b(?:failed|locked|jammed|stuck|seized)\b|"
        r"\blost control of (?:the|my|our) (?:car|vehicle)\b|\b(?:car|vehicle) (?:went )?out of control\b|"
        # (行驶|开车|高速…).{0,10}(熄火|失速|动力中断|没有动力…)
        r"\b(?:while driving|on the (?:highway|motorway|expressway|freeway|road))\b.{0,30}?"
        r"\b(?:stall(?:ed|s)?|engine (?:died|cut out|shut off|stopped)|lost (?:all )?power)\b|"
        r"\b(?:stall(?:ed|s)?|engine (?:died|cut out|shut off)|lost (?:all )?power)\b.{0,20}?"
        r"\b(?:while driving|on the (?:highway|motorway|expressway|freeway))\b|"
        # 爆胎, 轮胎裂/鼓包
        r"\b(?:tyre|tire)s? (?:blew out|burst|cracked|bulg\w*)\b|\bblowout\b|\bbulge (?:in|on) the (?:tyre|tire)\b|"
        # 油箱漏, 漏油, 燃油泄漏
        r"\b(?:fuel|oil|petrol) (?:tank )?leak\w*|\bleak\w* (?:fuel|oil|petrol)\b|"
        # 气囊不弹/没弹/未弹/故障/误弹
        r"\bairbags? (?:did(?:n['’]t| not)|failed to|never) (?:deploy|go off|open)\w*|"
        r"\bairbags? (?:fault|failure|malfunction\w*|went off by (?:it|them)sel(?:f|ves))\b|"
        # 安全隐患, 电池起火/冒烟/热失控, 自燃
        r"\bsafety hazard\b|\bbattery (?:caught fire|(?:was )?on fire|smok\w*|exploded|thermal runaway)\b|"
        r"\bspontaneous(?:ly)? (?:combust\w*|caught fire)\b",
    ),
    _en(
        "人身安全",
        # 受伤 (beside "injured", already read): hurt, said of a person
        r"\b(?:got|was|were|been|getting) (?:badly |seriously )?hurt\b|"
        r"\bhurt (?:himself|herself|myself|themselves|ourselves)\b|"
        # 烫伤/烫红/烫出泡, 烧伤, 灼伤
        r"\bscald(?:ed|s|ing)?\b|\bburn(?:ed|t|s)? (?:my|his|her|our|their|the baby['’]?s?|the kid['’]?s?) "
        r"(?:hand|arm|leg|foot|face|mouth|tongue|skin|finger|fingers|scalp|head|back)\b|\bblisters?\b|"
        # 划伤/割伤 (said of a person), 流血, 骨折
        r"\bcut (?:my|his|her|our|their) (?:hand|finger|fingers|foot|leg|arm|face|lip|mouth|head)\b|"
        r"\bbleed(?:ing)?\b|\bbled\b|\bbroken (?:arm|leg|wrist|ankle|bone|rib|nose|finger|toe)s?\b|\bfractur\w*|"
        # 住院, 送医, 急诊, 进医院
        r"\bhospitali[sz](?:ed|ation)\b|\b(?:went|go|gone|going|taken|rushed|sent|admitted|ended up) "
        r"(?:to|into|in) (?:the )?(?:hospital|emergency|er)\b|\bin (?:the )?hospital\b|"
        r"\bemergency room\b|\ba&e\b|\bambulance\b|"
        # 过敏, 中毒
        r"\ballergic reaction\b|\banaphyla\w*|\bpoison(?:ed|ing)\b|"
        # 摔伤/撞伤/砸伤/夹伤/咬伤/抓伤/扭伤, said of a person or an animal
        r"\b(?:i|he|she|we|they|kid|child|son|daughter|baby|mother|mom|mum|father|dad|wife|husband|"
        r"grandma|grandpa|dog|cat) (?:was |got |were )?(?:bitten|scratched|crushed|sprained)\b|"
        # 额头/头上/脸上…起包/肿/磕破/出血
        r"\b(?:bump|lump|swelling|gash) on (?:my|his|her|their|the baby['’]?s?) (?:head|forehead|face)\b|"
        # 起火, 着火, 爆炸, 冒烟
        r"\bcaught fire\b|\b(?:was|is|went|were) on fire\b|\bfire broke out\b|\bburst into flames\b|"
        r"\bexplod(?:ed|es)\b|\bexplosion\b|\b(?:started|began|was|is|kept) smoking\b|"
        r"\bsmoke (?:came|coming|comes|poured|pouring) out\b|"
        # 触电, 漏电
        r"\belectric(?:al)? shock\b|\bgot (?:a |an )?(?:electric )?shock\b|\belectrocut\w*|"
        r"\bleak\w* electricity\b|"
        # 煤气泄漏, 燃气泄漏, 一氧化碳, 烧干/干烧
        r"\bgas leak\w*|\bleak\w* gas\b|\bgas(?: [a-z]+){0,5} leak(?:ed|ing|s)?\b|\bcarbon monoxide\b|"
        r"\bboiled dry\b|"
        # 拔错牙, 医疗事故, 手术失误/事故
        r"\b(?:pulled|extracted|removed) the wrong tooth\b|\bmedical (?:accident|malpractice|negligence)\b|"
        r"\bbotched (?:surgery|operation|procedure)\b|"
        # 疼得吃不了/睡不着/走不了/动不了
        r"\b(?:hurts?|pain(?:ful)?) so (?:much|bad(?:ly)?) (?:that )?(?:i|he|she|we|they) "
        r"(?:can['’]?t|cannot|could(?:n['’]t| not)) (?:eat|sleep|walk|move|get out of bed)\b",
    ),
)
_EN_RULE_BY_LABEL = {rule.label: rule for rule in URGENT_RULES_EN}
# Latin words in the text: the English rules are read only then (the hot path).
_ENGLISH_WORD = re.compile(r"[a-z]{3}")


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"

# A number with money context around it: a currency word after, or 万 / 元 / 块.
_AMOUNT = re.compile(
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN_NUM}]+)\s*(?P<unit>万|w|k|千)?\s*(?P<cur>元|块|人民币|rmb)?"
)
_NOT_MONEY_DIGITS = re.compile(r"1[3-9]\d{9}|\d{12,}")
_MONEY_CONTEXT = re.compile(r"借|贷|还|欠|扣|赔|付|退|钱|款|费|元|块|额|损失|本金|利息|保费|价")
# A count of something else right after the number (200万像素, 3万多公里, 10万人): no money.
_NOT_MONEY_UNIT = re.compile(
    r"(多|余|左右)?(像素|公里|千米|km|步|人|字|次|转|毫安|mah|粉丝|播放|平米|平方|亩|吨|斤|公斤|kg|"
    r"米|册|件|台|辆|户|条|张|个|只|名|小时|分钟|天|年|度|瓦|积分|分)"
)
# The sum the complaint is about: lost, taken, charged wrongly, or wanted back.
_DISPUTED = re.compile(
    r"损失|被骗|骗了|骗走|骗取|被盗|盗刷|被刷|刷走|划走|扣了|扣款|扣走|被扣|多扣|多收|乱收|收了我|"
    r"亏了|亏损|赔偿|索赔|赔付|拒赔|不赔|退还|退回|返还|退款|不退|没退|未退|拒退|不给退|退不了|"
    r"要回|追回|转走|套走|坑了|坑我|讹|冻结|不见了|被转"
)
# A sum that is only stated: a loan's principal, a credit limit, a balance, a price paid.
_STATED = re.compile(
    r"本金|额度|余额|借了|借款|贷款|贷了|借|贷|总价|车价|房价|售价|标价|首付|存款|存了|工资|收入|"
    r"年薪|月薪|授信|提额|降额|限额|合同金额|车款|花了|价值|价格|买了|买的|落地|付了|交了|充了|支付|转了"
)

# A price paid is disputed when its refund is refused in the same breath (交了两万不给退).
_PAID = re.compile(r"花了|买了|买的|付了|交了|充了|支付|转了")
_REFUSED = re.compile(r"不退|不给退|退不了|拒退|拒绝退|不予退|不赔|拒赔|要求退|退还|退款")
_CLAUSE_END = re.compile(r"[,，.。;；!！?？\s]")


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
    return [value for value, _, _ in _amount_spans(text)]


def disputed_amounts(text: str) -> list[float]:
    """The amounts the complaint is about: a loss or a wrong charge named right after the
    sum (两万块被骗了), or the nearest such word before it when no merely stated sum (a
    principal, a limit, a balance, a price) stands between (被骗了两万七, 贷款5万 is not)."""
    out = []
    for value, start, end in _amount_spans(text):
        clause = _CLAUSE_END.search(text, end, end + 8)
        if _DISPUTED.search(text, end, clause.start() if clause else end + 8):
            out.append(value)
            continue
        before = text[max(0, start - 10) : start]
        last_disputed = max((m.end() for m in _DISPUTED.finditer(before)), default=-1)
        stated = list(_STATED.finditer(before))
        last_stated = stated[-1].end() if stated else -1
        if last_disputed > last_stated or (
            stated and _PAID.fullmatch(stated[-1].group(0)) and _REFUSED.search(text, end, end + 20)
        ):
            out.append(value)
    return out


def _amount_spans(text: str) -> list[tuple[float, int, int]]:
    """(yuan, start, end) of every money amount in `text`."""
    found: list[tuple[float, int, int]] = []
    for m in _AMOUNT.finditer(text):
        raw, unit, cur = m.group("num"), m.group("unit"), m.group("cur")
        if raw[0].isdigit():
            value = float(raw.replace(",", ""))
            if _NOT_MONEY_DIGITS.fullmatch(raw.replace(",", "")):
                continue  # phone, card or order number, not money
            if service_number(text, m.start("num"), m.end("num")):
                continue  # "去12315投诉", "打12345": a number to call, not money
        else:
            parsed = cn_to_int(raw)
            if parsed is None or (len(raw) == 1 and not unit and raw not in "万亿"):
                continue
            value = float(parsed)
        if not cur and _NOT_MONEY_UNIT.match(text, m.end()):
            continue  # 200万像素, 3万公里: a count, not money
        if unit in ("万", "w"):
            value *= 10_000
        elif unit in ("k", "千"):
            value *= 1000
        window = text[max(0, m.start() - 6) : m.end() + 3]
        big_numeral = not raw[0].isdigit() and ("万" in raw or "亿" in raw)  # 两万七
        if cur or unit in ("万", "w") or big_numeral or _MONEY_CONTEXT.search(window):
            found.append((value, m.start(), m.end()))
    return found


# A sum of 10,000 or more needs five digits in a row, a thousands comma, or a multiplier
# (万, 亿, 千, w, k): without one, parsing the amounts cannot find a large one.
_MAYBE_BIG = re.compile(r"\d{5}|\d,\d{3}|[万亿千wk]")


def urgent_reasons(text: str) -> list[str]:
    """Why `text` must be urgent: one line per rule that fired; empty when none did."""
    reasons: list[str] = []
    english = _ENGLISH_WORD.search(text) is not None
    for rule in URGENT_RULES:
        found = rule.first(text)
        if not found and english and (rule_en := _EN_RULE_BY_LABEL.get(rule.label)):
            found = rule_en.first(text)
        if found:
            reasons.append(f"关键词: {found} → 紧急({rule.label})")
    big = (
        [a for a in disputed_amounts(text) if a >= URGENT_AMOUNT] if _MAYBE_BIG.search(text) else []
    )
    if big:
        reasons.append(f"金额: {max(big):,.0f}元 → 紧急(大额损失)")
    return reasons
