"""Helpers for back-office tests: the registered model views and a sample record of each."""
from __future__ import annotations

from typing import Any

from flask import Flask

from backoffice.views.base import SchoolModelView
from school.extensions import db


def model_views(app: Flask) -> list[SchoolModelView]:
    """Return every registered back-office model view (the core ones and those added later)."""
    return [v for v in app.appbuilder.baseviews if isinstance(v, SchoolModelView)]


def url(view: SchoolModelView, verb: str, pk: Any = None) -> str:
    """Return the URL of ``verb`` (list, show, add, edit, delete) on ``view``."""
    base = view.route_base
    return {"list": f"{base}/list/", "show": f"{base}/show/{pk}", "add": f"{base}/add",
            "edit": f"{base}/edit/{pk}", "delete": f"{base}/delete/{pk}"}[verb]


def first_pk(view: SchoolModelView, clause: Any = None) -> int | None:
    """Return the id of one record of the view's model (within ``clause`` when given)."""
    model = view.datamodel.obj
    query = db.session.query(model.id)
    if clause is not None:
        query = query.filter(clause)
    row = query.order_by(model.id).first()
    return row[0] if row else None
