"""The password policy admins choose (SECURITY.md rule 5), stated on every password form."""
from __future__ import annotations

import re
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from school.extensions import db

DEFAULT = "default"
LEGACY = "legacy"
POLICIES = {
    DEFAULT: _l("Le mot de passe doit contenir entre 12 et 128 caractères (tous caractères acceptés, "
                "espaces compris) et ne pas être un mot de passe courant."),
    LEGACY: _l("Le nouveau mot de passe doit avoir une longueur comprise entre 8 et 20 caractères, et "
               "doit contenir au moins une lettre majuscule, une lettre minuscule et un chiffre."),
}
SETTING_KEY = "password_policy"
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
_common: frozenset[str] | None = None


def _common_passwords() -> frozenset[str]:
    global _common
    if _common is None:
        _common = frozenset(
            line.strip().lower() for line in _COMMON_FILE.read_text().splitlines() if line.strip()
        )
    return _common


def current() -> str:
    """Return the key of the policy in force (stored in the settings, default when unset)."""
    from school.models import Setting

    value = db.session.query(Setting.value).filter(Setting.key == SETTING_KEY).scalar()
    return value if value in POLICIES else DEFAULT


def describe() -> str:
    """Return the French sentence stating the policy in force."""
    return str(POLICIES[current()])


def check(password: str) -> list[str]:
    """Return the French reasons ``password`` is refused by the policy in force (empty if fine)."""
    policy = current()
    problems: list[str] = []
    if policy == LEGACY:
        if not 8 <= len(password) <= 20:
            problems.append(_("Le mot de passe doit contenir entre 8 et 20 caractères."))
        if not re.search(r"[A-Z]", password):
            problems.append(_("Le mot de passe doit contenir au moins une lettre majuscule."))
        if not re.search(r"[a-z]", password):
            problems.append(_("Le mot de passe doit contenir au moins une lettre minuscule."))
        if not re.search(r"[0-9]", password):
            problems.append(_("Le mot de passe doit contenir au moins un chiffre."))
    else:
        if len(password) < 12:
            problems.append(_("Le mot de passe doit contenir au moins 12 caractères."))
        if len(password) > 128:
            problems.append(_("Le mot de passe ne doit pas dépasser 128 caractères."))
    if password.lower() in _common_passwords():
        problems.append(_("Ce mot de passe est trop courant : choisissez-en un autre."))
    return problems
