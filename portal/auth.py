"""Family login and logout."""
from __future__ import annotations

from flask import render_template

from portal import bp


@bp.get("/")
def login() -> str:
    """Show the portal's login page."""
    return render_template("portal/login.html")
