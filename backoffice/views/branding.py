"""Configuration › Logo: the image shown at the top of every portal page."""
from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, request, url_for
from flask_appbuilder import AppBuilder, BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from backoffice.security import CONFIGURATION
from school.errors import DomainError
from school.extensions import db
from school.services import audit, branding


class LogoView(BaseView):
    """Upload or replace the school's logo (PNG or JPEG, 512 KB at most)."""

    route_base = "/configuration/logo"
    default_view = "edit"
    class_permission_name = CONFIGURATION
    method_permission_name = {"edit": "read", "upload": "write"}
    base_permissions = ["can_read", "can_write"]

    @expose("/")
    @has_access
    def edit(self) -> Any:
        """Show the current logo and the upload form."""
        return self.render_template("backoffice/logo.html", title=_("Logo"), has_logo=branding.logo_file() is not None,
                                    can_write=self.appbuilder.sm.has_access("can_write", CONFIGURATION))

    @expose("/", methods=["POST"])
    @has_access
    def upload(self) -> Any:
        """Store a new logo."""
        try:
            branding.store_logo(request.files.get("logo"))
        except DomainError as err:
            flash(str(err), "danger")
            return self.render_template("backoffice/logo.html", title=_("Logo"), error=str(err),
                                        has_logo=branding.logo_file() is not None, can_write=True), 422
        audit.record(g.user, "logo_changed")
        db.session.commit()
        flash(_("Le logo est enregistré : il apparaît sur le portail des familles."), "success")
        return redirect(url_for("LogoView.edit"))


def register(appbuilder: AppBuilder) -> None:
    """Add Configuration › Logo."""
    appbuilder.add_view(LogoView, "Logo", label=_l("Logo"), icon="fa-picture-o", category="Configuration")
