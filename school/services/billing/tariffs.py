"""The annual fee of an enrolment: tariff grid × quotient-familial tranche × residency, and discounts.

Tranche rule (guide: "sans justificatif, la tranche 6 de la grille tarifaire s'applique"): the
tranche is the one recorded on the family's latest *validated* quotient-familial certificate
uploaded within the certificate type's validity before the school year starts (or during the
year); without such a certificate the default tranche 6 applies. ``Family.qf_tranche`` is not
trusted on its own: it is a copy staff may keep, never a justification.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from school.errors import DomainError
from school.extensions import db
from school.models import (
    Course, DiscountRule, Document, DocumentType, Enrolment, Family, SchoolYear, Student, Tariff,
    TariffCategory,
)

DEFAULT_TRANCHE = 6


@dataclass(frozen=True)
class Tranche:
    """The quotient-familial tranche used for a family and year, and where it comes from."""

    value: int
    certificate_id: int | None

    @property
    def justified(self) -> bool:
        return self.certificate_id is not None


@dataclass(frozen=True)
class Fee:
    """The annual fee of one enrolment before discounts."""

    enrolment: Enrolment
    category: TariffCategory
    tranche: int
    resident: bool
    amount_cents: int


@dataclass(frozen=True)
class DiscountedFee:
    """A fee with the discount applied to it (0 when none)."""

    fee: Fee
    discount_cents: int
    discount_label: str | None


def family_tranche(family: Family, year: SchoolYear) -> Tranche:
    """Return the family's tranche for ``year``: from its valid certificate, else tranche 6."""
    stmt = (
        select(Document)
        .join(DocumentType, Document.document_type_id == DocumentType.id)
        .where(
            Document.family_id == family.id,
            DocumentType.is_quotient_certificate.is_(True),
            Document.status == "validated",
            Document.qf_tranche.is_not(None),
        )
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    )
    last_day = dt.datetime.combine(year.ends_on, dt.time.max)
    for document in db.session.scalars(stmt):
        validity = document.document_type.validity_days
        first_day = (
            dt.datetime.combine(year.starts_on - dt.timedelta(days=validity), dt.time.min)
            if validity else dt.datetime.min
        )
        if first_day <= document.uploaded_at <= last_day:
            return Tranche(int(document.qf_tranche), document.id)  # type: ignore[arg-type]
    return Tranche(DEFAULT_TRANCHE, None)


def tariff_amount(category: TariffCategory, year: SchoolYear, tranche: int, resident: bool) -> int:
    """Return the grid amount in cents.

    :raises DomainError: when the grid has no such cell.
    """
    amount = db.session.scalar(
        select(Tariff.amount_cents).where(
            Tariff.tariff_category_id == category.id, Tariff.school_year_id == year.id,
            Tariff.qf_tranche == tranche, Tariff.resident.is_(resident),
        )
    )
    if amount is None:
        if resident:
            raise DomainError(_("Aucun tarif « %(category)s » pour %(year)s, tranche %(tranche)s, résident.",
                                category=category.name, year=year.label, tranche=tranche))
        raise DomainError(_("Aucun tarif « %(category)s » pour %(year)s, tranche %(tranche)s, non résident.",
                            category=category.name, year=year.label, tranche=tranche))
    return int(amount)


def annual_fee(enrolment: Enrolment, tranche: Tranche | None = None) -> Fee | None:
    """Return the annual fee of ``enrolment`` (None when its course has no tariff category).

    :raises DomainError: when the tariff grid lacks the needed cell.
    """
    course: Course = enrolment.course
    category = course.cursus.tariff_category if course.cursus is not None else None
    if category is None:
        return None
    family = enrolment.student.family
    year = enrolment.school_year
    tranche = tranche or family_tranche(family, year)
    return Fee(enrolment, category, tranche.value, bool(family.resident),
               tariff_amount(category, year, tranche.value, bool(family.resident)))


def active_enrolments(family: Family, year: SchoolYear) -> list[Enrolment]:
    """Return the family's active enrolments of ``year``, ordered by pupil then enrolment."""
    return list(db.session.scalars(
        select(Enrolment).join(Student, Enrolment.student_id == Student.id)
        .where(Student.family_id == family.id, Enrolment.school_year_id == year.id, Enrolment.status == "active")
        .order_by(Student.id, Enrolment.id)
    ))


def _percent_of(amount: int, percent: int) -> int:
    return (amount * percent + 50) // 100  # rounded half up, in cents


def active_discount_rules() -> list[DiscountRule]:
    """Return the active discount rules, in creation order."""
    return list(db.session.scalars(select(DiscountRule).where(DiscountRule.active.is_(True))
                                   .order_by(DiscountRule.id)))


def best_discounts(items: list[tuple[int, int, int]], rules: list[DiscountRule]) -> list[tuple[int, str | None]]:
    """Return the discount (cents, label) of each ``(pupil key, enrolment key, annual cents)`` of one family.

    Items come in the family's order (pupils first registered first). Pupils rank by that order; a
    pupil's disciplines rank by decreasing fee, so a discount "from the n-th" goes to the cheaper
    ones. When several rules apply to one fee, the most favourable one is used (no stacking).
    """
    student_rank: dict[int, int] = {}
    for student_key, _, _ in items:
        student_rank.setdefault(student_key, len(student_rank) + 1)
    by_student: dict[int, list[tuple[int, int]]] = {}
    for student_key, enrolment_key, amount in items:
        by_student.setdefault(student_key, []).append((amount, enrolment_key))
    discipline_rank: dict[int, int] = {}
    for student_items in by_student.values():
        for rank, (_, enrolment_key) in enumerate(sorted(student_items, key=lambda i: (-i[0], i[1])), start=1):
            discipline_rank[enrolment_key] = rank
    result: list[tuple[int, str | None]] = []
    for student_key, enrolment_key, amount in items:
        best, label = 0, None
        for rule in rules:
            rank = student_rank[student_key] if rule.kind == "nth_student" else discipline_rank[enrolment_key]
            if rank >= rule.from_rank:
                cut = _percent_of(amount, rule.percent)
                if cut > best:
                    best, label = cut, f"{rule.name} ({rule.percent} %)"
        result.append((best, label))
    return result


def family_fees(family: Family, year: SchoolYear) -> list[DiscountedFee]:
    """Return every billable enrolment fee of the family for ``year`` with its best discount (``best_discounts``).

    :raises DomainError: when the tariff grid lacks a needed cell.
    """
    tranche = family_tranche(family, year)
    fees = [fee for e in active_enrolments(family, year) if (fee := annual_fee(e, tranche)) is not None]
    discounts = best_discounts([(f.enrolment.student_id, f.enrolment.id, f.amount_cents) for f in fees],
                               active_discount_rules())
    return [DiscountedFee(fee, cut, label) for fee, (cut, label) in zip(fees, discounts)]
