"""School years, sites (antennes) and rooms."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import fk


class SchoolYear(Model):
    __tablename__ = "school_year"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(9), unique=True, nullable=False)  # "2026/2027"
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)

    def __str__(self) -> str:
        return self.label


class Site(Model):
    __tablename__ = "site"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    short_name: Mapped[str] = mapped_column(String(40), nullable=False)
    address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(80))
    rooms: Mapped[list[Room]] = relationship(back_populates="site")

    def __str__(self) -> str:
        return self.name


class Room(Model):
    __tablename__ = "room"
    __table_args__ = (UniqueConstraint("site_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    site_id: Mapped[int] = fk("site.id")
    site: Mapped[Site] = relationship(back_populates="rooms", lazy="joined")
    capacity: Mapped[int | None] = mapped_column(Integer)

    def __str__(self) -> str:
        return f"{self.name} ({self.site.short_name})"
