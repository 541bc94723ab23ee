"""Identity changes requested by families: one pending request per record, validated by staff.

A family's save never overwrites a guardian or pupil: it creates (or merges into) the record's one
pending ``ChangeRequest``, each field keeping the value it was based on. Staff approve (applying
every field in one transaction, refusing fields changed meanwhile unless forced) or reject.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _
from sqlalchemy import Boolean, Date, select

from school.choices import PCS_LABELS
from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.formatting import date_fr
from school.i18n import N_, Labels
from school.models import ChangeRequest, ChangeRequestField, Guardian, Student
from school.services import audit

Record = Guardian | Student

FIELD_LABELS: Labels[str] = Labels({
    "civility": N_("Civilité"),
    "last_name": N_("Nom"),
    "first_name": N_("Prénom"),
    "birth_date": N_("Date de naissance"),
    "birth_place": N_("Lieu de naissance"),
    "birth_department": N_("Département de naissance"),
    "family_situation": N_("Situation familiale"),
    "pcs_code": N_("Code socio-professionnel"),
    "profession": N_("Profession"),
    "address": N_("Adresse"),
    "address_extra": N_("Complément d'adresse"),
    "postal_code": N_("Code postal"),
    "city": N_("Ville"),
    "phone_home": N_("Tél domicile"),
    "phone_mobile": N_("Mobile"),
    "phone_work": N_("Tél pro"),
    "email": N_("E-mail"),
    "phone_extra1": N_("Tél supplémentaire 1"),
    "phone_extra2": N_("Tél supplémentaire 2"),
    "phone_extra3": N_("Tél supplémentaire 3"),
    "use_guardian_address": N_("Utiliser les coordonnées du responsable légal"),
    "emergency_contact": N_("Personne à prévenir en cas d'urgence"),
    "emergency_phone": N_("Téléphone de la personne à prévenir"),
})
TARGET_TYPES: dict[type, str] = {Guardian: "guardian", Student: "student"}
TARGET_MODELS: dict[str, type] = {v: k for k, v in TARGET_TYPES.items()}
STATUS_LABELS: Labels[str] = Labels({"pending": N_("En attente"), "approved": N_("Validée"), "rejected": N_("Refusée")})


@dataclass(frozen=True)
class FieldDiff:
    """One field of a request as people read it: label, current, requested, conflict flag."""

    field: str
    label: str
    old: str
    current: str
    requested: str
    conflict: bool


def to_text(value: Any) -> str | None:
    """Return ``value`` as stored in a request: ISO dates, "true"/"false", stripped strings."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip() or None


def from_text(record: Record, field: str, value: str | None) -> Any:
    """Convert a stored request value back to the column's Python type."""
    column_type = type(record).__table__.columns[field].type
    if isinstance(column_type, Boolean):
        return value == "true"
    if value is None:
        return None
    if isinstance(column_type, Date):
        return dt.date.fromisoformat(value)
    return value


def display(field: str, value: str | None) -> str:
    """Return a stored value as a family or staff member reads it."""
    if value is None:
        return "—" if field != "use_guardian_address" else _("Non")
    if field == "birth_date":
        return date_fr(dt.date.fromisoformat(value))
    if field == "use_guardian_address":
        return _("Oui") if value == "true" else _("Non")
    if field == "pcs_code":
        return f"{value} — {PCS_LABELS.get(value, value)}"
    return value


def target_of(request: ChangeRequest) -> Record | None:
    """Return the guardian or pupil a request is about."""
    return db.session.get(TARGET_MODELS[request.target_type], request.target_id)


def pending_for(record: Record) -> ChangeRequest | None:
    """Return the record's pending request, if any."""
    return db.session.scalars(select(ChangeRequest).where(
        ChangeRequest.target_type == TARGET_TYPES[type(record)], ChangeRequest.target_id == record.id,
        ChangeRequest.status == "pending")).first()


