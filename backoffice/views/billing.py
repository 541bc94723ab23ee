"""« Facturation »: tariffs, invoices and credit notes, payments, SEPA, instrument rentals, exports.

Issued invoices and payments are never edited through generic forms: they come from the
generation page, the payment form and the credit-note form, each calling one service.
"""
from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, request, stream_template, url_for
from flask_appbuilder import AppBuilder, BaseView, expose
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from marshmallow import ValidationError
from sqlalchemy import select

from backoffice.security import BILLING, TARIFFS
from backoffice.views.base import READ_WRITE, SchoolModelView
from school.errors import DomainError
from school.downloads import bytes_download
from school.schemas import field_errors
from school.extensions import db
from school.formatting import date_fr, datetime_fr, money
from school.models import (
    DiscountRule, Family, Instrument, Invoice, InvoiceLine, Payment, PaymentAllocation, Rental, SepaExport,
    SepaMandate, Tariff, TariffCategory,
)
from school.schemas.billing import (
    CreditNoteSchema, GenerateInvoicesSchema, PaymentSchema, ReturnSchema, SepaExportSchema, clean_blank,
)
from school.services import audit
from school.services.billing import documents, exports, invoicing, payments, rentals, sepa
from school.services.billing.ledger import LEDGER_NAMES, family_ledger
from school.services.pdf import PdfUnavailable

CATEGORY = "Facturation"
# Generic add/edit/delete forms are switched off for records only services may create.
NO_FORMS = {"add": "none", "edit": "none", "delete": "none"}
READ_ONLY_ROUTES = {"add", "edit", "delete"}
KIND_LABELS = {"invoice": _l("Facture"), "credit_note": _l("Avoir")}
DISCOUNT_KINDS = {"nth_student": _l("À partir du n-ième élève de la famille"),
                  "nth_discipline": _l("À partir de la n-ième discipline d'un élève")}
COMMON_LABELS = {
    "family": _l("Famille"), "school_year": _l("Année scolaire"), "ledger": _l("Compte"), "student": _l("Élève"),
    "created_at": _l("Créé le"), "amount_cents": _l("Montant"),
}


def family_ledger_link(family: Family | None) -> Markup | str:
    """Return the family's name linked to its ledger page (compte famille)."""
    if family is None:
        return ""
    return Markup('<a href="{}">{}</a>').format(url_for("FamilyLedgerView.show", family_id=family.id), str(family))


def yes_no(value: Any) -> str:
    return _("Oui") if value else _("Non")





# --- Tariffs ---------------------------------------------------------------------------------

class TariffCategoryView(SchoolModelView):
    """Tariff categories (a cursus points to one)."""

    domain = TARIFFS
    datamodel = SQLAInterface(TariffCategory)
    list_title = show_title = _l("Catégories tarifaires")
    add_title, edit_title = _l("Ajouter une catégorie tarifaire"), _l("Modifier une catégorie tarifaire")
    label_columns = {"code": _l("Code"), "name": _l("Nom"), "ledger": _l("Compte (cotisations ou locations)")}
    list_columns = ["name", "code", "ledger"]
    search_columns = ["name", "code", "ledger"]
    order_columns = ["name", "code"]
    add_columns = edit_columns = show_columns = ["name", "code", "ledger"]
    base_order = ("name", "asc")


class TariffView(SchoolModelView):
    """The tariff grid: year × category × QF tranche × residency → annual amount."""

    domain = TARIFFS
    datamodel = SQLAInterface(Tariff)
    list_title = show_title = _l("Grille tarifaire")
    add_title, edit_title = _l("Ajouter un tarif"), _l("Modifier un tarif")
    label_columns = {**COMMON_LABELS, "tariff_category": _l("Catégorie"), "qf_tranche": _l("Tranche QF"),
                     "resident": _l("Résident"), "amount_cents": _l("Montant annuel (en centimes)")}
    list_columns = ["school_year", "tariff_category", "qf_tranche", "resident", "amount_cents"]
    search_columns = ["school_year", "tariff_category", "qf_tranche", "resident"]
    order_columns = ["qf_tranche", "amount_cents"]
    add_columns = edit_columns = show_columns = ["school_year", "tariff_category", "qf_tranche", "resident",
                                                 "amount_cents"]
    formatters_columns = {"amount_cents": money, "resident": yes_no}
    page_size = 50


