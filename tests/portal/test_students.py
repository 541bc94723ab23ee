"""Elèves: selector, Identité (change requests, image rights, school level), Cours, Historique, Répertoire."""
from __future__ import annotations

import pytest

from school.extensions import db
from school.models import (
    Absence, ChangeRequest, Enrolment, Evaluation, ImageRightsConsent, SchoolLevel, Student, YearResult,
)
from school.services import change_requests
from school.services.accounts import security_manager

STUDENT_FORM = {
    "civility": "Monsieur", "last_name": "Z-TEST", "first_name": "Essai", "birth_date": "2016-01-01",
    "birth_place": "", "birth_department": "", "family_situation": "", "use_guardian_address": "1",
    "address": "6 rue de Verdun", "address_extra": "", "postal_code": "35500", "city": "VITRE",
    "phone_home": "", "phone_mobile": "", "phone_work": "", "email": "test@vitrecommunaute.org",
    "emergency_contact": "Z-TEST Marie", "emergency_phone": "0601020304", "school_level": "CM1",
}


@pytest.fixture
def essai(app) -> Student:
    return db.session.query(Student).filter_by(last_name="Z-TEST").one()


def test_students_page_opens_the_first_pupil_and_the_selector_works_without_js(client, auth, essai):
    auth.portal_login("ztest1")
    response = client.get("/portail/eleves")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/eleves/{essai.id}/identite")
    assert client.get(f"/portail/eleves?eleve={essai.id}").status_code == 302
    lea = db.session.query(Student).filter_by(first_name="Léa").one()
    assert client.get(f"/portail/eleves?eleve={lea.id}").status_code == 404


def test_identity_tab_shows_every_student_field(client, auth, essai):
    auth.portal_login("ztest1")
    html = client.get(f"/portail/eleves/{essai.id}/identite").get_data(as_text=True)
    for label in ("Civilité", "Nom", "Prénom", "Date de naissance", "Lieu de naissance", "Département de naissance",
                  "Situation familiale", "Utiliser les coordonnées du responsable légal", "Adresse", "Code postal",
                  "Ville", "Tél domicile", "Mobile", "Tél pro", "E-mail", "Personne à prévenir en cas d&#39;urgence",
                  "Droit à l'image — année 2026/2027", "Niveau scolaire 2026/2027"):
        assert label in html, label
    assert "article 9 du Code civil" in html
    assert 'name="image_rights" value="oui"' in html and 'name="image_rights" value="non"' in html
    assert '<option value="CM1" selected>CM1</option>' in html
    for tab in ("Identité", "Cours", "Historique", "Répertoire", "Réinscription"):
        assert f">{tab}</a>" in html
    assert '<select id="eleve" name="eleve">' in html


