"""The service section of the case page, its form, and the REST endpoints."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from openenforce.deliveries.models import Delivery
from openenforce.testing.api import api_as

TODAY = timezone.localdate


def _form(method="post", **fields):
    data = {"method": method, "recipient": "张三", "served_on": TODAY().isoformat()}
    data.update({f"{method}__{name}": value for name, value in fields.items()})
    return data


@pytest.mark.django_db
def test_case_page_shows_service_status_and_the_form(decision, officer, client_for):
    page = client_for(officer).get(reverse("workbench:case", args=[decision.case_id]))
    html = page.content.decode()
    assert "未送达" in html or "Not served" in html
    assert reverse("deliveries:serve", args=[decision.pk]) in html


@pytest.mark.django_db
def test_supervisor_reads_the_section_without_the_form(decision, supervisor, client_for):
    page = client_for(supervisor).get(reverse("workbench:case", args=[decision.case_id]))
    assert page.status_code == 200
    assert reverse("deliveries:serve", args=[decision.pk]) not in page.content.decode()


@pytest.mark.django_db
def test_serving_by_post_from_the_page_moves_the_case(decision, officer, client_for):
    url = reverse("deliveries:serve", args=[decision.pk])
    response = client_for(officer).post(url, _form(tracking_number="EMS1CN"))
    assert response.status_code == 302
    assert Delivery.objects.get().tracking_number == "EMS1CN"
    page = client_for(officer).get(response.url).content.decode()
    assert "EMS1CN" in page and "《行政复议法》第二十条" in page


@pytest.mark.django_db
def test_a_refusal_names_the_missing_proof(decision, officer, client_for):
    url = reverse("deliveries:serve", args=[decision.pk])
    response = client_for(officer).post(url, _form(), follow=True)
    assert "邮政" in response.content.decode() or "tracking" in response.content.decode()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_another_agency_gets_404_and_anonymous_a_login(decision, outsider, client_for, client):
    url = reverse("deliveries:serve", args=[decision.pk])
    assert client.post(url, _form(tracking_number="x")).status_code == 302  # to the login
    assert client_for(outsider).post(url, _form(tracking_number="x")).status_code == 404
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_api_serves_and_reads_with_time_limits(decision, officer, outsider):
    url = f"/api/v1/deliveries/documents/{decision.pk}"
    body = {
        "method": "direct",
        "recipient": "张三",
        "served_on": TODAY().isoformat(),
        "signed_by": "张三",
    }
    response = api_as(officer).post(url, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["served"] and data["deliveries"][0]["case_action"] == "serve_decision"
    assert [t["code"] for t in data["time_limits"]] == ["payment", "reconsideration", "litigation"]
    assert api_as(officer).get(url).json()["time_limits"][2]["steps"]
    assert api_as(outsider).get(url).status_code == 404


@pytest.mark.django_db
def test_api_refusal_lists_the_problems(decision, officer):
    url = f"/api/v1/deliveries/documents/{decision.pk}"
    body = {"method": "electronic", "recipient": "张三", "served_on": TODAY().isoformat()}
    response = api_as(officer).post(url, body)
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"consent_reference", "consent_on", "electronic_address"} <= fields


@pytest.mark.django_db
def test_a_scanned_proof_is_stored_and_its_digest_recorded(decision, officer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from openenforce.evidence.models import Blob
    from openenforce.ledger.models import Entry

    url = reverse("deliveries:serve", args=[decision.pk])
    scan = SimpleUploadedFile("回证.pdf", b"%PDF-1.4 signed receipt", "application/pdf")
    client_for(officer).post(url, {**_form("direct", signed_by="张三"), "proof": scan})
    delivery = Delivery.objects.get()
    assert delivery.proof_blob is not None
    entry = Entry.objects.get(subject_kind="deliveries.delivery", subject_id=str(delivery.pk))
    assert delivery.proof_blob.sha256 in bytes(entry.body).decode()
    before = Blob.objects.count()
    bad = SimpleUploadedFile("x.pdf", b"%PDF-1.4 another scan", "application/pdf")
    client_for(officer).post(url, {**_form("post"), "proof": bad})  # no tracking number
    assert Blob.objects.count() == before  # the refused service left no file behind
    text = SimpleUploadedFile("x.pdf", b"just text", "application/pdf")
    client_for(officer).post(url, {**_form("post", tracking_number="E1"), "proof": text})
    assert Delivery.objects.count() == 1  # wrong type refused


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["2026-13-45", "²", "9" * 100])
def test_a_garbled_date_is_refused_with_the_field_message(decision, officer, client_for, day):
    url = reverse("deliveries:serve", args=[decision.pk])
    data = {**_form(tracking_number="EMS1CN"), "served_on": day, "post__consent_on": day}
    response = client_for(officer).post(url, data, follow=True)
    assert response.status_code == 200
    assert "请输入有效日期（YYYY-MM-DD）。" in [str(m) for m in response.context["messages"]]
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_an_empty_post_is_refused_not_a_500(decision, officer, client_for):
    url = reverse("deliveries:serve", args=[decision.pk])
    response = client_for(officer).post(url, {"method": "²"}, follow=True)
    assert response.status_code == 200 and not Delivery.objects.exists()


@pytest.mark.django_db
def test_the_form_asks_for_one_method_and_shows_its_proof_fields(decision, officer, client_for):
    page = client_for(officer).get(reverse("workbench:case", args=[decision.case_id]))
    html = page.content.decode()
    form = html[html.index(reverse("deliveries:serve", args=[decision.pk])) :]
    assert 'class="form grid2 service-form"' in form
    assert '<select id="m-' in form and '<option value="">—</option>' in form
    for method in ("direct", "left", "post", "electronic", "announcement"):
        assert f'<fieldset class="method" data-method="{method}">' in form
    assert "deliveries/deliveries.css" in html


@pytest.mark.django_db
def test_proof_of_another_method_does_not_count(decision, officer, client_for):
    """Without scripts every method's fields are there: the server reads the chosen one's."""
    url = reverse("deliveries:serve", args=[decision.pk])
    posted = {**_form(), "direct__signed_by": "张三"}  # by post, but a direct signature
    response = client_for(officer).post(url, posted, follow=True)
    assert "邮政" in response.content.decode() or "tracking" in response.content.decode()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_the_case_page_sends_the_service_action_to_the_service_form(decision, officer, client_for):
    html = client_for(officer).get(reverse("workbench:case", args=[decision.case_id])).text
    assert reverse("workbench:act", args=[decision.case_id, "serve_decision"]) not in html
    assert 'href="#documents-h"' in html
    client_for(officer).post(
        reverse("deliveries:serve", args=[decision.pk]), _form(tracking_number="EMS2CN")
    )
    decision.case.refresh_from_db()
    assert decision.case.state == "execution"  # the recorded service took the step
