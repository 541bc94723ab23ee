"""User accounts (staff and families share FAB's user table), passwords and portal sessions."""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from flask_appbuilder.security.sqla.models import Role, User
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.models import PortalSession
from school.services import password_policy

WRONG_CURRENT_PASSWORD = _l("Le mot de passe actuel est incorrect.")


def security_manager():  # type: ignore[no-untyped-def]
    """Return FAB's security manager of the current app."""
    return current_app.appbuilder.sm


def ensure_role(name: str) -> Role:
    """Return the role called ``name``, creating it when missing."""
    role = db.session.query(Role).filter_by(name=name).one_or_none()
    if role is None:
        role = Role(name=name)
        db.session.add(role)
        db.session.flush()
    return role


def create_account(
    *, username: str, email: str, first_name: str, last_name: str, role_name: str,
    password: str | None = None,
) -> User:
    """Create a user with one role; ``password`` must obey the policy, or be None (no login yet).

    :raises DomainError: when the username or e-mail is taken, or the password is refused.
    """
    if db.session.query(User.id).filter(User.username == username).first():
        raise DomainError(_("L'identifiant « %(username)s » est déjà utilisé.", username=username))
    if db.session.query(User.id).filter(User.email == email).first():
        raise DomainError(_("L'adresse e-mail « %(email)s » est déjà utilisée par un autre compte.", email=email))
    user = User(
        username=username, email=email, first_name=first_name, last_name=last_name, active=True,
        roles=[ensure_role(role_name)],
    )
    db.session.add(user)
    if password is not None:
        set_password(user, password)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Hash and store ``password`` after checking it against the policy in force.

    :raises DomainError: with every rule the password breaks.
    """
    problems = password_policy.check(password)
    if problems:
        raise DomainError(*problems)
    from werkzeug.security import generate_password_hash

    user.password = generate_password_hash(
        password, method=current_app.config["FAB_PASSWORD_HASH_METHOD"]
    )


def role_names(user: User) -> set[str]:
    """Return the names of the user's roles."""
    return {role.name for role in user.roles}


def is_staff(user: User) -> bool:
    """Tell whether ``user`` holds a staff role (families never reach the back office)."""
    from school.services.roles import STAFF_ROLES

    return bool(role_names(user) & set(STAFF_ROLES))


def is_family(user: User) -> bool:
    """Tell whether ``user`` is a family account."""
    from school.services.roles import FAMILY

    return FAMILY in role_names(user)


def authenticate_family(username: str, password: str) -> User | None:
    """Return the active family account with these credentials, else None (staff never pass)."""
    if not username or not password:
        return None
    user = security_manager().auth_user_db(username, password)
    if user is None or not is_family(user):
        return None
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password of ``user`` after checking the current one and the policy in force.

    :raises DomainError: when the current password is wrong or the new one is refused.
    """
    from werkzeug.security import check_password_hash

    if not user.password or not check_password_hash(user.password, current_password):
        raise DomainError(str(WRONG_CURRENT_PASSWORD))
    set_password(user, new_password)


def open_session(user: User) -> str:
    """Record a new portal session for ``user`` and return its secret id (kept in the cookie)."""
    sid = secrets.token_urlsafe(32)
    db.session.add(PortalSession(user_id=user.id, sid_hash=_hash(sid), created_at=utcnow()))
    return sid


def session_is_open(user: User, sid: str | None) -> bool:
    """Tell whether ``sid`` is a session of ``user`` still open on the server."""
    if not sid:
        return False
    return db.session.query(PortalSession.id).filter(
        PortalSession.user_id == user.id, PortalSession.sid_hash == _hash(sid)
    ).first() is not None


def close_session(sid: str | None) -> None:
    """End the portal session ``sid`` on the server."""
    if sid:
        db.session.execute(delete(PortalSession).where(PortalSession.sid_hash == _hash(sid)))


def close_all_sessions(user: User, *, keep: str | None = None) -> None:
    """End every portal session of ``user`` (except ``keep``), e.g. after a password change."""
    query = delete(PortalSession).where(PortalSession.user_id == user.id)
    if keep:
        query = query.where(PortalSession.sid_hash != _hash(keep))
    db.session.execute(query)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
