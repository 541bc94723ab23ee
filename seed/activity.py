"""Day-to-day activity on top of the demo conservatoire, so every back-office list has records.

Instruments and rentals (invoiced on the "locations" ledger), a direct-debit file, an identity
change waiting for the secretariat, and re-enrolment answers in progress. Everything goes through
the same services as the app; choices are drawn from the seeded ``random.Random``.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.models import Family, Guardian, Instrument, Student
from school.services import change_requests, reenrolment
from school.services.billing import invoicing, rentals, sepa
from school.services.campaigns import open_campaign

INSTRUMENTS = (
    ("Violon 1/2", "Yamaha", 45000), ("Violon 3/4", "Stentor", 38000), ("Violon 4/4", "Hora", 52000),
    ("Alto", "Gliga", 61000), ("Violoncelle 1/2", "Stentor", 98000), ("Flûte traversière", "Jupiter", 72000),
    ("Clarinette", "Buffet Crampon", 115000), ("Saxophone alto", "Yamaha", 165000),
    ("Trompette", "Bach", 89000), ("Cor", "Jupiter", 210000), ("Trombone", "Yamaha", 94000),
    ("Guitare classique 3/4", "Admira", 21000),
)


def seed_activity(rng: random.Random) -> dict[str, int]:
    """Create rentals, a SEPA export, a pending change request and re-enrolment drafts; return counts."""
    families = list(db.session.scalars(
        select(Family).where(Family.reference.notin_(("F00001", "F00002"))).order_by(Family.id)))
    pupils = [s for f in families for s in f.students]
    instruments = []
    for number, (kind, make, value) in enumerate(INSTRUMENTS, start=1):
        instrument = Instrument(kind=kind, make=make, serial_number=f"CMV-{number:04d}", state="bon",
                                value_cents=value)
        db.session.add(instrument)
        instruments.append(instrument)
    db.session.flush()
    renters = rng.sample(pupils, 7)
    for instrument, pupil in zip(instruments, renters):
        rentals.rent_instrument(instrument, pupil, starts_on=dt.date(2026, 9, 14), fee_cents=9000,
                                deposit_cents=15000)
    invoicing.generate_invoices(2026, "2026-T1", issued_on=dt.date(2026, 10, 1), ledgers=("locations",))

    counts = {"instruments": len(instruments), "rentals": len(renters), "sepa_exports": 0}
    try:
        # A collection date is never in the past: the next one a week from today.
        sepa.export_direct_debits(utcnow().date() + dt.timedelta(days=7))
        counts["sepa_exports"] = 1
    except DomainError:
        pass  # no family pays by direct debit in this draw

    guardian = db.session.scalars(
        select(Guardian).where(Guardian.family_id == families[0].id, Guardian.user_id.is_not(None))).first()
    if guardian is not None:
        change_requests.submit(guardian, {"phone_mobile": "0612345678"}, author=guardian.user)
        counts["change_requests"] = 1

    campaign = open_campaign()
    counts["reenrolment_requests"] = 0
    if campaign is not None:
        for pupil, wants in zip(rng.sample(pupils, 12), [True] * 10 + [False] * 2):
            guardian_user = _account_of(pupil)
            request = reenrolment.start(pupil, campaign)
            reenrolment.choose(request, wants, author=guardian_user)
            counts["reenrolment_requests"] += 1
    db.session.flush()
    return counts


def _account_of(pupil: Student):  # type: ignore[no-untyped-def]
    guardians = pupil.family.guardians
    return guardians[0].user if guardians else None
