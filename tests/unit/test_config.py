"""Configuration: no secret in the repository, and SQLite tuned for a second writer."""
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import config


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSERVATOIRE_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY doit être défini"):
        config.build_config(tmp_path)


def test_development_generates_a_private_key_once_under_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSERVATOIRE_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.build_config(tmp_path)["SECRET_KEY"]
    assert len(first) >= 40 and config.build_config(tmp_path)["SECRET_KEY"] == first
    key_file = Path(tmp_path / "secret_key")
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_every_setting_can_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://u@db/conservatoire")
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "1048576")
    monkeypatch.setenv("LANGUAGES", "fr,en")
    cfg = config.build_config(tmp_path, {"SECRET_KEY": "k"})
    assert cfg["SQLALCHEMY_DATABASE_URI"].endswith("@db/conservatoire")
    assert cfg["MAX_UPLOAD_BYTES"] == 1048576 and set(cfg["LANGUAGES"]) == {"fr", "en"}


def test_sqlite_uses_wal_and_a_second_writer_waits(tmp_path):
    import app  # noqa: F401  (installs the connection hook)
    from app import _tune_sqlite

    _tune_sqlite()
    engine = create_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
        conn.commit()
    # A first writer holds the lock briefly; the second one waits for it instead of failing.
    holder = sqlite3.connect(tmp_path / "w.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (2)"))
    release.join()
    holder.close()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2
    engine.dispose()
