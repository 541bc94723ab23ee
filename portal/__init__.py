"""The family portal: a hand-written French blueprint under ``/portail/``."""
from flask import Blueprint

bp = Blueprint(
    "portal", __name__, url_prefix="/portail", template_folder="templates", static_folder="static",
    static_url_path="/static",
)

# Route modules register on import.
from portal import account, auth, billing, brand, context, help  # noqa: E402,F401
from portal import calendar, family, gdpr, home, students  # noqa: E402,F401
from portal import documents, reenrolment  # noqa: E402,F401
