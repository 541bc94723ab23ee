"""Which re-enrolment campaign is open, and its deadline as families read it."""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from school.clock import utcnow
from school.extensions import db
from school.formatting import datetime_fr
from school.models import ReenrolmentCampaign


def open_campaign(now: dt.datetime | None = None) -> ReenrolmentCampaign | None:
    """Return the campaign open at ``now`` (UTC), the one closing first if several are."""
    now = now or utcnow()
    return db.session.scalars(
        select(ReenrolmentCampaign)
        .where(ReenrolmentCampaign.opens_at <= now, ReenrolmentCampaign.closes_at > now)
        .order_by(ReenrolmentCampaign.closes_at)
    ).first()


def deadline_label(campaign: ReenrolmentCampaign) -> str:
    """Return the deadline as the guide shows it: "Jusqu'au 17/02/2027 à 00:00"."""
    return _("Jusqu'au %(date)s", date=datetime_fr(campaign.closes_at))


def current_or_last_campaign(now: dt.datetime | None = None) -> ReenrolmentCampaign | None:
    """Return the open campaign, else the one closed most recently (to say since when it is closed)."""
    now = now or utcnow()
    campaign = open_campaign(now)
    if campaign is not None:
        return campaign
    return db.session.scalars(
        select(ReenrolmentCampaign).where(ReenrolmentCampaign.closes_at <= now)
        .order_by(ReenrolmentCampaign.closes_at.desc())
    ).first()
