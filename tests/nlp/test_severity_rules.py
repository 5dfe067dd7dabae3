"""Urgent rules read the situation, not the word (issue 12): each rule change with sentences
that must fire and sentences that must not. Written for these tests (not from any scored file).
"""

from __future__ import annotations

import pytest

from nlp import durations, features, severity_rules


def fired(text: str) -> list[str]:
    return severity_rules.urgent_reasons(features.normalise(text))


def fired_rules(text: str) -> set[str]:
    return {reason.rsplit("(", 1)[-1].rstrip(")") for reason in fired(text)}


# Amounts: the disputed or lost sum counts; a principal, a limit, a balance or a price does not.
@pytest.mark.parametrize(
    "text",
    [
        "被骗了两万七，对方电话已经打不通",
        "两万块钱被对方转走了",
        "信用卡被人刷走了15000元",
        "我的账户多扣了一万二，客服说查不到",
        "贷款五万，可是平台多收了我一万二的服务费",
        "交了2万定金，现在开发商说不退",
        "花了三万报的培训班，开课一次就跑路了，不给退",
        "理财亏损了8万，当初说保本的",
        "车险拒赔，修车花的一万五要自己出，我要求赔偿一万五",
    ],
)
def test_a_disputed_sum_of_ten_thousand_is_urgent(text: str) -> None:
    assert "大额损失" in fired_rules(text), fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "贷款七万五，现在每个月还款压力很大，想协商一下",
        "在你们银行借了10万，利息比别家高",
        "信用卡额度5万，突然给我降到2千",
        "账户余额还有3万，为什么转不出去",
        "首付20万买的房子，厨房漏水",
        "花了十五万买的车，开了半年异响",
        "号称200万像素的摄像头，拍出来糊成一片",
        "车开了3万多公里变速箱就顿挫",
        "粉丝十万的主播推荐的，结果不好用",
        "跑了一万步，鞋底就开胶了",
    ],
)
def test_a_stated_sum_or_a_count_is_not_a_loss(text: str) -> None:
    assert "大额损失" not in fired_rules(text), fired(text)


def test_non_money_units_are_not_amounts() -> None:
    assert severity_rules.amounts("200万像素") == []
    assert severity_rules.amounts("开了3万公里") == []
    assert 20000 in severity_rules.amounts("赔我2万")


# Group complaints: many people acting together, not a co-branded card.
@pytest.mark.parametrize(
    "text",
    [
        "我们小区业主准备集体投诉物业",
        "二十多户联名投诉开发商",
        "很多业主都遇到了同样的漏水问题",
        "好多家长都被这个机构骗了学费",
    ],
)
def test_group_complaints_are_urgent(text: str) -> None:
    assert "群体事件" in fired_rules(text), fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "办的联名卡年费太贵了",
        "这款联名款的包质量一般",
        "群里的客服不回消息",
        "很多人都说他家好吃，我觉得一般",
    ],
)
def test_co_branded_cards_and_hearsay_are_not_group_complaints(text: str) -> None:
    assert "群体事件" not in fired_rules(text), fired(text)


# Fraud: a fraud, a forged contract, a scam app; not the card's anti-fraud feature.
@pytest.mark.parametrize(
    "text",
    [
        "信用卡在外地被盗刷了三笔",
        "业务员伪造我的签名办了分期",
        "下载了一个假的贷款app，被骗交了解冻费",
        "有人冒用我的身份证开了手机卡",
        "他们拿一份假合同让我签字",
        "对方是杀猪盘，我现在才明白",
    ],
)
def test_fraud_is_urgent(text: str) -> None:
    assert "欺诈/冒用" in fired_rules(text), fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "办卡时推销的防盗刷险每月扣我五块钱",
        "银行发的反诈骗短信太多了",
        "防诈骗宣传做得再好，客服态度也太差",
    ],
)
def test_anti_fraud_products_are_not_fraud(text: str) -> None:
    assert "欺诈/冒用" not in fired_rules(text), fired(text)


# Authorities, media, courts: the complainant going there, in the usual wordings.
@pytest.mark.parametrize(
    "text",
    [
        "再不处理我就向监管部门反映",
        "已经打了12315",
        "我要去消保委投诉你们",
        "我已经报警了",
        "准备找律师起诉你们",
        "这件事我会找电视台曝光",
        "被人骗了，我去派出所报案了",
    ],
)
def test_going_to_authorities_is_urgent(text: str) -> None:
    assert "监管/媒体/法律" in fired_rules(text), fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "催收的人冒充律师天天打电话给我",
        "有人自称警察打电话吓唬我",
        "车被刮了，向保险公司报案后一直没人来定损",
        "出险报案三天了理赔员还没联系我",
        "我没有报警，只想要个说法",
    ],
)
def test_pretending_insurance_claims_and_negations_are_not_threats(text: str) -> None:
    assert "监管/媒体/法律" not in fired_rules(text), fired(text)


# Food safety needs food.
@pytest.mark.parametrize(
    "text",
    [
        "外卖的汤里面有一只苍蝇",
        "早餐的粥里发现了虫子",
        "面包发霉了，孩子已经吃了一口",
        "吃完他家的烧烤拉肚子",
        "饭菜里吃出一根钢丝",
    ],
)
def test_contaminated_food_is_urgent(text: str) -> None:
    assert "食品安全" in fired_rules(text), fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "酒店房间里有蟑螂，床单也不干净",
        "卫生间墙角发霉，通风太差",
        "衣柜里有好多虫子，前台说没办法",
        "手机屏幕里面有异物，像一根头发",
    ],
)
def test_bugs_and_mould_without_food_are_not_food_safety(text: str) -> None:
    assert "食品安全" not in fired_rules(text), fired(text)


