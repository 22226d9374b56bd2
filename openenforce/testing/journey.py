"""Journeys through the pages in a real browser (headless Chromium through Playwright):
each person has their own browser context (their own session), logs in on the login page
and finds their next task on their home page. A ``Journey`` counts the page loads (main
frame navigations) and the form interactions (fills, selects, checks, clicks, file
choices) made through it, and saves screenshots to ``OPENENFORCE_SCREENSHOTS`` (default:
the test's ``tmp_path``).
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

from django.utils import timezone

PASSWORD = "correct horse battery 42"  # noqa: S105  (the test users' password, conftest.py)
SCREENSHOTS_ENV = "OPENENFORCE_SCREENSHOTS"


def screenshot_dir(tmp_path: Path, name: str) -> Path:
    """Where a test's screenshots go: ``$OPENENFORCE_SCREENSHOTS/<name>`` or ``tmp_path``."""
    base = os.environ.get(SCREENSHOTS_ENV)
    path = Path(base) / name if base else tmp_path / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Journey:
    """The people of one journey, their pages and the counters."""

    def __init__(self, browser, base_url: str, shots: Path, *, width: int = 1280) -> None:
        self.browser, self.base, self.shots, self.width = browser, base_url, shots, width
        self.pages: dict[str, Any] = {}
        self.loads = 0
        self.interactions = 0
        self.shot_count = 0

    # -- people ----------------------------------------------------------------------------
    def page(self, who: str):
        """The page of ``who`` (logged in, unless ``who`` is "citizen")."""
        if who in self.pages:
            return self.pages[who]
        context = self.browser.new_context(
            viewport={"width": self.width, "height": 900}, locale="zh-CN"
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("framenavigated", lambda frame: self._navigated(page, frame))
        self.pages[who] = page
        if who != "citizen":
            self.goto(who, "/accounts/login/?next=/")
            self.fill(page, "#id_username", who)
            self.fill(page, "#id_password", PASSWORD)
            self.click(page, "main button[type=submit], button[type=submit] >> nth=0")
            page.wait_for_url(re.compile(r".*/$"))
            self.expect_no_error(page, f"login of {who}")
        return page

    def _navigated(self, page, frame) -> None:
        if frame == page.main_frame:
            self.loads += 1

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()

    # -- counted actions -------------------------------------------------------------------
    def goto(self, who: str, path: str):
        page = self.page(who)
        response = page.goto(self.base + path)
        assert response is not None and response.status < 400, f"{path} as {who}: {response}"
        return page

    def fill(self, page, selector: str, value: str) -> None:
        page.locator(selector).first.fill(value)
        self.interactions += 1

    def click(self, page, selector_or_locator) -> None:
        if isinstance(selector_or_locator, str):
            page.locator(selector_or_locator).first.click()
        else:
            selector_or_locator.click()
        self.interactions += 1

    def submit(self, page, locator, what: str) -> None:
        """Click a submit button and wait for the next page; it must show no error."""
        with page.expect_navigation():
            locator.click()
        self.interactions += 1
        page.wait_for_load_state()
        self.expect_no_error(page, what)

    def expect_no_error(self, page, what: str) -> None:
        errors = page.locator(".errorlist li, .msg-error, [role=alert].error")
        texts = [t.strip() for t in errors.all_inner_texts() if t.strip()]
        assert not texts, f"{what}: the page says {texts} ({page.url})"

    def shot(self, page, name: str) -> None:
        self.shot_count += 1
        page.screenshot(path=str(self.shots / f"{self.shot_count:02d}-{name}.png"), full_page=True)

    # -- the pages' forms ------------------------------------------------------------------
    def fill_form(self, page, form, values: dict[str, Any]) -> None:
        """Fill ``form`` field by field as a person would: text, dates (today unless given),
        selects, check boxes (a list checks those values; True checks the box)."""
        for name, value in values.items():
            field = form.locator(f"[name='{name}']")
            first = field.first
            tag = first.evaluate("e => e.tagName.toLowerCase()")
            kind = (first.get_attribute("type") or "").lower()
            if tag == "select":
                first.select_option(str(value))
            elif kind in ("checkbox", "radio"):
                chosen = value if isinstance(value, list | tuple) else [value]
                for option in chosen:
                    box = (
                        first
                        if option is True
                        else form.locator(f"[name='{name}'][value='{option}']")
                    )
                    box.check()
            elif kind == "file":
                first.set_input_files(str(value))
            else:
                first.fill(str(value))
            self.interactions += 1
        # Required dates left empty: today, as the person would pick it.
        for date in form.locator("input[type=date][required]").all():
            if not date.input_value():
                date.fill(timezone.localdate().isoformat())
                self.interactions += 1

    def unfold(self, page, form) -> None:
        """Open the folded section (``<details>``) ``form`` sits in, if it is closed."""
        details = form.locator("xpath=ancestor::details[1]")
        if details.count() and details.get_attribute("open") is None:
            self.click(page, details.locator(":scope > summary"))

    def act(self, who: str, case_pk: int, code: str, **values: Any):
        """Take case action ``code`` from the case page's form (already open in ``who``'s
        page or opened now)."""
        page = self.page(who)
        if f"/cases/{case_pk}/" not in page.url or "#" in page.url:
            self.goto(who, f"/cases/{case_pk}/")
        form = page.locator(f"form[action$='/cases/{case_pk}/actions/{code}/']").first
        assert form.count(), f"{who} finds no form for {code} on the case page"
        self.unfold(page, form)
        self.fill_form(page, form, values)
        self.submit(page, form.locator("button.primary"), f"{code} by {who}")
        return page

    def todo(self, who: str, title: str, subject: str):
        """``who`` opens their home page and follows the to-do item ``title`` about
        ``subject``."""
        page = self.goto(who, "/")
        items = page.locator("#todo li").filter(has_text=subject).filter(has_text=title)
        listed = page.locator("#todo").inner_text()
        assert items.count(), f"{who}'s to-do list has no “{title}” for {subject}:\n{listed}"
        self.click(page, items.first.get_by_role("link", name=title))
        page.wait_for_load_state()
        return page


def now_local(minutes_ago: int = 0) -> str:
    """A local time for a datetime-local field, ``minutes_ago`` minutes ago."""
    at = timezone.localtime() - datetime.timedelta(minutes=minutes_ago)
    return at.strftime("%Y-%m-%dT%H:%M:%S")
