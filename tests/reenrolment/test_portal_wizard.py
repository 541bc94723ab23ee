"""The re-enrolment wizard over HTTP: choice, every step with its error state, order, deadline, access."""
from __future__ import annotations

import html

import datetime as dt
import io

import pytest
from sqlalchemy import select

from school import clock
from school.extensions import db
from school.models import ChangeRequest, DocumentType, ImageRightsConsent, OutboxMessage, ReenrolmentRequest
from tests.fixtures.files import executable, minimal_pdf
from tests.reenrolment.helpers import option, student


def text(response) -> str:  # type: ignore[no-untyped-def]
    """Return the page as a reader sees it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def _base(first_name: str = "Essai") -> str:
    return f"/portail/eleves/{student(first_name).id}/reinscription"


def _identity_form(page_student) -> dict[str, str]:  # type: ignore[no-untyped-def]
    family = page_student.family
    data = {}
    for guardian in family.guardians:
        for field in ("civility", "last_name", "first_name", "address", "postal_code", "city", "email",
                      "phone_home", "birth_date", "family_situation", "pcs_code", "profession"):
            value = getattr(guardian, field)
            data[f"g{guardian.id}-{field}"] = value.isoformat() if isinstance(value, dt.date) else (value or "")
    for field in ("civility", "last_name", "first_name", "address", "postal_code", "city", "email",
                  "emergency_contact", "emergency_phone", "birth_date"):
        value = getattr(page_student, field)
        data[f"s-{field}"] = value.isoformat() if isinstance(value, dt.date) else (value or "")
    data["s-use_guardian_address"] = "1"
    return data


def _walk_to(client, n: int) -> None:  # type: ignore[no-untyped-def]
    base = _base()
    client.post(base, data={"wants": "oui"})
    if n > 1:
        assert client.post(f"{base}/etape/1", data=_identity_form(student("Essai"))).status_code == 302
    if n > 2:
        assert client.post(f"{base}/etape/2", data={"image_rights": "oui"}).status_code == 302
    if n > 3:
        assert client.post(f"{base}/etape/3").status_code == 302
    if n > 4:
        vitre = option("Culture musicale 1C3 - Vitré")
        assert client.post(f"{base}/etape/4", data={
            f"renew-{vitre.discipline_id}": "1", f"option-{vitre.discipline_id}": str(vitre.id)}).status_code == 302


def test_tab_offers_the_choice_with_the_deadline(client, auth):
    auth.portal_login("ztest1")
    page = text(client.get(_base()))
    assert "Je souhaite réinscrire Essai Z-TEST" in page and "Je ne souhaite pas réinscrire Essai Z-TEST" in page
    assert "Jusqu'au 17/02/2027 à 00:00" in page


def test_declining_is_recorded_and_shown(client, auth):
    auth.portal_login("ztest1")
    response = client.post(_base(), data={"wants": "non"}, follow_redirects=True)
    assert "vous ne souhaitez pas réinscrire Essai Z-TEST" in text(response)
    assert db.session.scalars(select(ReenrolmentRequest)).one().status == "declined"
    assert client.post(_base(), data={"wants": "peut-être"}).status_code == 422


def test_choosing_yes_opens_step_one_prefilled(client, auth):
    auth.portal_login("ztest1")
    response = client.post(_base(), data={"wants": "oui"})
    assert response.headers["Location"].endswith("/reinscription/etape/1")
    page = text(client.get(f"{_base()}/etape/1"))
    assert "<title>Étape 1 sur 6 — Réinscription" in page
    assert 'aria-current="step"' in page and "Modification des coordonnées" in page and "Finalisation" in page
    assert 'value="6 rue de Verdun"' in page and "Passer à l'étape suivante" in page


def test_step_one_errors_then_changes_become_pending(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 1)
    guardian = student("Essai").family.guardians[0]
    data = _identity_form(student("Essai"))
    data[f"g{guardian.id}-city"] = ""
    data[f"g{guardian.id}-postal_code"] = "355"
    response = client.post(f"{_base()}/etape/1", data=data)
    page = text(response)
    assert response.status_code == 422 and "<title>Erreur — Étape 1 sur 6" in page
    assert "Ce champ est obligatoire." in page and "Le code postal doit comporter 5 chiffres." in page
    assert f'aria-describedby="g{guardian.id}-city-error"' in page and 'role="alert"' in page
    data[f"g{guardian.id}-city"] = "RENNES"
    data[f"g{guardian.id}-postal_code"] = "35000"
    assert client.post(f"{_base()}/etape/1", data=data).status_code == 302
    assert db.session.scalars(select(ChangeRequest)).one().status == "pending"
    page = text(client.get(f"{_base()}/etape/1"))
    assert "Eléments modifiés" in page and 'value="RENNES"' in page


def test_step_two_requires_an_explicit_answer(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 2)
    page = text(client.get(f"{_base()}/etape/2"))
    assert "article 9 du Code civil" in page and " checked" not in page
    response = client.post(f"{_base()}/etape/2", data={})
    assert response.status_code == 422
    assert "Répondez Oui ou Non au droit à l'image." in text(response)
    assert client.post(f"{_base()}/etape/2", data={"image_rights": "non"}).status_code == 302
    consent = db.session.scalars(select(ImageRightsConsent)).one()
    assert consent.granted is False and consent.school_year.label == "2027/2028"


def test_step_three_uploads_and_lists_missing_pieces(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 3)
    page = text(client.get(f"{_base()}/etape/3"))
    assert "Pièces obligatoires encore à fournir : Attestation de quotient familial" in page
    qf = db.session.scalars(select(DocumentType.id).where(DocumentType.is_quotient_certificate.is_(True))).one()
    sid = student("Essai").id
    bad = client.post(f"/portail/famille/documents?retour={sid}", data={
        "document_type_id": str(qf), "file": (io.BytesIO(executable()), "qf.pdf")}, content_type="multipart/form-data")
    page = text(bad)
    assert bad.status_code == 422 and "<title>Erreur — Étape 3 sur 6" in page and "ni un PDF ni une image" in page
    good = client.post(f"/portail/famille/documents?retour={sid}", data={
        "document_type_id": str(qf), "file": (io.BytesIO(minimal_pdf()), "qf.pdf")}, content_type="multipart/form-data")
    assert good.headers["Location"].endswith("/reinscription/etape/3")
    page = text(client.get(f"{_base()}/etape/3"))
    assert "qf.pdf" in page and "Pièces obligatoires encore à fournir" not in page


def test_step_four_errors_are_linked_to_fields(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 4)
    fm = option("Culture musicale 1C3 - Vitré").discipline_id
    response = client.post(f"{_base()}/etape/4", data={f"renew-{fm}": "1"})
    page = text(response)
    assert response.status_code == 422 and "Choisissez le cours souhaité pour « Culture musicale »" in page
    assert f'aria-describedby="option-{fm}-error"' in page and f'name="renew-{fm}" value="1" checked' in page
    assert "Culture musicale 1C3 - La Guerche" in page and "NOUVEAU DOSSIER D'INSCRIPTION" in page
    response = client.post(f"{_base()}/etape/4", data={"information": "x" * 2001})
    assert response.status_code == 422 and "2000 caractères" in text(response)


def test_summary_requires_acceptance_and_submit_once(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 5)
    page = text(client.get(f"{_base()}/etape/5"))
    assert "Culture musicale 1C3 - Vitré" in page and "Droit à l'image (2027/2028) : Oui" in page
    assert "J'accepte" in page and "Valider" in page
    response = client.post(f"{_base()}/etape/5", data={})
    assert response.status_code == 422 and "Cochez « J'accepte »" in text(response)
    first = client.post(f"{_base()}/etape/5", data={"accept": "1"})
    second = client.post(f"{_base()}/etape/5", data={"accept": "1"})
    assert first.headers["Location"].endswith("/etape/6") and second.headers["Location"].endswith("/etape/6")
    assert db.session.query(ReenrolmentRequest).count() == 1
    assert db.session.query(OutboxMessage).filter(OutboxMessage.subject.contains("réinscription")).count() == 1
    page = text(client.get(f"{_base()}/etape/6"))
    assert "Réinscription en attente de validation" in page and "Étape 6 sur 6" in page
    assert "Réinscription en attente de validation" in text(client.get(_base()))
    # Nothing can be changed once sent.
    assert client.get(f"{_base()}/etape/2").headers["Location"].endswith("/etape/6")


def test_posting_a_later_step_goes_back_to_the_first_unfinished(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 2)
    response = client.post(f"{_base()}/etape/5", data={"accept": "1"})
    assert response.headers["Location"].endswith("/etape/2")
    assert client.post(f"{_base()}/etape/6").headers["Location"].endswith("/etape/2")
    assert client.get(f"{_base()}/etape/4").headers["Location"].endswith("/etape/2")
    assert db.session.scalars(select(ReenrolmentRequest)).one().status == "draft"


def test_resume_later_from_the_tab(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 3)
    page = text(client.get(_base()))
    assert "Reprendre la réinscription (étape 3 sur 6)" in page


def test_after_the_deadline_nothing_is_accepted(client, auth):
    auth.portal_login("ztest1")
    _walk_to(client, 5)
    clock.freeze(dt.datetime(2027, 2, 17, 0, 0))
    try:
        page = text(client.get(_base()))
        assert "Les réinscriptions sont closes depuis le 17/02/2027 à 00:00." in page
        response = client.post(f"{_base()}/etape/5", data={"accept": "1"})
        assert response.status_code == 409
        assert "Les réinscriptions sont closes depuis le 17/02/2027 à 00:00." in text(response)
        assert client.post(_base(), data={"wants": "non"}).status_code == 409
    finally:
        clock.freeze(None)
    assert db.session.scalars(select(ReenrolmentRequest)).one().status == "draft"


def test_another_family_pupil_is_404(client, auth):
    auth.portal_login("ztest1")
    lea = student("Léa").id
    assert client.get(f"/portail/eleves/{lea}/reinscription").status_code == 404
    assert client.post(f"/portail/eleves/{lea}/reinscription", data={"wants": "oui"}).status_code == 404
    assert client.get(f"/portail/eleves/{lea}/reinscription/etape/1").status_code == 404
    assert client.post(f"/portail/eleves/{lea}/reinscription/etape/5", data={"accept": "1"}).status_code == 404
    assert db.session.query(ReenrolmentRequest).count() == 0


@pytest.mark.parametrize("n", [0, 7])
def test_unknown_step_is_404(client, auth, n):
    auth.portal_login("ztest1")
    assert client.get(f"{_base()}/etape/{n}").status_code == 404
