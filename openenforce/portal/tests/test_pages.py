"""The public portal's pages: open to anyone, in Chinese by default, showing only what the
rules publish."""

from __future__ import annotations

import datetime

import pytest

from openenforce.catalog.services import add_certificate_event

pytestmark = pytest.mark.django_db


def test_index_is_public_and_in_chinese(client):
    response = client.get("/portal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳到正文" in html and 'href="#main"' in html
    assert "/static/portal/portal.css" in html
    assert "如何核验本站公示内容" in html


def test_agency_page_shows_published_particulars(client, agency, catalog):
    html = client.get(f"/portal/agencies/{agency.code}/").content.decode()
    assert agency.name in html and "监督和救济渠道" in html
    assert client.get("/portal/agencies/").status_code == 200
    assert client.get("/portal/agencies/no-such-agency/").status_code == 404


def test_officers_are_found_by_name_and_certificate_number(client, catalog):
    by_name = client.get("/portal/officers/", {"q": "王某"}).content.decode()
    assert "P22010001" in by_name
    by_number = client.get("/portal/officers/", {"q": "P2201"}).content.decode()
    assert "王某" in by_number
    assert "王某" not in client.get("/portal/officers/", {"q": "李"}).content.decode()
    assert "/portal/certificates/P22010001/qr.svg" in by_name


def test_certificate_qr_code_links_to_its_verification_page(client, catalog):
    response = client.get("/portal/certificates/P22010001/qr.svg")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg")
    assert b"<svg" in response.content


def test_certificate_page_says_genuine_and_valid_and_nothing_more(client, catalog):
    html = client.get("/portal/certificates/P22010001/").content.decode()
    assert "真实有效" in html or "今日有效" in html
    assert (
        "王某" in html and catalog.agency_name in html if hasattr(catalog, "agency_name") else True
    )
    # The directory publishes name, number, fields, area and validity; not the department.
    assert "养老服务科" not in html


def test_revoked_certificate_shows_the_date(client, catalog, system_actor):
    add_certificate_event(
        catalog.certificate,
        actor=system_actor,
        kind="revoked",
        date=datetime.date(2026, 3, 2),
        reason="调离执法岗位",
    )
    html = client.get("/portal/certificates/P22010001/").content.decode()
    assert "已吊销" in html or "吊销" in html
    assert "2026-03-02" in html
    assert "调离执法岗位" not in html  # the reason is internal


def test_unknown_certificate_is_not_genuine(client, db):
    response = client.get("/portal/certificates/FAKE123/")
    assert response.status_code == 404
    assert "不是已登记的执法证" in response.content.decode()


def test_matter_page_shows_basis_standard_guide_and_a_public_flowchart(client, catalog):
    html = client.get(f"/portal/matters/{catalog.matter.pk}/").content.decode()
    assert "养老机构管理办法" in html and "首次违法，及时改正" in html
    assert "养老机构备案回执" in html
    assert "/cases/flowcharts/" in html
    src = html.split('src="/cases/flowcharts/', 1)[1].split('"', 1)[0]
    flowchart = client.get(f"/cases/flowcharts/{src}")
    assert flowchart.status_code == 200 and b"<svg" in flowchart.content


def test_lists_show_each_catalogue(client, catalog):
    assert "养老机构监督检查" in client.get("/portal/lists/").content.decode()
    assert "听证全过程" in client.get("/portal/lists/recordings/").content.decode()
    assert "较大数额罚款" in client.get("/portal/lists/reviews/").content.decode()
    assert client.get("/portal/lists/secret/").status_code == 404


def test_retired_entries_are_not_public(client, catalog, system_actor):
    from openenforce.catalog.services import retire_entry

    retire_entry(catalog.matter, actor=system_actor, status="repealed")
    assert catalog.matter.name not in client.get("/portal/matters/").content.decode()
    assert client.get(f"/portal/matters/{catalog.matter.pk}/").status_code == 404


def test_language_switch_is_a_plain_get_and_cached_pages_follow_it(client, settings):
    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 30
    assert "跳到正文" in client.get("/portal/").content.decode()  # cached in Chinese
    response = client.get("/portal/language/", {"language": "en", "next": "/portal/officers/"})
    assert response.status_code == 302 and response["Location"] == "/portal/officers/"
    assert "Skip to content" in client.get("/portal/").content.decode()
    evil = client.get("/portal/language/", {"language": "en", "next": "https://evil.example/"})
    assert evil["Location"] == "/portal/"


def test_public_pages_set_no_cookie_so_one_cached_copy_serves_everyone(client, settings):
    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 30
    first = client.get("/portal/matters/")
    assert not first.cookies  # no CSRF or session cookie
    assert client.get("/portal/matters/").content == first.content
