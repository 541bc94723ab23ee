"""Invoices ("AVIS DES SOMMES A PAYER") per period, and credit notes (avoirs).

Generation is idempotent (one invoice per family, period and ledger, keyed by
``generation_key``) and numbers invoices without gaps inside the caller's transaction: the
number counter row stays locked until commit, so two concurrent runs serialise on it, and a run
that meets an invoice committed meanwhile rolls its savepoint back (number included).
An issued invoice is never edited nor deleted: a session hook refuses it; corrections are
credit notes.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.formatting import money, to_paris
from school.models import Family, Invoice, InvoiceLine, PaymentAllocation, Rental, SchoolYear, Student
from school.services import numbering
from school.services.billing.tariffs import family_fees

INVOICE_LABEL = "AVIS DES SOMMES A PAYER"
CREDIT_NOTE_LABEL = "AVOIR"
PAYMENT_TERM_DAYS = 30
PERIOD_RE = re.compile(r"^(\d{4})(?:-T([123]))?$")
PERIOD_NAMES = {None: "année", 1: "1er trimestre", 2: "2e trimestre", 3: "3e trimestre"}
LEDGERS = ("cotisations", "locations")

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Period:
    """A billing period: a whole school year ("2026") or one of its trimesters ("2026-T2")."""

    year: int
    trimester: int | None

    @property
    def code(self) -> str:
        return f"{self.year}" if self.trimester is None else f"{self.year}-T{self.trimester}"

    @property
    def name(self) -> str:
        return PERIOD_NAMES[self.trimester] if self.trimester else f"année {self.year}/{self.year + 1}"

    @property
    def starts_on(self) -> dt.date:
        return {None: dt.date(self.year, 9, 1), 1: dt.date(self.year, 9, 1),
                2: dt.date(self.year + 1, 1, 1), 3: dt.date(self.year + 1, 4, 1)}[self.trimester]

    def share(self, annual_cents: int) -> int:
        """Return this period's part of an annual amount (the third trimester takes the rest)."""
        if self.trimester is None:
            return annual_cents
        third = annual_cents // 3
        return annual_cents - 2 * third if self.trimester == 3 else third


def parse_period(year: int, period: str) -> Period:
    """Return the period ``period`` of school year ``year`` ("2026", "2026-T1"…).

    :raises DomainError: when the period is malformed or not in that school year.
    """
    match = PERIOD_RE.match((period or "").strip())
    if not match:
        raise DomainError(_("Période invalide : indiquez l'année (2026) ou un trimestre (2026-T1, T2 ou T3)."))
    if int(match.group(1)) != year:
        raise DomainError(_("La période %(period)s n'appartient pas à l'année scolaire %(start)d/%(end)d.",
                            period=period, start=year, end=year + 1))
    return Period(year, int(match.group(2)) if match.group(2) else None)


def school_year_of(year: int) -> SchoolYear:
    """Return the school year starting in ``year``.

    :raises DomainError: when it does not exist.
    """
    found = db.session.scalar(select(SchoolYear).where(SchoolYear.label == f"{year}/{year + 1}"))
    if found is None:
        raise DomainError(_("L'année scolaire %(start)d/%(end)d n'existe pas.", start=year, end=year + 1))
    return found


def today() -> dt.date:
    """Return today's date in Paris."""
    return to_paris(utcnow()).date()


def generation_key(family: Family, period: Period, ledger: str) -> str:
    """Return the idempotency key of a family's invoice for a period and ledger."""
    return f"{family.reference}:{period.code}:{ledger}"


@dataclass
class GenerationResult:
    """What a generation run did."""

    created: list[str] = field(default_factory=list)
    already_invoiced: int = 0
    nothing_to_invoice: int = 0
    errors: list[str] = field(default_factory=list)
    families: int = 0


def _student_name(student: Student) -> str:
    return f"{student.last_name} {student.first_name}"


def build_lines(family: Family, year: SchoolYear, period: Period, ledger: str) -> list[InvoiceLine]:
    """Return the (unsaved) lines of the family's invoice for a period and ledger.

    :raises DomainError: when the tariff grid lacks a needed cell.
    """
    lines: list[InvoiceLine] = []
    if ledger == "cotisations":
        for item in family_fees(family, year):
            enrolment = item.fee.enrolment
            lines.append(InvoiceLine(
                label=f"{enrolment.course.label} — {_student_name(enrolment.student)} ({period.name})",
                student_id=enrolment.student_id, enrolment_id=enrolment.id,
                amount_cents=period.share(item.fee.amount_cents), discount_cents=period.share(item.discount_cents),
                discount_label=item.discount_label,
            ))
    else:
        rentals = db.session.scalars(
            select(Rental).join(Student, Rental.student_id == Student.id)
            .where(Student.family_id == family.id, Rental.school_year_id == year.id)
            .order_by(Rental.id)
        )
        for rental in rentals:
            ended = rental.returned_on or rental.ends_on
            if ended is not None and ended < period.starts_on:
                continue
            lines.append(InvoiceLine(
                label=f"Location {rental.instrument} — {_student_name(rental.student)} ({period.name})",
                student_id=rental.student_id, rental_id=rental.id, amount_cents=period.share(rental.fee_cents),
                discount_cents=0,
            ))
    for position, line in enumerate(lines, start=1):
        line.position = position
    return lines


