"""Mot de passe: a family changes its password (current one required, policy in force stated)."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from portal import bp
from portal.access import family_required
from portal.auth import SESSION_KEY, error_summary
from school.schemas import field_errors
from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.formatting import datetime_fr
from school.schemas.account import ChangePasswordSchema, clean_form
from school.services import accounts, audit, password_policy
from school.services.mail import queue_mail


def _render(status: int = 200, errors: dict[str, str] | None = None) -> ResponseReturnValue:
    errors = errors or {}
    return render_template("portal/change_password.html", policy=password_policy.describe(), errors=errors,
                           error_fields=error_summary(errors)), status


@bp.get("/mot-de-passe")
@family_required
def change_password() -> ResponseReturnValue:
    """Show the password change form with the rule in force."""
    return _render()


@bp.post("/mot-de-passe")
@family_required
def save_password() -> ResponseReturnValue:
    """Change the password, end the account's other sessions and confirm by e-mail (no password in it)."""
    values = clean_form(request.form, ("current_password", "new_password", "confirmation"))
    try:
        data = ChangePasswordSchema().load(values)
        accounts.change_password(current_user, data["current_password"], data["new_password"])
    except ValidationError as err:
        return _render(422, field_errors(err.messages))
    except DomainError as err:
        db.session.rollback()
        errors: dict[str, Any] = {}
        if accounts.WRONG_CURRENT_PASSWORD in err.messages:
            errors["current_password"] = str(accounts.WRONG_CURRENT_PASSWORD)
        else:
            errors["new_password"] = str(err)
        return _render(422, errors)
    accounts.close_all_sessions(current_user, keep=session.get(SESSION_KEY))
    audit.record(current_user, "password_changed", current_user)
    if current_user.email:
        queue_mail(current_user.email, "password_changed", _("Portail des familles : mot de passe modifié"),
                   name=f"{current_user.first_name} {current_user.last_name}".strip(),
                   username=current_user.username, when=datetime_fr(utcnow()))
    db.session.commit()
    flash(_("Votre mot de passe a été modifié."), "success")
    return redirect(url_for("portal.change_password"))
