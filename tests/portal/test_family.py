"""Famille › Identité: the guardian's form, validation errors, change requests and their outcome."""
from __future__ import annotations

import re

import pytest

from school.extensions import db
from school.models import ChangeRequest, Family, Guardian, OutboxMessage
from school.services import change_requests
from school.services.accounts import security_manager

GUARDIAN_FORM = {
    "civility": "Monsieur", "last_name": "Z-TEST", "first_name": "Essai", "birth_date": "1980-01-01",
    "birth_place": "", "birth_department": "", "family_situation": "Marié(e)", "pcs_code": "47",
    "profession": "Technicien", "address": "6 rue de Verdun", "address_extra": "", "postal_code": "35500",
    "city": "VITRE", "phone_home": "0299746864", "phone_mobile": "", "phone_work": "",
    "email": "test@vitrecommunaute.org", "phone_extra1": "", "phone_extra2": "", "phone_extra3": "",
}


def guardian(username: str = "ztest1") -> Guardian:
    user = security_manager().find_user(username=username)
    return db.session.query(Guardian).filter_by(user_id=user.id).one()


def test_identity_tab_shows_every_guide_field_with_required_markers(client, auth):
    auth.portal_login("ztest1")
    html = client.get("/portail/famille").get_data(as_text=True)
    for label in ("Civilité", "Nom", "Prénom", "Date de naissance", "Lieu de naissance", "Département de naissance",
                  "Situation familiale", "Code socio-professionnel", "Profession", "Adresse", "Code postal",
                  "Ville", "Tél domicile", "Mobile", "Tél pro", "E-mail", "Tél supplémentaire"):
        assert f">{label}" in html, label
    assert html.count('id="phone_extra') == 3
    assert "champ obligatoire" in html
    assert re.search(r'id="postal_code" name="postal_code" value="35500" required', html)
    assert 'id="profession" name="profession" value="Technicien" autocomplete' in html
    assert '<option value="47" selected>47 — Techniciens</option>' in html
    assert "Pour toute demande contacter le secrétariat : 02 99 74 68 64" in html
    assert "Mes documents" in html and "/portail/mes-donnees" in html


def test_saving_queues_a_request_with_marker_and_acknowledgement(client, auth):
    auth.portal_login("ztest1")
    response = client.post("/portail/famille", data={**GUARDIAN_FORM, "phone_mobile": "06 12 34 56 78"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "attend la validation du secrétariat" in html
    assert "en attente de validation par le secrétariat" in html
    assert 'value="0612345678"' in html
    assert 'aria-describedby="phone_mobile-pending"' in html
    assert "Modifié<span class=\"visually-hidden\">, en attente de validation</span>" in html
    record = guardian()
    db.session.refresh(record)
    assert record.phone_mobile is None  # the record itself is untouched
    request = change_requests.pending_for(record)
    assert [(f.field, f.old_value, f.new_value) for f in request.fields] == [("phone_mobile", None, "0612345678")]
    mail = db.session.query(OutboxMessage).filter_by(recipient="test@vitrecommunaute.org").one()
    assert mail.subject.startswith("Accusé de réception")
    assert "Mobile : — → 0612345678" in mail.body_text


def test_unchanged_form_queues_nothing(client, auth):
    auth.portal_login("ztest1")
    html = client.post("/portail/famille", data=GUARDIAN_FORM, follow_redirects=True).get_data(as_text=True)
    assert "Aucune modification" in html
    assert db.session.query(ChangeRequest).count() == 0
    assert db.session.query(OutboxMessage).count() == 0


def test_required_field_empty_is_422_with_french_message_and_typed_values_kept(client, auth):
    auth.portal_login("ztest1")
    response = client.post("/portail/famille", data={**GUARDIAN_FORM, "city": "", "profession": "Luthier"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="field-error" id="city-error">Ce champ est obligatoire.</p>' in html
    assert 'aria-invalid="true" aria-describedby="city-error"' in html
    assert 'role="alert"' in html
    assert 'value="Luthier"' in html
    assert db.session.query(ChangeRequest).count() == 0


def test_invalid_postal_code_and_email_are_refused(client, auth):
    auth.portal_login("ztest1")
    response = client.post("/portail/famille", data={**GUARDIAN_FORM, "postal_code": "355", "email": "pas-un-mail"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Le code postal doit comporter 5 chiffres." in html
    assert "Adresse e-mail invalide." in html
    assert 'value="355"' in html


def test_posted_fields_outside_the_schema_are_ignored(client, auth):
    auth.portal_login("ztest1")
    record = guardian()
    family_id = record.family_id
    client.post("/portail/famille", data={**GUARDIAN_FORM, "qf_tranche": "1", "family_id": "2", "status": "approved",
                                          "user_id": "1", "profession": "Luthier"})
    family = db.session.get(Family, family_id)
    db.session.refresh(family)
    assert family.qf_tranche == 6
    request = change_requests.pending_for(guardian())
    assert request.status == "pending"
    assert {f.field for f in request.fields} == {"profession"}


def test_outcome_is_shown_to_the_family(client, auth):
    auth.portal_login("ztest1")
    client.post("/portail/famille", data={**GUARDIAN_FORM, "profession": "Luthier"})
    request = change_requests.pending_for(guardian())
    change_requests.reject(request, reviewer=security_manager().find_user(username="secretariat"),
                           comment="Merci de passer au secrétariat.")
    db.session.commit()
    html = client.get("/portail/famille").get_data(as_text=True)
    assert "a été refusée : Merci de passer au secrétariat." in html
    assert 'value="Technicien"' in html
    assert "Modifié<span" not in html


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_post_without_csrf_token_is_refused(client, auth, app_overrides):
    login_page = client.get("/portail/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    client.post("/portail/connexion", data={"username": "ztest1", "password": "Famille-Demo-2026", "csrf_token": token})
    response = client.post("/portail/famille", data={**GUARDIAN_FORM, "profession": "Luthier"})
    assert response.status_code == 400
    assert db.session.query(ChangeRequest).count() == 0


def test_resubmitting_the_pending_values_changes_nothing_and_reverting_withdraws(client, auth):
    auth.portal_login("ztest1")
    client.post("/portail/famille", data={**GUARDIAN_FORM, "profession": "Luthier"})
    same = client.post("/portail/famille", data={**GUARDIAN_FORM, "profession": "Luthier"}, follow_redirects=True)
    assert "Aucune modification" in same.get_data(as_text=True)
    assert change_requests.requested_values(guardian()) == {"profession": "Luthier"}
    back = client.post("/portail/famille", data=GUARDIAN_FORM, follow_redirects=True)
    assert "Votre demande de modification a été retirée" in back.get_data(as_text=True)
    assert db.session.query(ChangeRequest).count() == 0