def _new_invoice(family: Family, year: SchoolYear, period: Period, ledger: str, lines: list[InvoiceLine],
                 issued_on: dt.date) -> Invoice:
    gross = sum(line.amount_cents for line in lines)
    discount = sum(line.discount_cents for line in lines)
    invoice = Invoice(
        number=numbering.next_number("FC", issued_on.year), kind="invoice", ledger=ledger, family_id=family.id,
        school_year_id=year.id, period=period.code, label=INVOICE_LABEL, issued_on=issued_on,
        due_on=issued_on + dt.timedelta(days=PAYMENT_TERM_DAYS), total_cents=gross - discount,
        discount_cents=discount, generation_key=generation_key(family, period, ledger), created_at=utcnow(),
    )
    invoice.lines = lines
    db.session.add(invoice)
    return invoice


def _key_exists(key: str) -> bool:
    return db.session.scalar(select(Invoice.id).where(Invoice.generation_key == key)) is not None


def generate_invoices(year: int, period: str, family: Family | None = None,
                      progress: ProgressCallback | None = None, issued_on: dt.date | None = None,
                      ledgers: tuple[str, ...] = LEDGERS) -> GenerationResult:
    """Create the missing invoices of ``period`` for every family (or one), without committing.

    :raises DomainError: when the period or school year is invalid.
    """
    steps = iter_generation(year, period, family=family, issued_on=issued_on, ledgers=ledgers)
    while True:
        try:
            done, total = next(steps)
        except StopIteration as finished:
            return finished.value
        if progress is not None:
            progress(done, total)


def iter_generation(year: int, period: str, family: Family | None = None, issued_on: dt.date | None = None,
                    ledgers: tuple[str, ...] = LEDGERS) -> Generator[tuple[int, int], None, GenerationResult]:
    """Generate like ``generate_invoices``, yielding (families done, total) after each family.

    The generator's return value is the ``GenerationResult``; the back office streams the progress.

    :raises DomainError: when the period or school year is invalid.
    """
    school_year = school_year_of(year)
    parsed = parse_period(year, period)
    issued_on = issued_on or today()
    if family is not None:
        families = [family]
    else:
        families = list(db.session.scalars(
            select(Family).where(Family.archived.is_(False)).order_by(Family.id)))
    result = GenerationResult(families=len(families))
    for done, fam in enumerate(families, start=1):
        for ledger in ledgers:
            key = generation_key(fam, parsed, ledger)
            if _key_exists(key):
                result.already_invoiced += 1
                continue
            try:
                lines = build_lines(fam, school_year, parsed, ledger)
            except DomainError as err:
                result.errors.append(f"{fam} : {err}")
                continue
            if not lines:
                result.nothing_to_invoice += 1
                continue
            try:
                with db.session.begin_nested():
                    invoice = _new_invoice(fam, school_year, parsed, ledger, lines, issued_on)
                    db.session.flush()
            except IntegrityError:
                # Another run committed this invoice while we waited for the counter lock; the
                # savepoint rollback also gave our reserved number back.
                result.already_invoiced += 1
                continue
            result.created.append(invoice.number)
        yield done, len(families)
    return result


def credited_cents(invoice: Invoice) -> int:
    """Return the total of the credit notes issued against ``invoice``."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(Invoice.total_cents), 0))
        .where(Invoice.credited_invoice_id == invoice.id, Invoice.kind == "credit_note")
    ))


def paid_cents(invoice: Invoice) -> int:
    """Return the payments allocated to ``invoice``."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
        .where(PaymentAllocation.invoice_id == invoice.id)
    ))


def amount_due(invoice: Invoice) -> int:
    """Return what remains to pay on ``invoice`` (0 for a credit note)."""
    if invoice.kind != "invoice":
        return 0
    return max(invoice.total_cents - credited_cents(invoice) - paid_cents(invoice), 0)


def create_credit_note(invoice: Invoice, *, reason: str, amount_cents: int | None = None,
                       issued_on: dt.date | None = None) -> Invoice:
    """Issue a credit note (avoir, AV2026-00001) against ``invoice``; the full remaining amount by default.

    :raises DomainError: when the invoice is a credit note, or the amount is not positive or too large.
    """
    if invoice.kind != "invoice":
        raise DomainError(_("Un avoir ne peut porter que sur une facture."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez le motif de l'avoir."))
    creditable = invoice.total_cents - credited_cents(invoice)
    amount = creditable if amount_cents is None else amount_cents
    if amount <= 0:
        raise DomainError(_("Le montant de l'avoir doit être positif."))
    if amount > creditable:
        raise DomainError(_("Le montant de l'avoir dépasse ce qui reste à créditer sur la facture %(number)s "
                            "(%(amount)s).", number=invoice.number, amount=money(creditable)))
    issued_on = issued_on or today()
    note = Invoice(
        number=numbering.next_number("AV", issued_on.year), kind="credit_note", ledger=invoice.ledger,
        family_id=invoice.family_id, school_year_id=invoice.school_year_id, period=invoice.period,
        label=f"{CREDIT_NOTE_LABEL} sur facture {invoice.number}", issued_on=issued_on, due_on=issued_on,
        total_cents=amount, discount_cents=0, credited_invoice_id=invoice.id, created_at=utcnow(),
    )
    note.lines = [InvoiceLine(position=1, label=reason[:200], amount_cents=amount)]
    db.session.add(note)
    db.session.flush()
    return note


ISSUED_INVOICE_ERROR = _l("Une facture émise ne peut être ni modifiée ni supprimée : établissez un avoir.")


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_issued_invoices(session: Session, _context: object, _instances: object) -> None:
    """Refuse any update or deletion of an issued invoice or of its lines."""
    for obj in session.deleted:
        if isinstance(obj, (Invoice, InvoiceLine)):
            raise DomainError(str(ISSUED_INVOICE_ERROR))
    for obj in session.dirty:
        if isinstance(obj, (Invoice, InvoiceLine)) and session.is_modified(obj, include_collections=False):
            raise DomainError(str(ISSUED_INVOICE_ERROR))
