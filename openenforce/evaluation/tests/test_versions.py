"""Versions: a published version never changes; a change is a new version."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openenforce.core.errors import InvalidInput, WrongState
from openenforce.evaluation import services
from openenforce.evaluation.models import Grade, RubricVersion
from openenforce.evaluation.tests.helpers import item, small_spec

pytestmark = pytest.mark.django_db


def _import(spec, supervisor, bureau):
    return services.import_version(spec, agency=bureau, actor=supervisor)


def test_publish_then_a_change_is_a_new_version(supervisor, justice_bureau):
    first = _import(small_spec(), supervisor, justice_bureau)
    services.publish_version(first, actor=supervisor)
    first.refresh_from_db()
    assert (first.status, first.published_by) == ("published", supervisor)
    assert first.rubric.current() == first
    with pytest.raises(WrongState):
        services.publish_version(first, actor=supervisor)
    with pytest.raises(WrongState):
        services.discard_version(first, actor=supervisor)

    changed = small_spec(passed_from=Decimal("70"))
    second = _import(changed, supervisor, justice_bureau)
    assert (second.number, second.status, second.rubric_id) == (2, "draft", first.rubric_id)
    assert first.rubric.current() == first  # the draft is not in force
    services.publish_version(second, actor=supervisor)
    assert first.rubric.current() == second
    first.refresh_from_db()
    assert (first.status, first.passed_from, first.items.count()) == ("published", 60, 5)


def test_the_same_content_as_in_force_is_refused(supervisor, justice_bureau):
    services.publish_version(_import(small_spec(), supervisor, justice_bureau), actor=supervisor)
    with pytest.raises(InvalidInput) as refused:
        _import(small_spec(), supervisor, justice_bureau)
    assert refused.value.code == "rubric_refused"


def test_a_new_draft_replaces_the_old_draft(supervisor, justice_bureau):
    first = _import(small_spec(), supervisor, justice_bureau)
    second = _import(small_spec(title="测试评查标准（修订）"), supervisor, justice_bureau)
    first.refresh_from_db()
    assert (first.status, second.status, second.number) == ("discarded", "draft", 2)
    services.discard_version(second, actor=supervisor)
    assert not RubricVersion.objects.filter(status="draft").exists()


def test_grades_follow_the_bands_and_any_veto_fails(supervisor, justice_bureau):
    version = _import(small_spec(), supervisor, justice_bureau)
    assert version.grade(Decimal("95"), vetoed=False) == Grade.EXCELLENT
    assert version.grade(Decimal("90"), vetoed=False) == Grade.EXCELLENT
    assert version.grade(Decimal("89.5"), vetoed=False) == Grade.PASSED
    assert version.grade(Decimal("60"), vetoed=False) == Grade.PASSED
    assert version.grade(Decimal("59.5"), vetoed=False) == Grade.FAILED
    assert version.grade(Decimal("100"), vetoed=True) == Grade.FAILED


def test_an_item_deducts_to_zero_and_no_further(supervisor, justice_bureau):
    spec = small_spec(
        items=[item("L1", points="5")], excellent_from=Decimal(4), passed_from=Decimal(3)
    )
    version = _import(spec, supervisor, justice_bureau)
    only = version.items.get()
    assert only.score(Decimal("2")) == Decimal("3")
    assert only.score(Decimal("8")) == Decimal(0)


def test_the_record_is_silent_after_honest_use(supervisor, justice_bureau):
    """Load, import, replace, discard and publish: ``ledger verify`` finds nothing."""
    from openenforce.accounts.services import get_system_actor
    from openenforce.ledger.verify import verify_database

    services.load_shipped(justice_bureau, actor=get_system_actor(), trusted=True)
    first = _import(small_spec(), supervisor, justice_bureau)
    second = _import(small_spec(title="修订"), supervisor, justice_bureau)
    services.discard_version(second, actor=supervisor)
    third = _import(small_spec(passed_from=Decimal("65")), supervisor, justice_bureau)
    services.publish_version(third, actor=supervisor)
    first.refresh_from_db()
    assert first.status == "discarded"
    assert verify_database() == []
