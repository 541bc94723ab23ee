"""Lost password and first connection: single-use, expiring links sent by e-mail (SECURITY.md 1–3).

The token is 256 bits from ``secrets`` and only its SHA-256 hash is stored. A new request, a
successful reset or a change of the account's e-mail invalidates every earlier link; the link is
built on ``SITE_URL``, never on the request's Host header. No password is ever e-mailed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

from flask import current_app
from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.models import PasswordResetToken
from school.services import accounts, audit
from school.services.mail import queue_mail

INVALID_LINK = _l("Ce lien de réinitialisation n'est plus valable (déjà utilisé, expiré ou remplacé par une "
                  "demande plus récente). Faites une nouvelle demande depuis « Mot de passe perdu ».")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_account(username: str, email: str) -> User | None:
    """Return the active family account whose identifier and e-mail both match, else None."""
    username, email = username.strip(), email.strip()
    if not username or not email:
        return None
    user = db.session.query(User).filter(func.lower(User.username) == username.lower()).one_or_none()
    if user is None or not user.active or not accounts.is_family(user):
        return None
    if (user.email or "").strip().lower() != email.lower():
        return None
    return user


def request_reset(username: str, email: str, link_for: Callable[[str], str]) -> User | None:
    """E-mail a reset link when identifier and e-mail match a family account; return it (or None).

    The caller must answer identically either way; ``link_for(token)`` returns the page's path.
    """
    user = find_account(username, email)
    audit.record(user, "password_reset_requested", user, {"username": username.strip()[:128]})
    if user is None:
        return None
    invalidate_tokens(user)
    token = secrets.token_urlsafe(32)
    hours = current_app.config["RESET_TOKEN_HOURS"]
    now = utcnow()
    db.session.add(PasswordResetToken(
        user_id=user.id, token_hash=_hash(token), email=user.email, created_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    ))
    queue_mail(
        user.email, "password_reset", _("Portail des familles : choisir votre mot de passe"),
        name=f"{user.first_name} {user.last_name}".strip(), username=user.username, hours=hours,
        link=current_app.config["SITE_URL"] + link_for(token),
    )
    return user


def valid_token(token: str) -> PasswordResetToken | None:
    """Return the unused, unexpired token row for ``token`` whose account still has that e-mail."""
    if not token or len(token) > 128:
        return None
    row = db.session.query(PasswordResetToken).filter(PasswordResetToken.token_hash == _hash(token)).one_or_none()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    user = row.user
    if not user.active or (user.email or "").lower() != row.email.lower() or not accounts.is_family(user):
        return None
    return row


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link, then spend the link and end every session.

    :raises DomainError: when the link is no longer valid or the password breaks the policy.
    """
    row = valid_token(token)
    if row is None:
        raise DomainError(str(INVALID_LINK))
    user = row.user
    accounts.set_password(user, new_password)
    invalidate_tokens(user)
    accounts.close_all_sessions(user)
    audit.record(user, "password_reset_done", user)
    return user


def invalidate_tokens(user: User) -> None:
    """Spend every pending reset link of ``user`` (call it when the account's e-mail changes)."""
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
