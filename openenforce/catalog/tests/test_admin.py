"""The Django admin: for superusers, every save through the services, never a deletion."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from openenforce.accounts.models import Agency
from openenforce.accounts.services import create_user
from openenforce.catalog.models import LegalBasis, Matter
from openenforce.ledger.models import Entry
from openenforce.testing.catalog import build_catalog

MODELS = [
    "enforcementfield",
    "legalbasis",
    "matter",
    "officer",
    "certificate",
    "randominspectionitem",
    "recordingrequirement",
    "reviewcatalogueentry",
]


@pytest.fixture
def superuser(system_actor):
    return create_user("root", actor=system_actor, agency=None, password="x", is_superuser=True)


@pytest.fixture
def cat(agency, system_actor):
    return build_catalog(agency, system_actor)


def test_superuser_lists_and_searches_every_catalogue_model(client_for, superuser, cat):
    client = client_for(superuser)
    for name in MODELS:
        url = reverse(f"admin:catalog_{name}_changelist")
        assert client.get(url).status_code == 200, name
        assert client.get(url, {"q": "1"}).status_code == 200, name
    change = reverse("admin:catalog_matter_change", args=[cat.matter.pk])
    assert client.get(change).status_code == 200


def test_officer_is_sent_to_the_admin_login(client_for, officer):
    response = client_for(officer).get(reverse("admin:catalog_matter_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_agency_admin_maintains_only_their_own_catalogue(client_for, admin_user, outsider, cat):
    matter = Matter.objects.filter(agency=admin_user.agency).first()
    page = client_for(admin_user).get(reverse("admin:catalog_matter_changelist"))
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [matter]
    url = reverse("admin:catalog_matter_change", args=[matter.pk])
    assert client_for(admin_user).get(url).status_code == 200
    # An administrator of another agency is told the object does not exist.
    assert client_for(outsider).get(url).status_code == 302
    listing = client_for(outsider).get(reverse("admin:catalog_matter_changelist"))
    assert matter not in list(listing.context["cl"].result_list)


def test_admin_add_goes_through_the_service_and_the_record(client_for, superuser, agency):
    data = {
        "agency": agency.pk,
        "code": "B7",
        "law_name": "行政许可法",
        "article": "第三十二条",
        "level": "law",
        "status": "active",
    }
    response = client_for(superuser).post(reverse("admin:catalog_legalbasis_add"), data)
    assert response.status_code == 302
    basis = LegalBasis.objects.get(code="B7")
    entry = Entry.objects.latest("sequence")
    assert (entry.event_type, entry.subject_id, entry.actor_id) == (
        "catalog.legalbasis.created",
        str(basis.pk),
        superuser.pk,
    )


def matter_form(cat, **changes) -> dict:
    data = {
        "agency": cat.matter.agency_id,
        "code": "M1",
        "name": "改过的名称",
        "category": "penalty",
        "field": cat.field.pk,
        "bases": [cat.basis.pk],
        "time_limit_kind": "working",
        "standards-TOTAL_FORMS": "1",
        "standards-INITIAL_FORMS": "1",
        "standards-0-id": cat.standard.pk,
        "standards-0-matter": cat.matter.pk,
        "standards-0-code": "S1",
        "standards-0-circumstance": "首次违法",
        "standards-0-penalty": "警告",
        "standards-0-degree": "轻微",
    }
    data.update(changes)
    return data


def test_admin_change_with_relations_and_inline_standards(client_for, superuser, cat):
    url = reverse("admin:catalog_matter_change", args=[cat.matter.pk])
    response = client_for(superuser).post(url, matter_form(cat))
    assert response.status_code == 302
    cat.matter.refresh_from_db()
    cat.standard.refresh_from_db()
    assert cat.matter.name == "改过的名称" and list(cat.matter.bases.all()) == [cat.basis]
    assert cat.standard.circumstance == "首次违法"
    types = list(Entry.objects.order_by("-sequence").values_list("event_type", flat=True)[:2])
    assert set(types) == {"catalog.matter.updated", "catalog.discretionstandard.updated"}


def test_admin_refuses_a_link_to_another_agency(
    client_for, superuser, cat, other_agency, system_actor
):
    foreign = build_catalog(other_agency, system_actor, prefix="X")
    before = Entry.objects.count()
    url = reverse("admin:catalog_matter_change", args=[cat.matter.pk])
    response = client_for(superuser).post(url, matter_form(cat, bases=[foreign.basis.pk]))
    assert response.status_code == 200
    assert "bases" in response.context["adminform"].form.errors
    assert Entry.objects.count() == before
    assert list(Matter.objects.get(pk=cat.matter.pk).bases.all()) == [cat.basis]


def test_admin_never_deletes_and_says_why(client_for, superuser, cat):
    client = client_for(superuser)
    response = client.get(reverse("admin:catalog_matter_delete", args=[cat.matter.pk]))
    assert response.status_code == 302
    assert any(
        "never deleted" in str(m) or "永不删除" in str(m)
        for m in get_messages(response.wsgi_request)
    )
    bulk = {"action": "delete_selected", "_selected_action": [cat.matter.pk]}
    client.post(reverse("admin:catalog_matter_changelist"), bulk)
    assert Matter.objects.filter(pk=cat.matter.pk).exists()


def test_admin_action_repeals_through_the_service(client_for, superuser, cat):
    data = {"action": "repeal_entries", "_selected_action": [cat.matter.pk]}
    response = client_for(superuser).post(reverse("admin:catalog_matter_changelist"), data)
    assert response.status_code == 302
    assert Matter.objects.get(pk=cat.matter.pk).status == "repealed"
    assert Entry.objects.latest("sequence").event_type == "catalog.matter.repealed"


def test_agency_admin_saves_through_the_service(client_for, superuser, agency):
    url = reverse("admin:accounts_agency_change", args=[agency.pk])
    page = client_for(superuser).get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update({"head_name": "张某", "supervises": []})
    response = client_for(superuser).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Agency.objects.get(pk=agency.pk).head_name == "张某"
    assert Entry.objects.latest("sequence").event_type == "accounts.agency.updated"


def test_agency_admin_changes_supervision_through_the_services(
    client_for, superuser, agency, other_agency
):
    url = reverse("admin:accounts_agency_change", args=[other_agency.pk])
    page = client_for(superuser).get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data["supervises"] = [agency.pk]
    assert client_for(superuser).post(url, data).status_code == 302
    assert list(Agency.objects.get(pk=other_agency.pk).supervises.all()) == [agency]
    assert Entry.objects.filter(event_type="accounts.agency.supervision_added").count() == 1
    data["supervises"] = []
    assert client_for(superuser).post(url, data).status_code == 302
    assert not Agency.objects.get(pk=other_agency.pk).supervises.exists()
    assert Entry.objects.filter(event_type="accounts.agency.supervision_removed").count() == 1


def _options(html: str, name: str) -> set[str]:
    """The option values of the rendered select named ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return set(re.findall(r'<option value="(\d+)"', select.group(1)))


