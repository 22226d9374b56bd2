"""Garbage a client can send never causes a 500, and every refusal has the error shape."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openenforce.catalog.models import EnforcementField
from openenforce.catalog.services import save_entry
from openenforce.testing.api import api_as

pytestmark = pytest.mark.django_db

API = "/api/v1/catalog"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The fixture users' passwords need no real hashing here (it takes ~0.2 s each)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client(admin_user, agency, system_actor):
    save_entry(EnforcementField(agency=agency, code="F1", name="民政"), actor=system_actor)
    return api_as(admin_user)


def assert_handled(response) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body["code"], str)
        assert isinstance(body["message"], str)
        assert isinstance(body["problems"], list)


MATTER = {"code": "M1", "name": "事项", "category": "penalty", "field": "F1"}

GARBAGE_BODIES = [
    {**MATTER, "time_limit_days": 10**30},
    {**MATTER, "time_limit_days": 2**63},
    {**MATTER, "time_limit_days": -1},
    {**MATTER, "name": "长" * 10_000},
    {**MATTER, "name": ["list"]},
    {**MATTER, "name": None},
    {**MATTER, "bases": "B1"},
    {**MATTER, "bases": [None, 1, {}]},
    {**MATTER, "field": {"code": "F1"}},
    {**MATTER, "code": ""},
    {**MATTER, "code": "a b"},
    {**MATTER, "code": "码" * 41},
    {**MATTER, "category": None},
    {**MATTER, "extra": "ignored?"},
    [],
    "string",
    12,
    None,
]


@pytest.mark.parametrize("body", GARBAGE_BODIES)
def test_garbage_matter_bodies(client, body):
    assert_handled(client.post(f"{API}/matters/", raw=json.dumps(body)))


GARBAGE_REVIEW_VALUES = [
    ("fine_threshold_org", "1e400"),
    ("fine_threshold_org", "NaN"),
    ("fine_threshold_org", "Infinity"),
    ("fine_threshold_org", 1e308),
    ("fine_threshold_org", "123456789012345678.99"),
    ("fine_threshold_org", "0.001"),
    ("penalty_kinds", ["fine", "fine"]),
    ("penalty_kinds", "fine"),
    ("hearing_held", "maybe"),
]


@pytest.mark.parametrize(("name", "value"), GARBAGE_REVIEW_VALUES)
def test_garbage_review_values(client, name, value):
    body = {"code": "V1", "name": "条目", "ground": "complex", name: value}
    assert_handled(client.post(f"{API}/review-entries/", body))


@pytest.mark.parametrize(
    "valid_to", ["2026-02-30", "0000-01-01", "9999-12-31", "2026-1-1", "1e9", 20260101]
)
def test_garbage_certificate_dates(client, valid_to, agency, system_actor):
    from openenforce.catalog.models import Officer

    save_entry(Officer(agency=agency, code="O1", name="王五"), actor=system_actor)
    body = {
        "number": "C1",
        "officer": "O1",
        "issuing_authority": "省政府",
        "fields": ["F1"],
        "valid_from": "2025-01-01",
        "valid_to": valid_to,
    }
    assert_handled(client.post(f"{API}/certificates/", body))


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        f"page={10**20}",
        f"page_size={10**20}",
        "page_size=0",
        "agency=../../etc",
        "agency=%27%20OR%201%3D1--",
        "q=%25%5F%5C",
        "q=" + "长" * 2000,
        "category[]=x",
        "status=nonsense",
    ],
)
def test_garbage_query_strings(client, query):
    assert_handled(client.get(f"{API}/matters/?{query}"))


@pytest.mark.parametrize(
    "code", ["%E2%80%AE", "..%2F..%2Fagencies", "x" * 1000, "%20", "%F0%9F%98%80", "F1%3B"]
)
def test_garbage_codes_in_paths(client, code):
    assert_handled(client.get(f"{API}/fields/{code}"))
    assert_handled(client.patch(f"{API}/fields/{code}", {"name": "x"}))
    assert_handled(client.post(f"{API}/certificates/{code}/events", {"kind": "x"}))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
matter_keys = st.sampled_from([*MATTER, "bases", "time_limit_days", "time_limit_kind", "fees"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.dictionaries(matter_keys, json_values, max_size=6) | json_values)
def test_arbitrary_json_never_causes_a_500(client, body):
    assert_handled(client.post(f"{API}/matters/", body if body is not None else {}))
    assert_handled(client.patch(f"{API}/matters/M1", body if body is not None else {}))
