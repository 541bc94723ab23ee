"""Application factory: ``flask --app app run`` serves the back office and the family portal."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from flask_appbuilder import AppBuilder
from sqlalchemy import event
from sqlalchemy.engine import Engine

import config
from school.extensions import csrf, db, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build a configured app; ``overrides`` win over environment and defaults (tests)."""
    app = Flask(__name__, instance_relative_config=True, static_folder="backoffice/static",
                static_url_path="/backoffice/static")  # the back office's stylesheet
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(config.build_config(instance, overrides))

    import school.models  # noqa: F401  (registers every table on Model.metadata)

    # FAB builds filters for every column of every model and warns about time columns it cannot
    # filter; our views never offer them, so the warning is noise at each start.
    logging.getLogger("flask_appbuilder.models.filters").setLevel(logging.ERROR)

    db.init_app(app)
    _tune_sqlite()
    csrf.init_app(app)  # before AppBuilder, so FAB's forms and our portal share one CSRF setup
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)

    from backoffice import register_views
    from backoffice.http import register_http_hooks
    from portal import bp as portal_bp
    from commands import register_cli

    with app.app_context():
        appbuilder = AppBuilder(update_perms=app.config["FAB_UPDATE_PERMS"])
        appbuilder.init_app(app, db.session)
        register_views(appbuilder)
    app.register_blueprint(portal_bp)
    register_http_hooks(app)

    @app.context_processor
    def page_language() -> dict[str, str]:
        """Give every page the language it is rendered in, for ``<html lang>``."""
        from flask_babel import get_locale

        locale = get_locale()
        return {"html_lang": locale.language if locale else app.config["BABEL_DEFAULT_LOCALE"]}
    register_cli(app)

    return app


def _tune_sqlite() -> None:
    """Use WAL and a busy timeout on SQLite so a second writer waits instead of failing."""
    if getattr(_tune_sqlite, "_done", False):
        return

    @event.listens_for(Engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    _tune_sqlite._done = True  # type: ignore[attr-defined]
