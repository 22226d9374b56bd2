"""System checks of the documents app (registered in DocumentsConfig.ready)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104  (names, not a bind)


def public_url_is_local() -> bool:
    """Whether the address printed into QR codes only works on this machine."""
    host = urlsplit(settings.OPENENFORCE_PUBLIC_URL).hostname or ""
    return host in LOOPBACK or not host


@register(Tags.security, deploy=True)
def check_public_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not public_url_is_local():
        return []
    return [
        Warning(
            f"OPENENFORCE_PUBLIC_URL is {settings.OPENENFORCE_PUBLIC_URL!r}: every document's "
            "QR code and verification link would lead to this machine, not to the public site.",
            hint="Set OPENENFORCE_PUBLIC_URL to the address the public reaches the site at.",
            id="documents.W001",
        )
    ]
