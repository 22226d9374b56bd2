"""The appraisal in a real browser (headless Chromium) at desktop and phone widths: the
supervisor reads the agencies side by side, enters the outside assessment with its
reason and confirms; the agency head then reads the confirmed scorecard. The page never
scrolls sideways (wide tables scroll inside their box). Screenshots go to
``$OPENENFORCE_SCREENSHOTS/appraisal-<width>``."""

from __future__ import annotations

import pytest

from openenforce.testing import browser as browser_support
from openenforce.testing.cases import WRITTEN

pytestmark = [*browser_support.MARKS, pytest.mark.clock(WRITTEN)]

OVERFLOW = "document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_supervisor_confirms_and_the_agency_reads(
    browser, live_server, card, supervisor, head, width, tmp_path
):
    from openenforce.testing.journey import Journey, screenshot_dir

    journey = Journey(
        browser, live_server.url, screenshot_dir(tmp_path, f"appraisal-{width}"), width=width
    )
    try:
        page = journey.goto("supervisor", f"/appraisal/schemes/{card.scheme.pk}/")
        main = page.locator("main").inner_text()
        assert "各执法主体对比" in main and card.agency.name in main
        assert "66.7%" in main and "无数据" in main
        assert not page.evaluate(OVERFLOW)
        journey.shot(page, "side-by-side")
        journey.submit(page, page.get_by_role("link", name=card.agency.name), "the scorecard")
        form = page.locator("form[action$='/enter/']")
        journey.fill(page, "form[action$='/enter/'] input[name=points]", "90")
        journey.fill(
            page, "form[action$='/enter/'] textarea[name=reason]", "行政执法测评卡平均90分"
        )
        journey.submit(page, form.get_by_role("button"), "enter the outside assessment")
        journey.submit(page, page.get_by_role("button", name="确认评分表"), "confirm")
        assert "已确认" in page.locator("main").inner_text()
        assert not page.evaluate(OVERFLOW)
        journey.shot(page, "confirmed")

        page = journey.goto("head", f"/appraisal/scorecards/{card.pk}/")
        main = page.locator("main").inner_text()
        assert "行政执法测评卡平均90分" in main and "历年对比" in main
        assert page.get_by_role("button", name="确认评分表").count() == 0
        assert not page.evaluate(OVERFLOW)
        journey.shot(page, "the agency reads it")
    finally:
        journey.close()
