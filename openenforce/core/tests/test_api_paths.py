"""The API's path convention (docs/api.md, "Paths"): a path in the other form — with or
without the trailing slash — is served or redirected, never a bare 404."""

from __future__ import annotations

import re

import pytest

from openenforce.api import api

SAMPLE = {"year": "2026", "kind": "pdf"}


def _operations():
    for path, operations in api.get_openapi_schema()["paths"].items():
        concrete = re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "1"), path)
        for method in operations:
            yield method.upper(), path, concrete


def _is_json_error(response):
    return response["Content-Type"].startswith("application/json") and "code" in response.json()


@pytest.mark.django_db
def test_the_other_form_of_every_path_is_not_a_bare_404(client):
    seen = []
    for method, template, path in _operations():
        other = path[:-1] if path.endswith("/") else path + "/"
        response = client.generic(method, other, data="{}", content_type="application/json")
        where = f"{method} {other} (for {template})"
        assert response.status_code != 404 or _is_json_error(response), where
        if path.endswith("/"):
            # Published with the slash: the form without it is served the same way.
            expected = client.generic(method, path, data="{}", content_type="application/json")
            assert response.status_code == expected.status_code, where
        else:
            # The canonical form has no slash: redirected there, method and body kept.
            assert response.status_code == 308, where
            assert response["Location"].endswith(path), where
            assert response.json()["code"] == "wrong_url", where
        seen.append(where)
    assert len(seen) > 50


@pytest.mark.django_db
def test_the_redirect_keeps_the_query_string(client):
    response = client.get("/api/v1/public/matters/?page=2")
    assert response.status_code == 308
    assert response["Location"].endswith("/api/v1/public/matters?page=2")


@pytest.mark.django_db
def test_an_unknown_path_is_a_json_404(client):
    for path in ("/api/v1/no-such-thing", "/api/v1/no-such-thing/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_a_collection_is_served_without_its_slash(client):
    assert client.get("/api/v1/public/agencies").status_code == 200
    assert client.get("/api/v1/cases").status_code == client.get("/api/v1/cases/").status_code


# Issue 22, finding 7: with the CSRF check on (as for a browser or any real client), no
# path or method under /api/ answers Django's HTML pages (the CSRF failure, the 404).
UNKNOWN = [
    ("post", "/api/v1/no-such-thing"),
    ("get", "/api/"),
    ("post", "/api/"),
    ("get", "/api/v2/cases"),
    ("delete", "/api/v2/cases/1"),
    ("post", "/api/v1/cases/1/no-such-thing"),
]
WRONG_METHOD = [
    ("delete", "/api/v1/", "GET, HEAD"),
    ("post", "/api/v1/openapi.json", "GET, HEAD"),
    ("post", "/api/v1/docs", "GET, HEAD"),
    ("put", "/api/v1/public/agencies", "GET"),
    ("delete", "/api/v1/cases/1", "GET"),
]


@pytest.fixture
def strict_client(officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)  # a session: the CSRF check applies
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), UNKNOWN)
def test_an_unknown_api_path_is_a_json_404_whatever_the_method(strict_client, method, path):
    response = getattr(strict_client, method)(path)
    assert response.status_code == 404
    assert _is_json_error(response) and response.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "allow"), WRONG_METHOD)
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(strict_client, method, path, allow):
    response = getattr(strict_client, method)(path)
    assert response.status_code == 405
    assert _is_json_error(response) and response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == allow
