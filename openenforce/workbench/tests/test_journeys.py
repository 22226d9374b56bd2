"""Whole procedures through the pages only, in a real browser (headless Debian Chromium
through Playwright): each person logs in, finds their next task on their home page's
to-do list and does it on the pages a person uses. The set-up (catalogue, team, camera)
is built through the services; every step of the procedures is taken in the browser.

The crawl logs in as each role (and then as nobody) on the demo data and follows every
same-origin link of the pages it reaches (openenforce/testing/crawl.py), failing with a list
of each page, role, width and problem.

Screenshots go to ``$OPENENFORCE_SCREENSHOTS/<test>`` (default: the test's tmp_path); the
directory and the counts of page loads and interactions are printed (``-s`` shows them).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override

from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.testing import browser as browser_support
from openenforce.testing import reviews as review_kit
from openenforce.testing.journey import Journey, now_local, screenshot_dir

pytestmark = browser_support.MARKS

PARTY = "张大山"
PARTY_ID = "220102198001011234"
TITLE = "张大山无证开办养老机构"


def zh(text: str) -> str:
    with override("zh-hans"):
        return gettext(text)


def label(procedure: str, code: str) -> str:
    """The Chinese label of a case action, as the to-do list shows it."""
    action = lifecycles.get(procedure).action(code)
    with override("zh-hans"):
        return str(action.label)


@pytest.fixture
def camera(admin_user, team, officer):
    """A body camera held by the officer (O1)."""
    from openenforce.recordings import services

    device = services.register_device(actor=admin_user, code="ZFJLY-001", kind="body_camera")
    at = timezone.now() - datetime.timedelta(hours=2)
    services.checkout_device(device, actor=officer, officer="O1", at=at)
    return device


def open_case(journey, procedure, matter, title, *, facts, source="complaint", party=PARTY):
    """The officer opens a case on the new-case page, reached from the case list."""
    page = journey.goto("officer", "/")
    journey.shot(page, f"officer-home-{procedure}")
    journey.click(page, page.locator("a[href='/cases/']").first)
    journey.click(page, page.locator("a[href='/cases/new/']").first)
    form = page.locator("form:has(#f-title)")
    journey.fill_form(
        page,
        form,
        {
            "procedure": procedure,
            "matter": str(matter.pk),
            "title": title,
            "source": source,
            "party_kind": "person",
            "party_name": party,
            "party_id": PARTY_ID,
            "lead": "O1",
            "assistants": ["O2"],
            "facts": facts,
        },
    )
    journey.shot(page, f"officer-new-{procedure}")
    journey.submit(page, form.locator("button.primary, button[type=submit]").last, "new case")
    case = Case.objects.get(title=title)
    assert page.url.endswith(f"/cases/{case.pk}/")
    return case


def registered_evidence(page, case_pk: int) -> list[str]:
    """Every registered item the submission form offers (evidence and recordings)."""
    form = page.locator(f"form[action$='/cases/{case_pk}/actions/submit_review/']")
    boxes = form.locator("[name='evidence_list']")
    return [box.get_attribute("value") for box in boxes.all()]


def issue_and_serve(journey: Journey, case, doc_type: str, **fields: str) -> None:
    """The officer fills in and issues a document from the case page's documents section,
    then records its direct service in the service section: that takes the case's step."""
    from openenforce.documents.models import Document

    page = journey.goto("officer", f"/cases/{case.pk}/")
    chooser = page.locator("form.doc-issue")
    chooser.locator("select[name=type]").select_option(doc_type)
    journey.interactions += 1
    journey.submit(page, chooser.locator("button"), f"choose {doc_type}")
    form = page.locator("form.doc-form")
    journey.fill_form(page, form, fields)
    journey.submit(page, form.locator("button.primary"), f"issue {doc_type}")
    document = Document.objects.filter(case=case, doc_type=doc_type).latest("pk")
    page = journey.goto("officer", f"/cases/{case.pk}/")
    serve = page.locator(f"form[action='/deliveries/documents/{document.pk}/serve']")
    journey.unfold(page, serve)
    journey.fill_form(
        page,
        serve,
        {"method": "direct", "recipient": PARTY, "direct__signed_by": PARTY},
    )
    journey.submit(page, serve.locator("button.primary, button[type=submit]").last, "service")


