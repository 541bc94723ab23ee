"""The school's logo, public like the login page it appears on."""
from __future__ import annotations

from flask import abort, send_file
from flask.typing import ResponseReturnValue

from portal import bp
from school.services import branding


@bp.get("/logo")
def show_logo() -> ResponseReturnValue:
    """Serve the logo uploaded by admins (404 when there is none)."""
    logo = branding.logo_file()
    if logo is None:
        abort(404)
    path, content_type = logo
    response = send_file(path, mimetype=content_type, max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
