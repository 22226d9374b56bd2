"""The REST API under /api/v1/ (django-ninja). Each app contributes a router.

Authentication: a bearer token (``Authorization: Bearer oe_…``, issued with
``openenforce accounts token USERNAME``) or the browser's staff session (with the CSRF
token on unsafe methods). The OpenAPI schema at ``/api/v1/openapi.json`` is public (it
holds no data); the interactive docs at ``/api/v1/docs`` are a staff page behind login.

Every error answers JSON of one shape, mapped here in one place::

    {"code": "certificate_wrong_state", "message": "…", "article": "…",
     "problems": [{"field": "reason", "message": "…"}]}

Domain errors keep their status (403, 404, 409, 422); bad input that never reaches a
service (types, missing fields, malformed JSON) is 422 ``invalid_input``; anything
unexpected is logged and answered 500 ``server_error``.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, re_path, resolve
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from openenforce.accounts.api import router as accounts_router
from openenforce.accounts.models import User
from openenforce.accounts.services import user_for_token
from openenforce.catalog.api import router as catalog_router
from openenforce.core.errors import DomainError, FieldProblem, NotPermitted
from openenforce.ledger.api import router as ledger_router

logger = logging.getLogger("openenforce.api")


class TokenAuth(HttpBearer):
    """``Authorization: Bearer oe_…``; revoked tokens and inactive users are refused."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token.strip()) if token else None
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(APIKeyCookie):
    """The staff pages' login session; unsafe methods need the CSRF token.

    Unlike ninja's SessionAuth, an anonymous request is simply not authenticated (401),
    and only a logged-in one is checked for CSRF (403 ``csrf_failed``).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise NotPermitted(
                _("The CSRF check failed: reload the page and try again."), code="csrf_failed"
            )
        return user


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Chinese text as is, not as ``\\u`` escapes (readable in curl and logs)."""

    json_dumps_params = {"ensure_ascii": False}


def _has_nul(request: HttpRequest) -> bool:
    """NUL characters: PostgreSQL refuses them in text, so they must never reach a query."""
    texts = (request.path, unquote(request.META.get("QUERY_STRING", "")))
    return any("\x00" in text for text in texts) or (
        b"\x00" in request.body or b"\\u0000" in request.body
    )


def _api_view(view: Callable) -> Callable:
    """One API view as Django sees it: no login redirect (the API answers 401 itself)
    and no NUL characters let through to the database."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            refused = _has_nul(request)
        except RequestDataTooBig:
            message = _("The request body is too large.")
            return error_response(request, 413, "too_large", message)
        if refused:
            message = _("The request contains a NUL character, which no field accepts.")
            return error_response(request, 422, "invalid_input", message)
        response = view(request, *args, **kwargs)
        if response.status_code == 405:  # ninja answers text; clients expect the error shape
            return _method_not_allowed(request, response)
        return response

    wrapper.login_required = False  # type: ignore[attr-defined]
    return wrapper


def _method_not_allowed(request: HttpRequest, plain: HttpResponse) -> HttpResponse:
    return method_not_allowed(request, plain.get("Allow", ""))


def method_not_allowed(request: HttpRequest, allow: str) -> HttpResponse:
    """405 in the error shape, with the methods the path does answer."""
    message = _("The method %(method)s is not allowed here.") % {"method": request.method}
    response = error_response(request, 405, "method_not_allowed", message)
    response["Allow"] = allow
    return response


def _read_only(view: Callable) -> Callable:
    """The index, the schema and the docs answer GET and HEAD; any other method is the
    API's JSON 405 (not Django's HTML CSRF page: nothing here changes, so the CSRF check
    has nothing to protect)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed(request, "GET, HEAD")
        return view(request, *args, **kwargs)

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


class OpenEnforceAPI(NinjaAPI):
    """NinjaAPI whose views answer 401 JSON instead of redirecting to the login page."""

    def _get_urls(self) -> list:
        urls = super()._get_urls()
        for pattern in urls:
            # The docs page stays a staff page (login redirect); everything else is API.
            if pattern.name == "api-root":
                pattern.callback = _api_view(_read_only(_index))
            elif pattern.name == "openapi-json":
                pattern.callback = _api_view(_read_only(pattern.callback))
            elif pattern.name == "openapi-view":
                pattern.callback = _read_only(pattern.callback)
            else:
                pattern.callback = _api_view(pattern.callback)
        # Unknown paths under /api/v1/ answer JSON too, not the HTML 404 page.
        # A path in its other form (trailing slash or not) is served or redirected.
        return [*urls, re_path(r"^.*$", unknown_path)]


def _index(request: HttpRequest) -> HttpResponse:
    """Where to find the schema and the docs (public: it holds no data)."""
    links = {"openapi": request.path + "openapi.json", "docs": request.path + "docs"}
    return api.create_response(request, links, status=200)


def _no_such_endpoint(request: HttpRequest) -> HttpResponse:
    """A path no endpoint matched: its other form, a redirect to it, or a JSON 404.

    The convention (docs/api.md, "Paths"): paths have no trailing slash. A path given
    without its slash whose endpoint was published with one (the catalogue's, agencies'
    and cases' collections, kept for existing clients) is served as is; a path given with
    a slash that has none answers 308 (method and body kept) to the canonical URL, named
    in the JSON body too; anything else is the API's JSON 404, never a bare page.
    """
    path = request.path_info
    other = path[:-1] if path.endswith("/") else path + "/"
    try:
        match = resolve(other)
    except Resolver404:
        match = None
    if match is None or getattr(match.func, "__wrapped__", None) is _no_such_endpoint:
        return error_response(request, 404, "not_found", _("Not found."))
    if not path.endswith("/"):
        return match.func(request, *match.args, **match.kwargs)
    url = request.build_absolute_uri(request.path[:-1])
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    message = _("API paths have no trailing slash: use %(url)s.") % {"url": url}
    response = error_response(request, 308, "wrong_url", message)
    response["Location"] = url
    return response


