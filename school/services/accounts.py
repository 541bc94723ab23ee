"""User accounts (staff and families share FAB's user table) and the password policy."""
from __future__ import annotations

from flask import current_app
from flask_appbuilder.security.sqla.models import Role, User

from school.errors import DomainError
from school.extensions import db
from school.services import password_policy


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
        raise DomainError(f"L'identifiant « {username} » est déjà utilisé.")
    if db.session.query(User.id).filter(User.email == email).first():
        raise DomainError(f"L'adresse e-mail « {email} » est déjà utilisée par un autre compte.")
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
