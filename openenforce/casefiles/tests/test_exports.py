"""Exporting a case file: only closed cases, every download recorded, scoping."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from openenforce.casefiles import package
from openenforce.casefiles.models import CaseFileExport
from openenforce.casefiles.services import export_case_file
from openenforce.core.errors import InvalidInput, NotFound, WrongState
from openenforce.ledger.models import Entry
from openenforce.testing.api import api_as


@pytest.mark.django_db
def test_export_records_the_digest_of_the_file_handed_out(closed, officer):
    import hashlib

    out = io.BytesIO()
    export = export_case_file(closed, actor=officer, kind="package", out=out)
    assert export.sha256 == hashlib.sha256(out.getvalue()).hexdigest()
    entry = Entry.objects.get(subject_kind="casefiles.casefileexport", subject_id=str(export.pk))
    assert entry.event_type == "casefiles.casefileexport.created"
    assert export.sha256 in bytes(entry.body).decode()


@pytest.mark.django_db
def test_export_refusals(team, closed, officer, outsider):
    open_case = team.open(actor=officer)
    with pytest.raises(WrongState) as info:
        export_case_file(open_case, actor=officer, kind="pdf", out=io.BytesIO())
    assert info.value.code == "casefile_case_open" and "第四十七条" in info.value.article
    with pytest.raises(NotFound):
        export_case_file(closed, actor=outsider, kind="pdf", out=io.BytesIO())
    with pytest.raises(InvalidInput):
        export_case_file(closed, actor=officer, kind="tar", out=io.BytesIO())
    assert not CaseFileExport.objects.exists()


@pytest.mark.django_db
def test_the_buttons_show_on_a_closed_case_and_download(closed, officer, client_for):
    client = client_for(officer)
    page = client.get(reverse("workbench:case", args=[closed.pk])).content.decode()
    url = reverse("casefiles:export", args=[closed.pk, "package"])
    assert url in page
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert package.MANIFEST in archive.namelist()
    assert CaseFileExport.objects.get().created_by == officer
    pdf = client.post(reverse("casefiles:export", args=[closed.pk, "pdf"]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment")
    assert pdf["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_pdf_shown_beside_a_page_of_ours(closed, officer, client_for):
    """The evaluator's scoring page shows the ordered file in a frame: inline, and
    framable by our own pages only (every other response stays DENY); still recorded."""
    url = reverse("casefiles:export", args=[closed.pk, "pdf"])
    shown = client_for(officer).post(url, {"show": "inline"})
    assert shown.status_code == 200 and shown["Content-Disposition"].startswith("inline")
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(shown.streaming_content).startswith(b"%PDF")
    assert CaseFileExport.objects.filter(kind="pdf").count() == 1
    package = client_for(officer).post(
        reverse("casefiles:export", args=[closed.pk, "package"]), {"show": "inline"}
    )
    assert package["Content-Disposition"].startswith("attachment")  # only a PDF is shown
    assert package["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_no_buttons_on_an_open_case_and_the_supervisor_may_download(
    team, closed, officer, supervisor, client_for
):
    other = team.open(actor=officer)
    page = client_for(officer).get(reverse("workbench:case", args=[other.pk])).content.decode()
    assert "casefiles/cases" not in page
    response = client_for(supervisor).post(reverse("casefiles:export", args=[closed.pk, "pdf"]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_another_agency_gets_404_and_anonymous_a_login(closed, outsider, client_for, client):
    url = reverse("casefiles:export", args=[closed.pk, "pdf"])
    assert client.post(url).status_code == 302
    assert client_for(outsider).post(url).status_code == 404
    assert not CaseFileExport.objects.exists()


@pytest.mark.django_db
def test_api_exports_and_lists(closed, officer, outsider):
    response = api_as(officer).post(f"/api/v1/casefiles/cases/{closed.pk}/pdf", {})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    exports = api_as(officer).get(f"/api/v1/casefiles/cases/{closed.pk}/exports").json()
    assert [e["kind"] for e in exports] == ["pdf"]
    assert api_as(outsider).get(f"/api/v1/casefiles/cases/{closed.pk}/exports").status_code == 404


@pytest.mark.django_db
def test_only_a_supervisor_of_the_cases_agency_downloads_its_case_file(
    closed, supervisor, other_agency, system_actor, client_for
):
    from openenforce.accounts.models import Role
    from openenforce.accounts.services import create_user

    far = create_user(
        "far-supervisor",
        actor=system_actor,
        agency=other_agency,
        roles=[Role.SUPERVISOR],
        password="correct horse battery 42",  # noqa: S106
        display_name="far",
    )
    url = reverse("casefiles:export", args=[closed.pk, "pdf"])
    page = client_for(supervisor).get(reverse("workbench:case", args=[closed.pk])).text
    assert url in page  # the supervisor is offered the download
    response = client_for(supervisor).post(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(far).post(url).status_code == 404
    assert CaseFileExport.objects.get().created_by == supervisor
