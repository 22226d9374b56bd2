"""The demo cases: made through the engine, idempotent, varied, and their record verifies."""

import pytest
from django.db import transaction
from django.test import override_settings

from openenforce.accounts.services import get_system_actor
from openenforce.cases.models import Case, ClockSuspension
from openenforce.catalog.models import EnforcementCategory
from openenforce.demo.scenarios.cases import SPECS, load_demo_cases
from openenforce.demo.services import load_demo
from openenforce.ledger.models import Entry
from openenforce.ledger.verify import verify_database
from openenforce.reviews.models import CollectiveDiscussion, LegalReview
from openenforce.testing.record import tamper

pytestmark = pytest.mark.slow

FAST = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), FAST:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo(actor=get_system_actor(), password="demo-test-password", year=False)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db):
    return demo


def test_every_demo_case_is_made_and_every_category_appears(loaded):
    titles = set(Case.objects.values_list("title", flat=True))
    assert {spec.title for spec in SPECS} <= titles
    assert set(Case.objects.values_list("category", flat=True)) == set(EnforcementCategory.values)
    assert len(set(Case.objects.values_list("procedure", "state"))) >= 20


def test_the_showcases_are_there(loaded):
    assert Case.objects.overdue().exists()
    assert Case.objects.filter(hearing_held=True).exists()
    assert ClockSuspension.objects.filter(end__isnull=True).exists()
    assert Case.objects.filter(procedure="penalty_simplified").exists()
    child = Case.objects.get(parent_case__procedure="inspection")
    assert child.procedure == "penalty_ordinary"
    assert LegalReview.objects.filter(outcome="disagree").exists()
    assert CollectiveDiscussion.objects.filter(review__outcome="disagree").exists()


def test_loading_again_writes_nothing(loaded):
    entries = Entry.objects.count()
    assert load_demo_cases(actor=get_system_actor()) == []
    assert Entry.objects.count() == entries


def test_the_record_of_the_demo_verifies(loaded):
    assert verify_database() == []


@pytest.mark.tampers
def test_editing_a_demo_case_behind_the_applications_back_is_caught(loaded):
    case = Case.objects.get(title=SPECS[0].title)
    tamper(Case.objects.filter(pk=case.pk), title="改过的案由")
    problems = verify_database()
    assert any(f"cases.case {case.pk}" in str(p) for p in problems)
