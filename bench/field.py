"""Benchmark of the field app (issue 19): first-load size and sync figures.

    .venv/bin/python bench/field.py [--items N] [--size-mib N]

Runs in-process on a fresh var directory (SQLite; migrations applied), with a drawn
inspection task for an officer (``openenforce.testing.field``), and prints, each against a
baseline measured in the same run:

- the field app's first load (the task page, its script, stylesheet, icon, manifest and
  service worker), gzip-compressed, against the target of 300 KB and against the staff
  case page of the same case with its static files;
- sync: on-site photos sent as the field app sends them (tus upload, then the item with
  its device hash and idempotency key), items per second, against the bare tus uploads of
  the same files (what the item's checks and record entries add);
- resume: a file cut at 50% and resumed (bytes sent again, seconds), and the whole queue
  sent twice (as after a lost answer): items created by the repeat (must be 0).

JSON as the last line.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_KB = 300


def setup(var_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
    os.environ["OPENENFORCE_VAR_DIR"] = str(var_dir)
    os.environ["OPENENFORCE_LEDGER_KEY_FILE"] = str(var_dir / "bench.key")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def world():
    from django.utils import timezone

    from openenforce.accounts.models import Agency, Role
    from openenforce.accounts.services import create_user, get_system_actor, save_agency
    from openenforce.testing.field import field_world

    actor = get_system_actor()
    agency = save_agency(
        Agency(code="bench", name="长春新区社会事业发展局", short_name="长新社"), actor=actor
    )
    officer = create_user(
        "officer1",
        actor=actor,
        agency=agency,
        roles=[Role.OFFICER],
        password="correct horse battery 42",  # noqa: S106  (a bench password)
        display_name="officer1",
    )
    head = create_user(
        "head1",
        actor=actor,
        agency=agency,
        roles=[Role.HEAD],
        password="correct horse battery 42",  # noqa: S106
        display_name="head1",
    )
    # The draw's independent party and the record's witness (docs/draws.md §1).
    from django.conf import settings

    from openenforce.accounts.services import add_supervision
    from openenforce.testing.witness import RecordWitness

    bureau = save_agency(
        Agency(code="bench-justice", name="长春新区司法局", short_name="长新司"), actor=actor
    )
    add_supervision(bureau, actor=actor, supervised=agency)
    supervisor = create_user(
        "supervisor1",
        actor=actor,
        agency=bureau,
        roles=[Role.SUPERVISOR],
        password="correct horse battery 42",  # noqa: S106
        display_name="supervisor1",
    )
    settings.OPENENFORCE_DRAW_DELAY_SECONDS = 0
    witness = RecordWitness(Path(tempfile.mkdtemp()) / "witness")
    settings.OPENENFORCE_WITNESSES = [{"vkey": witness.vkey, "url": "local:"}]
    settings.OPENENFORCE_WITNESS_QUORUM = 1
    world = field_world(
        agency,
        actor,
        officer,
        head,
        today=timezone.localdate(),
        supervisor=supervisor,
        witness=witness,
    )
    return world, officer


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _assets(client, html: str) -> dict[str, bytes]:
    """The same-origin scripts, stylesheets, icons and manifest a page loads."""
    found = {}
    for url in re.findall(r'(?:href|src)="(/[^"]+)"', html):
        if url.startswith(("/static/", "/field/manifest", "/portal/certificates/")) or url.endswith(
            ".css"
        ):
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            found[url] = body
    return found


def first_load(client, task, case) -> dict:
    from django.urls import reverse

    def size(path: str, extra: tuple[str, ...] = ()) -> tuple[int, int, int]:
        html = client.get(path).content
        files = _assets(client, html.decode())
        for url in extra:
            files[url] = client.get(url).content
        raw = len(html) + sum(len(b) for b in files.values())
        return raw, _gz(html) + sum(_gz(b) for b in files.values()), len(files)

    raw, zipped, count = size(reverse("field:task", args=[task.pk]), (reverse("field:sw"),))
    staff_raw, staff_zipped, staff_count = size(reverse("workbench:case", args=[case.pk]))
    return {
        "field_first_load_bytes": raw,
        "field_first_load_gzip_bytes": zipped,
        "field_files": count + 1,
        "target_gzip_bytes": TARGET_KB * 1024,
        "within_target": zipped <= TARGET_KB * 1024,
        "baseline_staff_case_page_gzip_bytes": staff_zipped,
        "baseline_staff_files": staff_count + 1,
        "ratio_to_staff_page": round(zipped / staff_zipped, 3),
    }


def _item(case, upload_id: str, data: bytes, n: int) -> dict:
    from django.utils import timezone

    from openenforce.testing.field import sha256

    return {
        "key": f"bench-item-{n:06d}",
        "seq": n,
        "kind": "capture",
        "case": case.pk,
        "media": "photo",
        "sha256": sha256(data),
        "captured_at": (timezone.now() - datetime.timedelta(seconds=30)).isoformat(),
        "position": "43.880000,125.350000",
        "upload": upload_id,
    }


def sync_figures(client, case, items: int) -> dict:
    from django.urls import reverse

    from openenforce.onsite.models import Submission
    from openenforce.testing.field import png, tus_upload

    photos = [png(n, 48) for n in range(items * 2)]
    started = time.perf_counter()
    for data in photos[:items]:
        tus_upload(client, data)
    bare = time.perf_counter() - started

    bodies = []
    started = time.perf_counter()
    for n, data in enumerate(photos[items:], start=1):
        body = _item(case, tus_upload(client, data), data, n)
        response = client.post(
            reverse("field:items"), json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 201, response.content
        bodies.append(body)
    field = time.perf_counter() - started
    before = Submission.objects.count()
    started = time.perf_counter()
    for body in bodies:  # the whole queue again, as after a lost answer
        response = client.post(
            reverse("field:items"), json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200 and response.json()["duplicate"]
    repeat = time.perf_counter() - started
    return {
        "items": items,
        "field_items_per_s": round(items / field, 1),
        "baseline_bare_tus_uploads_per_s": round(items / bare, 1),
        "field_cost_vs_bare": round(field / bare, 2),
        "repeat_items_per_s": round(items / repeat, 1),
        "duplicates_created_by_repeat": Submission.objects.count() - before,
    }


def resume_figures(client, case, size_mib: int) -> dict:
    from django.urls import reverse

    from openenforce.onsite.models import Submission
    from openenforce.testing.field import sha256, tus_create, tus_offset, tus_send

    body = os.urandom(size_mib * 1024 * 1024)
    data = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + body  # sniffed as video/mp4
    started = time.perf_counter()
    whole = tus_create(client, len(data), "whole.mp4")
    tus_send(client, whole, data, 0)
    uncut = time.perf_counter() - started

    started = time.perf_counter()
    location = tus_create(client, len(data), "cut.mp4")
    half = len(data) // 2
    tus_send(client, location, data[:half], 0)  # the network goes at 50%
    first = time.perf_counter() - started
    started = time.perf_counter()
    offset = tus_offset(client, location)  # back online: where was it?
    tus_send(client, location, data, offset)
    body_item = _item(case, location.rstrip("/").split("/")[-1], data, 999_999)
    body_item["media"] = "video"
    response = client.post(
        reverse("field:items"), json.dumps(body_item), content_type="application/json"
    )
    resumed = time.perf_counter() - started
    assert response.status_code == 201, response.content
    stored = Submission.objects.get(key=body_item["key"]).evidence.blob.sha256
    return {
        "file_mib": size_mib,
        "cut_at_bytes": half,
        "resumed_from_bytes": offset,
        "bytes_sent_again": half - offset,
        "seconds_before_cut": round(first, 3),
        "seconds_to_finish_after_resume": round(resumed, 3),
        "baseline_uncut_upload_seconds": round(uncut, 3),
        "hash_matches_device": stored == sha256(data),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--size-mib", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oe-bench-field-") as tmp:
        setup(Path(tmp))
        from django.conf import settings
        from django.test import Client

        settings.ALLOWED_HOSTS = ["*"]
        the_world, officer = world()
        client = Client()
        client.force_login(officer)
        task = the_world.task
        results = {
            "first_load": first_load(client, task, task.case),
            "sync": sync_figures(client, task.case, args.items),
            "resume": resume_figures(client, the_world.tasks[1].case, args.size_mib),
        }
    for section, figures in results.items():
        print(f"{section}:")
        for key, value in figures.items():
            print(f"  {key:40} {value}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
