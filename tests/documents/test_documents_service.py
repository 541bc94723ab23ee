"""Document rules: content checks, safe storage, atomic file and row, consultation rights, review."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from school.errors import DomainError
from school.extensions import db
from school.models import Document, DocumentType, Family, OutboxMessage, Student
from school.services import documents
from tests.fixtures.files import executable, minimal_pdf, pdf_with_javascript, png, upload


def _family(reference: str) -> Family:
    return db.session.scalars(select(Family).where(Family.reference == reference)).one()


def _type(name_start: str) -> DocumentType:
    return db.session.scalars(select(DocumentType).where(DocumentType.name.startswith(name_start))).one()


def _user(username: str):  # type: ignore[no-untyped-def]
    from flask_appbuilder.security.sqla.models import User

    return db.session.scalars(select(User).where(User.username == username)).one()


def _files(app) -> list[str]:  # type: ignore[no-untyped-def]
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_pdf_is_stored_under_a_random_name_after_commit(app):
    family, qf = _family("F00001"), _type("Attestation de quotient")
    doc = documents.store_upload(family, None, qf, upload(minimal_pdf(), "attestation CAF.pdf"), author=_user("ztest1"))
    assert _files(app) == [f".tmp-{doc.stored_name}"]  # not in place before the commit
    db.session.commit()
    assert _files(app) == [doc.stored_name]
    assert len(doc.stored_name) == 32 and doc.original_name == "attestation CAF.pdf"
    assert doc.content_type == "application/pdf" and doc.status == "deposited"
    assert Path(app.config["UPLOAD_FOLDER"], doc.stored_name).read_bytes() == minimal_pdf()


def test_png_is_accepted_by_content(app):
    doc = documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(png(), "rib.png", "image/png"),
                                 author=None)
    assert doc.content_type == "image/png"


@pytest.mark.parametrize(("data", "name"), [
    (executable(), "attestation.pdf"),
    (b"Ceci est un simple texte.\n", "photo.png"),
])
def test_content_decides_not_the_name(app, data, name):
    with pytest.raises(DomainError, match="ni un PDF ni une image"):
        documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(data, name), author=None)
    db.session.rollback()
    assert _files(app) == [] and db.session.query(Document).count() == 0


def test_two_megabytes_plus_one_byte_is_refused(app):
    data = minimal_pdf()
    data += b"%" * (2 * 1024 * 1024 + 1 - len(data))
    with pytest.raises(DomainError, match="taille maximale autorisée \\(2 Mo\\)"):
        documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(data, "gros.pdf"), author=None)
    exactly = data[:-1]
    assert documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(exactly, "juste.pdf"),
                                  author=None).size_bytes == 2 * 1024 * 1024


def test_pdf_with_javascript_is_refused(app):
    with pytest.raises(DomainError, match="contenu actif"):
        documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(pdf_with_javascript(), "a.pdf"),
                               author=None)


def test_hidden_or_compressed_active_content_is_found():
    import zlib

    assert documents.pdf_has_active_content(minimal_pdf(b"/Names << /J#61vaScript 5 0 R >> "))
    hidden = b"%PDF-1.5\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + zlib.compress(
        b"<< /S /Launch /F (cmd.exe) >>") + b"\nendstream\nendobj\n"
    assert documents.pdf_has_active_content(hidden)
    assert not documents.pdf_has_active_content(minimal_pdf())


def test_path_in_the_name_is_kept_only_as_data(app):
    doc = documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(minimal_pdf(), "../../app.py"),
                                 author=None)
    db.session.commit()
    assert doc.original_name == "app.py"
    assert _files(app) == [doc.stored_name]
    assert Path(app.root_path, "app.py").read_bytes() != minimal_pdf()
    assert documents.display_name("..\\..\\x\u202e.pdf", "pdf") == "x.pdf"


def test_format_not_accepted_by_the_type(app):
    rib = _type("Relevé")
    rib.accepted_formats = "pdf"
    with pytest.raises(DomainError, match="format n'est pas accepté"):
        documents.store_upload(_family("F00001"), None, rib, upload(png(), "rib.png"), author=None)


def test_student_scoped_type_needs_a_pupil_of_the_family(app):
    medical = _type("Certificat médical")
    with pytest.raises(DomainError, match="Choisissez l'élève"):
        documents.store_upload(_family("F00001"), None, medical, upload(minimal_pdf(), "c.pdf"), author=None)
    lea = db.session.scalars(select(Student).where(Student.first_name == "Léa")).one()
    with pytest.raises(DomainError, match="n'appartient pas"):
        documents.store_upload(_family("F00001"), lea, medical, upload(minimal_pdf(), "c.pdf"), author=None)


def test_failed_commit_leaves_no_orphan_file(app):
    family = _family("F00001")
    doc = documents.store_upload(family, None, _type("Relevé"), upload(minimal_pdf(), "rib.pdf"), author=None)
    # A second row with the same stored name makes the commit fail.
    db.session.add(Document(document_type=doc.document_type, family=family, stored_name=doc.stored_name,
                            original_name="x", content_type="application/pdf", size_bytes=1,
                            uploaded_at=doc.uploaded_at, status="deposited"))
    with pytest.raises(Exception):
        db.session.commit()
    db.session.rollback()
    assert _files(app) == []
    assert db.session.query(Document).count() == 0


def test_rollback_leaves_no_orphan_file(app):
    documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(minimal_pdf(), "rib.pdf"), author=None)
    db.session.rollback()
    assert _files(app) == []


def test_family_deletes_until_validated(app):
    family = _family("F00001")
    doc = documents.store_upload(family, None, _type("Relevé"), upload(minimal_pdf(), "rib.pdf"), author=None)
    db.session.commit()
    name = doc.stored_name
    documents.delete_document(doc, author=None)
    assert _files(app) == [name]  # still there until the commit
    db.session.commit()
    assert _files(app) == [] and db.session.query(Document).count() == 0

    doc = documents.store_upload(family, None, _type("Relevé"), upload(minimal_pdf(), "rib.pdf"), author=None)
    documents.review(doc, reviewer=_user("secretariat"), accept=True)
    db.session.commit()
    with pytest.raises(DomainError, match="ne peut plus être supprimé"):
        documents.delete_document(doc, author=None)


def test_validating_a_qf_certificate_needs_the_tranche_and_updates_the_family(app):
    family = _family("F00001")
    doc = documents.store_upload(family, None, _type("Attestation de quotient"), upload(minimal_pdf(), "qf.pdf"),
                                 author=None)
    staff = _user("secretariat")
    with pytest.raises(DomainError, match="tranche"):
        documents.review(doc, reviewer=staff, accept=True)
    with pytest.raises(DomainError, match="tranche"):
        documents.review(doc, reviewer=staff, accept=True, qf_tranche=7)
    documents.review(doc, reviewer=staff, accept=True, qf_tranche=2)
    db.session.commit()
    assert doc.status == "validated" and doc.qf_tranche == 2 and family.qf_tranche == 2
    assert doc.reviewed_by_id == staff.id and doc.reviewed_at is not None
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == "test@vitrecommunaute.org" and "validé" in mail.subject
    with pytest.raises(DomainError, match="déjà été traité"):
        documents.review(doc, reviewer=staff, accept=False, reason="x")


def test_refusing_needs_a_reason_sent_to_the_family(app):
    doc = documents.store_upload(_family("F00001"), None, _type("Relevé"), upload(minimal_pdf(), "rib.pdf"),
                                 author=None)
    staff = _user("secretariat")
    with pytest.raises(DomainError, match="motif"):
        documents.review(doc, reviewer=staff, accept=False, reason="  ")
    documents.review(doc, reviewer=staff, accept=False, reason="Document illisible")
    db.session.commit()
    assert doc.status == "refused" and doc.comment == "Document illisible"
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert "Document illisible" in mail.body_text


def test_rows_list_missing_pieces_and_documents(app):
    from school.services.campaigns import open_campaign

    family = _family("F00001")
    campaign = open_campaign()
    rows = documents.document_rows(family, campaign)
    assert [(r.type_name, r.status_label) for r in rows] == [
        ("Attestation de quotient familial de moins de 4 mois", "A fournir"),
        ("Formulaire de demande de Prélèvement Automatique", "A fournir"),
        ("Relevé d'Identité bancaire", "A fournir"),
    ]
    assert documents.missing_required(family, campaign) == ["Attestation de quotient familial de moins de 4 mois"]
    data = minimal_pdf() + b"%" * 367000
    documents.store_upload(family, None, _type("Attestation de quotient"), upload(data, "qf.pdf"), author=None)
    rows = documents.document_rows(family, campaign)
    deposited = [r for r in rows if r.document is not None][0]
    assert (deposited.status_label, deposited.size, deposited.can_delete) == ("Déposé", "0,35", True)
    assert documents.missing_required(family, campaign) == []
