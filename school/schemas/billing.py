"""Input schemas of the back office's billing forms: generation, payments, credit notes, SEPA, returns.

Amounts are typed in euros the French way ("84,00", "84.5", "1 234,50") and parsed to cents.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, ValidationError, fields, validate

from school.schemas import TranslatedSchema

REQUIRED = _l("Ce champ est obligatoire.")
AMOUNT_RE = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")


def _messages() -> dict[str, Any]:
    return {"required": REQUIRED, "null": REQUIRED, "invalid": _l("Valeur invalide.")}


class Euros(fields.Field):
    """A positive amount in euros typed by a person, loaded as integer cents."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        text = str(value or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
        match = AMOUNT_RE.match(text)
        if not match:
            raise ValidationError(_("Montant invalide (par exemple 84,00)."))
        cents = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
        if cents <= 0:
            raise ValidationError(_("Le montant doit être positif."))
        return cents


class FrenchDate(fields.Field):
    """A date typed as 09/11/2026 or given by a date input (2026-11-09)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        text = str(value or "").strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValidationError(_("Date invalide (jj/mm/aaaa)."))


class _Form(TranslatedSchema):
    class Meta:
        unknown = EXCLUDE


def _optional_text(max_len: int) -> fields.String:
    return fields.String(load_default=None, validate=validate.Length(
        max=max_len, error=_l("%(num)d caractères au maximum.", num=max_len)))


class GenerateInvoicesSchema(_Form):
    """Year, period and optional family of a generation run."""

    year = fields.Integer(required=True, strict=False, error_messages=_messages(),
                          validate=validate.Range(min=2000, max=2100, error=_l("Année invalide.")))
    period = fields.String(required=True, error_messages=_messages(),
                           validate=validate.Regexp(r"^\d{4}(-T[123])?$", error=_l("Période invalide : 2026, 2026-T1, T2 ou T3.")))
    family = _optional_text(20)


class PaymentSchema(_Form):
    """A payment typed by accounting staff."""

    family = fields.String(required=True, error_messages=_messages(), validate=validate.Length(min=1, error=REQUIRED))
    paid_on = FrenchDate(required=True, error_messages=_messages())
    mode = fields.String(required=True, error_messages=_messages(), validate=validate.OneOf(
        ["cheque", "especes", "carte", "prelevement", "virement"], error=_l("Mode de règlement inconnu.")))
    amount_cents = Euros(required=True, data_key="amount", error_messages=_messages())
    operation_number = _optional_text(40)
    label = _optional_text(120)
    ledger = fields.String(load_default="cotisations", validate=validate.OneOf(["cotisations", "locations"]))
    invoice = _optional_text(20)


class CreditNoteSchema(_Form):
    """Reason and optional amount of a credit note."""

    reason = fields.String(required=True, error_messages=_messages(), validate=[
        validate.Length(min=1, error=REQUIRED), validate.Length(max=200, error=_l("%(num)d caractères au maximum.", num=200))])
    amount_cents = Euros(load_default=None, data_key="amount")


class SepaExportSchema(_Form):
    """The due date of a direct-debit file."""

    collection_date = FrenchDate(required=True, error_messages=_messages())


class ReturnSchema(_Form):
    """Date and state of a returned instrument."""

    returned_on = FrenchDate(required=True, error_messages=_messages())
    state = fields.String(required=True, error_messages=_messages())


def clean_blank(form: Any) -> dict[str, Any]:
    """Return the form as a dict without empty optional values (so defaults apply)."""
    return {key: value for key, value in form.items() if str(value).strip() != ""}
