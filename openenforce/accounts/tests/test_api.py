"""The API foundation: authentication, scoping of /me and /agencies/, the error shape."""

import logging
import re

import pytest
from django.test import Client

from openenforce.accounts.models import ApiToken
from openenforce.accounts.services import issue_api_token, revoke_api_token
from openenforce.testing.api import ApiClient, api_as
from openenforce.testing.record import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The fixture users' passwords need no real hashing here (it takes ~0.2 s each)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert set(body) == {"code", "message", "article", "problems"}
    assert body["message"]
    return body


# ---------------------------------------------------------------- authentication


def test_a_token_authenticates_its_user(officer, agency):
    body = api_as(officer).get("/api/v1/me").json()
    assert body["username"] == "officer"
    assert body["agency"] == {"code": agency.code, "name": agency.name}
    assert body["roles"] == ["officer"]
    assert body["visible_agencies"] == [agency.code]


def test_no_token_is_401_json_not_a_login_redirect(db):
    response = api_as().get("/api/v1/me")
    body = assert_error(response, 401, "not_authenticated")
    assert "Bearer" in body["message"]
    assert response["WWW-Authenticate"] == "Bearer"
    assert not response.has_header("Location")


def test_a_revoked_token_is_401(officer, system_actor):
    raw = issue_api_token(officer, actor=system_actor)
    assert ApiClient(raw).get("/api/v1/me").status_code == 200
    revoke_api_token(ApiToken.objects.get(user=officer), actor=system_actor)
    assert_error(ApiClient(raw).get("/api/v1/me"), 401, "not_authenticated")


@pytest.mark.tampers
def test_the_token_of_a_deactivated_user_is_401(officer, system_actor):
    raw = issue_api_token(officer, actor=system_actor)
    tamper(type(officer).objects.filter(pk=officer.pk), is_active=False)
    assert_error(ApiClient(raw).get("/api/v1/me"), 401, "not_authenticated")


@pytest.mark.parametrize("header", ["Bearer oe_guess", "Bearer ", "Basic b2ZmaWNlcjp4", "oe_x"])
def test_malformed_or_unknown_credentials_are_401(officer, header):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert_error(response, 401, "not_authenticated")


def test_the_staff_session_reads_the_api(client_for, officer):
    assert client_for(officer).get("/api/v1/me").json()["username"] == "officer"


def test_a_session_write_needs_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    body = {"code": "F9", "name": "文化"}
    refused = client.post("/api/v1/catalog/fields/", body, content_type="application/json")
    assert_error(refused, 403, "csrf_failed")
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    allowed = client.post(
        "/api/v1/catalog/fields/", body, content_type="application/json", HTTP_X_CSRFTOKEN=secret
    )
    assert allowed.status_code == 201, allowed.content


def test_a_token_write_needs_no_csrf_token(admin_user):
    client = api_as(admin_user)
    client.client = Client(enforce_csrf_checks=True)
    assert client.post("/api/v1/catalog/fields/", {"code": "F9", "name": "文化"}).status_code == 201


# ---------------------------------------------------------------- agencies


def test_staff_list_only_their_own_agency(officer, agency, other_agency):
    codes = [a["code"] for a in api_as(officer).get("/api/v1/agencies/").json()]
    assert codes == [agency.code]


def test_a_supervisor_lists_the_agencies_it_supervises(supervisor, agency, other_agency):
    codes = {a["code"] for a in api_as(supervisor).get("/api/v1/agencies/").json()}
    assert codes == {"justice", agency.code}


def test_an_agency_shows_its_particulars_and_departments(officer, agency):
    body = api_as(officer).get(f"/api/v1/agencies/{agency.code}").json()
    assert body["name"] == agency.name
    assert body["complaint_phone"] == "0431-12345"
    assert body["departments"] == []


def test_another_agency_is_404_not_403(officer, other_agency):
    response = api_as(officer).get(f"/api/v1/agencies/{other_agency.code}")
    assert_error(response, 404, "not_found")


