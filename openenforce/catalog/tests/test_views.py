"""The catalogue's staff pages: each role allowed and refused, agency isolation, htmx
fragments, validation shown on the page, and every change written to the record."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openenforce.accounts.services import create_user
from openenforce.catalog.models import (
    Certificate,
    CertificateEvent,
    DiscretionStandard,
    Matter,
    Officer,
)
from openenforce.catalog.services import add_certificate_event, retire_entry, save_entry
from openenforce.catalog.views import KINDS
from openenforce.ledger.models import Entry
from openenforce.testing.catalog import build_catalog

KIND_SLUGS = sorted(KINDS)


def in_language(client, language: str = "en"):
    """Choose a language as the switcher does (pages ignore the browser's preference)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def cat(agency, system_actor):
    return build_catalog(agency, system_actor)


@pytest.fixture
def other_cat(other_agency, system_actor):
    return build_catalog(other_agency, system_actor, prefix="X")


def read_urls(cat) -> list[str]:
    """Every page a reader of the agency may open."""
    urls = [reverse("catalog:index"), reverse("catalog:certificate", args=[cat.certificate.pk])]
    for slug in KIND_SLUGS:
        urls.append(reverse("catalog:list", args=[slug]))
        urls.append(reverse("catalog:detail", args=[slug, cat.entry(slug).pk]))
    return urls


def edit_urls(cat) -> list[str]:
    """Every form page only administrators and heads of the agency may open."""
    urls = [
        reverse("catalog:agency_edit", args=[cat.matter.agency_id]),
        reverse("catalog:certificate_edit", args=[cat.certificate.pk]),
        reverse("catalog:certificate_new", args=[cat.officer.pk]),
        reverse("catalog:standard_new", args=[cat.matter.pk]),
        reverse("catalog:standard_edit", args=[cat.matter.pk, cat.standard.pk]),
    ]
    for slug in KIND_SLUGS:
        urls.append(reverse("catalog:new", args=[slug]))
        urls.append(reverse("catalog:edit", args=[slug, cat.entry(slug).pk]))
    return urls


# Anonymous ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_from_every_page(client, cat):
    for url in read_urls(cat) + edit_urls(cat):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


# Readers --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "reviewer", "publisher", "head", "admin_user"])
def test_staff_of_the_agency_read_every_page(request, client_for, cat, role):
    client = client_for(request.getfixturevalue(role))
    for url in read_urls(cat):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["officer", "reviewer", "publisher"])
def test_other_roles_may_not_open_any_form_nor_see_edit_buttons(request, client_for, cat, role):
    client = client_for(request.getfixturevalue(role))
    for url in edit_urls(cat):
        assert client.get(url).status_code == 403, url
    page = client.get(reverse("catalog:detail", args=["matters", cat.matter.pk])).content.decode()
    assert reverse("catalog:edit", args=["matters", cat.matter.pk]) not in page
    assert reverse("catalog:retire", args=["matters", cat.matter.pk]) not in page


@pytest.mark.parametrize("role", ["head", "admin_user"])
def test_heads_and_administrators_open_every_form(request, client_for, cat, role):
    client = client_for(request.getfixturevalue(role))
    for url in edit_urls(cat):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("catalog:detail", args=["matters", cat.matter.pk])).content.decode()
    assert reverse("catalog:edit", args=["matters", cat.matter.pk]) in page


def test_officer_cannot_post_changes(client_for, officer, cat):
    client = client_for(officer)
    before = Entry.objects.count()
    url = reverse("catalog:retire", args=["matters", cat.matter.pk])
    assert client.post(url, {"status": "suspended"}).status_code == 403
    event_url = reverse("catalog:certificate_event", args=[cat.certificate.pk])
    assert client.post(event_url, {"kind": "suspended", "date": "2025-01-01"}).status_code == 403
    assert Entry.objects.count() == before
    cat.matter.refresh_from_db()
    assert cat.matter.status == Matter.Status.ACTIVE


# Supervisors ----------------------------------------------------------------------------


def test_supervisor_reads_the_supervised_agency_but_never_edits(client_for, supervisor, cat):
    client = client_for(supervisor)
    for url in read_urls(cat):
        assert client.get(url).status_code == 200, url
    for url in edit_urls(cat):
        assert client.get(url).status_code == 403, url
    retire = reverse("catalog:retire", args=["matters", cat.matter.pk])
    assert client.post(retire, {"status": "suspended"}).status_code == 403