#: Any path under /api/ that no endpoint matched (also outside /api/v1/, see urls.py).
unknown_path = _api_view(_no_such_endpoint)
unknown_path.csrf_exempt = True  # type: ignore[attr-defined]  # as ninja's views; auth checks CSRF

api = OpenEnforceAPI(
    title="OpenEnforce API",
    version="1",
    description="REST API of OpenEnforce. Errors: {code, message, article, problems}.",
    urls_namespace="api",
    auth=[TokenAuth(), StaffSessionAuth()],
    renderer=UnicodeJSONRenderer(),
)


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    *,
    article: str = "",
    problems: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    """A JSON error in the one shape every client can rely on."""
    body = {"code": code, "message": message, "article": article, "problems": problems or []}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    problems = [dataclasses.asdict(p) for p in exc.problems]
    return error_response(
        request, exc.status, exc.code, str(exc), article=exc.article, problems=problems
    )


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, "not_found", _("Not found."))


api.add_exception_handler(Http404, _not_found)
api.add_exception_handler(ObjectDoesNotExist, _not_found)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error_response(
        request,
        401,
        "not_authenticated",
        _("Authentication required: send a valid API token (Authorization: Bearer …)."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _validation_message(error: dict[str, Any]) -> str:
    """A translated message for one pydantic error (pydantic's own are English only)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind == "string_too_long":
        return _("Enter at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("The value is out of range.")
    for prefix, message in _TYPE_MESSAGES:
        if kind.startswith(prefix):
            return message()
    return _("This value is invalid.")


_TYPE_MESSAGES = (
    ("date", lambda: _("Enter a valid date (YYYY-MM-DD).")),
    ("int", lambda: _("Enter a whole number.")),
    ("decimal", lambda: _("Enter a number.")),
    ("float", lambda: _("Enter a number.")),
    ("bool", lambda: _("Enter true or false.")),
    ("string", lambda: _("Enter text.")),
    ("list", lambda: _("Enter a list.")),
    ("json", lambda: _("The request body is not valid JSON.")),
    ("model", lambda: _("Enter an object.")),
    ("dict", lambda: _("Enter an object.")),
    ("extra_forbidden", lambda: _("Unknown field.")),
)


def problems_from_validation(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ninja's validation errors as field problems; the field is the dotted location
    without its source (``body``, ``query``, ``path``) and the payload parameter name."""
    problems = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        source, rest = (loc[0], loc[1:]) if loc else ("", [])
        if source == "body" and len(rest) > 1:
            rest = rest[1:]
        field = ".".join(rest) or source or "body"
        problem = FieldProblem(field=field, message=_validation_message(error))
        problems.append(dataclasses.asdict(problem))
    return problems


@api.exception_handler(ValidationError)
def _invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = problems_from_validation(exc.errors)
    details = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    message = _("Invalid input: %(details)s") % {"details": details}
    return error_response(request, 422, "invalid_input", message, problems=problems)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja: a body that cannot be parsed (malformed JSON)
        message = _("The request body is not valid JSON.")
        return error_response(request, 422, "invalid_input", message)
    return error_response(request, exc.status_code, f"http_{exc.status_code}", str(exc))


@api.exception_handler(DataError)
def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # A value the database refuses (e.g. out of its range) that validation let through.
    logger.warning("Database refused a value in %s %s: %s", request.method, request.path, exc)
    return error_response(
        request, 422, "invalid_input", _("A value is not accepted by the database.")
    )


@api.exception_handler(IntegrityError)
def _integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # Two requests racing to create the same code: the second loses.
    logger.warning("Conflict in %s %s: %s", request.method, request.path, exc)
    return error_response(
        request, 409, "conflict", _("The change conflicts with another one; try again.")
    )


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unexpected error in %s %s", request.method, request.path)
    return error_response(request, 500, "server_error", _("Internal error; it has been logged."))


api.add_router("/", accounts_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/ledger/", ledger_router)
api.add_router("/cases/", "openenforce.cases.api.router")
api.add_router("/calendar/", "openenforce.calendar.api.router")
api.add_router("/evidence/", "openenforce.evidence.api.router")
api.add_router("/recordings/", "openenforce.recordings.api.router")
api.add_router("/documents/", "openenforce.documents.api.router")
api.add_router("/deliveries/", "openenforce.deliveries.api.router")
api.add_router("/casefiles/", "openenforce.casefiles.api.router")
api.add_router("/disclosure/", "openenforce.disclosure.api.router")
api.add_router("/inspections/", "openenforce.inspections.api.router")
api.add_router("/annual-reports/", "openenforce.annualreports.api.router")
api.add_router("/remedies", "openenforce.remedies.api.router")
api.add_router("/supervision/", "openenforce.supervision.api.router")
api.add_router("/alerts/", "openenforce.alerts.api.router")
api.add_router("/evaluation/", "openenforce.evaluation.api.router")
api.add_router("/appraisal/", "openenforce.appraisal.api.router")
# The open data of the public portal: no login (each operation says auth=None).
api.add_router("/public/", "openenforce.portal.api.router")
