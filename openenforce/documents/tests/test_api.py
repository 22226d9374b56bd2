"""The documents REST API: list, issue, read, correct, PDF; scoping and refusal shapes."""

from openenforce.testing.api import api_as


def test_issue_list_read_and_download(case, officer, pdf_of):
    api = api_as(officer)
    url = f"/api/v1/documents/cases/{case.pk}"
    response = api.post(url, {"doc_type": "prior_notice", "data": {"intended_penalty": "警告"}})
    assert response.status_code == 201
    body = response.json()
    assert body["number"].startswith("长新社罚告字〔") and body["record_sequence"] is not None
    assert body["verification_url"].endswith(f"/documents/verify/{body['verification_url'][-22:]}")
    listed = api.get(url).json()
    assert [d["id"] for d in listed] == [body["id"]]
    assert api.get(f"/api/v1/documents/{body['id']}").json()["sha256"] == body["sha256"]
    pdf = api.get(f"/api/v1/documents/{body['id']}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from openenforce.documents.models import Document

    assert b"".join(pdf.streaming_content) == pdf_of(Document.objects.get(pk=body["id"]))


def test_refusals_and_scoping(case, officer, outsider, supervisor, issue):
    url = f"/api/v1/documents/cases/{case.pk}"
    missing = api_as(officer).post(url, {"doc_type": "rectification_order", "data": {}})
    assert missing.status_code == 422 and missing.json()["problems"][0]["field"] == "findings"
    assert api_as(officer).post(url, {"doc_type": "nonsense"}).status_code == 422
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(outsider).post(url, {"doc_type": "prior_notice"}).status_code == 404
    document = issue(case)
    assert api_as(outsider).get(f"/api/v1/documents/{document.pk}").status_code == 404
    assert api_as(supervisor).get(f"/api/v1/documents/{document.pk}").status_code == 200
    assert api_as(supervisor).get(f"/api/v1/documents/{document.pk}/pdf").status_code == 200
    assert api_as(supervisor).post(url, {"doc_type": "prior_notice"}).status_code == 403
    assert api_as(None).get(url).status_code == 401


def test_correction_and_types(case, head, issue):
    document = issue(case)
    api = api_as(head)
    url = f"/api/v1/documents/{document.pk}/corrections"
    response = api.post(url, {"reason": "笔误", "data": {"penalty": "警告。"}})
    assert response.status_code == 201 and response.json()["corrects"] == document.pk
    again = api.post(url, {"reason": "再改", "data": {}})
    assert again.status_code == 409 and again.json()["code"] == "document_superseded"
    old = api.get(f"/api/v1/documents/{document.pk}").json()
    assert old["superseded_by"] == response.json()["id"]
    types = {t["code"]: t for t in api.get("/api/v1/documents/types").json()}
    assert len(types) == 18 and types["penalty_decision"]["word"] == "罚决字"
    assert types["on_spot_decision"]["word"] == "当罚字"
