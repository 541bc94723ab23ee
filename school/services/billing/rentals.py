"""Instrument rentals: contracts and returns (fees are invoiced on the "locations" ledger)."""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from school.errors import DomainError
from school.extensions import db
from school.i18n import N_
from school.models import Instrument, Rental, SchoolYear, Student

INSTRUMENT_STATES = (N_("neuf"), N_("bon"), N_("usé"), N_("à réviser"), N_("hors service"))  # stored as they are


def current_rental(instrument: Instrument) -> Rental | None:
    """Return the instrument's rental not yet returned, if any."""
    return db.session.scalar(select(Rental).where(Rental.instrument_id == instrument.id,
                                                  Rental.returned_on.is_(None)))


def school_year_on(day: dt.date) -> SchoolYear:
    """Return the school year containing ``day``.

    :raises DomainError: when no school year covers it.
    """
    year = db.session.scalar(select(SchoolYear).where(SchoolYear.starts_on <= day, SchoolYear.ends_on >= day))
    if year is None:
        raise DomainError(_("Aucune année scolaire ne couvre le %(date)s.", date=day.strftime("%d/%m/%Y")))
    return year


def rent_instrument(instrument: Instrument, student: Student, *, starts_on: dt.date, fee_cents: int,
                    deposit_cents: int = 0, ends_on: dt.date | None = None) -> Rental:
    """Create a rental contract for ``student``; the annual fee is invoiced per period.

    :raises DomainError: when the instrument is already rented or out of service, or on invalid amounts/dates.
    """
    rental = Rental(instrument=instrument, student=student, starts_on=starts_on, ends_on=ends_on,
                    fee_cents=fee_cents, deposit_cents=deposit_cents)
    check_new_rental(rental)
    db.session.add(rental)
    db.session.flush()
    return rental


def check_new_rental(rental: Rental) -> None:
    """Validate a new rental contract and set its school year (shared by the service and the back office).

    :raises DomainError: when the instrument is already rented or out of service, or on invalid amounts/dates.
    """
    errors = []
    instrument = rental.instrument
    if instrument is None or rental.student is None or rental.starts_on is None:
        raise DomainError(_("Indiquez l'instrument, l'élève et la date de début."))
    with db.session.no_autoflush:
        if current_rental(instrument) is not None:
            errors.append(_("L'instrument %(instrument)s est déjà loué.", instrument=instrument))
        if instrument.state == "hors service":
            errors.append(_("L'instrument %(instrument)s est hors service.", instrument=instrument))
        if (rental.fee_cents or 0) < 0 or (rental.deposit_cents or 0) < 0:
            errors.append(_("Les montants doivent être positifs ou nuls."))
        if rental.ends_on is not None and rental.ends_on < rental.starts_on:
            errors.append(_("La date de fin précède la date de début."))
        if errors:
            raise DomainError(*errors)
        rental.fee_cents = rental.fee_cents or 0
        rental.deposit_cents = rental.deposit_cents or 0
        rental.school_year = school_year_on(rental.starts_on)


def return_instrument(rental: Rental, *, returned_on: dt.date, state: str) -> Rental:
    """Record the return of a rented instrument and its state ("Restituer").

    :raises DomainError: when already returned, the date precedes the start, or the state is unknown.
    """
    errors = []
    if rental.returned_on is not None:
        errors.append(_("Cet instrument a déjà été restitué le %(date)s.", date=rental.returned_on.strftime("%d/%m/%Y")))
    if returned_on < rental.starts_on:
        errors.append(_("La date de restitution précède le début de la location."))
    if state not in INSTRUMENT_STATES:
        errors.append(_("État de l'instrument inconnu."))
    if errors:
        raise DomainError(*errors)
    rental.returned_on = returned_on
    rental.return_state = state
    rental.instrument.state = state
    db.session.flush()
    return rental
