"""SECURITY.md rule 12: a family never reaches another family's records through an id in a URL.

Every ``portal.*`` rule taking an id is requested by ztest1 with an id owned by family Z-DEMO: the
answer is a 404 without any byte of Z-DEMO's data. A rule whose id argument this test does not know
fails the test, so a new route must be added to ``owned_ids`` below.
"""
from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from school.extensions import db
from school.models import (
    Absence, ChangeRequest, Department, Document, DocumentType, Enrolment, Evaluation, Family, Invoice, Payment,
    SchoolYear, Student, YearResult,
)

# Arguments that are not ids of a family's records: a step number, shared campaign files, secrets.
NOT_FAMILY_IDS = {"n", "file_id", "token", "filename"}
OTHER_FAMILY_DATA = ("Léa", "Hugo", "Z-DEMO", "zdemo2@example.org", "CHATEAUBOURG", "Gymnop")


def _first(query):  # type: ignore[no-untyped-def]
    row = query.first()
    assert row is not None, "the seed lacks a record this test needs"
    return row.id


def owned_ids(family: Family) -> dict[str, int]:
    """Return, per URL argument name, the id of one record owned by ``family``."""
    students = db.session.query(Student.id).filter(Student.family_id == family.id)
    enrolments = db.session.query(Enrolment.id).filter(Enrolment.student_id.in_(students))
    return {
        "student_id": _first(db.session.query(Student).filter(Student.family_id == family.id)),
        "enrolment_id": _first(db.session.query(Enrolment).filter(Enrolment.student_id.in_(students))),
        "evaluation_id": _first(db.session.query(Evaluation).filter(Evaluation.enrolment_id.in_(enrolments))),
        "absence_id": _first(db.session.query(Absence).filter(Absence.enrolment_id.in_(enrolments))),
        "result_id": _first(db.session.query(YearResult).filter(YearResult.student_id.in_(students))),
        "document_id": _first(db.session.query(Document).filter(Document.family_id == family.id)),
        "invoice_id": _first(db.session.query(Invoice).filter(Invoice.family_id == family.id)),
        "payment_id": _first(db.session.query(Payment).filter(Payment.family_id == family.id)),
    }


@pytest.fixture
def zdemo(app: Flask) -> Family:
    """Family Z-DEMO, given the records the seed does not give it (a result, a payment, a document)."""
    family = db.session.query(Family).filter_by(name="Z-DEMO").one()
    lea = db.session.query(Student).filter_by(first_name="Léa").one()
    previous = db.session.query(SchoolYear).filter_by(label="2025/2026").one()
    db.session.add(YearResult(student=lea, school_year=previous, comment="Très belle année, Léa.",
                              department=db.session.query(Department).filter_by(name="Claviers").one()))
    db.session.add(Payment(receipt_number="RC-TEST-ZDEMO", family=family, paid_on=dt.date(2026, 11, 20),
                           mode="virement", label="Virement Z-DEMO", amount_cents=1000))
    db.session.add(Document(document_type=db.session.query(DocumentType).first(), family=family, student=lea,
                            stored_name="zdemo-isolation-test", original_name="attestation-Léa-Z-DEMO.pdf",
                            content_type="application/pdf", size_bytes=10, uploaded_at=dt.datetime(2026, 11, 20),
                            status="deposited"))
    db.session.commit()
    return family


def portal_rules(app: Flask) -> list:  # type: ignore[type-arg]
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint.startswith("portal.") and r.arguments),
                  key=lambda r: r.rule)


def test_every_portal_id_route_is_404_for_another_family(app, client, auth, zdemo):
    ids = owned_ids(zdemo)
    auth.portal_login("ztest1")
    checked = 0
    for rule in portal_rules(app):
        unknown = set(rule.arguments) - set(ids) - NOT_FAMILY_IDS
        assert not unknown, f"{rule.endpoint} ({rule.rule}) takes {unknown}: add it to owned_ids()"
        id_args = set(rule.arguments) & set(ids)
        if not id_args:
            continue
        values = {name: ids[name] for name in id_args}
        values.update({name: 1 for name in set(rule.arguments) - id_args})
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={})
            body = response.get_data(as_text=True)
            assert response.status_code == 404, f"{method} {url} ({rule.endpoint}) → {response.status_code}"
            leaked = [word for word in OTHER_FAMILY_DATA if word in body]
            assert not leaked, f"{method} {url} shows {leaked}"
            checked += 1
    assert checked >= 15  # the walk really covered the portal's routes
    assert db.session.query(ChangeRequest).count() == 0


def test_own_ids_open(app, client, auth):
    """The same routes with the family's own ids answer (so the 404s above mean something)."""
    ztest = db.session.query(Family).filter_by(name="Z-TEST").one()
    students = db.session.query(Student.id).filter(Student.family_id == ztest.id)
    enrolments = db.session.query(Enrolment.id).filter(Enrolment.student_id.in_(students))
    own = {
        "student_id": _first(db.session.query(Student).filter(Student.family_id == ztest.id)),
        "enrolment_id": _first(db.session.query(Enrolment).filter(Enrolment.student_id.in_(students))),
        "evaluation_id": _first(db.session.query(Evaluation).filter(Evaluation.enrolment_id.in_(enrolments))),
        "absence_id": _first(db.session.query(Absence).filter(Absence.enrolment_id.in_(enrolments))),
        "result_id": _first(db.session.query(YearResult).filter(YearResult.student_id.in_(students))),
    }
    auth.portal_login("ztest1")
    for rule in portal_rules(app):
        if "GET" not in rule.methods or not set(rule.arguments) <= set(own):
            continue
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **{name: own[name] for name in rule.arguments})
        assert client.get(url).status_code in (200, 302), url
