"""Departments, disciplines, cycles, classes, teachers, weekly courses and enrolments."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import Boolean, CheckConstraint, DateTime, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import created_at, fk
from school.models.organisation import Room, SchoolYear
from school.models.people import Student

WEEKDAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")
ENROLMENT_STATUSES = ("active", "waiting", "cancelled")


class Department(Model):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)

    def __str__(self) -> str:
        return self.name


class Discipline(Model):
    __tablename__ = "discipline"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    department_id: Mapped[int] = fk("department.id")
    department: Mapped[Department] = relationship(lazy="joined")
    is_instrument: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    def __str__(self) -> str:
        return self.name


class Cycle(Model):
    __tablename__ = "cycle"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    rank: Mapped[int] = mapped_column(nullable=False, default=1)

    def __str__(self) -> str:
        return self.name


class Cursus(Model):
    """A study path (parcours découverte, cursus instrumental…), which sets the tariff category."""

    __tablename__ = "cursus"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    tariff_category_id: Mapped[int | None] = fk("tariff_category.id", nullable=True)
    tariff_category: Mapped["TariffCategory | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return self.name


class SchoolClass(Model):
    """A class (classe), e.g. "CMG MAA Niveau 1"."""

    __tablename__ = "school_class"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    department_id: Mapped[int] = fk("department.id")
    department: Mapped[Department] = relationship()

    def __str__(self) -> str:
        return self.name


class Teacher(Model):
    __tablename__ = "teacher"
    id: Mapped[int] = mapped_column(primary_key=True)
    civility: Mapped[str | None] = mapped_column(String(12))
    last_name: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    first_name: Mapped[str] = mapped_column(String(80), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    user_id: Mapped[int | None] = fk("ab_user.id", nullable=True, unique=True)
    user: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class Course(Model):
    """One weekly slot of a discipline, with its teacher, room and capacity, for one school year."""

    __tablename__ = "course"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="ck_course_duration_positive"),
        CheckConstraint("capacity > 0", name="ck_course_capacity_positive"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_course_weekday"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    discipline_id: Mapped[int] = fk("discipline.id")
    discipline: Mapped[Discipline] = relationship()
    school_class_id: Mapped[int | None] = fk("school_class.id", nullable=True)
    school_class: Mapped[SchoolClass | None] = relationship()
    cycle_id: Mapped[int | None] = fk("cycle.id", nullable=True)
    cycle: Mapped[Cycle | None] = relationship()
    cursus_id: Mapped[int | None] = fk("cursus.id", nullable=True)
    cursus: Mapped[Cursus | None] = relationship()
    teacher_id: Mapped[int] = fk("teacher.id")
    teacher: Mapped[Teacher] = relationship()
    room_id: Mapped[int | None] = fk("room.id", nullable=True)
    room: Mapped[Room | None] = relationship()
    weekday: Mapped[int] = mapped_column(nullable=False, index=True)
    start_time: Mapped[dt.time] = mapped_column(Time, nullable=False)
    duration_minutes: Mapped[int] = mapped_column(nullable=False)
    capacity: Mapped[int] = mapped_column(nullable=False, default=12)

    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="course")

    @property
    def weekday_name(self) -> str:
        return WEEKDAYS[self.weekday]

    @property
    def duration_label(self) -> str:
        """Return the duration as the guide shows it, e.g. "01:15"."""
        return f"{self.duration_minutes // 60:02d}:{self.duration_minutes % 60:02d}"

    def __str__(self) -> str:
        return f"{self.label} — {self.school_year.label}" if self.school_year else self.label


class Enrolment(Model):
    """A pupil in a course (inscription); ``waiting`` rows form the waiting list."""

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("student_id", "course_id", name="uq_enrolment_student_course"),
        CheckConstraint("status IN ('active', 'waiting', 'cancelled')", name="ck_enrolment_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = fk("student.id")
    student: Mapped[Student] = relationship(back_populates="enrolments")
    course_id: Mapped[int] = fk("course.id")
    course: Mapped[Course] = relationship(back_populates="enrolments")
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="active", index=True)
    created_at: Mapped[dt.datetime] = created_at()
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __str__(self) -> str:
        return f"{self.student} — {self.course.label}"
