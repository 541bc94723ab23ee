"""SEPA direct debit: mandates (RUM, IBAN checked with schwifty) and pain.008 exports built with sepaxml.

An invoice is collected at most once: each collected invoice is an ``SepaExportItem`` whose
invoice is unique. The first collection of a mandate is FRST, the following ones RCUR. Recording
an export also records, in the same transaction, a "prélèvement" payment per collected invoice
(dated the collection day, operation number = the transaction's end-to-end id), so the family
ledger shows it paid.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sqlalchemy import select

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.models import Family, Invoice, SepaExport, SepaExportItem, SepaMandate
from school.services.billing import payments
from school.services.billing.invoicing import amount_due
from school.services.settings import get_setting

SCHEMA = "pain.008.001.02"


def normalise_iban(value: str) -> str:
    """Return the IBAN in compact form.

    :raises DomainError: when it is not a valid IBAN.
    """
    try:
        return IBAN(value or "").compact
    except (SchwiftyException, ValueError) as err:
        raise DomainError(_("L'IBAN saisi n'est pas valide.")) from err


def normalise_bic(value: str | None) -> str | None:
    """Return the BIC in compact form, or None when empty.

    :raises DomainError: when it is not a valid BIC.
    """
    if not (value or "").strip():
        return None
    try:
        return BIC(value.strip()).compact  # type: ignore[union-attr]
    except (SchwiftyException, ValueError) as err:
        raise DomainError(_("Le BIC saisi n'est pas valide.")) from err


def create_mandate(family: Family, *, rum: str, holder_name: str, iban: str, signed_on: dt.date,
                   bic: str | None = None) -> SepaMandate:
    """Record a signed SEPA mandate for ``family`` (its previous mandates become inactive).

    :raises DomainError: on an invalid IBAN/BIC, an empty or already used RUM, or a future signature date.
    """
    errors = []
    rum = (rum or "").strip()
    if not rum:
        errors.append(_("La référence unique de mandat (RUM) est obligatoire."))
    elif db.session.scalar(select(SepaMandate.id).where(SepaMandate.rum == rum)) is not None:
        errors.append(_("La RUM « %(rum)s » est déjà utilisée.", rum=rum))
    if not (holder_name or "").strip():
        errors.append(_("Le titulaire du compte est obligatoire."))
    if signed_on > utcnow().date():
        errors.append(_("La date de signature ne peut pas être dans le futur."))
    try:
        iban = normalise_iban(iban)
    except DomainError as err:
        errors.extend(err.messages)
    try:
        bic = normalise_bic(bic)
    except DomainError as err:
        errors.extend(err.messages)
    if errors:
        raise DomainError(*errors)
    deactivate_mandates(family.id)
    mandate = SepaMandate(family_id=family.id, rum=rum, holder_name=holder_name.strip(), iban=iban, bic=bic,
                          signed_on=signed_on, active=True, first_collected=False)
    db.session.add(mandate)
    db.session.flush()
    return mandate


def deactivate_mandates(family_id: int, keep: SepaMandate | None = None) -> None:
    """Make the family's active mandates inactive (a new signed mandate replaces them)."""
    for old in db.session.scalars(select(SepaMandate).where(SepaMandate.family_id == family_id,
                                                            SepaMandate.active.is_(True))):
        if old is not keep:
            old.active = False


@dataclass(frozen=True)
class Collection:
    """What one mandate will be debited in an export."""

    mandate: SepaMandate
    invoices: list[tuple[Invoice, int]]

    @property
    def amount_cents(self) -> int:
        return sum(amount for _, amount in self.invoices)

    @property
    def sequence_type(self) -> str:
        return "RCUR" if self.mandate.first_collected else "FRST"


