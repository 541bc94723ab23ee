"""Staff roles and the security manager (one module holds every role's permissions)."""
from __future__ import annotations

from flask_appbuilder.security.sqla.manager import SecurityManager


class SchoolSecurityManager(SecurityManager):
    """FAB's security manager with the school's roles."""


def converge(appbuilder) -> None:  # type: ignore[no-untyped-def]
    """Create every role and the permissions of every registered view (idempotent)."""
    from flask_appbuilder.security.manager import BaseSecurityManager

    from school.services.accounts import ensure_role
    from school.services.roles import ALL_ROLES

    sm = appbuilder.sm
    BaseSecurityManager.create_db(sm)  # roles only; tables come from the migrations
    appbuilder.add_permissions(update_perms=True)
    for name in ALL_ROLES:
        ensure_role(name)
