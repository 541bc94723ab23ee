"""Mes données: the family's GDPR right of access, as a printable page and a JSON download."""
from __future__ import annotations

import datetime as dt
import json

from flask import Response, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal import bp
from portal.access import current_family, family_required
from school.extensions import db
from school.formatting import date_fr, datetime_fr, money
from school.services import audit, family_data
from school.services.change_requests import FIELD_LABELS, STATUS_LABELS, display


@bp.get("/mes-donnees")
@family_required
def show_my_data() -> ResponseReturnValue:
    """Show a readable summary of everything stored about the family."""
    data = family_data.export(current_family())
    return render_template("portal/my_data.html", data=data, date_fr=date_fr, datetime_fr=datetime_fr,
                           money=money, field_labels=FIELD_LABELS, status_labels=STATUS_LABELS,
                           display=display, iso=_iso)


@bp.get("/mes-donnees.json")
@family_required
def download_my_data() -> ResponseReturnValue:
    """Download all the family's data as a JSON file."""
    family = current_family()
    body = json.dumps(family_data.export(family), ensure_ascii=False, indent=2)
    audit.record(current_user, "gdpr_export", family)
    db.session.commit()
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="mes-donnees-{family.reference}.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _iso(value: str | None) -> str:
    """Return an ISO date or datetime text as a French date."""
    if not value:
        return ""
    return date_fr(dt.date.fromisoformat(value[:10]))
