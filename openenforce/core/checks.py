"""System checks of the installation as a whole (registered in CoreConfig.ready)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.staticfiles, deploy=True)
def check_static_collected(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With OPENENFORCE_STATIC_COLLECTED on, every page names its static files through the
    manifest that collectstatic writes: without it every page fails."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not getattr(settings, "STATIC_COLLECTED", False) or manifest.exists():
        return []
    return [
        Warning(
            f"OPENENFORCE_STATIC_COLLECTED is on but {manifest} does not exist: every page "
            "naming a static file would fail.",
            hint="Run `openenforce collectstatic --noinput` (after every upgrade).",
            id="core.W002",
        )
    ]
