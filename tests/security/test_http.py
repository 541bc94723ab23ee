"""Security headers, French error pages, CSRF and cookies (SECURITY.md 7, 8, 10, 11)."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORDS


@pytest.mark.parametrize("path", ["/portail/connexion", "/portail/accessibilite", "/portail/inexistante",
                                  "/login/", "/portail/static/portal.css"])
def test_security_headers_on_every_page(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    if path.startswith("/portail"):
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp


def test_portal_pages_have_no_inline_script_or_style(client, auth):
    auth.portal_login("ztest1")
    for path in ("/portail/mot-de-passe", "/portail/accessibilite"):
        page = client.get(path).get_data(as_text=True)
        assert "<script" not in page and "style=" not in page and "<style" not in page


@pytest.mark.parametrize("method,path,status,text", [
    ("get", "/portail/nulle-part", 404, "La page demandée n'existe pas."),
    ("get", "/portail/deconnexion", 405, "Cette action n'est pas permise ici."),
    ("delete", "/portail/connexion", 405, "Cette action n'est pas permise ici."),
    ("get", "/portail/mot-de-passe-perdu/" + "x" * 500, 404, "plus valable"),
    ("get", "/portail/connexion?next=%00%ff", 200, "Connexion"),
])
def test_errors_are_french_pages_never_500(client, method, path, status, text):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert text.replace("'", "&#39;") in response.get_data(as_text=True) or text in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/portail/connexion", "/login/"])
def test_oversized_body_gets_413(client, app, path):
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Erreur 413" in page and ("trop volumineux" in page or "taille maximale" in page)


@pytest.mark.parametrize("query", ["?_oc_UserDBModelView=nope&_od_UserDBModelView=asc",
                                   "?page_UserDBModelView=-5&psize_UserDBModelView=abc",
                                   "?_flt_0_username=%27%22%3C"])
def test_crafted_back_office_list_parameters_never_give_500(client, auth, query):
    auth.staff_login("admin")
    assert client.get("/users/list/" + query).status_code < 500


def test_unknown_back_office_id_is_404(client, auth):
    auth.staff_login("admin")
    assert client.get("/users/show/999999").status_code == 404


def test_session_cookie_is_httponly_and_samesite_lax(client, auth):
    response = auth.portal_login("ztest1")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    import config

    monkeypatch.setenv("CONSERVATOIRE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    cfg = config.build_config(tmp_path)
    assert cfg["SESSION_COOKIE_SECURE"] is True and cfg["REMEMBER_COOKIE_SECURE"] is True


class TestCsrf:
    @pytest.fixture
    def app_overrides(self):  # type: ignore[no-untyped-def]
        return {"WTF_CSRF_ENABLED": True}

    @pytest.mark.parametrize("path", ["/portail/connexion", "/portail/mot-de-passe-perdu", "/login/"])
    def test_post_without_token_gets_400(self, client, path):
        response = client.post(path, data={"username": "ztest1", "password": PASSWORDS["ztest1"],
                                           "email": "test@vitrecommunaute.org"})
        assert response.status_code == 400
        assert "La demande est invalide ou a expiré" in response.get_data(as_text=True)

    def test_portal_forms_carry_a_token_that_works(self, client):
        page = client.get("/portail/connexion").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = client.post("/portail/connexion", data={
            "csrf_token": token, "username": "ztest1", "password": PASSWORDS["ztest1"]})
        assert response.status_code == 302
        assert client.post("/portail/deconnexion").status_code == 400  # logout needs the token too
        assert client.post("/portail/mot-de-passe", data={
            "current_password": PASSWORDS["ztest1"], "new_password": "x" * 14, "confirmation": "x" * 14,
        }).status_code == 400
