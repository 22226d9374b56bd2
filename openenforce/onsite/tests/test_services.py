"""On-site work from the field app: captures checked against the device's hash, the
signed inspection record, a refusal with witnesses, the on-the-spot decision, repeats
and conflicts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from openenforce.cases.models import Case
from openenforce.core.errors import InvalidInput, NotFound, WrongState
from openenforce.documents.models import Document
from openenforce.evidence.models import EvidenceItem, Upload
from openenforce.ledger.models import Entry
from openenforce.onsite import services
from openenforce.onsite.models import Signature, Submission
from openenforce.testing.cases import WRITTEN, act
from openenforce.testing.field import png, sha256, tus_upload

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]

TEXT = "现场检查笔录\n被检查人：长春新区福寿康养老院0号\n检查情况：\n1. 养老机构监督检查：符合"


def _now():
    return timezone.now() - datetime.timedelta(minutes=5)


def _signed(text=TEXT, image=None, **kwargs):
    image = png(3) if image is None else image
    return services.Signed(
        text=text,
        text_sha256=sha256(text.encode()),
        image=image,
        image_sha256=sha256(image) if image else "",
        signer="赵福寿",
        **kwargs,
    )


def _capture(world, officer, client, data, key="cap-00000001", digest=None):
    client.force_login(officer)
    upload = Upload.objects.get(pk=tus_upload(client, data))
    return services.submit_capture(
        world.task.case,
        actor=officer,
        key=key,
        seq=1,
        media="photo",
        sha256=digest or sha256(data),
        captured_at=_now(),
        position="43.88,125.35",
        upload=upload,
    )


def _entries(event: str) -> int:
    return Entry.objects.filter(event_type=event).count()


def test_a_capture_whose_hash_matches_becomes_evidence_with_its_digest(world, officer, client):
    data = png(1)
    outcome = _capture(world, officer, client, data)
    item = EvidenceItem.objects.get(case=world.task.case)
    assert item.blob.sha256 == sha256(data) == outcome.submission.device_sha256
    assert outcome.submission.evidence == item
    entry = Entry.objects.get(event_type="onsite.submission.received")
    assert sha256(data) in bytes(entry.body).decode()


def test_a_file_altered_between_capture_and_upload_is_refused(world, officer, client):
    taken = png(1)
    altered = taken[:40] + bytes([taken[40] ^ 1]) + taken[41:]  # one bit changed
    with pytest.raises(InvalidInput) as refused:
        _capture(world, officer, client, altered, digest=sha256(taken))
    assert refused.value.code == "hash_mismatch"
    assert not Submission.objects.exists()
    assert not EvidenceItem.objects.exists()


def test_the_same_item_sent_again_is_not_duplicated(world, officer, client):
    data = png(1)
    first = _capture(world, officer, client, data)
    again = _capture(world, officer, client, data)
    assert not first.duplicate and again.duplicate
    assert again.submission.pk == first.submission.pk
    assert Submission.objects.count() == 1
    assert EvidenceItem.objects.count() == 1
    assert _entries("onsite.submission.received") == 1


def test_a_signed_record_takes_the_inspection_step_and_records_both_digests(world, officer):
    case = world.task.case
    signed = _signed()
    outcome = services.submit_record(
        case,
        actor=officer,
        key="rec-00000001",
        seq=2,
        captured_at=_now(),
        signed=signed,
        place="长春新区福寿路8号",
        present="赵福寿（院长）",
        checklist=[{"item": "养老机构监督检查", "result": "符合", "note": ""}],
    )
    case.refresh_from_db()
    assert case.state == "inspected"
    signature = Signature.objects.get()
    assert signature.content.sha256 == sha256(TEXT.encode())
    assert signature.image.sha256 == signed.image_sha256
    entry = Entry.objects.get(event_type="onsite.signature.signed")
    body = bytes(entry.body).decode()
    assert signature.content_sha256 in body and signature.image_sha256 in body
    document = outcome.submission.document
    assert document.doc_type == "inspection_record"
    assert signature.image_sha256 in document.html and "赵福寿" in document.html
    # The signed text is evidence of the case, stored byte for byte.
    evidence = EvidenceItem.objects.get(kind="record")
    assert evidence.blob.sha256 == sha256(TEXT.encode())


def test_a_refusal_to_sign_is_recorded_with_the_witnessing_officers(world, officer):
    signed = _signed(
        image=b"", refused=True, refusal_note="当事人拒绝签名", witnesses=[world.officer2.pk]
    )
    outcome = services.submit_record(
        world.task.case, actor=officer, key="rec-00000002", seq=1, captured_at=_now(), signed=signed
    )
    signature = Signature.objects.get()
    assert signature.refused and signature.image is None
    assert [w["name"] for w in signature.witnesses] == ["执法O2"]
    assert signature.witnesses[0]["certificate"] == "FO2"
    assert Entry.objects.filter(event_type="onsite.signature.refused").count() == 1
    assert "拒绝签名" in outcome.submission.document.html
    assert "执法O2" in outcome.submission.document.html


def test_a_refusal_without_a_witness_is_refused(world, officer):
    signed = _signed(image=b"", refused=True, witnesses=[officer.pk])  # oneself is no witness
    with pytest.raises(InvalidInput) as refused:
        services.submit_record(
            world.task.case,
            actor=officer,
            key="rec-00000003",
            seq=1,
            captured_at=_now(),
            signed=signed,
        )
    assert refused.value.code == "witness_required"
    assert not Signature.objects.exists()


def test_a_text_changed_after_signing_is_refused(world, officer):
    signed = _signed()
    signed.text = TEXT + "（补记）"
    with pytest.raises(InvalidInput) as refused:
        services.submit_record(
            world.task.case,
            actor=officer,
            key="rec-00000004",
            seq=1,
            captured_at=_now(),
            signed=signed,
        )
    assert refused.value.code == "hash_mismatch"


def test_a_record_for_a_case_that_moved_on_is_a_conflict_the_officer_resolves(world, officer):
    case = world.task.case
    act(case, "record_inspection", officer, record="另行制作的笔录")
    outcome = services.submit_record(
        case, actor=officer, key="rec-00000005", seq=1, captured_at=_now(), signed=_signed()
    )
    submission = outcome.submission
    assert submission.status == Submission.Status.CONFLICT
    assert submission.document is None and "离线" in submission.note
    with pytest.raises(NotFound):  # only the officer who sent it resolves it
        services.resolve_conflict(Submission.objects.get(), actor=world.officer2, keep=True)
    kept = services.resolve_conflict(submission, actor=officer, keep=True)
    assert kept.status == Submission.Status.KEPT
    assert kept.evidence.blob.sha256 == sha256(TEXT.encode())
    assert _entries("onsite.submission.resolved") == 1


def test_an_on_the_spot_decision_is_numbered_filed_and_verifiable(world, officer):
    text = "当场行政处罚决定书\n违法事实：消防通道堵塞\n处罚种类和数额：罚款人民币200元"
    outcome = services.submit_decision(
        world.task.case,
        actor=officer,
        key="dec-00000001",
        seq=3,
        captured_at=_now(),
        signed=_signed(text=text),
        matter=world.team.matters["penalty"],
        facts="消防通道堵塞",
        penalty_kind="fine",
        fine="200",
        violated="《消防法》第二十八条",
        basis="《消防法》第六十条",
        place="长春新区福寿路8号",
    )
    decided = outcome.submission.result_case
    assert decided.procedure == "penalty_simplified" and decided.state == "execution"
    assert decided.parent_case_id == world.task.case_id
    document = outcome.submission.document
    assert document.doc_type == "on_spot_decision"
    assert "当罚字〔2026〕第1号" in document.number
    assert "罚款人民币200元" in document.html and "执法O1" in document.html
    assert document.verification_code in document.html  # the verification QR's address
    assert Entry.objects.filter(event_type="onsite.submission.filed").count() == 1
    assert Document.objects.get(pk=document.pk).sha256 == document.blob.sha256


def test_a_fine_above_the_on_the_spot_limit_is_refused(world, officer):
    with pytest.raises(WrongState):
        services.submit_decision(
            world.task.case,
            actor=officer,
            key="dec-00000002",
            seq=1,
            captured_at=_now(),
            signed=_signed(),
            matter=world.team.matters["penalty"],
            facts="消防通道堵塞",
            penalty_kind="fine",
            fine="5000",
        )
    assert not Case.objects.filter(procedure="penalty_simplified").exists()
    assert not Submission.objects.exists()
