"""The rubric pages in a real browser (headless Chromium), as the supervisor and as an
officer of a supervised agency: every page reachable from the rubric list reads well at
desktop and phone widths (no sideways scrolling, no raw codes or English words).
Screenshots go to ``$OPENENFORCE_TEST_OUTPUT/evaluation``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.accounts.services import get_system_actor
from openenforce.evaluation import services
from openenforce.testing import browser as browser_support
from openenforce.testing.crawl import crawl, report

pytestmark = browser_support.MARKS
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "evaluation"
PASSWORD = "correct horse battery 42"  # noqa: S105 (the root conftest's)


@pytest.mark.parametrize("role", ["supervisor", "officer"])
def test_the_rubric_pages_read_well(
    browser, live_server, justice_bureau, supervisor, officer, role
):
    services.load_shipped(justice_bureau, actor=get_system_actor(), trusted=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/accounts/login/?next=/evaluation/rubrics/")
    page.fill("#id_username", role)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/evaluation/rubrics/")
    assert "行政处罚（普通程序）案卷评查标准" in page.locator("main").inner_text()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{role}-list.png"), full_page=True)
    page.get_by_role("link", name="第1版").first.click()
    page.screenshot(path=str(OUTPUT / f"{role}-version.png"), full_page=True)
    problems, visited = crawl(
        page, live_server.url, role, ["/evaluation/rubrics/"], limit=20, shots=OUTPUT
    )
    assert visited >= 3
    # The crawl leaves through the shell's links; what it finds there is not this app's.
    ours = [p for p in problems if p.path.startswith("/evaluation/")]
    assert not ours, report(ours)
    context.close()
