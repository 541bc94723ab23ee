"""Input schemas for the identity forms of guardians and pupils (portal and re-enrolment wizard).

Required fields are the guide's "champs en jaune"; every message is French. Empty optional fields
load as ``None`` (a family may clear them); fields the schema does not know are dropped, so a posted
``family_id`` or ``qf_tranche`` never reaches a record.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, ValidationError, fields, pre_load, validate, validates

from school.choices import CIVILITIES, FAMILY_SITUATIONS, PCS_LABELS, SCHOOL_LEVELS
from school.clock import utcnow
from school.schemas import TranslatedSchema

REQUIRED = _l("Ce champ est obligatoire.")
PHONE_RE = re.compile(r"^\+?[0-9]{10,15}$")
POSTAL_RE = re.compile(r"^[0-9]{5}$")


def _messages(**extra: Any) -> dict[str, Any]:
    return {"required": REQUIRED, "null": REQUIRED, "invalid": _l("Valeur invalide."), **extra}


def _text(max_len: int, *, required: bool = False) -> fields.String:
    return fields.String(
        required=required, allow_none=not required, error_messages=_messages(),
        validate=validate.Length(max=max_len, error=_l("%(num)d caractères au maximum.", num=max_len)),
    )


def _choice(values: tuple[str, ...] | list[str], *, required: bool = False) -> fields.String:
    return fields.String(required=required, allow_none=not required, error_messages=_messages(),
                         validate=validate.OneOf(values, error=_l("Choisissez une valeur de la liste.")))


def _phone() -> fields.String:
    return fields.String(allow_none=True, error_messages=_messages(), validate=validate.Regexp(
        PHONE_RE, error=_l("Numéro de téléphone invalide (10 chiffres, par exemple 0299746864).")))


class FrenchDate(fields.Date):
    """A date typed as 2016-01-31 (date picker) or 31/01/2016 (typed by hand)."""

    default_error_messages = {"invalid": _l("Date invalide (jj/mm/aaaa)."), "required": REQUIRED, "null": REQUIRED}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        if isinstance(value, str) and re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
            try:
                return dt.datetime.strptime(value, "%d/%m/%Y").date()
            except ValueError as exc:
                raise self.make_error("invalid") from exc
        return super()._deserialize(value, attr, data, **kwargs)


class PersonSchema(TranslatedSchema):
    """Identity and contact fields common to guardians and pupils."""

    class Meta:
        unknown = EXCLUDE

    civility = _choice(CIVILITIES, required=True)
    last_name = _text(80, required=True)
    first_name = _text(80, required=True)
    birth_date = FrenchDate(allow_none=True)
    birth_place = _text(80)
    birth_department = _text(80)
    family_situation = _choice(FAMILY_SITUATIONS)
    address = _text(200)
    address_extra = _text(200)
    postal_code = fields.String(allow_none=True, error_messages=_messages(), validate=validate.Regexp(
        POSTAL_RE, error=_l("Le code postal doit comporter 5 chiffres.")))
    city = _text(80)
    phone_home = _phone()
    phone_mobile = _phone()
    phone_work = _phone()
    email = fields.Email(allow_none=True, error_messages=_messages(invalid=_l("Adresse e-mail invalide.")),
                         validate=validate.Length(max=254, error=_l("%(num)d caractères au maximum.", num=254)))

    @pre_load
    def clean(self, data: Any, **_kwargs: Any) -> dict[str, Any]:
        """Trim values, drop empty required fields (→ "obligatoire"), empty optional ones → None."""
        if hasattr(data, "to_dict"):
            data = data.to_dict()
        cleaned: dict[str, Any] = {}
        for name, value in dict(data).items():
            field = self.fields.get(name)
            if field is None:
                continue
            if isinstance(value, str):
                value = value.strip()
                if name.startswith("phone") or name == "emergency_phone":
                    value = re.sub(r"[ .\-]", "", value)
                if name == "postal_code":
                    value = value.replace(" ", "")
            if value == "":
                if field.required:
                    continue
                value = None
            cleaned[name] = value
        return cleaned

    @validates("birth_date")
    def birth_date_in_past(self, value: dt.date | None, **_kwargs: Any) -> None:
        """Refuse a birth date in the future or before 1900."""
        if value is not None and not dt.date(1900, 1, 1) <= value <= utcnow().date():
            raise ValidationError(_("La date de naissance doit être passée."))


class GuardianSchema(PersonSchema):
    """A guardian's identity form (Famille › Identité)."""

    address = _text(200, required=True)
    postal_code = fields.String(required=True, error_messages=_messages(), validate=validate.Regexp(
        POSTAL_RE, error=_l("Le code postal doit comporter 5 chiffres.")))
    city = _text(80, required=True)
    email = fields.Email(required=True, error_messages=_messages(invalid=_l("Adresse e-mail invalide.")),
                         validate=validate.Length(max=254, error=_l("%(num)d caractères au maximum.", num=254)))
    pcs_code = _choice(list(PCS_LABELS))
    profession = _text(120)
    phone_extra1 = _phone()
    phone_extra2 = _phone()
    phone_extra3 = _phone()


class StudentSchema(PersonSchema):
    """A pupil's identity form (Elèves › Identité)."""

    use_guardian_address = fields.Boolean(load_default=False, truthy={"1", "on", "oui", "true", True},
                                          falsy={"0", "off", "non", "false", "", False})
    emergency_contact = _text(120)
    emergency_phone = _phone()

    @pre_load
    def unchecked_box(self, data: Any, **_kwargs: Any) -> dict[str, Any]:
        """Read a missing checkbox as "no", as browsers send nothing for an unchecked box."""
        data = dict(data)
        data.setdefault("use_guardian_address", False)
        return data


class YearAnswersSchema(TranslatedSchema):
    """A pupil's answers for the current school year: image rights (explicit yes/no) and school level."""

    class Meta:
        unknown = EXCLUDE

    image_rights = fields.String(load_default=None, allow_none=True, error_messages={
        "required": _l("Répondez Oui ou Non au droit à l'image."), "null": _l("Répondez Oui ou Non au droit à l'image.")},
        validate=validate.OneOf(("oui", "non"), error=_l("Répondez Oui ou Non au droit à l'image.")))
    school_level = fields.String(allow_none=True, validate=validate.OneOf(
        SCHOOL_LEVELS, error=_l("Choisissez une valeur de la liste.")))

    @pre_load
    def clean(self, data: Any, **_kwargs: Any) -> dict[str, Any]:
        """Turn empty answers into missing ones."""
        if hasattr(data, "to_dict"):
            data = data.to_dict()
        out = {k: v.strip() if isinstance(v, str) else v for k, v in dict(data).items()}
        if out.get("image_rights") == "":
            out["image_rights"] = None
        if out.get("school_level") == "":
            out["school_level"] = None
        return out