def test_supervisor_filters_lists_by_agency(
    client_for, supervisor, justice_bureau, system_actor, cat
):
    own = build_catalog(justice_bureau, system_actor, prefix="J")
    save_entry(own.matter, actor=system_actor)
    client = client_for(supervisor)
    url = reverse("catalog:list", args=["officers"])
    everything = client.get(url).context["page_obj"].object_list
    assert {o.agency_id for o in everything} == {cat.officer.agency_id, justice_bureau.pk}
    filtered = client.get(url, {"agency": cat.officer.agency_id}).context["page_obj"].object_list
    assert [o.pk for o in filtered] == [cat.officer.pk]


def test_supervisor_does_not_see_unsupervised_agencies(client_for, supervisor, other_cat):
    client = client_for(supervisor)
    url = reverse("catalog:detail", args=["matters", other_cat.matter.pk])
    assert client.get(url).status_code == 404
    listing = client.get(
        reverse("catalog:list", args=["matters"]), {"agency": other_cat.matter.agency_id}
    )
    assert other_cat.matter not in listing.context["page_obj"].object_list


# Outsiders: agency isolation ------------------------------------------------------------


def test_outsider_gets_404_for_every_object_of_our_agency(client_for, outsider, cat):
    client = client_for(outsider)
    urls = [u for u in read_urls(cat) + edit_urls(cat) if any(ch.isdigit() for ch in u)]
    for url in urls:
        assert client.get(url).status_code == 404, url
    retire = reverse("catalog:retire", args=["matters", cat.matter.pk])
    assert client.post(retire, {"status": "suspended"}).status_code == 404


def test_outsider_lists_show_only_their_own_agency(client_for, outsider, cat, other_cat):
    client = client_for(outsider)
    for slug in KIND_SLUGS:
        shown = client.get(reverse("catalog:list", args=[slug])).context["page_obj"].object_list
        assert [e.pk for e in shown] == [other_cat.entry(slug).pk], slug


def test_form_choices_never_offer_another_agencys_entries(client_for, admin_user, cat, other_cat):
    page = client_for(admin_user).get(reverse("catalog:new", args=["matters"])).content.decode()
    assert f'value="{cat.field.pk}"' in page
    assert f'value="{other_cat.field.pk}"' not in page
    assert f'value="{other_cat.basis.pk}"' not in page


# Lists: search, filters, htmx -----------------------------------------------------------


def second_matter(cat, actor) -> Matter:
    """An inspection matter beside the catalogue's penalty matter."""
    matter = Matter(
        agency=cat.matter.agency,
        code="M2",
        name="民办学校检查",
        category="inspection",
        field=cat.field,
    )
    return save_entry(matter, actor=actor)