def test_an_unknown_agency_looks_the_same_as_another_agencys(officer, other_agency):
    client = api_as(officer)
    foreign = client.get(f"/api/v1/agencies/{other_agency.code}").json()
    missing = client.get("/api/v1/agencies/no-such-agency").json()
    assert foreign == missing


# ---------------------------------------------------------------- errors and language


def test_messages_are_chinese_by_default_and_english_on_request(db):
    chinese = api_as().get("/api/v1/me").json()["message"]
    english = api_as(language="en").get("/api/v1/me").json()["message"]
    assert english.startswith("Authentication required")
    assert "身份" in chinese


def test_bad_input_is_422_naming_the_field_in_chinese(officer):
    response = api_as(officer).get("/api/v1/catalog/matters/?page=abc")
    body = assert_error(response, 422, "invalid_input")
    assert body["problems"] == [{"field": "page", "message": "输入整数。", **EMPTY_LOCATION}]
    assert "page" in body["message"]


EMPTY_LOCATION = {"sheet": "", "row": None, "column": ""}


def test_malformed_json_is_422(admin_user):
    response = api_as(admin_user).post("/api/v1/catalog/fields/", raw="{not json")
    assert_error(response, 422, "invalid_input")


def test_a_nul_character_is_refused_before_the_database(admin_user):
    client = api_as(admin_user)
    assert_error(
        client.post("/api/v1/catalog/fields/", {"code": "F", "name": "a\x00"}), 422, "invalid_input"
    )
    assert_error(client.get("/api/v1/catalog/fields/?q=%00"), 422, "invalid_input")


def test_an_unexpected_error_is_logged_and_answered_500_json(officer, monkeypatch, caplog):
    def broken(user):
        raise RuntimeError("bug")

    monkeypatch.setattr("openenforce.accounts.api._agencies_for", broken)
    with caplog.at_level(logging.ERROR, logger="openenforce.api"):
        response = api_as(officer).get("/api/v1/agencies/")
    assert_error(response, 500, "server_error")
    assert "bug" not in response.json()["message"]
    assert any(record.exc_info for record in caplog.records)


# ---------------------------------------------------------------- schema and docs


def test_the_openapi_schema_is_public_and_lists_the_endpoints(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/me",
        "/api/v1/agencies/",
        "/api/v1/catalog/matters/",
        "/api/v1/catalog/matters/{code}",
        "/api/v1/catalog/matters/{code}/standards/{standard_code}",
        "/api/v1/catalog/certificates/{number}/events",
        "/api/v1/catalog/officers/",
        "/api/v1/catalog/review-entries/",
    ):
        assert path in schema["paths"], path
    assert {"TokenAuth", "StaffSessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_operation_ids_are_unique_and_errors_are_declared(db):
    schema = Client().get("/api/v1/openapi.json").json()
    operations = [op for item in schema["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    for operation in operations:
        assert "401" in operation["responses"], operation["operationId"]


def test_the_docs_page_is_a_staff_page_served_without_cdn(client_for, officer):
    anonymous = Client().get("/api/v1/docs")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    page = client_for(officer).get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    # Every script and stylesheet from this site (a random CSRF token may spell "cdn").
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") or s.startswith("#") for s in sources), sources


def test_unknown_paths_and_methods_answer_the_error_shape(officer):
    client = api_as(officer)
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(client.get("/api/v1/catalog/fields/a/b"), 404, "not_found")
    not_allowed = client.call("delete", "/api/v1/catalog/fields/F1")
    assert_error(not_allowed, 405, "method_not_allowed")
    assert "PATCH" in not_allowed["Allow"]


def test_the_api_root_points_to_schema_and_docs(db):
    body = Client().get("/api/v1/").json()
    assert body == {"openapi": "/api/v1/openapi.json", "docs": "/api/v1/docs"}


def test_the_openapi_schema_validates_against_the_specification(db):
    from openapi_spec_validator import validate

    validate(Client().get("/api/v1/openapi.json").json())  # raises on any violation
