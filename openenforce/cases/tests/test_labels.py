"""A case's record events in words: ``cases.case.<action>`` by the action's label, in the
reader's language; the code stays the event's name in the record."""

from django.utils import translation

from openenforce.cases.lifecycles import LIFECYCLES
from openenforce.ledger.labels import event_label


def test_every_action_of_every_procedure_is_named_by_its_label():
    with translation.override("zh-hans"):
        assert event_label("cases.case.approve_filing") == "批准立案"
        assert event_label("cases.case.opened") == "登记案件"
        assert event_label("cases.party.added") == "添加当事人"
        for lifecycle in LIFECYCLES.values():
            for action in lifecycle.actions:
                label = event_label(f"cases.case.{action.code}")
                assert label and not any("a" <= c.lower() <= "z" for c in label), action.code
    with translation.override("en"):
        assert event_label("cases.case.opened") == "Case opened"
        assert event_label("cases.party.added") == "Party added"


def test_an_unknown_case_event_falls_back_to_thing_and_verb():
    with translation.override("zh-hans"):
        assert event_label("cases.case.updated") == "案件 · 修改"