def test_live_search_answers_htmx_with_the_results_only(client_for, officer, cat, system_actor):
    second_matter(cat, system_actor)
    client = client_for(officer)
    url = reverse("catalog:list", args=["matters"])
    response = client.get(url, {"q": "学校"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "民办学校检查" in body and "入院评估" not in body
    full = client.get(url).content.decode()
    assert "<html" in full and "changed delay:300ms" in full


def test_matters_filter_by_category_and_status(client_for, officer, cat, system_actor):
    other = second_matter(cat, system_actor)
    client = client_for(officer)
    url = reverse("catalog:list", args=["matters"])
    shown = client.get(url, {"category": "inspection"}).context["page_obj"].object_list
    assert [m.pk for m in shown] == [other.pk]
    shown = client.get(url, {"status": "repealed"}).context["page_obj"].object_list
    assert list(shown) == []


def test_lists_are_paginated_with_htmx_links(client_for, officer, cat, system_actor):
    for i in range(30):
        save_entry(
            Officer(agency=cat.officer.agency, code=f"P{i:02}", name=f"人员{i}"), actor=system_actor
        )
    client = client_for(officer)
    url = reverse("catalog:list", args=["officers"])
    first = client.get(url)
    assert len(first.context["page_obj"].object_list) == 25
    assert 'hx-get="/catalog/officers/?page=2"' in first.content.decode()
    second = client.get(url, {"page": 2}, HTTP_HX_REQUEST="true")
    assert len(second.context["page_obj"].object_list) == 6


def test_unknown_list_is_404(client_for, officer):
    assert client_for(officer).get("/catalog/nonsense/").status_code == 404


# Badges and readable thresholds ---------------------------------------------------------


def test_officer_list_shows_certificate_status_and_contract_staff(
    client_for, officer, cat, system_actor
):
    expired = save_entry(
        Officer(agency=cat.officer.agency, code="O2", name="李某"), actor=system_actor
    )
    save_entry(
        Certificate(
            officer=expired,
            number="22019999",
            issuing_authority="吉林省人民政府",
            valid_from=datetime.date(2015, 1, 1),
            valid_to=datetime.date(2020, 12, 31),
        ),
        actor=system_actor,
    )
    save_entry(
        Officer(agency=cat.officer.agency, code="O3", name="赵某", employment="contract"),
        actor=system_actor,
    )
    page = (
        in_language(client_for(officer))
        .get(reverse("catalog:list", args=["officers"]))
        .content.decode()
    )
    assert 'class="badge badge-ok">Valid' in page
    assert 'class="badge badge-bad">Expired' in page
    assert "may not enforce (Art 42)" in page
    assert "No certificate" in page


def test_review_thresholds_are_shown_readably_in_chinese(client_for, officer, cat):
    page = client_for(officer).get(reverse("catalog:list", args=["reviews"])).content.decode()
    assert "罚款 ≥ 10,000 元（自然人）" in page
    assert "罚款 ≥ 100,000 元（单位）" in page


def test_matter_detail_shows_what_applies(client_for, officer, cat):
    page = (
        client_for(officer).get(reverse("catalog:detail", args=["matters", cat.matter.pk])).content
    )
    text = page.decode()
    for expected in (
        "养老机构管理办法",
        "首次违法，及时改正",
        "较大数额罚款",
        "听证全过程",
        "养老机构监督检查",
        "服务指南",
        "养老机构备案回执",
    ):
        assert expected in text


# Editing --------------------------------------------------------------------------------


def matter_data(cat, **changes) -> dict:
    data = {
        "code": "M9",
        "name": "对养老机构的处罚",
        "category": "penalty",
        "field": cat.field.pk,
        "department": cat.department.pk,
        "bases": [cat.basis.pk],
        "time_limit_days": "90",
        "time_limit_kind": "working",
    }
    data.update(changes)
    return data


def test_head_creates_a_matter_with_its_bases_and_the_record_shows_it(client_for, head, cat):
    response = client_for(head).post(reverse("catalog:new", args=["matters"]), matter_data(cat))
    matter = Matter.objects.get(code="M9")
    assert response.status_code == 302 and response.url == reverse(
        "catalog:detail", args=["matters", matter.pk]
    )
    assert list(matter.bases.all()) == [cat.basis]
    entry = Entry.objects.latest("sequence")
    assert (entry.event_type, entry.subject_id, entry.actor_id) == (
        "catalog.matter.created",
        str(matter.pk),
        head.pk,
    )


def test_admin_edit_writes_a_record_entry(client_for, admin_user, cat):
    data = matter_data(cat, code="M1", name="新名称")
    response = client_for(admin_user).post(
        reverse("catalog:edit", args=["matters", cat.matter.pk]), data
    )
    assert response.status_code == 302
    cat.matter.refresh_from_db()
    assert cat.matter.name == "新名称"
    entry = Entry.objects.latest("sequence")
    assert (entry.event_type, entry.subject_id) == ("catalog.matter.updated", str(cat.matter.pk))


def test_a_refused_edit_shows_the_error_and_changes_nothing(
    client_for, admin_user, cat, system_actor
):
    second_matter(cat, system_actor)
    before = Entry.objects.count()
    url = reverse("catalog:edit", args=["matters", cat.matter.pk])
    # Same code as another matter of the agency: refused by the service's validation.
    response = in_language(client_for(admin_user)).post(
        url, matter_data(cat, code="M2", name="改名")
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "already exists" in response.content.decode()
    cat.matter.refresh_from_db()
    assert (cat.matter.code, cat.matter.name) == ("M1", "对养老机构未建立入院评估制度的处罚")
    assert Entry.objects.count() == before


def test_a_form_error_is_shown_on_its_field(client_for, admin_user, cat):
    response = client_for(admin_user).post(
        reverse("catalog:new", args=["matters"]), matter_data(cat, category="nonsense")
    )
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert not Matter.objects.filter(code="M9").exists()


def test_admin_retires_an_entry_and_the_record_shows_it(client_for, admin_user, cat):
    client = client_for(admin_user)
    url = reverse("catalog:retire", args=["bases", cat.basis.pk])
    # Only the changes offered from its status: none at all, or the status it has, is refused.
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"status": "active"}).status_code == 400
    assert client.post(url, {"status": "repealed"}).status_code == 302
    cat.basis.refresh_from_db()
    assert cat.basis.status == "repealed"
    assert Entry.objects.latest("sequence").event_type == "catalog.legalbasis.repealed"
    # A repealed entry offers no further status change, and a forged one is refused.
    assert client.post(url, {"status": "active"}).status_code == 400


def test_fields_and_departments_are_not_retired(client_for, admin_user, cat):
    url = reverse("catalog:retire", args=["fields", cat.field.pk])
    assert client_for(admin_user).post(url, {"status": "repealed"}).status_code == 404


def test_agency_particulars_are_edited_by_the_head(client_for, head, cat):
    data = {
        "name": "长春新区社会事业发展局",
        "short_name": "长新社",
        "credit_code": "11220000MB1234567X",
        "legal_status": "statutory",
        "level": "district",
        "head_name": "张某",
        "complaint_phone": "0431-12345",
    }
    response = client_for(head).post(reverse("catalog:agency_edit", args=[head.agency_id]), data)
    assert response.status_code == 302
    head.agency.refresh_from_db()
    assert head.agency.head_name == "张某"
    assert Entry.objects.latest("sequence").event_type == "accounts.agency.updated"
    page = client_for(head).get(reverse("catalog:index")).content.decode()
    assert "11220000MB1234567X" in page


# Discretion standards inline --------------------------------------------------------------


def test_standard_edited_inline_returns_the_row(client_for, admin_user, cat):
    client = client_for(admin_user)
    url = reverse("catalog:standard_edit", args=[cat.matter.pk, cat.standard.pk])
    form_row = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert form_row.lstrip().startswith("<tr") and "<form" in form_row
    data = {
        "code": "S1",
        "degree": "一般",
        "circumstance": "再次违法",
        "penalty": "罚款",
        "fine_min": "1000",
        "fine_max": "5000",
    }
    row = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "<form" not in row and "再次违法" in row and "1,000" in row
    cat.standard.refresh_from_db()
    assert cat.standard.degree == "一般"
    assert Entry.objects.latest("sequence").event_type == "catalog.discretionstandard.updated"


def test_standard_with_a_reversed_fine_range_is_refused_inline(client_for, admin_user, cat):
    url = reverse("catalog:standard_new", args=[cat.matter.pk])
    data = {
        "code": "S2",
        "circumstance": "情节严重",
        "penalty": "罚款",
        "fine_min": "5000",
        "fine_max": "1000",
    }
    row = client_for(admin_user).post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "<form" in row and "最低罚款不得高于最高罚款" in row
    assert not DiscretionStandard.objects.filter(code="S2").exists()


# Certificates -----------------------------------------------------------------------------


def test_certificate_page_shows_its_history(client_for, officer, cat, system_actor):
    add_certificate_event(
        cat.certificate, actor=system_actor, kind="issued", date=datetime.date(2024, 1, 1)
    )
    add_certificate_event(
        cat.certificate,
        actor=system_actor,
        kind="suspended",
        date=datetime.date(2025, 3, 1),
        reason="涉嫌违纪",
    )
    page = in_language(client_for(officer)).get(
        reverse("catalog:certificate", args=[cat.certificate.pk])
    )
    text = page.content.decode()
    assert "2025-03-01" in text and "涉嫌违纪" in text and "Suspended" in text
    assert page.context["event_form"] is None  # officers are offered no action


def test_admin_suspends_a_certificate_with_a_reason(client_for, admin_user, cat):
    client = client_for(admin_user)
    url = reverse("catalog:certificate_event", args=[cat.certificate.pk])
    page = client.get(reverse("catalog:certificate", args=[cat.certificate.pk]))
    assert "reinstated" not in [
        k for k, _label in page.context["event_form"].fields["kind"].choices
    ]
    response = client.post(url, {"kind": "suspended", "date": "2025-03-01", "reason": "涉嫌违纪"})
    assert response.status_code == 302
    cat.certificate.refresh_from_db()
    assert cat.certificate.status == Certificate.Status.SUSPENDED
    assert CertificateEvent.objects.get(certificate=cat.certificate).reason == "涉嫌违纪"
    assert Entry.objects.latest("sequence").event_type == "catalog.certificate.suspended"


def test_suspension_without_reason_is_shown_on_the_reason_field(client_for, admin_user, cat):
    url = reverse("catalog:certificate_event", args=[cat.certificate.pk])
    response = client_for(admin_user).post(url, {"kind": "suspended", "date": "2025-03-01"})
    assert response.status_code == 200
    assert "reason" in response.context["event_form"].errors
    cat.certificate.refresh_from_db()
    assert cat.certificate.standing == Certificate.Standing.IN_FORCE
    assert not CertificateEvent.objects.exists()


def test_admin_adds_a_certificate_for_an_officer(client_for, admin_user, cat):
    data = {
        "number": "22010002",
        "issuing_authority": "吉林省人民政府",
        "fields": [cat.field.pk],
        "valid_from": "2025-01-01",
        "valid_to": "2030-12-31",
    }
    response = client_for(admin_user).post(
        reverse("catalog:certificate_new", args=[cat.officer.pk]), data
    )
    certificate = Certificate.objects.get(number="22010002")
    assert response.url == reverse("catalog:certificate", args=[certificate.pk])
    assert certificate.officer == cat.officer and list(certificate.fields.all()) == [cat.field]
    assert Entry.objects.latest("sequence").event_type == "catalog.certificate.created"


# Both languages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "行政执法事项清单"), ("en", "Enforcement matters")]
)
def test_pages_render_in_both_languages(client_for, admin_user, cat, language, expected):
    client = in_language(client_for(admin_user), language)
    for url in read_urls(cat) + edit_urls(cat):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("catalog:list", args=["matters"]))
    assert expected in page.content.decode()


