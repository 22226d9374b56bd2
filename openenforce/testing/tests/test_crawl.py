"""What the browser crawl (openenforce/testing/crawl.py) counts as a problem in a page's
text, and how it bounds the pages it visits."""

from openenforce.testing.crawl import SKIP, shape, text_problems


def test_untranslated_wording_and_raw_codes_are_problems():
    found = text_problems(
        [
            ["h2", "Legal review", True],
            ["span", "事件 cases.case.filed 已登记", False],
            ["td", "状态 legal_review", False],
        ]
    )
    assert any("“Legal”" in p for p in found) and any("“review”" in p for p in found)
    assert any("raw dotted code “cases.case.filed”" in p for p in found)
    assert any("snake_case code “legal_review”" in p for p in found)


def test_data_abbreviations_and_addresses_are_not():
    found = text_problems(
        [
            ["td", "civil veterans", False],  # codes entered in a table: data
            ["p", "下载 PDF 或扫描 QR 码，核对 SHA-256 摘要 yItraBlkpY mXH", True],
            ["li", "导出可验证案卷包（zip）；切换到 English", True],
            ["p", "访问 https://www.gov.cn/zhengce/ 或 cnna-sa", True],
        ]
    )
    assert found == []


def test_pages_of_one_shape_are_counted_together_and_downloads_skipped():
    assert shape("/cases/12/") == shape("/cases/345/") == "/cases/N/"
    assert shape("/calendar/?year=2025") == "/calendar/?year"
    assert SKIP.search("/accounts/logout/") and SKIP.search("/documents/3/pdf")
    assert not SKIP.search("/cases/3/")
