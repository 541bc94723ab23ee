"""Attempt counters in the database (shared by every worker): failed logins and reset requests.

A limit reads like Flask-Limiter's, e.g. "10 per 5 minutes": once ``amount`` attempts are counted
for a key within the window, the next one is refused until the oldest leaves the window.
"""
from __future__ import annotations

import datetime as dt

from limits import parse
from sqlalchemy import delete, func, select

from school.clock import utcnow
from school.extensions import db
from school.models import ThrottleEvent


def _limit(spec: str) -> tuple[int, dt.timedelta]:
    item = parse(spec)
    return item.amount, dt.timedelta(seconds=item.get_expiry())


def is_blocked(key: str, spec: str) -> bool:
    """Tell whether ``key`` has used up its allowance under the limit ``spec``."""
    amount, window = _limit(spec)
    since = utcnow() - window
    used = db.session.scalar(
        select(func.count(ThrottleEvent.id)).where(ThrottleEvent.key == key, ThrottleEvent.at > since)
    )
    return (used or 0) >= amount


def hit(key: str, spec: str) -> None:
    """Count one attempt for ``key`` (and forget its attempts older than the window)."""
    _amount, window = _limit(spec)
    now = utcnow()
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.key == key, ThrottleEvent.at <= now - window))
    db.session.add(ThrottleEvent(key=key[:200], at=now))


def clear(key: str) -> None:
    """Forget every attempt counted for ``key``."""
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.key == key))
