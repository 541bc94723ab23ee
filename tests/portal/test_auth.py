"""Connexion, Déconnexion, Mot de passe perdu, reset link and Mot de passe (SECURITY.md 1–9)."""
from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from flask_appbuilder.security.sqla.models import User

from school import clock
from school.extensions import db
from school.models import AuditLog, OutboxMessage, PasswordResetToken, Setting
from tests.conftest import PASSWORDS

NEW_PASSWORD = "Une phrase de passe solide 2027"
RESET_LINK = re.compile(r"(http://[^\s/]+)/portail/mot-de-passe-perdu/([A-Za-z0-9_-]+)")


def user(username: str) -> User:
    return db.session.query(User).filter_by(username=username).one()


def ask_reset(client, username="ztest1", email="test@vitrecommunaute.org", **kwargs):  # type: ignore[no-untyped-def]
    return client.post("/portail/mot-de-passe-perdu", data={"username": username, "email": email}, **kwargs)


def last_reset_link(recipient="test@vitrecommunaute.org") -> tuple[str, str]:  # type: ignore[no-untyped-def]
    message = db.session.query(OutboxMessage).filter_by(recipient=recipient).order_by(OutboxMessage.id.desc()).first()
    assert message is not None, "no e-mail sent"
    match = RESET_LINK.search(message.body_text)
    assert match, message.body_text
    return match.group(1), match.group(2)


def outbox_count() -> int:
    return db.session.query(OutboxMessage).count()


# --- Connexion ---------------------------------------------------------------------------------

def test_login_page_has_the_guides_fields_and_links(client):
    page = client.get("/portail/connexion").get_data(as_text=True)
    assert 'id="site"' in page and 'value="Conservatoire" readonly' in page
    for text in ("Identifiant", "Mot de passe", "Se connecter", "Mot de passe perdu", "Aide - Accessibilité"):
        assert text in page


@pytest.mark.parametrize("username,password", [
    ("ztest1", "mauvais-mot-de-passe"),           # wrong password
    ("inconnu", "mauvais-mot-de-passe"),          # unknown login
    ("secretariat", PASSWORDS["secretariat"]),    # a staff account, right password
])
def test_refused_login_never_says_which_field_was_wrong(client, auth, username, password):
    response = auth.portal_login(username, password)
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Identifiant ou mot de passe incorrect." in page
    assert client.get("/portail/accueil").status_code == 302


def test_inactive_family_account_is_refused(client, auth):
    user("ztest1").active = False
    db.session.commit()
    assert auth.portal_login("ztest1").status_code == 401


