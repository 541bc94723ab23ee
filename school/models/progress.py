"""Pedagogical follow-up: evaluations, absences, year results and repertoire."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_appbuilder import Model
from sqlalchemy import Boolean, CheckConstraint, Date, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import fk
from school.models.organisation import SchoolYear
from school.models.people import Student
from school.models.teaching import Course, Cycle, Department, Discipline, Enrolment, SchoolClass, Teacher


class Evaluation(Model):
    __tablename__ = "evaluation"
    __table_args__ = (
        CheckConstraint("denominator IS NULL OR denominator > 0", name="ck_evaluation_denominator"),
        CheckConstraint("coefficient IS NULL OR coefficient > 0", name="ck_evaluation_coefficient"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = fk("enrolment.id", ondelete="CASCADE")
    enrolment: Mapped[Enrolment] = relationship()
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    criterion_type: Mapped[str | None] = mapped_column(String(80))
    mark: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    denominator: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    coefficient: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    letter: Mapped[str | None] = mapped_column(String(4))
    mention: Mapped[str | None] = mapped_column(String(40))
    appreciation: Mapped[str | None] = mapped_column(Text)
    choice: Mapped[str | None] = mapped_column(String(80))
    absent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    reason: Mapped[str | None] = mapped_column(String(200))

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"


class Absence(Model):
    __tablename__ = "absence"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = fk("enrolment.id", ondelete="CASCADE")
    enrolment: Mapped[Enrolment] = relationship()
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    excused: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    reason: Mapped[str | None] = mapped_column(String(200))

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class YearResult(Model):
    """A pupil's result sheet for one past year in one department (fiche de suivi)."""

    __tablename__ = "year_result"
    __table_args__ = (
        CheckConstraint("average IS NULL OR (average >= 0 AND average <= 5)", name="ck_year_result_average"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = fk("student.id")
    student: Mapped[Student] = relationship()
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    enrolment_id: Mapped[int | None] = fk("enrolment.id", nullable=True)
    enrolment: Mapped[Enrolment | None] = relationship()
    department_id: Mapped[int] = fk("department.id")
    department: Mapped[Department] = relationship()
    school_class_id: Mapped[int | None] = fk("school_class.id", nullable=True)
    school_class: Mapped[SchoolClass | None] = relationship(foreign_keys=[school_class_id])
    cycle_id: Mapped[int | None] = fk("cycle.id", nullable=True)
    cycle: Mapped[Cycle | None] = relationship(foreign_keys=[cycle_id])
    teacher_id: Mapped[int | None] = fk("teacher.id", nullable=True)
    teacher: Mapped[Teacher | None] = relationship()
    first_instrument_id: Mapped[int | None] = fk("discipline.id", nullable=True)
    first_instrument: Mapped[Discipline | None] = relationship()
    average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    letter_average: Mapped[str | None] = mapped_column(String(4))
    mention: Mapped[str | None] = mapped_column(String(40))
    comment: Mapped[str | None] = mapped_column(Text)
    class_result: Mapped[str | None] = mapped_column(String(80))
    cycle_result: Mapped[str | None] = mapped_column(String(80))
    admitted_class_id: Mapped[int | None] = fk("school_class.id", nullable=True)
    admitted_class: Mapped[SchoolClass | None] = relationship(foreign_keys=[admitted_class_id])
    admitted_cycle_id: Mapped[int | None] = fk("cycle.id", nullable=True)
    admitted_cycle: Mapped[Cycle | None] = relationship(foreign_keys=[admitted_cycle_id])

    def __str__(self) -> str:
        return f"{self.student} — {self.school_year} — {self.department}"


class RepertoireItem(Model):
    __tablename__ = "repertoire_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = fk("student.id")
    student: Mapped[Student] = relationship()
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    course_id: Mapped[int | None] = fk("course.id", nullable=True)
    course: Mapped[Course | None] = relationship()
    work: Mapped[str] = mapped_column(String(200), nullable=False)
    composer: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="en cours")

    def __str__(self) -> str:
        return f"{self.work} ({self.composer})" if self.composer else self.work
