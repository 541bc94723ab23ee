"""Famille › Mes documents over HTTP: list, import with French errors, consult, delete, other families."""
from __future__ import annotations

import html

import io

import pytest

from sqlalchemy import select

from school.extensions import db
from school.models import Document, DocumentType
from tests.fixtures.files import executable, minimal_pdf, png


def text(response) -> str:  # type: ignore[no-untyped-def]
    """Return the page as a reader sees it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def _type_id(start: str) -> int:
    return db.session.scalars(select(DocumentType.id).where(DocumentType.name.startswith(start))).one()


def _post(client, data: bytes, name: str, type_start: str = "Attestation de quotient", **extra):  # type: ignore[no-untyped-def]
    return client.post("/portail/famille/documents", data={
        "document_type_id": str(_type_id(type_start)), "file": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data")


def test_page_lists_the_pieces_to_provide(client, auth):
    auth.portal_login("ztest1")
    page = text(client.get("/portail/famille/documents"))
    assert "<caption>" in page and "Nom du document" in page and "Taille (Mo)" in page
    assert "Attestation de quotient familial de moins de 4 mois" in page and "A fournir" in page
    assert "La taille maximale autorisée pour chaque pièce justificative est fixée à 2 Mo." in page
    assert "CAF, MSA" in page  # the admin's instructions text


def test_import_consult_and_delete(client, auth, app):
    auth.portal_login("ztest1")
    response = _post(client, minimal_pdf(), "attestation.pdf")
    assert response.status_code == 302
    page = text(client.get("/portail/famille/documents"))
    assert "attestation.pdf" in page and "Déposé" in page and "0,00" in page
    doc = db.session.scalars(select(Document)).one()
    download = client.get(f"/portail/famille/documents/{doc.id}/fichier")
    assert download.status_code == 200 and download.data == minimal_pdf()
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert client.post(f"/portail/famille/documents/{doc.id}/supprimer").status_code == 302
    assert db.session.query(Document).count() == 0


def test_refused_files_keep_the_form_with_french_messages(client, auth):
    auth.portal_login("ztest1")
    response = _post(client, executable(), "attestation.pdf")
    assert response.status_code == 422
    page = text(response)
    assert "ni un PDF ni une image" in page and 'aria-describedby="upload-notice upload-file-error"' in page
    assert f'<option value="{_type_id("Attestation de quotient")}" selected>' in page
    assert _post(client, b"plain text", "photo.png").status_code == 422
    big = minimal_pdf() + b"%" * (2 * 1024 * 1024)
    response = _post(client, big, "gros.pdf")
    assert response.status_code == 422 and "taille maximale autorisée (2 Mo)" in text(response)
    response = client.post("/portail/famille/documents", data={"document_type_id": ""},
                           content_type="multipart/form-data")
    page = text(response)
    assert response.status_code == 422 and "Choisissez le type de document." in page
    assert "Choisissez un fichier à importer." in page
    assert db.session.query(Document).count() == 0


def test_request_over_the_limit_gets_a_french_413(client, auth):
    auth.portal_login("ztest1")
    response = _post(client, b"%PDF-" + b"0" * (3 * 1024 * 1024), "enorme.pdf")
    assert response.status_code == 413
    assert "Le fichier dépasse la taille maximale autorisée (2 Mo)" in text(response)


def test_another_family_gets_404(client, auth):
    auth.portal_login("ztest1")
    _post(client, png(), "rib.png", "Relevé")
    doc = db.session.scalars(select(Document)).one()
    auth.portal_logout()
    auth.portal_login("zdemo2")
    assert client.get(f"/portail/famille/documents/{doc.id}/fichier").status_code == 404
    assert client.post(f"/portail/famille/documents/{doc.id}/supprimer").status_code == 404
    assert "rib.png" not in text(client.get("/portail/famille/documents"))
    assert db.session.query(Document).count() == 1


def test_validated_document_cannot_be_deleted(client, auth):
    auth.portal_login("ztest1")
    _post(client, png(), "rib.png", "Relevé")
    doc = db.session.scalars(select(Document)).one()
    doc.status = "validated"
    db.session.commit()
    page = text(client.get("/portail/famille/documents"))
    assert "Validé" in page and f"/documents/{doc.id}/supprimer" not in page
    response = client.post(f"/portail/famille/documents/{doc.id}/supprimer", follow_redirects=True)
    assert "ne peut plus être supprimé" in text(response)
    assert db.session.query(Document).count() == 1


def test_student_scoped_type_asks_for_the_pupil(client, auth):
    auth.portal_login("ztest1")
    response = _post(client, minimal_pdf(), "certificat.pdf", "Certificat médical")
    assert response.status_code == 422 and "Choisissez l'élève concerné" in text(response)


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_oversized_request_with_csrf_on_still_gets_the_french_page(client, app_overrides):
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', text(client.get("/portail/connexion"))).group(1)
    client.post("/portail/connexion", data={"username": "ztest1", "password": "Famille-Demo-2026",
                                            "csrf_token": token})
    response = client.post("/portail/famille/documents", data={
        "file": (io.BytesIO(b"%PDF-" + b"0" * (3 * 1024 * 1024)), "enorme.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 413
    page = text(response)
    assert "Le fichier dépasse la taille maximale autorisée (2 Mo)" in page and "Mes documents" in page
    # Without its token, a normal-sized import is refused and nothing is stored.
    response = _post(client, minimal_pdf(), "a.pdf")
    assert response.status_code == 400 and db.session.query(Document).count() == 0
