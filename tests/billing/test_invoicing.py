"""Invoice generation (idempotent, gap-free, concurrent-safe), credit notes, payments and the ledger."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from school import clock
from school.errors import DomainError
from school.extensions import db
from school.models import (
    Course, Enrolment, Family, Instrument, Invoice, NumberSequence, Student,
)
from school.services.billing import invoicing, payments, rentals
from school.services.billing.ledger import family_balance, family_ledger
from school.services.billing.payments import Allocation
from tests.billing.conftest import student, year


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(dt.datetime(2027, 1, 5, 9, 0))
    yield
    clock.freeze(None)


def invoices_of(period: str) -> list[Invoice]:
    return list(db.session.scalars(select(Invoice).where(Invoice.period == period).order_by(Invoice.number)))


def test_generation_creates_one_invoice_per_family_with_tariff_lines(ztest, zdemo):
    result = invoicing.generate_invoices(2026, "2026-T2")
    assert sorted(result.created) == ["FC2027-00001", "FC2027-00002"]
    essai = db.session.scalar(select(Invoice).where(Invoice.generation_key == "F00001:2026-T2:cotisations"))
    assert essai.number == "FC2027-00001" and essai.issued_on == dt.date(2027, 1, 5)
    assert essai.due_on == dt.date(2027, 2, 4) and essai.label == "AVIS DES SOMMES A PAYER"
    assert [(line.label, line.amount_cents) for line in essai.lines] == [
        ("Culture musicale 1C2 — Z-TEST Essai (2e trimestre)", 7700)]  # 231,00 € / 3
    assert essai.total_cents == 7700


def test_trimesters_add_up_to_the_annual_fee(zdemo):
    for period in ("2026-T1", "2026-T2", "2026-T3"):
        invoicing.generate_invoices(2026, period, family=zdemo)
    total = db.session.scalar(select(func.sum(Invoice.total_cents)).where(
        Invoice.family_id == zdemo.id, Invoice.generation_key.like("F00002:%")))
    assert total == 2 * 46200 - 9240  # two pupils at 462,00 €, Hugo's "Remise 2e élève" is 20 % of his


def test_generating_twice_creates_nothing_twice(ztest):
    first = invoicing.generate_invoices(2026, "2026-T2")
    db.session.commit()
    second = invoicing.generate_invoices(2026, "2026-T2")
    db.session.commit()
    assert len(first.created) == 2 and second.created == [] and second.already_invoiced == 2
    assert len(invoices_of("2026-T2")) == 2
    assert invoicing.generate_invoices(2026, "2026-T2", family=ztest).created == []


def test_one_family_only_and_progress(ztest):
    seen = []
    result = invoicing.generate_invoices(2026, "2026", family=ztest, progress=lambda d, t: seen.append((d, t)))
    assert result.created == ["FC2027-00001"] and seen == [(1, 1)]
    assert invoices_of("2026")[0].lines[0].amount_cents == 23100


def test_invalid_periods_are_refused(app):
    with pytest.raises(DomainError, match="Période invalide"):
        invoicing.generate_invoices(2026, "2026-T4")
    with pytest.raises(DomainError, match="n'appartient pas"):
        invoicing.generate_invoices(2026, "2027-T1")
    with pytest.raises(DomainError, match="n'existe pas"):
        invoicing.generate_invoices(2031, "2031")


def test_rentals_are_invoiced_on_the_locations_ledger(ztest):
    violin = Instrument(kind="Violon", make="Yamaha", serial_number="V-001", state="bon", value_cents=45000)
    db.session.add(violin)
    rental = rentals.rent_instrument(violin, student("Essai"), starts_on=dt.date(2026, 9, 15), fee_cents=9000,
                                     deposit_cents=15000)
    result = invoicing.generate_invoices(2026, "2026-T2", family=ztest)
    assert len(result.created) == 2
    location = db.session.scalar(select(Invoice).where(Invoice.generation_key == "F00001:2026-T2:locations"))
    assert location.ledger == "locations" and location.total_cents == 3000
    assert location.lines[0].label == "Location Violon Yamaha n° V-001 — Z-TEST Essai (2e trimestre)"
    assert location.lines[0].rental_id == rental.id
    ledger = family_ledger(ztest, "locations")
    assert [row.number for row in ledger.rows] == [location.number] and ledger.balance_cents == 3000
    # Returned before the third trimester: not invoiced for it.
    rentals.return_instrument(rental, returned_on=dt.date(2027, 3, 20), state="à réviser")
    assert violin.state == "à réviser"
    assert invoicing.generate_invoices(2026, "2026-T3", family=ztest, ledgers=("locations",)).created == []
    with pytest.raises(DomainError, match="déjà été restitué"):
        rentals.return_instrument(rental, returned_on=dt.date(2027, 3, 21), state="bon")


def test_an_instrument_cannot_be_rented_twice(app):
    cello = Instrument(kind="Violoncelle", serial_number="C-1", state="bon", value_cents=0)
    db.session.add(cello)
    rentals.rent_instrument(cello, student("Léa"), starts_on=dt.date(2026, 9, 2), fee_cents=9000)
    with pytest.raises(DomainError, match="déjà loué"):
        rentals.rent_instrument(cello, student("Hugo"), starts_on=dt.date(2026, 9, 2), fee_cents=9000)


def test_issued_invoice_cannot_be_edited_or_deleted(app):
    invoice = invoices_of("2026-T1")[0]
    invoice.total_cents = 1
    with pytest.raises(DomainError, match="avoir"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(invoices_of("2026-T1")[0])
    with pytest.raises(DomainError, match="ni modifiée ni supprimée"):
        db.session.flush()
    db.session.rollback()
    assert invoices_of("2026-T1")[0].total_cents == 7700


def test_credit_note_reduces_the_balance(zdemo):
    invoice = db.session.scalar(select(Invoice).where(Invoice.number == "FC2026-00002"))
    assert family_balance(zdemo) == 27720
    note = invoicing.create_credit_note(invoice, reason="Abandon du violon", amount_cents=5040)
    assert note.number == "AV2027-00001" and note.kind == "credit_note" and note.credited_invoice_id == invoice.id
    assert invoicing.amount_due(invoice) == 22680 and family_balance(zdemo) == 22680
    with pytest.raises(DomainError, match="dépasse"):
        invoicing.create_credit_note(invoice, reason="Erreur", amount_cents=22681)
    rest = invoicing.create_credit_note(invoice, reason="Annulation")
    assert rest.total_cents == 22680 and rest.number == "AV2027-00002" and family_balance(zdemo) == 0
    with pytest.raises(DomainError, match="ne peut porter que sur une facture"):
        invoicing.create_credit_note(rest, reason="x")


def test_payment_auto_allocates_to_oldest_unpaid_and_numbers_receipts(zdemo):
    invoicing.generate_invoices(2026, "2026-T2", family=zdemo)
    t1, t2 = (db.session.scalar(select(Invoice).where(Invoice.family_id == zdemo.id, Invoice.period == p))
              for p in ("2026-T1", "2026-T2"))
    payment = payments.record_payment(zdemo, paid_on=dt.date(2027, 1, 6), mode="virement", amount_cents=30000,
                                      operation_number="VIR-778")
    assert payment.receipt_number == "RC2027-00001"
    assert [(a.invoice_id, a.amount_cents) for a in payment.allocations] == [(t1.id, 27720), (t2.id, 2280)]
    assert invoicing.amount_due(t1) == 0 and invoicing.amount_due(t2) == t2.total_cents - 2280
    assert family_balance(zdemo) == 27720 + t2.total_cents - 30000


def test_payment_explicit_allocation_is_checked(ztest, zdemo):
    other = db.session.scalar(select(Invoice).where(Invoice.number == "FC2026-00002"))
    with pytest.raises(DomainError, match="n'appartient pas"):
        payments.record_payment(ztest, paid_on=dt.date(2027, 1, 6), mode="cheque", amount_cents=1000,
                                allocations=[Allocation(other, 1000)])
    with pytest.raises(DomainError) as err:
        payments.record_payment(zdemo, paid_on=dt.date(2027, 1, 6), mode="bitcoin", amount_cents=0)
    assert err.value.messages == ["Mode de règlement inconnu.", "Le montant doit être positif."]
    with pytest.raises(DomainError, match="dépasse le reste à payer"):
        payments.record_payment(zdemo, paid_on=dt.date(2027, 1, 6), mode="cheque", amount_cents=30000,
                                allocations=[Allocation(other, 27721)])


def test_overpayment_leaves_a_credit(ztest):
    payments.record_payment(ztest, paid_on=dt.date(2027, 1, 6), mode="especes", amount_cents=1000)
    assert family_balance(ztest) == -1000


def test_ledger_rows_and_totals(ztest):
    ledger = family_ledger(ztest)
    assert [(r.date, r.mode, r.number, r.label, r.debit_cents, r.credit_cents) for r in ledger.rows] == [
        (dt.date(2026, 11, 9), "Chèque", "RC2026-00001", "98135", 0, 7700),
        (dt.date(2026, 10, 1), "", "FC2026-00001", "AVIS DES SOMMES A PAYER", 7700, 0),
    ]  # 231,00 € a year (cursus, tranche 6, resident) / 3, paid in full by the cheque
    assert (ledger.total_debit_cents, ledger.total_credit_cents, ledger.balance_cents) == (7700, 7700, 0)


def test_demo_invoices_come_from_the_service_and_are_not_generated_again(ztest, zdemo):
    demo = {fam.reference: db.session.scalar(select(Invoice).where(Invoice.family_id == fam.id,
                                                                  Invoice.period == "2026-T1"))
            for fam in (ztest, zdemo)}
    assert (demo["F00001"].number, demo["F00002"].number) == ("FC2026-00001", "FC2026-00002")
    assert demo["F00001"].generation_key == "F00001:2026-T1:cotisations"
    assert [(line.label, line.amount_cents, line.discount_cents, line.discount_label)
            for line in demo["F00002"].lines] == [
        ("Piano 1C2 — Z-DEMO Léa (1er trimestre)", 15400, 0, None),
        ("Violon 1C1 — Z-DEMO Hugo (1er trimestre)", 15400, 3080, "Remise 2e élève (20 %)"),
    ]  # 462,00 € a year (tranche 6, non resident) / 3; 20 % off from the second pupil
    assert (demo["F00002"].total_cents, demo["F00002"].discount_cents) == (27720, 3080)
    result = invoicing.generate_invoices(2026, "2026-T1")
    assert result.created == [] and result.already_invoiced == 2 and result.nothing_to_invoice == 2
    assert len(invoices_of("2026-T1")) == 2


def _add_families(count: int) -> None:
    course = db.session.scalar(select(Course).where(Course.label == "Piano 1C2"))
    for i in range(count):
        fam = Family(name=f"BENCH{i}", reference=f"B{i:05d}", qf_tranche=6, resident=True)
        pupil = Student(family=fam, last_name=f"BENCH{i}", first_name="Élève")
        db.session.add_all([fam, pupil, Enrolment(student=pupil, course=course, school_year=year(2026),
                                                  status="active")])
    db.session.commit()


def test_concurrent_generations_neither_duplicate_nor_skip_numbers(app, backend):
    if backend != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    _add_families(30)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def run() -> None:
        with app.app_context():
            try:
                barrier.wait()
                result = invoicing.generate_invoices(2026, "2026-T2")
                db.session.commit()
                outcomes.append(result)
            except Exception as exc:  # noqa: BLE001 — reported by the assertion below
                outcomes.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(o, invoicing.GenerationResult) for o in outcomes), outcomes
    created = [n for o in outcomes for n in o.created]  # type: ignore[union-attr]
    assert len(created) == 32 == len(set(created))
    assert sum(o.already_invoiced for o in outcomes) == 32  # type: ignore[union-attr]  # the other run's
    numbers = [inv.number for inv in invoices_of("2026-T2")]
    assert numbers == [f"FC2027-{i:05d}" for i in range(1, 33)]
    assert db.session.scalar(select(NumberSequence.last_value).where(
        NumberSequence.prefix == "FC", NumberSequence.year == 2027)) == 32
    keys = db.session.scalars(select(Invoice.generation_key).where(Invoice.period == "2026-T2")).all()
    assert len(keys) == len(set(keys)) == 32


def test_bulk_reservation_is_gap_free_and_follows_single_numbers(app):
    from school.services import numbering
    assert numbering.reserve("AV", 2031, 0) == [] and numbering.peek("AV", 2031) == 0
    assert numbering.reserve("AV", 2031, 3) == ["AV2031-00001", "AV2031-00002", "AV2031-00003"]
    assert numbering.next_number("AV", 2031) == "AV2031-00004"
    assert numbering.reserve("AV", 2031, 1) == ["AV2031-00005"] and numbering.peek("AV", 2031) == 5
    assert numbering.reserve("FC", 2026, 2) == ["FC2026-00003", "FC2026-00004"]  # after the demo's two
