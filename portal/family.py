"""Famille › Identité: the guardian's identity form; corrections wait for the secretariat."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError

from portal import bp
from portal.access import current_guardian, current_student_account, family_required
from portal.identity_form import GUARDIAN_LAYOUT, build
from school.extensions import db
from school.models import Guardian
from school.schemas.people import GuardianSchema
from school.services import change_requests
from school.services.settings import get_text

PENDING_MESSAGE = _l("Votre fiche de responsable est en attente de validation par le secrétariat.")
SAVED_MESSAGE = _l("Votre fiche d'identité est mise à jour et attend la validation du secrétariat. "
                 "Un accusé de réception vous a été envoyé par e-mail.")
NOTHING_MESSAGE = _l("Aucune modification : votre fiche est inchangée.")
WITHDRAWN_MESSAGE = _l("Votre demande de modification a été retirée : la fiche reste inchangée.")


def _guardian() -> Guardian:
    guardian = current_guardian()
    if guardian is None:  # an adult pupil's own account has no guardian record to show
        abort(404)
    return guardian


def outcomes_for(record: Any) -> list[str]:
    """Return the latest decisions on ``record``'s requests as the family reads them."""
    return [change_requests.outcome_label(r) for r in change_requests.decided_for(record)]


def render_family(guardian: Guardian, *, submitted: dict[str, Any] | None = None,
                  errors: dict[str, list[str]] | None = None) -> str:
    """Render the Identité tab of the Famille page."""
    requested = change_requests.requested_values(guardian)
    groups = build(guardian, GuardianSchema(), GUARDIAN_LAYOUT, requested, submitted, errors)
    contact = get_text("secretariat_contact")
    return render_template(
        "portal/family.html", guardian=guardian, groups=groups, errors=errors or {},
        error_fields=[f for _legend, items in groups for f in items if f.error],
        pending=bool(requested), pending_message=str(PENDING_MESSAGE), outcomes=outcomes_for(guardian),
        contact=contact.body if contact else "",
    )


@bp.get("/famille")
@family_required
def show_family() -> ResponseReturnValue:
    """Show the guardian's identity form (Famille › Identité)."""
    pupil = current_student_account()
    if current_guardian() is None and pupil is not None:
        # An adult pupil is their own contact: their details are on their pupil file.
        flash(_("Vos coordonnées se trouvent dans l'onglet Identité de votre dossier d'élève."), "info")
        return redirect(url_for("portal.show_student", student_id=pupil.id))
    return render_family(_guardian())


@bp.post("/famille")
@family_required
def update_guardian() -> ResponseReturnValue:
    """Queue the guardian's corrections for validation by the secretariat."""
    guardian = _guardian()
    form = request.form.to_dict()
    try:
        changes = GuardianSchema().load(form)
    except ValidationError as err:
        return render_family(guardian, submitted=form, errors=err.messages), 422  # type: ignore[arg-type]
    had_pending = change_requests.pending_for(guardian) is not None
    result = change_requests.submit(guardian, changes, author=current_user)
    db.session.commit()
    if result is not None:
        flash(str(SAVED_MESSAGE), "success")
    elif had_pending and change_requests.pending_for(guardian) is None:
        flash(str(WITHDRAWN_MESSAGE), "info")
    else:
        flash(str(NOTHING_MESSAGE), "info")
    return redirect(url_for("portal.show_family"))
