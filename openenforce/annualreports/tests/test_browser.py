"""The published report on the portal in a real browser (headless Chromium), at desktop and
phone widths: from the agency's page to its report, the tables readable (wide tables
scroll inside their box, the page itself does not), and the downloads offered.
Screenshots go to ``$OPENENFORCE_TEST_OUTPUT/annualreports``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.annualreports.tests.conftest import WRITTEN
from openenforce.testing import browser as browser_support

pytestmark = [*browser_support.MARKS, pytest.mark.clock(WRITTEN)]
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "annualreports"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_citizen_reads_the_published_report(browser, live_server, published, agency, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/portal/agencies/{agency.code}/")
    page.get_by_role("link", name="行政执法数据年度报告").first.click()
    page.get_by_role("link", name="2026").click()
    main = page.locator("main").inner_text()
    assert "2026年度行政执法数据报告" in main
    assert "罚没金额（万元）" in main and "无相关职责" in main
    assert "2026年度执法情况说明" in main
    assert page.get_by_role("link", name="下载PDF").count() == 1
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{width}-report.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow
    page.close()


def test_the_report_finds_its_reviewer_and_publisher_on_their_home_pages(
    browser, live_server, year, agency, publisher, head, tmp_path
):
    """A 2026 report begun and submitted in November, before its year is out: the head
    finds it on their to-do list, approves it; the publisher finds it there, publishes it
    and follows the link to the portal page, whose wide tables scroll from the keyboard."""
    from openenforce.annualreports import services
    from openenforce.testing.journey import Journey, screenshot_dir

    report = services.generate(agency, 2026, actor=publisher)
    journey = Journey(browser, live_server.url, screenshot_dir(tmp_path, "annual-report"))
    try:
        page = journey.goto("publisher", f"/annual-reports/{report.pk}/")
        journey.fill(page, "#narrative-text", "2026年度执法情况说明。")
        journey.submit(page, page.get_by_role("button", name="保存情况说明"), "narrative")
        journey.submit(page, page.get_by_role("button", name="提交审核"), "submit")

        page = journey.goto("head", "/")
        journey.shot(page, "head-todo")
        journey.submit(page, page.get_by_role("link", name="审核年度报告"), "open the report")
        assert page.url.endswith(f"/annual-reports/{report.pk}/")
        journey.fill(page, "#review-note", "同意")
        journey.submit(page, page.get_by_role("button", name="审核通过"), "approve")

        page = journey.goto("publisher", "/")
        journey.submit(page, page.get_by_role("link", name="发布年度报告"), "open the report")
        journey.submit(page, page.get_by_role("button", name="在门户网站公开"), "publish")
        journey.submit(page, page.locator("#on-portal"), "the portal page")
        assert page.url.endswith(f"/portal/annual-reports/{report.pk}/")
        assert "2026年度行政执法数据报告" in page.locator("main").inner_text()

        # On a phone the penalty table (33 columns) scrolls inside its frame: the frame
        # takes the keyboard focus and the arrow keys move it.
        page.set_viewport_size({"width": 390, "height": 900})
        frame = page.locator("#table-penalty .report-wrap")
        assert frame.get_attribute("tabindex") == "0"
        frame.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('#table-penalty .report-wrap').scrollLeft > 0"
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        journey.shot(page, "portal-report-390")
    finally:
        journey.close()
