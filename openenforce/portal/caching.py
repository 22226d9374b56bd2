"""The app server's short-lived cache of public responses (pages and open-data API)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.views.decorators.cache import cache_page


def kept_for_a_while(view=None, *, at_most: int | None = None):
    """Keep a public GET response in the app server's cache for
    ``OPENENFORCE_PORTAL_CACHE_SECONDS`` (or ``at_most`` seconds if fewer) per URL and
    language: the public pages and the open-data API use no CSRF token or session, so one
    cached copy serves every anonymous visitor. Read at request time, so tests can set it
    to 0."""
    if view is None:
        return functools.partial(kept_for_a_while, at_most=at_most)
    cached = {}

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.OPENENFORCE_PORTAL_CACHE_SECONDS
        seconds = min(seconds, at_most) if at_most is not None else seconds
        if seconds <= 0 or request.method != "GET":
            return view(request, *args, **kwargs)
        if seconds not in cached:
            cached[seconds] = cache_page(seconds, key_prefix="portal")(view)
        return cached[seconds](request, *args, **kwargs)

    return wrapper
