"""The supervisor (justice bureau) on the workbench: reads the supervised agencies' cases
with an agency column and filter, is never offered what they cannot do."""

import re

import pytest
from django.urls import reverse

from openenforce.accounts.models import Role
from openenforce.testing.cases import WRITTEN
from openenforce.testing.team import Team

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


@pytest.fixture
def elsewhere(other_agency, system_actor):
    """A case of an agency the justice bureau does not supervise."""
    team = Team(other_agency, system_actor, prefix="X")
    team.officer("O1", user=team.user("x-officer", Role.OFFICER))
    case = team.open(actor=team.user("x-officer2", Role.OFFICER), handlers=("O1",))
    return case


def _list(client, query=""):
    return client.get(reverse("workbench:list") + query)


def test_the_supervisor_lists_supervised_cases_with_the_agency(
    team, officer, supervisor, elsewhere, client_for
):
    case = team.open(actor=officer)
    client = client_for(supervisor)
    page = _list(client)
    assert page.status_code == 200
    assert case.title in page.text and "长春新区社会事业发展局" in page.text  # the column
    assert reverse("workbench:case", args=[elsewhere.pk]) not in page.text
    assert '<select name="agency">' in page.text and "长春新区司法局" in page.text  # the filter
    assert "某市市场监督管理局" not in page.text  # only readable agencies are offered
    assert "我的案件" not in page.text  # no "my cases" tab: a supervisor handles none


def test_the_agency_filter_is_scoped(
    team, officer, supervisor, justice_bureau, agency, other_agency, elsewhere, client_for
):
    case = team.open(actor=officer)
    url = reverse("workbench:case", args=[case.pk])
    client = client_for(supervisor)
    assert url in _list(client, f"?agency={agency.pk}").text
    assert url not in _list(client, f"?agency={justice_bureau.pk}").text
    for junk in (str(other_agency.pk), "²", "99999999999999999999", "-1", "abc", "1 OR 1=1"):
        response = _list(client, f"?agency={junk}")
        assert response.status_code == 200, junk
        assert "0 件案件" in response.text, junk
        assert reverse("workbench:case", args=[elsewhere.pk]) not in response.text
    due = client.get(reverse("workbench:due") + "?agency=²")
    assert due.status_code == 200


def test_one_agency_shows_neither_filter_nor_column(team, officer, client_for):
    team.open(actor=officer)
    page = _list(client_for(officer), "?scope=agency").text
    assert 'name="agency"' not in page and "机关</th>" not in page
    assert reverse("workbench:new") in page  # an officer with matters opens cases


def test_the_due_list_names_the_agency(team, officer, head, supervisor, client_for):
    from openenforce.testing.cases import to_report

    to_report(team, officer, head)
    page = client_for(supervisor).get(reverse("workbench:due")).text
    assert "长春新区社会事业发展局" in page and '<select name="agency">' in page


def test_no_new_case_for_the_supervisor(team, supervisor, client_for):
    client = client_for(supervisor)
    assert reverse("workbench:new") not in _list(client).text
    refused = client.get(reverse("workbench:new"))
    assert refused.status_code == 403 and "只有" in refused.text
    data = {"procedure": "penalty_ordinary", "matter": team.matters["penalty"].pk, "title": "监督"}
    assert client.post(reverse("workbench:new"), data).status_code == 403


def test_no_new_case_without_active_matters(other_agency, system_actor, client_for):
    from openenforce.accounts.services import create_user

    officer = create_user(
        "lonely",
        actor=system_actor,
        agency=other_agency,
        roles=[Role.OFFICER],
        password="correct horse battery 42",  # noqa: S106
        display_name="lonely",
    )
    client = client_for(officer)
    assert reverse("workbench:new") not in _list(client).text
    assert client.get(reverse("workbench:new")).status_code == 403


def test_no_action_forms_on_the_case_page_for_the_supervisor(
    team, officer, head, supervisor, client_for
):
    from openenforce.testing.cases import to_report

    case = to_report(team, officer, head)
    page = client_for(supervisor).get(reverse("workbench:case", args=[case.pk]))
    assert page.status_code == 200
    posts = re.findall(r'<form[^>]*method="post"[^>]*>', page.text, flags=re.IGNORECASE)
    chrome = ("/accounts/logout/", "/i18n/setlang/")  # the layout's own forms
    assert [f for f in posts if not any(url in f for url in chrome)] == []
    assert reverse("documents:issue", args=[case.pk]) not in page.text
    act = reverse("workbench:act", args=[case.pk, "serve_prior_notice"])
    assert client_for(supervisor).post(act, {}).status_code in (403, 409)
    assert case.__class__.objects.get(pk=case.pk).state == case.state


def test_the_start_page_shows_the_supervisor_what_is_overdue(
    team, officer, head, supervisor, client_for
):
    page = client_for(supervisor).get(reverse("home")).text
    assert 'id="supervision"' in page and "超期案件" in page
    assert reverse("workbench:list") + "?due=overdue" in page
    # The supervised agencies' warnings not yet resolved, leading to their list.
    assert "未解除的预警" in page and reverse("alerts:list") in page
    assert 'id="supervision"' not in client_for(officer).get(reverse("home")).text