def test_index_counts_entries_in_force_per_list(client_for, officer, cat, system_actor):
    retire_entry(cat.basis, actor=system_actor, status="repealed")
    sections = client_for(officer).get(reverse("catalog:index")).context["sections"]
    counts = {s["kind"].slug: (s["count"], s["total"]) for s in sections}
    assert counts["bases"] == (0, 1)
    assert counts["matters"] == (1, 1) and counts["fields"] == (1, 1)


# The workbench ----------------------------------------------------------------------------


def test_start_page_names_officers_who_may_not_enforce_and_expiring_certificates(
    client_for, officer, cat, system_actor
):
    today = timezone.localdate()
    lapsed = save_entry(
        Officer(agency=cat.officer.agency, code="O2", name="李某"), actor=system_actor
    )
    save_entry(
        Officer(agency=cat.officer.agency, code="O3", name="赵某", employment="contract"),
        actor=system_actor,
    )
    soon = save_entry(
        Officer(agency=cat.officer.agency, code="O4", name="孙某"), actor=system_actor
    )
    for person, number, end in (
        (lapsed, "X1", today - datetime.timedelta(days=1)),
        (soon, "X2", today + datetime.timedelta(days=30)),
    ):
        save_entry(
            Certificate(
                officer=person,
                number=number,
                issuing_authority="吉林省人民政府",
                valid_from=datetime.date(2020, 1, 1),
                valid_to=end,
            ),
            actor=system_actor,
        )
    response = client_for(officer).get(reverse("home"))
    assert [o.name for o in response.context["officers_without_certificate"]] == ["李某", "赵某"]
    assert [c.number for c in response.context["expiring_certificates"]] == ["X2"]
    assert "孙某" in response.content.decode()


def test_start_page_of_a_user_without_agency_has_no_catalogue_block(client_for, system_actor):
    root = create_user("root", actor=system_actor, agency=None, password="x", is_superuser=True)
    response = client_for(root).get(reverse("home"))
    assert response.status_code == 200 and "officers_without_certificate" not in response.context
