"""The stored report laid out for reading: tables with their headers and rows, each
cell's text (0, an amount, or 无相关职责) and, for the staff pages, its drill-down key."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openenforce.annualreports import tables


@dataclass
class Cell:
    text: str
    column: str
    count: int = 0  # how many items make it (the drill-down list's length)


@dataclass
class Row:
    unit: str
    label: str
    cells: list[Cell] = field(default_factory=list)
    no_power: bool = False


@dataclass
class TableView:
    key: str
    title: str
    headers: list[str]
    rows: list[Row]
    no_power: bool


def no_power_text() -> str:
    return _("No such enforcement power")


def layout(data: dict) -> list[TableView]:
    units = [(u["code"], u["name"]) for u in data.get("units", [])]
    units.append((tables.TOTAL, _("Total")))
    views = []
    for index, table in enumerate(tables.TABLES, start=1):
        stored = data.get("tables", {}).get(table.key, {}).get("rows", {})
        rows = []
        for code, name in units:
            values = stored.get(code)
            row = Row(code, name, no_power=values is None)
            for column in table.columns:
                if values is None:
                    row.cells.append(Cell(no_power_text(), column.key))
                    continue
                item = values.get(column.key) or {"value": ""}
                count = item.get("count", len(item.get("ids", [])))
                row.cells.append(Cell(str(item["value"]), column.key, count))
            rows.append(row)
        views.append(
            TableView(
                key=table.key,
                title=f"{index}. {table.title}",
                headers=[str(column.label) for column in table.columns],
                rows=rows,
                no_power=stored.get(tables.TOTAL) is None,
            )
        )
    return views
