"""Which pedagogical records a teacher may see and change: those of their own courses."""
from __future__ import annotations

from typing import Any

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from school.extensions import db
from school.models import Absence, Course, Enrolment, Evaluation, RepertoireItem, Teacher, YearResult
from school.services.roles import ADMIN, READ_ONLY, SECRETARIAT, TEACHER

# Roles that see every pupil; a user holding one of them is never restricted to their own courses.
UNRESTRICTED_ROLES = frozenset({ADMIN, SECRETARIAT, READ_ONLY})


def is_restricted_teacher(user: User | None) -> bool:
    """Tell whether ``user`` is a teacher who may only reach their own courses' records."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    names = {role.name for role in user.roles}
    return TEACHER in names and not names & UNRESTRICTED_ROLES


def own_course_ids(user: User) -> Any:
    """Return a subquery of the ids of the courses ``user`` teaches."""
    return (
        select(Course.id).join(Teacher, Course.teacher_id == Teacher.id)
        .where(Teacher.user_id == user.id).scalar_subquery()
    )


def _own_enrolment_ids(user: User) -> Any:
    return select(Enrolment.id).where(Enrolment.course_id.in_(own_course_ids(user))).scalar_subquery()


def scope_clause(model: type, user: User) -> ColumnElement[bool]:
    """Return the SQL condition keeping only the rows of ``model`` within ``user``'s courses."""
    if model is Course:
        return Course.id.in_(own_course_ids(user))
    if model is Enrolment:
        return Enrolment.course_id.in_(own_course_ids(user))
    if model in (Evaluation, Absence):
        return model.enrolment_id.in_(_own_enrolment_ids(user))
    if model is RepertoireItem:
        return RepertoireItem.course_id.in_(own_course_ids(user))
    if model is YearResult:
        own_teacher = select(Teacher.id).where(Teacher.user_id == user.id).scalar_subquery()
        return or_(YearResult.enrolment_id.in_(_own_enrolment_ids(user)), YearResult.teacher_id.in_(own_teacher))
    return false()


def within_scope(item: Any, user: User) -> bool:
    """Tell whether ``item`` (already populated, maybe not yet saved) lies within ``user``'s courses."""
    with db.session.no_autoflush:
        return _within_scope(item, user)


def _within_scope(item: Any, user: User) -> bool:
    model = type(item)
    if model in (Evaluation, Absence):
        enrolment_id = item.enrolment.id if item.enrolment is not None else item.enrolment_id
        return enrolment_id is not None and _exists(Enrolment, enrolment_id, user)
    if model in (Enrolment, RepertoireItem):
        course_id = item.course.id if item.course is not None else item.course_id
        return course_id is not None and _exists(Course, course_id, user)
    if model is YearResult:
        enrolment_id = item.enrolment.id if item.enrolment is not None else item.enrolment_id
        teacher_id = item.teacher.id if item.teacher is not None else item.teacher_id
        if enrolment_id is not None and _exists(Enrolment, enrolment_id, user):
            return True
        return teacher_id is not None and db.session.query(Teacher.id).filter(
            Teacher.id == teacher_id, Teacher.user_id == user.id).first() is not None
    if model is Course:
        return item.id is not None and _exists(Course, item.id, user)
    return False


def _exists(model: type, pk: int, user: User) -> bool:
    return db.session.query(model.id).filter(model.id == pk, scope_clause(model, user)).first() is not None
