"""Admin-editable texts and settings, the audit log, the e-mail outbox and reset tokens."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import CheckConstraint, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import created_at, fk


class PortalText(Model):
    """A text families read (home message, image-rights legal text, tariff texts…)."""

    __tablename__ = "portal_text"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    updated_at: Mapped[dt.datetime] = created_at()

    def __str__(self) -> str:
        return self.title


class Setting(Model):
    """A configuration value admins change at run time (school name, password policy…)."""

    __tablename__ = "setting"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    label: Mapped[str] = mapped_column(String(120), nullable=False)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")

    def __str__(self) -> str:
        return self.label


class AuditLog(Model):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = created_at()
    user_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    user: Mapped[User | None] = relationship()
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    target_type: Mapped[str | None] = mapped_column(String(40), index=True)
    target_id: Mapped[int | None] = mapped_column()
    details: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(45))

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action}"


class OutboxMessage(Model):
    __tablename__ = "outbox_message"
    __table_args__ = (CheckConstraint("status IN ('pending', 'sent', 'failed', 'stored')", name="ck_outbox_status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), nullable=False, index=True)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    body_text: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending", index=True)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at()
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class PasswordResetToken(Model):
    """A single-use lost-password link, stored as a hash of the e-mailed token."""

    __tablename__ = "password_reset_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = fk("ab_user.id", ondelete="CASCADE")
    user: Mapped[User] = relationship()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    created_at: Mapped[dt.datetime] = created_at()
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
