import datetime
import hashlib
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.evidence import services
from openenforce.evidence.models import Blob, EvidenceItem, EvidenceView, Upload
from openenforce.evidence.tests.conftest import pdf_bytes, png_bytes
from openenforce.ledger.models import Entry
from openenforce.testing.cases import act

pytestmark = pytest.mark.django_db

NOW = timezone.now


def _fields(**overrides):
    fields = {
        "kind": "physical",
        "step": "approve_filing",
        "title": "现场照片",
        "collected_at": NOW() - datetime.timedelta(hours=1),
        "place": "长春新区某养老院",
        "method": "现场拍照",
    }
    return fields | overrides


def _files(entry) -> list[str]:
    return json.loads(bytes(entry.body))["files"]


def _entries(event_type):
    return list(Entry.objects.filter(event_type=event_type).order_by("sequence"))


def test_add_evidence_records_the_file_digest(case, officer):
    blob = services.store_stream(io.BytesIO(png_bytes(2, 32)))
    item = services.add_evidence(case, actor=officer, blob=blob, file_name="a.png", **_fields())
    assert (item.seq, item.kind, item.collected_by, item.agency_id) == (
        1,
        "physical",
        officer,
        case.agency_id,
    )
    (entry,) = _entries("evidence.evidenceitem.added")
    assert entry.subject_id == str(item.pk)
    assert blob.sha256 in _files(entry)
    second = services.add_evidence(case, actor=officer, **_fields(kind="witness", title="询问笔录"))
    assert second.seq == 2 and second.blob is None


