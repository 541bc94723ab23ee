"""Accounting exports of invoices, payments and family ledgers: CSV (";", UTF-8 with BOM) and XLSX."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from school.extensions import db
from school.formatting import date_fr
from school.models import Family, Invoice, Payment
from school.services.billing.ledger import family_ledger
from school.services.billing.payments import PAYMENT_MODES

Cell = str | int | Decimal | dt.date | None


@dataclass(frozen=True)
class Table:
    """A sheet of data: title, column headers and typed rows (amounts as Decimal euros)."""

    title: str
    headers: Sequence[str]
    rows: list[list[Cell]]


def euros(cents: int) -> Decimal:
    """Return cents as a Decimal number of euros."""
    return Decimal(cents) / 100


def invoices_table(start: dt.date | None = None, end: dt.date | None = None) -> Table:
    """Return every invoice and credit note issued between ``start`` and ``end`` (inclusive)."""
    stmt = select(Invoice).options(joinedload(Invoice.family)).order_by(Invoice.issued_on, Invoice.number)
    if start:
        stmt = stmt.where(Invoice.issued_on >= start)
    if end:
        stmt = stmt.where(Invoice.issued_on <= end)
    rows: list[list[Cell]] = []
    for inv in db.session.scalars(stmt):
        sign = 1 if inv.kind == "invoice" else -1
        rows.append([inv.number, "Facture" if inv.kind == "invoice" else "Avoir", inv.issued_on, inv.due_on,
                     inv.family.reference, inv.family.name, inv.ledger, inv.period,
                     euros(sign * (inv.total_cents + inv.discount_cents)), euros(sign * inv.discount_cents),
                     euros(sign * inv.total_cents),
                     inv.credited_invoice.number if inv.credited_invoice else ""])
    return Table("Factures", ["Numéro", "Type", "Date", "Échéance", "Famille", "Nom", "Compte", "Période",
                              "Montant brut", "Remise", "Montant net", "Facture d'origine"], rows)


def payments_table(start: dt.date | None = None, end: dt.date | None = None) -> Table:
    """Return every payment received between ``start`` and ``end`` (inclusive)."""
    stmt = select(Payment).options(joinedload(Payment.family)).order_by(Payment.paid_on, Payment.receipt_number)
    if start:
        stmt = stmt.where(Payment.paid_on >= start)
    if end:
        stmt = stmt.where(Payment.paid_on <= end)
    rows: list[list[Cell]] = [
        [p.receipt_number, p.paid_on, p.family.reference, p.family.name, p.ledger,
         PAYMENT_MODES.get(p.mode, p.mode), p.operation_number or "", euros(p.amount_cents),
         ", ".join(a.invoice.number for a in p.allocations)]
        for p in db.session.scalars(stmt).unique()
    ]
    return Table("Règlements", ["Reçu", "Date", "Famille", "Nom", "Compte", "Mode de règlement",
                                "Numéro d'opération", "Montant", "Factures réglées"], rows)


def ledger_table(family: Family, ledger: str = "cotisations") -> Table:
    """Return a family ledger as a table, oldest line first, with its balance as the last row."""
    data = family_ledger(family, ledger)
    rows: list[list[Cell]] = [
        [r.date, r.mode, r.number, r.label, euros(r.debit_cents) if r.debit_cents else None,
         euros(r.credit_cents) if r.credit_cents else None, euros(r.discount_cents) if r.discount_cents else None]
        for r in reversed(data.rows)
    ]
    rows.append([None, "", "", "Solde", euros(data.balance_cents), None, None])
    return Table(f"{data.title} {family.reference}", ["Date", "Mode de règlement", "Numéro d'opération",
                                                      "Libellé", "Débit", "Crédit", "Remise"], rows)


def _csv_cell(value: Cell) -> str:
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
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, (int, float, Decimal)):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS = {"csv": (to_csv, "text/csv; charset=utf-8"),
           "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
