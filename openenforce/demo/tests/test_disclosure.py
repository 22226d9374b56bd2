"""The demo publications: a populated portal and a queue with work, idempotent."""

from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings

from openenforce.accounts.services import get_system_actor
from openenforce.demo import services as demo_services
from openenforce.demo.scenarios import disclosure as demo
from openenforce.disclosure import selectors
from openenforce.disclosure.models import Publication

pytestmark = pytest.mark.slow
FAST = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The base demo (agencies, users, catalogue, cases) and then only this app's demo."""
    with (
        django_db_blocker.unblock(),
        FAST,
        mock.patch.object(demo_services, "SCENARIOS", ()),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_services.load_demo(
                actor=get_system_actor(), password="demo-test-password", year=False
            )
            yield demo.load_demo(actor=get_system_actor())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded(loaded_demo, db):
    return loaded_demo


def test_the_portal_is_populated(loaded):
    counts = demo.demo_counts()
    assert counts["published"] >= 20
    assert counts["withdrawn"] == 1
    assert selectors.public_items().count() >= 21
    kinds = set(selectors.public_items().values_list("kind", flat=True))
    assert kinds == set(Publication.Kind.values)


def test_personal_data_is_masked_and_protected_items_are_not(loaded):
    item = Publication.objects.get(title__startswith="对刘某")
    assert "刘建国" not in item.masked_text and "13904315678" not in item.masked_text
    assert "明湖路88号" not in item.masked_text
    assert item.agency.name in item.masked_text
    assert "罚决字" in item.masked_text  # the document number stays


def test_withdrawn_and_corrected_items_show_their_notice_and_log(loaded):
    withdrawn = Publication.objects.get(title=demo.WITHDRAWN_TITLE)
    view = selectors.public_view(selectors.get_public_item(withdrawn.pk))
    assert view.withdrawn and "行政复议" in view.withdrawal_reason and view.text == ""
    corrected = Publication.objects.get(title=demo.CORRECTED_TITLE)
    view = selectors.public_view(selectors.get_public_item(corrected.pk))
    assert len(view.corrections) == 1 and "2030年12月31日" in view.text


def test_the_queue_has_due_soon_overdue_and_scheduled_drafts(loaded):
    flags = selectors.flags(Publication.objects.all())
    assert flags.due_soon >= 1 and flags.overdue >= 1 and flags.corrections == 1
    assert Publication.objects.get(title=demo.SCHEDULED_TITLE).status == "scheduled"


def test_a_second_load_creates_nothing(loaded):
    assert loaded
    assert demo.load_demo(actor=get_system_actor()) == []
