"""The workbook pages: who may download and import, and the upload → preview → apply flow."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from openenforce.catalog.exchange.sheets import SHEETS
from openenforce.catalog.models import Matter
from openenforce.ledger.models import Entry
from openenforce.testing.workbooks import build_catalogue, snapshot, write_workbook

INDEX = reverse("catalog_exchange:index")
EXPORT = reverse("catalog_exchange:export")
UPLOAD = reverse("catalog_exchange:upload")
APPLY = reverse("catalog_exchange:apply")


@pytest.fixture
def catalogue(agency, system_actor):
    return build_catalogue(agency, system_actor)


def _workbook_bytes(tmp_path, sheets) -> io.BytesIO:
    data = io.BytesIO(write_workbook(tmp_path / "upload.xlsx", sheets).read_bytes())
    data.name = "目录.xlsx"
    return data


def _edited(tmp_path) -> io.BytesIO:
    header = ["事项编码", "事项名称", "执法类别", "执法领域"]
    return _workbook_bytes(
        tmp_path, {"执法事项": [header, ["M2", "民办学校办学许可（新）", "行政许可", "教育"]]}
    )


@pytest.mark.parametrize("role", ["officer", "reviewer", "publisher", "head", "admin_user"])
def test_staff_of_the_agency_may_download(client_for, request, catalogue, agency, role):
    response = client_for(request.getfixturevalue(role)).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert f"{agency.code}-catalogue-" in response["Content-Disposition"]
    if role == "officer":
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert workbook.sheetnames == [s.name for s in SHEETS]


def test_a_supervisor_may_download_a_supervised_agency(client_for, supervisor, agency, catalogue):
    client = client_for(supervisor)
    assert client.get(EXPORT, {"agency": agency.pk}).status_code == 200
    page = client.get(INDEX, {"agency": agency.pk})
    assert page.status_code == 200
    assert UPLOAD not in page.content.decode()  # reading only: no import form


def test_an_outsider_gets_404_for_another_agency(client_for, outsider, agency, catalogue):
    client = client_for(outsider)
    assert client.get(EXPORT, {"agency": agency.pk}).status_code == 404
    assert client.get(INDEX, {"agency": agency.pk}).status_code == 404
    assert client.post(UPLOAD + f"?agency={agency.pk}").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_officers_see_no_import_form_and_may_not_upload(client_for, officer, tmp_path, catalogue):
    client = client_for(officer)
    page = client.get(INDEX)
    assert page.status_code == 200 and UPLOAD not in page.content.decode()
    assert client.post(UPLOAD, {"file": _edited(tmp_path)}).status_code == 403
    assert client.post(APPLY, {"token": "x" * 32}).status_code == 404


@pytest.mark.parametrize("role", ["head", "admin_user"])
def test_upload_previews_then_applies_on_confirmation(
    client_for, request, role, tmp_path, catalogue, settings
):
    settings.VAR_DIR = tmp_path / "var"
    client = client_for(request.getfixturevalue(role))
    assert UPLOAD in client.get(INDEX).content.decode()
    entries = Entry.objects.count()
    preview = client.post(UPLOAD, {"file": _edited(tmp_path)})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "M2" in text and "事项名称" in text
    assert Entry.objects.count() == entries  # the dry run left no trace
    assert Matter.objects.get(code="M2").name == "民办学校办学许可"
    [stored] = list((tmp_path / "var" / "imports").iterdir())
    token = preview.context["token"]
    done = client.post(APPLY, {"token": token})
    assert done.status_code == 302
    assert Matter.objects.get(code="M2").name == "民办学校办学许可（新）"
    assert Entry.objects.filter(event_type="catalog.matter.updated").count() == 1
    assert not stored.exists()
    assert client.post(APPLY, {"token": token}).status_code == 404  # used up


def test_cancel_removes_the_upload_and_changes_nothing(
    client_for, head, tmp_path, catalogue, settings
):
    settings.VAR_DIR = tmp_path / "var"
    client = client_for(head)
    token = client.post(UPLOAD, {"file": _edited(tmp_path)}).context["token"]
    before = snapshot(head.agency)
    assert client.post(APPLY, {"token": token, "cancel": "1"}).status_code == 302
    assert snapshot(head.agency) == before
    assert list((tmp_path / "var" / "imports").iterdir()) == []


def test_a_token_is_useless_to_another_user(
    client_for, head, admin_user, tmp_path, catalogue, settings
):
    settings.VAR_DIR = tmp_path / "var"
    token = client_for(head).post(UPLOAD, {"file": _edited(tmp_path)}).context["token"]
    client_for(admin_user)
    assert client_for(admin_user).post(APPLY, {"token": token}).status_code == 404
    assert Matter.objects.get(code="M2").name == "民办学校办学许可"


def test_bad_rows_are_all_shown_and_nothing_is_kept(
    client_for, head, tmp_path, catalogue, settings
):
    settings.VAR_DIR = tmp_path / "var"
    header = ["事项编码", "事项名称", "执法类别", "执法领域"]
    upload = _workbook_bytes(
        tmp_path, {"执法事项": [header, ["M5", "", "行政许可", "教育"], ["M6", "x", "许可", "无"]]}
    )
    response = client_for(head).post(UPLOAD, {"file": upload})
    assert response.status_code == 422
    problems = [(p.row, p.column) for p in response.context["error"].problems]
    assert problems == [(2, "事项名称"), (3, "执法类别"), (3, "执法领域")]
    assert "未导入" in response.content.decode()
    assert list((tmp_path / "var" / "imports").iterdir()) == []


def test_an_unchanged_file_offers_nothing_to_apply(client_for, head, tmp_path, catalogue, settings):
    settings.VAR_DIR = tmp_path / "var"
    client = client_for(head)
    exported = io.BytesIO(b"".join(client.get(EXPORT).streaming_content))
    exported.name = "catalogue.xlsx"
    response = client.post(UPLOAD, {"file": exported})
    assert response.status_code == 200 and response.context["token"] == ""
    assert response.context["report"].edits == []


def test_an_upload_that_is_not_xlsx_is_refused_by_its_content(client_for, head, tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    fake = io.BytesIO("编码,名称\nmz,民政\n".encode())
    fake.name = "目录.xlsx"
    response = client_for(head).post(UPLOAD, {"file": fake})
    assert response.status_code == 422
    assert "这不是 Excel 工作簿（.xlsx）文件。" in response.content.decode()


def test_an_upload_over_the_size_limit_is_refused(client_for, head, tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    settings.OPENENFORCE_IMPORT_MAX_BYTES = 100
    response = client_for(head).post(UPLOAD, {"file": _edited(tmp_path)})
    assert response.status_code == 422
    assert "文件过大" in response.content.decode()


def test_an_oversized_request_is_refused_before_its_body_is_read(
    client_for, head, tmp_path, settings
):
    settings.VAR_DIR = tmp_path / "var"
    settings.OPENENFORCE_IMPORT_MAX_BYTES = 10
    big = io.BytesIO(b"PK\x03\x04" + b"\0" * 70_000)
    big.name = "big.xlsx"
    response = client_for(head).post(UPLOAD, {"file": big}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "文件过大" in response.content.decode()
    assert not (tmp_path / "var" / "imports").exists()


def test_the_catalogue_page_links_to_the_workbook_page(client_for, officer, agency):
    page = client_for(officer).get(reverse("catalog:index")).content.decode()
    assert f"{INDEX}?agency={agency.pk}" in page
    assert "导入导出" in page


@pytest.mark.parametrize("role", ["officer", "reviewer", "publisher", "supervisor"])
def test_only_administrators_and_heads_may_import(client_for, request, role, agency, tmp_path):
    client = client_for(request.getfixturevalue(role))
    response = client.post(f"{UPLOAD}?agency={agency.pk}", {"file": _edited(tmp_path)})
    assert response.status_code == 403
    assert not Matter.objects.exists()
