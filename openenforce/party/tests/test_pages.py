"""The party's pages as a browser without staff login sees them: entering with the code
and identity, the case page, the sealed PDF, filing a statement with a file and a hearing
request, the receipt, the polite refusal after the period, and the limits."""

import datetime
import io
import re

import pytest
from django.urls import reverse

from openenforce.cases.models import Case
from openenforce.partyaccess.models import AccessEvent, Submission
from openenforce.partyaccess.tests.conftest import ID_NUMBER, NOW
from openenforce.partyaccess.tests.test_services import PNG

pytestmark = [pytest.mark.clock(NOW), pytest.mark.django_db]
ENTER = "/party/"


def _enter(client, delivery, identity=ID_NUMBER, code=None):
    data = {"code": code or delivery.party_code_display, "identity": identity}
    return client.post(ENTER, data)


def _refusal_text(response) -> str:
    return re.search(
        r'<div class="party-error" role="alert">(.*?)</div>', response.content.decode(), re.S
    ).group(1)


def test_the_entry_page_needs_no_login(client):
    response = client.get(ENTER)
    assert response.status_code == 200 and "查询码" in response.content.decode()


def test_a_wrong_identity_and_an_unknown_code_read_the_same(client, served_notice):
    wrong = _enter(client, served_notice, identity="110101199003074578")
    unknown = _enter(client, served_notice, code="ZZZZ-ZZZZ-ZZZZ")
    assert wrong.status_code == unknown.status_code == 403
    assert _refusal_text(wrong) == _refusal_text(unknown)
    assert "查询码与身份证件号码不能对应" in _refusal_text(wrong)


def test_the_party_sees_documents_deadlines_and_record(client, served_notice):
    response = _enter(client, served_notice)
    assert response.status_code == 302 and response["Location"] == reverse("party:case")
    page = client.get(reverse("party:case")).content.decode()
    assert served_notice.document.number in page
    assert "截至2026-11-19" in page and "《行政处罚法》第四十四条、第四十五条" in page
    assert "申请听证" in page and "提交陈述、申辩" in page
    record = page.split("案件在执法全过程记录中的条目")[1]
    assert record.count("<tr><td>") >= 3 and "张三" not in record  # events and times only


def test_the_served_pdf_downloads_and_is_recorded(client, served_notice):
    _enter(client, served_notice)
    response = client.get(reverse("party:document_pdf", args=[served_notice.document_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AccessEvent.objects.filter(action="downloaded", document=served_notice.document).exists()
    assert client.get(reverse("party:document_pdf", args=[999999])).status_code == 404


def test_without_opening_the_case_page_sends_back_to_the_entry(client, served_notice):
    response = client.get(reverse("party:case"))
    assert response.status_code == 302 and response["Location"] == ENTER


def test_a_statement_with_a_file_gives_a_receipt(client, served_notice):
    _enter(client, served_notice)
    upload = io.BytesIO(PNG)
    upload.name = "照片.png"
    response = client.post(reverse("party:statement"), {"text": "已整改", "attachments": [upload]})
    assert response.status_code == 302, response.content.decode()[:300]
    submission = Submission.objects.get()
    assert response["Location"] == reverse("party:receipt", args=[submission.receipt_code])
    receipt = client.get(response["Location"]).content.decode()
    assert submission.digest in receipt and "已整改" not in receipt  # the digest, not the text
    assert submission.files.count() == 1


def test_a_hearing_request_moves_the_case_and_the_staff_stepper_shows_it(
    client, served_notice, officer
):
    _enter(client, served_notice)
    response = client.post(reverse("party:hearing"), {"confirm": "on", "text": "请求听证"})
    assert response.status_code == 302
    case = Case.objects.get(pk=served_notice.case_id)
    assert case.state == "hearing"
    client.force_login(officer)
    staff = client.get(f"/cases/{case.pk}/").content.decode()
    assert "当事人在线申请听证" in staff


def test_after_the_period_the_page_refuses_politely(client, served_notice, clock):
    clock.shift(datetime.timedelta(days=10))
    _enter(client, served_notice)
    page = client.get(reverse("party:case")).content.decode()
    assert "陈述、申辩期限已经届满" in page and "您仍可以" in page
    assert "听证申请期限（五日）已经届满" in page
    response = client.post(reverse("party:statement"), {"text": "迟到"})
    assert response.status_code == 302 and not Submission.objects.exists()


def test_openings_are_rate_limited_per_address(client, served_notice, settings):
    settings.OPENENFORCE_PARTY_TRIES_PER_HOUR = 2
    for _ in range(2):
        _enter(client, served_notice, identity="x")
    assert _enter(client, served_notice).status_code == 429


def test_an_unknown_receipt_is_not_found(client):
    assert client.get(reverse("party:receipt", args=["nothing-here"])).status_code == 404


def test_a_consenting_party_receives_the_decision_electronically(
    client, served_notice, officer, head
):
    from openenforce.deliveries.services import serve_electronically
    from openenforce.testing.cases import act
    from openenforce.testing.deliveries import issue

    _enter(client, served_notice)
    page = client.get(reverse("party:case")).content.decode()
    assert "签署电子送达确认书" in page
    client.post(reverse("party:consent"), {"consent-confirm": "on"})
    assert "您已于2026-11-16同意电子送达" in client.get(reverse("party:case")).content.decode()

    case = Case.objects.get(pk=served_notice.case_id)
    case = act(case, "waive_defence", officer, waived_on="2026-11-16", document="放弃声明")
    case = act(
        case,
        "decide",
        head,
        outcome="penalty",
        decision_text="责令停业整顿",
        decided_on="2026-11-16",
    )
    decision = issue(case, officer, "penalty_decision")
    delivery = serve_electronically(decision, actor=officer, channel="party_page")
    assert delivery.deemed_served_on == datetime.date(2026, 11, 16)
    page = client.get(reverse("party:case")).content.decode()
    assert decision.number in page
    assert "申请行政复议" in page and "截至2027-01-15" in page  # 60 days from 16 November
