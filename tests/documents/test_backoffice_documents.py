"""The secretariat's documents queue: list, open the file, validate (QF tranche) or refuse (reason)."""
from __future__ import annotations

import html

from sqlalchemy import select

from school.extensions import db
from school.models import Document, DocumentType, Family, OutboxMessage
from school.services import documents
from tests.fixtures.files import minimal_pdf, upload


def text(response) -> str:  # type: ignore[no-untyped-def]
    """Return the page as a reader sees it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def _qf_document() -> Document:
    family = db.session.scalars(select(Family).where(Family.reference == "F00001")).one()
    qf = db.session.scalars(select(DocumentType).where(DocumentType.is_quotient_certificate.is_(True))).one()
    doc = documents.store_upload(family, None, qf, upload(minimal_pdf(), "attestation.pdf"), author=None)
    db.session.commit()
    return doc


def test_queue_show_and_open_the_file(client, auth):
    doc = _qf_document()
    auth.staff_login("secretariat")
    assert "attestation.pdf" in text(client.get("/documents/list/"))
    page = text(client.get(f"/documents/show/{doc.id}"))
    assert "Tranche de quotient familial" in page and "Motif du refus" in page
    response = client.get(f"/documents/file/{doc.id}")
    assert response.status_code == 200 and response.data == minimal_pdf()
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_validate_qf_certificate_with_tranche(client, auth):
    doc = _qf_document()
    auth.staff_login("secretariat")
    page = text(client.post(f"/documents/review/{doc.id}", data={"decision": "validate"}, follow_redirects=True))
    assert "Indiquez la tranche de quotient familial" in page
    client.post(f"/documents/review/{doc.id}", data={"decision": "validate", "qf_tranche": "3"})
    db.session.expire_all()
    doc = db.session.get(Document, doc.id)
    assert doc.status == "validated" and doc.family.qf_tranche == 3
    assert db.session.scalars(select(OutboxMessage)).one().recipient == "test@vitrecommunaute.org"


def test_refuse_requires_a_reason(client, auth):
    doc = _qf_document()
    auth.staff_login("secretariat")
    page = text(client.post(f"/documents/review/{doc.id}", data={"decision": "refuse"}, follow_redirects=True))
    assert "Indiquez le motif du refus" in page
    client.post(f"/documents/review/{doc.id}", data={"decision": "refuse", "reason": "Plus de 4 mois"})
    db.session.expire_all()
    assert db.session.get(Document, doc.id).status == "refused"


def test_family_cannot_open_the_staff_route(client, auth):
    doc = _qf_document()
    auth.portal_login("ztest1")
    response = client.get(f"/documents/file/{doc.id}")
    assert response.status_code in (302, 403) and response.data != minimal_pdf()
