"""Sections other apps add to the case page (evidence, recordings, documents, service).

Each app extending cases registers its ``case_panel(request, case) -> SafeString | None``
with ``cases.registry.register_panel`` in its ``AppConfig.ready()``: its section as
rendered by ``render_to_string`` (None when it has nothing to show), built from its own
selectors and scoped like the case page itself. The workbench knows nothing else about
them, so the apps stay independent of each other.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString

from openenforce.cases import registry
from openenforce.cases.models import Case


def case_panels(request: HttpRequest, case: Case) -> list[SafeString]:
    """The rendered sections of the installed apps that provide one, in page order."""
    rendered = []
    for panel in registry.panels():
        html = panel.render(request, case)
        if html:
            rendered.append(html)
    return rendered
