"""Sections other apps add to the case page (evidence, recordings, documents, service).

Each app listed in ``CASE_PANELS`` may have a ``panels`` module with
``case_panel(request, case) -> SafeString | None``: its section as rendered by
``render_to_string`` (None when it has nothing to show),, built from its own
selectors and scoped like the case page itself. The workbench knows nothing else about
them, so the apps stay independent of each other.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.http import HttpRequest
from django.utils.safestring import SafeString

from openenforce.cases.models import Case

# In the order the sections appear on the page.
CASE_PANELS = (
    "documents",
    "deliveries",
    "evidence",
    "recordings",
    "disclosure",
    "inspections",
    "casefiles",
)


def case_panels(request: HttpRequest, case: Case) -> list[SafeString]:
    """The rendered sections of the apps that provide one."""
    rendered = []
    for app in CASE_PANELS:
        name = f"openenforce.{app}.panels"
        if importlib.util.find_spec(name) is None:
            continue
        html = importlib.import_module(name).case_panel(request, case)
        if html:
            rendered.append(html)
    return rendered