class DiscountRuleView(SchoolModelView):
    """Configurable discounts (remises)."""

    domain = TARIFFS
    datamodel = SQLAInterface(DiscountRule)
    list_title = show_title = _l("Remises")
    add_title, edit_title = _l("Ajouter une remise"), _l("Modifier une remise")
    label_columns = {"name": _l("Libellé (affiché sur la facture)"),
                     "kind": _l("Type (nth_student ou nth_discipline)"),
                     "from_rank": _l("À partir du rang"), "percent": _l("Pourcentage"), "active": _l("Active")}
    description_columns = {"kind": _l("nth_student : à partir du n-ième élève d'une famille ; "
                                      "nth_discipline : à partir de la n-ième discipline d'un élève."),
                           "from_rank": _l("2 pour « à partir du 2e ».")}
    list_columns = ["name", "kind", "from_rank", "percent", "active"]
    search_columns = ["name", "kind", "active"]
    order_columns = ["name", "from_rank", "percent"]
    add_columns = edit_columns = show_columns = ["name", "kind", "from_rank", "percent", "active"]
    formatters_columns = {"kind": lambda v: DISCOUNT_KINDS.get(v, v), "active": yes_no}


# --- Invoices and payments -------------------------------------------------------------------

class ReadOnlyBillingView(SchoolModelView):
    """A billing view without generic add/edit/delete forms."""

    domain = BILLING
    method_permission_name = {**READ_WRITE, **NO_FORMS}
    exclude_route_methods = READ_ONLY_ROUTES


class InvoiceLineView(ReadOnlyBillingView):
    """Invoice lines (read-only)."""

    datamodel = SQLAInterface(InvoiceLine)
    list_title = show_title = _l("Lignes de facture")
    label_columns = {**COMMON_LABELS, "invoice": _l("Facture"), "position": _l("N°"), "label": _l("Désignation"),
                     "amount_cents": _l("Montant"), "discount_cents": _l("Remise"),
                     "discount_label": _l("Motif de remise")}
    list_columns = ["invoice", "position", "label", "amount_cents", "discount_cents", "discount_label"]
    show_columns = list_columns
    search_columns = ["label"]
    order_columns = ["position"]
    formatters_columns = {"amount_cents": money, "discount_cents": money}
    base_order = ("position", "asc")


class PaymentAllocationView(ReadOnlyBillingView):
    """How payments settle invoices (read-only)."""

    datamodel = SQLAInterface(PaymentAllocation)
    list_title = show_title = _l("Affectations des règlements")
    label_columns = {"payment": _l("Reçu"), "invoice": _l("Facture"), "amount_cents": _l("Montant affecté")}
    list_columns = show_columns = ["payment", "invoice", "amount_cents"]
    search_columns = ["amount_cents"]
    order_columns = ["amount_cents"]
    formatters_columns = {"amount_cents": money}