def pending_collections(collection_date: dt.date) -> list[Collection]:
    """Return, per active mandate of a family paying by direct debit, its due invoices not yet collected."""
    collected = select(SepaExportItem.invoice_id)
    rows = db.session.execute(
        select(Invoice, SepaMandate)
        .join(Family, Invoice.family_id == Family.id)
        .join(SepaMandate, (SepaMandate.family_id == Family.id) & SepaMandate.active.is_(True))
        .where(Family.payment_mode == "prelevement", Invoice.kind == "invoice",
               Invoice.due_on <= collection_date, Invoice.id.not_in(collected))
        .order_by(SepaMandate.id, Invoice.issued_on, Invoice.id)
    ).all()
    by_mandate: dict[int, Collection] = {}
    for invoice, mandate in rows:
        due = amount_due(invoice)
        if due > 0:
            by_mandate.setdefault(mandate.id, Collection(mandate, [])).invoices.append((invoice, due))
    return list(by_mandate.values())


def _creditor() -> dict[str, object]:
    config = {
        "name": get_setting("sepa_creditor_name") or get_setting("school_name"),
        "IBAN": get_setting("sepa_creditor_iban").replace(" ", ""),
        "BIC": get_setting("sepa_creditor_bic").replace(" ", ""),
        "batch": True,
        "creditor_id": get_setting("sepa_creditor_id").replace(" ", ""),
        "currency": "EUR",
        "instrument": "CORE",
    }
    missing = [label for key, label in (("name", _("nom")), ("IBAN", "IBAN"), ("BIC", "BIC"),
                                         ("creditor_id", _("identifiant créancier"))) if not config[key]]
    if missing:
        raise DomainError(_("Paramètres SEPA du créancier manquants : %(names)s.", names=", ".join(missing)))
    return config


def export_direct_debits(collection_date: dt.date) -> SepaExport:
    """Build, validate against the pain.008 schema and record the direct-debit file for ``collection_date``.

    :raises DomainError: when nothing is to be collected, the creditor settings are incomplete or
        the file does not validate.
    """
    from sepaxml import SepaDD
    from sepaxml.validation import ValidationError

    if collection_date < utcnow().date():
        raise DomainError(_("La date de prélèvement ne peut pas être dans le passé."))
    collections = pending_collections(collection_date)
    if not collections:
        raise DomainError(_("Aucune échéance à prélever à cette date."))
    sepa = SepaDD(_creditor(), schema=SCHEMA, clean=True)
    end_to_end_ids = []
    for collection in collections:
        mandate = collection.mandate
        numbers = ", ".join(inv.number for inv, _ in collection.invoices)
        payment = {
            "name": mandate.holder_name, "IBAN": mandate.iban, "amount": collection.amount_cents,
            "type": collection.sequence_type, "collection_date": collection_date,
            "mandate_id": mandate.rum, "mandate_date": mandate.signed_on,
            "description": f"Conservatoire factures {numbers}",
            "endtoend_id": f"{collection.invoices[0][0].number}"[:35],
        }
        if mandate.bic:
            payment["BIC"] = mandate.bic
        sepa.add_payment(payment)
        end_to_end_ids.append(payment["endtoend_id"])
    try:
        xml = sepa.export(validate=True)
    except ValidationError as err:
        raise DomainError(_("Le fichier de prélèvement ne respecte pas le schéma pain.008 : vérifiez les "
                            "noms, IBAN et paramètres du créancier.")) from err
    export = SepaExport(message_id=sepa.msg_id[:35], collection_date=collection_date, created_at=utcnow(),
                        total_cents=sum(c.amount_cents for c in collections),
                        transaction_count=len(collections), xml=xml.decode("utf-8"))
    db.session.add(export)
    for collection, end_to_end_id in zip(collections, end_to_end_ids):
        for invoice, amount in collection.invoices:
            db.session.add(SepaExportItem(export=export, invoice_id=invoice.id, mandate_id=collection.mandate.id,
                                          amount_cents=amount, sequence_type=collection.sequence_type))
            payments.record_payment(
                invoice.family, paid_on=collection_date, mode="prelevement", amount_cents=amount,
                operation_number=end_to_end_id, label=f"Prélèvement SEPA {export.message_id}"[:120],
                ledger=invoice.ledger, allocations=[payments.Allocation(invoice, amount)],
            )
        collection.mandate.first_collected = True
    db.session.flush()
    return export


def export_filename(export: SepaExport) -> str:
    """Return the download name of an export, e.g. prelevements-2026-12-05-<id>.xml."""
    return f"prelevements-{export.collection_date.isoformat()}-{export.id}.xml"
