"""The masker: each detector, the protected strings, the command."""

from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openenforce.disclosure.masking import (
    Kind,
    NamedPerson,
    id_check_digit,
    is_valid_id_number,
    luhn_valid,
    mask,
    surname_of,
)
from openenforce.disclosure.tests import strategies

AGENCY = "长沙市岳麓区市场监督管理局"
DOC_NUMBER = "岳市监罚决字〔2026〕第13800138000号"


def kinds(result):
    return [span.kind for span in result.spans]


def test_id_check_digit_follows_gb11643():
    assert id_check_digit("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert is_valid_id_number("11010519491231002x")
    assert not is_valid_id_number("110105194912310021")


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


def test_id_number_is_masked_with_its_reason_in_chinese():
    result = mask("身份证号码11010519491231002X，男")
    assert result.text == "身份证号码******************，男"
    (span,) = result.spans
    assert (span.kind, span.original) == (Kind.ID_NUMBER, "11010519491231002X")
    assert "居民身份证号码" in span.reason
    assert "《个人信息保护法》第二十八条" in span.reason


def test_old_id_number_and_bad_check_digit_lookalike_are_masked():
    result = mask("旧证号430102900307123；另号110105194912310021。")
    assert "430102900307123" not in result.text
    assert "110105194912310021" not in result.text
    assert kinds(result) == [Kind.ID_NUMBER, Kind.ID_NUMBER]


def test_plain_long_numbers_are_not_ids_or_cards():
    text = "罚款金额为1000000元，统一社会信用代码91430100MA4L12345X。"
    assert mask(text).text == text


@pytest.mark.parametrize(
    "phone",
    [
        "13800138000",
        "138-0013-8000",
        "+8613800138000",
        "0731-88886666",
        "0731-88886666转123",
        "(010)62345678",
        "（0755）23456789",
        "073188886666",
    ],
)
def test_phones_are_masked(phone):
    result = mask(f"联系电话{phone}，")
    assert phone not in result.text
    assert kinds(result) == [Kind.PHONE]


def test_local_landline_after_a_label():
    assert mask("电话：8888666").text == "电话：*******"


def test_bank_card_grouped_and_account_after_label():
    result = mask("卡号4111 1111 1111 1111；收款账号：1234567890123。")
    assert "4111" not in result.text and "1234567890123" not in result.text
    assert kinds(result) == [Kind.BANK_CARD, Kind.BANK_CARD]


def test_email():
    result = mask("邮箱zhang.san@example.cn。")
    assert result.text == "邮箱***。"


@pytest.mark.parametrize("plate", ["湘A12345", "湘A·B123C", "湘AD12345", "粤B12345F"])
def test_plates_keep_the_issuing_area_only(plate):
    result = mask(f"驾驶{plate}号车辆")
    assert plate not in result.text
    assert plate[:2] + "*" in result.text


def test_address_keeps_divisions_and_masks_road_house_and_room():
    result = mask("住所地湖南省长沙市岳麓区麓山南路932号湖南大学8栋2单元301室。")
    assert result.text == "住所地湖南省长沙市岳麓区***。"
    (span,) = result.spans
    assert span.original == "麓山南路932号湖南大学8栋2单元301室"


def test_village_address():
    result = mask("住长沙县星沙街道松雅村五组12号。")
    assert result.text == "住长沙县星沙街道***。"


def test_address_without_house_number_stays():
    text = "当事人在长沙市岳麓区经营。"
    assert mask(text).text == text


def test_party_and_third_person_names():
    result = mask(
        "当事人张三与证人欧阳娜娜、李四。张三承认。",
        names=["张三", NamedPerson("欧阳娜娜", role=NamedPerson.THIRD_PERSON)],
    )
    assert result.text == "当事人张某与证人欧阳某、李四。张某承认。"
    assert "第三人" in result.spans[1].reason


def test_surnames():
    assert surname_of("欧阳娜娜") == "欧阳"
    assert surname_of("司马光") == "司马"
    assert surname_of("司马") == "司"  # too short to hold a compound surname and a name
    assert surname_of("买买提·艾力") == "买"
    assert mask("王某五", names=[NamedPerson("王某五", surname="王")]).text == "王某"


def test_protected_strings_are_never_masked_even_when_a_detector_matches_inside():
    text = f"{AGENCY}依据{DOC_NUMBER}决定；执法人员张三丰，当事人张三电话13900139000。"
    result = mask(text, names=["张三"], protected=[AGENCY, DOC_NUMBER, "张三丰"])
    assert AGENCY in result.text and DOC_NUMBER in result.text and "张三丰" in result.text
    assert "当事人张某" in result.text and "13900139000" not in result.text


def test_protected_string_cuts_a_straddling_match():
    result = mask("电话13800138000号", protected=["8000号"])
    assert result.text == "电话*******8000号"


def test_one_character_protected_string_is_ignored():
    assert mask("13800138000", protected=["1"]).text == "***********"


def test_also_masks_what_the_officer_chose():
    result = mask("患有某种疾病", also=["某种疾病"])
    assert result.text == "患有***"
    assert result.spans[0].kind == Kind.MANUAL


def test_spans_point_into_the_original_and_serialise():
    text = "当事人张三，电话13800138000。"
    result = mask(text, names=["张三"])
    for span in result.spans:
        assert text[span.start : span.end] == span.original
    assert result.spans_as_dicts()[0]["replacement"] == "张某"


def test_empty_text():
    assert mask("").text == ""


def test_command_prints_masked_text_and_explains():
    out = StringIO()
    call_command(
        "disclosure",
        "mask",
        "--name",
        "张三",
        "--protect",
        DOC_NUMBER,
        "--explain",
        stdin=StringIO(f"当事人张三依{DOC_NUMBER}，电话13900139000\n"),
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == f"当事人张某依{DOC_NUMBER}，电话***********"
    assert "自然人姓名" in lines[1] and "张三 → 张某" in lines[1]
    assert "电话号码" in lines[2]


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(sample=strategies.decision_samples())
def test_generated_personal_data_never_survives_and_protected_items_stay(sample):
    result = mask(sample.text, names=sample.names, protected=sample.protected)
    for secret in sample.secrets:
        assert secret not in result.text, (secret, result.text)
    for item in sample.protected:
        assert result.text.count(item) == sample.text.count(item), (item, result.text)


@PROPERTY
@given(
    value=st.one_of(
        strategies.id_numbers(),
        strategies.old_id_numbers(),
        strategies.mobile_numbers(),
        strategies.landline_numbers(),
        strategies.bank_cards(),
        strategies.emails(),
        strategies.plates(),
        strategies.addresses(),
    ),
    before=strategies.chinese_filler(min_size=0),
    after=strategies.chinese_filler(min_size=0),
)
def test_each_value_alone_in_random_text_is_masked(value, before, after):
    result = mask(before + value + after)
    assert value not in result.text
    assert result.spans


@PROPERTY
@given(name=strategies.person_names(), filler=strategies.chinese_filler())
def test_names_become_surname_and_mou(name, filler):
    result = mask(filler + name + filler, names=[name])
    assert name not in result.text
    assert surname_of(name) + "某" in result.text


@given(first17=st.from_regex(r"[1-9][0-9]{16}", fullmatch=True))
def test_exactly_one_check_character_is_valid(first17):
    valid = [c for c in "0123456789X" if is_valid_id_number(first17 + c)]
    assert valid == [id_check_digit(first17)]


def test_full_width_numbers_are_found_and_the_original_is_reported():
    result = mask("电话１３８００１３８０００，身份证１１０１０５１９４９１２３１００２Ｘ。")
    assert result.text == "电话***********，身份证******************。"
    assert result.spans[0].original == "１３８００１３８０００"
