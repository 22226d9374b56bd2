"""The witness check in a real browser (issue 18): the verify page checks the checkpoint's
cosignatures itself (WebCrypto Ed25519) against witness keys the citizen pastes, never
keys taken from the site; it says plainly when no witness was checked, passes with the
right key, and fails with a wrong key or without the quorum. The keys are remembered in
the browser, and the history page uses them too. Screenshots go to
``$OPENENFORCE_TEST_OUTPUT/portal``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS
OUTPUT = Path(os.environ.get("OPENENFORCE_TEST_OUTPUT", "var/test-output")) / "portal"


def _verdict(page, keys: str | None = None, quorum: str = "") -> tuple[str, str]:
    """Enter ``keys`` and ``quorum`` (unless None) and read the witness verdict."""
    verdict = page.locator("#witness-verdict")
    if keys is not None:
        verdict.evaluate("node => { node.hidden = true; node.className = 'verdict'; }")
        page.get_by_label("见证方公钥（每行一个").fill(keys)
        page.get_by_label("至少须有几个见证方副署").fill(quorum)
        page.get_by_role("button", name="核对见证方").click()
    page.wait_for_function(
        "() => /verdict-(ok|bad|warn)/.test(document.getElementById('witness-verdict').className)"
    )
    return verdict.get_attribute("class") or "", verdict.inner_text()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_citizens_witness_keys_decide_the_check(
    browser, live_server, published, bureau, stranger_witness, width
):
    item = published()
    assert bureau.cosign() == 1
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/portal/decisions/{item.pk}/verify/")

    # No keys given: the page says so plainly, and nothing is filled in from the site.
    cls, text = _verdict(page)
    assert "verdict-warn" in cls and "未核对见证方" in text
    assert page.get_by_label("见证方公钥（每行一个").input_value() == ""

    # The bureau's key (from the bureau, not from this site): the check passes.
    cls, text = _verdict(page, bureau.vkey())
    assert "verdict-ok" in cls and "见证方核对通过" in text and bureau.name in text
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{width}-witness-ok.png"), full_page=True)

    # A wrong key: the stranger never cosigned this checkpoint.
    cls, text = _verdict(page, stranger_witness.vkey())
    assert "verdict-bad" in cls and "未通过" in text and "journalist.test/witness" in text
    page.screenshot(path=str(OUTPUT / f"{width}-witness-wrong-key.png"), full_page=True)

    # Both keys, all required (the default): the quorum is not met ...
    both = f"{bureau.vkey()}\n{stranger_witness.vkey()}"
    cls, text = _verdict(page, both)
    assert "verdict-bad" in cls and "未达到要求的 2 个" in text
    # ... a quorum of one is.
    cls, _ = _verdict(page, both, "1")
    assert "verdict-ok" in cls
    # A malformed key fails too.
    cls, text = _verdict(page, bureau.vkey()[:-4] + "AAAA")
    assert "verdict-bad" in cls and "不是有效的见证方公钥" in text

    # The keys are remembered in this browser: the history page checks with them.
    _verdict(page, bureau.vkey())
    page.goto(f"{live_server.url}/portal/history/decision/{item.pk}/")
    assert page.get_by_label("见证方公钥（每行一个").input_value() == bureau.vkey()
    cls, _ = _verdict(page)
    assert "verdict-ok" in cls
    page.close()


def test_a_checkpoint_not_yet_cosigned_fails_the_citizens_quorum(
    browser, live_server, published, bureau
):
    item = published()  # the round has not run: only the log has signed
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/portal/decisions/{item.pk}/verify/")
    cls, text = _verdict(page, bureau.vkey())
    assert "verdict-bad" in cls and f"未副署：{bureau.name}" in text
    page.close()


def test_the_witnesses_page_is_the_agencys_statement(browser, live_server, bureau):
    page = browser.new_page(viewport={"width": 390, "height": 900}, locale="zh-CN")
    page.goto(f"{live_server.url}/portal/transparency/")
    page.get_by_role("link", name="公开记录的见证方").click()
    assert "执法机关自己的说法" in page.locator("#witnesses-statement").inner_text()
    assert bureau.vkey() in page.locator("main").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow
    page.close()
