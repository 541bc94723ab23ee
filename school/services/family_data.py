"""Everything stored about a family, for its GDPR right of access (art. 15): JSON and a summary."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, or_, select

from school.clock import utcnow
from school.extensions import db
from school.models import (
    Absence, ChangeRequest, Document, Enrolment, Evaluation, Family, ImageRightsConsent, Invoice, Payment,
    ReenrolmentRequest, RepertoireItem, Rental, SchoolLevel, SepaMandate, YearResult,
)

# Internal columns that say nothing about the person (keys, storage names, counters).
_INTERNAL = {"version", "stored_name", "generation_key", "user_id", "calendar_token", "token_hash"}


def _value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row(obj: Any, **extra: Any) -> dict[str, Any]:
    """Return a model row's columns as JSON-ready values, without internal columns."""
    data = {c.key: _value(getattr(obj, c.key)) for c in inspect(obj).mapper.column_attrs if c.key not in _INTERNAL}
    data.update(extra)
    return data


def _all(query: Any) -> list[Any]:
    return list(db.session.scalars(query))


def export(family: Family) -> dict[str, Any]:
    """Return all of ``family``'s data: people, teaching follow-up, consents, documents, requests, billing."""
    student_ids = [s.id for s in family.students]
    guardian_ids = [g.id for g in family.guardians]
    students = []
    for student in family.students:
        enrolments = []
        for enrolment in _all(select(Enrolment).where(Enrolment.student_id == student.id).order_by(Enrolment.id)):
            course = enrolment.course
            enrolments.append(row(
                enrolment, course=course.label, teacher=str(course.teacher), room=str(course.room or ""),
                weekday=course.weekday_name, start_time=course.start_time.strftime("%H:%M"),
                duration=course.duration_label, school_year=enrolment.school_year.label,
                evaluations=[row(e) for e in _all(select(Evaluation).where(Evaluation.enrolment_id == enrolment.id)
                                                  .order_by(Evaluation.date))],
                absences=[row(a) for a in _all(select(Absence).where(Absence.enrolment_id == enrolment.id)
                                               .order_by(Absence.date))],
            ))
        students.append(row(
            student, enrolments=enrolments,
            year_results=[row(r, school_year=r.school_year.label, department=str(r.department))
                          for r in _all(select(YearResult).where(YearResult.student_id == student.id))],
            repertoire=[row(i, school_year=i.school_year.label)
                        for i in _all(select(RepertoireItem).where(RepertoireItem.student_id == student.id))],
            image_rights_consents=[
                row(c, school_year=c.school_year.label, answered_by=c.answered_by.username if c.answered_by else None)
                for c in _all(select(ImageRightsConsent).where(ImageRightsConsent.student_id == student.id))],
            school_levels=[row(level, school_year=level.school_year.label)
                           for level in _all(select(SchoolLevel).where(SchoolLevel.student_id == student.id))],
            rentals=[row(r, instrument=str(r.instrument)) for r in _all(select(Rental).where(Rental.student_id == student.id))],
            reenrolment_requests=[row(r, campaign=r.campaign.name) for r in _all(
                select(ReenrolmentRequest).where(ReenrolmentRequest.student_id == student.id))],
        ))
    requests = _all(select(ChangeRequest).where(ChangeRequest.family_id == family.id).order_by(ChangeRequest.id))
    return {
        "exported_at": utcnow().isoformat() + "Z",
        "family": row(family),
        "guardians": [row(g, login=g.user.username if g.user else None) for g in family.guardians],
        "students": students,
        "documents": [row(d, document_type=d.document_type.name) for d in _all(
            select(Document).where(or_(Document.family_id == family.id, Document.student_id.in_(student_ids)))
            .order_by(Document.id))],
        "change_requests": [row(r, fields=[row(f) for f in r.fields]) for r in requests
                            if r.target_type == "student" and r.target_id in student_ids
                            or r.target_type == "guardian" and r.target_id in guardian_ids],
        "invoices": [row(i, lines=[row(line) for line in i.lines]) for i in _all(
            select(Invoice).where(Invoice.family_id == family.id).order_by(Invoice.issued_on, Invoice.id))],
        "payments": [row(p) for p in _all(select(Payment).where(Payment.family_id == family.id)
                                          .order_by(Payment.paid_on, Payment.id))],
        "sepa_mandates": [row(m) for m in _all(select(SepaMandate).where(SepaMandate.family_id == family.id))],
    }
