"""Public histories of the catalogue's published lists (issue 18): an agency's whole list
(every entry about any item it ever held, repealed ones included) and each item, in the
same form as the other histories, linked from where the lists are shown."""

from __future__ import annotations

import base64
import json

import pytest

from openenforce.catalog.models import Matter
from openenforce.catalog.services import retire_entry, save_entry
from openenforce.ledger import merkle, notes
from openenforce.ledger.models import Entry
from openenforce.ledger.services import publish_checkpoint
from openenforce.portal import verify
from openenforce.testing.catalog import build_catalog

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-22T10:00:00+08:00")]


def _types(data: dict) -> list[tuple[str, str]]:
    """(event type, subject id) of each entry, read from the entries themselves."""
    out = []
    for e in data["entries"]:
        envelope = json.loads(base64.b64decode(e["entry"]))
        out.append((e["event_type"], envelope["subject"]["id"]))
    return out


def test_a_matters_list_history_keeps_a_repealed_matter(client, catalog, agency, system_actor):
    extra = save_entry(
        Matter(
            agency=agency,
            code="M-GONE",
            name="已废止事项",
            category=catalog.matter.category,
            field=catalog.field,
        ),
        actor=system_actor,
    )
    retire_entry(extra, actor=system_actor, status="repealed")
    publish_checkpoint(force=True)
    # The list page no longer shows the repealed matter ...
    listed = client.get(f"/portal/matters/?agency={agency.pk}").content.decode()
    assert "已废止事项" not in listed
    # ... but the list's history links from it, and holds every entry about it.
    assert f'href="/portal/history/matters/{agency.code}/"' in listed
    data = client.get(f"/portal/history/matters/{agency.code}.json").json()
    events = _types(data)
    assert ("catalog.matter.created", str(extra.pk)) in events
    assert ("catalog.matter.repealed", str(extra.pk)) in events
    assert ("catalog.matter.created", str(catalog.matter.pk)) in events
    assert ("catalog.legalbasis.created", str(catalog.basis.pk)) in events
    assert ("catalog.discretionstandard.created", str(catalog.standard.pk)) in events
    # only this list: no other list's entries
    assert not any(t.startswith("catalog.randominspectionitem") for t, _ in events)
    assert [e["sequence"] for e in data["entries"]] == sorted(
        e["sequence"] for e in data["entries"]
    )
    assert verify.check_history(data, notes.vkey()).problems == []
    # the repealed matter's own history is public too
    own = client.get(f"/portal/history/matter/{extra.pk}.json").json()
    assert [t for t, _ in _types(own)] == ["catalog.matter.created", "catalog.matter.repealed"]


def test_each_list_and_item_has_a_history_linked_from_its_page(client, catalog, agency):
    publish_checkpoint(force=True)
    h = merkle.hash_function()
    for slug, kind, item_kind, item in (
        ("inspections", "inspection-list", "inspection-item", catalog.inspection),
        ("recordings", "recording-list", "recording-item", catalog.recording),
        ("reviews", "review-catalogue", "review-item", catalog.review),
    ):
        page = client.get(f"/portal/lists/{slug}/?agency={agency.pk}").content.decode()
        assert f'href="/portal/history/{kind}/{agency.code}/"' in page
        assert f'href="/portal/history/{item_kind}/{item.pk}/"' in page
        data = client.get(f"/portal/history/{kind}/{agency.code}.json").json()
        model = item._meta.model_name
        assert {t for t, _ in _types(data)} == {f"catalog.{model}.created"}
        one = client.get(f"/portal/history/{item_kind}/{item.pk}.json").json()
        assert _types(one) == [(f"catalog.{model}.created", str(item.pk))]
        recorded = Entry.objects.get(subject_id=str(item.pk), event_type=f"catalog.{model}.created")
        assert merkle.leaf_hash(bytes(recorded.body), h) == base64.b64decode(
            one["entries"][0]["leaf_hash"]
        )
        html = client.get(f"/portal/history/{item_kind}/{item.pk}/")
        assert html.status_code == 200 and 'id="witness-check"' in html.content.decode()
    # the matter's page links its own history (with its bases and standards)
    page = client.get(f"/portal/matters/{catalog.matter.pk}/").content.decode()
    assert f'href="/portal/history/matter/{catalog.matter.pk}/"' in page
    data = client.get(f"/portal/history/matter/{catalog.matter.pk}.json").json()
    kinds = {t.rsplit(".", 1)[0] for t, _ in _types(data)}
    assert kinds == {"catalog.matter", "catalog.legalbasis", "catalog.discretionstandard"}
    # the agency's page links each list's history
    page = client.get(f"/portal/agencies/{agency.code}/").content.decode()
    for kind in ("matters", "inspection-list", "recording-list", "review-catalogue"):
        assert f'href="/portal/history/{kind}/{agency.code}/"' in page


def test_a_list_without_an_agency_says_how_to_see_its_history(client, catalog):
    page = client.get("/portal/lists/inspections/").content.decode()
    assert 'id="list-history"' in page and "/portal/history/inspection-list/" not in page


def test_unknown_lists_items_and_agencies_are_404(
    client, catalog, agency, other_agency, system_actor
):
    publish_checkpoint(force=True)
    for url in (
        "/portal/history/matters/no-such-agency/",
        "/portal/history/officers/" + agency.code + "/",
        "/portal/history/matter/999999/",
        "/portal/history/matter/abc/",
        "/portal/history/inspection-item/999999.json",
    ):
        assert client.get(url).status_code == 404, url
    # another agency's list holds none of this agency's entries
    other = build_catalog(other_agency, system_actor, prefix="O")
    publish_checkpoint(force=True)
    data = client.get(f"/portal/history/matters/{other_agency.code}.json").json()
    ids = {s for _, s in _types(data)}
    assert str(other.matter.pk) in ids and str(catalog.matter.pk) not in ids
