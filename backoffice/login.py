"""The staff login page: FAB's, closed to family accounts and written to the audit log."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, session
from flask_appbuilder import expose
from flask_appbuilder.security.views import AuthDBView
from flask_appbuilder.security.decorators import no_cache
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from school.extensions import db
from school.services import audit
from school.services.accounts import is_staff


class StaffAuthDBView(AuthDBView):
    """FAB's login form; a family account gets the same error as a wrong password."""

    invalid_login_message = _l("Identifiant ou mot de passe incorrect.")

    @expose("/login/", methods=["GET", "POST"])
    @no_cache
    def login(self) -> Any:
        already_in = current_user.is_authenticated
        response = super().login()
        if request.method != "POST" or already_in or not current_user.is_authenticated:
            return response
        if not is_staff(current_user):
            audit.record(current_user, "staff_login_refused")
            db.session.commit()
            logout_user()
            session.clear()
            flash(str(self.invalid_login_message), "warning")
            return redirect(self.appbuilder.get_url_for_login)
        audit.record(current_user, "staff_login")
        db.session.commit()
        return response
