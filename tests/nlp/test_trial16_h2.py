"""Newcomer trial 16 (helper H2): readings of the customer's words."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import tokenizer
from nlp.extract import extract_fields
from nlp.extract_object import model_named
from nlp.extract_place import with_branch
from nlp.intent import read_cues

NOW = datetime(2026, 12, 1, 12)


@pytest.mark.parametrize(
    "text", ["姓刘吧", "姓刘啊", "就姓刘", "我就姓刘", "免贵姓刘", "姓刘吧，13566667777"]
)
def test_a_surname_with_a_particle_is_the_surname(text: str) -> None:
    assert extract_fields(text, NOW).name == "刘"


def test_a_title_after_the_particle_stays() -> None:
    assert extract_fields("姓刘吧 女士", NOW).name == "刘女士"


def test_reported_words_with_shenme_are_no_question() -> None:
    cues = read_cues("被多扣了50块钱，说是开通了什么视频会员，我从来没开过")
    assert not cues.questions
    assert "说是开通了什么视频会员" in cues.rest


def test_shuo_shi_shenme_alone_still_reads_as_before() -> None:
    # "说是什么原因" has no noun-taking 什么 after other words: not the reported-speech shape
    assert read_cues("需要什么材料").questions


def test_a_chain_glued_to_its_branch_keeps_its_name() -> None:
    tokenizer.load()
    found = extract_fields("在你们海底捞西单店吃的火锅", NOW)
    assert found.store == "海底捞西单店"


@pytest.mark.parametrize(
    ("text", "model"),
    [("华为mate60", "华为mate60"), ("小米14", "小米14"), ("mate60 pro", "mate60 pro"),
     ("是华为mate60", "华为mate60")],
)  # fmt: skip
def test_a_model_said_alone(text: str, model: str) -> None:
    assert model_named(text) == model


@pytest.mark.parametrize("text", ["14", "上周买的", "SF1234567890123", "1381234567", "三天2次"])
def test_no_model(text: str) -> None:
    assert model_named(text) is None


@pytest.mark.parametrize(
    ("text", "place"),
    [("从杭州寄到北京朝阳", "杭州→北京朝阳"), ("包裹从上海发往广州天河，一直没到", "上海→广州天河"),
     ("从杭州寄的", "杭州")],
)  # fmt: skip
def test_a_parcels_route_keeps_both_ends(text: str, place: str) -> None:
    tokenizer.load()
    assert extract_fields(text, NOW).place == place


@pytest.mark.parametrize(
    ("owner", "said", "joined"),
    [("中国移动", "网上营业厅", "中国移动网上营业厅"), ("海底捞", "西单店", "海底捞西单店"),
     ("海底捞", "肯德基国贸店", None), ("中国移动", "中国联通营业厅", None)],
)  # fmt: skip
def test_a_service_point_keeps_its_owner(owner: str, said: str, joined: str | None) -> None:
    tokenizer.load()
    assert with_branch(owner, said) == joined
