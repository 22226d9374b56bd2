"""The portal's statistics page: public, each agency's figures for a year, no names."""

from __future__ import annotations

import pytest

from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)


def test_the_public_sees_each_agencys_figures_without_names(
    year, client, agency, other_agency, justice_bureau
):
    response = client.get("/portal/statistics/?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('id="statistics"')[1].split("</table>")[0]
    rows = {r.split("</a>")[0].rsplit(">", 1)[-1]: r for r in table.split("<tr>")[2:]}
    assert "700.00" in rows[agency.name]  # the agency's fines: 500 + 200
    assert "9999.00" in rows[other_agency.name].replace(",", "")
    assert justice_bureau.name not in html  # no enforcement powers, no row of zeros
    assert "张三" not in html and "某养老院" not in html  # no party is named
    year["fine"].refresh_from_db()
    assert year["fine"].number not in html
    assert 'id="supervision-charts"' in html


def test_one_agency_and_another_year(year, client, agency):
    html = client.get(f"/portal/statistics/?year=2026&agency={agency.code}").content.decode()
    assert "9999.00" not in html.replace(",", "")
    assert client.get("/portal/statistics/?year=1999").status_code == 404
    assert client.get("/portal/statistics/?agency=nobody").status_code == 404
