"""Helpers for the billing tests: demo records by name."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from school.extensions import db
from school.models import Document, DocumentType, Family, SchoolYear, Student


def family(reference: str) -> Family:
    return db.session.scalar(select(Family).where(Family.reference == reference))


def student(first_name: str) -> Student:
    return db.session.scalar(select(Student).where(Student.first_name == first_name))


def year(start: int) -> SchoolYear:
    return db.session.scalar(select(SchoolYear).where(SchoolYear.label == f"{start}/{start + 1}"))


def add_certificate(fam: Family, tranche: int, *, uploaded: dt.datetime, status: str = "validated") -> Document:
    """Attach a quotient-familial certificate to ``fam``."""
    doc_type = db.session.scalar(select(DocumentType).where(DocumentType.is_quotient_certificate.is_(True)))
    document = Document(document_type=doc_type, family=fam, stored_name=uuid.uuid4().hex,
                        original_name="attestation-caf.pdf", content_type="application/pdf", size_bytes=1000,
                        uploaded_at=uploaded, status=status, qf_tranche=tranche)
    db.session.add(document)
    db.session.flush()
    return document


@pytest.fixture
def ztest(app) -> Family:  # type: ignore[no-untyped-def]
    return family("F00001")


@pytest.fixture
def zdemo(app) -> Family:  # type: ignore[no-untyped-def]
    return family("F00002")
