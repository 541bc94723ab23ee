"""PDF duplicates: content in French, escaped names, no local resource, served only to the owning family."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from school.extensions import db
from school.models import Family, Invoice, Payment
from school.services.billing import documents
from werkzeug.http import parse_options_header


def pdf_text(data: bytes) -> str:
    """Return the PDF's text with every run of blanks (tabs, no-break spaces) made one space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def seeded_invoice(number: str = "FC2026-00001") -> Invoice:
    return db.session.scalar(select(Invoice).where(Invoice.number == number))


def test_invoice_pdf_shows_number_family_lines_and_total(app):
    invoice = seeded_invoice()
    data = documents.invoice_pdf(invoice)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "FC2026-00001" in text
    assert "AVIS DES SOMMES A PAYER" in text
    assert "Z-TEST" in text and "6 rue de Verdun" in text
    assert "Culture musicale 1C2 — Z-TEST Essai (1er trimestre)" in text
    assert "77,00 €" in text  # a third of 231,00 € (cursus, tranche 6, resident)
    assert "01/10/2026" in text and "31/10/2026" in text
    assert "Montant à payer 0,00 €" in text  # paid by the seeded cheque
    assert "Page 1 sur 1" in text


def test_invoice_pdf_shows_discount_line(app):
    text = pdf_text(documents.invoice_pdf(seeded_invoice("FC2026-00002")))
    assert "Remise 2e élève (20 %)" in text
    assert "-30,80 €" in text and "277,20 €" in text


def test_direct_debit_family_invoice_mentions_mandate(app):
    import datetime as dt

    from school import clock
    from school.services.billing import sepa
    zdemo = db.session.scalar(select(Family).where(Family.reference == "F00002"))
    clock.freeze(dt.datetime(2026, 12, 1, 9, 0))
    try:
        sepa.create_mandate(zdemo, rum="RUM-F00002-1", holder_name="Marie Z-DEMO",
                            iban="FR7630006000011234567890189", signed_on=dt.date(2026, 9, 1))
    finally:
        clock.freeze(None)
    text = pdf_text(documents.invoice_pdf(seeded_invoice("FC2026-00002")))
    assert "prélevé sur votre compte FR76 **** **** 0189" in text and "RUM RUM-F00002-1" in text


def test_receipt_pdf_shows_payment(app):
    payment = db.session.scalar(select(Payment).where(Payment.receipt_number == "RC2026-00001"))
    text = pdf_text(documents.receipt_pdf(payment))
    assert "RC2026-00001" in text and "98135" in text and "Chèque" in text
    assert "09/11/2026" in text and "77,00 €" in text and "FC2026-00001" in text


def test_hostile_family_name_is_text_and_pdf_has_no_local_or_remote_reference(app):
    family = db.session.scalar(select(Family).where(Family.reference == "F00001"))
    hostile = '<iframe src="file:///etc/passwd">'
    family.guardians[0].last_name = hostile
    db.session.flush()
    data = documents.invoice_pdf(seeded_invoice())
    assert hostile in pdf_text(data)
    assert "root:" not in pdf_text(data)
    # The only "file:"/"http" bytes would be a link annotation or an embedded URI.
    assert b"/URI" not in data and b"/Launch" not in data and b"/EmbeddedFile" not in data
    for page in PdfReader(io.BytesIO(data)).pages:
        annotations = page.get("/Annots")
        assert annotations is None or len(annotations.get_object()) == 0
    raw = data.replace(hostile.encode(), b"")
    assert b"http" not in raw and b"file:" not in raw


def test_long_invoice_numbers_each_page(app):
    lines = list(range(40))
    pages = documents.paginate(lines, per_page=18)
    assert [(p.number, p.count, len(p.lines), p.last) for p in pages] == [
        (1, 3, 18, False), (2, 3, 18, False), (3, 3, 4, True)]


def test_family_downloads_own_invoice_and_receipt(client, auth):
    auth.portal_login("ztest1")
    invoice = seeded_invoice()
    response = client.get(f"/portail/facturation/factures/{invoice.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert parse_options_header(response.headers["Content-Disposition"]) == (
        "attachment", {"filename": "facture-FC2026-00001.pdf"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.data.startswith(b"%PDF")
    payment = db.session.scalar(select(Payment).where(Payment.receipt_number == "RC2026-00001"))
    response = client.get(f"/portail/facturation/recus/{payment.id}.pdf")
    assert response.status_code == 200
    assert parse_options_header(response.headers["Content-Disposition"])[1]["filename"] == "recu-RC2026-00001.pdf"


def test_other_family_gets_404(client, auth):
    auth.portal_login("zdemo2")
    invoice = seeded_invoice()
    payment = db.session.scalar(select(Payment).where(Payment.receipt_number == "RC2026-00001"))
    for url in (f"/portail/facturation/factures/{invoice.id}.pdf", f"/portail/facturation/recus/{payment.id}.pdf",
                "/portail/facturation/factures/999999.pdf"):
        response = client.get(url)
        assert response.status_code == 404
        assert b"%PDF" not in response.data and b"Z-TEST Essai" not in response.data


def test_anonymous_is_sent_to_login(client):
    response = client.get(f"/portail/facturation/factures/{seeded_invoice().id}.pdf")
    assert response.status_code == 302 and "/portail/connexion" in response.headers["Location"]


def test_billing_page_lists_ledger_with_links_and_tariff_text(client, auth):
    auth.portal_login("ztest1")
    response = client.get("/portail/facturation")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Facturation</h1>" in html
    assert "Facturation cotisations" in html and "Facturation locations" in html
    assert "<caption>Facturation cotisations" in html
    for text in ("01/10/2026", "09/11/2026", "Chèque", "98135", "FC2026-00001", "RC2026-00001",
                 "AVIS DES SOMMES A PAYER", "77,00\u00a0€", "Solde à payer", "quotient familial"):
        assert text in html
    invoice = seeded_invoice()
    assert f'href="/portail/facturation/factures/{invoice.id}.pdf"' in html
    assert "FC2026-00002" not in html  # Z-DEMO's invoice


def test_locations_tab_is_empty_for_now(client, auth):
    auth.portal_login("ztest1")
    html = client.get("/portail/facturation?onglet=locations").get_data(as_text=True)
    assert "<caption>Facturation locations" in html
    assert "Aucune facture ni aucun règlement" in html


@pytest.mark.parametrize("app_overrides", [{"WKHTMLTOPDF": "/nonexistent/wkhtmltopdf"}])
def test_missing_pdf_engine_gives_french_503(client, auth):
    auth.portal_login("ztest1")
    response = client.get(f"/portail/facturation/factures/{seeded_invoice().id}.pdf")
    assert response.status_code == 503
    assert "momentanément indisponible" in response.get_data(as_text=True)
