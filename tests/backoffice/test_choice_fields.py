"""Columns with a closed list of values are drop-downs in the back-office forms, not free text."""
import re
from html import unescape

from school.extensions import db
from school.models import Enrolment, Family, Guardian


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no drop-down for {name}"
    return re.findall(r'<option[^>]*value="([^"]*)"', select.group(1))


def test_family_and_guardian_forms_offer_the_closed_lists(client, auth):
    auth.staff_login("secretariat")
    family = db.session.query(Family).filter_by(reference="F00001").one()
    html = client.get(f"/familyview/edit/{family.id}").get_data(as_text=True)
    assert options(html, "payment_mode") == ["", "cheque", "especes", "carte", "prelevement", "virement"]
    assert options(html, "qf_tranche") == ["1", "2", "3", "4", "5", "6"] and "Tranche 6" in html
    guardian = family.guardians[0]
    html = client.get(f"/guardianview/edit/{guardian.id}").get_data(as_text=True)
    assert options(html, "civility") == ["", "Monsieur", "Madame"]
    assert "47" in options(html, "pcs_code")


def test_choosing_from_the_list_saves_the_stored_value(client, auth):
    auth.staff_login("secretariat")
    enrolment = db.session.query(Enrolment).first()
    page = client.get(f"/enrolmentview/edit/{enrolment.id}").get_data(as_text=True)
    assert options(page, "status") == ["active", "waiting", "cancelled"] and "Liste d&#39;attente" in page
    form = {"student": enrolment.student_id, "course": enrolment.course_id,
            "school_year": enrolment.school_year_id, "status": "waiting"}
    assert client.post(f"/enrolmentview/edit/{enrolment.id}", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).status == "waiting"
    # A value outside the list is refused by the form, not by a database error.
    form["status"] = "paid"
    response = client.post(f"/enrolmentview/edit/{enrolment.id}", data=form)
    assert response.status_code == 200
    assert "N'est pas un choix valide." in unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).status == "waiting"
