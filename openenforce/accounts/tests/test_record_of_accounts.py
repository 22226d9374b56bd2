"""Accounts in the record: logging in is not a change of state; admin edits are recorded."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from openenforce.accounts.models import User
from openenforce.accounts.services import create_user
from openenforce.ledger.models import Entry
from openenforce.ledger.verify import verify_database
from openenforce.testing.record import tamper

pytestmark = pytest.mark.django_db


def test_logging_in_leaves_the_record_verifiable(client, officer):
    # Through the log-in page: django-axes checks every password log-in against its request.
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(pk=officer.pk).last_login is not None
    assert verify_database() == []


def test_a_password_change_leaves_the_record_verifiable(officer):
    officer.set_password("another long passphrase 77")
    officer.save(update_fields=["password"])
    assert verify_database() == []


@pytest.mark.tampers
def test_an_edit_behind_the_applications_back_is_still_caught(officer):
    tamper(User.objects.filter(pk=officer.pk), is_active=False)
    problems = [(p.kind, p.name, p.message) for p in verify_database()]
    assert problems == [
        ("row", f"accounts.user {officer.pk}", "differs from its last recorded state")
    ]


def test_the_admin_saves_users_through_the_service(client, system_actor, agency, officer):
    root = create_user(
        "root", actor=system_actor, agency=None, password=PASSWORD, is_superuser=True
    )
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "display_name": "改名后",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        }
    )
    data["last_login_0"], data["last_login_1"] = "", ""
    data["date_joined_0"] = officer.date_joined.strftime("%Y-%m-%d")
    data["date_joined_1"] = officer.date_joined.strftime("%H:%M:%S")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=officer.pk).display_name == "改名后"
    latest = Entry.objects.filter(subject_kind="accounts.user", subject_id=str(officer.pk))
    assert latest.order_by("-sequence").first().event_type == "accounts.user.updated"
    assert verify_database() == []


def test_the_admin_never_deletes_users(client, system_actor, officer):
    root = create_user(
        "root", actor=system_actor, agency=None, password=PASSWORD, is_superuser=True
    )
    client.force_login(root)
    response = client.post(
        reverse("admin:accounts_user_delete", args=[officer.pk]), {"post": "yes"}
    )
    assert response.status_code in (302, 403)
    assert User.objects.filter(pk=officer.pk).exists()
