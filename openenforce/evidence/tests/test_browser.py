"""The evidence form's tus client in a real browser: the file goes up in chunks through
/api/v1/uploads/ (progress, checksum), then the form is submitted with the upload's id.

Headless Chromium from the system through Playwright; skipped where none is installed.
"""

import hashlib

import pytest

from conftest import PASSWORD
from openenforce.evidence.models import EvidenceItem, Upload
from openenforce.evidence.tests.test_tus import video
from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS


@pytest.fixture
def browser_page(browser):
    page = browser.new_page(locale="en-US")
    page.set_default_timeout(20_000)
    return page


def test_form_uploads_by_tus_and_adds_the_item(
    browser_page, quiet_live_server, officer, case, tmp_path
):
    data = video(9 * 1024 * 1024, b"browser")  # three 4 MiB chunks
    path = tmp_path / "执法记录仪.mp4"
    path.write_bytes(data)
    page = browser_page
    page.goto(f"{quiet_live_server.url}/cases/{case.pk}/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{quiet_live_server.url}/cases/{case.pk}/")
    page.select_option("#ev-kind", "audiovisual")
    page.fill("#ev-title", "现场执法记录仪视频")
    page.fill("#ev-place", "现场")
    page.fill("#ev-method", "执法记录仪全程录像")
    page.set_input_files("#ev-file", str(path))
    page.click("form[data-evidence-form] button.primary")
    page.wait_for_url(f"{quiet_live_server.url}/cases/{case.pk}/#evidence", timeout=60_000)
    item = EvidenceItem.objects.select_related("blob").get()
    assert item.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert item.file_name == "执法记录仪.mp4"
    assert Upload.objects.get().status == Upload.Status.COMPLETE
    assert "现场执法记录仪视频" in page.content()
