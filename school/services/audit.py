"""The audit log: who did what, when (UTC) and from where; never passwords, tokens or cookies."""
from __future__ import annotations

import json
from typing import Any

from flask import has_request_context, request
from flask_appbuilder.security.sqla.models import User

from school.clock import utcnow
from school.extensions import db
from school.models import AuditLog

_SECRET_WORDS = ("password", "token", "cookie", "secret")


def record(user: User | None, action: str, target: Any = None, details: dict[str, Any] | None = None) -> AuditLog:
    """Add an audit line for ``action`` by ``user`` on ``target`` (a model instance or None)."""
    clean = {k: v for k, v in (details or {}).items() if not any(w in k.lower() for w in _SECRET_WORDS)}
    entry = AuditLog(
        at=utcnow(),
        user_id=getattr(user, "id", None),
        actor=getattr(user, "username", None) or "anonyme",
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        details=json.dumps(clean, ensure_ascii=False, default=str) if clean else None,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
