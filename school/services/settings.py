"""Admin-editable settings and portal texts, read by both front ends."""
from __future__ import annotations

from school.extensions import db
from school.models import PortalText, Setting


def get_setting(key: str, default: str = "") -> str:
    """Return the value of setting ``key`` (``default`` when unset)."""
    value = db.session.query(Setting.value).filter(Setting.key == key).scalar()
    return value if value is not None else default


def get_text(key: str) -> PortalText | None:
    """Return the portal text ``key`` (title, body and version), or None."""
    return db.session.query(PortalText).filter(PortalText.key == key).one_or_none()
