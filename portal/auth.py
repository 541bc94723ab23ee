"""Connexion, Déconnexion, Mot de passe perdu and the reset link (the portal's own French pages).

Families authenticate through FAB's security manager; staff accounts get the same generic error.
Each portal session is also recorded on the server (``school.services.accounts.open_session``):
logging out or resetting the password deletes that record, so a replayed cookie no longer works.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from marshmallow import ValidationError

from portal import bp
from portal.navigation import safe_next
from school.errors import DomainError
from school.extensions import db
from school.schemas import field_errors
from school.schemas.account import LoginSchema, LostPasswordSchema, NewPasswordSchema, clean_form
from school.services import accounts, audit, password_policy, password_reset, throttle
from school.services.settings import get_setting

LOGIN_ERROR = _l("Identifiant ou mot de passe incorrect.")
TOO_MANY = _l("Trop de tentatives. Patientez quelques minutes avant de réessayer.")
SESSION_KEY = "portal_sid"
LOST_PASSWORD_ANSWER = _l(
    "Si l'identifiant et l'adresse e-mail correspondent à un compte du portail, un message contenant "
    "un lien pour choisir votre mot de passe vient d'y être envoyé. Pensez à vérifier vos courriers "
    "indésirables (spams)."
)
FIELD_LABELS = {
    "username": _l("Identifiant"), "password": _l("Mot de passe"), "email": _l("E-mail"),
    "new_password": _l("Nouveau mot de passe"), "confirmation": _l("Confirmation du mot de passe"),
    "current_password": _l("Mot de passe actuel"),
}



def error_summary(errors: dict[str, str]) -> list[dict[str, str]]:
    """Return the rows of the error summary shown above a form (``_error_summary.html``)."""
    return [{"name": name, "label": str(FIELD_LABELS.get(name, name)), "error": text} for name, text in errors.items()]


def _throttled(*keys: str, spec_name: str) -> bool:
    if not current_app.config.get("RATELIMIT_ENABLED"):
        return False
    spec = current_app.config[spec_name]
    return any(throttle.is_blocked(key, spec) for key in keys)


def _count(*keys: str, spec_name: str) -> None:
    if current_app.config.get("RATELIMIT_ENABLED"):
        for key in keys:
            throttle.hit(key, current_app.config[spec_name])


@bp.before_request
def end_closed_sessions() -> None:
    """Log out a family whose session was closed on the server (logout elsewhere, password reset)."""
    if request.endpoint == "portal.static" or not current_user.is_authenticated:
        return
    if accounts.is_family(current_user) and not accounts.session_is_open(current_user, session.get(SESSION_KEY)):
        logout_user()
        session.clear()


def _render_login(status: int = 200, **context: Any) -> ResponseReturnValue:
    context.setdefault("next", request.values.get("next", ""))
    return render_template("portal/login.html", site=get_setting("school_short_name", "Conservatoire"),
                           **context), status


@bp.get("/")
@bp.get("/connexion")
def login() -> ResponseReturnValue:
    """Show the login page (Connexion), or go home when already logged in."""
    if current_user.is_authenticated and accounts.is_family(current_user):
        return redirect(url_for("portal.home"))
    return _render_login()


@bp.post("/connexion")
def authenticate() -> ResponseReturnValue:
    """Check the credentials of a family account and open a fresh session."""
    values = clean_form(request.form, ("username", "password"), strip=("username",))
    try:
        data = LoginSchema().load(values)
    except ValidationError as err:
        errors = field_errors(err.messages)
        return _render_login(422, username=values["username"], errors=errors, error_fields=error_summary(errors))
    keys = (f"login-ip:{request.remote_addr}", f"login-user:{data['username'].lower()}")
    if _throttled(*keys, spec_name="AUTH_RATE_LIMIT"):
        audit.record(None, "login_throttled", details={"username": data["username"][:128]})
        db.session.commit()
        return _render_login(429, username=data["username"], error=str(TOO_MANY))
    user = accounts.authenticate_family(data["username"], data["password"])
    if user is None:
        _count(*keys, spec_name="AUTH_RATE_LIMIT")
        audit.record(None, "login_failed", details={"username": data["username"][:128]})
        db.session.commit()
        return _render_login(401, username=data["username"], error=str(LOGIN_ERROR))
    session.clear()  # a new session at login (SECURITY.md rule 7)
    login_user(user)
    session[SESSION_KEY] = accounts.open_session(user)
    audit.record(user, "login")
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("portal.home")))


@bp.post("/deconnexion")
def logout() -> ResponseReturnValue:
    """End the session on the server and return to the login page."""
    accounts.close_session(session.get(SESSION_KEY))
    if current_user.is_authenticated:
        audit.record(current_user, "logout")
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("portal.login"))


@bp.get("/mot-de-passe-perdu")
def lost_password() -> ResponseReturnValue:
    """Show the lost-password (and first connection) form: Identifiant and E-mail."""
    return render_template("portal/lost_password.html", values={}, errors={})


@bp.post("/mot-de-passe-perdu")
def request_password_reset() -> ResponseReturnValue:
    """E-mail a reset link when the identifier and e-mail match; answer the same way in every case."""
    values = clean_form(request.form, ("username", "email"), strip=("username", "email"))
    try:
        data = LostPasswordSchema().load(values)
    except ValidationError as err:
        errors = field_errors(err.messages)
        return render_template("portal/lost_password.html", values=values, errors=errors,
                               error_fields=error_summary(errors)), 422
    keys = (f"reset-ip:{request.remote_addr}", f"reset-user:{data['username'].lower()}")
    if _throttled(*keys, spec_name="RESET_RATE_LIMIT"):
        return render_template("portal/lost_password.html", values=values, errors={}, error=str(TOO_MANY)), 429
    _count(*keys, spec_name="RESET_RATE_LIMIT")
    password_reset.request_reset(
        data["username"], data["email"], lambda token: url_for("portal.reset_password", token=token)
    )
    db.session.commit()
    return render_template("portal/lost_password.html", sent=True, answer=str(LOST_PASSWORD_ANSWER))


def _render_reset(token: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    return render_template("portal/reset_password.html", token=token, policy=password_policy.describe(),
                           errors=context.pop("errors", {}), **context), status


@bp.get("/mot-de-passe-perdu/<token>")
def reset_password(token: str) -> ResponseReturnValue:
    """Show the form choosing a new password, when the link is still valid."""
    if password_reset.valid_token(token) is None:
        return _render_reset(token, 404, invalid=password_reset.INVALID_LINK)
    return _render_reset(token)


@bp.post("/mot-de-passe-perdu/<token>")
def save_reset_password(token: str) -> ResponseReturnValue:
    """Set the new password, spend the link, end every session and send the family to the login page."""
    if password_reset.valid_token(token) is None:
        return _render_reset(token, 404, invalid=password_reset.INVALID_LINK)
    values = clean_form(request.form, ("new_password", "confirmation"))
    try:
        data = NewPasswordSchema().load(values)
        password_reset.reset_password(token, data["new_password"])
    except ValidationError as err:
        errors = field_errors(err.messages)
        return _render_reset(token, 422, errors=errors, error_fields=error_summary(errors))
    except DomainError as err:
        db.session.rollback()
        errors = {"new_password": str(err)}
        return _render_reset(token, 422, errors=errors, error_fields=error_summary(errors))
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Votre mot de passe est enregistré. Connectez-vous avec votre identifiant et ce nouveau mot de passe."),
          "success")
    return redirect(url_for("portal.login"))