def requested_values(record: Record) -> dict[str, str | None]:
    """Return the values the family asked for and staff have not decided yet, by field."""
    request = pending_for(record)
    return {f.field: f.new_value for f in request.fields} if request else {}


def decided_for(record: Record, limit: int = 5) -> list[ChangeRequest]:
    """Return the record's latest decided requests, newest first (the family's history)."""
    return list(db.session.scalars(select(ChangeRequest).where(
        ChangeRequest.target_type == TARGET_TYPES[type(record)], ChangeRequest.target_id == record.id,
        ChangeRequest.status != "pending").order_by(ChangeRequest.reviewed_at.desc()).limit(limit)))


def diff(request: ChangeRequest) -> list[FieldDiff]:
    """Return the request's fields with the record's current values and conflicts flagged."""
    record = target_of(request)
    rows = []
    for item in request.fields:
        current = to_text(getattr(record, item.field)) if record is not None else None
        rows.append(FieldDiff(
            field=item.field, label=FIELD_LABELS.get(item.field, item.field), old=display(item.field, item.old_value),
            current=display(item.field, current), requested=display(item.field, item.new_value),
            conflict=current != item.old_value and current != item.new_value,
        ))
    return rows


def submit(record: Record, changes: dict[str, Any], *, author: User) -> ChangeRequest | None:
    """Queue ``changes`` to ``record`` for validation, merging into its pending request.

    Returns the pending request, or None when nothing differs from the record (a request whose
    every field went back to the record's value is withdrawn).
    """
    request = pending_for(record)
    rows = {f.field: f for f in request.fields} if request else {}
    touched: dict[str, tuple[str | None, str | None]] = {}
    for field, value in changes.items():
        if field not in FIELD_LABELS or not hasattr(record, field):
            continue
        current, wanted = to_text(getattr(record, field)), to_text(value)
        row = rows.get(field)
        if wanted == current:
            if row is not None:
                request.fields.remove(row)
                touched[field] = (current, wanted)
            continue
        if row is not None:
            if row.new_value != wanted:
                row.new_value = wanted
                touched[field] = (row.old_value, wanted)
            continue
        if request is None:
            request = ChangeRequest(
                family_id=record.family_id, target_type=TARGET_TYPES[type(record)], target_id=record.id,
                target_label=_label(record), status="pending", submitted_by_id=author.id,
                submitted_at=utcnow(), updated_at=utcnow(),
            )
            db.session.add(request)
        request.fields.append(ChangeRequestField(field=field, old_value=current, new_value=wanted))
        touched[field] = (current, wanted)
    if request is None or not touched:
        return request if touched else None
    if not request.fields:
        audit.record(author, "change_request_withdrawn", record, {"fields": sorted(touched)})
        if request.id is not None:
            db.session.delete(request)
        else:
            db.session.expunge(request)
        return None
    request.updated_at = utcnow()
    request.submitted_by_id = author.id
    db.session.flush()
    audit.record(author, "change_request_submitted", record,
                 {"request": request.id, "changes": {f: [o, n] for f, (o, n) in touched.items()}})
    _mail(request, "change_received",
          _("Accusé de réception — modification de la fiche de %(label)s", label=request.target_label),
          recipient=author.email)
    return request


