"""Two secretaries validating at the same moment never fill a course beyond its capacity (PostgreSQL)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from school.errors import DomainError
from school.extensions import db
from school.models import Course, Enrolment, ReenrolmentRequest
from school.services import reenrolment
from tests.reenrolment.helpers import option, student, submitted_request, user


@pytest.fixture
def postgresql_only(backend: str) -> None:
    """Skip before building an app: row locks are a PostgreSQL matter (SQLite serialises writers)."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")


def test_last_place_goes_to_one_request_only(postgresql_only, app):
    full = option("Culture musicale 1C3 - La Guerche")  # one place
    essai_course = db.session.scalars(select(Course).where(Course.label == "Culture musicale 1C2")).one()
    # Léa also studies "Culture musicale" this year, so both ask for the same last place.
    db.session.add(Enrolment(student=student("Léa"), course=essai_course, school_year=essai_course.school_year))
    ids = [submitted_request(label=full.label).id, submitted_request("Léa", full.label, "zdemo2").id]
    db.session.commit()
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def decide(request_id: int) -> None:
        with app.app_context():
            request = db.session.get(ReenrolmentRequest, request_id)
            staff = user("secretariat")
            barrier.wait()
            try:
                reenrolment.validate(request, reviewer=staff)
                db.session.commit()
                outcomes[request_id] = "validated"
            except DomainError as err:
                db.session.rollback()
                outcomes[request_id] = str(err)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=decide, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o == "validated" for o in outcomes.values()) == [False, True]
    assert any("est complet" in o for o in outcomes.values())
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.course_id == full.course_id, Enrolment.status == "active")) == 1
