"""Serving documents: each method with its proof, the deemed-served day, the time limits
that run from it, the case action it takes, and each refusal."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.deliveries import services
from openenforce.deliveries.models import Delivery
from openenforce.ledger.models import Entry
from openenforce.testing.cases import events
from openenforce.testing.deliveries import issue

TODAY = timezone.localdate


def serve(document, user, method="direct", **fields):
    fields.setdefault("recipient", "张三")
    fields.setdefault("served_on", TODAY())
    return services.serve_document(document, actor=user, method=method, **fields)


def _entries(delivery) -> list[str]:
    rows = Entry.objects.filter(subject_kind="deliveries.delivery", subject_id=str(delivery.pk))
    return list(rows.order_by("sequence").values_list("event_type", flat=True))


@pytest.mark.django_db
def test_direct_service_of_the_decision_moves_the_case_and_starts_the_time_limits(
    decision, officer
):
    delivery = serve(decision, officer, signed_by="张三")
    assert delivery.deemed_served_on == TODAY() and delivery.case_action == "serve_decision"
    assert _entries(delivery) == ["deliveries.delivery.served"]
    case = decision.case
    case.refresh_from_db()
    assert case.state == "execution"
    assert events(case)[-1] == "cases.case.serve_decision"
    assert case.deadlines.get(kind="payment").start == TODAY()
    assert [d["code"] for d in delivery.deadlines] == ["payment", "reconsideration", "litigation"]
    assert delivery.deadlines[1]["article"] == "行政复议法 Art 20"


@pytest.mark.django_db
def test_time_limits_run_15_days_60_days_and_6_months(decision):
    from openenforce.deliveries.deadlines import running

    start = datetime.date(2026, 3, 2)  # a Monday
    limits = {r.code: r for r in running(decision, start)}
    assert limits["payment"].due == datetime.date(2026, 3, 17)
    assert limits["reconsideration"].due == datetime.date(2026, 5, 6)  # 5 May is a holiday
    assert limits["litigation"].due == datetime.date(2026, 9, 2)
    assert limits["litigation"].article == "《行政诉讼法》第四十六条"
    assert limits["payment"].explanation and limits["litigation"].steps


@pytest.mark.django_db
def test_service_of_a_decision_without_a_fine_has_no_payment_limit(team, officer, head):
    from openenforce.testing.deliveries import decided

    case = decided(team, officer, head, fine="")
    delivery = serve(issue(case, officer, "penalty_decision"), officer, signed_by="张三")
    assert [d["code"] for d in delivery.deadlines] == ["reconsideration", "litigation"]


@pytest.mark.django_db
def test_left_at_the_address_needs_witnesses_or_a_recording(decision, officer):
    error = _refused(InvalidInput, decision, officer, "left", address="长春市某路1号")
    assert [p.field for p in error.problems] == ["witnesses"]
    assert "民事诉讼法" in error.article
    delivery = serve(decision, officer, "left", address="长春市某路1号", witnesses="李四（居委会）")
    assert delivery.method == Delivery.Method.LEFT


@pytest.mark.django_db
def test_post_is_served_on_the_receipt_date_and_needs_the_tracking_number(decision, officer):
    error = _refused(InvalidInput, decision, officer, "post")
    assert [p.field for p in error.problems] == ["tracking_number"]
    delivery = serve(decision, officer, "post", tracking_number="EMS1234567890CN")
    assert delivery.deemed_served_on == TODAY()


@pytest.mark.django_db
def test_electronic_service_needs_written_consent_before_service(decision, officer):
    error = _refused(
        InvalidInput,
        decision,
        officer,
        "electronic",
        electronic_address="a@example.cn",
        system_record="MSG-1",
    )
    assert {p.field for p in error.problems} == {"consent_reference", "consent_on"}
    assert "行政处罚法" in error.article
    late = TODAY() + datetime.timedelta(days=1)
    error = _refused(
        InvalidInput,
        decision,
        officer,
        "electronic",
        consent_reference="确认书1",
        consent_on=late,
        electronic_address="a@example.cn",
        system_record="MSG-1",
    )
    assert "consent_on" in {p.field for p in error.problems}
    delivery = serve(
        decision,
        officer,
        "electronic",
        consent_reference="确认书1",
        consent_on=TODAY(),
        electronic_address="a@example.cn",
        system_record="MSG-1",
    )
    assert delivery.case_action == "serve_decision"


@pytest.mark.django_db
def test_announcement_counts_as_served_after_30_days_and_then_moves_the_case(decision, officer):
    delivery = serve(
        decision, officer, "announcement", announcement_medium="本局网站", reason="下落不明"
    )
    assert delivery.pending and delivery.deemed_served_on >= TODAY() + datetime.timedelta(30)
    decision.case.refresh_from_db()
    assert decision.case.state == "decided"  # not served yet
    with pytest.raises(WrongState) as info:
        services.settle_announcement(delivery, actor=officer)
    assert info.value.code == "delivery_announcement_running"
    settled = services.settle_announcement(delivery, actor=officer, today=delivery.deemed_served_on)
    assert not settled.pending
    assert _entries(delivery) == ["deliveries.delivery.served", "deliveries.delivery.settled"]
    decision.case.refresh_from_db()
    assert decision.case.state == "execution"
    with pytest.raises(WrongState):
        services.settle_announcement(delivery, actor=officer, today=delivery.deemed_served_on)


@pytest.mark.django_db
def test_refusals_name_the_field(decision, officer):
    error = _refused(InvalidInput, decision, officer, "direct", recipient="", served_on="x")
    assert {p.field for p in error.problems} == {"recipient", "served_on", "signed_by"}
    assert _refused(InvalidInput, decision, officer, "pigeon").code == "delivery_method_unknown"
    future = TODAY() + datetime.timedelta(days=2)
    error = _refused(InvalidInput, decision, officer, signed_by="张三", served_on=future)
    assert error.problems[0].field == "served_on"
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_another_agency_and_readers_are_refused(decision, outsider, supervisor, reviewer):
    assert _refused(NotFound, decision, outsider, signed_by="张三").code == "not_found"
    assert _refused(NotPermitted, decision, supervisor, signed_by="张三").code == "read_only"
    error = _refused(NotPermitted, decision, reviewer, signed_by="张三")
    assert error.code == "delivery_role_required"


@pytest.mark.django_db
def test_a_case_that_moved_on_is_left_alone(decision, officer):
    from openenforce.testing.cases import act

    act(decision.case, "serve_decision", officer, served_on=TODAY(), method="直接送达")
    delivery = serve(decision, officer, signed_by="张三")  # the case already moved on
    assert delivery.case_action == ""


def _refused(exc_type, document, user, method="direct", **fields):
    with pytest.raises(exc_type) as info:
        serve(document, user, method, **fields)
    return info.value


@pytest.mark.django_db
def test_serving_the_prior_notice_takes_the_case_action(team, officer, head):
    from openenforce.testing.cases import to_report

    case = to_report(team, officer, head)
    delivery = serve(issue(case, officer, "prior_notice"), officer, signed_by="张三")
    case.refresh_from_db()
    assert (case.state, case.prior_notice_served_on) == ("notified", TODAY())
    assert delivery.case_action == "serve_prior_notice"
    assert [d["code"] for d in delivery.deadlines][:1] == ["defence"]


@pytest.mark.django_db
def test_internal_records_and_corrected_documents_are_not_served(decision, officer):
    from openenforce.documents.services import correct_document

    record = issue(decision.case, officer, "filing_approval")
    assert _refused(WrongState, record, officer, signed_by="张三").code == "delivery_not_served"
    correct_document(decision, actor=officer, reason="笔误", data={})
    error = _refused(WrongState, decision, officer, signed_by="张三")
    assert error.code == "delivery_document_superseded"
