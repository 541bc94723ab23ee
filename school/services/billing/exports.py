"""Accounting exports of invoices, payments and family ledgers: CSV (";", UTF-8 with BOM) and XLSX."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from school.extensions import db
from school.models import Family, Invoice, Payment
from school.services.billing.ledger import family_ledger
from school.services.billing.payments import PAYMENT_MODES
from school.spreadsheets import Cell, Table, to_csv, to_xlsx  # noqa: F401  (re-exported for callers)

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
        kind = _("Facture") if inv.kind == "invoice" else _("Avoir")
        rows.append([inv.number, kind, inv.issued_on, inv.due_on,
                     inv.family.reference, inv.family.name, inv.ledger, inv.period,
                     euros(sign * (inv.total_cents + inv.discount_cents)), euros(sign * inv.discount_cents),
                     euros(sign * inv.total_cents),
                     inv.credited_invoice.number if inv.credited_invoice else ""])
    return Table(_("Factures"), [_("Numéro"), _("Type"), _("Date"), _("Échéance"), _("Famille"), _("Nom"), _("Compte"),
                                 _("Période"), _("Montant brut"), _("Remise"), _("Montant net"),
                                 _("Facture d'origine")], rows)


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
    return Table(_("Règlements"), [_("Reçu"), _("Date"), _("Famille"), _("Nom"), _("Compte"), _("Mode de règlement"),
                                   _("Numéro d'opération"), _("Montant"), _("Factures réglées")], rows)


def ledger_table(family: Family, ledger: str = "cotisations") -> Table:
    """Return a family ledger as a table, oldest line first, with its balance as the last row."""
    data = family_ledger(family, ledger)
    rows: list[list[Cell]] = [
        [r.date, r.mode, r.number, r.label, euros(r.debit_cents) if r.debit_cents else None,
         euros(r.credit_cents) if r.credit_cents else None, euros(r.discount_cents) if r.discount_cents else None]
        for r in reversed(data.rows)
    ]
    rows.append([None, "", "", _("Solde"), euros(data.balance_cents), None, None])
    return Table(f"{data.title} {family.reference}", [_("Date"), _("Mode de règlement"), _("Numéro d'opération"),
                                                      _("Libellé"), _("Débit"), _("Crédit"), _("Remise")], rows)





FORMATS = {"csv": (to_csv, "text/csv; charset=utf-8"),
           "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
