"""The party's access and filings: opening with the code and identity (never telling
whether a case exists), the lockout after ten wrong tries, statements and hearing requests
within their periods through the lifecycle, the receipts, and every step in the record."""

import datetime
import io

import pytest

from openenforce.cases.models import Case
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.partyaccess import selectors, services
from openenforce.partyaccess.models import AccessEvent, Lockout, Submission
from openenforce.partyaccess.tests.conftest import ID_NUMBER, NOW
from openenforce.testing.cases import events

pytestmark = [pytest.mark.clock(NOW), pytest.mark.django_db]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _entries(kind, pk):
    rows = Entry.objects.filter(subject_kind=kind, subject_id=str(pk)).order_by("sequence")
    return list(rows.values_list("event_type", flat=True))


def _open(delivery, identity=ID_NUMBER, address="198.51.100.7", code=None):
    return services.open_access(
        code=code if code is not None else delivery.party_code_display.lower(),
        identity=identity,
        address=address,
    )


def test_the_code_and_identity_open_the_case_and_the_opening_is_recorded(served_notice):
    assert len(served_notice.party_code) == 12
    opened = _open(served_notice, identity=" 220102 1990 0101 1239 ")
    assert opened == served_notice
    event = AccessEvent.objects.get(delivery=served_notice)
    assert event.action == "opened" and "198.51.100.7" not in event.client
    assert _entries("partyaccess.accessevent", event.pk) == ["partyaccess.accessevent.opened"]


def _refusal(delivery, **kwargs):
    with pytest.raises(InvalidInput) as info:
        _open(delivery, **kwargs)
    return (info.value.code, str(info.value))


def test_wrong_code_or_identity_never_tells_whether_a_case_exists(served_notice):
    wrong_identity = _refusal(served_notice, identity="110101199003074578")
    no_such_code = _refusal(served_notice, code="ABCD-EFGH-JKMN")
    empty = _refusal(served_notice, code="", identity="")
    assert wrong_identity == no_such_code == empty
    assert wrong_identity[0] == "party_access_refused"
    assert not AccessEvent.objects.exists()


def test_ten_wrong_tries_lock_the_address_out_for_a_time(served_notice, clock):
    for i in range(9):
        _refusal(served_notice, code=f"AAAA-BBBB-CCC{i + 2}")  # guessing codes
    with pytest.raises(NotPermitted) as info:
        _open(served_notice, code="AAAA-BBBB-CCCZ")
    assert info.value.code == "party_locked"
    lockout = Lockout.objects.get(scope="address")
    assert _entries("partyaccess.lockout", lockout.pk) == ["partyaccess.lockout.started"]
    with pytest.raises(NotPermitted):  # even with the right identity, while locked
        _open(served_notice)
    assert _open(served_notice, address="203.0.113.9") == served_notice  # another address
    clock.shift(datetime.timedelta(minutes=31))
    assert _open(served_notice) == served_notice


def test_ten_wrong_identities_on_one_code_lock_that_code_from_any_address(served_notice):
    for i in range(10):
        with pytest.raises((InvalidInput, NotPermitted)):
            _open(served_notice, identity="110101199003074578", address=f"192.0.2.{i}")
    with pytest.raises(NotPermitted):
        _open(served_notice, address="192.0.2.200")


def test_a_statement_with_a_file_within_the_period(served_notice):
    submission = services.file_statement(
        served_notice,
        text="我方已于十月整改完毕，请从轻处理。",
        files=[("整改照片.png", io.BytesIO(PNG))],
    )
    assert submission.kind == Submission.Kind.STATEMENT and len(submission.digest) == 64
    (stored,) = submission.files.all()
    assert stored.file_name == "整改照片.png" and len(stored.blob.sha256) == 64
    entry = Entry.objects.get(subject_kind="partyaccess.submission", subject_id=str(submission.pk))
    assert stored.blob.sha256 in bytes(entry.body).decode()
    case = Case.objects.get(pk=served_notice.case_id)
    assert case.details["record_statement"]["statement"].startswith("我方已于十月整改完毕")
    assert events(case)[-1] == "cases.case.record_statement"
    assert selectors.receipt(submission.receipt_code) == submission


def test_a_file_of_another_type_is_refused_and_nothing_is_filed(served_notice):
    with pytest.raises(InvalidInput):
        services.file_statement(
            served_notice, text="见附件", files=[("a.exe", io.BytesIO(b"MZ\x90\x00" * 64))]
        )
    assert not Submission.objects.exists()


def test_a_hearing_request_engages_the_hearing_gate(served_notice, head):
    submission = services.request_hearing(served_notice, text="请求听证")
    case = Case.objects.get(pk=served_notice.case_id)
    assert case.state == "hearing" and case.hearing_requested
    assert submission.case_action == "request_hearing"
    assert events(case)[-1] == "cases.case.request_hearing"
    case.state = "notified"  # even were the state forced back, no decision before the hearing
    from openenforce.cases.gates import no_pending_hearing

    assert no_pending_hearing(case, None, datetime.date(2026, 11, 30)).reasons
    with pytest.raises(WrongState) as again:
        services.request_hearing(served_notice)
    assert again.value.code == "hearing_requested"


def test_no_hearing_for_a_light_penalty(team, officer, head):
    from django.utils import timezone

    from openenforce.deliveries.services import serve_document
    from openenforce.testing.cases import to_report
    from openenforce.testing.deliveries import issue

    case = to_report(team, officer, head, proposed_penalty_kinds=["warning"])
    delivery = serve_document(
        issue(case, officer, "prior_notice"),
        actor=officer,
        method="direct",
        recipient="张三",
        served_on=timezone.localdate(),
        signed_by="张三",
    )
    with pytest.raises(WrongState) as info:
        services.request_hearing(delivery)
    assert info.value.code == "hearing_not_available"
    assert [r.code for r in selectors.rights(delivery.case, timezone.localdate())] == ["defence"]


def test_after_the_periods_the_party_is_refused_and_told_what_remains(served_notice, clock):
    clock.shift(datetime.timedelta(days=10))
    with pytest.raises(WrongState) as statement:
        services.file_statement(served_notice, text="迟到的申辩")
    assert statement.value.code == "party_period_passed" and "2026-11-19" in str(statement.value)
    with pytest.raises(WrongState) as hearing:
        services.request_hearing(served_notice)
    assert hearing.value.code == "party_period_passed"
    today = datetime.date(2026, 11, 26)
    assert "行政复议" in selectors.remaining(served_notice.case, today)[0]
    assert not any(r.open for r in selectors.rights(served_notice.case, today))


def test_the_rights_name_their_deadlines_and_articles(served_notice):
    rights = {r.code: r for r in selectors.rights(served_notice.case, datetime.date(2026, 11, 16))}
    assert rights["defence"].due == datetime.date(2026, 11, 19) and rights["defence"].open
    assert "第四十五条" in rights["defence"].article
    assert rights["hearing_request"].open and "第六十四条" in rights["hearing_request"].article


def test_the_staff_stepper_shows_the_party_step(served_notice):
    from openenforce.cases.engine import lifecycle_of
    from openenforce.cases.progress import stepper

    services.request_hearing(served_notice)
    case = Case.objects.get(pk=served_notice.case_id)
    steps = {s.code: s for s in stepper(lifecycle_of(case), case.state, case)}
    assert any("听证" in words for words in steps["notified"].party)


def test_the_record_stays_verifiable(served_notice):
    from django.core.management import call_command

    _open(served_notice)
    services.file_statement(served_notice, text="申辩")
    services.request_hearing(served_notice)
    call_command("ledger", "verify")  # raises on any mismatch
