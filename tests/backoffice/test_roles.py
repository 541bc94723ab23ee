"""The role table, walked as a matrix: role × back-office view × verb (SECURITY.md rule 14).

Data-driven from ``backoffice.security.ROLE_TABLE`` and the registered views, so views other
areas add later are covered too. Each role logs in once per test.
"""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_appbuilder.security.sqla.models import User

from backoffice.security import ROLE_ACTIONS, ROLE_TABLE, WRITE
from school.extensions import db
from school.models import Absence, Course, Enrolment, Evaluation, Student
from school.services import roles, teacher_scope
from seed.contract import DEMO_ACCOUNTS
from tests.backoffice.helpers import first_pk, model_views, url

ACCOUNT_OF_ROLE = {a.role: a.username for a in DEMO_ACCOUNTS}
MISSING_PK = 987654
READ_VERBS, WRITE_VERBS = ("list", "show"), ("add", "edit", "delete")


def permission_of(view, verb: str) -> str:  # type: ignore[no-untyped-def]
    """Return the FAB permission ``verb`` asks for on ``view``."""
    return "can_" + (view.method_permission_name or {}).get(verb, verb)


def expected(role: str, view, verb: str) -> bool:  # type: ignore[no-untyped-def]
    """Tell whether the role table lets ``role`` use ``verb`` on ``view``."""
    permission = permission_of(view, verb)
    if permission not in view.base_permissions:
        return False
    if role == roles.ADMIN:
        return True
    level = ROLE_TABLE[role].get(view.domain)
    if permission == "can_read":
        return level is not None
    if permission == "can_write":
        return level == WRITE
    return permission[4:] in ROLE_ACTIONS.get(role, {}).get(view.domain, ())


def exposed(view, verb: str) -> bool:  # type: ignore[no-untyped-def]
    """Tell whether ``view`` serves ``verb`` (a view may drop add or delete)."""
    if verb in (view.exclude_route_methods or set()):
        return False
    if view.include_route_methods is not None and verb not in view.include_route_methods:
        return False
    return hasattr(getattr(type(view), verb, None), "_urls")


