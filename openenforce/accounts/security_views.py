"""Staff account security pages: log in (with the lock-out message), the second step,
two-factor set-up and removal, recovery codes, the password, and the user's sessions."""

from __future__ import annotations

import base64
import datetime
import logging
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from openenforce.accounts import security, services
from openenforce.accounts.models import User
from openenforce.core.pages import run_service
from openenforce.core.ratelimit import client_address

logger = logging.getLogger("openenforce.accounts")


def _two_factor_step(view):
    """Mark a view as reachable while the session's second step is outstanding."""
    view.two_factor_step = True
    return view


def _next_url(request: HttpRequest, default: str = "home") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(default)


# --- log in ----------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's log-in page; after the password, the second step when one is owed."""

    redirect_authenticated_user = True
    extra_context = {"site_name": settings.OPENENFORCE_SITE_NAME}

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        security.start_second_step(self.request, form.get_user())
        step = security.step_outstanding(self.request)
        if not step:
            return response
        target = "two_factor_verify" if step == security.VERIFY else "two_factor_setup"
        query = urlencode({"next": self.get_success_url()})
        return redirect(f"{reverse(target)}?{query}")


login = login_not_required(LoginView.as_view())


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site's log-in address: the staff log-in page (throttled, with the second
    step). A logged-in user the admin sent here is not staff: refused, not looped."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("login") + (f"?{query}" if query else ""))


def lock_ends(username: str, address: str) -> datetime.datetime | None:
    """When the lock-out of ``username`` from ``address`` ends (django-axes counts from the
    last failure)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    last = (
        AccessAttempt.objects.filter(username=username, ip_address=address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    cool_off = get_cool_off()
    if last is None or cool_off is None:
        return None
    return last + cool_off


def locked_out(request: HttpRequest, response=None, credentials: dict | None = None):
    """django-axes' answer to a log-in while locked out: the log-in page, saying what
    happened and when to try again (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    ends = lock_ends(username, client_address(request))
    minutes = max(1, round(((ends - timezone.now()).total_seconds()) / 60)) if ends else None
    form = AuthenticationForm(request)
    form.fields["username"].initial = username
    context = {
        "form": form,
        "site_name": settings.OPENENFORCE_SITE_NAME,
        "next": request.POST.get("next", ""),
        "locked": True,
        "failures": settings.AXES_FAILURE_LIMIT,
        "lock_ends": timezone.localtime(ends) if ends else None,
        "lock_minutes": minutes,
        "locked_username": username,
    }
    return render(request, "registration/login.html", context, status=429)


# --- the second step ---------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("one-time code", "Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def cleaned_code(self) -> str:
        return self.cleaned_data["code"].strip().replace(" ", "").replace("-", "")


@_two_factor_step
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second log-in step: a code from the authenticator app, or a recovery code."""
    from django_otp import login as otp_login
    from django_otp import match_token

    user: User = request.user  # type: ignore[assignment]
    if security.step_outstanding(request) != security.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_code())
        if device is not None:
            otp_login(request, device)
            security.second_step_done(request)
            if device.__class__.__name__ == "StaticDevice":
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)d remain. Renew them in Account security.")
                    % {"left": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", _("The code is wrong or has expired. Try the code shown now."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)


@_two_factor_step
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm a code."""
    user: User = request.user  # type: ignore[assignment]
    if services.has_two_factor(user):
        if security.step_outstanding(request) == security.VERIFY:
            return redirect("two_factor_verify")
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("account_security")
    device = services.pending_totp_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: services.enable_two_factor(
                user, device=device, code=form.cleaned_code(), actor=user
            ),
            form=form,
        )
        if outcome.ok:
            from django_otp import login as otp_login

            device.refresh_from_db()
            otp_login(request, device)
            security.second_step_done(request)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": outcome.result, "next": _next_url(request, "account_security")},
            )
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "required": services.requires_two_factor(user),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor off, after the password."""
    user: User = request.user  # type: ignore[assignment]
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("The password is wrong."))
        else:
            outcome = run_service(
                request,
                lambda: services.disable_two_factor(user, actor=user),
                success=_("Two-factor authentication is off."),
                form=form,
            )
            if outcome.ok:
                return redirect("account_security")
    return render(
        request,
        "accounts/two_factor_disable.html",
        {"form": form, "required": services.requires_two_factor(user)},
    )


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; renew them (shown once)."""
    from django_otp.plugins.otp_static.models import StaticToken

    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        outcome = run_service(request, lambda: services.renew_recovery_codes(user, actor=user))
        if outcome.ok:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": outcome.result, "next": reverse("account_security")},
            )
        return redirect("account_security")
    left = StaticToken.objects.filter(device__user=user).count()
    return render(
        request,
        "accounts/recovery_codes.html",
        {"left": left, "enabled": services.has_two_factor(user)},
    )


# --- the account page, password and sessions --------------------------------------------


def _browser(agent: str) -> str:
    """A short name for a user agent string."""
    names = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    systems = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    browser = next((name for mark, name in names if mark in agent), "")
    system = next((name for mark, name in systems if mark in agent), "")
    return " · ".join(part for part in (browser, system) if part) or _("Unknown browser")


def account_security(request: HttpRequest) -> HttpResponse:
    """The staff member's account: two-factor, password, sessions."""
    from django_otp.plugins.otp_static.models import StaticToken

    user: User = request.user  # type: ignore[assignment]
    current = request.session.session_key
    sessions: list[dict[str, Any]] = [
        {"row": row, "browser": _browser(row.user_agent), "current": row.session_key == current}
        for row in security.sessions_of(user)
    ]
    context = {
        "two_factor": services.has_two_factor(user),
        "required": services.requires_two_factor(user),
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
        "sessions": sessions,
        "others": sum(1 for s in sessions if not s["current"]),
    }
    return render(request, "accounts/security.html", context)


@require_POST
def revoke_session(request: HttpRequest) -> HttpResponse:
    """Sign out one of the user's sessions (or, with ``all``, every other one)."""
    user: User = request.user  # type: ignore[assignment]
    current = request.session.session_key or ""
    keys = None if request.POST.get("all") else [request.POST.get("session", "")]
    count = services.revoke_sessions(user, actor=user, keys=keys, keep=current)
    if count:
        messages.success(request, _("Signed out %(count)d session(s).") % {"count": count})
    else:
        messages.info(request, _("No other session was signed in."))
    return redirect("account_security")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the rules' messages in the user's language; the
    other sessions are signed out and the change is recorded."""

    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return reverse("account_security")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        services.record_password_change(user, actor=user)
        services.revoke_sessions(user, actor=user, keep=self.request.session.session_key or "")
        messages.success(self.request, _("Your password was changed."))
        return response


password_change = PasswordChangeView.as_view()
