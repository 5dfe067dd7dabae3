"""Classifier: clear cases, never-missed urgent rules, policy mapping, reasons, trained models."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from nlp import severity_rules, tokenizer, training
from nlp.classifier import Classifier, model_path
from nlp.training import Example


@pytest.fixture(scope="module")
def clf() -> Classifier:
    tokenizer.load()
    return Classifier.load()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("买的手机用了三天就黑屏开不了机，质量太差", "product_quality"),
        ("酒店房间有霉味，床单上还有污渍", "product_quality"),
        ("前台服务员态度恶劣，问什么都爱答不理", "service_attitude"),
        ("外卖等了两个小时才送到，饭都凉了", "logistics"),
        ("快递显示签收了但是我根本没收到", "logistics"),
        ("申请退货退款一个星期了商家一直不处理", "after_sales"),
        ("信用卡莫名其妙扣了我六百的年费", "billing"),
        ("办卡的时候业务员说免年费，结果还是扣了，虚假宣传", "misleading"),
        ("催收天天打电话骚扰我的家人和同事", "other"),
    ],
)
def test_clear_categories(clf: Classifier, text: str, category: str) -> None:
    assert clf.classify(text).category == category


@pytest.mark.parametrize(
    "text",
    [
        "今天在你们万达店买的牛奶喝了拉肚子，孩子也吐了，我要去12315投诉",
        "外卖里吃出一只蟑螂",
        "高速上开着车突然熄火了",
        "刹车失灵差点出事",
        "充电宝充电的时候着火了",
        "再不退钱我就去消协投诉",
        "已经请了律师准备起诉",
        "有人冒用我的身份证办了贷款",
        "被骗了两万七",
        "卡里的七万五被人转走了",
        "大家集体投诉这个楼盘",
    ],
)
def test_urgent_triggers_are_never_missed(clf: Classifier, text: str) -> None:
    result = clf.classify(text)
    assert result.severity == "urgent"
    assert any("紧急" in r for r in result.reasons)


def test_mild_complaint_is_not_urgent(clf: Classifier) -> None:
    assert clf.classify("味道还行，就是有点咸").severity == "general"


@pytest.mark.parametrize(
    ("text", "amount"),
    [("借了七万五", 75000), ("还欠两万七", 27000), ("损失1.5万元", 15000), ("扣了12,000元", 12000)],
)
def test_amounts_parse_chinese_numerals_and_wan(text: str, amount: float) -> None:
    assert amount in severity_rules.amounts(text)


def test_phone_numbers_are_not_money() -> None:
    assert severity_rules.amounts("电话13812345678") == []


def test_acceptance_example(clf: Classifier) -> None:
    r = clf.classify("今天在你们万达店买的牛奶喝了拉肚子，孩子也吐了，我要去12315投诉")
    assert (r.category, r.severity) == ("product_quality", "urgent")
    assert r.reasons and 0 < r.category_confidence <= 1 and 0 < r.severity_confidence <= 1


def test_policy_without_a_category_maps_it_to_other() -> None:
    tokenizer.load()
    narrow = Classifier.load(categories=("product_quality", "other"))
    r = narrow.classify("外卖等了两个小时才送到")
    assert r.category == "other"
    assert r.needs_review


def test_low_confidence_falls_back_to_other_for_review() -> None:
    tokenizer.load()
    # A copy: the shipped classifier is shared by every App of the process (never changed).
    strict = copy.copy(Classifier.load())
    strict.threshold = 0.999
    r = strict.classify("东西一般")
    assert (r.category, r.needs_review) == ("other", True)


def test_a_trained_model_in_data_dir_is_used(tmp_path: Path) -> None:
    tokenizer.load()
    own = [Example(f"会员积分清零了第{i}次", "points", "general") for i in range(6)]
    own += [Example(f"快递又晚到了{i}天", "logistics", "general") for i in range(6)]
    payload = training.train(own)
    training.save(payload, model_path(tmp_path))
    trained = Classifier.load(tmp_path, categories=("points", "logistics", "other"))
    assert trained.source.endswith("classifier.json")
    assert trained.classify("会员积分清零了").category == "points"


def test_parse_lines_names_the_bad_line() -> None:
    with pytest.raises(training.ExampleError, match="line 2"):
        training.parse_lines(['{"text":"a","category":"other","severity":"general"}', "{oops"])


def test_parse_lines_names_a_line_python_refuses_to_read() -> None:
    # Valid JSON whose integer is over Python's 4300-digit limit: json raises a plain ValueError
    # (not JSONDecodeError, which has `.msg`); the file's line is still named, not a crash.
    line = '{"text":"a","category":"other","severity":"general","n":' + "1" * 5000 + "}"
    with pytest.raises(training.ExampleError, match="line 1: not usable JSON"):
        training.parse_lines([line])


def test_hotline_numbers_inside_a_phone_number_are_not_threats() -> None:
    # 13812345678 contains "12345"; only the hotline on its own means a regulator.
    from nlp.classifier import Classifier

    classifier = Classifier.load(None, None)
    calm = classifier.classify("手机13812345678，空调收到就坏了，要求退货退款")
    assert not any("12345" in reason for reason in calm.reasons)
    angry = classifier.classify("空调收到就坏了，不退款我就打12345投诉")
    assert angry.severity == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "The the the the",
        "I am very unhappy with how the whole thing went",
        "Absolutely terrible, especially the way it was handled",  # no "abs"/"esp" cue inside
        "It is what it is, and that is that",
    ],
)
def test_english_without_known_words_goes_to_review(clf: Classifier, text: str) -> None:
    """Issue 9 item 7: a category is never decided by stop words or noise."""
    verdict = clf.classify(text)
    assert verdict.category == "other" and verdict.needs_review
    assert verdict.category_confidence < 0.5
    assert not any("the" in reason.split(": ")[-1].split(", ") for reason in verdict.reasons)


def test_english_is_explained_in_its_words_or_sent_to_review(clf: Classifier) -> None:
    # The shipped model learns from Chinese examples: English it has evidence for is explained
    # by its English words; English it has none for goes to an agent, never guessed.
    verdict = clf.classify("The headphones I bought stopped working after two days")
    if verdict.needs_review:
        assert verdict.category == "other" and verdict.category_confidence < 0.5
        return
    [words] = [r for r in verdict.reasons if r.startswith("词:")]
    assert "stopped working" in words or "headphones" in words
    assert "the" not in words.split(": ")[1].split(" → ")[0].split(", ")


def test_english_stop_words_are_no_features() -> None:
    from nlp.features import features

    found = features("The phone I bought is broken and it's the worst")
    assert "w:phone" in found and "w:broken" in found
    for stop in ("w:the", "w:i", "w:is", "w:and", "w:it", "w:s", "b:the_phone"):
        assert stop not in found


def test_a_model_of_the_first_format_still_loads() -> None:
    # Deployments trained before issue 12 keep a softmax model over binary features.
    tokenizer.load()
    layer = {
        "labels": ["logistics", "other"],
        "features": ["w:快递"],
        "weights": [[2.0, -2.0]],
        "bias": [0.0, 0.0],
    }
    old = Classifier(
        {
            "format": "complaint-bot/linear-softmax/1",
            "threshold": 0.25,
            "category": layer,
            "severity": {**layer, "labels": ["urgent", "general"]},
        }
    )
    assert old.classify("快递").category == "logistics"
    assert old.category_model.proba(old.category_model.active(["w:快递"]))[0] > 0.9


def test_the_shipped_model_says_what_it_is() -> None:
    tokenizer.load()
    assert Classifier.load().describe().startswith("shipped model (")


def test_corrections_are_split_by_text_not_order() -> None:
    lines = [Example(f"第{i}条投诉", "other", "general") for i in range(10)]
    train, held = training.split_corrections(lines)
    assert len(held) == 3 and len(train) == 7
    assert training.split_corrections(lines[::-1]) == (train, held)


def test_too_few_corrections_train_nothing() -> None:
    tokenizer.load()
    few = [Example(f"第{i}条投诉", "other", "general") for i in range(3)]
    with pytest.raises(training.ExampleError, match="at least 8"):
        training.retrain_from_corrections(few, Classifier.load())