@pytest.mark.tampers  # switches the hash profile mid-log: earlier states no longer hash alike
def test_add_evidence_under_the_sm3_profile_records_both_digests(case, officer, settings):
    settings.OPENENFORCE_LEDGER_HASH = "sm3"
    data = pdf_bytes("sm3")
    blob = services.store_stream(io.BytesIO(data))
    services.add_evidence(case, actor=officer, blob=blob, **_fields(kind="documentary"))
    (entry,) = _entries("evidence.evidenceitem.added")
    assert hashlib.new("sm3", data).hexdigest() in _files(entry)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"step": "no_such_step"}, "step"),
        ({"place": "  "}, "place"),
        ({"method": ""}, "method"),
        ({"collected_at": NOW() + datetime.timedelta(days=1)}, "collected_at"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(case, officer, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        services.add_evidence(case, actor=officer, **_fields(**overrides))
    assert field in {p.field for p in refused.value.problems}
    assert not EvidenceItem.objects.exists()
    assert not _entries("evidence.evidenceitem.added")


def test_only_staff_of_the_agency_with_a_role_add_evidence(case, outsider, supervisor, publisher):
    for user in (outsider, supervisor):
        with pytest.raises(NotPermitted) as refused:
            services.add_evidence(case, actor=user, **_fields())
        assert refused.value.code == "evidence_scope"
    with pytest.raises(NotPermitted) as refused:
        services.add_evidence(case, actor=publisher, **_fields())
    assert refused.value.code == "evidence_role_required"


def test_closed_case_takes_no_evidence(case, officer, head):
    case = act(case, "decline_filing", head, reason="不属于本机关管辖")
    with pytest.raises(WrongState) as refused:
        services.add_evidence(case, actor=officer, **_fields(step=""))
    assert refused.value.code == "case_closed"


def test_collector_must_be_staff_of_the_agency(case, officer, outsider):
    with pytest.raises(InvalidInput):
        services.add_evidence(case, actor=officer, collected_by=outsider, **_fields())


def test_upload_must_be_complete_and_ones_own(case, officer, head):
    upload = services.create_upload(actor=officer, length=100, metadata={"filename": "v.mp4"})
    with pytest.raises(InvalidInput) as refused:
        services.add_evidence(case, actor=officer, upload=upload, **_fields())
    assert refused.value.code == "upload_incomplete"
    with pytest.raises(NotFound):
        services.add_evidence(case, actor=head, upload=upload, **_fields())


def test_completed_upload_is_attached(case, officer):
    data = png_bytes(5, 40)
    upload = services.create_upload(
        actor=officer, length=len(data), metadata={"filename": "现场.png"}
    )
    upload = services.receive_chunk(
        upload, actor=officer, offset=0, stream=io.BytesIO(data), content_length=len(data)
    )
    assert upload.status == Upload.Status.COMPLETE
    item = services.add_evidence(case, actor=officer, upload=upload, **_fields())
    assert item.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert item.file_name == "现场.png"


def test_file_stored_for_a_refused_item_is_removed(case, officer, outsider, settings):
    with pytest.raises(NotPermitted):
        services.add_evidence_with_file(
            case, actor=outsider, stream=[png_bytes()], file_name="a.png", **_fields()
        )
    with pytest.raises(InvalidInput):
        services.add_evidence_with_file(
            case, actor=officer, stream=[png_bytes()], file_name="../a.png", **_fields()
        )
    with pytest.raises(InvalidInput):  # refused after the file was stored: removed again
        services.add_evidence_with_file(
            case,
            actor=officer,
            stream=[png_bytes()],
            file_name="a.png",
            **_fields(collected_at=NOW() + datetime.timedelta(days=2)),
        )
    assert not Blob.objects.exists()
    assert not [p for p in (settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_views_are_recorded_once_per_viewing(case, officer, supervisor):
    blob = services.store_stream(io.BytesIO(png_bytes()))
    item = services.add_evidence(case, actor=officer, blob=blob, **_fields())
    assert services.record_view(item, actor=officer, mode="view") is not None
    assert services.record_view(item, actor=officer, mode="view") is None  # same viewing
    assert services.record_view(item, actor=officer, mode="download") is not None
    assert services.record_view(item, actor=supervisor, mode="view") is not None
    assert EvidenceView.objects.count() == 3
    viewed = _entries("evidence.evidenceitem.viewed")
    assert [e.actor_id for e in viewed] == [officer.pk, supervisor.pk]
    assert all(blob.sha256 in _files(e) for e in viewed)
    assert len(_entries("evidence.evidenceitem.downloaded")) == 1


# --- pages -----------------------------------------------------------------------------


@pytest.fixture
def item(case, officer):
    blob = services.store_stream(io.BytesIO(png_bytes(7, 64)))
    return services.add_evidence(case, actor=officer, blob=blob, file_name="照片.png", **_fields())


def test_case_page_shows_the_panel_and_form(client_for, officer, item):
    page = client_for(officer).get(reverse("workbench:case", args=[item.case_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "现场照片" in html
    assert "批准立案" in html or "Approve filing" in html  # the step by its name
    assert reverse("evidence:add", args=[item.case_id]) in html
    assert "tus-upload.js" in html


def test_supervisor_reads_the_panel_without_the_form(client_for, supervisor, item):
    html = client_for(supervisor).get(reverse("workbench:case", args=[item.case_id])).content
    assert "现场照片" in html.decode()
    assert reverse("evidence:add", args=[item.case_id]) not in html.decode()


def test_add_through_the_form_with_a_file(client_for, officer, case):
    data = {
        "kind": "documentary",
        "step": "",
        "title": "营业执照复印件",
        "collected_at": "2026-09-01T10:00",
        "place": "办公室",
        "method": "复印",
        "collected_by": str(officer.pk),
        "file": io.BytesIO(pdf_bytes("licence")),
    }
    data["file"].name = "licence.pdf"
    response = client_for(officer).post(reverse("evidence:add", args=[case.pk]), data)
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.title, item.blob.content_type, item.file_name) == (
        "营业执照复印件",
        "application/pdf",
        "licence.pdf",
    )


def test_add_refused_shows_the_message(client_for, officer, case):
    response = client_for(officer).post(
        reverse("evidence:add", args=[case.pk]), {"kind": "x", "title": "t"}, follow=True
    )
    assert response.status_code == 200
    assert not EvidenceItem.objects.exists()
    assert response.context["messages"]


def test_add_for_another_agency_is_404(client_for, outsider, case):
    response = client_for(outsider).post(reverse("evidence:add", args=[case.pk]), _form())
    assert response.status_code == 404


def _form():
    return {"kind": "physical", "title": "t", "place": "p", "method": "m"}


def test_anonymous_is_sent_to_login(client, item):
    response = client.get(reverse("evidence:content", args=[item.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_content_supports_ranges_and_records_the_view(client_for, supervisor, item):
    data = png_bytes(7, 64)
    client = client_for(supervisor)
    url = reverse("evidence:content", args=[item.pk])
    whole = client.get(url)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == data
    assert whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert b"".join(part.streaming_content) == data[10:20]
    tail = client.get(url, HTTP_RANGE="bytes=-5")
    assert b"".join(tail.streaming_content) == data[-5:]
    outside = client.get(url, HTTP_RANGE=f"bytes={len(data)}-")
    assert outside.status_code == 416
    assert outside["Content-Range"] == f"bytes */{len(data)}"
    assert EvidenceView.objects.filter(viewer=supervisor, mode="view").count() == 1
    assert len(_entries("evidence.evidenceitem.viewed")) == 1


def test_download_is_an_attachment_and_recorded(client_for, officer, item):
    response = client_for(officer).get(reverse("evidence:download", args=[item.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert EvidenceView.objects.filter(mode="download").count() == 1
    page = client_for(officer).get(reverse("evidence:item", args=[item.pk]))
    assert "officer" in page.content.decode()  # the view log names the viewer


def test_another_agency_gets_404_for_content_and_page(client_for, outsider, item):
    client = client_for(outsider)
    for name in ("evidence:content", "evidence:download", "evidence:item"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 404
    assert not EvidenceView.objects.exists()


@pytest.mark.parametrize(
    "garbled",
    [
        {"collected_at": "2026-13-45T10:00"},
        {"collected_at": "²"},
        {"collected_by": "9" * 100},
        {"collected_by": "²", "upload": "9" * 100},
    ],
)
def test_a_garbled_post_is_refused_with_a_message_never_a_500(client_for, officer, case, garbled):
    data = {"kind": "documentary", "title": "营业执照复印件", "place": "办公室", "method": "复印"}
    response = client_for(officer).post(
        reverse("evidence:add", args=[case.pk]), {**data, **garbled}, follow=True
    )
    assert response.status_code == 200
    assert not EvidenceItem.objects.exists()
    assert [str(m) for m in response.context["messages"]]
