"""Language selection, and forgetting a user's to-do count after their own changes.

Language: Chinese unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so an officer whose
intranet PC has an English browser would get English pages. The brief is Chinese by
default with English available: pages follow an explicit choice (the language
switcher's cookie) and otherwise stay zh-hans. API clients are programs, so the API
still honours Accept-Language.
"""

from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from openenforce.core import todo


class PreferredLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class TodoCountMiddleware:
    """After a logged-in user's POST (they may have done a task), their navigation count
    is computed afresh on the next page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method == "POST" and user is not None and user.is_authenticated:
            todo.forget(user)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy on every response but PDFs: a browser shows a PDF in its own
    viewer, which it embeds in a page of its own; ``object-src 'none'`` would leave that
    page blank (Chromium applies the PDF response's policy to it)."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_exempt = True
        return super().process_response(request, response)