def _report(journey: Journey, name: str) -> None:
    print(
        f"\n{name}: {journey.loads} page loads, {journey.interactions} interactions "
        f"(fills, selects, checks, clicks, files); screenshots in {journey.shots}"
    )


def test_a_major_penalty_from_lead_to_closed_case_file(
    browser,
    live_server,
    tmp_path,
    agency,
    system_actor,
    team,
    officer,
    head,
    reviewer,
    publisher,
    admin_user,
    camera,
):
    # The review catalogue makes a fine of 100,000 yuan or more a major decision.
    review_kit.entry(
        agency, system_actor, fine_threshold_person=100_000, fine_threshold_org=100_000
    )
    review_kit.qualify(reviewer, admin_user)
    journey = Journey(browser, live_server.url, screenshot_dir(tmp_path, "major-penalty"))
    procedure = "penalty_ordinary"

    # The officer opens a lead.
    case = open_case(
        journey,
        procedure,
        team.matters["penalty"],
        TITLE,
        facts="群众举报：未取得设立许可擅自开办养老机构，收住老人二十余名。",
    )

    # The head finds the approval on the home page and approves.
    page = journey.todo("head", label(procedure, "approve_filing"), TITLE)
    journey.act("head", case.pk, "approve_filing", note="同意立案", confirmed=True)
    case.refresh_from_db()
    assert case.state == "investigation" and case.number
    journey.shot(page, "head-filed")

    # The officer registers evidence and a recording (both uploaded through tus).
    page = journey.todo("officer", label(procedure, "conclude_investigation"), TITLE)
    document = tmp_path / "询问笔录.pdf"
    document.write_bytes(b"%PDF-1.4\n% interview\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    evidence = page.locator("form:has(#ev-kind)")
    journey.unfold(page, evidence)
    journey.fill_form(
        page,
        evidence,
        {
            "kind": "documentary",
            "title": "询问笔录",
            "place": "养老机构现场",
            "method": "现场询问并制作笔录",
            "file": document,
        },
    )
    with page.expect_navigation(url=f"**/cases/{case.pk}/#evidence", timeout=60_000):
        evidence.locator("button.primary").click()
    journey.interactions += 1
    assert "询问笔录" in page.locator("#evidence").inner_text()

    from openenforce.recordings import media

    clip = tmp_path / "现场检查.webm"
    clip.write_bytes(media.webm_clip(seconds=1, size="64x48"))
    recording = page.locator("form:has(#rec-file)")
    journey.unfold(page, recording)
    steps = page.locator("#rec-step option").evaluate_all("os => os.map(o => o.value)")
    journey.fill_form(
        page,
        recording,
        {
            "step": "conclude_investigation" if "conclude_investigation" in steps else steps[1],
            "device": camera.code,
            "officer": "O1",
            "place": "养老机构现场",
            "started_at": now_local(minutes_ago=20),
            "ended_at": now_local(minutes_ago=5),
            "file": clip,
        },
    )
    with page.expect_navigation(url=f"**/cases/{case.pk}/#recordings", timeout=60_000):
        recording.locator("button.primary").click()
    journey.interactions += 1
    assert case.recordings.count() == 1
    journey.shot(page, "officer-evidence-and-recording")

    # The investigation ends with a proposed fine of 150,000 yuan: a major decision.
    journey.act(
        "officer",
        case.pk,
        "conclude_investigation",
        facts="当事人未取得设立许可擅自开办养老机构，收住老人二十余名，违法所得较多。",
        proposed_penalty_kinds=["fine"],
        proposed_fine="150000",
    )
    page = journey.page("officer")
    assert zh("Major decision: legal review required") in page.locator("main").inner_text()
    journey.act(
        "officer",
        case.pk,
        "submit_review",
        investigation_report="调查终结报告（附件1）",
        proposed_decision="拟罚款人民币150000元",
        draft_decision="行政处罚决定书（草稿）",
        evidence_list=registered_evidence(journey.page("officer"), case.pk),
    )
    case.refresh_from_db()
    assert case.state == "legal_review"

    # The head finds the assignment on the home page and assigns the reviewer there.
    journey.todo("head", label(procedure, "assign_reviewer"), TITLE)
    journey.act("head", case.pk, "assign_reviewer", reviewer="reviewer")

    # The reviewer finds the opinion on the home page and records it on the review page.
    page = journey.todo("reviewer", label(procedure, "record_review_outcome"), TITLE)
    if "/reviews/" not in page.url:
        journey.click(page, page.get_by_role("link", name=zh("Open the legal review page")).first)
        page.wait_for_load_state()
    opinion = page.locator("form#opinion")
    from openenforce.reviews.checklist import POINT_CODES

    journey.fill_form(
        page,
        opinion,
        {
            **{f"point-{code}": ["pass"] for code in POINT_CODES},
            "outcome": "agree",
            "reasons": "事实清楚，证据确凿，适用依据正确，程序合法，罚款数额适当。",
        },
    )
    journey.shot(page, "reviewer-opinion")
    journey.submit(page, opinion.locator("button[type=submit]"), "the review opinion")
    case.refresh_from_db()
    assert case.state == "report", (case.state, page.locator("main").inner_text()[:2000])

    # The officer serves the prior notice; the party waives the statement and hearing.
    journey.todo("officer", label(procedure, "serve_prior_notice"), TITLE)
    issue_and_serve(
        journey,
        case,
        "prior_notice",
        facts="当事人未取得设立许可擅自开办养老机构。",
        intended_penalty="罚款人民币150000元",
    )
    case.refresh_from_db()
    assert case.state == "notified", case.state
    journey.act("officer", case.pk, "waive_defence", document="当事人书面放弃陈述申辩和听证")

    # The head decides.
    journey.todo("head", label(procedure, "decide"), TITLE)
    journey.act(
        "head",
        case.pk,
        "decide",
        outcome="penalty",
        decision_text="对张大山罚款人民币150000元。",
        confirmed=True,
    )
    case.refresh_from_db()
    assert case.state == "decided", case.state

    # The officer serves the decision.
    journey.todo("officer", label(procedure, "serve_decision"), TITLE)
    issue_and_serve(
        journey,
        case,
        "penalty_decision",
        facts="当事人未取得设立许可擅自开办养老机构。",
        penalty="罚款人民币150000元。",
    )

    # The publisher finds the draft on the home page, checks the masking and approves.
    page = journey.todo("publisher", zh("Check the masking and approve publication"), "")
    journey.shot(page, "publisher-draft")
    approve = page.locator("form[action*='/approve']")
    journey.fill_form(page, approve, {"secrecy_checked": True})
    journey.submit(page, approve.locator("button").last, "approve the publication")
    publication = case.publications.get()
    assert publication.status == "published", publication.status

    # A citizen finds the decision on the portal and verifies it.
    page = journey.goto("citizen", "/portal/")
    journey.click(page, page.get_by_role("link", name="执法决定与检查结果").first)
    journey.fill(page, "form[role=search] input[type=search], form[role=search] input", "罚款")
    journey.click(page, page.locator("form[role=search] button[type=submit]"))
    page.wait_for_load_state()
    journey.click(page, page.get_by_role("link", name=publication.title).first)
    page.wait_for_load_state()
    assert PARTY not in page.locator("main").inner_text()  # the person's name is masked
    journey.click(page, page.get_by_role("link", name="对照公开记录核验本信息"))
    page.wait_for_load_state()
    assert "未被改动" in page.locator("#verify-plain").inner_text()
    journey.shot(page, "citizen-verified")

    # The officer finds the payment to record, records it, then finds the case to close.
    journey.todo("officer", label(procedure, "record_payment"), TITLE)
    journey.act("officer", case.pk, "record_payment", amount="150000")
    journey.todo("officer", label(procedure, "close_case"), TITLE)
    journey.act("officer", case.pk, "close_case", note="罚款已缴清，结案")
    case.refresh_from_db()
    assert case.state == "closed", case.state

    # The closed case's file, as a PDF, contains the review opinion.
    page = journey.goto("officer", f"/cases/{case.pk}/")
    button = page.locator(f"form[action='/casefiles/cases/{case.pk}/pdf'] button")
    with page.expect_download(timeout=120_000) as download:
        button.click()
    journey.interactions += 1
    pdf = download.value.path()
    journey.shot(page, "officer-closed")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(
        p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages
    )
    assert "事实清楚，证据确凿" in text.replace("\n", "")
    _report(journey, "major penalty")
    journey.close()


def test_a_licence_from_application_to_certificate(
    browser, live_server, tmp_path, team, officer, head
):
    journey = Journey(browser, live_server.url, screenshot_dir(tmp_path, "licensing"))
    procedure, title = "licensing", "张大山申请设立养老机构"
    case = open_case(
        journey,
        procedure,
        team.matters["licensing"],
        title,
        facts="申请设立养老机构，材料齐全。",
        source="application",
    )
    assert case.state == "applied"
    journey.todo("officer", label(procedure, "accept_application"), title)
    journey.act("officer", case.pk, "accept_application")
    journey.todo("head", label(procedure, "decide_licence"), title)
    journey.act(
        "head", case.pk, "decide_licence", outcome="granted", decision_text="准予设立养老机构。"
    )
    page = journey.todo("officer", label(procedure, "issue_certificate"), title)
    journey.act("officer", case.pk, "issue_certificate", certificate_number="长新养〔2026〕1号")
    case.refresh_from_db()
    assert case.state == "closed", case.state
    journey.shot(page, "officer-certificate-issued")
    shown = page.locator("main").inner_text()
    assert label(procedure, "issue_certificate") in shown and "已结案" in shown
    _report(journey, "licensing")
    journey.close()


def test_an_inspection_drawn_from_a_plan_and_recorded(
    browser,
    live_server,
    tmp_path,
    agency,
    team,
    officer,
    head,
    admin_user,
    supervisor,
    record_witness,
):
    from openenforce.inspections.models import Plan
    from openenforce.inspections.tests.conftest import Inspections, make_targets

    item = Inspections(team, head, admin_user).item
    make_targets(agency, 4, grades="A")
    journey = Journey(browser, live_server.url, screenshot_dir(tmp_path, "inspection"))
    procedure = "inspection"

    # The head makes a plan on /inspections/, announces it and draws.
    page = journey.goto("head", "/")
    journey.click(page, page.locator("a[href='/inspections/']").first)
    journey.click(page, page.locator("a[href='/inspections/plans/new/']").first)
    today = timezone.localdate()
    form = page.locator("form:has([name=lead_item])")
    journey.fill_form(
        page,
        form,
        {
            "code": "JOURNEY-1",
            "title": "养老机构双随机抽查",
            "lead_item": str(item.pk),
            "lead_quota": "2",
            "frequency": "每年一次",
            "period_start": today.isoformat(),
            "period_end": (today + datetime.timedelta(days=60)).isoformat(),
            "ratio_A": "25",
            **{f"ratio_{grade}": "0" for grade in "BCD"},
        },
    )
    journey.submit(page, form.locator("button.primary"), "new plan")
    plan_path = page.url.removeprefix(live_server.url)

    # The justice bureau's supervisor finds the commitment on the to-do list and makes the
    # bureau's value in the browser: only its SHA-256 is sent (docs/draws.md §1).
    bureau = journey.todo("supervisor", "提交抽查随机数承诺值", "养老机构双随机抽查")
    journey.click(bureau, bureau.locator("[data-seed-generate]"))
    bureau.locator("[data-seed-value]").wait_for()
    value = bureau.locator("[data-seed-value]").input_value()
    commitment = bureau.locator("#seed-commitment").input_value()
    assert hashlib.sha256(bytes.fromhex(value)).hexdigest() == commitment
    bureau.locator("[data-seed-saved]").check()
    journey.submit(bureau, bureau.locator("#seed-commit button.primary"), "commit")
    assert Plan.objects.get(code="JOURNEY-1").seed_shares["justice"]["commitment"] == commitment

    page = journey.goto("head", plan_path)
    journey.submit(page, page.locator("form[action$='/announce/'] button"), "announce")
    assert page.locator("#draw-not-yet").count() == 1
    record_witness.round()  # the checkpoint loop's next tick, cosigned by the bureau

    # The bureau reveals the value it kept: the page reads the saved file.
    bureau = journey.todo("supervisor", "揭示抽查随机数", "养老机构双随机抽查")
    bureau.locator("[data-seed-file]").set_input_files(
        {"name": "value.txt", "mimeType": "text/plain", "buffer": (value + "\n").encode()}
    )
    assert bureau.locator("#seed-value").input_value() == value
    journey.submit(bureau, bureau.locator("#seed-reveal button.primary"), "reveal")

    page = journey.goto("head", plan_path)
    draw = page.locator("form[action$='/draw/']")
    journey.fill_form(page, draw, {"confirmed": True})
    journey.submit(page, draw.locator("button"), "draw")
    plan = Plan.objects.get(code="JOURNEY-1")
    assert plan.status == "drawn", plan.status
    journey.shot(page, "head-drawn")
    task = plan.tasks.select_related("case").order_by("rank").first()
    case = task.case
    assert page.locator(f"a[href='/cases/{case.pk}/']").count()

    # The drawn case's handler records the inspection and its result.
    handler = case.handlers.active().select_related("officer__user").first()
    who = handler.officer.user.username if handler.officer.user else "officer"
    journey.todo(who, label(procedure, "record_inspection"), case.title)
    journey.act(who, case.pk, "record_inspection", record="现场检查笔录：出示证件，检查经营场所。")
    journey.todo(who, label(procedure, "conclude_inspection"), case.title)
    page = journey.act(
        who, case.pk, "conclude_inspection", outcome="no_problem", decision_text="未发现问题。"
    )
    case.refresh_from_db()
    assert case.state == "closed", case.state
    journey.shot(page, "officer-inspection-closed")
    _report(journey, "inspection")
    journey.close()


CRAWL_ROLES = ("officer1", "head", "reviewer", "publisher", "supervisor", "admin")


def test_every_page_reachable_reads_well_at_desktop_and_phone_widths(
    browser, live_server, tmp_path, settings
):
    """Each role, then the public, visits every page linked from the pages it reaches
    (bounded): no sideways scrolling at 1280 and 390 px, no raw codes or English words in
    the Chinese interface, no link that answers an error."""
    import time

    from openenforce.accounts.services import get_system_actor
    from openenforce.demo.services import load_demo
    from openenforce.testing.crawl import crawl, report

    password = "demo crawl password 42"  # noqa: S105
    # As `openenforce demo` serves it: administrators are not held to two-step verification.
    settings.OPENENFORCE_REQUIRE_ADMIN_2FA = False
    load_demo(actor=get_system_actor(), password=password, year=False)
    problems, counts = [], {}
    shots = screenshot_dir(tmp_path, "crawl")  # pages that scroll sideways
    for role in (*CRAWL_ROLES, "public"):
        started = time.monotonic()
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        # Players would stream the recordings: not pages, and not what this test reads.
        context.route(re.compile(r"/recordings/\d+/media"), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(20_000)
        if role != "public":
            page.goto(f"{live_server.url}/accounts/login/?next=/")
            page.fill("#id_username", role)
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            found, visited = crawl(page, live_server.url, role, ["/"])
        else:
            found, visited = crawl(
                page, live_server.url, "anonymous", ["/portal/", "/"], anonymous=True
            )
        counts[role] = (visited, round(time.monotonic() - started))
        problems += found
        context.close()
    print(f"\ncrawl: pages visited (and seconds) per role: {counts}; screenshots in {shots}")
    print(report(problems) if problems else "crawl: no problems")
    assert not problems, report(problems)
