"""Published decisions on the portal: search, detail, withdrawal notice, verification,
open data (JSON, CSV, Excel, Atom) and the command-line verifier."""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from openenforce.disclosure import services as disclosure
from openenforce.ledger import merkle, notes

pytestmark = pytest.mark.django_db


def test_a_published_decision_is_found_by_keyword_and_shows_masked_text(client, published):
    item = published()
    html = client.get("/portal/decisions/", {"q": "警告"}).content.decode()
    assert item.title in html and f"/portal/decisions/{item.pk}/" in html
    assert item.title not in client.get("/portal/decisions/", {"q": "吊销执照"}).content.decode()
    detail = client.get(f"/portal/decisions/{item.pk}/").content.decode()
    assert "张某" in detail and "张三" not in detail  # masked, never the original
    assert f"/disclosure/corrections/new/{item.pk}/" in detail  # anyone may ask to correct


def test_filters_by_agency_and_kind(client, published, other_agency):
    item = published()
    assert (
        item.title in client.get("/portal/decisions/", {"agency": item.agency_id}).content.decode()
    )
    html = client.get("/portal/decisions/", {"agency": other_agency.pk}).content.decode()
    assert item.title not in html
    assert (
        item.title not in client.get("/portal/decisions/", {"kind": "licensing"}).content.decode()
    )


def test_a_draft_is_not_public(client, decided):
    case = decided()
    draft = case.publications.get()
    assert client.get(f"/portal/decisions/{draft.pk}/").status_code == 404
    assert draft.title not in client.get("/portal/decisions/").content.decode()
    assert client.get(f"/api/v1/public/decisions/{draft.pk}").status_code == 404


def test_a_withdrawn_item_shows_only_the_notice_with_its_reason(client, published, publisher):
    item = published()
    disclosure.withdraw_publication(
        item, actor=publisher, reason="复议机关撤销原处罚决定", ground="revoked"
    )
    html = client.get(f"/portal/decisions/{item.pk}/").content.decode()
    assert "撤下公告" in html and "复议机关撤销原处罚决定" in html
    assert "张某" not in html  # the old text is gone
    data = client.get(f"/api/v1/public/decisions/{item.pk}").json()
    assert data["withdrawn"] and data["text"] == "" and "撤销" in data["withdrawal_reason"]


def test_verify_page_shows_the_proof_and_the_cli_command(client, published):
    item = published()
    html = client.get(f"/portal/decisions/{item.pk}/verify/").content.decode()
    assert "服务器核验：已包含在记录中" in html
    assert f"openenforce portal verify {item.pk} --site" in html
    assert 'id="proof-data"' in html and "/static/portal/verify.js" in html


def test_proof_bundle_recomputes_to_the_signed_checkpoint(client, published):
    item = published()
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    h = merkle.hash_function(bundle["hash"])
    entry = base64.b64decode(bundle["entry"])
    assert json.loads(entry)["subject"]["id"] == str(item.pk)
    path = [base64.b64decode(p) for p in bundle["proof"]]
    root = merkle.root_from_inclusion(
        bundle["sequence"], bundle["size"], merkle.leaf_hash(entry, h), path, h
    )
    assert base64.b64encode(root).decode() == bundle["root"]
    # The public text is the one the record holds the digest of.
    assert h(item.masked_text.encode()).hex() in json.loads(entry)["files"]


def test_cli_verifies_a_saved_bundle_and_refuses_a_tampered_one(client, published, tmp_path):
    item = published()
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    text = client.get(f"/api/v1/public/decisions/{item.pk}").json()["text"]
    good, body = tmp_path / "proof.json", tmp_path / "text.txt"
    good.write_text(json.dumps(bundle))
    body.write_text(text)
    out = io.StringIO()
    args = ["verify", str(item.pk), "--bundle", str(good), "--text", str(body)]
    call_command("portal", *args, "--vkey", notes.vkey(), stdout=out)
    assert "included" in out.getvalue() and "public text matches" in out.getvalue()
    body.write_text(text.replace("张某", "李某"))
    with pytest.raises(CommandError):
        call_command("portal", *args, "--vkey", notes.vkey(), stderr=io.StringIO())