class InvoiceView(ReadOnlyBillingView):
    """Invoices and credit notes: generated, never edited; PDF and credit note from the show page."""

    datamodel = SQLAInterface(Invoice)
    method_permission_name = {**ReadOnlyBillingView.method_permission_name, "pdf": "read",
                              "credit_note": "write", "generate": "write", "export": "read"}
    list_title = _l("Factures et avoirs")
    show_title = _l("Facture")
    list_template = "backoffice/billing/invoice_list.html"
    show_template = "backoffice/billing/invoice_show.html"
    label_columns = {**COMMON_LABELS, "number": _l("Numéro"), "kind": _l("Type"), "period": _l("Période"),
                     "label": _l("Libellé"),
                     "issued_on": _l("Date"), "due_on": _l("Échéance"), "total_cents": _l("Montant net"),
                     "discount_cents": _l("Remise"), "credited_invoice": _l("Facture d'origine"),
                     "generation_key": _l("Clé de génération")}
    list_columns = ["number", "kind", "issued_on", "family", "ledger", "period", "total_cents", "discount_cents"]
    list_eager = ("family",)
    show_columns = ["number", "kind", "label", "family", "school_year", "ledger", "period", "issued_on", "due_on",
                    "discount_cents", "total_cents", "credited_invoice", "created_at"]
    search_columns = ["number", "kind", "ledger", "period", "issued_on"]
    order_columns = ["number", "issued_on", "total_cents"]
    formatters_columns = {"total_cents": money, "discount_cents": money, "issued_on": date_fr, "due_on": date_fr,
                          "family": family_ledger_link,
                          "kind": lambda v: KIND_LABELS.get(v, v), "created_at": datetime_fr,
                          "ledger": lambda v: LEDGER_NAMES.get(v, v)}
    base_order = ("number", "desc")
    related_views = [InvoiceLineView]

    @expose("/pdf/<int:pk>")
    @has_access
    def pdf(self, pk: int) -> Any:
        """Download the PDF duplicate of an invoice or credit note."""
        invoice = db.session.get(Invoice, pk) or abort(404)
        try:
            return bytes_download(documents.invoice_pdf(invoice), documents.invoice_filename(invoice), "application/pdf")
        except PdfUnavailable as err:
            flash(str(err), "danger")
            return redirect(url_for("InvoiceView.show", pk=pk))

    @expose("/avoir/<int:pk>", methods=["GET", "POST"])
    @has_access
    def credit_note(self, pk: int) -> Any:
        """Issue a credit note against an invoice (the only way to correct one)."""
        invoice = db.session.get(Invoice, pk) or abort(404)
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                data = CreditNoteSchema().load(clean_blank(request.form))
                note = invoicing.create_credit_note(invoice, reason=data["reason"],
                                                    amount_cents=data.get("amount_cents"))
                audit.record(_staff(), "credit_note", note,
                             {"invoice": invoice.number, "amount_cents": note.total_cents})
                db.session.commit()
                flash(_("Avoir %(number)s de %(amount)s établi.", number=note.number, amount=money(note.total_cents)),
                      "success")
                return redirect(url_for("InvoiceView.show", pk=note.id))
            except ValidationError as err:
                errors = field_errors(err.messages)
            except DomainError as err:
                db.session.rollback()
                errors = {"_": str(err)}
        status = 422 if errors else 200
        return self.render_template(
            "backoffice/billing/credit_note.html", invoice=invoice, errors=errors, form=request.form,
            creditable=money(invoice.total_cents - invoicing.credited_cents(invoice)),
        ), status

    @expose("/generer", methods=["GET", "POST"])
    @has_access
    def generate(self) -> Any:
        """Generate the invoices of a period for every family or one, showing the progress as it goes."""
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                data = GenerateInvoicesSchema().load(clean_blank(request.form))
                family = None
                if data.get("family"):
                    family = db.session.scalar(select(Family).where(Family.reference == data["family"].strip()))
                    if family is None:
                        raise ValidationError({"family": [_("Famille %(ref)s introuvable.", ref=data["family"])]})
                batch = GenerationBatch(invoicing.iter_generation(data["year"], data["period"], family=family),
                                        period=data["period"], user=_staff())
                batch.start()  # a wrong period or year raises here, before anything is streamed
                return Response(stream_template(
                    "backoffice/billing/generate_progress.html", appbuilder=self.appbuilder,
                    base_template=self.appbuilder.base_template, batch=batch,
                ))
            except ValidationError as err:
                errors = field_errors(err.messages)
            except DomainError as err:
                db.session.rollback()
                errors = {"_": str(err)}
        return self.render_template("backoffice/billing/generate.html", errors=errors, form=request.form,
                                    result=None), 422 if errors else 200

    @expose("/export/<what>.<fmt>")
    @has_access
    def export(self, what: str, fmt: str) -> Any:
        """Download invoices or payments as CSV or XLSX for the accounting software."""
        if fmt not in exports.FORMATS or what not in ("factures", "reglements"):
            abort(404)
        table = exports.invoices_table() if what == "factures" else exports.payments_table()
        writer, mimetype = exports.FORMATS[fmt]
        return bytes_download(writer(table), f"{what}.{fmt}", mimetype)


