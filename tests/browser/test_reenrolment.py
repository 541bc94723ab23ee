"""A parent re-enrols a pupil in Chromium through the six steps; the secretariat validates it.

axe-core checks every wizard step, including its error state.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from school.extensions import db
from school.models import Enrolment, SchoolYear
from tests.browser.conftest import assert_no_axe_violations
from tests.fixtures.files import executable, minimal_pdf, png
from tests.reenrolment.helpers import student

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

QF = "Attestation de quotient familial de moins de 4 mois"
RIB = "Relevé d'Identité bancaire"


def _import(page, type_name: str, name: str, mime: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Nom du document").select_option(label=type_name)
    page.get_by_label("Choisir un fichier").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.get_by_role("button", name="Importer").click()


def test_parent_reenrols_and_secretariat_validates(page, live_server, smtp_server):
    essai_id = student("Essai").id
    page.goto("/portail/connexion")
    page.get_by_label("Identifiant").fill("ztest1")
    page.get_by_label("Mot de passe", exact=True).fill("Famille-Demo-2026")
    page.get_by_role("button", name="Se connecter").click()

    page.goto(f"/portail/eleves/{essai_id}/reinscription")
    assert "Jusqu'au 17/02/2027 à 00:00" in page.content()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Je souhaite réinscrire Essai Z-TEST").click()

    # Step 1: a required field emptied, then restored.
    assert page.title().startswith("Étape 1 sur 6 — Réinscription")
    assert page.locator('[aria-current="step"]').inner_text().strip().endswith("Modification des coordonnées")
    assert_no_axe_violations(page)
    city = page.locator("input[name$='-city']").first
    city.fill("")
    page.get_by_role("button", name="Passer à l'étape suivante").click()
    assert page.title().startswith("Erreur — Étape 1 sur 6")
    assert "Ce champ est obligatoire." in page.get_by_role("alert").first.inner_text()
    assert_no_axe_violations(page)
    page.locator("input[name$='-city']").first.fill("VITRE")
    page.get_by_role("button", name="Passer à l'étape suivante").click()

    # Step 2: an explicit answer is required.
    assert page.title().startswith("Étape 2 sur 6")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Passer à l'étape suivante").click()
    assert "Répondez Oui ou Non au droit à l'image." in page.locator("#image_rights-error").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Oui, j'autorise").check()
    page.get_by_role("button", name="Passer à l'étape suivante").click()

    # Step 3: a renamed executable and a 3 MB file are refused; a PDF and a PNG are accepted.
    assert page.title().startswith("Étape 3 sur 6")
    assert_no_axe_violations(page)
    _import(page, QF, "attestation.pdf", "application/pdf", executable())
    assert "ni un PDF ni une image" in page.locator("#upload-file-error").inner_text()
    assert page.title().startswith("Erreur — Étape 3 sur 6")
    assert_no_axe_violations(page)
    _import(page, QF, "scan.pdf", "application/pdf", minimal_pdf() + b"%" * (3 * 1024 * 1024))
    assert "taille maximale autorisée (2 Mo)" in page.locator("#upload-file-error").inner_text()
    assert_no_axe_violations(page)
    _import(page, QF, "attestation-caf.pdf", "application/pdf", minimal_pdf())
    _import(page, RIB, "rib.png", "image/png", png())
    table = page.locator("table.documents-table").inner_text()
    assert "attestation-caf.pdf" in table and "rib.png" in table and "Déposé" in table
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Passer à l'étape suivante").click()

    # Step 4: renewing without choosing a course is an error.
    assert page.title().startswith("Étape 4 sur 6")
    assert_no_axe_violations(page)
    page.get_by_label("Réinscription en Culture musicale").check()
    page.get_by_role("button", name="Passer à l'étape suivante").click()
    assert "Choisissez le cours souhaité pour « Culture musicale »" in page.content()
    assert_no_axe_violations(page)
    page.get_by_label("Cours disponible en Culture musicale").select_option(label="Culture musicale 1C3 - Vitré")
    page.get_by_label("Information complémentaire").fill("Le lundi de préférence.")
    page.get_by_role("button", name="Passer à l'étape suivante").click()

    # Step 5: "J'accepte" is required.
    assert page.title().startswith("Étape 5 sur 6")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Valider").click()
    assert "Cochez « J'accepte »" in page.locator("#accept-error").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("J'accepte").check()
    page.get_by_role("button", name="Valider").click()

    # Step 6: confirmation on screen and by e-mail.
    assert page.title().startswith("Étape 6 sur 6")
    assert "Réinscription en attente de validation" in page.locator("#reenrolment-status").inner_text()
    assert_no_axe_violations(page)
    [mail] = [m for m in smtp_server.to("test@vitrecommunaute.org") if "réinscription" in m.subject.lower()]
    assert "Culture musicale 1C3 - Vitré" in mail.text

    # The secretariat validates the documents, then the request.
    page.get_by_role("button", name="Déconnexion").click()
    page.goto("/login/")
    page.locator("input[name=username]").fill("secretariat")
    page.locator("input[name=password]").fill("Secretariat-Demo-2026")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()
    page.goto("/documents/list/")
    assert "attestation-caf.pdf" in page.content()
    from school.models import Document

    qf_doc, rib_doc = (db.session.scalars(select(Document).where(Document.original_name == name)).one()
                       for name in ("attestation-caf.pdf", "rib.png"))
    page.goto(f"/documents/show/{qf_doc.id}")
    page.get_by_label("Tranche de quotient familial (obligatoire)").select_option("2")
    page.get_by_role("button", name="Valider le document").click()
    page.goto(f"/documents/show/{rib_doc.id}")
    page.get_by_role("button", name="Valider le document").click()
    page.goto("/reinscriptions/demandes/file-attente/?status=submitted")
    page.get_by_role("link", name="Ouvrir").click()
    page.get_by_role("button", name="Valider la réinscription").click()
    page.get_by_text("Réinscription de Z-TEST Essai validée").wait_for()

    db.session.expire_all()
    enrolment = db.session.scalars(select(Enrolment).join(Enrolment.school_year).where(
        SchoolYear.label == "2027/2028", Enrolment.student_id == essai_id)).one()
    assert enrolment.course.label == "Culture musicale 1C3 - Vitré" and enrolment.status == "active"
    assert qf_doc.family.qf_tranche == 2
    assert any("validée" in m.subject for m in smtp_server.to("test@vitrecommunaute.org"))
