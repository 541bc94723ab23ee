"""Safe redirects and the portal's menu."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

MENU = (
    ("portal.home", _l("Accueil")),
    ("portal.show_family", _l("Famille")),
    ("portal.list_students", _l("Elèves")),
    ("portal.show_billing", _l("Facturation")),
    ("portal.accessibility", _l("Accessibilité")),
    ("portal.change_password", _l("Mot de passe")),
)


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` when it is a local path, else ``default`` (SECURITY.md rule 9)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
