"""The catalogue in a real browser: log in, search as you type (htmx), role-limited actions.

Runs headless Chromium from the system (Debian's `chromium` package) through Playwright.
Skipped, with the reason shown, where no Chromium is installed; `make test` installs it as root.
"""

import pytest

from conftest import PASSWORD
from openenforce.catalog.models import EnforcementCategory, EnforcementField, Matter
from openenforce.catalog.services import save_entry
from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS


@pytest.fixture
def browser_page(browser):
    page = browser.new_page(locale="en-US")
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def matters(agency, system_actor):
    field = save_entry(EnforcementField(agency=agency, code="mz", name="民政"), actor=system_actor)
    names = ["对养老机构违反安全管理规定的处罚", "对擅自举办校外培训机构的处罚", "殡葬设施年度检查"]
    for i, name in enumerate(names):
        save_entry(
            Matter(
                agency=agency,
                code=f"M-{i}",
                name=name,
                field=field,
                category=EnforcementCategory.PENALTY,
            ),
            actor=system_actor,
        )


@pytest.fixture(autouse=True)
def _admins_without_second_step(settings):
    """These tests are about the catalogue's pages, which administrators keep; the second
    step that administrators need has its own tests (accounts/tests/test_security.py)."""
    settings.OPENENFORCE_REQUIRE_ADMIN_2FA = False


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/catalog/matters/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/catalog/matters/")


def test_search_as_you_type_filters_the_matters(browser_page, live_server, admin_user, matters):
    page = browser_page
    _log_in(page, live_server, admin_user)
    assert page.locator("html").get_attribute("lang") == "zh-hans"  # English browser, Chinese UI
    rows = page.locator("#results tbody tr")
    assert rows.count() == 3
    # Chinese arrives through an input method (or a paste): no keyup per character, so
    # the search must listen to `input` events. Playwright types CJK as inserted text.
    page.locator("#q").press_sequentially("养老", delay=50)
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert "养老机构" in rows.first.inner_text()
    assert "q=" in page.url  # the filtered list has its own address (hx-push-url)


def test_officer_is_not_offered_editing(browser_page, live_server, officer, matters):
    page = browser_page
    _log_in(page, live_server, officer)
    assert page.locator("#results tbody tr").count() == 3
    assert page.get_by_role("link", name="新增").count() == 0
