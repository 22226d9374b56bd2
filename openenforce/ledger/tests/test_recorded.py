"""Recorded models refuse unrecorded bulk writes; the ledger's services write rows and
entries together; ``ledger verify`` names rows inserted, deleted or revived behind the
record, and is silent after honest use."""

import pytest
from django.db import transaction

from openenforce.accounts.models import ApiToken, Department
from openenforce.accounts.services import issue_api_token, save_department, user_for_token
from openenforce.calendar.models import CalendarDay
from openenforce.ledger import services, verify
from openenforce.ledger.models import Entry
from openenforce.ledger.recorded import UnrecordedWrite, recorded_models
from openenforce.ledger.tests.conftest import execute


def names(problems) -> set[str]:
    return {f"{p.kind} {p.name}: {p.message}" for p in problems}


def behind_the_record(row) -> None:
    """Insert a row the way an intruder with database access would (no guard, no entry)."""
    type(row)._base_manager.bulk_create([row])


def departments(agency, actor, n=3) -> list[Department]:
    return [
        save_department(Department(agency=agency, code=f"d{i}", name=f"科{i}"), actor=actor)
        for i in range(n)
    ]


def test_every_domain_model_is_recorded_and_the_record_itself_is_not():
    labels = {m._meta.label_lower for m in recorded_models()}
    assert {
        "cases.case",
        "cases.deadline",
        "accounts.user",
        "catalog.certificateevent",
        "inspections.planitem",
        "calendar.calendarday",
    } <= labels
    assert not labels & {"ledger.entry", "search.entry", "workbench.notification"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write",
    [
        lambda qs, rows: qs.update(name="改"),
        lambda qs, rows: qs.delete(),
        lambda qs, rows: qs.bulk_update(rows, ["name"]),
        lambda qs, rows: qs.bulk_create([Department(agency=rows[0].agency, code="x", name="x")]),
        lambda qs, rows: rows[0].delete(),
    ],
    ids=["update", "delete", "bulk_update", "bulk_create", "model_delete"],
)
def test_recorded_models_refuse_unrecorded_bulk_writes(write, agency, system_actor):
    rows = departments(agency, system_actor)
    with pytest.raises(UnrecordedWrite, match="accounts.Department"):
        write(Department.objects.filter(agency=agency), rows)
    assert Department.objects.filter(agency=agency, name__startswith="科").count() == 3


@pytest.mark.django_db
def test_update_recorded_writes_rows_and_an_entry_for_each(agency, system_actor):
    rows = departments(agency, system_actor)
    with transaction.atomic():
        changed = services.update_recorded(
            Department.objects.filter(code__in=["d0", "d1"]),
            actor=system_actor,
            event_type="accounts.department.updated",
            phone="0431-1",
        )
    assert [d.code for d in changed] == ["d0", "d1"]
    latest = Entry.objects.filter(subject_kind="accounts.department").order_by("-sequence")
    assert {e.subject_id for e in latest[:2]} == {str(rows[0].pk), str(rows[1].pk)}
    assert verify.check_rows() == []


@pytest.mark.django_db
def test_a_recorded_deletion_expects_the_row_gone(agency, system_actor):
    row = departments(agency, system_actor, 1)[0]
    pk = row.pk
    with transaction.atomic():
        entry = services.delete_recorded(
            row, actor=system_actor, event_type="accounts.department.deleted"
        )
    assert b'"state":null' in bytes(entry.body)
    assert not Department.objects.filter(pk=pk).exists()
    assert verify.check_rows() == []


@pytest.mark.django_db
@pytest.mark.tampers
def test_a_row_revived_after_its_recorded_deletion_is_named(agency, system_actor):
    row = departments(agency, system_actor, 1)[0]
    pk = row.pk
    with transaction.atomic():
        services.delete_recorded(row, actor=system_actor, event_type="accounts.department.deleted")
    behind_the_record(Department(pk=pk, agency=agency, code="d0", name="科0"))
    found = names(verify.check_rows())
    assert f"row accounts.department {pk}: exists, but its deletion was recorded" in found


@pytest.mark.django_db
@pytest.mark.tampers
def test_a_row_inserted_behind_the_record_is_named(agency, system_actor):
    departments(agency, system_actor, 1)
    behind_the_record(Department(pk=9999, agency=agency, code="x", name="暗门科"))
    assert "row accounts.department 9999: has no entry in the record" in names(verify.check_rows())
    assert verify.check_rows(complete=False) == []  # the after-test check's lighter form


@pytest.mark.django_db
@pytest.mark.tampers
def test_seeded_calendar_days_are_held_against_their_package(db):
    seeded = CalendarDay.objects.filter(source="seed").order_by("date").first()
    assert seeded is not None  # the migration seeds the calendar from chinese-calendar
    assert verify.check_rows() == []
    execute("UPDATE core_calendarday SET kind = 'workday' WHERE id = %s", [seeded.pk])
    assert (
        f"row calendar.calendarday {seeded.pk}: differs from the chinese-calendar package it was "
        "seeded from" in names(verify.check_rows())
    )


@pytest.mark.django_db
def test_using_api_tokens_leaves_the_record_verifiable(officer, system_actor):
    raw = issue_api_token(officer, actor=system_actor)
    for _ in range(5):
        assert user_for_token(raw) == officer
    assert ApiToken.objects.get(user=officer).last_used_at is not None
    assert verify.check_rows() == []