class GenerationBatch:
    """A running invoice generation: its progress steps for the page, then its committed result."""

    STEP = 25  # families between two progress lines on the page

    def __init__(self, steps: Any, *, period: str, user: Any) -> None:
        self._steps, self.period, self.user = steps, period, user
        self._first: tuple[int, int] | None = None
        self.result: invoicing.GenerationResult | None = None

    def start(self) -> None:
        """Run the first family now, so invalid input is reported as a form error."""
        try:
            self._first = next(self._steps)
        except StopIteration as finished:
            self._finish(finished.value)

    def progress(self) -> Any:
        """Yield (done, total) every ``STEP`` families and at the end, then commit the batch."""
        if self._first is not None:
            done, total = self._first
            if done == total or done % self.STEP == 0:
                yield done, total
            for done, total in self._steps_left():
                if done == total or done % self.STEP == 0:
                    yield done, total

    def _steps_left(self) -> Any:
        try:
            while True:
                yield next(self._steps)
        except StopIteration as finished:
            self._finish(finished.value)

    def _finish(self, result: invoicing.GenerationResult) -> None:
        audit.record(self.user, "generate_invoices", None, {"period": self.period, "created": len(result.created)})
        db.session.commit()
        self.result = result


def _staff() -> Any:
    from flask import g
    return getattr(g, "user", None)


class PaymentView(ReadOnlyBillingView):
    """Payments (règlements) and their receipts."""

    datamodel = SQLAInterface(Payment)
    method_permission_name = {**ReadOnlyBillingView.method_permission_name, "pdf": "read", "record": "write"}
    list_title = _l("Règlements")
    show_title = _l("Règlement")
    list_template = "backoffice/billing/payment_list.html"
    show_template = "backoffice/billing/payment_show.html"
    label_columns = {**COMMON_LABELS, "receipt_number": _l("Reçu"), "paid_on": _l("Date"),
                     "mode": _l("Mode de règlement"),
                     "operation_number": _l("Numéro d'opération"), "label": _l("Libellé"),
                     "amount_cents": _l("Montant")}
    list_columns = ["receipt_number", "paid_on", "family", "mode", "operation_number", "amount_cents"]
    list_eager = ("family",)
    show_columns = ["receipt_number", "paid_on", "family", "ledger", "mode", "operation_number", "label",
                    "amount_cents", "created_at"]
    search_columns = ["receipt_number", "mode", "operation_number", "paid_on"]
    order_columns = ["receipt_number", "paid_on", "amount_cents"]
    formatters_columns = {"amount_cents": money, "paid_on": date_fr, "created_at": datetime_fr,
                          "family": family_ledger_link,
                          "mode": lambda v: payments.PAYMENT_MODES.get(v, v),
                          "ledger": lambda v: LEDGER_NAMES.get(v, v)}
    base_order = ("receipt_number", "desc")
    related_views = [PaymentAllocationView]

    @expose("/pdf/<int:pk>")
    @has_access
    def pdf(self, pk: int) -> Any:
        """Download the PDF receipt of a payment."""
        payment = db.session.get(Payment, pk) or abort(404)
        try:
            return bytes_download(documents.receipt_pdf(payment), documents.receipt_filename(payment), "application/pdf")
        except PdfUnavailable as err:
            flash(str(err), "danger")
            return redirect(url_for("PaymentView.show", pk=pk))

    @expose("/enregistrer", methods=["GET", "POST"])
    @has_access
    def record(self) -> Any:
        """Record a payment, allocated to one invoice or to the oldest unpaid ones."""
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                data = PaymentSchema().load(clean_blank(request.form))
                family = db.session.scalar(select(Family).where(Family.reference == data["family"].strip()))
                if family is None:
                    raise ValidationError({"family": [_("Famille %(ref)s introuvable.", ref=data["family"])]})
                allocations = None
                if data.get("invoice"):
                    invoice = db.session.scalar(select(Invoice).where(Invoice.number == data["invoice"].strip()))
                    if invoice is None:
                        raise ValidationError(
                            {"invoice": [_("Facture %(number)s introuvable.", number=data["invoice"])]})
                    allocations = [payments.Allocation(invoice, min(data["amount_cents"],
                                                                     invoicing.amount_due(invoice)))]
                payment = payments.record_payment(
                    family, paid_on=data["paid_on"], mode=data["mode"], amount_cents=data["amount_cents"],
                    operation_number=data.get("operation_number"), label=data.get("label"), ledger=data["ledger"],
                    allocations=allocations)
                audit.record(_staff(), "record_payment", payment, {"amount_cents": payment.amount_cents})
                db.session.commit()
                flash(_("Règlement enregistré : reçu %(receipt)s.", receipt=payment.receipt_number), "success")
                return redirect(url_for("PaymentView.show", pk=payment.id))
            except ValidationError as err:
                errors = field_errors(err.messages)
            except DomainError as err:
                db.session.rollback()
                errors = {"_": str(err)}
        return self.render_template("backoffice/billing/payment_form.html", errors=errors, form=request.form,
                                    modes=payments.PAYMENT_MODES, ledgers=LEDGER_NAMES), 422 if errors else 200


