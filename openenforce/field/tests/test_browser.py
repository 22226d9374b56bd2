"""The field app in a real browser, on a 390 px phone: an officer opens today's inspection
task, shows the certificate, goes offline, takes two photos and a short audio clip, fills
the inspection record, the party signs with a finger, issues an on-the-spot decision,
comes back online — and the server holds exactly those items once, with the hashes the
device computed, every step in the record, and a PDF that verifies.

Headless Chromium from the system through Playwright; skipped where none is installed.
The media are made in the test (tiny PNGs, a short WAV).
"""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from openenforce.cases.models import Case
from openenforce.documents.models import Document
from openenforce.evidence.models import EvidenceItem
from openenforce.ledger.models import Entry
from openenforce.onsite.models import Signature, Submission
from openenforce.testing import browser as browser_support
from openenforce.testing.field import png, sha256, wav

pytestmark = browser_support.MARKS

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "zh-CN",
    "permissions": ["geolocation"],
    "geolocation": {"latitude": 43.88, "longitude": 125.35},
}
PENDING = "window.oeField.items().then(items => items.length)"


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(30_000)
    yield context
    context.close()


def _sign(page, form: str) -> None:
    """The party signs on the canvas with a finger (pointer strokes)."""
    box = page.locator(f'[data-sign="{form}"] canvas').bounding_box()
    x, y = box["x"] + 30, box["y"] + 40
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 20, y + (step % 3) * 25)
    page.mouse.up()
    page.fill(f'[data-sign="{form}"] [data-signer]', "赵福寿")
    page.click(f'[data-sign="{form}"] [data-confirm]')


def _wait_pending(page, count: int) -> None:
    for _ in range(120):
        if page.evaluate(PENDING) == count:
            return
        time.sleep(0.5)
    raise AssertionError(f"{page.evaluate(PENDING)} items pending, expected {count}")


def test_a_day_on_site_offline_then_synced(phone, quiet_live_server, world, officer):
    base = quiet_live_server.url
    page = phone.new_page()
    page.goto(f"{base}/field/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/field/")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # Today's task, then the certificate full screen with its QR.
    page.click(f"text={world.task.target.name}")
    page.wait_for_url(f"{base}/field/tasks/{world.task.pk}/")
    page.goto(f"{base}/field/certificate/")
    assert page.locator("#cert-state").inner_text() == "今日有效"
    assert page.locator("#cert-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    page.goto(f"{base}/field/tasks/{world.task.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone

    phone.set_offline(True)
    # Without a network the app's pages still open (the service worker's copies).
    page.goto(f"{base}/field/sync/")
    assert page.locator("#sync-now").is_visible()
    page.goto(f"{base}/field/tasks/{world.task.pk}/")
    assert page.locator("#record-form").is_visible()
    media = [
        ("photo", "现场照片1.png", "image/png", png(1, 32)),
        ("photo", "现场照片2.png", "image/png", png(2, 32)),
        ("audio", "现场录音.wav", "audio/x-wav", wav(0.5)),
    ]
    for count, (kind, name, mime, data) in enumerate(media, start=1):
        page.set_input_files(
            f"input[data-media={kind}]", files=[{"name": name, "mimeType": mime, "buffer": data}]
        )
        _wait_pending(page, count)
    # The inspection record from the checklist, read and signed by the party.
    page.fill("#record-form input[name=n1]", "消防通道畅通，入院评估记录齐全")
    page.fill("#record-form input[name=present]", "赵福寿（院长）")
    page.click("#record-form button.primary")
    record_text = page.locator('[data-sign="record"] [data-text]').inner_text()
    assert "养老机构监督检查：符合；消防通道畅通" in record_text
    _sign(page, "record")
    _wait_pending(page, 4)
    # The on-the-spot decision: a fine of 200 yuan.
    page.fill("#decision-form textarea[name=facts]", "在消防通道堆放杂物")
    page.fill("#decision-form input[name=violated]", "《中华人民共和国消防法》第二十八条")
    page.fill("#decision-form input[name=basis]", "《中华人民共和国消防法》第六十条")
    page.check("#decision-form input[value=fine]")
    page.fill("#decision-form input[name=fine]", "200")
    page.click("#decision-form button.primary")
    _sign(page, "decision")
    _wait_pending(page, 5)
    device = page.evaluate("window.oeField.items().then(items => items.map(i => i.sha256))")
    assert device[:3] == [sha256(data) for *_, data in media]  # hashed at capture, on the phone
    assert Submission.objects.count() == 0  # nothing left the phone while offline

    phone.set_offline(False)
    _wait_pending(page, 0)

    # Exactly those five items, once each, with the device's hashes.
    submissions = list(Submission.objects.order_by("device_seq"))
    assert [s.kind for s in submissions] == ["capture"] * 3 + ["record", "decision"]
    assert [s.device_sha256 for s in submissions] == device
    assert [s.status for s in submissions] == ["accepted"] * 5
    files = EvidenceItem.objects.filter(
        case=world.task.case, blob__isnull=False, kind="audiovisual"
    )
    assert sorted(e.blob.sha256 for e in files) == sorted(sha256(d) for *_, d in media)
    signatures = list(Signature.objects.order_by("pk"))
    assert [s.refused for s in signatures] == [False, False]
    assert signatures[0].content_sha256 == submissions[3].device_sha256
    # The record holds every step.
    case = Case.objects.get(pk=world.task.case_id)
    assert case.state == "inspected"
    events = set(Entry.objects.values_list("event_type", flat=True))
    for event in (
        "onsite.submission.received",
        "onsite.signature.signed",
        "onsite.submission.filed",
        "evidence.evidenceitem.added",
        "documents.document.issued",
    ):
        assert event in events, event
    # The on-the-spot decision: numbered, its PDF verifies against the record.
    decision = Document.objects.get(doc_type="on_spot_decision")
    assert "当罚字" in decision.number
    pdf = page.request.get(f"{base}{reverse('documents:pdf', args=[decision.pk])}").body()
    assert sha256(pdf) == decision.sha256
    check = Client().post(
        reverse("documents:verify", args=[decision.verification_code]),
        {"file": SimpleUploadedFile("decision.pdf", pdf, content_type="application/pdf")},
    )
    assert check.status_code == 200 and check.context["result"]["ok"]
    # The sync page: nothing waits, the decision's number and PDF are listed.
    page.goto(f"{base}/field/sync/")
    assert decision.number in page.content()
    page.screenshot(path=str(_shots() / "field-sync-390.png"), full_page=True)


def _shots():
    from pathlib import Path

    path = Path("var/screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_the_pages_speak_chinese_and_fit_every_width(browser, quiet_live_server, world, officer):
    """No English word in the Chinese interface, no raw code, no sideways scrolling at any
    of the crawl's widths (390 px included), on every page of the app."""
    from openenforce.testing import crawl

    base = quiet_live_server.url
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{base}/field/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/field/")
    problems = []
    for path in (
        "/field/",
        f"/field/tasks/{world.task.pk}/",
        "/field/certificate/",
        "/field/sync/",
    ):
        status, _final = crawl.visit(page, base, path)
        assert status == 200, path
        problems += crawl.check_page(page, "officer", path)
    assert not problems, "\n".join(map(str, problems))
