"""Tariffs, discounts, invoices and credit notes, payments, SEPA mandates, instrument rentals.

Every amount is an integer number of cents.
"""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import created_at, fk
from school.models.organisation import SchoolYear
from school.models.people import Family, Student
from school.models.teaching import Enrolment


class TariffCategory(Model):
    __tablename__ = "tariff_category"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    ledger: Mapped[str] = mapped_column(String(12), nullable=False, default="cotisations")

    def __str__(self) -> str:
        return self.name


class Tariff(Model):
    """One cell of a tariff grid: year × category × QF tranche × residency → annual amount."""

    __tablename__ = "tariff"
    __table_args__ = (
        UniqueConstraint("school_year_id", "tariff_category_id", "qf_tranche", "resident", name="uq_tariff_cell"),
        CheckConstraint("qf_tranche BETWEEN 1 AND 6", name="ck_tariff_qf_tranche"),
        CheckConstraint("amount_cents >= 0", name="ck_tariff_amount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    tariff_category_id: Mapped[int] = fk("tariff_category.id")
    tariff_category: Mapped[TariffCategory] = relationship()
    qf_tranche: Mapped[int] = mapped_column(nullable=False)
    resident: Mapped[bool] = mapped_column(Boolean, nullable=False)
    amount_cents: Mapped[int] = mapped_column(nullable=False)

    def __str__(self) -> str:
        return f"{self.tariff_category} T{self.qf_tranche} {self.school_year}"


class DiscountRule(Model):
    """A configurable discount, e.g. 10 % from the second pupil of a family."""

    __tablename__ = "discount_rule"
    __table_args__ = (
        CheckConstraint("kind IN ('nth_student', 'nth_discipline')", name="ck_discount_kind"),
        CheckConstraint("percent BETWEEN 0 AND 100", name="ck_discount_percent"),
        CheckConstraint("from_rank >= 2", name="ck_discount_rank"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    from_rank: Mapped[int] = mapped_column(nullable=False, default=2)
    percent: Mapped[int] = mapped_column(nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    def __str__(self) -> str:
        return self.name


class NumberSequence(Model):
    """Gap-free counters per prefix and year (FC2026, AV2026, RC2026), locked while numbering."""

    __tablename__ = "number_sequence"
    __table_args__ = (UniqueConstraint("prefix", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(4), nullable=False)
    year: Mapped[int] = mapped_column(nullable=False)
    last_value: Mapped[int] = mapped_column(nullable=False, default=0)


class Invoice(Model):
    """An invoice ("Avis des sommes à payer") or a credit note (avoir); never edited once issued."""

    __tablename__ = "invoice"
    __table_args__ = (
        CheckConstraint("kind IN ('invoice', 'credit_note')", name="ck_invoice_kind"),
        CheckConstraint("ledger IN ('cotisations', 'locations')", name="ck_invoice_ledger"),
        CheckConstraint("total_cents >= 0", name="ck_invoice_total"),
        CheckConstraint("discount_cents >= 0", name="ck_invoice_discount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False, default="invoice")
    ledger: Mapped[str] = mapped_column(String(12), nullable=False, default="cotisations", index=True)
    family_id: Mapped[int] = fk("family.id")
    family: Mapped[Family] = relationship()
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    period: Mapped[str] = mapped_column(String(20), nullable=False)
    label: Mapped[str] = mapped_column(String(120), nullable=False, default="AVIS DES SOMMES A PAYER")
    issued_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    due_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    total_cents: Mapped[int] = mapped_column(nullable=False, default=0)
    discount_cents: Mapped[int] = mapped_column(nullable=False, default=0)
    credited_invoice_id: Mapped[int | None] = fk("invoice.id", nullable=True)
    credited_invoice: Mapped[Invoice | None] = relationship(remote_side=[id])
    generation_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[dt.datetime] = created_at()

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.number


class InvoiceLine(Model):
    __tablename__ = "invoice_line"
    __table_args__ = (
        CheckConstraint("amount_cents >= 0", name="ck_invoice_line_amount"),
        CheckConstraint("discount_cents >= 0", name="ck_invoice_line_discount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = fk("invoice.id", ondelete="CASCADE")
    invoice: Mapped[Invoice] = relationship(back_populates="lines")
    position: Mapped[int] = mapped_column(nullable=False, default=0)
    label: Mapped[str] = mapped_column(String(200), nullable=False)
    student_id: Mapped[int | None] = fk("student.id", nullable=True)
    student: Mapped[Student | None] = relationship()
    enrolment_id: Mapped[int | None] = fk("enrolment.id", nullable=True)
    enrolment: Mapped[Enrolment | None] = relationship()
    rental_id: Mapped[int | None] = fk("rental.id", nullable=True)
    rental: Mapped[Rental | None] = relationship()
    amount_cents: Mapped[int] = mapped_column(nullable=False)
    discount_cents: Mapped[int] = mapped_column(nullable=False, default=0)
    discount_label: Mapped[str | None] = mapped_column(String(120))

    def __str__(self) -> str:
        return self.label


class Payment(Model):
    """A payment (règlement) with its receipt number."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="ck_payment_amount"),
        CheckConstraint(
            "mode IN ('cheque', 'especes', 'carte', 'prelevement', 'virement')", name="ck_payment_mode"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    family_id: Mapped[int] = fk("family.id")
    family: Mapped[Family] = relationship()
    ledger: Mapped[str] = mapped_column(String(12), nullable=False, default="cotisations", index=True)
    paid_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    mode: Mapped[str] = mapped_column(String(12), nullable=False)
    operation_number: Mapped[str | None] = mapped_column(String(40))
    label: Mapped[str | None] = mapped_column(String(120))
    amount_cents: Mapped[int] = mapped_column(nullable=False)
    created_at: Mapped[dt.datetime] = created_at()

    allocations: Mapped[list[PaymentAllocation]] = relationship(back_populates="payment")

    def __str__(self) -> str:
        return self.receipt_number


class PaymentAllocation(Model):
    __tablename__ = "payment_allocation"
    __table_args__ = (
        UniqueConstraint("payment_id", "invoice_id"),
        CheckConstraint("amount_cents > 0", name="ck_allocation_amount"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = fk("payment.id", ondelete="CASCADE")
    payment: Mapped[Payment] = relationship(back_populates="allocations")
    invoice_id: Mapped[int] = fk("invoice.id")
    invoice: Mapped[Invoice] = relationship()
    amount_cents: Mapped[int] = mapped_column(nullable=False)


class SepaMandate(Model):
    __tablename__ = "sepa_mandate"
    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = fk("family.id")
    family: Mapped[Family] = relationship()
    rum: Mapped[str] = mapped_column(String(35), unique=True, nullable=False)
    holder_name: Mapped[str] = mapped_column(String(140), nullable=False)
    iban: Mapped[str] = mapped_column(String(34), nullable=False)
    bic: Mapped[str | None] = mapped_column(String(11))
    signed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, index=True)
    first_collected: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    def __str__(self) -> str:
        return self.rum


class SepaExport(Model):
    __tablename__ = "sepa_export"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(35), unique=True, nullable=False)
    collection_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    created_at: Mapped[dt.datetime] = created_at()
    total_cents: Mapped[int] = mapped_column(nullable=False, default=0)
    transaction_count: Mapped[int] = mapped_column(nullable=False, default=0)
    xml: Mapped[str] = mapped_column(Text, nullable=False)

    def __str__(self) -> str:
        return self.message_id


class SepaExportItem(Model):
    """One collected invoice; the unique invoice key prevents collecting it twice."""

    __tablename__ = "sepa_export_item"
    __table_args__ = (UniqueConstraint("invoice_id", name="uq_sepa_item_invoice"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = fk("sepa_export.id", ondelete="CASCADE")
    export: Mapped[SepaExport] = relationship()
    invoice_id: Mapped[int] = fk("invoice.id")
    invoice: Mapped[Invoice] = relationship()
    mandate_id: Mapped[int] = fk("sepa_mandate.id")
    mandate: Mapped[SepaMandate] = relationship()
    amount_cents: Mapped[int] = mapped_column(nullable=False)
    sequence_type: Mapped[str] = mapped_column(String(4), nullable=False)


class Instrument(Model):
    __tablename__ = "instrument"
    __table_args__ = (CheckConstraint("value_cents >= 0", name="ck_instrument_value"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    make: Mapped[str | None] = mapped_column(String(60))
    serial_number: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    state: Mapped[str] = mapped_column(String(30), nullable=False, default="bon")
    value_cents: Mapped[int] = mapped_column(nullable=False, default=0)
    notes: Mapped[str | None] = mapped_column(Text)

    def __str__(self) -> str:
        return f"{self.kind} {self.make or ''} n° {self.serial_number}".replace("  ", " ")


class Rental(Model):
    __tablename__ = "rental"
    __table_args__ = (
        CheckConstraint("fee_cents >= 0", name="ck_rental_fee"),
        CheckConstraint("deposit_cents >= 0", name="ck_rental_deposit"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ck_rental_dates"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = fk("instrument.id")
    instrument: Mapped[Instrument] = relationship()
    student_id: Mapped[int] = fk("student.id")
    student: Mapped[Student] = relationship()
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    return_state: Mapped[str | None] = mapped_column(String(30))
    fee_cents: Mapped[int] = mapped_column(nullable=False)
    deposit_cents: Mapped[int] = mapped_column(nullable=False, default=0)

    def __str__(self) -> str:
        return f"{self.instrument} — {self.student}"
