"""Gap-free document numbers per prefix and year (FC2026-00001), safe under concurrent runs."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from school.extensions import db
from school.models import NumberSequence


def next_number(prefix: str, year: int) -> str:
    """Reserve and return the next number; the counter row stays locked until the caller commits."""
    for _ in range(2):
        row = db.session.execute(
            update(NumberSequence)
            .where(NumberSequence.prefix == prefix, NumberSequence.year == year)
            .values(last_value=NumberSequence.last_value + 1)
            .returning(NumberSequence.last_value)
        ).first()
        if row is not None:
            return f"{prefix}{year}-{row[0]:05d}"
        try:
            with db.session.begin_nested():
                db.session.add(NumberSequence(prefix=prefix, year=year, last_value=0))
        except IntegrityError:
            pass  # another transaction created the counter first; retry the increment
    raise RuntimeError("numbering counter unavailable")


def reserve(prefix: str, year: int, count: int) -> list[str]:
    """Reserve ``count`` consecutive numbers at once, gap-free, locked until the caller commits like ``next_number``."""
    if count <= 0:
        return []
    first = next_number(prefix, year)
    head, _, digits = first.rpartition("-")
    if count > 1:
        db.session.execute(
            update(NumberSequence).where(NumberSequence.prefix == prefix, NumberSequence.year == year)
            .values(last_value=NumberSequence.last_value + (count - 1))
            .execution_options(synchronize_session=False))
    start = int(digits)
    return [f"{head}-{n:0{len(digits)}d}" for n in range(start, start + count)]


def peek(prefix: str, year: int) -> int:
    """Return the last number given for ``prefix`` and ``year`` (0 when none)."""
    value = db.session.scalar(
        select(NumberSequence.last_value).where(NumberSequence.prefix == prefix, NumberSequence.year == year)
    )
    return value or 0
