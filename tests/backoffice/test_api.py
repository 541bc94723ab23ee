"""The REST API: registered with the pinned marshmallow, same roles as the back office, CSRF-safe."""
from __future__ import annotations

import re

import marshmallow
import pytest
from flask import Flask
from flask.testing import FlaskClient

from school.extensions import db
from school.models import Family


def test_api_registers_and_serves_its_openapi_document(client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    assert marshmallow.__version__.startswith("3.")
    auth.staff_login("admin")
    response = client.get("/api/v1/_openapi")
    assert response.status_code == 200
    paths = response.get_json()["paths"]
    for resource in ("family", "student", "course", "enrolment", "invoice"):
        assert f"/api/v1/{resource}/" in paths, resource
    assert "post" in paths["/api/v1/family/"] and "post" not in paths["/api/v1/invoice/"]


def test_consultation_reads_but_cannot_write(client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login("consultation")
    families = client.get("/api/v1/family/")
    assert families.status_code == 200
    assert "Z-TEST" in {row["name"] for row in families.get_json()["result"]}
    invoices = client.get("/api/v1/invoice/").get_json()["result"]
    assert {row["total_cents"] for row in invoices} >= {7700, 27720}
    response = client.post("/api/v1/family/", json={"name": "PIRATE", "reference": "X1", "qf_tranche": 1})
    assert response.status_code == 403
    ztest = db.session.query(Family).filter_by(reference="F00001").one()
    assert client.put(f"/api/v1/family/{ztest.id}", json={"name": "PIRATE"}).status_code == 403
    assert db.session.query(Family).filter_by(name="PIRATE").count() == 0


def test_secretariat_writes_a_family(client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login("secretariat")
    response = client.post("/api/v1/family/", json={"name": "NOUVELLE", "reference": "F00100", "qf_tranche": 2})
    assert response.status_code == 201, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(Family).filter_by(reference="F00100").one().qf_tranche == 2
    bad = client.post("/api/v1/family/", json={"name": "X", "reference": "F00101", "qf_tranche": "beaucoup"})
    assert bad.status_code == 422


@pytest.mark.parametrize("login", [None, "portal", "staff"])
def test_a_family_or_a_visitor_gets_no_data(client: FlaskClient, auth, login: str | None) -> None:  # type: ignore[no-untyped-def]
    if login == "portal":
        auth.portal_login("ztest1")
    elif login == "staff":
        auth.staff_login("ztest1")
    for path in ("/api/v1/family/", "/api/v1/student/", "/api/v1/invoice/", "/api/v1/enrolment/"):
        response = client.get(path)
        assert response.status_code in (401, 403), path
        assert "Z-TEST" not in response.get_data(as_text=True)


def test_teacher_reads_only_own_courses(client: FlaskClient, auth) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login("lblanchard")
    rows = client.get("/api/v1/enrolment/").get_json()["result"]
    labels = {row["course"]["label"] for row in rows}
    assert labels == {"Culture musicale 1C2"}
    assert client.get("/api/v1/family/").status_code == 403


class TestCsrf:
    @pytest.fixture
    def app_overrides(self) -> dict:
        return {"WTF_CSRF_ENABLED": True}

    def test_api_write_needs_the_csrf_token(self, app: Flask, client: FlaskClient) -> None:
        page = client.get("/login/").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        from seed.contract import DEMO_ACCOUNTS

        password = next(a.password for a in DEMO_ACCOUNTS if a.username == "secretariat")
        assert client.post("/login/", data={"username": "secretariat", "password": password,
                                            "csrf_token": token}).status_code == 302
        payload = {"name": "CSRF", "reference": "F00200", "qf_tranche": 3}
        assert client.post("/api/v1/family/", json=payload).status_code == 400
        assert db.session.query(Family).filter_by(reference="F00200").count() == 0
        assert client.post("/api/v1/family/", json=payload, headers={"X-CSRFToken": token}).status_code == 201
