"""Tables exported for spreadsheet and accounting software: CSV (";", UTF-8 with BOM) and XLSX.

Texts that a spreadsheet would run as a formula (=, +, -, @) are neutralised with a leading quote:
family names and free texts come from families (CSV/XLSX injection).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from school.formatting import date_fr

Cell = str | int | Decimal | dt.date | None


@dataclass(frozen=True)
class Table:
    """A sheet of data: title, column headers and typed rows (amounts as Decimal euros)."""

    title: str
    headers: Sequence[str]
    rows: list[list[Cell]]


def neutralise(value: Cell) -> Cell:
    """Return ``value`` with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return f"'{value}"
    return value


def _csv_cell(value: Cell) -> str:
    value = neutralise(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, dt.date):
        return date_fr(value)
    return str(value)


def to_csv(table: Table) -> bytes:
    """Return the table as CSV for French spreadsheet and accounting software (";", BOM, 84,00)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table) -> bytes:
    """Return the table as an XLSX workbook (real numbers and dates, French number formats)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    sheet.append(list(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([neutralise(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, (int, float, Decimal)):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()