"""The app starts on the seeded template and answers its first pages."""


def test_root_redirects_to_portal_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/portail/connexion")


def test_admin_logs_into_back_office(client, auth):
    response = auth.staff_login("admin")
    assert response.status_code == 302
    assert client.get("/users/list/").status_code == 200


def test_family_logs_into_portal_and_out(client, auth):
    response = auth.portal_login("ztest1")
    assert response.status_code == 302
    assert client.get("/portail/accueil").status_code == 200
    auth.portal_logout()
    assert client.get("/portail/accueil").status_code == 302


def test_wrong_password_does_not_say_which_field(client, auth):
    response = auth.portal_login("ztest1", "wrong-password-123")
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in response.get_data(as_text=True)
