"""No list page issues a query per row: 5 rows and 50 rows cost the same number of statements."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from school.extensions import db
from school.models import Course, Enrolment, Evaluation, Family, Room, SchoolYear, Student, Teacher

ROWS = 60


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements run on the app's engine."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.fixture
def many_rows(app: Flask) -> None:
    """Add enough families, pupils, courses, enrolments and evaluations to fill a 50-row page."""
    year = db.session.query(SchoolYear).filter_by(is_current=True).one()
    template = db.session.query(Course).filter_by(label="Culture musicale 1C2").one()
    room = db.session.query(Room).first()
    for i in range(ROWS):
        teacher = Teacher(last_name=f"PROF{i:02d}", first_name="Test")
        course = Course(label=f"Cours test {i:02d}", school_year=year, discipline=template.discipline,
                        teacher=teacher, room=room, weekday=i % 6, start_time=dt.time(9, 0),
                        duration_minutes=30, capacity=10, cycle=template.cycle)
        family = Family(name=f"FAMILLE{i:02d}", reference=f"T{i:05d}", qf_tranche=1 + i % 6)
        student = Student(family=family, last_name=f"ELEVE{i:02d}", first_name="Test")
        enrolment = Enrolment(student=student, course=course, school_year=year, status="active")
        evaluation = Evaluation(enrolment=enrolment, name=f"Éval {i:02d}", date=dt.date(2026, 10, 1))
        db.session.add_all([teacher, course, family, student, enrolment, evaluation])
    db.session.commit()


@pytest.mark.parametrize("view", ["FamilyView", "StudentView", "EnrolmentView", "EvaluationView", "CourseView",
                                  "GuardianView", "YearResultView", "RepertoireItemView", "AbsenceView"])
def test_list_query_count_does_not_grow_with_rows(app: Flask, client: FlaskClient, auth, many_rows, view: str) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login("admin")
    path = f"/{view.lower()}/list/?psize_{view}="
    assert client.get(path + "5").status_code == 200  # warm-up: the first request loads the user
    counts = {}
    for size in (5, 50):
        with counting(app) as statements:
            response = client.get(path + str(size))
        assert response.status_code == 200
        counts[size] = len(statements)
    assert counts[5] == counts[50], counts


def test_fifty_rows_are_really_shown(client: FlaskClient, auth, many_rows) -> None:  # type: ignore[no-untyped-def]
    auth.staff_login("admin")
    html = client.get("/evaluationview/list/?psize_EvaluationView=50").get_data(as_text=True)
    assert html.count("Éval ") >= 45
