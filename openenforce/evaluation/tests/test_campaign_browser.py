"""The supervisor's campaign in a real browser (headless Chromium): creating it through
the form (title, agencies, procedure, period, sample size, dates), adding the evaluators,
announcing it and drawing the sample; the campaign page then lists the drawn files with
their evaluators. Screenshots at desktop and phone widths go to
``$OPENENFORCE_TEST_OUTPUT/evaluation``; the phone width has no sideways scrolling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.evaluation.models import Assignment, Campaign, SampledFile
from openenforce.evaluation.tests import test_campaigns as base
from openenforce.testing import browser as browser_support

pytestmark = [*browser_support.MARKS, pytest.mark.clock("2026-11-20T10:00:00+08:00")]
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "evaluation"
PASSWORD = "correct horse battery 42"  # noqa: S105 (the root conftest's)

world = base.world  # A: 7 closed inspections, B: 2; the bureau's rubric; three evaluators


def login(browser, live_server, width: int, next_url: str):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_url}")
    return context, page


def no_sideways_scroll(page) -> bool:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return overflow <= 0


def test_the_supervisor_creates_announces_and_draws_a_campaign(
    browser, live_server, world, supervisor, agency, other_agency
):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    context, page = login(browser, live_server, 1280, "/evaluation/campaigns/new/")
    form = page.locator("main form")
    form.locator("#id_title").fill("2026年第三季度案卷评查（浏览器）")
    form.get_by_label(agency.name).check()
    form.get_by_label(other_agency.name).check()
    form.locator("input[name=procedures][value=inspection]").check()
    form.locator("#id_closed_from").fill("2026-09-01")
    form.locator("#id_closed_to").fill("2026-09-30")
    form.locator("#id_sample_size").fill("3")
    form.locator("#id_starts_on").fill("2026-11-01")
    form.locator("#id_ends_on").fill("2026-12-31")
    form.locator("button.primary").click()
    page.wait_for_url(f"{live_server.url}/evaluation/campaigns/*/")
    campaign = Campaign.objects.get(title="2026年第三季度案卷评查（浏览器）")
    assert campaign.status == Campaign.Status.DRAFT
    assert sorted(campaign.agency_ids) == sorted([agency.pk, other_agency.pk])
    assert campaign.procedures == ["inspection"] and campaign.sample_size == 3

    evaluators = [world["officer"], world["b_user"], world["bureau_user"]]
    for user in evaluators:
        page.select_option("#id_user", str(user.pk))
        page.locator(f"form[action$='/campaigns/{campaign.pk}/evaluators/'] button").click()
        page.wait_for_load_state()
    assert campaign.evaluators.count() == 3
    page.screenshot(path=str(OUTPUT / "campaign-draft-1280.png"), full_page=True)

    page.locator(f"form[action$='/campaigns/{campaign.pk}/announce/'] button").click()
    page.wait_for_load_state()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ANNOUNCED and campaign.seed_commitment
    assert campaign.seed_commitment in page.locator("main").inner_text()
    page.locator(f"form[action$='/campaigns/{campaign.pk}/draw/'] button").click()
    page.wait_for_load_state()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAWN

    sampled = list(
        SampledFile.objects.filter(campaign=campaign).select_related("case").order_by("rank")
    )
    assert len(sampled) == 5  # A: 3 of 7, B: both
    section = page.locator("section[aria-labelledby=sample-h]")
    text = section.inner_text()
    for s in sampled:
        assert (s.case.number or str(s.case.pk)) in text
    for a in Assignment.objects.filter(sampled__campaign=campaign).select_related(
        "evaluator__user"
    ):
        assert (a.evaluator.user.display_name or a.evaluator.user.username) in text
    assert section.locator("tbody tr").count() == len(sampled)
    assert no_sideways_scroll(page)
    page.screenshot(path=str(OUTPUT / "campaign-drawn-1280.png"), full_page=True)
    context.close()

    url = f"/evaluation/campaigns/{campaign.pk}/"
    context, page = login(browser, live_server, 390, url)
    assert page.locator("section[aria-labelledby=sample-h] tbody tr").count() == len(sampled)
    assert no_sideways_scroll(page), "sideways scroll at 390px"
    page.screenshot(path=str(OUTPUT / "campaign-drawn-390.png"), full_page=True)
    context.close()
