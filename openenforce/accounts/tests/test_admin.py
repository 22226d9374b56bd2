"""The Django admin's user list is scoped to the administrator's agency: an agency's
administrator with Django's user permissions sees, edits, unlocks and signs out only
their own agency's users; a superuser sees every agency's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from openenforce.accounts.models import User
from openenforce.accounts.services import create_user, save_user
from openenforce.ledger.models import Entry

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:accounts_user_changelist"


def _grant(user, actor, *codenames) -> User:
    """Django's permissions on users for ``user``, saved (and recorded) through the service."""
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
    )
    save_user(user, actor=actor)
    return User.objects.get(pk=user.pk)  # no cached permissions


@pytest.fixture
def user_admin(admin_user, system_actor):
    """The agency's administrator, given Django's permissions on users (what lets a staff
    account into the user list at all)."""
    return _grant(admin_user, system_actor, "view_user", "change_user")


@pytest.fixture
def superuser(system_actor):
    return create_user(
        "root", actor=system_actor, agency=None, password=PASSWORD, is_superuser=True
    )


def _listed(client) -> set[str]:
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    return {user.username for user in page.context["cl"].result_list}


def test_the_user_list_shows_only_the_administrators_agency(
    client_for, user_admin, officer, outsider, superuser
):
    listed = _listed(client_for(user_admin))
    assert {user_admin.username, officer.username} <= listed
    assert outsider.username not in listed
    assert superuser.username not in listed  # an account of no agency
    # Searching does not reach past the agency either.
    page = client_for(user_admin).get(reverse(CHANGELIST), {"q": outsider.username})
    assert list(page.context["cl"].result_list) == []
    # The agency filter offers the listed users' agencies only.
    assert outsider.agency.name not in page.content.decode()


def test_a_superuser_lists_every_agencys_users(client_for, superuser, officer, outsider):
    assert {officer.username, outsider.username} <= _listed(client_for(superuser))


def test_another_agencys_user_is_one_that_does_not_exist(client_for, user_admin, outsider):
    client = client_for(user_admin)
    change = client.get(reverse("admin:accounts_user_change", args=[outsider.pk]))
    assert change.status_code == 302 and change.url == reverse("admin:index")
    password = client.get(reverse("admin:auth_user_password_change", args=[outsider.pk]))
    assert password.status_code == 404
    history = client.get(reverse("admin:accounts_user_history", args=[outsider.pk]))
    assert history.status_code == 302
    # The own agency's users open as before.
    own = client.get(reverse("admin:accounts_user_change", args=[user_admin.pk]))
    assert own.status_code == 200


def test_the_list_actions_leave_another_agencys_users_alone(client_for, user_admin, outsider):
    theirs = Client()
    theirs.force_login(outsider)
    client_for(user_admin).post(
        reverse(CHANGELIST), {"action": "sign_out_everywhere", "_selected_action": [outsider.pk]}
    )
    assert theirs.get(reverse("home")).status_code == 200  # still signed in
    assert not Entry.objects.filter(
        event_type="accounts.user.sessions_revoked", subject_id=str(outsider.pk)
    ).exists()


def test_only_a_superuser_makes_superusers(client_for, user_admin, superuser, officer):
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    page = client_for(user_admin).get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="is_superuser"' in client_for(superuser).get(url).content.decode()


def test_a_user_added_by_an_agency_administrator_belongs_to_their_agency(
    client_for, user_admin, system_actor
):
    user_admin = _grant(user_admin, system_actor, "add_user")
    data = {
        "username": "newcomer",
        "usable_password": "true",
        "password1": "another long passphrase 77",
        "password2": "another long passphrase 77",
    }
    response = client_for(user_admin).post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = User.objects.get(username="newcomer")
    assert added.agency_id == user_admin.agency_id
    assert response.url == reverse("admin:accounts_user_change", args=[added.pk])


def _change_form_data(page) -> dict:
    """What the user's change page would post back unchanged (its form and inlines)."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "password" or value is None:
            continue
        if name in ("last_login", "date_joined"):
            data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d"), "00:00:00"
        elif isinstance(value, list | tuple) or hasattr(value, "all"):
            data[name] = [
                getattr(v, "pk", v) for v in (value.all() if hasattr(value, "all") else value)
            ]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    return data


def test_a_superuser_granting_permissions_in_the_admin_keeps_the_record_true(
    client_for, superuser, officer
):
    """Groups and permissions belong to the account's recorded row: granting them in the
    admin records the account again (the record check after the test would fail if not)."""
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[officer.pk])
    data = _change_form_data(client.get(url))
    permission = Permission.objects.get(content_type__app_label="accounts", codename="view_user")
    data["user_permissions"] = [permission.pk]
    before = Entry.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=officer.pk).has_perm("accounts.view_user")
    assert Entry.objects.count() > before


def test_departments_and_api_tokens_are_scoped_and_tokens_are_revoked_through_the_record(
    client_for, user_admin, officer, outsider, system_actor
):
    from openenforce.accounts.models import ApiToken, Department
    from openenforce.accounts.services import issue_api_token, save_department

    for user, codes in ((user_admin, ("view_department", "view_apitoken", "change_apitoken")),):
        _grant(user, system_actor, *codes)
    mine = save_department(
        Department(agency=officer.agency, code="d1", name="本局科室"), actor=system_actor
    )
    theirs = save_department(
        Department(agency=outsider.agency, code="d2", name="他局科室"), actor=system_actor
    )
    issue_api_token(officer, actor=system_actor, name="own")
    issue_api_token(outsider, actor=system_actor, name="theirs")
    client = client_for(User.objects.get(pk=user_admin.pk))
    departments = client.get(reverse("admin:accounts_department_changelist"))
    listed = {d.pk for d in departments.context["cl"].result_list}
    assert mine.pk in listed and theirs.pk not in listed
    tokens = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert {t.name for t in tokens.context["cl"].result_list} == {"own"}
    own, other = ApiToken.objects.get(name="own"), ApiToken.objects.get(name="theirs")
    # A token's page is read only (a change there would bypass the record) ...
    page = client.get(reverse("admin:accounts_apitoken_change", args=[own.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    # ... and revoking goes through the service, for the own agency's tokens only.
    before = Entry.objects.count()
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [own.pk, other.pk]},
    )
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None
    assert Entry.objects.count() == before + 1
