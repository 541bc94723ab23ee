"""Families (foyers), their guardians (responsables légaux) and pupils."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import created_at, fk, version_column
from school.models.organisation import SchoolYear

PAYMENT_MODES = ("cheque", "especes", "carte", "prelevement", "virement")


class Family(Model):
    __tablename__ = "family"
    __table_args__ = (
        CheckConstraint("qf_tranche BETWEEN 1 AND 6", name="ck_family_qf_tranche"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    qf_tranche: Mapped[int] = mapped_column(nullable=False, default=6, server_default="6")
    resident: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    payment_mode: Mapped[str | None] = mapped_column(String(20))
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at()
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}

    guardians: Mapped[list[Guardian]] = relationship(back_populates="family", order_by="Guardian.id")
    students: Mapped[list[Student]] = relationship(back_populates="family", order_by="Student.id")

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class PersonMixin:
    """Identity and contact fields shared by guardians and pupils, as in the guide's forms."""

    civility: Mapped[str | None] = mapped_column(String(12))
    last_name: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    first_name: Mapped[str] = mapped_column(String(80), nullable=False)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    birth_place: Mapped[str | None] = mapped_column(String(80))
    birth_department: Mapped[str | None] = mapped_column(String(80))
    family_situation: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))
    address_extra: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(80))
    phone_home: Mapped[str | None] = mapped_column(String(20))
    phone_mobile: Mapped[str | None] = mapped_column(String(20))
    phone_work: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"

    def __str__(self) -> str:
        return self.full_name


class Guardian(PersonMixin, Model):
    __tablename__ = "guardian"
    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = fk("family.id")
    family: Mapped[Family] = relationship(back_populates="guardians")
    phone_extra1: Mapped[str | None] = mapped_column(String(20))
    phone_extra2: Mapped[str | None] = mapped_column(String(20))
    phone_extra3: Mapped[str | None] = mapped_column(String(20))
    pcs_code: Mapped[str | None] = mapped_column(String(4))
    profession: Mapped[str | None] = mapped_column(String(120))
    is_primary: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    user_id: Mapped[int | None] = fk("ab_user.id", nullable=True, unique=True)
    user: Mapped[User | None] = relationship()
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}


class Student(PersonMixin, Model):
    __tablename__ = "student"
    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = fk("family.id")
    family: Mapped[Family] = relationship(back_populates="students")
    use_guardian_address: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    emergency_contact: Mapped[str | None] = mapped_column(String(120))
    emergency_phone: Mapped[str | None] = mapped_column(String(20))
    user_id: Mapped[int | None] = fk("ab_user.id", nullable=True, unique=True)
    user: Mapped[User | None] = relationship()
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}

    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="student")  # noqa: F821


class ImageRightsConsent(Model):
    """A pupil's image-rights answer for one school year, with who answered and the text shown."""

    __tablename__ = "image_rights_consent"
    __table_args__ = (UniqueConstraint("student_id", "school_year_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = fk("student.id", ondelete="CASCADE")
    student: Mapped[Student] = relationship()
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    granted: Mapped[bool] = mapped_column(Boolean, nullable=False)
    answered_by_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    answered_by: Mapped[User | None] = relationship()
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    text_version: Mapped[int] = mapped_column(nullable=False, default=1)


class SchoolLevel(Model):
    """A pupil's school level (niveau scolaire) for one school year."""

    __tablename__ = "school_level"
    __table_args__ = (UniqueConstraint("student_id", "school_year_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = fk("student.id", ondelete="CASCADE")
    student: Mapped[Student] = relationship()
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    level: Mapped[str] = mapped_column(String(30), nullable=False)
