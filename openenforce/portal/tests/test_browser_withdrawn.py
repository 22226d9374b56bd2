"""A withdrawn item's verify page in a real browser: the script checks every entry shown
(the publication and the withdrawal notice), each marked on its own. Screenshots at desktop
and phone widths go to ``$OPENENFORCE_TEST_OUTPUT/portal``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.disclosure import services as disclosure
from openenforce.ledger import merkle
from openenforce.ledger.services import publish_checkpoint
from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "portal"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_withdrawn_items_verify_page_checks_each_entry(
    browser, live_server, published, publisher, width
):
    item = published()
    disclosure.withdraw_publication(
        item, actor=publisher, reason="复议机关撤销原处罚决定", ground="revoked"
    )
    publish_checkpoint(force=True)
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/portal/decisions/{item.pk}/verify/")
    plain = page.locator("#verify-plain").inner_text()
    assert "撤回" in plain and "上述撤下公告与第" in plain
    page.get_by_text("技术核验信息").click()
    page.locator("#js-check .v-word").wait_for()
    marks = page.locator(".js-entry-check")
    assert marks.count() == 2
    if merkle.profile() == "sha256":
        for n in range(2):
            marks.nth(n).locator(".v-word").wait_for()
            assert "浏览器核验通过" in marks.nth(n).inner_text()
        assert "浏览器核验通过" in page.locator("#js-check").inner_text()
    # Nothing overflows a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{width}-withdrawn-verify.png"), full_page=True)