def test_identity_change_goes_through_a_request_and_image_rights_are_recorded(client, auth, essai):
    auth.portal_login("ztest1")
    response = client.post(f"/portail/eleves/{essai.id}/identite",
                           data={**STUDENT_FORM, "birth_date": "02/01/2016", "image_rights": "non",
                                 "school_level": "CM2"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "attend la validation du secrétariat" in html
    assert "La fiche de l&#39;élève est en attente de validation par le secrétariat." in html
    assert 'aria-describedby="birth_date-pending"' in html
    db.session.refresh(essai)
    assert str(essai.birth_date) == "2016-01-01"
    assert change_requests.requested_values(essai) == {"birth_date": "2016-01-02"}
    consent = db.session.query(ImageRightsConsent).filter_by(student_id=essai.id).one()
    user = security_manager().find_user(username="ztest1")
    assert (consent.granted, consent.answered_by_id, consent.text_version) == (False, user.id, 1)
    assert db.session.query(SchoolLevel).filter_by(student_id=essai.id).one().level == "CM2"
    assert 'id="image_rights_non" name="image_rights" value="non" checked' in html


def test_unchecking_use_guardian_address_is_a_change(client, auth, essai):
    auth.portal_login("ztest1")
    form = {k: v for k, v in STUDENT_FORM.items() if k != "use_guardian_address"}
    client.post(f"/portail/eleves/{essai.id}/identite", data=form)
    assert change_requests.requested_values(essai) == {"use_guardian_address": "false"}


def test_student_required_fields_and_formats(client, auth, essai):
    auth.portal_login("ztest1")
    response = client.post(f"/portail/eleves/{essai.id}/identite",
                           data={**STUDENT_FORM, "first_name": "", "emergency_phone": "12", "image_rights": "peut-être"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="field-error" id="first_name-error">Ce champ est obligatoire.</p>' in html
    assert "Numéro de téléphone invalide" in html
    assert "Répondez Oui ou Non au droit à l&#39;image." in html
    assert db.session.query(ChangeRequest).count() == 0


def test_courses_tab_matches_the_guide(client, auth, essai):
    auth.portal_login("ztest1")
    html = client.get(f"/portail/eleves/{essai.id}/cours").get_data(as_text=True)
    for cell in ("Culture musicale 1C2", "BLANCHARD Laura", "1er cycle", "Berlioz (Vitré)", "Lundi", "17:00", "01:15"):
        assert f">{cell}<" in html, cell
    assert "Culture musicale 1C1" not in html  # last year's course is in Historique


def test_course_evaluations_absences_and_details(client, auth, essai):
    auth.portal_login("ztest1")
    enrolment = db.session.query(Enrolment).filter_by(student_id=essai.id).join(Enrolment.course).filter_by(
        label="Culture musicale 1C2").one()
    assert "Jour" in client.get(f"/portail/eleves/cours/{enrolment.id}").get_data(as_text=True)
    evaluations = client.get(f"/portail/eleves/cours/{enrolment.id}/evaluations").get_data(as_text=True)
    assert "Contrôle rythmique" in evaluations and "Lecture de notes" in evaluations
    assert "Examen de fin d&#39;année" not in evaluations
    evaluation = db.session.query(Evaluation).filter_by(name="Lecture de notes").one()
    detail = client.get(f"/portail/eleves/evaluations/{evaluation.id}").get_data(as_text=True)
    for text in ("Nom d'évaluation", "23/11/2026", "Lecture", "<dd>12</dd>", "<dd>20</dd>", "<dd>2</dd>",
                 "Assez bien", "Des progrès à faire en clé de fa.", "Choix", "Absent", "Motif"):
        assert text in detail, text
    absences = client.get(f"/portail/eleves/cours/{enrolment.id}/absences").get_data(as_text=True)
    assert "05/10/2026" in absences and "Malade" in absences
    absence = db.session.query(Absence).filter_by(reason="Malade").one()
    assert "Excusée" in client.get(f"/portail/eleves/absences/{absence.id}").get_data(as_text=True)


def test_history_and_result_sheet(client, auth, essai):
    auth.portal_login("ztest1")
    html = client.get(f"/portail/eleves/{essai.id}/historique").get_data(as_text=True)
    for cell in ("2025/2026", "Culture musicale générale", "CMG MAA Niveau 1", "1er cycle", "GROSS Florent"):
        assert cell in html, cell
    result = db.session.query(YearResult).filter_by(student_id=essai.id).one()
    sheet = client.get(f"/portail/eleves/historique/{result.id}").get_data(as_text=True)
    for text in ("Premier instrument", "3 / 5", "Moyenne lettrée", "Bien", "Année sérieuse.", "Admis",
                 "CMG MAA Niveau 2", "Examen de fin d&#39;année", "Dictée musicale", "Maladie"):
        assert text in sheet, text


def test_repertoire_by_year(client, auth, essai):
    auth.portal_login("ztest1")
    html = client.get(f"/portail/eleves/{essai.id}/repertoire").get_data(as_text=True)
    assert html.index("Répertoire 2026/2027") < html.index("Répertoire 2025/2026")
    assert "Claude Debussy" in html and "Menuet en sol majeur" in html


def test_another_familys_pupil_is_404_on_every_tab(client, auth):
    auth.portal_login("ztest1")
    lea = db.session.query(Student).filter_by(first_name="Léa").one()
    for tab in ("identite", "cours", "historique", "repertoire"):
        response = client.get(f"/portail/eleves/{lea.id}/{tab}")
        assert response.status_code == 404
        assert "Léa" not in response.get_data(as_text=True)
    assert client.post(f"/portail/eleves/{lea.id}/identite", data=STUDENT_FORM).status_code == 404
    assert db.session.query(ChangeRequest).count() == 0
