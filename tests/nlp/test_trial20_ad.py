"""Newcomer trial 20 (helper ad): places, objects and times read wrongly.

- A chain named after the branch pointed at ("在你们望京那家店 海底捞") was lost, and "X那家Y店"
  ("中关村那家苹果授权店") kept "家苹果授权店".
- Particles of run-on speech (啊, 呀, 吧, 嘛, 呢) were glued to places and objects ("物业啊"),
  and "我们小区" won over the estate named after it ("阳光花园小区").
- Cantonese: 喺 (在), 嗰間 / 嗰度 (那家 / 那里) were not read; "彌敦道" was cut to 敦道; a phone
  number and "香港號碼" were taken for places, "手機" of "冇大陸手機" for the object.
- Hospitals: "市第一人民医院" lost its ordinal, "协和医院" stopped at 和, departments (心内科) were
  lost.
- Times: a purchase time with the fault "三天后" after it is the fault's day.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from tests.conftest import TZ

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=TZ)


@pytest.fixture(autouse=True, scope="module")
def _loaded() -> None:
    tokenizer.load()  # the app loads it at start; names are read with its tags


@pytest.mark.parametrize(
    ("text", "store", "place"),
    [
        # the reported one: the chain said after the branch pointed at
        ("在你们望京那家店 海底捞", "海底捞望京店", "海底捞望京店"),
        ("昨天在西单那家店 星巴克 店员翻白眼", "星巴克西单店", "星巴克西单店"),
        ("就是国贸那个店，肯德基，薯条是凉的", "肯德基国贸店", "肯德基国贸店"),
        # "X那家Y店": the store Y店 at X
        (
            "我要投诉你们中关村那家苹果授权店 修个手机屏幕修了半个月",
            "苹果授权店",
            "中关村 苹果授权店",
        ),
        ("望京那家华为体验店的店员骗人", "华为体验店", "望京 华为体验店"),
        # guards: already read as before
        ("在海底捞望京那家店 服务员把汤洒了", "海底捞望京店", "海底捞望京店"),
        ("三里屯那家唯一视觉 拍的照片全糊了", "唯一视觉", "三里屯 唯一视觉"),
        ("海底捞 西单店 服务员态度差", "海底捞西单店", "海底捞西单店"),
    ],
)
def test_chain_and_store_around_a_pointer(text: str, store: str, place: str) -> None:
    found = extract_fields(text, NOW)
    assert (found.store, found.place) == (store, place)


@pytest.mark.parametrize(
    ("text", "place", "store"),
    [
        # the reported run-on: the estate is the place, 物业 the object, no particle glued
        (
            "喂你好我跟你说啊我们小区那个物业啊就是那个阳光花园小区的物业啊电梯坏了一个礼拜了"
            "都没人修你们赶紧给我修一下",
            "阳光花园小区",
            "物业",
        ),
        ("就是那个幸福家园的物业呀 垃圾一个月没人收", "幸福家园", "物业"),
        ("我们小区的物业嘛 根本不管事", "我们小区", "物业"),
        ("那个翠湖花园的物业呢 停车乱收费", "翠湖花园", "物业"),
    ],
)
def test_particles_are_no_part_of_places_or_objects(text: str, place: str, store: str) -> None:
    found = extract_fields(text, NOW)
    assert found.place == place
    assert found.store == store


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("旺角彌敦道嗰間", "旺角彌敦道"),
        ("喺旺角分店", "旺角分店"),
        ("我喺銅鑼灣嗰間店買嘅 壞咗", "銅鑼灣"),
        ("就係沙田嗰度", "沙田"),
    ],
)
def test_cantonese_places(text: str, part: str) -> None:
    found = extract_fields(text, NOW)
    assert found.place is not None and part in found.place
    assert found.place != "敦道"


@pytest.mark.parametrize(
    "text",
    [
        "我冇大陸手機 得呢個香港號碼 91234567",
        "我姓黃 電話 91234567",
        "我没有内地手机 只有澳门号码 66123456",
    ],
)
def test_phones_and_numbers_are_never_places_nor_objects(text: str) -> None:
    found = extract_fields(text, NOW)
    assert found.place is None
    assert found.product is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "我昨天带我妈去市第一人民医院看病挂的是心内科的号 那个医生态度很差",
            ("市第一人民医院", "心内科"),
        ),
        ("北京协和医院 12月1日上午 门诊 挂号费收了两次", ("北京协和医院",)),
        ("协和医院的护士态度差", ("协和医院",)),
        ("上海市第六人民医院骨科的医生让我等了三个小时", ("上海市第六人民医院", "骨科")),
        ("在中山大学附属第三医院急诊科 护士骂人", ("中山大学附属第三医院", "急诊科")),
        # guard: a hospital without ordinal or department as before
        ("在朝阳医院挂号排了三个小时", ("朝阳医院",)),
    ],
)
def test_hospitals_kept_whole(text: str, parts: tuple[str, ...]) -> None:
    found = extract_fields(text, NOW)
    assert found.place is not None
    for part in parts:
        assert part in found.place, found.place
    assert not found.place.startswith("人民医院")


@pytest.mark.parametrize(
    ("text", "day", "words"),
    [
        # bought last Friday (the 27th), broke three days after: the 30th
        ("上周五买的 三天后就坏了", 30, "三天后"),
        ("上周一下的单 用了两天就不转了", 25, "两天"),
        ("11月20号买的 过了一个礼拜就坏了", 27, "一个礼拜"),
    ],
)
def test_a_fault_days_after_the_purchase(text: str, day: int, words: str) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_at.day == day
    assert not found.bought_time
    assert found.occurred_text is not None and words in found.occurred_text


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # guards: the purchase alone is the time while nothing else is told; a later time wins
        ("上周五买的扫地机器人", 27),
        ("上个月十五号买的 今天早上冒烟了", 30),
    ],
)
def test_purchase_time_guards(text: str, day: int) -> None:
    found = extract_fields(text, NOW)
    assert found.occurred_at is not None and found.occurred_at.day == day
