"""The family's private iCalendar feed and its "Régénérer le lien" button."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal import bp
from portal.access import current_family, family_required, own_student_or_404
from school.extensions import db
from school.models import Family
from school.services import calendar_feed


def feed_url(family: Family) -> str:
    """Return the family's private feed address, built on the configured site address."""
    path = url_for("portal.calendar_feed", token=family.calendar_token)
    return current_app.config["SITE_URL"].rstrip("/") + path


def calendar_feed_view(token: str) -> ResponseReturnValue:
    """Serve the family's weekly lessons as ``text/calendar`` (no login: the token is the secret)."""
    family = calendar_feed.family_for_token(token)
    if family is None:
        abort(404)
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "conservatoire"
    response = Response(calendar_feed.build_calendar(family, host=host), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="cours.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Endpoint name "portal.calendar_feed" (the view function's name would clash with the service module).
bp.add_url_rule("/agenda/<token>.ics", endpoint="calendar_feed", view_func=calendar_feed_view)


@bp.post("/eleves/agenda")
@family_required
def regenerate_calendar_link() -> ResponseReturnValue:
    """Create or replace the family's private feed address (the old one stops working)."""
    family = current_family()
    had_link = family.calendar_token is not None
    calendar_feed.regenerate_token(family, author=current_user)
    db.session.commit()
    flash(_("Un nouveau lien d'agenda a été créé ; l'ancien ne fonctionne plus.") if had_link
          else _("Le lien de votre agenda a été créé."), "success")
    student_id = request.form.get("student_id", type=int)
    if student_id is not None:
        return redirect(url_for("portal.show_student_courses", student_id=own_student_or_404(student_id).id))
    return redirect(url_for("portal.list_students"))
