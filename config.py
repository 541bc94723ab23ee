"""Settings: defaults here, each overridable by an environment variable, then by a test mapping."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask_appbuilder.const import AUTH_DB

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _languages(codes: str) -> dict[str, dict[str, str]]:
    """Return FAB's LANGUAGES mapping for a comma-separated list such as "fr,en"."""
    names = {"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español", "it": "Italiano"}
    return {code: {"flag": "gb" if code == "en" else code, "name": names.get(code, code)}
            for code in (c.strip() for c in codes.split(",")) if code}


def _secret_key(instance_path: Path, production: bool) -> str:
    """Return SECRET_KEY from the environment, or a key generated once under ``instance/``."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise RuntimeError("SECRET_KEY doit être défini en production (variable d'environnement).")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def build_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the configuration mapping for an app whose instance folder is ``instance_path``."""
    overrides = dict(overrides or {})
    production = os.environ.get("CONSERVATOIRE_ENV", "development") == "production"
    if "SECRET_KEY" not in overrides:
        overrides["SECRET_KEY"] = _secret_key(instance_path, production)
    sqlite_path = instance_path / "conservatoire.db"
    cfg: dict[str, Any] = {
        "ENV_NAME": "production" if production else "development",
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{sqlite_path}"),
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(instance_path / "uploads")),
        "MAIL_FOLDER": os.environ.get("MAIL_FOLDER", str(instance_path / "mail")),
        "MAX_UPLOAD_BYTES": int(os.environ.get("MAX_UPLOAD_BYTES", 2 * 1024 * 1024)),
        # The request limit leaves room for the multipart envelope around a 2 MB file.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 3 * 1024 * 1024)),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 25)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "conservatoire@example.org"),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", 5)),
        # Deliver e-mails from a thread after the response (the outbox keeps what a crash interrupts).
        "MAIL_BACKGROUND": _env_bool("MAIL_BACKGROUND", True),
        "WKHTMLTOPDF": os.environ.get("WKHTMLTOPDF", "/usr/bin/wkhtmltopdf"),
        "RESET_TOKEN_HOURS": int(os.environ.get("RESET_TOKEN_HOURS", 24)),
        "TIMEZONE": "Europe/Paris",
        # Sessions and cookies (SECURITY.md rule 7).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # Flask-AppBuilder.
        "APP_NAME": os.environ.get("APP_NAME", "Conservatoire"),
        "AUTH_TYPE": AUTH_DB,
        "AUTH_ROLE_ADMIN": "Admin",
        "AUTH_ROLE_PUBLIC": "Public",
        "AUTH_USER_REGISTRATION": False,
        "AUTH_RATE_LIMITED": True,
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "AUTH_RATE_LIMIT": os.environ.get("AUTH_RATE_LIMIT", "10 per 5 minutes"),
        "RESET_RATE_LIMIT": os.environ.get("RESET_RATE_LIMIT", "5 per hour"),
        "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL", False),
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", 10)),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "FAB_PASSWORD_HASH_METHOD": "pbkdf2:sha256:600000",
        # Tables come from migrations; permissions and roles from `flask setup` (see backoffice.security).
        "FAB_CREATE_DB": False,
        "FAB_UPDATE_PERMS": False,
        "FAB_ADD_SECURITY_API": False,
        "FAB_API_SWAGGER_UI": True,
        "FAB_SECURITY_MANAGER_CLASS": "backoffice.security.SchoolSecurityManager",
        "FAB_INDEX_VIEW": "backoffice.index.SchoolIndexView",
        "BABEL_DEFAULT_LOCALE": os.environ.get("BABEL_DEFAULT_LOCALE", "fr"),
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "BABEL_TRANSLATION_DIRECTORIES": str(BASE_DIR / "translations"),
        "LANGUAGES": _languages(os.environ.get("LANGUAGES", "fr")),
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 8,
    }
    cfg.update(overrides)
    return cfg
