"""Schemathesis against the API's OpenAPI document, through the WSGI app (no network):
every operation, as an officer with a bearer token and anonymously, fails on any 5xx and
on a response that violates its documented schema (issue 22)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from openenforce.accounts.services import issue_api_token
from openenforce.api import api

pytestmark = [pytest.mark.slow, pytest.mark.once, pytest.mark.django_db]

# The document as /api/v1/openapi.json serves it (built here: loading it through the app
# at collection time would need the database).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,  # no example database: each run starts afresh, as in CI
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The app is called as a server calls it, so each request's end would close the
    database connection (Django's ``close_old_connections``), and with it the test's
    transaction on PostgreSQL; Django's test client leaves it open, and so do we here."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(officer, system_actor, team):
    return issue_api_token(officer, actor=system_actor)


@schema.parametrize()
@EXAMPLES
def test_api_as_an_officer(case, officer_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {officer_token}"}, checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_api_anonymously(case):
    case.call_and_validate(checks=CHECKS)
