"""Whether a proposed decision is major: each threshold of the review catalogue, the
statutory grounds of Art 58, and which catalogue entries count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from openenforce.catalog.models import CatalogEntry, Matter
from openenforce.catalog.services import retire_entry, save_entry
from openenforce.reviews.major import ProposedDecision, assess_major, evaluate
from openenforce.reviews.tests.conftest import entry
from openenforce.testing.cases import WRITTEN

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def facts(agency, **proposal) -> ProposedDecision:
    proposal.setdefault("party_kinds", frozenset({"person"}))
    return ProposedDecision(agency_id=agency.pk, category="penalty", matter_id=None, **proposal)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_fine_at_or_above_the_person_threshold_is_major(agency, system_actor, english):
    sh01 = entry(agency, system_actor, fine_threshold_person=Decimal("10000"))
    result = evaluate(facts(agency, fine=Decimal("20000")), [sh01])
    assert result.is_major
    assert result.reasons == [
        "Fine of 20,000 yuan ≥ 10,000 yuan set by review catalogue entry SH-01 “较大数额罚款” "
        "(natural person) (Administrative Penalty Law Art 58)"
    ]
    assert evaluate(facts(agency, fine=Decimal("10000")), [sh01]).is_major
    assert not evaluate(facts(agency, fine=Decimal("9999.99")), [sh01]).is_major


def test_organisations_are_measured_against_their_own_threshold(agency, system_actor, english):
    sh01 = entry(
        agency,
        system_actor,
        fine_threshold_person=Decimal("10000"),
        fine_threshold_org=Decimal("100000"),
    )
    org = frozenset({"organisation"})
    assert not evaluate(facts(agency, fine=Decimal("20000"), party_kinds=org), [sh01]).is_major
    result = evaluate(facts(agency, fine=Decimal("150000"), party_kinds=org), [sh01])
    assert result.is_major and "(organisation)" in result.reasons[0]
    assert "100,000" in result.reasons[0]


def test_without_a_party_the_stricter_threshold_applies(agency, system_actor):
    sh01 = entry(
        agency,
        system_actor,
        fine_threshold_org=Decimal("100000"),
        fine_threshold_person=Decimal("10000"),
    )
    assert evaluate(facts(agency, fine=Decimal("20000"), party_kinds=frozenset()), [sh01]).is_major


def test_confiscation_thresholds(agency, system_actor, english):
    sh02 = entry(
        agency,
        system_actor,
        code="SH-02",
        name="没收较大数额",
        confiscation_threshold_person=Decimal("10000"),
        confiscation_threshold_org=Decimal("100000"),
    )
    result = evaluate(facts(agency, confiscation=Decimal("12000")), [sh02])
    assert result.is_major and result.reasons[0].startswith("Confiscation of 12,000 yuan")
    org = facts(agency, confiscation=Decimal("12000"), party_kinds=frozenset({"organisation"}))
    assert not evaluate(org, [sh02]).is_major
    # a fine never meets a confiscation threshold
    assert not evaluate(facts(agency, fine=Decimal("50000")), [sh02]).is_major


def test_listed_penalty_kinds(agency, system_actor, english):
    sh03 = entry(
        agency,
        system_actor,
        code="SH-03",
        name="吊销许可证件",
        penalty_kinds=["revoke_licence", "suspend_business"],
    )
    result = evaluate(facts(agency, penalty_kinds=frozenset({"warning", "revoke_licence"})), [sh03])
    assert result.is_major
    assert "Revocation of a licence" in result.reasons[0] and "SH-03" in result.reasons[0]
    assert not evaluate(facts(agency, penalty_kinds=frozenset({"warning"})), [sh03]).is_major


def test_a_hearing_is_major_by_law_and_cites_the_entry_that_lists_it(agency, system_actor, english):
    result = evaluate(facts(agency, hearing_held=True), [])
    assert result.is_major and "major rights" in result.reasons[0]
    sh04 = entry(agency, system_actor, code="SH-04", name="经过听证", hearing_held=True)
    result = evaluate(facts(agency, hearing_held=True), [sh04])
    assert len(result.reasons) == 1 and "SH-04" in result.reasons[0]
    assert not evaluate(facts(agency), [sh04]).is_major


def test_departure_from_the_discretion_standard(agency, system_actor, english):
    sh05 = entry(agency, system_actor, code="SH-05", departs_from_standard=True)
    result = evaluate(facts(agency, departs_from_standard=True), [sh05])
    assert result.is_major and "discretion standard" in result.reasons[0]
    # a departure is major only where the catalogue says so (a local rule)
    assert not evaluate(facts(agency, departs_from_standard=True), []).is_major


def test_head_referral_and_complexity(agency, system_actor, english):
    result = evaluate(facts(agency, head_referral=True), [])
    assert result.is_major and "referred" in result.reasons[0]
    sh06 = entry(agency, system_actor, code="SH-06", head_referral=True)
    result = evaluate(facts(agency, head_referral=True), [sh06])
    assert len(result.reasons) == 1 and "SH-06" in result.reasons[0]
    result = evaluate(facts(agency, is_complex=True), [])
    assert result.is_major and "several legal relationships" in result.reasons[0]
    assert evaluate(facts(agency, fine=Decimal("100")), []).is_major is False


def test_other_categories_cite_the_state_council_guidance(agency, english):
    licensing = ProposedDecision(
        agency_id=agency.pk, category="licensing", matter_id=None, head_referral=True
    )
    assert "Guidance No. 118" in evaluate(licensing, []).reasons[0]


def test_the_reason_reads_in_chinese(agency, system_actor):
    sh01 = entry(agency, system_actor, fine_threshold_person=Decimal("10000"))
    with translation.override("zh-hans"):
        result = evaluate(facts(agency, fine=Decimal("20000")), [sh01])
    assert result.reasons == [
        "罚款 20,000 元 ≥ 审核目录 SH-01“较大数额罚款”规定的 10,000 元（自然人）"
        "（《行政处罚法》第五十八条）"
    ]


# --- which entries apply to a real case -------------------------------------------------


@pytest.fixture
def case(team, officer, head):
    from openenforce.testing.cases import to_report

    return to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("20000")
    )


def test_a_case_is_assessed_against_its_agency_entries_in_force(
    case, agency, other_agency, system_actor
):
    assert not assess_major(case).is_major
    entry(other_agency, system_actor, fine_threshold_person=Decimal("10000"))
    assert not assess_major(case).is_major  # another agency's catalogue never counts
    sh01 = entry(agency, system_actor, fine_threshold_person=Decimal("10000"))
    assert assess_major(case).is_major
    retire_entry(sh01, actor=system_actor, status=CatalogEntry.Status.SUSPENDED)
    assert not assess_major(case).is_major  # suspended entries are ignored


def test_entries_of_another_category_or_matter_do_not_apply(case, team, agency, system_actor):
    entry(agency, system_actor, code="L1", category="licensing", fine_threshold_person=Decimal("1"))
    other = save_entry(
        Matter(agency=agency, code="M-x", name="另一事项", category="penalty", field=team.field),
        actor=system_actor,
    )
    entry(agency, system_actor, code="X1", matter=other, fine_threshold_person=Decimal("1"))
    assert not assess_major(case).is_major
    entry(agency, system_actor, code="X2", matter=case.matter, fine_threshold_person=Decimal("1"))
    assert assess_major(case).is_major


def test_an_organisation_party_is_read_from_the_case(team, officer, head, agency, system_actor):
    from openenforce.testing.cases import act

    entry(
        agency,
        system_actor,
        fine_threshold_person=Decimal("10000"),
        fine_threshold_org=Decimal("100000"),
    )
    case = team.open(actor=officer, party="organisation")
    case = act(case, "approve_filing", head, filed_on="2026-09-01")
    case = act(
        case,
        "conclude_investigation",
        officer,
        facts="事实",
        proposed_penalty_kinds=["fine"],
        proposed_fine="20000",
    )
    assert not assess_major(case).is_major
