"""Shared fixtures: an app per test on a fresh copy of a seeded template database.

Database-touching tests run once on SQLite and, when ``TEST_DATABASE_URL`` is set, once more on
PostgreSQL (``backend`` parameter). The template is migrated with Alembic and seeded with the
contract's demo data once per session; each test gets its own copy, so tests never see each other.
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from seed.contract import DEMO_ACCOUNTS

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}
_counter = itertools.count()
# Tests run at a fixed moment (unless they freeze another one): the demo's re-enrolment campaign is
# open then, and dates shown to families do not depend on the day the suite runs.
TEST_NOW = dt.datetime(2026, 12, 4, 9, 0)
# One template per pytest process, so two runs on the same server never drop each other's.
PG_TEMPLATE = f"conservatoire_template_{os.getpid()}"


def base_overrides(tmp: Path) -> dict[str, Any]:
    """Return the settings every test app uses."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp / "uploads"),
        "MAIL_FOLDER": str(tmp / "mail"),
        "MAIL_SERVER": "",
        # Tests read the outbox right after a request: deliver inline (the background path has its own test).
        "MAIL_BACKGROUND": False,
        "SITE_URL": "http://portail.test",
        "SERVER_NAME": None,
    }


def build_template(url: str, tmp: Path) -> None:
    """Migrate an empty database at ``url`` and seed the contract data into it."""
    from flask_migrate import upgrade

    from app import create_app
    from backoffice.security import converge
    from school.extensions import db
    from seed.contract import seed_contract

    from school import clock

    app = create_app({**base_overrides(tmp), "SQLALCHEMY_DATABASE_URI": url})
    clock.freeze(TEST_NOW)
    with app.app_context():
        upgrade()
        converge(app.appbuilder)
        seed_contract()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    clock.freeze(None)


@pytest.fixture(scope="session")
def templates() -> Iterator[dict[str, str]]:
    """Build one seeded template per backend, lazily; drop the PostgreSQL one at the end."""
    built: dict[str, str] = {}
    yield built
    if "postgresql" in built:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)"))
        admin.dispose()


def _template_for(backend: str, templates: dict[str, str], tmp_root: Path) -> str:
    if backend in templates:
        return templates[backend]
    if backend == "sqlite":
        path = tmp_root / "template.db"
        build_template(f"sqlite:///{path}", tmp_root)
        templates[backend] = str(path)
    else:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_TEMPLATE}"))
            conn.execute(text(f"CREATE DATABASE {PG_TEMPLATE}"))
        admin.dispose()
        url = make_url(PG_URL).set(database=PG_TEMPLATE).render_as_string(hide_password=False)
        build_template(url, tmp_root)
        templates[backend] = PG_TEMPLATE
    return templates[backend]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine under test."""
    if request.param == "postgresql" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip("SQLite-only test")
    return request.param


@pytest.fixture
def database_url(backend: str, templates: dict[str, str], tmp_path: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Return the URL of a fresh copy of the seeded template."""
    root = tmp_path_factory.getbasetemp() / f"template-{backend}"
    root.mkdir(exist_ok=True)
    template = _template_for(backend, templates, root)
    if backend == "sqlite":
        target = tmp_path / "test.db"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    name = f"conservatoire_t{os.getpid()}_{next(_counter)}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def app_overrides() -> dict[str, Any]:
    """Extra settings for one test module or test (override this fixture)."""
    return {}


_apps: dict[tuple[str, str], Flask] = {}


def _cached_app(backend: str, overrides: dict[str, Any], tmp: Path) -> Flask:
    """Return one app per backend and set of overrides: building an app costs about a second."""
    from app import create_app

    key = (backend, repr(sorted(overrides.items(), key=lambda item: item[0])))
    if key not in _apps:
        _apps[key] = create_app({**base_overrides(tmp), **overrides})
    return _apps[key]


@pytest.fixture
def app(backend: str, database_url: str, tmp_path: Path, app_overrides: dict[str, Any]) -> Iterator[Flask]:
    """A configured app on its own fresh database, with an app context pushed.

    The app object is shared between tests with the same overrides; its engine, folders and
    configuration are reset for each test, so tests never see each other's data or settings.
    """
    from sqlalchemy import create_engine as make_engine

    from school import clock
    from school.extensions import db

    flask_app = _cached_app(backend, app_overrides, tmp_path)
    saved_config = dict(flask_app.config)
    flask_app.config.update({
        **base_overrides(tmp_path), **app_overrides, "SQLALCHEMY_DATABASE_URI": database_url,
    })
    with flask_app.app_context():
        engines = db._app_engines[flask_app]
        engines[None].dispose()
        engines[None] = make_engine(database_url)
        limiter = getattr(flask_app.appbuilder.sm, "limiter", None)
        if limiter is not None and getattr(limiter, "_storage", None) is not None:
            limiter.reset()  # throttling counters must not leak from one test to the next
        if clock._frozen is None:  # a test's own frozen moment wins
            clock.freeze(TEST_NOW)
        try:
            yield flask_app
        finally:
            clock.freeze(None)
            db.session.remove()
            engines[None].dispose()
            flask_app.config.clear()
            flask_app.config.update(saved_config)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for ``app``."""
    return app.test_client()


class Auth:
    """Log in and out of the portal or the back office as a demo account."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def portal_login(self, username: str = "ztest1", password: str | None = None):  # type: ignore[no-untyped-def]
        return self.client.post("/portail/connexion", data={
            "username": username, "password": password or PASSWORDS[username]})

    def staff_login(self, username: str = "admin", password: str | None = None):  # type: ignore[no-untyped-def]
        return self.client.post("/login/", data={"username": username, "password": password or PASSWORDS[username]})

    def portal_logout(self):  # type: ignore[no-untyped-def]
        return self.client.post("/portail/deconnexion")

    def staff_logout(self):  # type: ignore[no-untyped-def]
        return self.client.get("/logout/")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    """Login helper bound to ``client``."""
    return Auth(client)
