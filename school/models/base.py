"""Shared column helpers for the models."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from school.clock import utcnow


def fk(target: str, *, nullable: bool = False, ondelete: str | None = None, **kw: Any) -> Mapped[Any]:
    """Return an indexed foreign-key column (every foreign key is indexed)."""
    return mapped_column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True, **kw)


def created_at() -> Mapped[dt.datetime]:
    """Return a NOT NULL UTC creation timestamp column."""
    return mapped_column(DateTime, nullable=False, default=utcnow)


def version_column() -> Mapped[int]:
    """Return the optimistic-locking counter used by records both families and staff edit."""
    return mapped_column(Integer, nullable=False, default=1, server_default="1")
