"""Safe redirects and the portal's menu."""
from __future__ import annotations

from urllib.parse import urlsplit

MENU = (
    ("portal.home", "Accueil"),
    ("portal.show_family", "Famille"),
    ("portal.list_students", "Elèves"),
    ("portal.show_billing", "Facturation"),
    ("portal.accessibility", "Accessibilité"),
    ("portal.change_password", "Mot de passe"),
)


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` when it is a local path, else ``default`` (SECURITY.md rule 9)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
