"""The scoring pages in a real browser (headless Chromium): the evaluator scores a file
beside its case file at desktop and phone widths, and the pages read well (no sideways
scrolling, no raw codes or English words). Screenshots go to
``$OPENENFORCE_TEST_OUTPUT/evaluation``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.evaluation.models import Assignment, Score
from openenforce.evaluation.tests.scoring_world import drawn_campaign
from openenforce.testing import browser as browser_support
from openenforce.testing.crawl import crawl, report

pytestmark = [*browser_support.MARKS, pytest.mark.clock("2026-11-20T10:00:00+08:00")]
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "evaluation"
PASSWORD = "correct horse battery 42"  # noqa: S105 (the root conftest's)


def test_the_evaluator_scores_a_file_at_both_widths(
    browser, live_server, system_actor, agency, other_agency, justice_bureau, officer, supervisor
):
    campaign = drawn_campaign(
        system_actor, agency, other_agency, justice_bureau, officer, supervisor
    )
    assignment = Assignment.objects.filter(
        sampled__campaign=campaign, evaluator__user__username="jevaluator"
    ).first()
    assert assignment is not None  # the bureau's evaluator reads every file
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(20_000)
        url = f"/evaluation/assignments/{assignment.pk}/score/"
        page.goto(f"{live_server.url}/accounts/login/?next={url}")
        page.fill("#id_username", "jevaluator")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}{url}")
        assert "系统核对结果" in page.locator("main").inner_text()
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"sideways scroll at {width}px"
        page.screenshot(path=str(OUTPUT / f"score-{width}.png"), full_page=True)
        context.close()
    # saving a draft from the page keeps the deduction and shows the total
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={url}")
    page.fill("#id_username", "jevaluator")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{url}")
    score = Score.objects.get(assignment=assignment)
    s1 = score.version.items.get(code="S1")
    page.fill(f"#deducted-{s1.pk}", "4")
    page.fill(f"#comment-{s1.pk}", "说理不充分")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(f"{live_server.url}{url}")
    assert "96.0" in page.locator("main").inner_text()
    page.screenshot(path=str(OUTPUT / "score-saved-390.png"), full_page=True)
    problems, visited = crawl(
        page, live_server.url, "evaluator", [url, "/evaluation/my-files/"], limit=6
    )
    ours = [p for p in problems if p.path.startswith("/evaluation/")]
    assert not ours, report(ours)
    context.close()
