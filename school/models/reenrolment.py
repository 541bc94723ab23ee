"""Re-enrolment campaigns, their offered course options, and each pupil's request."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import Boolean, CheckConstraint, DateTime, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from school.models.base import created_at, fk, version_column
from school.models.documents import DocumentType
from school.models.organisation import SchoolYear, Site
from school.models.people import Student
from school.models.teaching import Course, Discipline

REQUEST_STATUSES = ("draft", "submitted", "validated", "rejected", "declined")


class ReenrolmentCampaign(Model):
    __tablename__ = "reenrolment_campaign"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="ck_campaign_dates"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    school_year_id: Mapped[int] = fk("school_year.id")
    school_year: Mapped[SchoolYear] = relationship()
    opens_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    closes_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    text_intro: Mapped[str | None] = mapped_column(Text)
    text_coordinates: Mapped[str | None] = mapped_column(Text)
    text_authorisations: Mapped[str | None] = mapped_column(Text)
    text_documents: Mapped[str | None] = mapped_column(Text)
    text_courses: Mapped[str | None] = mapped_column(Text)
    text_summary: Mapped[str | None] = mapped_column(Text)
    text_confirmation: Mapped[str | None] = mapped_column(Text)

    options: Mapped[list[CourseOption]] = relationship(back_populates="campaign")
    document_requirements: Mapped[list[CampaignDocumentType]] = relationship(back_populates="campaign")
    files: Mapped[list[CampaignFile]] = relationship(back_populates="campaign")

    def __str__(self) -> str:
        return self.name


class CampaignDocumentType(Model):
    """A document type asked for by a campaign, required or optional."""

    __tablename__ = "campaign_document_type"
    __table_args__ = (UniqueConstraint("campaign_id", "document_type_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = fk("reenrolment_campaign.id", ondelete="CASCADE")
    campaign: Mapped[ReenrolmentCampaign] = relationship(back_populates="document_requirements")
    document_type_id: Mapped[int] = fk("document_type.id")
    document_type: Mapped[DocumentType] = relationship(lazy="joined")
    required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    def __str__(self) -> str:
        return f"{self.document_type} ({'obligatoire' if self.required else 'facultatif'})"


class CampaignFile(Model):
    """A file families can download during the campaign (rules, SEPA mandate form…)."""

    __tablename__ = "campaign_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = fk("reenrolment_campaign.id", ondelete="CASCADE")
    campaign: Mapped[ReenrolmentCampaign] = relationship(back_populates="files")
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    original_name: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(60), nullable=False)
    size_bytes: Mapped[int] = mapped_column(nullable=False)

    def __str__(self) -> str:
        return self.title


class CourseOption(Model):
    """A next-year course offered for a discipline during a campaign, with its capacity."""

    __tablename__ = "course_option"
    __table_args__ = (
        UniqueConstraint("campaign_id", "course_id"),
        CheckConstraint("capacity > 0", name="ck_course_option_capacity"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = fk("reenrolment_campaign.id", ondelete="CASCADE")
    campaign: Mapped[ReenrolmentCampaign] = relationship(back_populates="options")
    discipline_id: Mapped[int] = fk("discipline.id")
    discipline: Mapped[Discipline] = relationship()
    course_id: Mapped[int] = fk("course.id")
    course: Mapped[Course] = relationship()
    site_id: Mapped[int] = fk("site.id")
    site: Mapped[Site] = relationship()
    label: Mapped[str] = mapped_column(String(160), nullable=False)
    capacity: Mapped[int] = mapped_column(nullable=False)

    def __str__(self) -> str:
        return self.label


class ReenrolmentRequest(Model):
    __tablename__ = "reenrolment_request"
    __table_args__ = (
        UniqueConstraint("student_id", "campaign_id", name="uq_reenrolment_student_campaign"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'validated', 'rejected', 'declined')",
            name="ck_reenrolment_status",
        ),
        CheckConstraint("step_reached BETWEEN 0 AND 6", name="ck_reenrolment_step"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = fk("student.id")
    student: Mapped[Student] = relationship()
    campaign_id: Mapped[int] = fk("reenrolment_campaign.id")
    campaign: Mapped[ReenrolmentCampaign] = relationship()
    wants: Mapped[bool | None] = mapped_column(Boolean)
    step_reached: Mapped[int] = mapped_column(nullable=False, default=0)
    image_rights: Mapped[bool | None] = mapped_column(Boolean)
    information: Mapped[str | None] = mapped_column(Text)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="draft", index=True)
    created_at: Mapped[dt.datetime] = created_at()
    updated_by_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    reviewer_id: Mapped[int | None] = fk("ab_user.id", nullable=True)
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = version_column()
    __mapper_args__ = {"version_id_col": version}

    choices: Mapped[list[ReenrolmentChoice]] = relationship(back_populates="request")

    def __str__(self) -> str:
        return f"{self.student} — {self.campaign}"


class ReenrolmentChoice(Model):
    """Per current discipline: renew or not, and the chosen offered course."""

    __tablename__ = "reenrolment_choice"
    __table_args__ = (UniqueConstraint("request_id", "discipline_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = fk("reenrolment_request.id", ondelete="CASCADE")
    request: Mapped[ReenrolmentRequest] = relationship(back_populates="choices")
    discipline_id: Mapped[int] = fk("discipline.id")
    discipline: Mapped[Discipline] = relationship()
    renew: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    course_option_id: Mapped[int | None] = fk("course_option.id", nullable=True)
    course_option: Mapped[CourseOption | None] = relationship()

    def __str__(self) -> str:
        return f"{self.discipline}: {self.course_option or '—'}"
