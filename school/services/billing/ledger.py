"""The family ledger (compte famille): invoices, credit notes and payments of one ledger, with the balance.

One query feeds the portal's Facturation page, the back office's family page and the exports.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from school.extensions import db
from school.i18n import N_, Labels
from school.models import Family, Invoice, Payment
from school.services.billing.payments import PAYMENT_MODES

LEDGER_NAMES: Labels[str] = Labels(
    {"cotisations": N_("Facturation cotisations"), "locations": N_("Facturation locations")})


@dataclass(frozen=True)
class LedgerRow:
    """One line of the family ledger, as the guide's table shows it."""

    date: dt.date
    kind: str  # "invoice", "credit_note" or "payment"
    document_id: int
    number: str  # Numéro d'opération: FC…, AV… or RC…
    mode: str  # Mode de règlement (empty for invoices)
    label: str  # Libellé: "AVIS DES SOMMES A PAYER", or the cheque number / payment label
    debit_cents: int
    credit_cents: int
    discount_cents: int


@dataclass(frozen=True)
class Ledger:
    """The rows of a family ledger, most recent first, with totals and balance (positive = due)."""

    family: Family
    ledger: str
    rows: list[LedgerRow]
    total_debit_cents: int
    total_credit_cents: int
    total_discount_cents: int

    @property
    def balance_cents(self) -> int:
        return self.total_debit_cents - self.total_credit_cents

    @property
    def title(self) -> str:
        return LEDGER_NAMES[self.ledger]


def family_ledger(family: Family, ledger: str = "cotisations") -> Ledger:
    """Return the family's ledger rows (invoices, credit notes, payments) with totals and balance."""
    rows: list[LedgerRow] = []
    for inv in db.session.scalars(select(Invoice).where(Invoice.family_id == family.id, Invoice.ledger == ledger)):
        is_invoice = inv.kind == "invoice"
        rows.append(LedgerRow(
            date=inv.issued_on, kind=inv.kind, document_id=inv.id, number=inv.number, mode="", label=inv.label,
            debit_cents=inv.total_cents if is_invoice else 0, credit_cents=0 if is_invoice else inv.total_cents,
            discount_cents=inv.discount_cents,
        ))
    for pay in db.session.scalars(select(Payment).where(Payment.family_id == family.id, Payment.ledger == ledger)):
        rows.append(LedgerRow(
            date=pay.paid_on, kind="payment", document_id=pay.id, number=pay.receipt_number,
            mode=PAYMENT_MODES.get(pay.mode, pay.mode), label=pay.operation_number or pay.label or "",
            debit_cents=0, credit_cents=pay.amount_cents, discount_cents=0,
        ))
    order = {"payment": 0, "credit_note": 1, "invoice": 2}
    rows.sort(key=lambda r: (r.date, -order[r.kind], r.document_id), reverse=True)
    return Ledger(
        family=family, ledger=ledger, rows=rows,
        total_debit_cents=sum(r.debit_cents for r in rows), total_credit_cents=sum(r.credit_cents for r in rows),
        total_discount_cents=sum(r.discount_cents for r in rows),
    )


def family_balance(family: Family, ledger: str = "cotisations") -> int:
    """Return what the family owes on ``ledger`` (negative when in credit)."""
    return family_ledger(family, ledger).balance_cents
