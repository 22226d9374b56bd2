"""What every browser test shares: headless Chromium from the system (Debian's
``chromium`` package) driven by Playwright. A module that uses it sets
``pytestmark = browser.MARKS`` and asks for the ``browser`` fixture (root conftest); without
Chromium or Playwright its tests are skipped, with the reason shown."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARKS = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]


@contextlib.contextmanager
def launched(monkeypatch) -> Iterator:
    """A headless Chromium for one test."""
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are synchronous and safe, so tell Django not to refuse them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
