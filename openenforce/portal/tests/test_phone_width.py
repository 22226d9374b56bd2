"""Every public page fits a phone 390 px wide without scrolling sideways (headless Debian
Chromium through Playwright): the portal's pages reached by following its links from the
home page, a published item's verification page with its technical detail unfolded, a
document's verification page with the result of a PDF check, an unknown code, and the
flowchart of a matter, which scales to the width instead of being cut off."""

from __future__ import annotations

import re

import pytest

from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS

WIDTH = 390
PUBLIC = ("/portal/", "/inspections/public/", "/disclosure/", "/documents/verify/")
SKIP = (".csv", ".xlsx", ".json", ".atom", ".svg", ".pdf", "/language/")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The decision's PDF is stored under a temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"


def _overflow(page) -> int:
    """How many pixels the page is wider than the phone (0: none)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _portal_pages(page, base: str, limit: int = 60) -> list[str]:
    """The public pages linked from the home page and onwards; one of each shape (pages
    differing only in a number or a query are the same template)."""
    queue, seen, visited = ["/portal/"], set(), []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if shape in seen:
            continue
        seen.add(shape)
        page.goto(base + path)
        visited.append(path)
        assert _overflow(page) <= 0, f"{path} is wider than {WIDTH} px"
        for href in page.eval_on_selector_all("a[href]", "a => a.map(x => x.getAttribute('href'))"):
            href = href.split("#")[0]
            if href.startswith(PUBLIC) and not href.endswith(SKIP) and SKIP[-1] not in href:
                queue.append(href)
    return visited


def test_public_pages_fit_a_phone(browser, live_server, published, decision):
    item = published()
    page = browser.new_page(viewport={"width": WIDTH, "height": 844}, locale="zh-CN")
    page.set_default_timeout(15_000)
    base = live_server.url

    visited = _portal_pages(page, base)
    for expected in (f"/portal/decisions/{item.pk}/", "/portal/officers/"):
        assert expected in visited, expected
    matter = next(p for p in visited if re.fullmatch(r"/portal/matters/\d+/", p))

    # A matter's flowchart is shrunk to the width, not cut off in a scrolling box.
    page.goto(base + matter)
    chart = page.locator("figure.flowchart img").first
    chart.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.flowchart img')].every(i => i.complete)"
    )
    assert chart.evaluate("img => img.naturalWidth > img.clientWidth && img.clientWidth > 0")
    assert chart.evaluate("img => img.parentElement.scrollWidth <= img.parentElement.clientWidth")

    # The published item's verification page, its technical detail unfolded.
    page.goto(f"{base}/portal/decisions/{item.pk}/verify/")
    page.get_by_text("技术核验信息").click()
    assert page.locator("#cli-command").is_visible()
    assert _overflow(page) <= 0, "the item's verification page, unfolded"

    # A document's verification page: the sentence, the unfolded detail, a PDF checked.
    code = decision.verification_code
    page.goto(f"{base}/portal/")
    page.get_by_label("核验执法文书：输入文书上印的核验码").fill(f" {code[:8]} {code[8:]} ")
    page.get_by_role("button", name="核验文书").click()
    assert "未被改动" in page.locator("#verify-plain").inner_text()
    page.get_by_text("技术核验信息").click()
    assert _overflow(page) <= 0, "the document's verification page, unfolded"
    page.set_input_files(
        "#verify-file",
        {"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 not this one"},
    )
    page.locator("form.verify-upload button").click()
    assert "不是" in page.locator(".verify-result").inner_text()
    assert _overflow(page) <= 0, "the PDF check's result"

    # An unknown code: a plain answer and the box again, no wider than the phone.
    page.get_by_label("文书上印的核验码").last.fill("no-such-code-at-all")
    page.get_by_label("文书上印的核验码").last.press("Enter")
    assert "没有找到这个核验码" in page.locator("main").inner_text()
    assert _overflow(page) <= 0, "the unknown code page"
    page.close()
