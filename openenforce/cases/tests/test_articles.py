"""The one way articles of law are shown."""

import pytest
from django.utils import translation

from openenforce.cases.articles import chinese_number, cite


@pytest.mark.parametrize(
    ("article", "chinese", "english"),
    [
        ("行政处罚法 Art 60", "《行政处罚法》第六十条", "Administrative Penalty Law Art 60"),
        (
            "行政处罚法 Art 44, 45",
            "《行政处罚法》第四十四条、第四十五条",
            "Administrative Penalty Law Art 44, 45",
        ),
        (
            "行政处罚法 Art 58 para 2",
            "《行政处罚法》第五十八条第二款",
            "Administrative Penalty Law Art 58 para 2",
        ),
        (
            "行政强制法 Art 17–33",
            "《行政强制法》第十七条至第三十三条",
            "Administrative Coercion Law Art 17–33",
        ),
        (
            "行政处罚法 Art 42; 行政强制法 Art 17",
            "《行政处罚法》第四十二条；《行政强制法》第十七条",
            "Administrative Penalty Law Art 42; Administrative Coercion Law Art 17",
        ),
        ("许可法 Art 42", "《行政许可法》第四十二条", "Administrative Licensing Law Art 42"),
        ("国发〔2019〕5号", "国发〔2019〕5号", "国发〔2019〕5号"),
    ],
)
def test_articles_read_as_statutes_are_cited(article, chinese, english):
    assert cite(article, "zh-hans") == chinese
    assert cite(article, "en") == english
    with translation.override("zh-hans"):
        assert cite(article) == chinese


def test_chinese_numerals_as_statutes_write_them():
    assert [chinese_number(n) for n in (1, 10, 15, 60, 101, 110)] == [
        "一",
        "十",
        "十五",
        "六十",
        "一百零一",
        "一百一十",
    ]