def approve(request: ChangeRequest, *, reviewer: User, comment: str | None = None, force: bool = False) -> None:
    """Apply every field of a pending request to its record and close it as approved.

    :raises DomainError: when already decided, when the record is gone, when staff changed a field
        since the request was based on it (unless ``force``), or when the new e-mail is taken.
    """
    _check_pending(request)
    record = target_of(request)
    if record is None:
        raise DomainError(_("La fiche concernée n'existe plus."))
    conflicts = [d for d in diff(request) if d.conflict]
    if conflicts and not force:
        raise DomainError(
            _("Modifié entre-temps par le secrétariat : %(fields)s. Cochez « confirmer malgré le conflit » pour "
              "appliquer quand même la demande.", fields=", ".join(d.label for d in conflicts)))
    applied = {}
    for item in request.fields:
        applied[item.field] = [to_text(getattr(record, item.field)), item.new_value]
        setattr(record, item.field, from_text(record, item.field, item.new_value))
    user = getattr(record, "user", None)
    if "email" in applied and user is not None and record.email and user.email != record.email:
        taken = db.session.scalar(select(User.id).where(User.email == record.email, User.id != user.id))
        if taken:
            raise DomainError(_("L'adresse e-mail « %(email)s » est déjà utilisée par un autre compte.",
                                email=record.email))
        user.email = record.email
        _invalidate_reset_links(user)
    _close(request, "approved", reviewer, comment)
    audit.record(reviewer, "change_request_approved", record,
                 {"request": request.id, "changes": applied, "forced": bool(conflicts), "comment": comment})
    _mail(request, "change_approved", _("Modification validée — fiche de %(label)s", label=request.target_label))


def reject(request: ChangeRequest, *, reviewer: User, comment: str | None = None) -> None:
    """Close a pending request as rejected, leaving the record untouched.

    :raises DomainError: when the request was already decided.
    """
    _check_pending(request)
    _close(request, "rejected", reviewer, comment)
    audit.record(reviewer, "change_request_rejected", target_of(request),
                 {"request": request.id, "comment": comment,
                  "changes": {f.field: [f.old_value, f.new_value] for f in request.fields}})
    _mail(request, "change_rejected", _("Modification refusée — fiche de %(label)s", label=request.target_label))


def outcome_label(request: ChangeRequest) -> str:
    """Return the decision as the family reads it, e.g. "Votre modification du 04/12/2026 a été validée"."""
    submitted_on = date_fr(request.submitted_at)
    if request.status == "approved":
        text = _("Votre modification du %(date)s a été validée", date=submitted_on)
    else:
        text = _("Votre modification du %(date)s a été refusée", date=submitted_on)
    return f"{text} : {request.comment}" if request.comment else f"{text}."


def _check_pending(request: ChangeRequest) -> None:
    # Re-read the state under a row lock (PostgreSQL), so two reviewers cannot both decide.
    db.session.refresh(request, with_for_update=True)
    if request.status != "pending":
        raise DomainError(_("Cette demande a déjà été traitée."))


def _close(request: ChangeRequest, status: str, reviewer: User, comment: str | None) -> None:
    request.status = status
    request.reviewer_id = reviewer.id
    request.reviewed_at = utcnow()
    request.comment = (comment or "").strip() or None


def _label(record: Record) -> str:
    kind = "Responsable" if isinstance(record, Guardian) else "Élève"
    return f"{kind} {record.last_name} {record.first_name}"


def _invalidate_reset_links(user: User) -> None:
    """End pending lost-password links when the account's e-mail changes (SECURITY.md rule 2)."""
    try:
        from school.services.password_reset import invalidate_tokens
    except ImportError:  # the lost-password service is optional here
        return
    invalidate_tokens(user)


def _family_email(request: ChangeRequest) -> str | None:
    guardians = sorted(request.family.guardians, key=lambda g: (not g.is_primary, g.id))
    for guardian in guardians:
        if guardian.email:
            return guardian.email
    return None


def _mail(request: ChangeRequest, template: str, subject: str, *, recipient: str | None = None) -> None:
    from school.services.mail import queue_mail

    recipient = recipient or (request.submitted_by.email if request.submitted_by else None) or _family_email(request)
    if not recipient:
        return
    rows = [FieldDiff(field=f.field, label=FIELD_LABELS.get(f.field, f.field), old=display(f.field, f.old_value),
                      current="", requested=display(f.field, f.new_value), conflict=False) for f in request.fields]
    queue_mail(recipient, template, subject, request=request, fields=rows,
               submitted_on=date_fr(request.submitted_at), comment=request.comment)