class FamilyLedgerView(BaseView):
    """The family ledger (compte famille), the same rows as the portal's Facturation page."""

    route_base = "/comptefamille"
    class_permission_name = BILLING
    method_permission_name = {"show": "read", "export": "read"}
    default_view = "show"

    @expose("/<int:family_id>")
    @has_access
    def show(self, family_id: int) -> Any:
        """Show the ledger of a family."""
        family = db.session.get(Family, family_id) or abort(404)
        ledger_name = request.args.get("compte", "cotisations")
        if ledger_name not in LEDGER_NAMES:
            abort(404)
        ledger = family_ledger(family, ledger_name)
        return self.render_template("backoffice/billing/ledger.html", ledger=ledger, family=family,
                                    ledgers=LEDGER_NAMES, money=money, date_fr=date_fr)

    @expose("/<int:family_id>/export.<fmt>")
    @has_access
    def export(self, family_id: int, fmt: str) -> Any:
        """Download a family ledger as CSV or XLSX."""
        family = db.session.get(Family, family_id) or abort(404)
        ledger_name = request.args.get("compte", "cotisations")
        if fmt not in exports.FORMATS or ledger_name not in LEDGER_NAMES:
            abort(404)
        writer, mimetype = exports.FORMATS[fmt]
        return bytes_download(writer(exports.ledger_table(family, ledger_name)),
                        f"compte-{family.reference}-{ledger_name}.{fmt}", mimetype)


# --- SEPA ------------------------------------------------------------------------------------

class SepaMandateView(SchoolModelView):
    """SEPA direct-debit mandates (IBAN checked, RUM unique)."""

    domain = BILLING
    datamodel = SQLAInterface(SepaMandate)
    method_permission_name = {**READ_WRITE, "delete": "none"}
    exclude_route_methods = {"delete"}
    list_title = show_title = _l("Mandats de prélèvement SEPA")
    add_title, edit_title = _l("Enregistrer un mandat SEPA"), _l("Modifier un mandat SEPA")
    label_columns = {**COMMON_LABELS, "rum": _l("RUM (référence unique de mandat)"),
                     "holder_name": _l("Titulaire du compte"),
                     "iban": _l("IBAN"), "bic": _l("BIC (facultatif)"), "signed_on": _l("Date de signature"),
                     "active": _l("Actif"),
                     "first_collected": _l("Déjà prélevé (séquence RCUR)")}
    list_columns = ["rum", "family", "holder_name", "signed_on", "active", "first_collected"]
    list_eager = ("family",)
    add_columns = ["family", "rum", "holder_name", "iban", "bic", "signed_on"]
    edit_columns = ["holder_name", "iban", "bic", "active"]
    show_columns = ["rum", "family", "holder_name", "iban", "bic", "signed_on", "active", "first_collected"]
    search_columns = ["rum", "holder_name", "active"]
    order_columns = ["rum", "signed_on"]
    formatters_columns = {"signed_on": date_fr, "active": yes_no, "first_collected": yes_no}

    def pre_add(self, item: SepaMandate) -> None:
        item.iban = sepa.normalise_iban(item.iban)
        item.bic = sepa.normalise_bic(item.bic)
        item.first_collected = False
        if item.active is None:
            item.active = True
        with db.session.no_autoflush:
            if db.session.scalar(select(SepaMandate.id).where(SepaMandate.rum == (item.rum or "").strip())):
                raise DomainError(_("La RUM « %(rum)s » est déjà utilisée.", rum=item.rum))
            if item.family is not None:
                sepa.deactivate_mandates(item.family.id, keep=item)

    def pre_update(self, item: SepaMandate) -> None:
        item.iban = sepa.normalise_iban(item.iban)
        item.bic = sepa.normalise_bic(item.bic)


