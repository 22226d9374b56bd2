"""Each table of the annual report for a constructed year whose right answer is known."""

from __future__ import annotations

import pytest

from openenforce.annualreports import tables
from openenforce.annualreports.tests.conftest import WRITTEN

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def value(data, table, unit, column):
    return tables.cell(data, table, unit, column)["value"]


def ids(data, table, unit, column):
    """The cell's items, listed on demand; their digest is the stored one."""
    found = tables.cell_ids(data, table, unit, column)
    assert tables.ids_digest(found) == tables.cell(data, table, unit, column)["digest"]
    return found


def test_heaviest_kind_follows_the_statutory_order():
    assert tables.heaviest_kind(["fine", "confiscate_gains"]) == "confiscate_gains"
    assert tables.heaviest_kind(["warning", "fine"]) == "fine"
    assert tables.heaviest_kind(["revoke_licence", "closure", "fine"]) == "revoke_licence"
    assert tables.heaviest_kind(["detention", "revoke_licence"]) == "detention"
    assert tables.heaviest_kind([]) == "other"
    assert tables.heaviest_kind(["something_else", "warning"]) == "warning"


def test_the_penalty_table(year, agency):
    data = tables.compute(agency, 2026)
    row = data["tables"]["penalty"]["rows"][agency.code]
    got = {key: cell["value"] for key, cell in row.items()}
    # Filed: six ordinary cases and two major ones, plus the on-the-spot decision.
    assert got["filed"] == 9
    assert got["warning"] == 1 and got["fine"] == 2
    # 罚款 + 没收违法所得 counts once, under 没收.
    assert got["confiscate_gains"] == 1
    assert ids(data, "penalty", agency.code, "confiscate_gains") == [year["combined"].pk]
    assert got["confiscate_property"] == 1
    assert got["total"] == 5
    # 5,000 + 3,000 (combined) + 200 (on the spot) + 3,000 (mitigated) yuan; the
    # confiscation whose value could not be determined counts nothing.
    assert got["amount"] == "1.12"
    assert year["undetermined"].pk not in ids(data, "penalty", agency.code, "amount")
    assert got["no_penalty"] == 1 and got["no_penalty_amount"] == "0.10"
    assert got["mitigated"] == 1 and got["mitigated_amount"] == "0.20"
    assert ids(data, "penalty", agency.code, "mitigated") == [year["mitigated"].pk]
    assert got["transferred"] == 1 and got["accepted"] == 1
    assert got["simplified"] == 1 and got["ordinary"] == 4
    # Remedies: the revoking reconsideration corrects; of two litigations one is lost.
    assert got["reconsidered"] == 1 and got["reconsideration_corrected"] == 1
    assert got["litigated"] == 2 and got["litigation_lost"] == 1
    assert ids(data, "penalty", agency.code, "litigation_lost") == [year["mitigated"].pk]
    assert got["reviewed"] == 2 and got["review_corrected"] == 1
    assert ids(data, "penalty", agency.code, "review_corrected") == [year["review_corrected"].pk]
    assert got["closed"] == 0


def test_licensing_inspection_and_certificates(year, agency):
    data = tables.compute(agency, 2026)
    assert value(data, "licensing", agency.code, "applied") == 1
    assert value(data, "licensing", agency.code, "accepted") == 1
    assert value(data, "licensing", agency.code, "granted") == 1
    assert value(data, "licensing", agency.code, "refused") == 0
    counted = ids(data, "inspection", agency.code, "counted")
    assert counted == sorted([year["inspected"].pk, year["rectified"].pk])
    assert ids(data, "inspection", agency.code, "problems") == [year["rectified"].pk]
    # Neither the visit without a complete record nor the inspection that went straight
    # into a penalty case counts.
    not_counted = ids(data, "inspection", agency.code, "not_counted")
    assert not_counted == sorted([year["incomplete"].pk, year["inspection_to_penalty"].pk])
    assert value(data, "certificates", agency.code, "officers") == 2
    assert value(data, "certificates", agency.code, "rate") == "100.00"


def test_rows_per_unit_zero_and_no_power(year, agency, sub_unit, other_agency):
    data = tables.compute(agency, 2026)
    assert [u["code"] for u in data["units"]] == [agency.code, "sub"]
    rows = data["tables"]["licensing"]["rows"]
    # The unit holds no licensing power: 无相关职责; it penalises but did nothing: 0.
    assert rows["sub"] is None
    assert value(data, "penalty", "sub", "total") == 0
    assert value(data, "penalty", tables.TOTAL, "total") == 5
    assert value(data, "licensing", tables.TOTAL, "granted") == 1
    nothing = tables.compute(other_agency, 2026)
    assert nothing["tables"]["penalty"]["rows"][other_agency.code] is None
    assert nothing["tables"]["penalty"]["rows"][tables.TOTAL] is None


def test_another_year_is_empty_but_held(year, agency):
    data = tables.compute(agency, 2025)
    assert value(data, "penalty", agency.code, "total") == 0
    assert value(data, "penalty", agency.code, "amount") == "0.00"


def test_cells_keep_value_count_and_digest_not_ids(year, agency, sub_unit):
    data = tables.compute(agency, 2026)
    assert data["version"] == tables.VERSION
    for table in data["tables"].values():
        for row in table["rows"].values():
            for stored in (row or {}).values():
                assert set(stored) == {"value", "count", "digest"}
    total = tables.cell(data, "penalty", tables.TOTAL, "filed")
    assert total["count"] == 9
    assert ids(data, "penalty", tables.TOTAL, "filed") == ids(data, "penalty", agency.code, "filed")
    assert ids(data, "certificates", agency.code, "rate") == ids(
        data, "certificates", agency.code, "certified"
    )
    assert tables.cell_ids(data, "penalty", "nowhere", "filed") is None


def test_a_version_1_report_is_read_and_compacted(year, agency):
    new = tables.compute(agency, 2026)
    combined = [year["combined"].pk]
    old = {
        **new,
        "version": 1,
        "tables": {
            key: {
                "rows": {
                    unit: None
                    if row is None
                    else {
                        column: {
                            "value": cell["value"],
                            "ids": tables.cell_ids(new, key, unit, column),
                        }
                        for column, cell in row.items()
                    }
                    for unit, row in table["rows"].items()
                }
            }
            for key, table in new["tables"].items()
        },
    }
    assert tables.cell_ids(old, "penalty", agency.code, "confiscate_gains") == combined
    assert tables.differences(old, new) == []
    assert tables.compact(old) == new
