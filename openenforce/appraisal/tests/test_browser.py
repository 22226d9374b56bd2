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


@pytest.mark.parametrize("width", [1280, 390])
def test_the_supervisor_edits_a_draft_scheme(
    browser, live_server, justice_bureau, supervisor, width, tmp_path
):
    from openenforce.appraisal import services
    from openenforce.testing.journey import Journey, screenshot_dir

    scheme = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    journey = Journey(
        browser, live_server.url, screenshot_dir(tmp_path, f"appraisal-edit-{width}"), width=width
    )
    try:
        page = journey.goto("supervisor", f"/appraisal/schemes/{scheme.pk}/")
        for summary in page.locator("main details summary").all():
            summary.click()
        assert not page.evaluate(OVERFLOW), f"sideways scroll at {width}px"
        journey.shot(page, "draft opened")
        page.fill("input[name=weight_daily]", "60")
        with page.expect_navigation():
            page.locator("#edit-scheme button").click()  # refused: the error is expected
        page.wait_for_load_state()
        assert "各部分权重之和须为100（现为110）" in page.locator("main").inner_text()
        page.locator("#edit-scheme summary").click()
        page.fill("input[name=weight_daily]", "30")
        page.fill("input[name=weight_casefiles]", "50")
        journey.submit(page, page.locator("#edit-scheme button"), "weights 30/50/20")
        assert "方案已保存" in page.locator("main").inner_text()
        scheme.refresh_from_db()
        assert scheme.weights == {"daily": 30, "casefiles": 50, "external": 20}
        assert not page.evaluate(OVERFLOW)
    finally:
        journey.close()
