"""Input schemas of the portal's account forms: login, lost password, reset and password change.

Password fields are never stripped (spaces count) and only their presence and confirmation are
checked here; the policy in force is applied by ``school.services.accounts.set_password``.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, ValidationError, fields, validate, validates_schema

from school.schemas import TranslatedSchema

REQUIRED = _l("Ce champ est obligatoire.")
MISMATCH = _l("La confirmation ne correspond pas au nouveau mot de passe.")


def _messages() -> dict[str, Any]:
    return {"required": REQUIRED, "null": REQUIRED, "invalid": _l("Valeur invalide.")}


def _required_text(max_len: int) -> fields.String:
    return fields.String(required=True, error_messages=_messages(), validate=[
        validate.Length(min=1, error=REQUIRED),
        validate.Length(max=max_len, error=_l("%(num)d caractères au maximum.", num=max_len)),
    ])


class _Form(TranslatedSchema):
    class Meta:
        unknown = EXCLUDE


class LoginSchema(_Form):
    """Identifiant and Mot de passe of the Connexion page."""

    username = _required_text(128)
    password = _required_text(256)


class LostPasswordSchema(_Form):
    """Identifiant and E-mail of the Mot de passe perdu page."""

    username = _required_text(128)
    email = fields.String(required=True, error_messages=_messages(), validate=[
        validate.Length(min=1, error=REQUIRED),
        validate.Email(error=_l("Adresse e-mail invalide (par exemple nom@exemple.fr).")),
        validate.Length(max=254, error=_l("%(num)d caractères au maximum.", num=254)),
    ])


class NewPasswordSchema(_Form):
    """A new password typed twice (reset page)."""

    new_password = _required_text(1024)
    confirmation = _required_text(1024)

    @validates_schema
    def _confirmed(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("new_password") and data.get("confirmation") and data["new_password"] != data["confirmation"]:
            raise ValidationError(str(MISMATCH), "confirmation")


class ChangePasswordSchema(NewPasswordSchema):
    """The current password, then the new one twice (Mot de passe page)."""

    current_password = _required_text(1024)


def clean_form(form: Any, names: tuple[str, ...], *, strip: tuple[str, ...] = ()) -> dict[str, str]:
    """Return the named form values (missing ones as empty strings), stripping those in ``strip``."""
    values = {name: form.get(name, "") for name in names}
    for name in strip:
        values[name] = values[name].strip()
    return values
