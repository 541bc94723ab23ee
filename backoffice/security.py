"""Staff roles and the security manager: one table holds every role's permissions.

Every back-office view and API belongs to one permission *domain* (its ``class_permission_name``)
and asks for ``can_read`` or ``can_write`` there (``backoffice.views.base.READ_WRITE``). The table
below grants each role "read" or "write" per domain, plus named actions; it is applied as FAB
built-in roles (patterns anchored with ``$``), so it needs no database permission rows and covers
views added later. Menu items show only when the user may open the view behind them.
"""
from __future__ import annotations

import re
from typing import Any

from flask import g
from flask_appbuilder.const import PERMISSION_PREFIX
from flask_appbuilder.menu import MenuItem
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from school.services import roles

READ, WRITE = "read", "write"

# Permission domains, in menu order (see ``MENU_CATEGORIES``).
PEOPLE, TEACHING, PEDAGOGY = "People", "Teaching", "Pedagogy"
REENROLMENT, DOCUMENTS, CHANGE_REQUESTS = "Reenrolment", "Documents", "ChangeRequests"
BILLING, TARIFFS, CONFIGURATION, AUDIT = "Billing", "Tariffs", "Configuration", "Audit"
DOMAINS = (PEOPLE, TEACHING, PEDAGOGY, REENROLMENT, DOCUMENTS, CHANGE_REQUESTS, BILLING, TARIFFS,
           CONFIGURATION, AUDIT)

# Back-office menu categories, in display order: (menu name, label). FAB's own "Security"
# category (users, roles) is shown as "Sécurité" by FAB's French catalogue.
SECURITY_CATEGORY = "Security"
MENU_CATEGORIES = (
    ("Familles et élèves", _l("Familles et élèves")),
    ("Pédagogie", _l("Pédagogie")),
    ("Réinscriptions", _l("Réinscriptions")),
    ("Facturation", _l("Facturation")),
    ("Configuration", _l("Configuration")),
    (SECURITY_CATEGORY, _l("Sécurité")),
)

# The role table: role -> {domain: "read" | "write"}. Admin also holds every FAB security view.
ROLE_TABLE: dict[str, dict[str, str]] = {
    roles.ADMIN: {domain: WRITE for domain in DOMAINS},
    roles.SECRETARIAT: {
        PEOPLE: WRITE, TEACHING: WRITE, PEDAGOGY: WRITE, REENROLMENT: WRITE, DOCUMENTS: WRITE,
        CHANGE_REQUESTS: WRITE, BILLING: READ, TARIFFS: READ,
    },
    roles.ACCOUNTING: {BILLING: WRITE, TARIFFS: WRITE, PEOPLE: READ},
    # Restricted to their own courses' records by ``school.services.teacher_scope``.
    roles.TEACHER: {PEDAGOGY: WRITE, TEACHING: READ},
    roles.READ_ONLY: {domain: READ for domain in DOMAINS if domain != AUDIT},
    roles.FAMILY: {},
}

# Named actions whose permission is their bare name (FAB): role -> {domain: (action, ...)}.
# A "write" grant already covers actions mapped to "write" in a view's ``method_permission_name``.
ROLE_ACTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    roles.SECRETARIAT: {CHANGE_REQUESTS: ("can_decide",)},  # approve/reject identity changes
}

# Admin alone reaches FAB's security views (users, roles), the OpenAPI document and Swagger UI.
ADMIN_EXTRA = [(".*", ".*")]
# Every staff member may read their own profile (FAB's "Profil" link).
STAFF_COMMON = [("UserDBModelView$", "can_userinfo$")]
LEVEL_PERMISSIONS = {READ: "can_read$", WRITE: "can_(read|write)$"}


def builtin_roles() -> dict[str, list[tuple[str, str]]]:
    """Translate the role table into FAB built-in roles: role -> [(view regex, permission regex)]."""
    result: dict[str, list[tuple[str, str]]] = {}
    for role, grants in ROLE_TABLE.items():
        patterns = [(f"{re.escape(domain)}$", LEVEL_PERMISSIONS[level]) for domain, level in grants.items()]
        for domain, actions in ROLE_ACTIONS.get(role, {}).items():
            patterns += [(f"{re.escape(domain)}$", f"{re.escape(action)}$") for action in actions]
        result[role] = patterns + (STAFF_COMMON if role in roles.STAFF_ROLES else [])
    result[roles.ADMIN] = ADMIN_EXTRA
    result.setdefault("Public", [])
    return result


class SchoolSecurityManager(SecurityManager):
    """FAB's security manager with the school's roles and menus filtered by permission."""

    from backoffice.login import StaffAuthDBView as authdbview  # noqa: N813  (FAB's attribute name)

    def create_builtin_roles(self) -> dict[str, list[tuple[str, str]]]:  # type: ignore[override]
        from flask import current_app

        return {**current_app.config.get("FAB_ROLES", {}), **builtin_roles()}

    def has_access(self, permission_name: str, view_name: str) -> bool:
        # FAB's navbar asks "menu_access" per menu entry: answer from the views behind the entries.
        if permission_name == "menu_access":
            return view_name in self.get_user_menu_access()
        return super().has_access(permission_name, view_name)

    def get_user_menu_access(self, menu_names: list[str] | None = None) -> set[str]:
        """Return the menu entries to show: views the user may open, and categories holding one."""
        if not current_user.is_authenticated:
            return set()
        cached = g.get("_school_menu_access")
        if cached is None:
            cached = set()
            for item in self.appbuilder.menu.get_list():
                self._collect_menu_access(item, cached)
            g._school_menu_access = cached
        return cached

    def _collect_menu_access(self, item: MenuItem, allowed: set[str]) -> bool:
        if item.childs:
            visible = [self._collect_menu_access(child, allowed) for child in item.childs]
            if any(visible):
                allowed.add(item.name)
            return any(visible)
        view = item.baseview
        if view is None:  # a plain link; an empty category (no href) never shows
            ok = bool(item.href) and self._has_view_access(g.user, "menu_access", item.name)
        else:
            method = view.default_view
            mapped = (getattr(view, "method_permission_name", None) or {}).get(method, method)
            ok = self.has_access(PERMISSION_PREFIX + mapped, view.class_permission_name)
        if ok:
            allowed.add(item.name)
        return ok


def arrange_menu(appbuilder: Any) -> None:
    """Create the menu categories in their display order, FAB's "Sécurité" last."""
    menu = appbuilder.menu
    for name, label in MENU_CATEGORIES:
        if menu.find(name) is None:
            menu.add_category(name, label=label)
    order = {name: index for index, (name, _label) in enumerate(MENU_CATEGORIES)}
    menu.menu.sort(key=lambda item: order.get(item.name, len(order) - 0.5))


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
