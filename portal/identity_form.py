"""The identity form shared by Famille › Identité and Elèves › Identité: field states for templates.

Templates hold no logic: each field arrives with its value, error, "required" and "pending" flags.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from school.choices import CIVILITIES, FAMILY_SITUATIONS, PCS_CATEGORIES
from school.services.change_requests import FIELD_LABELS, to_text

OPTIONS: dict[str, list[tuple[str, str]]] = {
    "civility": [(c, c) for c in CIVILITIES],
    "family_situation": [(s, s) for s in FAMILY_SITUATIONS],
    "pcs_code": [(code, f"{code} — {label}") for code, label in PCS_CATEGORIES],
}
KINDS = {"birth_date": "date", "email": "email", "use_guardian_address": "checkbox"}
AUTOCOMPLETE = {
    "civility": "honorific-prefix", "last_name": "family-name", "first_name": "given-name", "birth_date": "bday",
    "address": "address-line1", "address_extra": "address-line2", "postal_code": "postal-code",
    "city": "address-level2", "phone_home": "tel", "phone_mobile": "tel", "phone_work": "tel",
    "email": "email", "profession": "organization-title",
}

GUARDIAN_LAYOUT: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_l("Identité"), ("civility", "last_name", "first_name", "birth_date", "birth_place", "birth_department",
                      "family_situation", "pcs_code", "profession")),
    (_l("Coordonnées"), ("address", "address_extra", "postal_code", "city", "phone_home", "phone_mobile",
                     "phone_work", "email", "phone_extra1", "phone_extra2", "phone_extra3")),
)
STUDENT_LAYOUT: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_l("Identité"), ("civility", "last_name", "first_name", "birth_date", "birth_place", "birth_department",
                      "family_situation", "emergency_contact", "emergency_phone")),
    (_l("Coordonnées"), ("use_guardian_address", "address", "address_extra", "postal_code", "city", "phone_home",
                     "phone_mobile", "phone_work", "email")),
)


@dataclass
class FormField:
    """One input of the identity form as the template renders it."""

    name: str
    label: str
    kind: str
    value: str
    required: bool
    pending: bool
    error: str | None = None
    options: list[tuple[str, str]] = field(default_factory=list)
    autocomplete: str | None = None

    @property
    def described_by(self) -> str:
        """Return the ids of the texts describing this input (error, pending marker)."""
        ids = [f"{self.name}-error"] if self.error else []
        if self.pending:
            ids.append(f"{self.name}-pending")
        return " ".join(ids)


def build(record: Any, schema: Schema, layout: tuple[tuple[Any, tuple[str, ...]], ...],
          requested: dict[str, str | None], submitted: dict[str, Any] | None = None,
          errors: dict[str, list[str]] | None = None) -> list[tuple[str, list[FormField]]]:
    """Return the form's groups of fields: typed values after an error, else requested or stored values."""
    groups = []
    for legend, names in layout:
        items = []
        for name in names:
            if submitted is not None:
                raw = submitted.get(name)
                value = "true" if name == "use_guardian_address" and raw else (raw or "")
            elif name in requested:
                value = requested[name] or ""
            else:
                value = to_text(getattr(record, name)) or ""
            label = FIELD_LABELS[name]  # numbered extra phones: three identical labels would confuse
            items.append(FormField(
                name=name, label=label, kind=KINDS.get(name, "select" if name in OPTIONS else (
                    "tel" if "phone" in name else "text")),
                value=value, required=schema.fields[name].required, pending=name in requested,
                error=" ".join((errors or {}).get(name, [])) or None, options=OPTIONS.get(name, []),
                autocomplete=AUTOCOMPLETE.get(name),
            ))
        groups.append((str(legend), items))
    return groups