def is_denied(response) -> bool:  # type: ignore[no-untyped-def]
    """A refused back-office request: a redirect to the login page or a 403."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


def login(client: FlaskClient, username: str) -> None:
    password = next(a.password for a in DEMO_ACCOUNTS if a.username == username)
    response = client.post("/login/", data={"username": username, "password": password})
    assert response.status_code == 302


@pytest.mark.parametrize("role", list(roles.STAFF_ROLES))
def test_role_matrix(app: Flask, client: FlaskClient, role: str) -> None:
    login(client, ACCOUNT_OF_ROLE[role])
    user = db.session.query(User).filter_by(username=ACCOUNT_OF_ROLE[role]).one()
    checked = 0
    for view in model_views(app):
        scoped = view.teacher_scoped and teacher_scope.is_restricted_teacher(user)
        pk = first_pk(view, teacher_scope.scope_clause(view.datamodel.obj, user) if scoped else None)
        for verb in READ_VERBS + WRITE_VERBS:
            if not exposed(view, verb):
                continue
            target = MISSING_PK if verb == "delete" or (pk is None and verb in ("show", "edit")) else pk
            if verb == "delete":
                response = client.post(url(view, verb, target))
            else:
                response = client.get(url(view, verb, target))
            where = f"{role} {verb} {type(view).__name__}"
            if expected(role, view, verb):
                wanted = 404 if target == MISSING_PK else 200
                assert response.status_code == wanted, where
            else:
                assert is_denied(response), where
                assert response.status_code != 200, where
            checked += 1
    assert checked >= 5 * 25


def test_menu_shows_only_what_the_role_may_open(client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login("comptable")
    html = client.get("/").get_data(as_text=True)
    assert "Familles et élèves" in html and "/familyview/list/" in html
    assert "Configuration" not in html and "/courseview/list/" not in html
    assert "/users/list/" not in html and "Sécurité" not in html
    for path in ("/users/list/", "/roles/list/", "/auditlogview/list/"):
        assert is_denied(client.get(path)), path
    profile = client.get("/users/userinfo/")
    assert profile.status_code == 200 and "BERNARD" in profile.get_data(as_text=True)


@pytest.mark.parametrize("username", ["secretariat", "lblanchard", "consultation"])
def test_only_admin_reaches_security_views(client: FlaskClient, auth, username: str) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login(username)
    assert "Sécurité" not in client.get("/").get_data(as_text=True)
    for path in ("/users/list/", "/roles/list/", "/users/add", "/auditlogview/list/", "/outboxmessageview/list/"):
        assert is_denied(client.get(path)), path


def test_admin_menu_order(client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login("admin")
    html = client.get("/").get_data(as_text=True)
    positions = [html.find(f"{label}<b") for label in ("Familles et élèves", "Pédagogie", "Configuration",
                                                        "Sécurité")]
    assert -1 not in positions and positions == sorted(positions)
    for later in ("Réinscriptions<b", "Facturation<b"):
        if later in html:
            assert positions[1] < html.find(later) < positions[2]


def test_staff_lands_on_back_office_home(client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    response = auth.staff_login("secretariat")
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert "Back-office du conservatoire" in page.get_data(as_text=True)


@pytest.mark.parametrize("login_page", ["portal", "staff"])
def test_a_family_gets_no_back_office_page(app: Flask, client: FlaskClient, auth, login_page: str) -> None:  # type: ignore[no-untyped-def]
    if login_page == "portal":
        assert auth.portal_login("ztest1").status_code == 302
    else:
        auth.staff_login("ztest1")
    assert client.get("/").status_code == 302
    for view in model_views(app):
        response = client.get(url(view, "list"))
        assert is_denied(response) or response.status_code == 302, type(view).__name__
        assert "Z-TEST" not in response.get_data(as_text=True)
    for path in ("/users/list/", "/roles/list/", "/api/v1/family/", "/api/v1/_openapi"):
        response = client.get(path)
        assert response.status_code in (302, 401, 403), path
        assert "Z-TEST" not in response.get_data(as_text=True)


class TestTeacherSeesOnlyOwnCourses:
    """lblanchard teaches « Culture musicale 1C2 »; DUPONT teaches Léa (piano) and Hugo (violin)."""

    @pytest.fixture
    def others(self, app: Flask) -> dict[str, int]:
        def of(model, first_name: str) -> int:  # type: ignore[no-untyped-def]
            return (db.session.query(model.id).join(Enrolment, model.enrolment_id == Enrolment.id)
                    .join(Student).filter(Student.first_name == first_name).first()[0])
        return {"evaluation": of(Evaluation, "Léa"), "absence": of(Absence, "Hugo"),
                "own_evaluation": of(Evaluation, "Essai"),
                "other_enrolment": db.session.query(Enrolment.id).join(Student)
                .filter(Student.first_name == "Léa").first()[0]}

    def test_other_teachers_records_are_404(self, client: FlaskClient, auth, others) -> None:  # type: ignore[no-untyped-def]
        auth.staff_login("lblanchard")
        for path in (f"/evaluationview/show/{others['evaluation']}", f"/evaluationview/edit/{others['evaluation']}",
                     f"/absenceview/show/{others['absence']}", f"/absenceview/edit/{others['absence']}",
                     f"/enrolmentview/show/{others['other_enrolment']}"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "Léa" not in response.get_data(as_text=True)
        assert client.get(f"/evaluationview/show/{others['own_evaluation']}").status_code == 200

    def test_other_teachers_records_cannot_be_changed(self, client: FlaskClient, auth, others) -> None:  # type: ignore[no-untyped-def]
        auth.staff_login("lblanchard")
        edit = client.post(f"/evaluationview/edit/{others['evaluation']}", data={"name": "Piraté", "date": "2026-12-01"})
        assert edit.status_code == 404
        assert client.post(f"/absenceview/delete/{others['absence']}").status_code == 404
        db.session.expire_all()
        assert db.session.get(Evaluation, others["evaluation"]).name == "Audition de Noël"
        assert db.session.get(Absence, others["absence"]) is not None

    def test_lists_hold_own_pupils_only(self, client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
        auth.staff_login("lblanchard")
        evaluations = client.get("/evaluationview/list/").get_data(as_text=True)
        assert "Contrôle rythmique" in evaluations and "Audition de Noël" not in evaluations
        absences = client.get("/absenceview/list/").get_data(as_text=True)
        assert "Malade" in absences and "Rendez-vous médical" not in absences
        courses = client.get("/courseview/list/").get_data(as_text=True)
        assert "Culture musicale 1C2" in courses and "Piano 1C2" not in courses

    def test_adding_to_another_teachers_pupil_is_refused(self, client: FlaskClient, auth, others) -> None:  # type: ignore[no-untyped-def]
        auth.staff_login("lblanchard")
        before = db.session.query(Evaluation).count()
        client.post("/evaluationview/add", data={
            "enrolment": str(others["other_enrolment"]), "name": "Intrusion", "date": "2026-12-01"})
        db.session.expire_all()
        assert db.session.query(Evaluation).count() == before
        assert db.session.query(Evaluation).filter_by(name="Intrusion").count() == 0

    def test_adding_to_own_pupil_works(self, client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
        own = (db.session.query(Enrolment.id).join(Course)
               .filter(Course.label == "Culture musicale 1C2").one()[0])
        auth.staff_login("lblanchard")
        response = client.post("/evaluationview/add", data={"enrolment": str(own), "name": "Dictée de décembre",
                                                             "date": "2026-12-07"})
        assert response.status_code == 302
        db.session.expire_all()
        assert db.session.query(Evaluation).filter_by(name="Dictée de décembre").one().enrolment_id == own

    def test_write_hook_rechecks_scope(self, app: Flask, others) -> None:  # type: ignore[no-untyped-def]
        """Even when a form let it through, pre_update refuses a record moved out of the teacher's courses."""
        from flask import g
        from flask_appbuilder.security.sqla.models import User

        from backoffice.views.pedagogy import EvaluationView
        from school.errors import DomainError

        view = next(v for v in app.appbuilder.baseviews if isinstance(v, EvaluationView))
        evaluation = db.session.get(Evaluation, others["own_evaluation"])
        with app.test_request_context():
            g.user = db.session.query(User).filter_by(username="lblanchard").one()
            view.pre_update(evaluation)  # own pupil: accepted
            evaluation.enrolment = db.session.get(Enrolment, others["other_enrolment"])
            with pytest.raises(DomainError, match="ne concerne pas"):
                view.pre_update(evaluation)
