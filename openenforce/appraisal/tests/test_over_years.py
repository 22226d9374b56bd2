"""The scheme list's agencies × years table: the last three years with a scheme, each
cell the total, the rank among that year's agencies and a draft marked; one page of a
bounded number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openenforce.accounts.services import add_supervision
from openenforce.appraisal import services
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)


def year(bureau, supervisor, number):
    scheme = services.load_scheme(bureau, number, actor=supervisor)
    scheme = services.publish_scheme(scheme, actor=supervisor)
    return services.compute_scorecards(scheme, actor=supervisor)


def page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("appraisal:schemes"))
    assert response.status_code == 200
    return response.text, len(queries.captured_queries)


def section(text: str) -> str:
    start = text.index("各单位历年考核结果")
    return text[start : text.index("</section>", start)]


def test_agencies_side_by_side_over_the_last_three_years(
    client_for, justice_bureau, supervisor, activity, agency, other_agency, system_actor, head
):
    add_supervision(justice_bureau, actor=system_actor, supervised=other_agency)
    client = client_for(supervisor)
    year(justice_bureau, supervisor, 2023)
    _, few = page(client)
    year(justice_bureau, supervisor, 2024)
    year(justice_bureau, supervisor, 2025)
    cards = {c.agency_id: c for c in year(justice_bureau, supervisor, 2026)}
    services.confirm(cards[agency.pk], actor=supervisor)
    text, many = page(client)
    assert many == few  # the table costs the same number of queries for more years
    table = section(text)
    header = table[table.index("<thead>") : table.index("</thead>")]
    assert "2026" in header and "2025" in header and "2024" in header and "2023" not in header
    assert agency.name in table and other_agency.name in table
    mine, theirs = cards[agency.pk], cards[other_agency.pk]
    assert mine.total != theirs.total
    first = mine if mine.total > theirs.total else theirs
    row = table[table.index(first.agency.name) :]
    assert reverse("appraisal:scorecard", args=[first.pk]) in row
    assert f'{first.total}</a> <span class="muted">第1名/共2个' in row
    assert table.count("草稿") >= 5  # 2024 and 2025 both drafts, 2026 one draft
    assert "各单位历年考核结果" not in client_for(head).get(reverse("appraisal:schemes")).text
