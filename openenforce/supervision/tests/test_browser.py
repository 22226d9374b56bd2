"""The supervisor's dashboard in headless Chromium: the charts drawn from the static
script (no inline script under the CSP), no sideways scrolling on a phone, and a click on
a chart's bar opening the list of its cases. Screenshots at 1280 and 390 px go to
``$OPENENFORCE_SCREENSHOTS/supervision`` (default: the test's tmp_path)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openenforce.testing import browser as browser_support
from openenforce.testing.cases import WRITTEN

pytestmark = [*browser_support.MARKS, pytest.mark.clock(WRITTEN)]

PASSWORD = "correct horse battery 42"  # noqa: S105  (the test users' password)


def _shots(tmp_path) -> Path:
    root = Path(os.environ.get("OPENENFORCE_SCREENSHOTS", tmp_path))
    folder = root / "supervision"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _log_in(page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/?next=/supervision/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/supervision/")


# Tables (and the boxes around them) whose content is wider than they are: figures cut off
# or only reached by scrolling a table sideways.
HIDDEN = """() => Array.from(document.querySelectorAll('main .table-wrap, main table'))
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => el.id || el.className)"""


def hidden_figures(page) -> list[str]:
    return page.evaluate(HIDDEN)


@pytest.mark.parametrize("width", [1280, 390])
def test_dashboard_charts_and_a_drill_down_from_a_chart(
    browser, live_server, year, supervisor, tmp_path, width
):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _log_in(page, live_server.url, supervisor)
    page.wait_for_function("() => document.querySelectorAll('.sv-chart svg').length >= 5")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert hidden_figures(page) == []
    page.screenshot(path=str(_shots(tmp_path) / f"dashboard-{width}.png"), full_page=True)
    assert not errors

    # The bar of fines in "penalty decisions by kind" leads to those decisions.
    chart = page.locator("#chart-kinds")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    x, y = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.getElementById('chart-kinds'));
          const spec = JSON.parse(document.getElementById('supervision-charts').textContent)
            .find((c) => c.id === 'chart-kinds');
          const i = spec.series[0].links.findIndex((l) => l.includes('key=fine'));
          return chart.convertToPixel({seriesIndex: 0}, [spec.series[0].data[i] / 2, i]);
        }"""
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/supervision/list/penalties/**")
    assert "key=fine" in page.url
    rows = page.locator("#items tbody tr")
    assert rows.count() == 2  # the fines of 500 and 200, not the other agency's
    page.screenshot(path=str(_shots(tmp_path) / f"drill-down-{width}.png"), full_page=True)


def test_on_a_phone_every_figure_is_in_view_and_reached_by_keyboard(
    browser, live_server, year, supervisor, tmp_path
):
    """At 390 px the supervisor's home page and dashboard hide no figure (the agencies'
    table lists each agency's figures under its name), the deadlines' ring carries its
    figures rather than names cut to "…", and a figure is opened from the keyboard."""
    page = browser.new_page(viewport={"width": 390, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    _log_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/")
    page.wait_for_function("() => document.querySelectorAll('.sv-chart svg').length >= 1")
    assert hidden_figures(page) == []
    labels = (
        page.locator("#agencies tbody tr")
        .first.locator("td")
        .evaluate_all("cells => cells.map((c) => getComputedStyle(c, '::before').content)")
    )
    assert labels[0] == '"立案"'
    page.screenshot(path=str(_shots(tmp_path) / "home-390.png"), full_page=True)

    page.goto(f"{live_server.url}/supervision/")
    page.wait_for_function("() => document.querySelectorAll('.sv-chart svg').length >= 5")
    assert hidden_figures(page) == []
    ring = page.locator("#chart-deadlines svg text").evaluate_all(
        "texts => texts.map((t) => t.textContent)"
    )
    assert not [t for t in ring if "…" in t or "..." in t]
    # From the top of the page, Tab reaches the first key figure; Enter opens its list.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "fig-filed":
            break
    assert page.evaluate("document.activeElement.id") == "fig-filed"
    page.keyboard.press("Enter")
    page.wait_for_url("**/supervision/list/filed/**")
    assert page.locator("#items tbody tr").count() >= 1
