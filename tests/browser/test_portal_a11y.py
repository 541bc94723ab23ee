"""axe-core finds no violation on the family's pages: Accueil, Famille (with errors), Elèves, Mes données."""
from __future__ import annotations

import pytest

from school.extensions import db
from school.models import Enrolment, Evaluation, Student, YearResult
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_identity_change import portal_login

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def test_portal_pages_have_no_axe_violation(page):
    essai = db.session.query(Student).filter_by(last_name="Z-TEST").one()
    enrolment = db.session.query(Enrolment).filter_by(student_id=essai.id).order_by(Enrolment.id).first()
    evaluation = db.session.query(Evaluation).filter_by(enrolment_id=enrolment.id).first()
    result = db.session.query(YearResult).filter_by(student_id=essai.id).one()
    portal_login(page)
    assert_no_axe_violations(page)  # Accueil

    page.goto("/portail/famille")
    assert_no_axe_violations(page)
    page.locator("#city").fill("")
    page.locator("#postal_code").fill("12")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.title().startswith("Erreur")
    assert "Ce champ est obligatoire." in page.locator("#city-error").inner_text()
    assert page.get_by_role("alert").count() == 1
    assert_no_axe_violations(page)

    for path in (f"/portail/eleves/{essai.id}/identite", f"/portail/eleves/{essai.id}/cours",
                 f"/portail/eleves/{essai.id}/historique", f"/portail/eleves/{essai.id}/repertoire",
                 f"/portail/eleves/cours/{enrolment.id}", f"/portail/eleves/cours/{enrolment.id}/evaluations",
                 f"/portail/eleves/cours/{enrolment.id}/absences", f"/portail/eleves/evaluations/{evaluation.id}",
                 f"/portail/eleves/historique/{result.id}", "/portail/mes-donnees"):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)

    page.goto(f"/portail/eleves/{essai.id}/identite")
    page.locator("#first_name").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Ce champ est obligatoire." in page.locator("#first_name-error").inner_text()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/portail/eleves/{essai.id}/cours")
    assert_no_axe_violations(page)
