"""Who is using the portal: the logged-in family account and the records it may see."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, redirect, request, url_for
from flask_login import current_user

from school.extensions import db
from school.models import Family, Guardian, Student
from school.services.accounts import is_family

F = TypeVar("F", bound=Callable[..., Any])


def family_required(view: F) -> F:
    """Let only logged-in family accounts through; others go to the portal's login page."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("portal.login", next=request.full_path.rstrip("?")))
        if not is_family(current_user) or current_guardian() is None and current_student_account() is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def current_guardian() -> Guardian | None:
    """Return the guardian record of the logged-in account (None for an adult pupil's account)."""
    cache = g.setdefault("portal_records", {})
    key = ("guardian", current_user.id)  # keyed by user: one app context may serve several logins
    if key not in cache:
        cache[key] = db.session.query(Guardian).filter(Guardian.user_id == current_user.id).one_or_none()
    return cache[key]


def current_student_account() -> Student | None:
    """Return the pupil record when the logged-in account is an adult pupil's own."""
    cache = g.setdefault("portal_records", {})
    key = ("student", current_user.id)
    if key not in cache:
        cache[key] = db.session.query(Student).filter(Student.user_id == current_user.id).one_or_none()
    return cache[key]


def current_family() -> Family:
    """Return the family of the logged-in account."""
    guardian = current_guardian()
    if guardian is not None:
        return guardian.family
    student = current_student_account()
    if student is None:
        abort(403)
    return student.family


def own_student_or_404(student_id: int) -> Student:
    """Return the family's pupil ``student_id``; any other id is a 404 (never a 403, never data)."""
    student = db.session.get(Student, student_id)
    if student is None or student.family_id != current_family().id:
        abort(404)
    return student
