"""The back office's home: staff see it, anyone else is sent to the family portal's login."""
from __future__ import annotations

from typing import Any

from flask import g, redirect, url_for
from flask_appbuilder import IndexView, expose


class SchoolIndexView(IndexView):
    """``/``: the back-office welcome page for staff, the portal login for everyone else."""

    index_template = "backoffice/index.html"

    @expose("/")
    def index(self) -> Any:
        from school.services.accounts import is_staff

        user = getattr(g, "user", None)
        if user is None or not user.is_authenticated or not is_staff(user):
            return redirect(url_for("portal.login"))
        return self.render_template(self.index_template, appbuilder=self.appbuilder)
