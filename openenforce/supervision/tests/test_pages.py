"""The dashboard and its drill-down lists, as the people who use them; the API."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)

YEAR = "from=2026-01-01&to=2026-12-31"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/supervision/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_supervisor_sees_the_supervised_agency_side_by_side(
    year, client_for, supervisor, agency, justice_bureau, other_agency
):
    html = page(client_for(supervisor), "/supervision/")
    assert 'id="chart-agencies"' in html
    assert agency.name in html and justice_bureau.name in html
    assert other_agency.name not in html
    assert "700.00" in html  # the agency's fines
    assert "9,999" not in html and "9999" not in html
    assert 'id="supervision-charts"' in html  # the charts' data, for the static script
    assert "vendor/echarts.min.js" in html


def test_a_head_sees_their_agency_and_not_another(year, client_for, head, other_agency):
    client = client_for(head)
    html = page(client, "/supervision/")
    assert "700.00" in html and "9999" not in html
    assert 'id="chart-agencies"' not in html  # one agency: nothing to compare
    assert client.get(f"/supervision/?agency={other_agency.pk}").status_code == 404
    assert client.get(f"/supervision/list/filed/?agency={other_agency.pk}").status_code == 404


def test_an_officer_sees_their_agency(year, client_for, officer):
    html = page(client_for(officer), "/supervision/")
    assert "700.00" in html


def test_an_outsider_sees_only_their_own_agency(year, client_for, outsider, agency):
    client = client_for(outsider)
    html = page(client, "/supervision/")
    assert "9,999.00" in html  # amounts grouped by thousands in Chinese too (千分位)
    assert "700.00" not in html
    assert client.get(f"/supervision/?agency={agency.pk}").status_code == 404
    for case in (year["fine"], year["foreign"]):
        case.refresh_from_db()
    html = page(client, "/supervision/list/penalties/?key=fine")
    assert year["foreign"].number in html
    assert year["fine"].number not in html


def test_drill_down_lists_the_cases_of_the_figure(year, client_for, supervisor):
    client = client_for(supervisor)
    for case in (year["fine"], year["spot"], year["foreign"]):
        case.refresh_from_db()
    html = page(client, f"/supervision/list/penalties/?{YEAR}&key=fine")
    assert year["fine"].number in html and year["spot"].number in html
    assert year["foreign"].number not in html
    assert f'href="/cases/{year["fine"].pk}/"' in html
    html = page(client, f"/supervision/list/penalties/?{YEAR}&key=warning")
    assert year["warning"].number in html and year["fine"].number not in html
    assert client.get("/supervision/list/nothing/").status_code == 404
    assert client.get("/supervision/list/penalties/?key=nothing").status_code == 404


def test_the_dashboard_links_each_figure_to_its_list(year, client_for, head):
    html = page(client_for(head), f"/supervision/?{YEAR}")
    assert "/supervision/list/penalties/?from=2026-01-01&amp;to=2026-12-31&amp;key=fine" in html
    assert "/supervision/list/deadlines/?from=2026-01-01&amp;to=2026-12-31&amp;key=overdue" in html


def test_excel_export_has_the_rows(year, client_for, supervisor):
    response = client_for(supervisor).get(f"/supervision/list/penalties/?{YEAR}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3  # header, the three penalty decisions of the agency
    year["fine"].refresh_from_db()
    assert any(r[0] == year["fine"].number and r[-1] == 500 for r in rows[1:])


def test_picking_a_month_narrows_the_figures(year, client_for, head):
    html = page(client_for(head), "/supervision/?from=2026-11-01&to=2026-11-30")
    assert "200.00" in html and "700.00" not in html


def test_api_indicators_scoped(year, supervisor, agency, other_agency, outsider):
    response = api_as(supervisor).get(f"/api/v1/supervision/indicators?agency={agency.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["start"] == "2026-01-01"
    assert body["decisions"]["penalties"] == 3
    assert float(body["decisions"]["fines"]) == 700
    assert body["decisions"]["by_kind"]["fine"] == 2
    assert [a["agency_id"] for a in body["agencies"]] == [agency.pk]
    refused = api_as(supervisor).get(f"/api/v1/supervision/indicators?agency={other_agency.pk}")
    assert refused.status_code == 404
    own = api_as(outsider).get("/api/v1/supervision/indicators?from=2026-09-01&to=2026-09-30")
    assert float(own.json()["decisions"]["fines"]) == 9999
    backwards = api_as(supervisor).get(
        "/api/v1/supervision/indicators?from=2026-09-01&to=2026-01-01"
    )
    assert backwards.status_code == 422
    assert api_as().get("/api/v1/supervision/indicators").status_code == 401


def test_api_operation_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/supervision/indicators" in schema["paths"]


def test_the_supervisors_home_page_shows_the_supervised_agencies(
    year, client_for, supervisor, head, agency, justice_bureau
):
    html = page(client_for(supervisor), "/")
    assert 'id="supervised-agencies"' in html
    panel = html.split('id="supervised-agencies"')[1].split("</section>")[0]
    assert agency.name in panel
    assert justice_bureau.name not in panel  # the bureau itself supervises, it is not supervised
    assert "700.00" in panel
    assert 'id="supervised-agencies"' not in page(client_for(head), "/")
