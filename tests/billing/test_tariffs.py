"""Tariff resolution: tranche from a validated certificate (else 6), residency, discounts."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from school.errors import DomainError
from school.extensions import db
from school.models import DiscountRule, Enrolment, Tariff
from school.services.billing.tariffs import annual_fee, family_fees, family_tranche
from tests.billing.conftest import add_certificate, student, year


def grid(category_code: str, start: int, tranche: int, resident: bool) -> int:
    from school.models import TariffCategory
    return db.session.scalar(
        select(Tariff.amount_cents).join(TariffCategory)
        .where(TariffCategory.code == category_code, Tariff.qf_tranche == tranche, Tariff.resident.is_(resident),
               Tariff.school_year_id == year(start).id))


def essai_enrolment() -> Enrolment:
    return db.session.scalar(select(Enrolment).where(Enrolment.student_id == student("Essai").id,
                                                     Enrolment.school_year_id == year(2026).id))


def test_without_certificate_tranche_6_applies(ztest):
    ztest.qf_tranche = 2  # a bare value on the family is not a justification
    tranche = family_tranche(ztest, year(2026))
    assert (tranche.value, tranche.justified) == (6, False)
    assert annual_fee(essai_enrolment()).amount_cents == grid("cursus", 2026, 6, True) == 23100


def test_validated_certificate_sets_the_tranche(ztest):
    add_certificate(ztest, 2, uploaded=dt.datetime(2026, 7, 1, 10, 0))
    assert family_tranche(ztest, year(2026)).value == 2
    assert annual_fee(essai_enrolment()).amount_cents == grid("cursus", 2026, 2, True)


def test_pending_refused_or_outdated_certificates_do_not_count(ztest):
    add_certificate(ztest, 1, uploaded=dt.datetime(2026, 8, 1), status="deposited")
    add_certificate(ztest, 1, uploaded=dt.datetime(2026, 8, 1), status="refused")
    add_certificate(ztest, 1, uploaded=dt.datetime(2025, 9, 1))  # older than 120 days before 01/09/2026
    assert family_tranche(ztest, year(2026)).value == 6


def test_latest_valid_certificate_wins(ztest):
    add_certificate(ztest, 4, uploaded=dt.datetime(2026, 6, 1))
    add_certificate(ztest, 3, uploaded=dt.datetime(2026, 10, 2))
    assert family_tranche(ztest, year(2026)).value == 3


def test_non_resident_pays_the_non_resident_grid(ztest):
    ztest.resident = False
    assert annual_fee(essai_enrolment()).amount_cents == grid("cursus", 2026, 6, False) == 46200


def test_missing_grid_cell_is_a_french_error(ztest):
    db.session.execute(Tariff.__table__.delete().where(Tariff.school_year_id == year(2026).id))
    with pytest.raises(DomainError, match="Aucun tarif « Cursus instrumental » pour 2026/2027, tranche 6"):
        annual_fee(essai_enrolment())


def test_discount_from_second_pupil(zdemo):
    # The demo data set has the rule "Remise 2e élève", 20 %.
    fees = family_fees(zdemo, year(2026))
    assert [(f.fee.enrolment.student.first_name, f.discount_cents, f.discount_label) for f in fees] == [
        ("Léa", 0, None), ("Hugo", 9240, "Remise 2e élève (20 %)")]  # 20 % of 462,00 € (tranche 6, non resident)
    rule = db.session.scalar(select(DiscountRule).where(DiscountRule.name == "Remise 2e élève"))
    rule.active = False
    assert [(f.discount_cents, f.discount_label) for f in family_fees(zdemo, year(2026))] == [(0, None), (0, None)]


def test_discount_from_second_discipline(ztest, app):
    from school.models import Course
    violin = db.session.scalar(select(Course).where(Course.label == "Violon 1C1"))
    db.session.add(Enrolment(student=student("Essai"), course=violin, school_year=year(2026), status="active"))
    db.session.add(DiscountRule(name="Remise 2e discipline", kind="nth_discipline", from_rank=2, percent=50,
                                active=True))
    db.session.add(DiscountRule(name="Remise inactive", kind="nth_discipline", from_rank=2, percent=90,
                                active=False))
    fees = family_fees(ztest, year(2026))
    assert sorted((f.fee.enrolment.course.label, f.discount_cents, f.discount_label) for f in fees) == [
        ("Culture musicale 1C2", 0, None), ("Violon 1C1", 11550, "Remise 2e discipline (50 %)")]


def test_best_discount_applies_when_several_rules_match(zdemo):
    db.session.add_all([
        DiscountRule(name="Remise 2e élève", kind="nth_student", from_rank=2, percent=10, active=True),
        DiscountRule(name="Remise famille nombreuse", kind="nth_student", from_rank=2, percent=30, active=True),
    ])
    hugo = [f for f in family_fees(zdemo, year(2026)) if f.fee.enrolment.student.first_name == "Hugo"][0]
    assert (hugo.discount_cents, hugo.discount_label) == (13860, "Remise famille nombreuse (30 %)")
