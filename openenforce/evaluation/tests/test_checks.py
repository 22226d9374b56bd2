"""The checks behind the rubrics' machine keys: for constructed cases, a finding that
agrees with the record (met, not met, or None when the record cannot tell) with the
evidence a user would see; and the preview page per role."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from openenforce.accounts.services import create_user
from openenforce.cases.models import Case
from openenforce.catalog.models import RecordingRequirement
from openenforce.catalog.services import save_entry
from openenforce.deliveries.services import serve_document
from openenforce.disclosure import services as disclosure_services
from openenforce.disclosure.models import Publication
from openenforce.evaluation import checks, services
from openenforce.recordings import services as recording_services
from openenforce.testing import deliveries, reviews
from openenforce.testing.cases import (
    WRITTEN,
    D,
    act,
    decide_penalty,
    to_execution,
    to_notified,
    to_report,
)
from openenforce.testing.record import tamper

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def labels(finding) -> list[str]:
    return [e.label for e in finding.evidence]


def closed(case, officer):
    return act(case, "close_case", officer, closed_on=D(2026, 9, 22))


# --- two certified officers ------------------------------------------------------------


def test_two_certified_officers_met(team, officer, head):
    case = to_execution(team, officer, head)
    finding = checks.run("two_certified_officers", case)
    assert finding.met is True
    assert "执法O1: certificate TO1 in force on 2026-09-01" in labels(finding)
    assert "执法O2: certificate TO2 in force on 2026-09-20" in labels(finding)
    assert "/portal/certificates/TO1/" in [e.url for e in finding.evidence]


def test_two_certified_officers_not_met_before_the_certificates(team, officer, head):
    case = to_execution(team, officer, head)
    case.filed_on = D(2019, 6, 1)  # filed before either certificate was in force (not saved)
    finding = checks.run("two_certified_officers", case)
    assert finding.met is False
    assert "执法O2: no certificate covering the field in force on 2019-06-01" in labels(finding)
    assert "Only 0 certified officer(s) on 2019-06-01." in labels(finding)


def test_two_certified_officers_cannot_tell_before_filing(team, officer):
    case = team.open(actor=officer)
    finding = checks.run("two_certified_officers", case)
    assert finding.met is None
    assert labels(finding) == ["The case has no filing or decision date."]
    assert finding.evidence[0].url == f"/cases/{case.pk}/"


# --- filed in time (no period in the rules: always for the evaluator) -----------------


def test_filed_in_time_shows_the_dates(team, officer, head):
    case = to_report(team, officer, head)
    finding = checks.run("filed_in_time", case)
    assert finding.met is None
    assert labels(finding)[0] == (
        "Case filed on 2026-09-01; entered in the system on 2026-11-20, so the day the lead "
        "was found is not in the record."
    )
    assert finding.evidence[0].sequence is not None


def test_filed_in_time_never_filed(team, officer):
    finding = checks.run("filed_in_time", team.open(actor=officer))
    assert (finding.met, labels(finding)) == (None, ["The case was never filed."])


# --- rights notified -------------------------------------------------------------------


def test_rights_notified_met_and_not(team, officer, head):
    case = to_execution(team, officer, head)
    finding = checks.run("rights_notified", case)
    assert finding.met is True
    assert "Prior notice served on 2026-09-10; decision on 2026-09-20." in labels(finding)
    assert finding.evidence[-1].entry_url.startswith("/transparency/entry/")
    case.prior_notice_served_on = None  # a decision without notice (not saved)
    finding = checks.run("rights_notified", case)
    assert finding.met is False
    assert "No prior notice was served before the decision." in labels(finding)


def test_rights_notified_cannot_tell_without_decision(team, officer, head):
    finding = checks.run("rights_notified", to_report(team, officer, head))
    assert (finding.met, labels(finding)) == (None, ["The case has no decision."])


# --- review before decision ------------------------------------------------------------


def test_review_not_required_for_a_case_not_major(team, officer, head):
    finding = checks.run("review_before_decision", to_execution(team, officer, head))
    assert finding.met is None
    assert labels(finding) == ["Not a major case: no review required."]


@pytest.fixture
def in_review(team, officer, head, reviewer, agency, system_actor):
    """A case proposing a 20,000 yuan fine on a person (major by the review catalogue),
    submitted for review and assigned to a qualified reviewer."""
    reviews.entry(
        agency,
        system_actor,
        fine_threshold_person=Decimal("10000"),
        fine_threshold_org=Decimal("100000"),
    )
    reviews.qualify(reviewer, system_actor)
    case = to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("20000")
    )
    case = reviews.submit(case, officer)
    return act(case, "assign_reviewer", head, reviewer=reviewer.username)


def test_review_before_decision_passed(in_review, reviewer):
    case = reviews.opinion(in_review, reviewer, "agree")
    finding = checks.run("review_before_decision", case)
    assert finding.met is True
    assert labels(finding) == ["Legal review: Passed."]
    assert finding.evidence[0].sequence is not None


def test_review_before_decision_not_passed(in_review):
    finding = checks.run("review_before_decision", in_review)
    assert finding.met is False
    assert labels(finding) == ["Legal review: Under review."]


# --- Art 59 elements -------------------------------------------------------------------


def test_art59_elements_met(decided_case, officer):
    decision = deliveries.issue(
        decided_case,
        officer,
        "penalty_decision",
        evidence="询问笔录一份",
        penalty_basis="《养老机构管理办法》第四十六条",
    )
    finding = checks.run("art59_elements", decided_case)
    assert labels(finding)[0] == f"Decision document {decision.number}."
    assert finding.evidence[0].url == f"/documents/{decision.pk}/"
    assert finding.met is True, labels(finding)
    assert "(4) how and by when to perform it: present" in labels(finding)


def test_art59_elements_missing(decided_case, decision):
    """Issued without the evidence and the legal basis: elements (2) and (3) missing."""
    finding = checks.run("art59_elements", decided_case)
    assert finding.met is False
    assert "(2) the facts and the evidence: missing" in labels(finding)
    assert "(3) the penalty and its legal basis: missing" in labels(finding)
    assert "(5) the ways and periods to seek review or sue: present" in labels(finding)


def test_art59_cannot_tell_without_document(decided_case):
    finding = checks.run("art59_elements", decided_case)
    assert (finding.met, labels(finding)) == (None, ["No decision document was issued here."])


# --- service within the period and receipts -------------------------------------------


def test_served_within_period_met(team, officer, head):
    finding = checks.run("served_within_period", to_execution(team, officer, head))
    assert finding.met is True
    assert labels(finding)[0].startswith("Decision on 2026-09-20, served on 2026-09-21, due by")


def test_served_late(decided_case, officer):
    case = act(
        decided_case, "serve_decision", officer, served_on=D(2026, 10, 30), method="直接送达"
    )
    finding = checks.run("served_within_period", case)
    assert finding.met is False
    assert "served on 2026-10-30" in labels(finding)[0]


def test_served_cannot_tell_without_decision(team, officer, head):
    finding = checks.run("served_within_period", to_report(team, officer, head))
    assert (finding.met, labels(finding)) == (None, ["No service period ran on this case."])


@pytest.mark.tampers  # a receipt erased behind the record: a state the services refuse
def test_service_receipts(decided_case, decision, officer):
    delivery = serve_document(
        decision,
        actor=officer,
        method="direct",
        recipient="张三",
        served_on=D(2026, 11, 20),
        signed_by="张三",
    )
    finding = checks.run("service_receipts", decided_case)
    assert finding.met is True
    assert labels(finding) == [
        f"{decision.number} served on 2026-11-20 (Direct service (signed receipt)): receipt on file"
    ]
    assert finding.evidence[0].sequence is not None
    tamper(delivery, signed_by="")
    finding = checks.run("service_receipts", decided_case)
    assert finding.met is False
    assert labels(finding)[0].endswith("no receipt")


def test_service_receipts_cannot_tell_when_served_on_the_case(team, officer, head):
    finding = checks.run("service_receipts", to_execution(team, officer, head))
    assert finding.met is None
    assert labels(finding) == ["Service was entered on the case, not through the service register."]


# --- recordings ------------------------------------------------------------------------


def test_recordings_cannot_tell_when_none_required(team, officer, head):
    finding = checks.run("recordings_complete", to_execution(team, officer, head))
    assert (finding.met, labels(finding)) == (None, ["No step of this case required a recording."])


def test_recordings_missing_then_settled_by_a_reason(team, officer, head, agency, system_actor):
    # Investigated before the recording list named evidence collection: the step is
    # added as missing, then settled by the reason no recording exists.
    case = to_report(team, officer, head)
    save_entry(
        RecordingRequirement(
            agency=agency, code="YX-EV", step="evidence", content="全过程", kind="audio"
        ),
        actor=system_actor,
    )
    recording_services.note_past_requirements(Case.objects.filter(pk=case.pk), actor=system_actor)
    finding = checks.run("recordings_complete", case)
    assert finding.met is False
    assert labels(finding)[0].endswith(": missing")
    assert finding.evidence[0].sequence is not None
    recording_services.waive_recording(
        case, actor=officer, step="conclude_investigation", reason="执法记录仪故障，已制作笔录"
    )
    finding = checks.run("recordings_complete", case)
    assert finding.met is True
    assert labels(finding)[0].endswith(": no recording, reason recorded")


# --- payment ---------------------------------------------------------------------------


def test_payment(team, officer, head):
    case = to_execution(team, officer, head, fine="500")
    finding = checks.run("payment", case)
    assert finding.met is False
    assert labels(finding) == ["No payment was recorded."]
    case = act(case, "record_payment", officer, paid_on=D(2026, 9, 25), amount="500")
    finding = checks.run("payment", case)
    assert finding.met is True
    assert labels(finding) == ["Paid 500.00 yuan on 2026-09-25."]
    assert finding.evidence[0].sequence is not None


def test_payment_cannot_tell_for_a_warning(team, officer, head):
    finding = checks.run("payment", to_execution(team, officer, head))
    assert (finding.met, labels(finding)) == (None, ["Nothing was to be paid in this case."])


# --- publication -----------------------------------------------------------------------


def test_decision_published(team, officer, head):
    case = to_execution(team, officer, head)
    finding = checks.run("decision_published", case)
    assert finding.met is False, labels(finding)
    assert labels(finding)[0].startswith("Due by ")
    assert finding.evidence[0].url.startswith("/disclosure/")


def test_decision_published_on_time_and_late(team, officer, head, publisher):
    today = to_notified(team, officer, head)
    today = decide_penalty(today, officer, head, "给予警告。", D(2026, 11, 20))
    late = to_execution(team, officer, head)  # decided 2026-09-20
    for case in (today, late):
        draft = Publication.objects.get(case=case)
        disclosure_services.approve_publication(draft, actor=publisher, secrecy_checked=True)
    finding = checks.run("decision_published", today)
    assert finding.met is True
    assert labels(finding)[0].startswith("Published on 2026-11-20, due by ")
    finding = checks.run("decision_published", late)
    assert finding.met is False
    assert labels(finding)[0].startswith("Published on 2026-11-20, due by 2026-")
    assert finding.evidence[0].sequence is not None


def test_decision_published_cannot_tell_without_publication(team, officer, head):
    finding = checks.run("decision_published", to_report(team, officer, head))
    assert finding.met is None


# --- the case file ---------------------------------------------------------------------


def test_file_complete_lists_the_parts(decided_case, decision):
    finding = checks.run("file_complete", decided_case)
    assert finding.met is None
    assert "1 item(s) in part Decision." in labels(finding)


def test_every_key_has_its_check():
    assert set(checks.REGISTRY) == set(checks.CHECKS)
    assert checks.run("", None) is None


# --- the preview page ------------------------------------------------------------------


@pytest.fixture
def closed_case(team, officer, head, justice_bureau, system_actor):
    services.load_shipped(justice_bureau, actor=system_actor, trusted=True)
    return closed(to_execution(team, officer, head), officer)


def test_preview_for_the_supervisor(closed_case, supervisor, client_for):
    response = client_for(supervisor).get(f"/evaluation/preview/{closed_case.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert closed_case.number in text
    assert "评查预填" in text
    assert "执法O1：执法证 TO1 于 2026-09-01 有效" in text  # pre-filled, in Chinese
    assert "记录无法判断" in text
    assert "（五）申请行政复议、提起行政诉讼的途径和期限" not in text  # no decision document


def test_preview_in_english(closed_case, supervisor, client_for):
    client = client_for(supervisor)
    response = client.get(f"/evaluation/preview/{closed_case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_preview_for_a_superuser(closed_case, client_for, system_actor):
    root = create_user("root", actor=system_actor, agency=None, is_superuser=True)
    assert client_for(root).get(f"/evaluation/preview/{closed_case.pk}/").status_code == 200


def test_preview_hidden_from_others(closed_case, officer, head, outsider, client_for):
    for user in (officer, head, outsider):
        response = client_for(user).get(f"/evaluation/preview/{closed_case.pk}/")
        assert response.status_code == 404


def test_preview_of_an_open_case_is_404(team, officer, head, supervisor, client_for):
    case = to_execution(team, officer, head)
    assert client_for(supervisor).get(f"/evaluation/preview/{case.pk}/").status_code == 404


def test_preview_requires_login(closed_case, client):
    response = client.get(f"/evaluation/preview/{closed_case.pk}/")
    assert response.status_code == 302
