"""System checks of the documents app (registered in DocumentsConfig.ready)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Info, Tags, Warning, register

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


@register(Tags.security, deploy=True)
def check_seal(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Issued PDFs should carry the agency's seal, timestamped by a real TSA. Reported as
    information: an installation without a seal certificate yet issues unsealed PDFs as
    before (their digests in the record still prove them), and `check --deploy
    --fail-level WARNING` must not stop it."""
    from openenforce.documents import sealing

    if not settings.OPENENFORCE_SEAL_PROFILE or not sealing.is_configured():
        return [
            Info(
                "Issued documents are not sealed: no seal key and certificate at "
                f"{settings.OPENENFORCE_SEAL_KEY_FILE} / {settings.OPENENFORCE_SEAL_CERT_FILE}.",
                hint="Install the agency's seal key and certificate chain (docs/documents.md).",
                id="documents.I002",
            )
        ]
    if settings.OPENENFORCE_SEAL_TSA_URL in ("", "local"):
        return [
            Info(
                "The seal's timestamp comes from the in-process demo timestamper (or none).",
                hint="Set OPENENFORCE_SEAL_TSA_URL to an RFC 3161 time-stamping authority.",
                id="documents.I003",
            )
        ]
    return []
