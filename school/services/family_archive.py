"""Removing a family from daily work: archive it, since a family with invoices is never deleted."""
from __future__ import annotations

from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _

from school.errors import DomainError
from school.extensions import db
from school.models import Family, Guardian, Invoice, Payment, Student
from school.services import audit


def ensure_deletable(family: Family) -> None:
    """Refuse to delete a family that has invoices, payments, guardians or pupils.

    :raises DomainError: naming the reason and offering to archive instead.
    """
    with db.session.no_autoflush:
        for model in (Invoice, Payment):
            if db.session.query(model.id).filter(model.family_id == family.id).first():
                raise DomainError(_("La famille %(name)s a des factures ou des règlements : elle ne peut pas être "
                                    "supprimée. Utilisez l'action « Archiver ».", name=family.name))
        for model in (Guardian, Student):
            if db.session.query(model.id).filter(model.family_id == family.id).first():
                raise DomainError(_("La famille %(name)s a encore des responsables ou des élèves : supprimez-les "
                                    "d'abord, ou utilisez l'action « Archiver ».", name=family.name))


def archive(family: Family, *, user: User | None) -> bool:
    """Archive ``family`` (kept with its history, hidden from daily lists); return False if it already was."""
    if family.archived:
        return False
    family.archived = True
    audit.record(user, "archive_family", family, {"reference": family.reference})
    return True
