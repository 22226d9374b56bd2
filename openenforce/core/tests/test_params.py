"""Numbers from requests (``core.params``): "²" passes ``str.isdigit()`` and a hundred
digits pass ``int()``; neither may reach a query and answer 500 (issue 22, finding 4)."""

from __future__ import annotations

import pytest

from openenforce.accounts.models import User
from openenforce.core.errors import InvalidInput
from openenforce.core.params import BIGINT_MAX, ascii_int, parse_id, require_id

HUGE = "9" * 20  # beyond 64 bits
SUPERSCRIPT = "%C2%B2"  # "²": a digit to str.isdigit(), not to int()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (12, 12),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(BIGINT_MAX + 1), None),
        ("²", None),
        ("٣", None),
        ("9" * 100, None),
        ("-1", None),
        ("0", None),
        ("1e3", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_id(typed, expected):
    assert parse_id(typed) == expected


def test_ascii_int_keeps_to_its_range():
    assert ascii_int("0") == 0
    assert ascii_int("2026", minimum=1900, maximum=2100) == 2026
    assert ascii_int("2101", minimum=1900, maximum=2100) is None


def test_require_id_names_the_field():
    with pytest.raises(InvalidInput) as caught:
        require_id("²", "agency")
    assert [p.field for p in caught.value.problems] == ["agency"]
    assert caught.value.status == 422


# Every place the review found (or a grep for isdigit()/int( on input found), with what a
# user is answered now. Anonymous: the public API, the portal, the transparency tiles.
ANONYMOUS = [
    (f"/api/v1/public/decisions?agency={HUGE}", 422),
    (f"/api/v1/public/decisions?matter={HUGE}", 422),
    (f"/api/v1/public/matters?agency={HUGE}", 422),
    (f"/api/v1/public/officers?agency={HUGE}", 422),
    (f"/api/v1/public/decisions?page={HUGE}", 422),
    (f"/portal/decisions/?agency={SUPERSCRIPT}", 200),  # a malformed filter is ignored
    (f"/portal/decisions/?agency={HUGE}", 200),
    (f"/portal/decisions/?matter={HUGE}", 200),
    (f"/portal/matters/?agency={HUGE}", 200),
    (f"/portal/officers/?agency={SUPERSCRIPT}", 200),
    (f"/portal/officers/?agency={HUGE}", 200),
    (f"/portal/lists/?agency={HUGE}", 200),
    (f"/portal/data/decisions.csv?agency={SUPERSCRIPT}", 200),
    (f"/portal/data/decisions.csv?agency={HUGE}", 200),
    (f"/transparency/tile/{SUPERSCRIPT}/000", 404),
    (f"/transparency/tile/0/{SUPERSCRIPT * 3}", 404),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status"), ANONYMOUS)
def test_anonymous_odd_numbers_are_refused_or_ignored_never_a_500(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    if url.startswith("/api/"):
        assert response.json()["code"] == "invalid_input"


STAFF = [
    (f"/calendar/?year={SUPERSCRIPT}", 200),  # the current year instead
    (f"/catalog/?agency={SUPERSCRIPT}", 200),  # the user's own agency instead
    (f"/catalog/matters/?agency={SUPERSCRIPT}", 200),
    (f"/catalog/matters/?agency={HUGE}", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status"), STAFF)
def test_staff_pages_ignore_odd_numbers(client, admin_user, url, status):
    client.force_login(admin_user)
    assert client.get(url).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("length", ["²", HUGE, "-5"])
def test_an_upload_length_that_is_no_number_is_refused(client, officer, length):
    client.force_login(officer)
    response = client.post(
        "/api/v1/uploads/", HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH=length
    )
    assert response.status_code in (400, 413)
    assert response.json()["code"] in ("length_required", "file_too_large")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "abc/1",
        f"{SUPERSCRIPT}/1",
        f"{HUGE}/1",
        "{upload}/1",  # a UUID key given a number
        "{upload}/abc",
        "{task}/" + SUPERSCRIPT,
    ],
)
def test_the_admin_view_on_site_shortcut_answers_404(client, path):
    from django.contrib.contenttypes.models import ContentType

    client.force_login(User.objects.create_superuser("root", "root@example.cn", "x" * 12))
    upload = ContentType.objects.get(app_label="evidence", model="upload").pk
    task = ContentType.objects.get(app_label="django_tasks_database", model="dbtaskresult").pk
    response = client.get(f"/admin/r/{path.format(upload=upload, task=task)}/")
    assert response.status_code == 404
