"""The staff login page is for staff: families are refused, logins are audited."""
from school.extensions import db
from school.models import AuditLog


def test_family_account_cannot_log_into_the_back_office(client, auth):
    response = auth.staff_login("ztest1", "Famille-Demo-2026")
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    page = client.get("/login/").get_data(as_text=True)
    assert "Identifiant ou mot de passe incorrect." in page
    # No session was left behind: the portal and the back office both ask to log in again.
    assert client.get("/portail/accueil").status_code == 302
    assert client.get("/familyview/list/").status_code in (302, 403)
    assert db.session.query(AuditLog).filter_by(action="staff_login_refused").count() == 1


def test_staff_login_is_audited(client, auth):
    auth.staff_login("secretariat")
    assert client.get("/familyview/list/").status_code == 200
    entry = db.session.query(AuditLog).filter_by(action="staff_login").one()
    assert entry.actor == "secretariat" and "Secretariat-Demo-2026" not in (entry.details or "")
