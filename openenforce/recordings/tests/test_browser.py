"""Playback in a real browser: the case page's player plays a recording and seeks in it
(HTTP Range), and the playback is recorded once.

Headless Chromium from the system through Playwright; skipped where none is installed.
"""

import pytest

from conftest import PASSWORD
from openenforce.ledger.models import Entry
from openenforce.recordings.tests.conftest import record_step, webm
from openenforce.testing import browser as browser_support

pytestmark = browser_support.MARKS

PLAY_AND_SEEK = """async () => {
  const v = document.querySelector('#recordings video');
  v.muted = true;
  await v.play();
  await new Promise(r => setTimeout(r, 300));
  v.pause();
  v.currentTime = v.duration - 0.2;
  await new Promise(r => v.seeked ? v.addEventListener('seeked', r, {once: true}) : r());
  return {time: v.currentTime, duration: v.duration, seekable: v.seekable.length,
          error: v.error && v.error.code};
}"""


@pytest.fixture
def browser_page(browser):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_case_page_plays_and_seeks_a_recording(
    browser_page, live_server, team, officer, held_camera
):
    case = team.open("inspection", actor=officer)
    record_step(case, "record_inspection", officer, held_camera, stream=webm())
    page = browser_page
    url = f"{live_server.url}/cases/{case.pk}/"
    page.goto(url)
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url)
    page.wait_for_selector("#recordings video")
    page.wait_for_load_state("networkidle")
    # Opening the page fetches nothing of the recording, so records no viewing.
    assert not Entry.objects.filter(event_type="recordings.recording.viewed").exists()
    state = page.evaluate(PLAY_AND_SEEK)
    assert state["error"] is None and state["seekable"] >= 1
    assert state["time"] > 0.5 and abs(state["time"] - (state["duration"] - 0.2)) < 0.3
    assert Entry.objects.filter(event_type="recordings.recording.viewed").count() == 1


def test_a_recording_is_registered_with_javascript_on(
    browser_page, live_server, team, officer, held_camera, tmp_path
):
    """The form uploads the file through the resumable upload (not to a broken URL) and
    registers the recording with it."""
    import datetime
    import hashlib

    from django.utils import timezone

    from openenforce.evidence.models import Upload
    from openenforce.recordings.models import Recording

    case = team.open("inspection", actor=officer)
    data = webm().getvalue()
    path = tmp_path / "现场检查.webm"
    path.write_bytes(data)
    page = browser_page
    url = f"{live_server.url}/cases/{case.pk}/"
    page.goto(url)
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url)
    form = page.locator("form:has(#rec-file)")
    page.locator("#recordings details.action summary").first.click()
    options = page.locator("#rec-step option").evaluate_all("os => os.map(o => o.value)")
    page.select_option("#rec-step", [v for v in options if v][0])
    page.select_option("#rec-device", held_camera.code)
    page.fill("#rec-place", "某养老院")
    start = timezone.localtime() - datetime.timedelta(minutes=20)
    page.fill("#rec-start", start.strftime("%Y-%m-%dT%H:%M:%S"))
    page.set_input_files("#rec-file", str(path))
    form.locator("button.primary").click()
    page.wait_for_url(f"{url}#recordings", timeout=60_000)
    recording = Recording.objects.select_related("blob").get()
    assert recording.blob.sha256 == hashlib.sha256(data).hexdigest()
    # It went up through the resumable upload, which large body-camera files need.
    assert Upload.objects.get().status == Upload.Status.COMPLETE
