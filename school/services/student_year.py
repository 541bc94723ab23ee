"""A pupil's answers for one school year: image-rights consent and school level (niveau scolaire).

The image-rights answer is a direct consent record (not a change request): who answered, when and
which version of the legal text was shown (SECURITY.md rule 22).
"""
from __future__ import annotations

from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _
from sqlalchemy import select

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.models import ImageRightsConsent, SchoolLevel, SchoolYear, Student
from school.services import audit
from school.services.settings import get_text


def consent_for(student: Student, year: SchoolYear) -> ImageRightsConsent | None:
    """Return the pupil's image-rights answer for ``year``, if given."""
    return db.session.scalars(select(ImageRightsConsent).where(
        ImageRightsConsent.student_id == student.id, ImageRightsConsent.school_year_id == year.id)).first()


def record_image_rights(student: Student, year: SchoolYear, granted: bool, *, author: User) -> bool:
    """Record the explicit Oui/Non answer for ``year``; return False when it did not change."""
    consent = consent_for(student, year)
    text = get_text("image_rights")
    version = text.version if text is not None else 1
    if consent is not None and consent.granted == granted and consent.text_version == version:
        return False
    if consent is None:
        consent = ImageRightsConsent(student_id=student.id, school_year_id=year.id, granted=granted)
        db.session.add(consent)
    consent.granted = granted
    consent.answered_by_id = author.id
    consent.answered_at = utcnow()
    consent.text_version = version
    audit.record(author, "image_rights_answered", student,
                 {"year": year.label, "granted": granted, "text_version": version})
    return True


def level_for(student: Student, year: SchoolYear) -> SchoolLevel | None:
    """Return the pupil's school level row for ``year``, if any."""
    return db.session.scalars(select(SchoolLevel).where(
        SchoolLevel.student_id == student.id, SchoolLevel.school_year_id == year.id)).first()


def set_school_level(student: Student, year: SchoolYear, level: str | None, *, author: User) -> bool:
    """Set (or clear) the pupil's school level for ``year``; return False when unchanged.

    :raises DomainError: when no school year is current.
    """
    if year is None:
        raise DomainError(_("Aucune année scolaire en cours."))
    row = level_for(student, year)
    if (row.level if row else None) == level:
        return False
    if level is None:
        db.session.delete(row)
    elif row is None:
        db.session.add(SchoolLevel(student_id=student.id, school_year_id=year.id, level=level))
    else:
        row.level = level
    audit.record(author, "school_level_set", student, {"year": year.label, "level": level})
    return True
