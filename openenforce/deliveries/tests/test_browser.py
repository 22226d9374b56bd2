"""The service form in a real browser: choosing a method shows that method's proof
fields only, by CSS alone (no script); the server reads the chosen method's fields.

Headless Chromium from the system through Playwright; skipped where none is installed.
"""

import pytest

from conftest import PASSWORD
from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS

SHOWN = """() => [...document.querySelectorAll('.service-form fieldset.method')]
  .filter(f => getComputedStyle(f).display !== 'none').map(f => f.dataset.method)"""


@pytest.fixture
def browser_page(browser):
    page = browser.new_page(java_script_enabled=False)  # the form works without scripts
    page.set_default_timeout(15_000)
    return page


def test_choosing_a_method_shows_only_its_proof_fields(
    browser_page, live_server, decision, officer
):
    page = browser_page
    url = f"{live_server.url}/cases/{decision.case_id}/"
    page.goto(url)
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url)
    page.click("#deliveries-h ~ div details summary")
    assert page.evaluate(SHOWN) == []
    page.select_option(f"#m-{decision.pk}", "post")
    assert page.evaluate(SHOWN) == ["post"]
    page.select_option(f"#m-{decision.pk}", "announcement")
    assert page.evaluate(SHOWN) == ["announcement"]
