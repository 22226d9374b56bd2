"""Bookkeeping of staff log-ins that is not domain state: which sessions a user has, and
whether a session still owes its second step. Recorded changes (lock-outs, two-factor on
or off, sessions signed out) are in ``accounts.services``."""

from __future__ import annotations

import datetime

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from openenforce.accounts.models import StaffSession, User
from openenforce.accounts.services import (
    has_two_factor,
    requires_two_factor,
    sweep_staff_sessions,
)
from openenforce.core.ratelimit import client_address

STEP_KEY = "oe_second_step"
SEEN_KEY = "oe_session_seen"  # when the session's row was last refreshed (epoch seconds)
VERIFY, SETUP = "verify", "setup"


def second_step_for(user: User, *, password_login: bool) -> str:
    """What a new session of ``user`` must do before it may work: verify a code when the
    account has an authenticator; set one up when it is an administrator's and the
    installation requires it (asked at the password step only)."""
    if has_two_factor(user):
        return VERIFY
    if password_login and requires_two_factor(user):
        return SETUP
    return ""


def step_outstanding(request: HttpRequest) -> str:
    """The second step this session still owes ("" when none)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    session = request.session
    step = session.get(STEP_KEY)
    if step is None:
        # A session begun another way (before this feature): an account with an
        # authenticator still verifies; set-up is asked for at the next password log-in.
        step = second_step_for(user, password_login=False)
        session[STEP_KEY] = step
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    if step and is_verified is not None and is_verified():
        session[STEP_KEY] = step = ""
    return step


def start_second_step(request: HttpRequest, user: User) -> None:
    request.session[STEP_KEY] = second_step_for(user, password_login=True)


def second_step_done(request: HttpRequest) -> None:
    request.session[STEP_KEY] = ""


def note_session(request: HttpRequest, user: User, address: str, *, at: datetime.datetime) -> None:
    """Create or refresh the session's row (browser, address, last use)."""
    key = request.session.session_key
    if not key:
        return
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    updated = StaffSession.objects.filter(session_key=key, user=user).update(
        last_used_at=at, ip_address=address, user_agent=agent
    )
    if not updated:
        StaffSession.objects.update_or_create(
            session_key=key,
            defaults={
                "user": user,
                "user_agent": agent,
                "ip_address": address,
                "created_at": at,
                "last_used_at": at,
            },
        )


def sessions_of(user: User):
    """The user's sessions still alive, the most recently used first."""
    from django.conf import settings

    since = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return StaffSession.objects.filter(user=user, last_used_at__gte=since)


@receiver(user_logged_in, dispatch_uid="openenforce.accounts.session_in")
def _logged_in(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[SEEN_KEY] = timezone.now().timestamp()
    # Decided once per log-in, so that pages ask nothing more (the log-in page then adds
    # the administrators' set-up, see ``start_second_step``).
    request.session[STEP_KEY] = second_step_for(user, password_login=False)
    sweep_staff_sessions(user)
    note_session(request, user, client_address(request), at=timezone.now())


@receiver(user_logged_out, dispatch_uid="openenforce.accounts.session_out")
def _logged_out(sender, request: HttpRequest | None, user: User | None, **kwargs) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        StaffSession.objects.filter(session_key=key).delete()
