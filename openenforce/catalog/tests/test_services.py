"""Catalogue services: each success path, the record entry it writes, and each refusal."""

from __future__ import annotations

import datetime

import pytest

from openenforce.accounts.models import Department
from openenforce.catalog.models import (
    Certificate,
    CertificateEvent,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
)
from openenforce.catalog.services import (
    add_certificate_event,
    allowed_certificate_events,
    retire_entry,
    save_entry,
)
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.testing.catalog import build_catalog

DAY = datetime.date(2025, 6, 2)


@pytest.fixture
def cat(agency, system_actor):
    return build_catalog(agency, system_actor)


def last_entry() -> Entry:
    return Entry.objects.latest("sequence")


# save_entry ----------------------------------------------------------------------------


def test_save_entry_creates_and_records(admin_user, agency):
    basis = save_entry(
        LegalBasis(agency=agency, code="B9", law_name="行政处罚法", article="第九条"),
        actor=admin_user,
    )
    assert LegalBasis.objects.get(pk=basis.pk).law_name == "行政处罚法"
    entry = last_entry()
    assert (entry.event_type, entry.subject_id) == ("catalog.legalbasis.created", str(basis.pk))
    assert (entry.actor_id, entry.agency_id) == (admin_user.pk, agency.pk)


def test_save_entry_updates_with_relations_and_records(head, cat, system_actor):
    second = save_entry(
        LegalBasis(agency=cat.matter.agency, code="B2", law_name="民法典", article="第一条"),
        actor=system_actor,
    )
    cat.matter.name = "新名称"
    save_entry(cat.matter, actor=head, relations={"bases": [cat.basis, second]})
    cat.matter.refresh_from_db()
    assert cat.matter.name == "新名称"
    assert set(cat.matter.bases.all()) == {cat.basis, second}
    assert last_entry().event_type == "catalog.matter.updated"


@pytest.mark.parametrize("role", ["officer", "reviewer", "publisher", "supervisor", "outsider"])
def test_save_entry_refuses_everyone_but_admins_and_heads(request, cat, role):
    actor = request.getfixturevalue(role)
    before = Entry.objects.count()
    cat.basis.article = "第一百条"
    with pytest.raises(NotPermitted) as refusal:
        save_entry(cat.basis, actor=actor)
    assert refusal.value.code == "catalog_not_permitted"
    assert LegalBasis.objects.get(pk=cat.basis.pk).article == "第四十六条"
    assert Entry.objects.count() == before


def test_save_entry_refuses_a_deactivated_administrator(admin_user, cat):
    admin_user.is_active = False
    with pytest.raises(NotPermitted):
        save_entry(cat.basis, actor=admin_user)


def test_save_entry_refuses_invalid_input_field_by_field(admin_user, agency):
    with pytest.raises(InvalidInput) as refusal:
        save_entry(LegalBasis(agency=agency, code="", law_name="", article="x"), actor=admin_user)
    assert {p.field for p in refusal.value.problems} == {"code", "law_name"}
    assert not LegalBasis.objects.exists()


def test_save_entry_refuses_a_duplicate_code(admin_user, cat):
    duplicate = LegalBasis(
        agency=cat.basis.agency, code="B1", law_name="另一部法", article="第一条"
    )
    with pytest.raises(InvalidInput) as refusal:
        save_entry(duplicate, actor=admin_user)
    assert refusal.value.code == "invalid_entry"
    assert LegalBasis.objects.filter(code="B1").count() == 1


def test_save_entry_refuses_links_to_another_agencys_data(
    admin_user, cat, other_agency, system_actor
):
    foreign_field = save_entry(
        EnforcementField(agency=other_agency, code="sc", name="市场"), actor=system_actor
    )
    foreign_basis = save_entry(
        LegalBasis(agency=other_agency, code="B1", law_name="外部法", article="第一条"),
        actor=system_actor,
    )
    cat.matter.field = foreign_field
    with pytest.raises(InvalidInput) as refusal:
        save_entry(cat.matter, actor=admin_user, relations={"bases": [foreign_basis]})
    assert refusal.value.code == "other_agency"
    assert {p.field for p in refusal.value.problems} == {"field", "bases"}
    cat.matter.refresh_from_db()
    assert cat.matter.field == cat.field
    assert list(cat.matter.bases.all()) == [cat.basis]


def test_save_entry_refuses_a_department_of_another_agency(
    admin_user, cat, other_agency, system_actor
):
    from openenforce.accounts.services import save_department

    foreign = save_department(
        Department(agency=other_agency, code="x", name="外部科"), actor=system_actor
    )
    officer = Officer(agency=cat.officer.agency, code="O7", name="钱某", department=foreign)
    with pytest.raises(InvalidInput):
        save_entry(officer, actor=admin_user)
    assert not Officer.objects.filter(code="O7").exists()


# retire_entry --------------------------------------------------------------------------


def test_retire_entry_suspends_and_records(head, cat):
    retire_entry(cat.matter, actor=head, status=Matter.Status.SUSPENDED)
    assert Matter.objects.get(pk=cat.matter.pk).status == "suspended"
    assert last_entry().event_type == "catalog.matter.suspended"


def test_retire_entry_refuses_the_same_status(head, cat):
    with pytest.raises(WrongState) as refusal:
        retire_entry(cat.matter, actor=head, status=Matter.Status.ACTIVE)
    assert refusal.value.code == "status_unchanged"


