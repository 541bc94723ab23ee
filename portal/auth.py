"""Family login and logout (the portal's own French page over FAB's security manager)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user

from portal import bp
from portal.navigation import safe_next
from school.extensions import db
from school.services import audit
from school.services.accounts import is_family
from school.services.settings import get_setting

LOGIN_ERROR = "Identifiant ou mot de passe incorrect."


@bp.get("/")
@bp.get("/connexion")
def login() -> ResponseReturnValue:
    """Show the login page (Connexion), or go home when already logged in."""
    if current_user.is_authenticated and is_family(current_user):
        return redirect(url_for("portal.home"))
    return render_template("portal/login.html", site=get_setting("school_short_name"), next=request.args.get("next", ""))


@bp.post("/connexion")
def authenticate() -> ResponseReturnValue:
    """Check the credentials of a family account and open a fresh session."""
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    sm = current_app.appbuilder.sm
    user = sm.auth_user_db(username, password) if username and password else None
    if user is None or not is_family(user):
        audit.record(None, "login_failed", details={"username": username[:128]})
        db.session.commit()
        flash(LOGIN_ERROR, "error")
        return render_template(
            "portal/login.html", site=get_setting("school_short_name"), username=username,
            next=request.form.get("next", ""), error=LOGIN_ERROR,
        ), 401
    session.clear()  # a new session id at login (SECURITY.md rule 7)
    login_user(user)
    audit.record(user, "login")
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("portal.home")))


@bp.post("/deconnexion")
def logout() -> ResponseReturnValue:
    """End the session on the server and return to the login page."""
    if current_user.is_authenticated:
        audit.record(current_user, "logout")
        db.session.commit()
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("portal.login"))
