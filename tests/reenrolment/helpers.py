"""Shortcuts shared by the re-enrolment tests."""
from __future__ import annotations

from sqlalchemy import select

from school.extensions import db
from school.models import CourseOption, ReenrolmentRequest, Student
from school.services import reenrolment
from school.services.campaigns import open_campaign


def user(username: str):  # type: ignore[no-untyped-def]
    from flask_appbuilder.security.sqla.models import User

    return db.session.scalars(select(User).where(User.username == username)).one()


def student(first_name: str) -> Student:
    return db.session.scalars(select(Student).where(Student.first_name == first_name)).one()


def option(label: str) -> CourseOption:
    return db.session.scalars(select(CourseOption).where(CourseOption.label == label)).one()


def submitted_request(first_name: str = "Essai", label: str = "Culture musicale 1C3 - Vitré",
                      username: str = "ztest1") -> ReenrolmentRequest:
    """Walk a pupil through steps 1–5 with the service and return the submitted request."""
    pupil = student(first_name)
    author = user(username)
    request = reenrolment.start(pupil, open_campaign())
    reenrolment.choose(request, True, author=author)
    reenrolment.save_coordinates(request, [], author=author)
    reenrolment.save_image_rights(request, True, author=author)
    reenrolment.finish_documents(request, author=author)
    chosen = option(label)
    reenrolment.save_courses(request, [reenrolment.CourseAnswer(chosen.discipline_id, True, chosen.id)], None,
                             author=author)
    reenrolment.submit(request, accepted=True, author=author)
    return request
