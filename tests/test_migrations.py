"""Migrations and models agree, and upgrade / downgrade -1 / upgrade works (SECURITY.md rule 23).

Runs on a fresh empty database of each backend, not on the seeded template.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_appbuilder import Model
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_URL, base_overrides


@pytest.fixture
def empty_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """Return the URL of a new, empty database."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"conservatoire_migrations_{os.getpid()}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _differences(engine) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, Model.metadata)


def _revision(engine) -> str | None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_upgrade_downgrade_upgrade_and_models_match(empty_database: str, tmp_path: Path) -> None:
    from flask_migrate import downgrade, upgrade

    from app import create_app
    from school.extensions import db

    app = create_app({**base_overrides(tmp_path), "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        assert _differences(db.engine) == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"family", "student", "enrolment", "invoice", "ab_user"} <= tables

        head = _revision(db.engine)
        assert head is not None

        downgrade(revision="-1")
        assert _revision(db.engine) != head

        upgrade()
        assert _revision(db.engine) == head
        assert _differences(db.engine) == []
        db.session.remove()
        db.engine.dispose()


def test_upgrade_on_the_demo_database_keeps_its_data(app) -> None:
    """`flask db upgrade` on a database already holding the demo data changes nothing and loses nothing."""
    from flask_migrate import upgrade

    from school.extensions import db
    from school.models import Family, Invoice

    head = _revision(db.engine)
    families, invoices = db.session.query(Family).count(), db.session.query(Invoice).count()
    db.session.remove()
    upgrade()
    assert _revision(db.engine) == head
    assert _differences(db.engine) == []
    assert (db.session.query(Family).count(), db.session.query(Invoice).count()) == (families, invoices) != (0, 0)
