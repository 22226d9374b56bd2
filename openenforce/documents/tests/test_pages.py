"""Staff pages (issue, view, PDF, correct, case panel) and the public verification page."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openenforce.documents.models import Document
from openenforce.documents.tests.test_services import flip_one_byte


def _verify_url(document):
    return reverse("documents:verify", args=[document.verification_code])


def _upload(client, document, data: bytes, name="decision.pdf"):
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(_verify_url(document), {"file": file})


def test_verification_page_confirms_without_protected_content(case, issue, client):
    document = issue(case)
    text = client.get(_verify_url(document)).text  # anonymous
    assert document.number in text and "长春新区社会事业发展局" in text
    assert document.sha256 in text and "行政处罚决定书" in text
    for protected in ("张三", "220102199001011239", "入院评估", case.number, "13800000000"):
        assert protected not in text
    assert "退出" not in text and "logout" not in text  # no staff parts


def test_a_genuine_pdf_matches_and_an_altered_one_is_rejected(case, issue, client, pdf_of):
    document = issue(case)
    pdf = pdf_of(document)
    genuine = _upload(client, document, pdf)
    assert genuine.status_code == 200 and "真实" in genuine.text
    altered = _upload(client, document, flip_one_byte(pdf))
    assert altered.status_code == 200 and "不是" in altered.text and "真实：" not in altered.text
    other = issue(case)  # another genuine document is not this one
    assert "不是" in _upload(client, other, pdf).text


def test_verification_refuses_what_is_not_a_pdf_and_unknown_codes(case, issue, client):
    document = issue(case)
    response = _upload(client, document, b"GIF89a not a pdf", name="x.pdf")
    assert response.status_code == 422 and "PDF" in response.text
    assert client.post(_verify_url(document), {}).status_code == 422
    assert client.get(reverse("documents:verify", args=["no-such-code"])).status_code == 404


def test_a_superseded_document_says_so_publicly(case, issue, head, client):
    from openenforce.documents import services

    old = issue(case)
    new = services.correct_document(old, actor=head, data={}, reason="笔误")
    text = client.get(_verify_url(old)).text
    assert "已被更正" in text or new.number in text


def test_staff_view_and_pdf(case, issue, client_for, officer, pdf_of):
    document = issue(case)
    client = client_for(officer)
    page = client.get(reverse("documents:view", args=[document.pk]))
    assert page.status_code == 200 and "张三" in page.text and document.number in page.text
    pdf = client.get(reverse("documents:pdf", args=[document.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == pdf_of(document)


def test_each_pdf_download_is_recorded_with_who_and_which_file(
    case, issue, client_for, officer, outsider
):
    from openenforce.ledger.models import Entry
    from openenforce.testing.api import api_as

    document = issue(case)
    downloads = Entry.objects.filter(
        event_type="documents.document.downloaded", subject_id=str(document.pk)
    )
    client_for(outsider).get(reverse("documents:pdf", args=[document.pk]))
    assert not downloads.exists()  # refused: nothing taken, nothing recorded
    client_for(officer).get(reverse("documents:pdf", args=[document.pk]))
    api_as(officer).get(f"/api/v1/documents/{document.pk}/pdf")
    assert [e.actor_id for e in downloads] == [officer.pk, officer.pk]
    body = json.loads(bytes(downloads.last().body))
    assert document.blob.sha256 in body["files"]


def test_staff_pages_are_scoped(case, issue, client_for, outsider, supervisor, client):
    document = issue(case)
    view = reverse("documents:view", args=[document.pk])
    assert client_for(outsider).get(view).status_code == 404
    assert client_for(outsider).get(reverse("documents:pdf", args=[document.pk])).status_code == 404
    assert client_for(supervisor).get(view).status_code == 200  # supervisors read
    client.logout()
    assert client.get(view).status_code == 302


def test_issue_form_is_filled_from_the_case_and_issues(case, client_for, officer):
    client = client_for(officer)
    url = reverse("documents:issue", args=[case.pk])
    form = client.get(url + "?type=prior_notice")
    assert form.status_code == 200 and "未建立入院评估制度" in form.text  # the facts
    response = client.post(
        url,
        {"doc_type": "prior_notice", "facts": "当事人未建立评估制度。", "intended_penalty": "警告"},
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{document.pk}/")
    assert document.issued_by == officer


def test_issue_form_shows_a_refusal_at_its_field(case, client_for, officer):
    url = reverse("documents:issue", args=[case.pk])
    response = client_for(officer).post(url, {"doc_type": "rectification_order", "findings": "x"})
    assert response.status_code == 422 and "errorlist" in response.text
    assert Document.objects.count() == 0


def test_issue_form_is_scoped(case, client_for, outsider, supervisor):
    url = reverse("documents:issue", args=[case.pk]) + "?type=prior_notice"
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(supervisor).get(url).status_code == 403


def test_correction_page(case, issue, client_for, officer):
    old = issue(case)
    client = client_for(officer)
    url = reverse("documents:correct", args=[old.pk])
    assert "处罚" in client.get(url).text
    assert client.post(url, {"reason": "", "facts": "x", "penalty": "警告"}).status_code == 422
    response = client.post(url, {"reason": "笔误", "facts": "当事人事实。", "penalty": "警告。"})
    assert response.status_code == 302
    new = Document.objects.get(corrects=old)
    assert "当事人事实。" in new.html
    page = client.get(reverse("documents:view", args=[old.pk])).text
    assert "已被取代" in page or new.number in page


def test_case_page_lists_the_documents(case, issue, client_for, officer, supervisor):
    document = issue(case)
    url = reverse("workbench:case", args=[case.pk])
    text = client_for(officer).get(url).text
    assert document.number in text and reverse("documents:pdf", args=[document.pk]) in text
    supervised = client_for(supervisor).get(url).text
    assert document.number in supervised
    assert reverse("documents:pdf", args=[document.pk]) in supervised  # supervisors read
    assert reverse("documents:correct", args=[document.pk]) not in supervised


def test_the_pdf_is_a4_with_the_chinese_font_embedded(case, issue, pdf_of):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_of(issue(case))))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Serif-CJK-SC" in name for name in fonts)
    text = reader.pages[0].extract_text()
    assert "行政处罚决定书" in text and "长新社罚决字" in text  # glyphs map back to text


def test_verification_refuses_an_oversized_upload_before_reading_it(case, issue, client, settings):
    from openenforce.documents import selectors

    document = issue(case)
    big = b"%PDF-1.7\n" + b"0" * (selectors.MAX_UPLOAD_BYTES + 100 * 1024)
    response = _upload(client, document, big)
    assert response.status_code == 413 and "20 MB" in response.text


def test_pdf_checks_are_limited_per_address(case, issue, client, settings, pdf_of):
    document = issue(case)
    settings.OPENENFORCE_PDF_CHECKS_PER_HOUR = 2
    genuine = pdf_of(document)
    assert _upload(client, document, genuine).status_code == 200
    assert _upload(client, document, genuine).status_code == 200
    refused = _upload(client, document, genuine)
    assert refused.status_code == 429 and "一小时" in refused.text
    other = client.post(_verify_url(document), {"file": ""}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 422  # another address still has its allowance


@pytest.mark.parametrize("day", ["2026-13-45", "²", "9" * 100])
def test_a_garbled_date_is_shown_at_its_field_never_a_500(case, client_for, officer, day):
    url = reverse("documents:issue", args=[case.pk])
    data = {"doc_type": "rectification_order", "findings": "x", "rectify_by": day}
    response = client_for(officer).post(url, data)
    assert response.status_code == 422 and "errorlist" in response.text
    assert Document.objects.count() == 0
    response = client_for(officer).post(url, {"doc_type": "²" * 3})
    assert response.status_code == 200  # no such type: the type is chosen again
