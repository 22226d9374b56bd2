"""The content security policy (django-csp; docs/deployment.md): every page carries it, and
the templates hold nothing it would block (inline scripts or on…= handlers)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_a_staff_page_carries_the_policy(client_for, officer):
    response = client_for(officer).get(reverse("workbench:list"))
    policy = _directives(response)
    assert response.status_code == 200
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_the_public_portal_and_the_login_page_carry_it(client):
    for url in (reverse("portal:index"), reverse("login")):
        response = client.get(url)
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_view_with_its_own_policy_keeps_it(client):
    """The flowchart SVG sets a stricter policy of its own; the site's does not replace it."""
    response = client.get(reverse("cases:flowchart", args=["licensing"]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def _templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        [
            *(base / "templates").rglob("*.html"),
            *(base / "openenforce").rglob("templates/**/*.html"),
        ]
    )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def test_no_template_holds_what_the_policy_blocks():
    """script-src 'self' runs neither inline <script> blocks nor onclick=… attributes nor
    javascript: links: a template that adds one breaks in the browser, so it fails here."""
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
            offenders += [f"{path}: {match.group(0)[:60]}" for match in pattern.finditer(text)]
    assert offenders == []


def test_a_pdf_is_left_to_the_browsers_viewer(decision, officer, client_for):
    """``object-src 'none'`` on a PDF would blank the browser's own viewer."""
    response = client_for(officer).get(reverse("documents:pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response
