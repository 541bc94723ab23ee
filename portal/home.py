"""Accueil: greeting, the family's pupils, the open re-enrolment campaign and the home message."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal import bp
from portal.access import current_family, current_guardian, current_student_account, family_required
from school.services.campaigns import deadline_label, open_campaign
from school.services.settings import get_text


@bp.get("/accueil")
@family_required
def home() -> ResponseReturnValue:
    """Show the home page."""
    person = current_guardian() or current_student_account()
    greeting = " ".join(p for p in (person.civility, person.last_name, person.first_name) if p) if person \
        else current_user.first_name
    campaign = open_campaign()
    message = get_text("home_message")
    return render_template(
        "portal/home.html", greeting=greeting, students=current_family().students,
        campaign=campaign, deadline=deadline_label(campaign) if campaign else "",
        home_message=message.body if message else "",
    )
