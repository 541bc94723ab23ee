"""Back-office Facturation pages: invoices read-only, PDF, credit notes, generation, payments, SEPA, rentals."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from school import clock
from school.extensions import db
from school.models import Instrument, Invoice, Payment, Rental, SepaExport, SepaMandate
from tests.billing.conftest import family, student
from werkzeug.http import parse_options_header


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(dt.datetime(2026, 12, 1, 9, 0))
    yield
    clock.freeze(None)


def seeded(number: str) -> Invoice:
    return db.session.scalar(select(Invoice).where(Invoice.number == number))


def test_accountant_lists_and_shows_invoices_without_edit_forms(client, auth):
    auth.staff_login("comptable")
    listing = client.get("/invoiceview/list/")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert "FC2026-00001" in html and "77,00" in html and "Générer les factures" in html
    invoice = seeded("FC2026-00001")
    show = client.get(f"/invoiceview/show/{invoice.id}").get_data(as_text=True)
    assert "Télécharger le PDF" in show and "Établir un avoir" in show
    assert f"/comptefamille/{invoice.family_id}" in show
    for url in (f"/invoiceview/edit/{invoice.id}", "/invoiceview/add", f"/invoiceview/delete/{invoice.id}"):
        assert client.get(url).status_code == 404
    assert "/invoiceview/edit/" not in html and "/invoiceview/delete/" not in html


def test_staff_pdf_download(client, auth):
    auth.staff_login("comptable")
    response = client.get(f"/invoiceview/pdf/{seeded('FC2026-00001').id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert parse_options_header(response.headers["Content-Disposition"]) == (
        "attachment", {"filename": "facture-FC2026-00001.pdf"})
    payment = db.session.scalar(select(Payment).where(Payment.receipt_number == "RC2026-00001"))
    receipt = client.get(f"/paymentview/pdf/{payment.id}")
    assert receipt.status_code == 200 and 'recu-RC2026-00001.pdf' in receipt.headers["Content-Disposition"]


def test_credit_note_form(client, auth):
    auth.staff_login("comptable")
    invoice = seeded("FC2026-00002")
    bad = client.post(f"/invoiceview/avoir/{invoice.id}", data={"reason": "Erreur", "amount": "999,00"})
    assert bad.status_code == 422 and "dépasse" in bad.get_data(as_text=True)
    assert "999,00" in bad.get_data(as_text=True)  # data kept in the form
    ok = client.post(f"/invoiceview/avoir/{invoice.id}", data={"reason": "Abandon du violon", "amount": "50,40"})
    assert ok.status_code == 302
    note = db.session.scalar(select(Invoice).where(Invoice.kind == "credit_note"))
    assert (note.number, note.total_cents, note.credited_invoice_id) == ("AV2026-00001", 5040, invoice.id)


def test_generation_page_reports_counts(client, auth):
    auth.staff_login("comptable")
    assert "Générer les factures" in client.get("/invoiceview/generer").get_data(as_text=True)
    response = client.post("/invoiceview/generer", data={"year": "2026", "period": "2026-T2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "2 facture(s) créée(s)" in html
    # The page streams its progress, then the batch is committed.
    assert "Familles traitées : 2 / 2" in html and html.index("Familles traitées") < html.index("Génération terminée")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Invoice).where(Invoice.period == "2026-T2")) == 2
    again = client.post("/invoiceview/generer", data={"year": "2026", "period": "2026-T2"}).get_data(as_text=True)
    assert "0 facture(s) créée(s)" in again and "2 facture(s) déjà émise(s)" in again
    bad = client.post("/invoiceview/generer", data={"year": "2026", "period": "printemps"})
    assert bad.status_code == 422 and "Période invalide" in bad.get_data(as_text=True)
    unknown = client.post("/invoiceview/generer", data={"year": "2026", "period": "2026-T3", "family": "F99999"})
    assert unknown.status_code == 422 and "Famille F99999 introuvable" in unknown.get_data(as_text=True)


def test_secretariat_reads_billing_but_cannot_generate(client, auth):
    auth.staff_login("secretariat")
    assert client.get("/invoiceview/list/").status_code == 200
    page = client.get("/invoiceview/list/").get_data(as_text=True)
    assert "Générer les factures" not in page
    assert client.post("/invoiceview/generer", data={"year": "2026", "period": "2026-T2"}).status_code in (302, 403)
    assert db.session.scalar(select(func.count()).select_from(Invoice).where(Invoice.period == "2026-T2")) == 0


def test_family_account_gets_no_backoffice_billing(client, auth):
    auth.portal_login("ztest1")
    assert client.get("/invoiceview/list/").status_code in (302, 403)
    assert client.get(f"/invoiceview/pdf/{seeded('FC2026-00001').id}").status_code in (302, 403)


def test_record_payment_form_and_ledger_page(client, auth):
    auth.staff_login("comptable")
    zdemo = family("F00002")
    bad = client.post("/paymentview/enregistrer", data={"family": "F00002", "paid_on": "2026-11-30",
                                                        "mode": "cheque", "amount": "abc"})
    assert bad.status_code == 422 and "Montant invalide" in bad.get_data(as_text=True)
    ok = client.post("/paymentview/enregistrer", data={"family": "F00002", "paid_on": "30/11/2026", "mode": "cheque",
                                                       "amount": "100,00", "operation_number": "1234567"})
    assert ok.status_code == 302
    payment = db.session.scalar(select(Payment).where(Payment.family_id == zdemo.id))
    assert payment.receipt_number == "RC2026-00002" and payment.allocations[0].amount_cents == 10000
    ledger = client.get(f"/comptefamille/{zdemo.id}").get_data(as_text=True)
    assert "RC2026-00002" in ledger and "1234567" in ledger and "177,20" in ledger  # balance 277,20 - 100,00
    csv = client.get(f"/comptefamille/{zdemo.id}/export.csv")
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    assert client.get("/invoiceview/export/factures.xlsx").data[:2] == b"PK"


def test_mandate_form_validates_iban_and_sepa_export_downloads(client, auth):
    auth.staff_login("comptable")
    zdemo = family("F00002")
    client.post("/sepamandateview/add", data={"family": zdemo.id, "rum": "RUM-1", "holder_name": "Marie Z-DEMO",
                                              "iban": "FR76 1234", "signed_on": "2026-09-01"})
    assert db.session.scalar(select(func.count()).select_from(SepaMandate)) == 0
    client.post("/sepamandateview/add", data={"family": zdemo.id, "rum": "RUM-1", "holder_name": "Marie Z-DEMO",
                                              "iban": "FR76 3000 6000 0112 3456 7890 189", "bic": "AGRIFRPP",
                                              "signed_on": "2026-09-01"})
    mandate = db.session.scalar(select(SepaMandate))
    assert mandate.iban == "FR7630006000011234567890189" and mandate.active
    response = client.post("/sepaexportview/nouveau", data={"collection_date": "2026-12-10"})
    assert response.status_code == 302
    export = db.session.scalar(select(SepaExport))
    xml = client.get(f"/sepaexportview/xml/{export.id}")
    assert xml.status_code == 200 and b"<SeqTp>FRST</SeqTp>" in xml.data
    again = client.post("/sepaexportview/nouveau", data={"collection_date": "2026-12-10"})
    assert again.status_code == 422 and "Aucune échéance" in again.get_data(as_text=True)


def test_rental_add_and_return(client, auth):
    auth.staff_login("comptable")
    violin = Instrument(kind="Violon", make="Stentor", serial_number="S-42", state="bon", value_cents=30000)
    db.session.add(violin)
    db.session.commit()
    client.post("/rentalview/add", data={"instrument": violin.id, "student": student("Essai").id,
                                         "starts_on": "2026-09-15", "fee_cents": "9000", "deposit_cents": "0"})
    rental = db.session.scalar(select(Rental))
    assert rental is not None and rental.school_year.label == "2026/2027"
    client.post("/rentalview/add", data={"instrument": violin.id, "student": student("Léa").id,
                                         "starts_on": "2026-10-01", "fee_cents": "9000", "deposit_cents": "0"})
    assert db.session.scalar(select(func.count()).select_from(Rental)) == 1  # already rented
    assert "Restituer" in client.get(f"/rentalview/show/{rental.id}").get_data(as_text=True)
    response = client.post(f"/rentalview/restituer/{rental.id}", data={"returned_on": "2026-11-30", "state": "usé"})
    assert response.status_code == 302
    db.session.refresh(rental)
    assert rental.returned_on == dt.date(2026, 11, 30) and rental.instrument.state == "usé"


def test_family_page_links_to_its_ledger(client, auth):
    auth.staff_login("secretariat")
    ztest = family("F00001")
    html = client.get(f"/familyview/show/{ztest.id}").get_data(as_text=True)
    assert f'href="/comptefamille/{ztest.id}"' in html and "Compte famille" in html
    ledger = client.get(f"/comptefamille/{ztest.id}")
    assert ledger.status_code == 200 and "RC2026-00001" in ledger.get_data(as_text=True)
