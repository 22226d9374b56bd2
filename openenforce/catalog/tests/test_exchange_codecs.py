"""Cell codecs and the Chinese labels of coded values."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings

from openenforce.catalog import kinds
from openenforce.catalog.exchange import labels
from openenforce.catalog.exchange.codecs import (
    Amount,
    CellError,
    Choice,
    Date,
    Integer,
    ListOf,
    Text,
    YesNo,
)
from openenforce.catalog.exchange.sheets import SHEETS, codec_for
from openenforce.catalog.models import Officer, PenaltyKind


def test_a_schema_fields_type_gives_its_codec():
    assert codec_for(str) == Text()
    assert codec_for(datetime.date | None) == Date()
    assert codec_for(Decimal | None) == Amount()
    assert codec_for(int | None) == Integer()
    assert codec_for(bool) == YesNo()
    assert codec_for(list[str]) == ListOf(Text())
    assert codec_for(kinds.choice(PenaltyKind)) == Choice(labels.PENALTY_KIND)
    penalties = list[kinds.choice(PenaltyKind)]
    assert codec_for(penalties) == ListOf(Choice(labels.PENALTY_KIND))
    assert codec_for(kinds.choice(Officer.Employment)) == Choice(
        labels.EMPLOYMENT, labels.EMPLOYMENT_ALIASES
    )


@pytest.mark.parametrize(
    ("choices", "mapping"),
    [(choices, pair[0]) for choices, pair in labels.CHOICES.items()],
    ids=lambda value: getattr(value, "__qualname__", ""),
)
def test_every_coded_value_has_one_distinct_chinese_label(choices, mapping):
    assert set(mapping) == set(choices.values)
    assert len(set(mapping.values())) == len(mapping)
    for value, label in mapping.items():
        assert Choice(mapping).parse(label) == value
        assert Choice(mapping).format(value) == label


def test_column_headers_are_unique_within_each_sheet():
    for sheet in SHEETS:
        headers = [c.header for c in sheet.columns]
        assert len(headers) == len(set(headers)), sheet.name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime.datetime(2026, 1, 31, 0, 0), datetime.date(2026, 1, 31)),  # noqa: DTZ001 - an Excel cell holds a naive date-time
        ("2026-01-31", datetime.date(2026, 1, 31)),
        ("2026/1/31", datetime.date(2026, 1, 31)),
        ("2026.1.31", datetime.date(2026, 1, 31)),
        ("2026年1月31日", datetime.date(2026, 1, 31)),
        (" 2026-01-31 00:00:00 ", datetime.date(2026, 1, 31)),
        ("", None),
        (None, None),
    ],
)
def test_dates_in_unambiguous_forms(raw, expected):
    assert Date().parse(raw) == expected


@pytest.mark.parametrize("raw", ["31/01/2026", "01/31/2026", "2026-13-01", "明年", 46053])
def test_ambiguous_or_impossible_dates_are_refused(raw):
    with pytest.raises(CellError):
        Date().parse(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (10000, Decimal("10000")),
        (0.1, Decimal("0.1")),
        ("10,000元", Decimal("10000")),
        ("￥1，000.50", Decimal("1000.50")),
        (" 200 ", Decimal("200")),
        (None, None),
    ],
)
def test_amounts_accept_numbers_and_text(raw, expected):
    assert Amount().parse(raw) == expected


@pytest.mark.parametrize("raw", ["一万", "-5", "1e400x", "NaN"])
def test_bad_amounts_are_refused(raw):
    with pytest.raises(CellError):
        Amount().parse(raw)


def test_amounts_export_without_needless_decimals():
    assert Amount().format(Decimal("10000.00")) == 10000
    assert Amount().format(Decimal("0.50")) == 0.5


def test_whole_numbers_text_and_flags():
    assert Integer().parse("15") == 15 and Integer().parse(15.0) == 15
    with pytest.raises(CellError):
        Integer().parse("15天")
    assert Text().parse("\u3000养老 服务\u00a0") == "养老 服务"
    assert Text().parse(1001.0) == "1001"
    assert YesNo().parse("是") is True and YesNo().parse(None) is False
    with pytest.raises(CellError):
        YesNo().parse("也许")


def test_lists_split_on_chinese_and_latin_separators_and_drop_repeats():
    codec = ListOf(Text())
    assert codec.parse("B1、B2;B3；B1") == ["B1", "B2", "B3"]
    assert codec.format(["B1", "B2"]) == "B1、B2"
    assert codec.format([]) is None


def test_choices_accept_aliases_and_stored_values():
    codec = Choice(labels.EMPLOYMENT, labels.EMPLOYMENT_ALIASES)
    assert codec.parse("劳务派遣") == Officer.Employment.CONTRACT
    assert codec.parse("civil_servant") == Officer.Employment.CIVIL_SERVANT


def test_the_spreadsheet_doc_lists_every_sheet_and_column():
    doc = (settings.BASE_DIR / "docs" / "catalog-spreadsheets.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        section = doc.split(f"### {sheet.name}\n", 1)[1].split("###", 1)[0]
        for column in sheet.columns:
            assert f"| {column.header} |" in section, (sheet.name, column.header)
