"""As admin, every back-office list and show page answers in French with the seeded data."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from school.extensions import db
from tests.backoffice.helpers import first_pk, model_views, url

# A record each core list must show (the contract's demo data).
EXPECTED_ROWS = {
    "FamilyView": "Z-TEST", "GuardianView": "Essai", "StudentView": "Léa", "SchoolLevelView": "CM1",
    "CourseView": "Culture musicale 1C2", "EnrolmentView": "Culture musicale 1C2", "TeacherView": "BLANCHARD",
    "DisciplineView": "Piano", "DepartmentView": "Cordes", "CycleView": "1er cycle", "CursusView": "Cursus instrumental",
    "SchoolClassView": "CMG MAA Niveau 1", "EvaluationView": "Contrôle rythmique", "AbsenceView": "Rendez-vous médical",
    "YearResultView": "CMG MAA Niveau 1", "RepertoireItemView": "Gymnopédie", "SchoolYearView": "2026/2027",
    "SiteView": "Châteaubourg", "RoomView": "Berlioz", "DocumentTypeView": "Certificat médical",
    "PortalTextView": "Message d&#39;accueil", "SettingView": "Identifiant créancier SEPA",
}


@pytest.fixture
def admin(client: FlaskClient, auth) -> FlaskClient:  # type: ignore[no-untyped-def]
    auth.staff_login("admin")
    return client


def test_every_list_and_show_page_answers_with_data(app: Flask, admin: FlaskClient) -> None:
    for view in model_views(app):
        name = type(view).__name__
        response = admin.get(url(view, "list"))
        assert response.status_code == 200, name
        html = response.get_data(as_text=True)
        if name in EXPECTED_ROWS:
            assert EXPECTED_ROWS[name] in html, name
        pk = first_pk(view)
        if pk is not None:
            show = admin.get(url(view, "show", pk))
            assert show.status_code == 200, name
            assert "Détail" in show.get_data(as_text=True), name


def test_back_office_speaks_french(admin: FlaskClient) -> None:
    html = admin.get("/familyview/list/").get_data(as_text=True)
    for french in ("Familles et élèves", "Tranche de quotient familial", "Rechercher", "Sécurité", "Archiver"):
        assert french in html, french
    for english in (">Search<", ">List<", "Add a new record", "Security<b"):
        assert english not in html, english
    show = admin.get("/familyview/show/1").get_data(as_text=True)
    assert "Responsables légaux" in show and "Élèves" in show


def test_pupil_page_has_its_follow_up_tabs(admin: FlaskClient) -> None:
    from school.models import Student

    essai = db.session.query(Student).filter_by(first_name="Essai").one()
    html = admin.get(f"/studentview/show/{essai.id}").get_data(as_text=True)
    for tab in ("Inscriptions", "Évaluations", "Absences", "Résultats annuels", "Répertoire"):
        assert tab in html, tab
    # Tabs list this pupil's rows only.
    assert "Contrôle rythmique" in html and "Audition de Noël" not in html
    assert "Doctor Gradus ad Parnassum" in html and "Gymnopédie" not in html


def test_course_page_lists_its_enrolled_pupils(admin: FlaskClient) -> None:
    from school.models import Course

    course = db.session.query(Course).filter_by(label="Culture musicale 1C2").one()
    html = admin.get(f"/courseview/show/{course.id}").get_data(as_text=True)
    assert "Z-TEST Essai" in html and "Z-DEMO" not in html


@pytest.mark.parametrize("query", [
    "_oc_FamilyView=name);drop&_od_FamilyView=asc",
    "_oc_FamilyView=guardians&_od_FamilyView=desc",
    "page_FamilyView=abc",
    "page_FamilyView=-1",
    "psize_FamilyView=100000",
    "psize_FamilyView=0",
    "_flt_0_qf_tranche=abc",
    "_flt_9_name=x",
    "_flt_0_created_at=abc",
    "_flt_0_archived=maybe",
])
def test_crafted_list_parameters_get_4xx_not_500(admin: FlaskClient, query: str) -> None:
    response = admin.get(f"/familyview/list/?{query}")
    assert response.status_code < 500
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("path", [
    "/familyview/show/abc", "/familyview/edit/1%20OR%201", "/familyview/show/99999999",
    "/evaluationview/list/?_flt_1_date=not-a-date", "/familyview/action/nope/1", "/familyview/download/x",
])
def test_crafted_ids_get_4xx(admin: FlaskClient, path: str) -> None:
    response = admin.get(path)
    assert 400 <= response.status_code < 500 or response.status_code == 200, path
    assert response.status_code != 500


def test_a_family_with_invoices_is_archived_not_deleted(admin: FlaskClient) -> None:
    from school.models import Family

    ztest = db.session.query(Family).filter_by(reference="F00001").one()
    response = admin.post(f"/familyview/delete/{ztest.id}", follow_redirects=True)
    assert "a des factures ou des règlements : elle ne peut pas être supprimée" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Family, ztest.id) is not None
    response = admin.post("/familyview/action_post", data={"action": "archive", "rowid": [str(ztest.id)]},
                          follow_redirects=True)
    assert "1 famille(s) archivée(s)." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Family, ztest.id).archived is True
    archived = admin.get("/familyview/list/?_flt_0_archived=y").get_data(as_text=True)
    assert "Z-TEST" in archived and "Z-DEMO" not in archived


def test_an_empty_family_can_be_deleted(admin: FlaskClient) -> None:
    from school.models import Family

    family = Family(name="VIDE", reference="F09999", qf_tranche=6)
    db.session.add(family)
    db.session.commit()
    admin.post(f"/familyview/delete/{family.id}")
    db.session.expire_all()
    assert db.session.query(Family).filter_by(reference="F09999").count() == 0


def test_family_page_gathers_other_areas_records_the_user_may_read(app: Flask, client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    """Documents, invoices and payments views (other areas) become tabs of the family page, per role."""
    from backoffice.views.people import FamilyView
    from school.models import Family

    family_view = next(v for v in app.appbuilder.baseviews if isinstance(v, FamilyView))
    ztest = db.session.query(Family).filter_by(reference="F00001").one()
    extra = [v for v in family_view._related_views if v.datamodel.obj.__name__ in FamilyView.related_models]
    registered = {v.datamodel.obj.__name__ for v in model_views(app)} & set(FamilyView.related_models)
    assert {v.datamodel.obj.__name__ for v in extra} == registered
    for username in ("admin", "comptable"):
        auth.staff_login(username)
        html = client.get(f"/familyview/show/{ztest.id}").get_data(as_text=True)
        role = {"admin": "Admin", "comptable": "Comptabilité"}[username]
        for view in extra:
            readable = app.appbuilder.sm._has_access_builtin_roles(
                type("R", (), {"name": role})(), "can_read", view.class_permission_name)
            assert (f'href="#{type(view).__name__}"' in html) == readable, (username, type(view).__name__)
        auth.staff_logout()


def test_a_family_is_added_with_its_boxes_left_unticked(admin: FlaskClient) -> None:
    from school.models import Family

    response = admin.post("/familyview/add", data={"name": "NOUVELLE", "reference": "F00300", "qf_tranche": "4"})
    assert response.status_code == 302
    family = db.session.query(Family).filter_by(reference="F00300").one()
    assert family.resident is False and family.archived is False and family.qf_tranche == 4


def test_an_invalid_course_time_is_refused_in_french(admin: FlaskClient) -> None:
    from school.models import Course

    before = db.session.query(Course).count()
    response = admin.post("/courseview/add", data={"label": "Essai horaire", "start_time": "25:99"})
    assert response.status_code == 200
    assert "Essai horaire" in response.get_data(as_text=True)  # the form keeps what was typed
    assert db.session.query(Course).count() == before


def test_editing_a_portal_text_makes_a_new_version(admin: FlaskClient) -> None:
    from school.models import PortalText

    text = db.session.query(PortalText).filter_by(key="image_rights").one()
    version, title = text.version, text.title
    admin.post(f"/portaltextview/edit/{text.id}", data={"title": title, "body": text.body})
    db.session.expire_all()
    assert db.session.get(PortalText, text.id).version == version  # same wording: same version
    admin.post(f"/portaltextview/edit/{text.id}", data={"title": title, "body": "Nouveau texte du droit à l'image."})
    db.session.expire_all()
    edited = db.session.get(PortalText, text.id)
    assert edited.body == "Nouveau texte du droit à l'image." and edited.version == version + 1