# Driving and personal safety in their common wordings; negated injuries do not fire.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("开着开着动力突然消失，后面的车差点撞上来", "行车安全"),
        ("高速上刹不住车，太吓人了", "行车安全"),
        ("昨天高速上刹车发软差点追尾 太吓人了", "行车安全"),
        ("刚修完开着开着方向盘就抖 差点撞到护栏", "行车安全"),
        ("the brakes went soft on the ring road and I almost crashed", "行车安全"),
        ("热水壶空烧了也不自动断电，差点着火", "人身安全"),
        ("电水壶干烧冒烟", "人身安全"),
        ("孩子玩的时候被划伤了手", "人身安全"),
        ("我孙子在你们幼儿园被别的小朋友推倒了 额头起了个大包 老师也没跟我们说", "人身安全"),
        ("孩子在游乐区摔伤了 下巴磕破了", "人身安全"),
        ("狗狗洗澡的时候被咬伤了", "人身安全"),
        # Newcomer trial 17: the pedal a few words after the brake; violence against a person.
        ("结果今天开起来刹车还是有异响 而且踩下去软软的 有点吓人", "行车安全"),
        ("刹车踩到底都没反应", "行车安全"),
        ("那个店员态度很差 他还推了我一把 我这个腰现在还疼", "人身安全"),
        ("保安动手打人 我老公脸都肿了", "人身安全"),
        ("我妈在超市门口被保安推倒了", "人身安全"),
        ("the manager pushed me and shouted at my kid", "人身安全"),
    ],
)
def test_safety_wordings_are_urgent(text: str, rule: str) -> None:
    assert rule in fired_rules(text), fired(text)


@pytest.mark.parametrize(
    "text",
    [
        "摔了一跤，好在人没有受伤，就是箱子坏了",
        "车机黑屏了，重启一下又好了",
        "汽车的动力感觉比宣传的弱",
        "包装盒子都压破了",
        "买的苹果好多都碰伤了",
        "手机边框有磕伤",
        "镜头有磕伤 扫地机器人撞伤了桌腿",
        "快递包裹摔坏了 里面的杯子碎了",
        "路上堵车差点迟到",
        "差点撞衫了，这件衣服满大街都是",
        # 打 and 推 in their everyday senses, a soft pedal of no brake.
        "我打了他们电话三次没人接",
        "打了八折还是比别家贵",
        "他们推了我一个新套餐，根本没用",
        "油门踩下去软软的 没什么推背感",
        "push me a coupon and I will stay",
    ],
)
def test_negated_or_harmless_safety_words_do_not_fire(text: str) -> None:
    assert not {"人身安全", "行车安全"} & fired_rules(text), fired(text)


# Durations: the longest wait, as a model feature.
@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("外卖等了两个多小时才到", "dw:<1d"),
        ("下单九十分钟了还没送来", "dw:<2h"),
        ("等了二十分钟", "dw:<30m"),
        ("宽带断了一个星期没人修", "dw:<1mo"),
        ("快递三天了还没到", "dw:<1w"),
        ("手机用了三个月就坏了", "d:>=1mo"),
    ],
)
def test_durations_become_bucket_features(text: str, feature: str) -> None:
    assert feature in durations.duration_features(features.normalise(text))


def test_a_date_is_not_a_duration() -> None:
    assert durations.duration_features("4月28日在门店买的") == []


def test_distinct_failures_are_counted() -> None:
    one = features.features("快递太慢了")
    three = features.features("快递太慢了，饭菜都凉了，骑手态度还很差")
    assert "s:failures1" in one and "s:failures3+" in three


# A foreign object in food is a food-safety case without "吃出"; a burn is an injury in any
# common wording (newcomer trial: "饭…里面还有一根头发" and "烫红了一片" were 重要).
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("米饭里面还有一根头发 恶心死了", "食品安全"),
        ("外卖里有一根钢丝 差点划伤嘴", "食品安全"),
        ("点的面条发现一块玻璃", "食品安全"),
        ("服务员把热汤洒我身上了 烫红了一片", "人身安全"),
        ("热水器出水太烫 孩子手上烫起了泡", "人身安全"),
        ("电暖器把腿烧伤了", "人身安全"),
    ],
)
def test_foreign_objects_in_food_and_burns_are_urgent(text: str, rule: str) -> None:
    assert rule in fired_rules(text), fired(text)


@pytest.mark.parametrize(
    "text",
    ["理发店剪得不好 头发有点乱", "手机屏幕有一块玻璃碎了", "包裹里有一根头发绳 少了一个"],
)
def test_hair_or_glass_outside_food_is_no_food_safety_case(text: str) -> None:
    assert "食品安全" not in fired_rules(text), fired(text)


@pytest.mark.parametrize("text", ["车牌京B12345的司机绕路多收了38块", "订单号AB12315C 发货太慢"])
def test_a_hotline_number_inside_a_plate_or_code_is_no_regulator(text: str) -> None:
    """Newcomer trial 16: the plate 京B12345 read as the 12345 government hotline."""
    assert "监管/媒体/法律" not in fired_rules(text), fired(text)


def test_the_hotline_said_alone_still_counts() -> None:
    assert "监管/媒体/法律" in fired_rules("再不处理我就打12345投诉你们")