class SepaExportView(ReadOnlyBillingView):
    """Direct-debit files (pain.008) already produced; each invoice is collected once."""

    datamodel = SQLAInterface(SepaExport)
    method_permission_name = {**ReadOnlyBillingView.method_permission_name, "xml": "read", "create": "write"}
    list_title = show_title = _l("Prélèvements SEPA")
    show_template = "backoffice/billing/sepa_show.html"
    list_template = "backoffice/billing/sepa_list.html"
    label_columns = {"message_id": _l("Identifiant du message"), "collection_date": _l("Date de prélèvement"),
                     "created_at": _l("Créé le"), "total_cents": _l("Montant total"),
                     "transaction_count": _l("Prélèvements")}
    list_columns = ["message_id", "collection_date", "transaction_count", "total_cents", "created_at"]
    show_columns = list_columns
    search_columns = ["message_id", "collection_date"]
    order_columns = ["collection_date", "created_at"]
    formatters_columns = {"collection_date": date_fr, "created_at": datetime_fr, "total_cents": money}
    base_order = ("created_at", "desc")

    @expose("/xml/<int:pk>")
    @has_access
    def xml(self, pk: int) -> Any:
        """Download the pain.008 XML file of an export."""
        export = db.session.get(SepaExport, pk) or abort(404)
        return bytes_download(export.xml.encode("utf-8"), sepa.export_filename(export), "application/xml")

    @expose("/nouveau", methods=["GET", "POST"])
    @has_access
    def create(self) -> Any:
        """Build and record the direct-debit file of a due date."""
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                data = SepaExportSchema().load(clean_blank(request.form))
                export = sepa.export_direct_debits(data["collection_date"])
                audit.record(_staff(), "sepa_export", export, {"total_cents": export.total_cents})
                db.session.commit()
                flash(_("Fichier de prélèvement créé : %(num)d prélèvement(s), %(amount)s.",
                        num=export.transaction_count, amount=money(export.total_cents)), "success")
                return redirect(url_for("SepaExportView.show", pk=export.id))
            except ValidationError as err:
                errors = field_errors(err.messages)
            except DomainError as err:
                db.session.rollback()
                errors = {"_": str(err)}
        return self.render_template("backoffice/billing/sepa_form.html", errors=errors, form=request.form), \
            422 if errors else 200


# --- Instruments and rentals -----------------------------------------------------------------

class InstrumentView(SchoolModelView):
    """The instrument inventory (parc instrumental)."""

    domain = BILLING
    datamodel = SQLAInterface(Instrument)
    list_title = show_title = _l("Parc instrumental")
    add_title, edit_title = _l("Ajouter un instrument"), _l("Modifier un instrument")
    label_columns = {"kind": _l("Type d'instrument"), "make": _l("Marque"), "serial_number": _l("Numéro de série"),
                     "state": _l("État"), "value_cents": _l("Valeur (en centimes)"), "notes": _l("Remarques")}
    list_columns = ["kind", "make", "serial_number", "state", "value_cents"]
    add_columns = edit_columns = show_columns = ["kind", "make", "serial_number", "state", "value_cents", "notes"]
    search_columns = ["kind", "make", "serial_number", "state"]
    order_columns = ["kind", "serial_number", "value_cents"]
    formatters_columns = {"value_cents": money}
    base_order = ("kind", "asc")


