"""PDF duplicates of invoices, credit notes and receipts (rendered from templates/pdf/)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from school.extensions import db
from school.formatting import date_fr, money
from school.models import Family, Guardian, Invoice, Payment, SepaMandate
from school.services.billing.invoicing import amount_due, credited_cents, paid_cents
from school.services.billing.payments import PAYMENT_MODES
from school.services.pdf import render_pdf
from school.services.settings import get_setting

LINES_PER_PAGE = 18


@dataclass(frozen=True)
class Page:
    """One printed page: its slice of lines and its number."""

    number: int
    count: int
    lines: list[Any]
    last: bool


def paginate(lines: list[Any], per_page: int = LINES_PER_PAGE) -> list[Page]:
    """Split ``lines`` into pages (at least one) so each page prints "Page i sur n" itself."""
    chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    return [Page(i, len(chunks), chunk, i == len(chunks)) for i, chunk in enumerate(chunks, start=1)]


def _masked_iban(iban: str) -> str:
    compact = iban.replace(" ", "")
    return f"{compact[:4]} **** **** {compact[-4:]}" if len(compact) > 8 else compact


def family_address(family: Family) -> dict[str, str]:
    """Return the name and postal address printed on the family's documents."""
    guardian = db.session.scalar(
        select(Guardian).where(Guardian.family_id == family.id)
        .order_by(Guardian.is_primary.desc(), Guardian.id)
    )
    if guardian is None:
        return {"name": family.name, "street": "", "city": ""}
    name = " ".join(p for p in (guardian.civility, guardian.last_name, guardian.first_name) if p)
    return {"name": name, "street": guardian.address or "",
            "city": " ".join(p for p in (guardian.postal_code, guardian.city) if p)}


def active_mandate(family: Family) -> SepaMandate | None:
    """Return the family's active SEPA mandate, if any."""
    return db.session.scalar(
        select(SepaMandate).where(SepaMandate.family_id == family.id, SepaMandate.active.is_(True))
        .order_by(SepaMandate.signed_on.desc(), SepaMandate.id.desc())
    )


def _school() -> dict[str, str]:
    return {"name": get_setting("school_name", "Conservatoire"), "address": get_setting("school_address"),
            "phone": get_setting("school_phone"), "email": get_setting("school_email")}


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    """Return the values the invoice template prints (already formatted in French)."""
    family = invoice.family
    lines = [{"label": line.label, "amount": money(line.amount_cents),
              "discount": money(line.discount_cents) if line.discount_cents else "",
              "discount_label": line.discount_label or "",
              "net": money(line.amount_cents - line.discount_cents)} for line in invoice.lines]
    is_invoice = invoice.kind == "invoice"
    mandate = active_mandate(family) if is_invoice and family.payment_mode == "prelevement" else None
    return {
        "school": _school(), "family": family_address(family), "family_reference": family.reference,
        "title": invoice.label if is_invoice else "AVOIR", "is_invoice": is_invoice, "number": invoice.number,
        "issued_on": date_fr(invoice.issued_on), "due_on": date_fr(invoice.due_on), "period": invoice.period,
        "school_year": invoice.school_year.label,
        "credited_number": invoice.credited_invoice.number if invoice.credited_invoice else "",
        "pages": paginate(lines),
        "gross": money(invoice.total_cents + invoice.discount_cents), "discount": money(invoice.discount_cents),
        "has_discount": invoice.discount_cents > 0, "total": money(invoice.total_cents),
        "paid": money(paid_cents(invoice)) if is_invoice else "",
        "credited": money(credited_cents(invoice)) if is_invoice and credited_cents(invoice) else "",
        "amount_due": money(amount_due(invoice)) if is_invoice else "",
        "sepa": {"iban": _masked_iban(mandate.iban), "rum": mandate.rum,
                 "creditor_id": get_setting("sepa_creditor_id")} if mandate else None,
        "payee": get_setting("sepa_creditor_name") or get_setting("school_name"),
    }


def receipt_context(payment: Payment) -> dict[str, Any]:
    """Return the values the receipt template prints (already formatted in French)."""
    allocations = [{"number": a.invoice.number, "issued_on": date_fr(a.invoice.issued_on),
                    "amount": money(a.amount_cents)} for a in payment.allocations]
    return {
        "school": _school(), "family": family_address(payment.family), "family_reference": payment.family.reference,
        "number": payment.receipt_number, "paid_on": date_fr(payment.paid_on),
        "mode": PAYMENT_MODES.get(payment.mode, payment.mode), "operation_number": payment.operation_number or "",
        "label": payment.label or "", "amount": money(payment.amount_cents), "pages": paginate(allocations),
        "unallocated": money(payment.amount_cents - sum(a.amount_cents for a in payment.allocations)),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """Return the PDF of an invoice or credit note.

    :raises PdfUnavailable: when the PDF engine is missing.
    """
    return render_pdf("pdf/invoice.html", **invoice_context(invoice))


def receipt_pdf(payment: Payment) -> bytes:
    """Return the PDF receipt of a payment.

    :raises PdfUnavailable: when the PDF engine is missing.
    """
    return render_pdf("pdf/receipt.html", **receipt_context(payment))


def invoice_filename(invoice: Invoice) -> str:
    """Return the download name, e.g. facture-FC2026-00001.pdf."""
    return f"{'facture' if invoice.kind == 'invoice' else 'avoir'}-{invoice.number}.pdf"


def receipt_filename(payment: Payment) -> str:
    """Return the download name, e.g. recu-RC2026-00001.pdf."""
    return f"recu-{payment.receipt_number}.pdf"
