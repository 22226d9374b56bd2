"""Staff sessions kept listable, and the second log-in step asked for before anything else.

``StaffSessionMiddleware`` notes each logged-in session's browser, address and last use
(at most once a minute) in ``StaffSession``, so the user can see and sign out their
sessions. ``TwoFactorMiddleware`` holds a session whose second step is outstanding to the
two-factor pages: "verify" (the account has an authenticator) or "setup" (an administrator
without one, set at the password step). Other pages redirect there; the API sees such a
session as not logged in (401), so a half-logged-in browser cannot use it either.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode

from openenforce.accounts import security
from openenforce.core.ratelimit import client_address

TOUCH_SECONDS = 60
SEEN_KEY = security.SEEN_KEY


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        self._touch(request)
        return response

    def _touch(self, request: HttpRequest) -> None:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return
        if not session.session_key:
            return
        now = time.time()
        if now - session.get(SEEN_KEY, 0) < TOUCH_SECONDS:
            return
        session[SEEN_KEY] = now
        security.note_session(request, user, client_address(request), at=timezone.now())


class TwoFactorMiddleware:
    """Redirects a session whose second step is outstanding to the two-factor pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/") and security.step_outstanding(request):
            request.user = AnonymousUser()
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        # Only the two-factor pages, log-out and the language switch; even public views
        # (the start page shows staff data to a logged-in user) wait for the second step.
        if getattr(view_func, "two_factor_step", False) or request.path_info.startswith("/api/"):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ("logout", "set_language"):
            return None
        step = security.step_outstanding(request)
        if not step:
            return None
        target = "two_factor_verify" if step == security.VERIFY else "two_factor_setup"
        url = redirect(target).url
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