@pytest.mark.parametrize(
    ("name", "field", "own", "theirs"),
    [
        ("matter", "bases", "basis", "basis"),
        ("matter", "field", "field", "field"),
        ("certificate", "fields", "field", "field"),
        ("certificate", "officer", "officer", "officer"),
    ],
)
def test_pick_lists_show_only_the_admins_own_agency(
    client_for, admin_user, cat, other_agency, system_actor, name, field, own, theirs
):
    """Issue 22, finding 5: the other agency's legal bases and fields were offered."""
    foreign = build_catalog(other_agency, system_actor, prefix="X")
    page = client_for(admin_user).get(reverse(f"admin:catalog_{name}_add"))
    assert page.status_code == 200
    offered = _options(page.content.decode(), field)
    assert str(getattr(cat, own).pk) in offered
    assert str(getattr(foreign, theirs).pk) not in offered


def test_every_admin_scopes_its_pick_lists():
    from django.contrib import admin

    from openenforce.accounts.admin_scope import AgencyScopedChoices

    ours = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("openenforce.")
    }
    assert len(ours) > 10
    for model, model_admin in ours.items():
        assert isinstance(model_admin, AgencyScopedChoices), model
        for inline in model_admin.inlines:
            assert issubclass(inline, AgencyScopedChoices), inline
