"""Payments (règlements) with their receipt numbers, and their allocation to invoices."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.formatting import money
from school.i18n import N_, Labels
from school.models import Family, Invoice, Payment, PaymentAllocation
from school.services import numbering
from school.services.billing.invoicing import amount_due

PAYMENT_MODES: Labels[str] = Labels({
    "cheque": N_("Chèque"),
    "especes": N_("Espèces"),
    "carte": N_("Carte bancaire"),
    "prelevement": N_("Prélèvement"),
    "virement": N_("Virement"),
})


@dataclass(frozen=True)
class Allocation:
    """A requested share of a payment for one invoice."""

    invoice: Invoice
    amount_cents: int


def unpaid_invoices(family: Family, ledger: str = "cotisations") -> list[Invoice]:
    """Return the family's invoices of ``ledger`` with an amount still due, oldest first."""
    invoices = db.session.scalars(
        select(Invoice).where(Invoice.family_id == family.id, Invoice.ledger == ledger, Invoice.kind == "invoice")
        .order_by(Invoice.issued_on, Invoice.id)
    )
    return [invoice for invoice in invoices if amount_due(invoice) > 0]


def record_payment(family: Family, *, paid_on: dt.date, mode: str, amount_cents: int,
                   operation_number: str | None = None, label: str | None = None, ledger: str = "cotisations",
                   allocations: list[Allocation] | None = None) -> Payment:
    """Record a payment and its receipt number; allocate it as given, else to the oldest unpaid invoices.

    :raises DomainError: on an unknown mode, a non-positive amount, or an invalid allocation.
    """
    errors = []
    if mode not in PAYMENT_MODES:
        errors.append(_("Mode de règlement inconnu."))
    if amount_cents <= 0:
        errors.append(_("Le montant doit être positif."))
    if ledger not in ("cotisations", "locations"):
        errors.append(_("Compte inconnu."))
    if errors:
        raise DomainError(*errors)
    if allocations is None:
        remaining, allocations = amount_cents, []
        for invoice in unpaid_invoices(family, ledger):
            if remaining <= 0:
                break
            share = min(remaining, amount_due(invoice))
            allocations.append(Allocation(invoice, share))
            remaining -= share
    for alloc in allocations:
        if alloc.invoice.family_id != family.id or alloc.invoice.kind != "invoice" or alloc.invoice.ledger != ledger:
            errors.append(_("La facture %(number)s n'appartient pas à ce compte de la famille.", number=alloc.invoice.number))
        elif alloc.amount_cents <= 0:
            errors.append(_("Le montant affecté à %(number)s doit être positif.", number=alloc.invoice.number))
        elif alloc.amount_cents > amount_due(alloc.invoice):
            errors.append(_("Le montant affecté à %(number)s dépasse le reste à payer (%(due)s).",
                            number=alloc.invoice.number, due=money(amount_due(alloc.invoice))))
    if len({a.invoice.id for a in allocations}) != len(allocations):
        errors.append(_("Une facture ne peut figurer qu'une fois dans la répartition."))
    if sum(a.amount_cents for a in allocations) > amount_cents:
        errors.append(_("La somme affectée aux factures dépasse le montant du règlement."))
    if errors:
        raise DomainError(*errors)
    payment = Payment(
        receipt_number=numbering.next_number("RC", paid_on.year), family_id=family.id, ledger=ledger,
        paid_on=paid_on, mode=mode, operation_number=(operation_number or "").strip() or None,
        label=(label or "").strip() or f"Règlement {PAYMENT_MODES.plain(mode).lower()}", amount_cents=amount_cents,
        created_at=utcnow(),
    )
    payment.allocations = [PaymentAllocation(invoice_id=a.invoice.id, amount_cents=a.amount_cents)
                           for a in allocations]
    db.session.add(payment)
    db.session.flush()
    return payment
