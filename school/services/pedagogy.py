"""Read queries for a pupil's follow-up: courses, evaluations, absences, history and repertoire.

Every lookup by id takes the family id too, so a portal view cannot load another family's row.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from school.extensions import db
from school.models import (
    Absence, Course, Enrolment, Evaluation, RepertoireItem, SchoolYear, Student, YearResult,
)


def current_year() -> SchoolYear | None:
    """Return the current school year (the one flagged current)."""
    return db.session.scalars(select(SchoolYear).where(SchoolYear.is_current.is_(True))).first()


def current_enrolments(student: Student) -> list[Enrolment]:
    """Return the pupil's active or waiting enrolments of the current year, in weekly order."""
    year = current_year()
    if year is None:
        return []
    return list(db.session.scalars(
        select(Enrolment).join(Enrolment.course)
        .where(Enrolment.student_id == student.id, Enrolment.school_year_id == year.id,
               Enrolment.status != "cancelled")
        .options(joinedload(Enrolment.course).joinedload(Course.teacher),
                 joinedload(Enrolment.course).joinedload(Course.room),
                 joinedload(Enrolment.course).joinedload(Course.cycle))
        .order_by(Course.weekday, Course.start_time)))


def family_enrolment(enrolment_id: int, family_id: int) -> Enrolment | None:
    """Return enrolment ``enrolment_id`` when it belongs to a pupil of family ``family_id``."""
    return db.session.scalars(select(Enrolment).join(Enrolment.student).where(
        Enrolment.id == enrolment_id, Student.family_id == family_id)).first()


def family_evaluation(evaluation_id: int, family_id: int) -> Evaluation | None:
    """Return evaluation ``evaluation_id`` when it belongs to a pupil of family ``family_id``."""
    return db.session.scalars(select(Evaluation).join(Evaluation.enrolment).join(Enrolment.student).where(
        Evaluation.id == evaluation_id, Student.family_id == family_id)).first()


def family_absence(absence_id: int, family_id: int) -> Absence | None:
    """Return absence ``absence_id`` when it belongs to a pupil of family ``family_id``."""
    return db.session.scalars(select(Absence).join(Absence.enrolment).join(Enrolment.student).where(
        Absence.id == absence_id, Student.family_id == family_id)).first()


def family_year_result(result_id: int, family_id: int) -> YearResult | None:
    """Return year result ``result_id`` when it belongs to a pupil of family ``family_id``."""
    return db.session.scalars(select(YearResult).join(YearResult.student).where(
        YearResult.id == result_id, Student.family_id == family_id)).first()


def evaluations(enrolment: Enrolment) -> list[Evaluation]:
    """Return the evaluations of an enrolment, most recent first."""
    return list(db.session.scalars(select(Evaluation).where(Evaluation.enrolment_id == enrolment.id)
                                   .order_by(Evaluation.date.desc(), Evaluation.id)))


def absences(enrolment: Enrolment) -> list[Absence]:
    """Return the absences of an enrolment, most recent first."""
    return list(db.session.scalars(select(Absence).where(Absence.enrolment_id == enrolment.id)
                                   .order_by(Absence.date.desc(), Absence.id)))


def history(student: Student) -> list[YearResult]:
    """Return the pupil's result sheets of past years (Historique), newest first."""
    year = current_year()
    query = (select(YearResult).join(YearResult.school_year).where(YearResult.student_id == student.id)
             .options(joinedload(YearResult.department), joinedload(YearResult.school_class),
                      joinedload(YearResult.cycle), joinedload(YearResult.teacher))
             .order_by(SchoolYear.starts_on.desc(), YearResult.id))
    if year is not None:
        query = query.where(SchoolYear.starts_on < year.starts_on)
    return list(db.session.scalars(query))


def result_evaluations(result: YearResult) -> list[Evaluation]:
    """Return the evaluations of a result sheet's year (its enrolment, else the department's)."""
    query = select(Evaluation).join(Evaluation.enrolment).order_by(Evaluation.date, Evaluation.id)
    if result.enrolment_id is not None:
        query = query.where(Evaluation.enrolment_id == result.enrolment_id)
    else:
        query = query.join(Enrolment.course).where(
            Enrolment.student_id == result.student_id, Enrolment.school_year_id == result.school_year_id,
            Course.discipline.has(department_id=result.department_id))
    return list(db.session.scalars(query))


def repertoire_by_year(student: Student) -> list[tuple[SchoolYear, list[RepertoireItem]]]:
    """Return the pupil's repertoire grouped by school year, newest year first."""
    items = db.session.scalars(
        select(RepertoireItem).join(RepertoireItem.school_year).where(RepertoireItem.student_id == student.id)
        .options(selectinload(RepertoireItem.course))
        .order_by(SchoolYear.starts_on.desc(), RepertoireItem.work))
    grouped: dict[int, tuple[SchoolYear, list[RepertoireItem]]] = {}
    for item in items:
        grouped.setdefault(item.school_year_id, (item.school_year, []))[1].append(item)
    return list(grouped.values())
