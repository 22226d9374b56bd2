"""The remedies demo and the facts of the demo decisions: reconsiderations upheld and
revoked, a litigation lost and one pending, leniency and the judiciary's acceptance."""

from __future__ import annotations

from decimal import Decimal

from openenforce.accounts.services import get_system_actor
from openenforce.cases.models import Case
from openenforce.demo import services as demo
from openenforce.demo.scenarios import remedies as remedies_demo
from openenforce.remedies.models import Remedy


def test_demo_remedies_and_decision_facts(db, monkeypatch):
    monkeypatch.setattr(demo, "SCENARIOS", (remedies_demo,))
    actor = get_system_actor()
    demo.load_demo(actor=actor, password="demo password 2026", year=False)
    results = sorted(Remedy.objects.values_list("kind", "result"))
    assert results == [
        ("litigation", ""),
        ("litigation", "confirmed_illegal"),
        ("reconsideration", "revoked"),
        ("reconsideration", "upheld"),
    ]
    assert Remedy.objects.correcting().count() == 2
    mitigated = Case.objects.get(title="悦来宾馆公共场所卫生不合格（执行中）")
    assert (mitigated.mitigated, mitigated.amount_forgone) == (True, Decimal("2000.00"))
    not_penalised = Case.objects.get(title="启明培训学校未备案招生（不予处罚）")
    assert not_penalised.amount_forgone == Decimal("5000.00")
    transferred = Case.objects.get(title="星光娱乐涉嫌犯罪（移送司法）")
    assert transferred.judiciary_accepted_on is not None
    assert Case.objects.counted_inspections().exists()
    assert remedies_demo.load_demo(actor=actor) == []
