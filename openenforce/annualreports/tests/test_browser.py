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
