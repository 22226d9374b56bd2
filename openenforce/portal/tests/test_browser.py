"""A citizen on the portal in a real browser (headless Debian Chromium through Playwright):
finds a decision by keyword, opens it, verifies it on the transparency page (the page's
script recomputes the Merkle root with WebCrypto), and checks an officer's certificate
through its QR link. Screenshots go to ``$OPENENFORCE_TEST_OUTPUT/portal`` (default
``var/test-output/portal``), at desktop and phone widths.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.ledger import merkle
from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "portal"


def _shot(page, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_citizen_finds_verifies_and_checks_a_certificate(browser, live_server, published, width):
    item = published()
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/portal/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    _shot(page, f"{width}-1-home")

    # Find the decision by keyword.
    page.get_by_role("link", name="执法决定与检查结果").first.click()
    page.get_by_label("关键词").fill("警告")
    page.locator("form[role=search] button[type=submit]").click()
    result = page.get_by_role("link", name=item.title)
    assert result.count() == 1
    _shot(page, f"{width}-2-search")
    result.click()
    assert "张某" in page.locator("main").inner_text()
    _shot(page, f"{width}-3-decision")

    # Verify it: the browser recomputes the root from the leaf and the proof (SHA-256);
    # browsers cannot compute SM3, so under that profile the page sends you to the CLI.
    page.get_by_role("link", name="对照公开记录核验本信息").click()
    assert "下列内容与当时登记的完全一致，未被改动" in page.locator("#verify-plain").inner_text()
    page.get_by_text("技术核验信息").click()  # the proof is folded under the plain sentence
    check = page.locator("#js-check")
    check.locator(".v-word").wait_for()
    expected = "浏览器核验通过" if merkle.profile() == "sha256" else "须使用下方的命令行核验工具"
    assert expected in check.inner_text()
    assert f"openenforce portal verify {item.pk}" in page.locator("#cli-command").inner_text()
    _shot(page, f"{width}-4-verify")

    # Check an officer's certificate through its QR link.
    page.get_by_role("link", name="执法人员").first.click()
    qr = page.locator("a:has(img[src$='qr.svg'])").first
    qr.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('img[src$=\"qr.svg\"]')].every(i => i.complete)"
    )
    assert qr.locator("img").evaluate("img => img.naturalWidth > 0")  # the SVG renders
    qr.click()
    verdict = page.locator(".verdict .v-word")
    assert "真实有效" in verdict.inner_text()
    _shot(page, f"{width}-5-certificate")

    # Nothing overflows the phone's width.
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow
    page.close()


def test_keyboard_reaches_the_skip_link_first(browser, live_server, db):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/portal/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.close()