class RentalView(SchoolModelView):
    """Rental contracts; returns through « Restituer »; fees invoiced on the « locations » ledger."""

    domain = BILLING
    datamodel = SQLAInterface(Rental)
    method_permission_name = {**READ_WRITE, "delete": "none", "give_back": "write"}
    exclude_route_methods = {"delete"}
    list_title = show_title = _l("Locations d'instruments")
    add_title, edit_title = _l("Nouvelle location"), _l("Modifier une location")
    show_template = "backoffice/billing/rental_show.html"
    label_columns = {**COMMON_LABELS, "instrument": _l("Instrument"), "starts_on": _l("Début"),
                     "ends_on": _l("Fin prévue"),
                     "returned_on": _l("Restitué le"), "return_state": _l("État au retour"),
                     "fee_cents": _l("Tarif annuel (en centimes)"), "deposit_cents": _l("Caution (en centimes)")}
    list_columns = ["instrument", "student", "starts_on", "ends_on", "returned_on", "fee_cents"]
    list_eager = ("instrument", "student")
    add_columns = ["instrument", "student", "starts_on", "ends_on", "fee_cents", "deposit_cents"]
    edit_columns = ["ends_on", "deposit_cents"]
    show_columns = ["instrument", "student", "school_year", "starts_on", "ends_on", "fee_cents", "deposit_cents",
                    "returned_on", "return_state"]
    search_columns = ["starts_on", "returned_on"]
    order_columns = ["starts_on", "returned_on"]
    formatters_columns = {"starts_on": date_fr, "ends_on": date_fr, "returned_on": date_fr,
                          "fee_cents": money, "deposit_cents": money}
    base_order = ("starts_on", "desc")

    def pre_add(self, item: Rental) -> None:
        rentals.check_new_rental(item)

    @expose("/restituer/<int:pk>", methods=["GET", "POST"])
    @has_access
    def give_back(self, pk: int) -> Any:
        """Record the return of the instrument (Restituer) with its date and state."""
        rental = db.session.get(Rental, pk) or abort(404)
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                data = ReturnSchema().load(clean_blank(request.form))
                rentals.return_instrument(rental, returned_on=data["returned_on"], state=data["state"])
                audit.record(_staff(), "return_instrument", rental, {"state": data["state"]})
                db.session.commit()
                flash(_("Restitution enregistrée."), "success")
                return redirect(url_for("RentalView.show", pk=pk))
            except ValidationError as err:
                errors = field_errors(err.messages)
            except DomainError as err:
                db.session.rollback()
                errors = {"_": str(err)}
        return self.render_template("backoffice/billing/return_form.html", rental=rental, errors=errors,
                                    form=request.form, states=rentals.INSTRUMENT_STATES), 422 if errors else 200


def register(appbuilder: AppBuilder) -> None:
    """Add the « Facturation » menu."""
    appbuilder.add_view(InvoiceView, "Factures et avoirs", label=_l("Factures et avoirs"),
                        icon="fa-file-text-o", category=CATEGORY)
    appbuilder.add_view(PaymentView, "Règlements", label=_l("Règlements"), icon="fa-money", category=CATEGORY)
    appbuilder.add_view(SepaMandateView, "Mandats SEPA", label=_l("Mandats SEPA"),
                        icon="fa-university", category=CATEGORY)
    appbuilder.add_view(SepaExportView, "Prélèvements SEPA", label=_l("Prélèvements SEPA"),
                        icon="fa-exchange", category=CATEGORY)
    appbuilder.add_view(InstrumentView, "Parc instrumental", label=_l("Parc instrumental"),
                        icon="fa-music", category=CATEGORY)
    appbuilder.add_view(RentalView, "Locations d'instruments", label=_l("Locations d'instruments"),
                        icon="fa-handshake-o", category=CATEGORY)
    appbuilder.add_view(TariffView, "Grille tarifaire", label=_l("Grille tarifaire"),
                        icon="fa-table", category=CATEGORY)
    appbuilder.add_view(TariffCategoryView, "Catégories tarifaires", label=_l("Catégories tarifaires"),
                        icon="fa-tags", category=CATEGORY)
    appbuilder.add_view(DiscountRuleView, "Remises", label=_l("Remises"), icon="fa-percent", category=CATEGORY)
    appbuilder.add_view_no_menu(InvoiceLineView)
    appbuilder.add_view_no_menu(PaymentAllocationView)
    appbuilder.add_view_no_menu(FamilyLedgerView)
