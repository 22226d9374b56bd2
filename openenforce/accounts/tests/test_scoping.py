import pytest
from django.http import Http404

from openenforce.accounts.models import Agency
from openenforce.accounts.permissions import (
    can_edit_catalog,
    get_for_user,
    scope,
    visible_agency_ids,
)
from openenforce.ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_staff_see_only_their_agency(officer, agency, other_agency):
    assert visible_agency_ids(officer) == {agency.pk}
    assert list(scope(Agency.objects.all(), officer, field="pk")) == [agency]


def test_other_agency_object_is_404_not_403(officer, other_agency):
    with pytest.raises(Http404):
        get_for_user(Agency.objects.all(), officer, field="pk", pk=other_agency.pk)


def test_garbage_id_is_404(officer):
    with pytest.raises(Http404):
        get_for_user(Agency.objects.all(), officer, field="pk", pk="not-a-number")


def test_supervisor_reads_supervised_agency_and_its_subordinates(
    supervisor, agency, other_agency, justice_bureau, system_actor
):
    from openenforce.accounts.services import save_agency

    sub = save_agency(Agency(code="sub", name="下属执法大队", parent=agency), actor=system_actor)
    assert visible_agency_ids(supervisor) == {justice_bureau.pk, agency.pk, sub.pk}
    assert other_agency.pk not in visible_agency_ids(supervisor)
    assert not can_edit_catalog(supervisor, agency.pk)


def test_catalog_editing_is_for_admins_and_heads(admin_user, head, officer, outsider, agency):
    assert can_edit_catalog(admin_user, agency.pk)
    assert can_edit_catalog(head, agency.pk)
    assert not can_edit_catalog(officer, agency.pk)
    assert not can_edit_catalog(outsider, agency.pk)


def test_creating_a_user_writes_the_record(officer):
    entry = Entry.objects.filter(subject_kind="accounts.user", subject_id=str(officer.pk)).get()
    assert entry.event_type == "accounts.user.created"


def test_supervision_is_added_once_and_recorded(system_actor, agency, other_agency):
    from openenforce.accounts.services import add_supervision

    assert add_supervision(other_agency, actor=system_actor, supervised=agency) is True
    assert add_supervision(other_agency, actor=system_actor, supervised=agency) is False
    assert list(other_agency.supervises.all()) == [agency]
    events = Entry.objects.filter(event_type="accounts.agency.supervision_added")
    assert events.count() == 1


def test_an_agency_cannot_supervise_itself(system_actor, agency):
    from openenforce.accounts.services import add_supervision
    from openenforce.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        add_supervision(agency, actor=system_actor, supervised=agency)
