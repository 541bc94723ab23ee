"""French formats for money, dates and times, shared by the portal, the back office and PDFs."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def money(cents: int | None) -> str:
    """Return ``cents`` as French euros, e.g. 8400 → "84,00 €" (thin no-break space for thousands)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    grouped = f"{euros:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d}\u00a0€"


def date_fr(value: dt.date | dt.datetime | None) -> str:
    """Return a date as 01/10/2026 (a UTC datetime is first converted to Paris time)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_paris(value)
    return value.strftime("%d/%m/%Y")


def to_paris(value: dt.datetime) -> dt.datetime:
    """Convert a naive UTC datetime (the storage convention) to Europe/Paris."""
    return value.replace(tzinfo=dt.timezone.utc).astimezone(PARIS)


def datetime_fr(value: dt.datetime | None) -> str:
    """Return a naive UTC datetime as Paris time, e.g. "17/02/2027 à 00:00"."""
    if value is None:
        return ""
    local = to_paris(value)
    return _("%(date)s à %(time)s", date=local.strftime("%d/%m/%Y"), time=local.strftime("%H:%M"))


def paris_to_utc(value: dt.datetime) -> dt.datetime:
    """Convert a naive Europe/Paris datetime (as staff type it) to naive UTC for storage."""
    return value.replace(tzinfo=PARIS).astimezone(dt.timezone.utc).replace(tzinfo=None)
