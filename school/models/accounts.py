"""Server-side portal sessions and the attempt counters behind login and reset throttling."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from school.models.base import created_at, fk


class PortalSession(Model):
    """A server-side record of one open portal session; deleting it ends the session (SECURITY.md 7)."""

    __tablename__ = "portal_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = fk("ab_user.id", ondelete="CASCADE")
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[dt.datetime] = created_at()

    def __str__(self) -> str:
        return f"session of user {self.user_id} since {self.created_at:%d/%m/%Y %H:%M}"


class ThrottleEvent(Model):
    """One counted attempt (failed login, reset request) for a key such as ``login-ip:1.2.3.4``."""

    __tablename__ = "throttle_event"
    __table_args__ = (Index("ix_throttle_event_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    def __str__(self) -> str:
        return f"{self.key} {self.at:%d/%m/%Y %H:%M:%S}"
