"""The family's iCalendar feed (RFC 5545): each pupil's weekly lessons of the current school year.

Served at a private, unguessable address per family (``Family.calendar_token``); regenerating the
token revokes the previous address.
"""
from __future__ import annotations

import datetime as dt
import secrets

from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from school.clock import utcnow
from school.extensions import db
from school.formatting import PARIS
from school.models import Course, Enrolment, Family, Student
from school.services import audit
from school.services.pedagogy import current_year

VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
)


def regenerate_token(family: Family, *, author: User) -> str:
    """Give the family a new private feed token (32 random bytes), revoking the previous one."""
    family.calendar_token = secrets.token_urlsafe(32)
    audit.record(author, "calendar_link_regenerated", family)
    return family.calendar_token


def family_for_token(token: str) -> Family | None:
    """Return the family whose feed token is ``token`` (None for an unknown or revoked token)."""
    if not token or len(token) < 32:
        return None
    return db.session.scalars(select(Family).where(Family.calendar_token == token)).first()


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _first_lesson(starts_on: dt.date, weekday: int) -> dt.date:
    return starts_on + dt.timedelta(days=(weekday - starts_on.weekday()) % 7)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def build_calendar(family: Family, *, host: str = "conservatoire") -> str:
    """Return the family's weekly lessons of the current year as an iCalendar text (CRLF lines)."""
    year = current_year()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Conservatoire//Agenda des cours//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(_('Cours — famille %(name)s', name=family.name))}",
             "X-WR-TIMEZONE:Europe/Paris", *VTIMEZONE]
    if year is not None:
        enrolments = db.session.scalars(
            select(Enrolment).join(Enrolment.student).join(Enrolment.course)
            .where(Student.family_id == family.id, Enrolment.school_year_id == year.id,
                   Enrolment.status == "active")
            .options(joinedload(Enrolment.course).joinedload(Course.teacher),
                     joinedload(Enrolment.course).joinedload(Course.room), joinedload(Enrolment.student))
            .order_by(Student.id, Course.weekday, Course.start_time))
        # The last lesson may start on the year's last day: UNTIL is that day's end, Paris time, in UTC.
        until = dt.datetime.combine(year.ends_on, dt.time(23, 59, 59), tzinfo=PARIS).astimezone(dt.timezone.utc)
        stamp = _stamp(utcnow())
        for enrolment in enrolments:
            course, student = enrolment.course, enrolment.student
            first = dt.datetime.combine(_first_lesson(year.starts_on, course.weekday), course.start_time)
            hours, minutes = divmod(course.duration_minutes, 60)
            lines += [
                "BEGIN:VEVENT",
                f"UID:enrolment-{enrolment.id}-{year.label.replace('/', '-')}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;TZID=Europe/Paris:{first:%Y%m%dT%H%M%S}",
                f"DURATION:PT{hours}H{minutes}M" if minutes else f"DURATION:PT{hours}H",
                f"RRULE:FREQ=WEEKLY;UNTIL={until:%Y%m%dT%H%M%SZ}",
                f"SUMMARY:{escape(f'{course.label} — {student.last_name} {student.first_name}')}",
                f"LOCATION:{escape(str(course.room))}" if course.room else "",
                f"DESCRIPTION:{escape(_('Enseignant : %(teacher)s', teacher=course.teacher))}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines if line)