def test_open_data_json_csv_excel_and_feed(client, published):
    item = published()
    data = client.get("/api/v1/public/decisions", {"q": "警告"}).json()
    assert data["count"] == 1 and data["items"][0]["id"] == item.pk
    officers = client.get("/api/v1/public/officers").json()
    assert officers["count"] >= 1
    number = officers["items"][0]["certificate_number"]
    assert client.get("/api/v1/public/officers", {"q": number}).json()["count"] == 1
    assert client.get("/api/v1/public/matters", {"per_page": 1}).json()["pages"] >= 1
    for name in ("agencies", "inspection-list", "recording-list", "review-catalogue"):
        assert client.get(f"/api/v1/public/{name}").status_code == 200
    csv = client.get("/portal/data/decisions.csv").content.decode("utf-8-sig")
    assert item.title in csv and "张三" not in csv
    xlsx = client.get("/portal/data/officers.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert number in [c.value for row in sheet.iter_rows() for c in row]
    feed = client.get("/portal/decisions/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert item.title in feed.content.decode() and "张三" not in feed.content.decode()


def test_public_operations_are_in_the_openapi_document():
    from openenforce.api import api

    schema = api.get_openapi_schema()
    paths = schema["paths"]
    assert "/api/v1/public/decisions" in paths and "/api/v1/public/officers" in paths
    assert not paths["/api/v1/public/decisions"]["get"].get("security")


def test_anonymous_pages_write_nothing_so_a_read_replica_can_serve_them(client, published):
    """The scale-out in docs/portal.md relies on it: no page writes to the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = published()
    urls = [
        "/portal/",
        "/portal/agencies/",
        "/portal/officers/",
        "/portal/matters/",
        "/portal/lists/",
        "/portal/decisions/?q=警告",
        f"/portal/decisions/{item.pk}/",
        f"/portal/decisions/{item.pk}/verify/",
        f"/portal/decisions/{item.pk}/proof.json",
        "/portal/transparency/",
        "/portal/decisions/feed.atom",
        "/portal/data/decisions.csv",
        "/api/v1/public/decisions",
        "/portal/open-data/",
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200, url
    writes = [
        q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


def test_pages_merge_published_and_withdrawn_items_newest_first(published, publisher):
    from openenforce.portal.selectors import DecisionFilters, find_decisions

    items = [published() for _ in range(3)]
    disclosure.withdraw_publication(
        items[1], actor=publisher, reason="决定被撤销", ground="revoked"
    )
    pages = [find_decisions(DecisionFilters(), page=n, per_page=1) for n in (1, 2, 3, 4)]
    assert [p.items[0].pk for p in pages] == [i.pk for i in reversed(items)] + [items[0].pk]
    assert {p.total for p in pages} == {3} and pages[0].pages == 3


def test_open_data_api_is_kept_like_the_pages(client, published, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 30
    item = published()
    first = client.get("/api/v1/public/decisions", {"q": "警告"})
    assert first.json()["items"][0]["id"] == item.pk and not first.cookies
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/public/decisions", {"q": "警告"})
    assert again.content == first.content and len(queries) == 0  # served from the cache
    with CaptureQueriesContext(connection) as queries:
        other = client.get("/api/v1/public/decisions", {"q": "警告", "page": 1, "per_page": 5})
    assert other.json()["count"] == 1 and len(queries) > 0  # another URL, another copy
    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/public/decisions", {"q": "警告"})
    assert len(queries) > 0


@pytest.mark.parametrize("page", ["²", "9" * 100, "-1", "x"])
def test_a_garbled_page_number_shows_the_first_page(client, published, page):
    item = published()
    response = client.get("/portal/decisions/", {"page": page})
    assert response.status_code == 200 and item.title in response.content.decode()


def test_a_long_list_counts_up_to_its_bound_and_says_there_are_more(
    client, published, monkeypatch, settings
):
    """The portal's list stops counting at a bound (the API counts exactly)."""
    from openenforce.core import paging

    settings.OPENENFORCE_PORTAL_CACHE_SECONDS = 0
    monkeypatch.setattr(paging, "DEFAULT_BOUND", 2)
    items = [published() for _ in range(4)]
    page = client.get("/portal/decisions/", {"page": 9}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "找到超过 2 条，请缩小检索范围后查看其余结果。" in text
    assert items[-1].title in text  # the newest page is shown, not an empty one
    api = client.get("/api/v1/public/decisions").json()
    assert api["count"] == 4 and api["pages"] == 1
    monkeypatch.setattr(paging, "DEFAULT_BOUND", 4)
    text = client.get("/portal/decisions/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "找到超过" not in text and "共找到 4 条" in text
