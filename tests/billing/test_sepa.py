"""SEPA mandates and pain.008 exports: schema-valid, FRST then RCUR, never the same invoice twice."""
from __future__ import annotations

import datetime as dt
import os

import pytest
import xmlschema
from sqlalchemy import func, select

from school import clock
from school.errors import DomainError
from school.extensions import db
from school.models import Invoice, SepaExportItem
from school.services.billing import invoicing, sepa

XSD = os.path.join(os.path.dirname(__import__("sepaxml").__file__), "schemas", "pain.008.001.02.xsd")
IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(dt.datetime(2026, 12, 1, 9, 0))
    yield
    clock.freeze(None)


def test_mandate_checks_iban_bic_and_unique_rum(zdemo, ztest):
    mandate = sepa.create_mandate(zdemo, rum="RUM-F00002-1", holder_name="Marie Z-DEMO", iban=IBAN,
                                  bic="agrifrpp", signed_on=dt.date(2026, 9, 1))
    assert (mandate.iban, mandate.bic, mandate.active) == ("FR7630006000011234567890189", "AGRIFRPP", True)
    with pytest.raises(DomainError) as err:
        sepa.create_mandate(ztest, rum="RUM-F00002-1", holder_name="", iban="FR76 0000", bic="XX",
                            signed_on=dt.date(2027, 1, 1))
    assert err.value.messages == [
        "La RUM « RUM-F00002-1 » est déjà utilisée.", "Le titulaire du compte est obligatoire.",
        "La date de signature ne peut pas être dans le futur.", "L'IBAN saisi n'est pas valide.",
        "Le BIC saisi n'est pas valide."]
    second = sepa.create_mandate(zdemo, rum="RUM-F00002-2", holder_name="Marie Z-DEMO", iban=IBAN,
                                 signed_on=dt.date(2026, 11, 1))
    assert mandate.active is False and second.active is True and second.bic is None


def test_export_is_schema_valid_then_recurrent_and_never_collects_twice(zdemo, ztest):
    sepa.create_mandate(zdemo, rum="RUM-F00002-1", holder_name="Marie Z-DEMO", iban=IBAN, bic="AGRIFRPP",
                        signed_on=dt.date(2026, 9, 1))
    # Z-TEST pays by cheque: even with a mandate it is not collected.
    sepa.create_mandate(ztest, rum="RUM-F00001-1", holder_name="Essai Z-TEST", iban=IBAN,
                        signed_on=dt.date(2026, 9, 1))
    first = sepa.export_direct_debits(dt.date(2026, 12, 10))
    xmlschema.XMLSchema(XSD).validate(first.xml)
    assert first.transaction_count == 1 and first.total_cents == 27720
    assert "<SeqTp>FRST</SeqTp>" in first.xml and "RUM-F00002-1" in first.xml and "277.20" in first.xml
    assert "RUM-F00001-1" not in first.xml
    with pytest.raises(DomainError, match="Aucune échéance"):
        sepa.export_direct_debits(dt.date(2026, 12, 10))
    # The next trimester's invoice is collected as a recurrent debit.
    invoicing.generate_invoices(2026, "2026-T2", family=zdemo, issued_on=dt.date(2026, 12, 1))
    second = sepa.export_direct_debits(dt.date(2027, 1, 5))
    xmlschema.XMLSchema(XSD).validate(second.xml)
    assert "<SeqTp>RCUR</SeqTp>" in second.xml and "<SeqTp>FRST</SeqTp>" not in second.xml
    collected = db.session.scalars(select(SepaExportItem.invoice_id)).all()
    assert len(collected) == len(set(collected)) == 2


def test_missing_creditor_setting_is_reported(zdemo):
    from school.models import Setting
    db.session.scalar(select(Setting).where(Setting.key == "sepa_creditor_id")).value = ""
    sepa.create_mandate(zdemo, rum="R1", holder_name="Marie Z-DEMO", iban=IBAN, signed_on=dt.date(2026, 9, 1))
    with pytest.raises(DomainError, match="identifiant créancier"):
        sepa.export_direct_debits(dt.date(2026, 12, 10))


def test_paid_invoices_are_not_collected(zdemo):
    from school.services.billing import payments
    sepa.create_mandate(zdemo, rum="R1", holder_name="Marie Z-DEMO", iban=IBAN, signed_on=dt.date(2026, 9, 1))
    payments.record_payment(zdemo, paid_on=dt.date(2026, 11, 2), mode="cheque", amount_cents=27720)
    with pytest.raises(DomainError, match="Aucune échéance"):
        sepa.export_direct_debits(dt.date(2026, 12, 10))
    assert db.session.scalar(select(Invoice.id).where(Invoice.number == "FC2026-00002"))


def test_export_records_a_direct_debit_payment_per_collected_invoice(zdemo):
    from school.models import Payment
    from school.services.billing import payments
    from school.services.billing.ledger import family_ledger
    sepa.create_mandate(zdemo, rum="RUM-F00002-1", holder_name="Marie Z-DEMO", iban=IBAN, bic="AGRIFRPP",
                        signed_on=dt.date(2026, 9, 1))
    invoice = db.session.scalar(select(Invoice).where(Invoice.number == "FC2026-00002"))
    payments.record_payment(zdemo, paid_on=dt.date(2026, 11, 2), mode="cheque", amount_cents=7720,
                            operation_number="1234567")  # part paid by cheque: the rest is collected
    export = sepa.export_direct_debits(dt.date(2026, 12, 10))
    assert export.total_cents == 20000 and "<EndToEndId>FC2026-00002</EndToEndId>" in export.xml
    debit = db.session.scalar(select(Payment).where(Payment.mode == "prelevement"))
    assert (debit.receipt_number, debit.paid_on, debit.amount_cents, debit.operation_number) == (
        "RC2026-00003", dt.date(2026, 12, 10), 20000, "FC2026-00002")
    assert [(a.invoice_id, a.amount_cents) for a in debit.allocations] == [(invoice.id, 20000)]
    ledger = family_ledger(zdemo)
    assert [(r.date, r.mode, r.number, r.label, r.credit_cents) for r in ledger.rows[:1]] == [
        (dt.date(2026, 12, 10), "Prélèvement", "RC2026-00003", "FC2026-00002", 20000)]
    assert ledger.balance_cents == 0 and invoicing.amount_due(invoice) == 0
    db.session.commit()
    with pytest.raises(DomainError, match="Aucune échéance"):
        sepa.export_direct_debits(dt.date(2026, 12, 20))
    assert db.session.scalar(select(func.count()).select_from(Payment).where(Payment.mode == "prelevement")) == 1
