"""An adult pupil (élève majeur) with their own account uses the portal like a guardian."""
import datetime as dt
from html import unescape

from school.extensions import db
from school.models import Family, Student
from school.services import roles
from school.services.accounts import create_account

PASSWORD = "Eleve-Majeur-2026"


def adult_pupil() -> Student:
    user = create_account(username="jmartin", email="jeanne.martin@example.org", first_name="Jeanne",
                          last_name="MARTIN", role_name=roles.FAMILY, password=PASSWORD)
    family = Family(name="MARTIN", reference="F09999")
    pupil = Student(family=family, civility="Madame", last_name="MARTIN", first_name="Jeanne",
                    birth_date=dt.date(2005, 4, 2), use_guardian_address=False, address="3 rue Pasteur",
                    postal_code="35500", city="VITRE", email="jeanne.martin@example.org", user=user)
    db.session.add_all([family, pupil])
    db.session.commit()
    return pupil


def test_adult_pupil_is_sent_from_famille_to_their_own_file(client, auth):
    pupil = adult_pupil()
    assert auth.portal_login("jmartin", PASSWORD).status_code == 302
    assert "Bonjour Madame MARTIN Jeanne" in client.get("/portail/accueil").get_data(as_text=True)
    response = client.get("/portail/famille")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/portail/eleves/{pupil.id}/identite")
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Vos coordonnées se trouvent dans l'onglet Identité" in page and "3 rue Pasteur" in page
