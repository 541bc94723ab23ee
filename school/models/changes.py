"""Identity changes requested by families, waiting for the secretariat (validation queue)."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import CheckConstraint, DateTime, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import created_at, fk
from school.models.people import Family

CHANGE_STATUSES = ("pending", "approved", "rejected")


class ChangeRequest(Model):
    __tablename__ = "change_request"
    __table_args__ = (
        CheckConstraint("target_type IN ('guardian', 'student')", name="ck_change_target_type"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="ck_change_status"),
        # One pending request per record: a second edit merges into it.
        Index(
            "uq_change_request_pending_target",
            "target_type",
            "target_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = fk("family.id")
    family: Mapped[Family] = relationship()
    target_type: Mapped[str] = mapped_column(String(10), nullable=False)
    target_id: Mapped[int] = mapped_column(nullable=False)
    target_label: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending", index=True)
    submitted_by_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    submitted_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = created_at()
    reviewer_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)

    fields: Mapped[list[ChangeRequestField]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ChangeRequestField.id"
    )

    def __str__(self) -> str:
        return f"{self.target_label} ({self.submitted_at:%d/%m/%Y})"


class ChangeRequestField(Model):
    """One field of a change request: the value it was based on and the requested value."""

    __tablename__ = "change_request_field"
    __table_args__ = (UniqueConstraint("request_id", "field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = fk("change_request.id", ondelete="CASCADE")
    request: Mapped[ChangeRequest] = relationship(back_populates="fields")
    field: Mapped[str] = mapped_column(String(40), nullable=False)
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
