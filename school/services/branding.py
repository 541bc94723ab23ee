"""The school's logo, shown on every portal page: uploaded by admins, stored like documents."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from school.errors import DomainError
from school.extensions import db
from school.models import Setting
from school.services.documents import detect_kind, limit_label, remove_file_on_commit, stage_file, stored_path

LOGO_KEY = "school_logo"
LOGO_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
MAX_LOGO_BYTES = 512 * 1024


def store_logo(upload: FileStorage | None) -> None:
    """Replace the logo with an uploaded PNG or JPEG (checked by content), committed by the caller.

    :raises DomainError: when no file is given, or it is not a PNG/JPEG image of at most 512 KB.
    """
    if upload is None or not upload.filename:
        raise DomainError(_("Choisissez un fichier image."))
    data = upload.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise DomainError(_("Le logo ne doit pas dépasser %(limit)s.", limit=limit_label(MAX_LOGO_BYTES)))
    if detect_kind(data) not in LOGO_TYPES:
        raise DomainError(_("Le logo doit être une image PNG ou JPEG."))
    setting = db.session.query(Setting).filter_by(key=LOGO_KEY).one_or_none()
    if setting is None:
        setting = Setting(key=LOGO_KEY, label="Logo (fichier stocké)", value="")
        db.session.add(setting)
    elif setting.value:
        try:
            remove_file_on_commit(db.session, setting.value)  # the previous logo goes once replaced
        except DomainError:
            pass  # a hand-edited value never named one of our files
    setting.value = stage_file(db.session, data)


def logo_file() -> tuple[Path, str] | None:
    """Return the stored logo's path and content type, or None when no logo was uploaded."""
    name = db.session.query(Setting.value).filter(Setting.key == LOGO_KEY).scalar()
    if not name:
        return None
    try:
        path = stored_path(name)
    except DomainError:
        current_app.logger.warning("Invalid stored logo name %r", name)
        return None
    if not path.exists():
        return None
    kind = detect_kind(path.read_bytes()[:8])
    return (path, LOGO_TYPES[kind]) if kind in LOGO_TYPES else None
