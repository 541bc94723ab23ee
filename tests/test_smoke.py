"""The app starts on the seeded template and answers its first pages."""


def test_root_redirects_to_portal_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/portail/")


def test_admin_logs_into_back_office(client, auth):
    response = auth.staff_login("admin")
    assert response.status_code == 302
    assert client.get("/users/list/").status_code == 200
