"""The party's journey in a real browser, with screenshots (OPENENFORCE_SCREENSHOTS): a
party opens their page with the code from a served prior notice, files a defence with a
file and requests a hearing within the period; the hearing gate then holds the decision on
the staff side, where the stepper shows the party's step; after the period the page
refuses politely and says what remains.

Headless Chromium from the system through Playwright; skipped where none is installed.
The browser keeps the real clock: the cases are served today, or (the late one) served
fourteen days ago with the clock moved back while it is built."""

import datetime

from django.utils import timezone

from conftest import PASSWORD
from openenforce.cases.models import Case
from openenforce.partyaccess.tests.conftest import ID_NUMBER
from openenforce.partyaccess.tests.test_services import PNG
from openenforce.testing import browser as browser_support
from openenforce.testing.cases import offer, to_report
from openenforce.testing.deliveries import issue
from openenforce.testing.journey import screenshot_dir

pytestmark = browser_support.MARKS


def _served_notice(team, officer, head):
    from openenforce.deliveries.services import serve_document

    today = timezone.localdate()
    case = to_report(
        team,
        officer,
        head,
        filed=today - datetime.timedelta(days=20),
        proposed_penalty_kinds=["suspend_business"],
    )
    return serve_document(
        issue(case, officer, "prior_notice"),
        actor=officer,
        method="direct",
        recipient="张三",
        served_on=today,
        signed_by="张三",
    )


def _enter(page, base, delivery):
    page.goto(f"{base}/party/")
    page.fill("#id_code", delivery.party_code_display)
    page.fill("#id_identity", ID_NUMBER)
    page.click("form.party-form button[type=submit]")
    page.wait_for_url(f"{base}/party/case/")


def test_a_party_files_a_defence_and_requests_a_hearing(
    browser, live_server, team, officer, head, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = screenshot_dir(tmp_path, "party")
    delivery = _served_notice(team, officer, head)
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/party/")
    page.screenshot(path=str(shots / "01-enter.png"), full_page=True)
    _enter(page, live_server.url, delivery)
    assert delivery.document.number in page.content()
    page.screenshot(path=str(shots / "02-case.png"), full_page=True)

    photo = tmp_path / "整改照片.png"
    photo.write_bytes(PNG)
    page.fill("#id_text", "我方已于本月整改完毕，请求从轻处理。")
    page.set_input_files("#id_attachments", str(photo))
    page.click("form[action$='/party/case/statement'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/party/receipt/**")
    assert "您的陈述、申辩已收到" in page.content()
    page.screenshot(path=str(shots / "03-statement-receipt.png"), full_page=True)

    page.goto(f"{live_server.url}/party/case/")
    page.check("#id_confirm")
    page.click("form[action$='/party/case/hearing'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/party/receipt/**")
    assert "您的听证申请已收到" in page.content()
    page.screenshot(path=str(shots / "04-hearing-receipt.png"), full_page=True)

    case = Case.objects.get(pk=delivery.case_id)
    assert case.state == "hearing" and case.hearing_requested
    assert offer(case, head, "decide") is None  # no decision while the hearing is pending

    staff = browser.new_page()
    staff.set_default_timeout(15_000)
    url = f"{live_server.url}/cases/{case.pk}/"
    staff.goto(url)
    staff.fill("#id_username", officer.username)
    staff.fill("#id_password", PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url(url)
    assert "当事人在线申请听证" in staff.inner_text(".stepper")
    assert "当事人在线办理" in staff.content()
    staff.screenshot(path=str(shots / "05-staff-stepper.png"), full_page=True)


def test_after_the_period_the_page_refuses_politely(
    browser, live_server, team, officer, head, tmp_path, clock, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = screenshot_dir(tmp_path, "party-late")
    now = timezone.now()
    clock.move_to(now - datetime.timedelta(days=14))
    delivery = _served_notice(team, officer, head)
    clock.move_to(now)
    page = browser.new_page()
    page.set_default_timeout(15_000)
    _enter(page, live_server.url, delivery)
    text = page.inner_text("main")
    assert "陈述、申辩期限已经届满" in text and "您仍可以" in text
    assert "听证申请期限（五日）已经届满" in text
    assert page.locator("form[action$='/party/case/statement']").count() == 0
    page.screenshot(path=str(shots / "01-period-passed.png"), full_page=True)


def test_a_consenting_party_receives_the_decision_electronically(
    browser, live_server, team, officer, head, tmp_path, settings
):
    from openenforce.testing.cases import act

    settings.MEDIA_ROOT = tmp_path / "media"
    shots = screenshot_dir(tmp_path, "party-electronic")
    delivery = _served_notice(team, officer, head)
    page = browser.new_page()
    page.set_default_timeout(15_000)
    _enter(page, live_server.url, delivery)
    page.check("#id_consent-confirm")
    page.click("form[action$='/party/case/consent'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/party/case/")
    assert "您已于" in page.inner_text("main")
    page.screenshot(path=str(shots / "01-consent-signed.png"), full_page=True)

    today = timezone.localdate()
    case = Case.objects.get(pk=delivery.case_id)
    case = act(case, "waive_defence", officer, waived_on=today, document="放弃陈述申辩声明")
    case = act(
        case, "decide", head, outcome="penalty", decision_text="责令停业整顿", decided_on=today
    )
    decision = issue(case, officer, "penalty_decision")

    staff = browser.new_page()
    staff.set_default_timeout(60_000)
    url = f"{live_server.url}/cases/{case.pk}/"
    staff.goto(url)
    staff.fill("#id_username", officer.username)
    staff.fill("#id_password", PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url(url)
    staff.screenshot(path=str(shots / "02-staff-before.png"), full_page=True)
    with staff.expect_navigation(timeout=60_000):
        staff.click(
            f"form[action$='/deliveries/documents/{decision.pk}/serve-electronically'] button"
        )
    assert "已电子送达" in staff.content()
    staff.screenshot(path=str(shots / "02-staff-served-electronically.png"), full_page=True)
    case.refresh_from_db()
    assert case.state == "execution"

    page.goto(f"{live_server.url}/party/case/")
    text = page.inner_text("main")
    assert decision.number in text and "申请行政复议" in text
    served = decision.deliveries.get()
    assert served.method == "electronic" and served.deemed_served_on == today
    due = next(d["due"] for d in served.deadlines if d["code"] == "reconsideration")
    assert f"截至{due}" in text  # the remedy periods run from the day it appeared
    page.screenshot(path=str(shots / "03-decision-on-the-party-page.png"), full_page=True)
