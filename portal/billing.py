"""Menu Facturation: the family's ledgers (cotisations, locations) and their PDF duplicates."""
from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal import bp
from portal.access import current_family, family_required
from school.downloads import bytes_download
from school.extensions import db
from school.formatting import date_fr, money
from school.models import Invoice, Payment
from school.services.billing import documents
from school.services.billing.ledger import LEDGER_NAMES, family_ledger
from school.services.pdf import PdfUnavailable
from school.services.settings import get_text

TABS = {"cotisations": "cotisations", "locations": "locations"}




def pdf_unavailable(err: PdfUnavailable) -> tuple[str, int]:
    """Render the French page shown when the PDF engine is missing."""
    return render_template("portal/billing_unavailable.html", message=str(err)), 503


@bp.get("/facturation")
@family_required
def show_billing() -> ResponseReturnValue:
    """Show the family's ledger (Facturation cotisations or, with ?onglet=locations, locations)."""
    ledger_name = TABS.get(request.args.get("onglet", "cotisations"), "cotisations")
    ledger = family_ledger(current_family(), ledger_name)
    balance = ledger.balance_cents
    return render_template(
        "portal/billing.html", ledger=ledger, tabs={k: str(v) for k, v in LEDGER_NAMES.items()},
        current_tab=ledger_name,
        tariff_text=get_text("tariff_text"), money=money, date_fr=date_fr,
        balance_label=_("Solde en votre faveur") if balance < 0 else _("Solde à payer"), balance_amount=money(abs(balance)),
    )


@bp.get("/facturation/factures/<int:invoice_id>.pdf")
@family_required
def download_invoice(invoice_id: int) -> ResponseReturnValue:
    """Send the PDF duplicate of one of the family's invoices or credit notes (404 for any other)."""
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None or invoice.family_id != current_family().id:
        abort(404)
    try:
        data = documents.invoice_pdf(invoice)
    except PdfUnavailable as err:
        return pdf_unavailable(err)
    return bytes_download(data, documents.invoice_filename(invoice), "application/pdf")


@bp.get("/facturation/recus/<int:payment_id>.pdf")
@family_required
def download_receipt(payment_id: int) -> ResponseReturnValue:
    """Send the PDF receipt of one of the family's payments (404 for any other)."""
    payment = db.session.get(Payment, payment_id)
    if payment is None or payment.family_id != current_family().id:
        abort(404)
    try:
        data = documents.receipt_pdf(payment)
    except PdfUnavailable as err:
        return pdf_unavailable(err)
    return bytes_download(data, documents.receipt_filename(payment), "application/pdf")
