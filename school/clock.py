"""The one source of "now", so tests can freeze time and every timestamp is UTC."""
from __future__ import annotations

import datetime as dt

_frozen: dt.datetime | None = None


def utcnow() -> dt.datetime:
    """Return the current UTC time as a naive datetime (the storage convention)."""
    if _frozen is not None:
        return _frozen
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def freeze(moment: dt.datetime | None) -> None:
    """Freeze the clock at ``moment`` (naive UTC), or unfreeze it with ``None``."""
    global _frozen
    _frozen = moment
