"""A public inspection plan's history: every record entry about the plan and its lines,
each with a proof that verifies; a draft plan has none."""

from __future__ import annotations

import base64

import pytest

from openenforce.inspections.tests.conftest import insp, registry_targets  # noqa: F401
from openenforce.ledger import merkle, notes
from openenforce.ledger.models import Entry
from openenforce.ledger.services import publish_checkpoint

pytestmark = pytest.mark.django_db


def test_a_drawn_plans_history_lists_its_entries_with_proofs(client, insp, registry_targets):  # noqa: F811
    draft = insp.plan()
    url = f"/portal/history/plan/{draft.agency.code}/{draft.code}"
    assert client.get(f"{url}/").status_code == 404  # a draft is not public
    plan = insp.draw(draft)
    publish_checkpoint(force=True)
    data = client.get(f"{url}.json").json()
    types = [e["event_type"] for e in data["entries"]]
    for event in (
        "inspections.plan.created",
        "inspections.plan.announced",
        "inspections.plan.drawn",
    ):
        assert event in types
    assert types.index("inspections.plan.announced") < types.index("inspections.plan.drawn")
    lines = Entry.objects.filter(subject_kind="inspections.planitem").count()
    assert types.count("inspections.planitem.added") == lines > 0
    h = merkle.hash_function(data["hash"])
    notes.open_note(data["checkpoint"], notes.Verifier.parse(notes.vkey()))
    for e in data["entries"]:
        body = base64.b64decode(e["entry"])
        leaf = merkle.leaf_hash(body, h)
        path = [base64.b64decode(p) for p in e["proof"]]
        root = merkle.root_from_inclusion(e["sequence"], data["size"], leaf, path, h)
        assert base64.b64encode(root).decode() == data["root"]
    page = client.get(f"{url}/").content.decode()
    assert plan.title in page and 'id="proof-data"' in page