def test_empty_fields_are_flagged_next_to_each_field(client):
    response = client.post("/portail/connexion", data={"username": "", "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="username-error"' in page and 'id="password-error"' in page
    assert "Ce champ est obligatoire." in page


def test_login_starts_a_fresh_session(client, auth):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.portal_login("ztest1")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("portal_sid")


def test_logout_ends_the_session_on_the_server(client, auth):
    auth.portal_login("ztest1")
    stolen = client.get_cookie("session").value
    assert client.get("/portail/accueil").status_code == 200
    auth.portal_logout()
    client.set_cookie("session", stolen)  # replay the cookie captured before logout
    response = client.get("/portail/accueil")
    assert response.status_code == 302
    assert "/portail/connexion" in response.headers["Location"]


def test_logout_is_post_only(client, auth):
    auth.portal_login("ztest1")
    assert client.get("/portail/deconnexion").status_code == 405
    assert client.get("/portail/accueil").status_code == 200


@pytest.mark.parametrize("target", ["//evil.tld", "https://evil.tld", "/\\evil.tld", "javascript:alert(1)"])
def test_next_never_leaves_the_site(client, target):
    response = client.post("/portail/connexion", data={
        "username": "ztest1", "password": PASSWORDS["ztest1"], "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/portail/accueil"


def test_next_keeps_a_local_path(client):
    response = client.post("/portail/connexion", data={
        "username": "ztest1", "password": PASSWORDS["ztest1"], "next": "/portail/mot-de-passe"})
    assert response.headers["Location"] == "/portail/mot-de-passe"


def test_login_logout_and_failures_are_audited_without_passwords(client, auth):
    auth.portal_login("ztest1", "mauvais-mot-de-passe")
    auth.portal_login("ztest1")
    auth.portal_logout()
    rows = db.session.query(AuditLog).order_by(AuditLog.id).all()
    assert [r.action for r in rows][-3:] == ["login_failed", "login", "logout"]
    for row in rows:
        assert "mauvais-mot-de-passe" not in (row.details or "")
        assert PASSWORDS["ztest1"] not in (row.details or "")


# --- Throttling ----------------------------------------------------------------------------------

class TestThrottling:
    @pytest.fixture
    def app_overrides(self):  # type: ignore[no-untyped-def]
        return {"RATELIMIT_ENABLED": True}

    def test_eleventh_bad_attempt_from_one_client_gets_429(self, client):
        for i in range(10):
            response = client.post("/portail/connexion", data={"username": f"inconnu{i}", "password": "x" * 12})
            assert response.status_code == 401
        response = client.post("/portail/connexion", data={"username": "ztest1", "password": PASSWORDS["ztest1"]})
        assert response.status_code == 429
        assert "Trop de tentatives" in response.get_data(as_text=True)

    def test_account_limit_holds_across_client_addresses(self, client):
        for i in range(10):
            response = client.post("/portail/connexion", data={"username": "ztest1", "password": "x" * 12},
                                   environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"})
            assert response.status_code == 401
        response = client.post("/portail/connexion", data={"username": "ztest1", "password": PASSWORDS["ztest1"]},
                               environ_base={"REMOTE_ADDR": "10.0.1.1"})
        assert response.status_code == 429
        # Another account from a fresh address is not affected.
        response = client.post("/portail/connexion", data={"username": "zdemo2", "password": PASSWORDS["zdemo2"]},
                               environ_base={"REMOTE_ADDR": "10.0.1.2"})
        assert response.status_code == 302

    def test_the_window_passes(self, client):
        start = dt.datetime(2026, 12, 1, 10, 0)
        clock.freeze(start)
        try:
            for _ in range(10):
                client.post("/portail/connexion", data={"username": "ztest1", "password": "x" * 12})
            clock.freeze(start + dt.timedelta(minutes=6))
            response = client.post("/portail/connexion", data={"username": "ztest1", "password": PASSWORDS["ztest1"]})
            assert response.status_code == 302
        finally:
            clock.freeze(None)

    def test_staff_login_page_is_throttled_by_fab(self, client):
        statuses = [client.post("/login/", data={"username": "admin", "password": "x" * 12}).status_code
                    for _ in range(11)]
        assert 429 not in statuses[:10]
        assert statuses[10] == 429

    def test_reset_requests_are_throttled(self, client):
        for _ in range(5):
            assert ask_reset(client).status_code == 200
        response = ask_reset(client)
        assert response.status_code == 429
        assert "Trop de tentatives" in response.get_data(as_text=True)
        assert outbox_count() == 5


# --- Mot de passe perdu --------------------------------------------------------------------------

def test_matching_request_emails_a_link_on_the_site_address(client):
    response = ask_reset(client, headers={"Host": "evil.tld"})  # a forged Host header is ignored
    assert response.status_code == 200
    site, token = last_reset_link()
    assert site == "http://portail.test"
    assert len(token) >= 22  # at least 128 bits
    stored = db.session.query(PasswordResetToken).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    message = db.session.query(OutboxMessage).one()
    assert message.subject.startswith("Portail des familles")
    assert "ztest1" in message.body_text
    assert PASSWORDS["ztest1"] not in message.body_text


@pytest.mark.parametrize("username,email", [
    ("ztest1", "autre@example.org"),                      # wrong e-mail
    ("inconnu", "test@vitrecommunaute.org"),              # unknown login
    ("secretariat", "secretariat@conservatoire.example.org"),  # staff account
])
def test_answer_is_identical_and_no_mail_goes_out_on_mismatch(client, username, email):
    matching = ask_reset(client)
    sent = outbox_count()
    other = ask_reset(client, username, email)
    assert other.status_code == matching.status_code == 200
    assert other.get_data(as_text=True) == matching.get_data(as_text=True)
    assert outbox_count() == sent == 1


def test_malformed_email_is_refused_with_a_message(client):
    response = ask_reset(client, email="pas-une-adresse")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Adresse e-mail invalide" in page and 'value="pas-une-adresse"' in page


def test_reset_link_sets_a_new_password_once(client, auth):
    ask_reset(client)
    _site, token = last_reset_link()
    page = client.get(f"/portail/mot-de-passe-perdu/{token}").get_data(as_text=True)
    assert "au moins 12" in page or "entre 12 et 128" in page  # the rule in force is stated
    response = client.post(f"/portail/mot-de-passe-perdu/{token}",
                           data={"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/portail/connexion"
    assert "Votre mot de passe est enregistré" in client.get("/portail/connexion").get_data(as_text=True)
    assert auth.portal_login("ztest1", PASSWORDS["ztest1"]).status_code == 401
    assert auth.portal_login("ztest1", NEW_PASSWORD).status_code == 302
    # The link is spent.
    again = client.post(f"/portail/mot-de-passe-perdu/{token}",
                        data={"new_password": "Encore une autre phrase 1", "confirmation": "Encore une autre phrase 1"})
    assert again.status_code == 404
    assert "plus valable" in again.get_data(as_text=True)
    assert user("ztest1").password.startswith("pbkdf2:sha256:600000$")


def test_reset_link_expires(client, app):
    start = dt.datetime(2026, 12, 1, 10, 0)
    clock.freeze(start)
    try:
        ask_reset(client)
        _site, token = last_reset_link()
        clock.freeze(start + dt.timedelta(hours=app.config["RESET_TOKEN_HOURS"], minutes=-1))
        assert client.get(f"/portail/mot-de-passe-perdu/{token}").status_code == 200
        clock.freeze(start + dt.timedelta(hours=app.config["RESET_TOKEN_HOURS"], minutes=1))
        assert client.get(f"/portail/mot-de-passe-perdu/{token}").status_code == 404
    finally:
        clock.freeze(None)


def test_a_second_request_invalidates_the_first_link(client):
    ask_reset(client)
    _site, first = last_reset_link()
    ask_reset(client)
    _site, second = last_reset_link()
    assert first != second
    assert client.get(f"/portail/mot-de-passe-perdu/{first}").status_code == 404
    assert client.get(f"/portail/mot-de-passe-perdu/{second}").status_code == 200


def test_changing_the_email_invalidates_pending_links(client):
    ask_reset(client)
    _site, token = last_reset_link()
    user("ztest1").email = "nouvelle@example.org"
    db.session.commit()
    assert client.get(f"/portail/mot-de-passe-perdu/{token}").status_code == 404


def test_invalidate_tokens_spends_pending_links(client):
    from school.services.password_reset import invalidate_tokens

    ask_reset(client)
    _site, token = last_reset_link()
    invalidate_tokens(user("ztest1"))
    db.session.commit()
    assert client.get(f"/portail/mot-de-passe-perdu/{token}").status_code == 404


@pytest.mark.parametrize("new,confirmation,field,message", [
    ("court", "court", "new_password", "au moins 12 caractères"),
    (NEW_PASSWORD, NEW_PASSWORD + "x", "confirmation", "La confirmation ne correspond pas"),
    ("motdepasse123", "motdepasse123", "new_password", "trop courant"),
    ("", "", "new_password", "Ce champ est obligatoire."),
])
def test_reset_refuses_a_bad_password_next_to_the_field(client, new, confirmation, field, message):
    ask_reset(client)
    _site, token = last_reset_link()
    response = client.post(f"/portail/mot-de-passe-perdu/{token}",
                           data={"new_password": new, "confirmation": confirmation})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page and 'role="alert"' in page
    assert client.get(f"/portail/mot-de-passe-perdu/{token}").status_code == 200  # the link still works


def test_reset_ends_every_other_session(app, client, auth):
    auth.portal_login("ztest1")
    assert client.get("/portail/accueil").status_code == 200
    other = app.test_client()
    ask_reset(other)
    _site, token = last_reset_link()
    other.post(f"/portail/mot-de-passe-perdu/{token}", data={"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert client.get("/portail/accueil").status_code == 302


def test_reset_is_audited_without_the_token(client):
    ask_reset(client)
    _site, token = last_reset_link()
    client.post(f"/portail/mot-de-passe-perdu/{token}", data={"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    actions = [r.action for r in db.session.query(AuditLog).order_by(AuditLog.id)]
    assert "password_reset_requested" in actions and "password_reset_done" in actions
    for row in db.session.query(AuditLog):
        assert token not in (row.details or "") and NEW_PASSWORD not in (row.details or "")


# --- Mot de passe (change) -----------------------------------------------------------------------

def change(client, current, new, confirmation=None):  # type: ignore[no-untyped-def]
    return client.post("/portail/mot-de-passe", data={
        "current_password": current, "new_password": new,
        "confirmation": new if confirmation is None else confirmation})


def test_password_page_needs_a_login(client):
    response = client.get("/portail/mot-de-passe")
    assert response.status_code == 302 and "/portail/connexion" in response.headers["Location"]


def test_password_page_states_the_policy_in_force(client, auth):
    auth.portal_login("ztest1")
    assert "entre 12 et 128 caractères" in client.get("/portail/mot-de-passe").get_data(as_text=True)
    db.session.query(Setting).filter_by(key="password_policy").delete()
    db.session.add(Setting(key="password_policy", label="Politique des mots de passe", value="legacy"))
    db.session.commit()
    page = client.get("/portail/mot-de-passe").get_data(as_text=True)
    assert "entre 8 et 20 caractères" in page and "majuscule" in page
    response = change(client, PASSWORDS["ztest1"], "toutenminuscules1")
    assert response.status_code == 422
    assert "au moins une lettre majuscule" in response.get_data(as_text=True)
    assert change(client, PASSWORDS["ztest1"], "Legacy2027").status_code == 302


@pytest.mark.parametrize("current,new,confirmation,field,message", [
    ("mauvais-mot-de-passe", NEW_PASSWORD, None, "current_password", "Le mot de passe actuel est incorrect."),
    ("", NEW_PASSWORD, None, "current_password", "Ce champ est obligatoire."),
    (PASSWORDS["ztest1"], NEW_PASSWORD, "différent", "confirmation", "La confirmation ne correspond pas"),
    (PASSWORDS["ztest1"], "court", None, "new_password", "au moins 12 caractères"),
])
def test_password_change_errors_are_shown_next_to_the_field(client, auth, current, new, confirmation, field, message):
    auth.portal_login("ztest1")
    response = change(client, current, new, confirmation)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'aria-describedby="{field}-error"' in page or f'{field}-error"' in page
    assert auth.portal_login("ztest1").status_code == 302  # the password did not change


def test_password_change_succeeds_and_ends_other_sessions(app, client, auth):
    other = app.test_client()
    other.post("/portail/connexion", data={"username": "ztest1", "password": PASSWORDS["ztest1"]})
    auth.portal_login("ztest1")
    response = change(client, PASSWORDS["ztest1"], NEW_PASSWORD)
    assert response.status_code == 302
    assert "Votre mot de passe a été modifié." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get("/portail/accueil").status_code == 200      # this session continues
    assert other.get("/portail/accueil").status_code == 302       # the other one is over
    assert user("ztest1").password.startswith("pbkdf2:sha256:600000$")
    notice = db.session.query(OutboxMessage).filter_by(recipient="test@vitrecommunaute.org").one()
    assert "modifié" in notice.body_text and NEW_PASSWORD not in notice.body_text + (notice.body_html or "")
    assert db.session.query(AuditLog).filter_by(action="password_changed").count() == 1


# --- Accessibilité -------------------------------------------------------------------------------

def test_accessibility_statement_is_public_and_complete(client):
    response = client.get("/portail/accessibilite")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for text in ("partiellement conforme", "RGAA", "Contenus non accessibles", "Établissement de cette déclaration",
                 "Retour d'information et contact", "conservatoire@vitrecommunaute.org", "Voies de recours",
                 "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07", "axe-core"):
        assert text in page, text