def test_retire_entry_refuses_an_unknown_status(head, cat):
    with pytest.raises(InvalidInput):
        retire_entry(cat.matter, actor=head, status="deleted")
    assert Matter.objects.get(pk=cat.matter.pk).status == "active"


def test_retire_entry_refuses_officers(officer, cat):
    before = Entry.objects.count()
    with pytest.raises(NotPermitted):
        retire_entry(cat.matter, actor=officer, status=Matter.Status.REPEALED)
    assert Matter.objects.get(pk=cat.matter.pk).status == "active"
    assert Entry.objects.count() == before


# add_certificate_event -------------------------------------------------------------------


def standing(certificate: Certificate) -> str:
    return Certificate.objects.get(pk=certificate.pk).standing


def test_suspend_then_reinstate_then_revoke(admin_user, cat):
    cert = cat.certificate
    add_certificate_event(cert, actor=admin_user, kind="suspended", date=DAY, reason="涉嫌违纪")
    assert standing(cert) == "suspended"
    assert Certificate.objects.get(pk=cert.pk).status_on(DAY) == Certificate.Status.SUSPENDED
    add_certificate_event(cert, actor=admin_user, kind="reinstated", date=DAY)
    assert standing(cert) == "in_force"
    add_certificate_event(cert, actor=admin_user, kind="revoked", date=DAY, reason="调离执法岗位")
    assert standing(cert) == "revoked"
    kinds = list(CertificateEvent.objects.filter(certificate=cert).values_list("kind", flat=True))
    assert kinds == ["suspended", "reinstated", "revoked"]
    entry = last_entry()
    assert (entry.event_type, entry.agency_id) == ("catalog.certificate.revoked", cert.agency_id)


def test_annual_review_keeps_the_standing_and_is_recorded(head, cat):
    event = add_certificate_event(cat.certificate, actor=head, kind="annual_review", date=DAY)
    assert event.kind == "annual_review" and standing(cat.certificate) == "in_force"
    assert last_entry().event_type == "catalog.certificate.annual_review"


def test_renewal_extends_validity(head, cat):
    new_end = datetime.date(2100, 12, 31)
    add_certificate_event(cat.certificate, actor=head, kind="renewed", date=DAY, valid_to=new_end)
    assert Certificate.objects.get(pk=cat.certificate.pk).valid_to == new_end


@pytest.mark.parametrize("valid_to", [None, datetime.date(2030, 1, 1)])
def test_renewal_needs_a_later_expiry_date(head, cat, valid_to):
    with pytest.raises(InvalidInput) as refusal:
        add_certificate_event(
            cat.certificate, actor=head, kind="renewed", date=DAY, valid_to=valid_to
        )
    assert refusal.value.problems[0].field == "valid_to"
    assert Certificate.objects.get(pk=cat.certificate.pk).valid_to == datetime.date(2099, 12, 31)


@pytest.mark.parametrize("kind", ["suspended", "revoked"])
def test_suspension_and_revocation_need_a_reason(head, cat, kind):
    with pytest.raises(InvalidInput) as refusal:
        add_certificate_event(cat.certificate, actor=head, kind=kind, date=DAY, reason="  ")
    assert refusal.value.code == "reason_required"
    assert standing(cat.certificate) == "in_force"
    assert not CertificateEvent.objects.exists()


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (None, "reinstated"),
        ("suspended", "annual_review"),
        ("suspended", "renewed"),
        ("revoked", "revoked"),
    ],
)
def test_events_refused_in_the_wrong_standing(head, cat, first, then):
    if first:
        add_certificate_event(cat.certificate, actor=head, kind=first, date=DAY, reason="原因")
    before = CertificateEvent.objects.count()
    with pytest.raises(WrongState) as refusal:
        add_certificate_event(
            cat.certificate,
            actor=head,
            kind=then,
            date=DAY,
            reason="原因",
            valid_to=datetime.date(2101, 1, 1),
        )
    assert refusal.value.code == "certificate_wrong_state"
    assert CertificateEvent.objects.count() == before


def test_unknown_event_is_invalid_input(head, cat):
    with pytest.raises(InvalidInput) as refusal:
        add_certificate_event(cat.certificate, actor=head, kind="lost", date=DAY)
    assert refusal.value.code == "unknown_certificate_event"


@pytest.mark.parametrize("role", ["officer", "supervisor", "outsider"])
def test_certificate_events_refused_to_other_roles(request, cat, role):
    with pytest.raises(NotPermitted):
        add_certificate_event(
            cat.certificate,
            actor=request.getfixturevalue(role),
            kind="suspended",
            date=DAY,
            reason="x",
        )
    assert standing(cat.certificate) == "in_force"


def test_allowed_events_follow_the_standing(head, cat):
    assert "reinstated" not in allowed_certificate_events(cat.certificate)
    add_certificate_event(cat.certificate, actor=head, kind="suspended", date=DAY, reason="原因")
    suspended = Certificate.objects.get(pk=cat.certificate.pk)
    assert set(allowed_certificate_events(suspended)) == {
        "exam_passed",
        "issued",
        "reinstated",
        "revoked",
    }


def test_certificate_status_is_derived_from_dates(cat):
    cert = cat.certificate
    assert cert.status_on(datetime.date(2023, 12, 31)) == Certificate.Status.NOT_YET_VALID
    assert cert.status_on(DAY) == Certificate.Status.VALID
    cert.valid_to = datetime.date(2025, 1, 1)
    assert cert.status_on(DAY) == Certificate.Status.EXPIRED
