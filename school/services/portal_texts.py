"""Edits of the texts families read: each change of wording is a new version (consents cite it)."""
from __future__ import annotations

from sqlalchemy import inspect

from school.clock import utcnow
from school.models import PortalText


def record_edit(text: PortalText) -> bool:
    """Bump the version and timestamp of ``text`` when its body changed; return whether it did."""
    history = inspect(text).attrs.body.history
    if not history.has_changes() or (history.deleted and history.deleted[0] == text.body):
        return False
    text.version = (text.version or 1) + 1
    text.updated_at = utcnow()
    return True
