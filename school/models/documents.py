"""Document types configured by admins, and the files families upload."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import Boolean, CheckConstraint, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import fk
from school.models.people import Family, Student

DOCUMENT_STATUSES = ("deposited", "validated", "refused")


class DocumentType(Model):
    __tablename__ = "document_type"
    __table_args__ = (
        CheckConstraint("scope IN ('family', 'student')", name="ck_document_type_scope"),
        CheckConstraint("max_size_bytes > 0", name="ck_document_type_max_size"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    instructions: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(10), nullable=False, default="family")
    validity_days: Mapped[int | None] = mapped_column()
    accepted_formats: Mapped[str] = mapped_column(String(60), nullable=False, default="pdf,jpg,jpeg,png")
    max_size_bytes: Mapped[int] = mapped_column(nullable=False, default=2 * 1024 * 1024)
    is_quotient_certificate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    def __str__(self) -> str:
        return self.name


class Document(Model):
    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint("status IN ('deposited', 'validated', 'refused')", name="ck_document_status"),
        CheckConstraint("size_bytes >= 0", name="ck_document_size"),
        CheckConstraint("qf_tranche IS NULL OR qf_tranche BETWEEN 1 AND 6", name="ck_document_qf_tranche"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_type_id: Mapped[int] = fk("document_type.id")
    document_type: Mapped[DocumentType] = relationship(lazy="joined")
    family_id: Mapped[int] = fk("family.id")
    family: Mapped[Family] = relationship()
    student_id: Mapped[int | None] = fk("student.id", nullable=True)
    student: Mapped[Student | None] = relationship()
    stored_name: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    original_name: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(60), nullable=False)
    size_bytes: Mapped[int] = mapped_column(nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    uploaded_by_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="deposited", index=True)
    reviewed_by_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    qf_tranche: Mapped[int | None] = mapped_column()

    def __str__(self) -> str:
        return f"{self.document_type.name} — {self.original_name}"
