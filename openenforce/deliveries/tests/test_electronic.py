"""Electronic service by the system (行政处罚法 Art 61; 民事诉讼法 Art 90): only with the
party's recorded consent and signed confirmation, on a channel they accepted; the document
is made available, the moment it reached the channel kept, and the deemed-served day starts
the time limits and takes the case's action."""

import pytest
from django.core import mail
from django.utils import timezone

from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.deliveries import services
from openenforce.deliveries.models import Delivery, ElectronicConsent
from openenforce.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def consent(case, user, **kwargs):
    kwargs.setdefault("channels", ["party_page"])
    kwargs.setdefault("reference", "电子送达确认书（2026）第1号")
    kwargs.setdefault("signed_on", timezone.localdate())
    return services.record_electronic_consent(case, actor=user, **kwargs)


def test_without_consent_electronic_service_is_refused(decision, officer):
    with pytest.raises(WrongState) as info:
        services.serve_electronically(decision, actor=officer, channel="party_page")
    assert info.value.code == "electronic_no_consent" and "第六十一条" in info.value.article
    assert not Delivery.objects.exists()


def test_a_consented_party_is_served_on_their_page_and_the_periods_start(decision, officer):
    given = consent(decision.case, officer)
    entry = Entry.objects.get(subject_kind="deliveries.electronicconsent", subject_id=str(given.pk))
    assert entry.event_type == "deliveries.electronicconsent.given"
    before = timezone.now()
    delivery = services.serve_electronically(decision, actor=officer, channel="party_page")
    today = timezone.localdate()
    assert delivery.method == "electronic" and delivery.reached_at >= before
    assert delivery.served_on == delivery.deemed_served_on == today
    assert delivery.consent_reference == given.reference and delivery.party_code
    case = decision.case
    case.refresh_from_db()
    assert case.state == "execution"  # serve_decision taken with the deemed-served day
    assert [d["code"] for d in delivery.deadlines] == ["payment", "reconsideration", "litigation"]
    assert case.deadlines.get(kind="payment").start == today


def test_by_e_mail_the_message_carries_the_code(decision, officer):
    consent(decision.case, officer, channels=["email", "party_page"], email="party@example.org")
    delivery = services.serve_electronically(decision, actor=officer, channel="email")
    (message,) = mail.outbox
    assert message.to == ["party@example.org"] and decision.number in message.subject
    assert delivery.party_code_display in message.body
    assert delivery.electronic_address == "party@example.org"


def test_a_channel_the_party_did_not_accept_is_refused(decision, officer):
    consent(decision.case, officer)
    with pytest.raises(WrongState) as info:
        services.serve_electronically(decision, actor=officer, channel="email")
    assert info.value.code == "electronic_channel_not_accepted"
    assert not mail.outbox and not Delivery.objects.exists()


def test_a_consent_needs_channels_an_address_for_e_mail_and_a_confirmation(decision, officer):
    for kwargs, field in (
        ({"channels": []}, "channels"),
        ({"channels": ["fax"]}, "channels"),
        ({"channels": ["email"], "email": "not an address"}, "email"),
        ({"reference": ""}, "reference"),
    ):
        with pytest.raises(InvalidInput) as info:
            consent(decision.case, officer, **kwargs)
        assert info.value.problems[0].field == field
    assert not ElectronicConsent.objects.exists()


def test_only_those_who_work_on_the_case_record_a_consent(decision, supervisor, outsider):
    from openenforce.core.errors import NotFound

    with pytest.raises(NotFound):
        consent(decision.case, outsider)
    with pytest.raises((NotPermitted, NotFound)):
        consent(decision.case, supervisor)


def test_the_party_consents_online(decision, officer):
    online = services.record_electronic_consent(
        decision.case, actor=None, channels=["party_page"], form="online"
    )
    assert online.form == "online" and online.recorded_by is None and online.reference
    with pytest.raises(InvalidInput):  # staff never "confirm online" for the party
        services.record_electronic_consent(
            decision.case, actor=officer, channels=["party_page"], form="online"
        )
