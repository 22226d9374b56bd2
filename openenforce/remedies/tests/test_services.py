"""Registering reconsideration and litigation against a decision, and their outcomes."""

from __future__ import annotations

import pytest

from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.remedies.models import Remedy
from openenforce.remedies.services import record_remedy_outcome, register_remedy
from openenforce.testing.cases import WRITTEN, D
from openenforce.testing.team import bystander

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md


def _events(remedy) -> list[str]:
    rows = Entry.objects.filter(subject_kind="remedies.remedy", subject_id=str(remedy.pk))
    return list(rows.order_by("sequence").values_list("event_type", flat=True))


@pytest.mark.django_db
def test_a_reconsideration_revoking_the_decision_corrects_it(decided, head):
    case = decided()
    remedy = register_remedy(
        case, actor=head, kind="reconsideration", body="长春市人民政府", filed_on=D(2026, 10, 8)
    )
    assert (remedy.result, remedy.corrects, remedy.instance) == ("", False, "")
    remedy = record_remedy_outcome(
        remedy, actor=head, result="revoked", decided_on=D(2026, 11, 10), note="事实不清"
    )
    remedy.refresh_from_db()
    assert (remedy.result, remedy.decided_on, remedy.corrects) == (
        "revoked",
        D(2026, 11, 10),
        True,
    )
    assert _events(remedy) == ["remedies.remedy.registered", "remedies.remedy.decided"]
    entry = Entry.objects.filter(event_type="remedies.remedy.decided").get()
    assert entry.agency_id == case.agency_id
    assert list(Remedy.objects.correcting()) == [remedy]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("result", "corrects"),
    [
        ("upheld", False),
        ("dismissed", False),
        ("withdrawn", False),
        ("settled", False),
        ("changed", True),
        ("confirmed_illegal", True),
        ("ordered_to_act", True),
    ],
)
def test_which_outcomes_correct(decided, head, result, corrects):
    remedy = register_remedy(
        decided(), actor=head, kind="litigation", body="南关区人民法院", filed_on=D(2026, 10, 8)
    )
    assert remedy.instance == "first"
    remedy = record_remedy_outcome(remedy, actor=head, result=result, decided_on=D(2026, 11, 1))
    assert remedy.corrects is corrects


@pytest.mark.django_db
def test_an_appeal_follows_a_first_instance_judgment(decided, head, reviewer):
    case = decided()
    with pytest.raises(InvalidInput) as info:
        register_remedy(
            case,
            actor=head,
            kind="litigation",
            body="长春市中级人民法院",
            filed_on=D(2026, 10, 8),
            instance="second",
        )
    assert info.value.problems[0].field == "instance"
    first = register_remedy(
        case, actor=head, kind="litigation", body="南关区人民法院", filed_on=D(2026, 10, 8)
    )
    record_remedy_outcome(first, actor=head, result="upheld", decided_on=D(2026, 10, 30))
    second = register_remedy(
        case,
        actor=reviewer,  # the legal office answers litigation
        kind="litigation",
        body="长春市中级人民法院",
        filed_on=D(2026, 11, 5),
        instance="second",
    )
    assert second.instance == "second"


@pytest.mark.django_db
def test_refusals(decided, team, officer, head, outsider):
    case = decided()
    with pytest.raises(InvalidInput) as info:
        register_remedy(case, actor=head, kind="appeal", body="", filed_on=D(2026, 9, 1))
    assert {p.field for p in info.value.problems} == {"kind", "body", "filed_on"}
    with pytest.raises(InvalidInput):
        register_remedy(
            case,
            actor=head,
            kind="reconsideration",
            body="市政府",
            filed_on=D(2026, 10, 8),
            instance="first",
        )
    with pytest.raises(NotPermitted):
        register_remedy(
            case,
            actor=bystander(team),
            kind="reconsideration",
            body="市政府",
            filed_on=D(2026, 10, 8),
        )
    with pytest.raises(NotFound):
        register_remedy(
            case, actor=outsider, kind="reconsideration", body="市政府", filed_on=D(2026, 10, 8)
        )
    undecided = team.open(actor=officer)
    with pytest.raises(WrongState):
        register_remedy(
            undecided, actor=head, kind="reconsideration", body="市政府", filed_on=D(2026, 10, 8)
        )
    remedy = register_remedy(
        case, actor=head, kind="reconsideration", body="市政府", filed_on=D(2026, 10, 8)
    )
    with pytest.raises(InvalidInput) as info:
        record_remedy_outcome(remedy, actor=head, result="won", decided_on=D(2026, 10, 1))
    assert {p.field for p in info.value.problems} == {"result", "decided_on"}
    record_remedy_outcome(remedy, actor=officer, result="upheld", decided_on=D(2026, 11, 1))
    with pytest.raises(WrongState):
        record_remedy_outcome(remedy, actor=head, result="revoked", decided_on=D(2026, 11, 2))
    remedy.refresh_from_db()
    assert remedy.result == "upheld"
    assert Remedy.objects.count() == 1
