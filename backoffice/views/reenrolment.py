"""« Réinscriptions »: campaigns (dates, texts, documents, files, course options), the queue of
requests with their decisions, and the campaign dashboard with CSV/XLSX exports.

Every decision goes through ``school.services.reenrolment``, which re-checks the request's state
(FAB actions ignore base filters and list filters).
"""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_appbuilder import AppBuilder, BaseView, expose
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from backoffice.security import REENROLMENT
from backoffice.views.base import READ_WRITE, SchoolModelView
from school.downloads import bytes_download, stored_file_download
from school.errors import DomainError
from school.extensions import db
from school.formatting import datetime_fr, paris_to_utc, to_paris
from school.models import (
    CampaignDocumentType, CampaignFile, CourseOption, Discipline, ReenrolmentCampaign,
    ReenrolmentChoice, ReenrolmentRequest, Site, Student,
)
from school.services import change_requests, documents, reenrolment
from school.services.campaigns import open_campaign
from school.spreadsheets import Table, to_csv, to_xlsx

CATEGORY = "Réinscriptions"
STALE = _l("La demande a été modifiée pendant le traitement ; rechargez la page et recommencez.")
TEXT_FIELDS = ["text_intro", "text_coordinates", "text_authorisations", "text_documents", "text_courses",
               "text_summary", "text_confirmation"]


class CampaignDocumentTypeView(SchoolModelView):
    """Documents asked for by a campaign, required or optional."""

    domain = REENROLMENT
    datamodel = SQLAInterface(CampaignDocumentType)
    list_title = _l("Pièces demandées")
    label_columns = {"campaign": _l("Campagne"), "document_type": _l("Type de document"), "required": _l("Obligatoire")}
    list_columns = ["document_type", "required"]
    add_columns = edit_columns = show_columns = ["campaign", "document_type", "required"]
    search_columns = ["campaign", "required"]


class CourseOptionView(SchoolModelView):
    """Next-year courses offered per discipline during a campaign, with their capacity."""

    domain = REENROLMENT
    datamodel = SQLAInterface(CourseOption)
    list_title = _l("Cours proposés")
    label_columns = {"campaign": _l("Campagne"), "discipline": _l("Discipline"),
                     "course": _l("Cours de l'année suivante"),
                     "site": _l("Antenne"), "label": _l("Libellé affiché aux familles"), "capacity": _l("Places")}
    list_columns = ["label", "discipline", "site", "capacity"]
    add_columns = edit_columns = show_columns = ["campaign", "discipline", "course", "site", "label", "capacity"]
    search_columns = ["campaign", "discipline", "site", "label"]
    order_columns = ["label", "capacity"]
    base_order = ("label", "asc")


class CampaignFileView(SchoolModelView):
    """Files families download during a campaign (rules, SEPA form…), checked like family uploads."""

    domain = REENROLMENT
    datamodel = SQLAInterface(CampaignFile)
    method_permission_name = {**READ_WRITE, "file": "read"}
    list_title = _l("Documents téléchargeables")
    label_columns = {"campaign": _l("Campagne"), "title": _l("Titre"), "original_name": _l("Nom du fichier"),
                     "size_bytes": _l("Taille (Mo)"), "upload": _l("Fichier (PDF, JPEG ou PNG)")}
    list_columns = ["title", "original_name", "size_bytes"]
    show_columns = ["campaign", "title", "original_name", "size_bytes"]
    add_columns = ["campaign", "title", "upload"]
    edit_columns = ["campaign", "title"]
    add_form_extra_fields = {"upload": FileField(_l("Fichier (PDF, JPEG ou PNG)"),
                                                 validators=[FileRequired(_l("Choisissez un fichier."))])}
    search_columns = ["campaign", "title"]
    formatters_columns = {"size_bytes": documents.megabytes}

    def pre_add(self, item: Any) -> None:
        """Check the uploaded file by content and stage it; it is moved into place at the commit."""
        upload = request.files.get("upload")
        if upload is None or not upload.filename:
            raise DomainError(_("Choisissez un fichier."))
        limit = int(current_app.config["MAX_UPLOAD_BYTES"])
        data = upload.stream.read(limit + 1)
        kind = documents.detect_kind(data)
        if kind is None or len(data) > limit or (kind == "pdf" and documents.pdf_has_active_content(data)):
            raise DomainError(_("Fichier refusé : PDF, JPEG ou PNG sans contenu actif, 2 Mo au plus."))
        item.stored_name = documents.stage_file(db.session(), data)
        item.original_name = documents.display_name(upload.filename, kind)
        item.content_type = documents.CONTENT_TYPES[kind]
        item.size_bytes = len(data)
        if hasattr(item, "upload"):
            del item.upload

    def post_delete(self, item: Any) -> None:
        documents.stored_path(item.stored_name).unlink(missing_ok=True)

    @expose("/file/<int:pk>", methods=["GET"])
    @has_access
    def file(self, pk: int) -> Any:
        """Send a campaign file as an attachment."""
        item = db.session.get(CampaignFile, pk)
        if item is None:
            abort(404)
        path = documents.stored_path(item.stored_name)
        if not path.is_file():
            abort(404)
        return stored_file_download(path, item.original_name, item.content_type)


class ReenrolmentCampaignView(SchoolModelView):
    """Campaigns: dates typed in Paris time (stored in UTC), texts per step, documents, files, courses."""

    domain = REENROLMENT
    datamodel = SQLAInterface(ReenrolmentCampaign)
    list_title = _l("Campagnes de réinscription")
    show_title = _l("Campagne de réinscription")
    add_title = _l("Nouvelle campagne de réinscription")
    edit_title = _l("Modifier la campagne")
    label_columns = {
        "name": _l("Nom"), "school_year": _l("Année scolaire visée"), "opens_at": _l("Ouverture (heure de Paris)"),
        "closes_at": _l("Clôture (heure de Paris)"), "text_intro": _l("Texte d'accueil"),
        "text_coordinates": _l("Texte de l'étape 1 (coordonnées)"),
        "text_authorisations": _l("Texte de l'étape 2 (autorisations)"),
        "text_documents": _l("Texte de l'étape 3 (documents)"), "text_courses": _l("Texte de l'étape 4 (cours)"),
        "text_summary": _l("Texte de l'étape 5 (récapitulatif)"),
        "text_confirmation": _l("Texte de l'étape 6 (confirmation)"),
    }
    description_columns = {f: _l("Texte simple : les retours à la ligne sont conservés, "
                                 "le HTML est affiché tel quel.")
                           for f in TEXT_FIELDS}
    list_columns = ["name", "school_year", "opens_at", "closes_at"]
    show_columns = add_columns = edit_columns = ["name", "school_year", "opens_at", "closes_at", *TEXT_FIELDS]
    search_columns = ["name", "school_year"]
    order_columns = ["name", "opens_at", "closes_at"]
    base_order = ("opens_at", "desc")
    formatters_columns = {"opens_at": datetime_fr, "closes_at": datetime_fr}
    related_views = [CampaignDocumentTypeView, CourseOptionView, CampaignFileView]

    def prefill_form(self, form: Any, pk: Any) -> None:
        """Show the stored UTC dates in Paris time."""
        for name in ("opens_at", "closes_at"):
            field = getattr(form, name)
            if field.data is not None:
                field.data = to_paris(field.data).replace(tzinfo=None)

    def _to_utc(self, item: ReenrolmentCampaign) -> None:
        for name in ("opens_at", "closes_at"):
            value = getattr(item, name)
            if value is not None:
                setattr(item, name, paris_to_utc(value))
        if item.opens_at and item.closes_at and item.closes_at <= item.opens_at:
            raise DomainError(_("La clôture doit être postérieure à l'ouverture."))

    def pre_add(self, item: Any) -> None:
        self._to_utc(item)

    def pre_update(self, item: Any) -> None:
        self._to_utc(item)


# --------------------------------------------------------------------------- requests


def _missing(item: ReenrolmentRequest) -> str:
    return ", ".join(documents.missing_required(item.student.family, item.campaign, item.student)) or "—"


def _filtered_requests(args: Any) -> list[ReenrolmentRequest]:
    """Return the requests matching the queue's filters (campaign, status, site, discipline, missing)."""
    query = select(ReenrolmentRequest).join(Student, Student.id == ReenrolmentRequest.student_id)
    if args.get("campaign", type=int):
        query = query.where(ReenrolmentRequest.campaign_id == args.get("campaign", type=int))
    if args.get("status") in reenrolment.STATUS_LABELS:
        query = query.where(ReenrolmentRequest.status == args.get("status"))
    if args.get("site", type=int) or args.get("discipline", type=int):
        choice = select(ReenrolmentChoice.request_id).join(
            CourseOption, CourseOption.id == ReenrolmentChoice.course_option_id).where(ReenrolmentChoice.renew.is_(True))
        if args.get("site", type=int):
            choice = choice.where(CourseOption.site_id == args.get("site", type=int))
        if args.get("discipline", type=int):
            choice = choice.where(CourseOption.discipline_id == args.get("discipline", type=int))
        query = query.where(ReenrolmentRequest.id.in_(choice))
    rows = list(db.session.scalars(query.order_by(ReenrolmentRequest.submitted_at, Student.last_name)))
    if args.get("missing") == "1":
        rows = [r for r in rows if documents.missing_required(r.student.family, r.campaign, r.student)]
    return rows


class ReenrolmentRequestView(SchoolModelView):
    """Requests of the families: queue with filters, full answers, Valider / Refuser / bulk validation."""

    domain = REENROLMENT
    datamodel = SQLAInterface(ReenrolmentRequest)
    route_base = "/reinscriptions/demandes"
    default_view = "queue"
    method_permission_name = {**READ_WRITE, "queue": "read", "decide": "write", "bulk": "write",
                              "validate_selected": "write"}
    base_permissions = ["can_read", "can_write"]
    list_title = _l("Demandes de réinscription")
    show_title = _l("Demande de réinscription")
    show_template = "backoffice/reenrolment/request_show.html"
    label_columns = {"student": _l("Élève"), "campaign": _l("Campagne"), "status": _l("Etat"),
                     "submitted_at": _l("Envoyée le"),
                     "step_reached": _l("Étape atteinte"), "wants": _l("Souhaite se réinscrire"),
                     "image_rights": _l("Droit à l'image"), "information": _l("Information complémentaire"),
                     "reviewer": _l("Traitée par"), "reviewed_at": _l("Traitée le"), "comment": _l("Motif du refus"),
                     "missing": _l("Pièces manquantes")}
    list_columns = ["student", "campaign", "status", "submitted_at", "step_reached"]
    list_eager = ("student", "campaign")
    show_columns = ["student", "campaign", "status", "wants", "step_reached", "image_rights", "information",
                    "submitted_at", "reviewer", "reviewed_at", "comment"]
    search_columns = ["campaign", "status", "submitted_at"]
    order_columns = ["submitted_at", "status", "step_reached"]
    base_order = ("submitted_at", "asc")
    formatters_columns = {"status": lambda s: reenrolment.STATUS_LABELS.get(s, s), "submitted_at": datetime_fr,
                          "reviewed_at": datetime_fr}

    @expose("/file-attente/")
    @has_access
    def queue(self) -> Any:
        """Show the filterable queue with missing pieces and a bulk validation form."""
        args = request.args
        campaigns = _campaigns_newest_first()
        rows = [(r, _missing(r)) for r in _filtered_requests(args)]
        return self.render_template(
            "backoffice/reenrolment/queue.html", title=_("File des réinscriptions"), rows=rows, campaigns=campaigns,
            sites=list(db.session.scalars(select(Site).order_by(Site.name))),
            disciplines=list(db.session.scalars(select(Discipline).order_by(Discipline.name))),
            statuses=reenrolment.STATUS_LABELS, args=args,
            can_decide=self.appbuilder.sm.has_access("can_write", self.class_permission_name),
        )

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk: str) -> Any:
        """Show every answer: coordinates changes, image rights, documents, course choices."""
        item = db.session.get(ReenrolmentRequest, int(pk)) if str(pk).isdigit() else None
        if item is None:
            abort(404)
        family = item.student.family
        records = [*family.guardians, item.student]
        changes = [(record, change_requests.diff(pending)) for record in records
                   if (pending := change_requests.pending_for(record)) is not None]
        choices = []
        for choice in sorted(item.choices, key=lambda c: c.discipline.name):
            option = choice.course_option
            choices.append({
                "choice": choice, "options": reenrolment.options_for(item.campaign, choice.discipline_id),
                "full": option is not None and reenrolment.active_count(option.course_id) >= option.capacity,
                "enrolled": reenrolment.active_count(option.course_id) if option else 0,
            })
        family_docs = documents.family_documents(family)
        return self.render_template(
            self.show_template, pk=item.id, title=self.show_title, widgets=self._show(item.id), item=item,
            status_label=reenrolment.STATUS_LABELS[item.status], changes=changes, choices=choices,
            documents=family_docs, doc_status=documents.STATUS_LABELS,
            missing=documents.missing_required(family, item.campaign, item.student),
            pending=item.status == "submitted", waiting=reenrolment.WAITING,
            can_decide=self.appbuilder.sm.has_access("can_write", self.class_permission_name),
            submitted=datetime_fr(item.submitted_at), megabytes=documents.megabytes,
        )

    @expose("/decide/<int:pk>", methods=["POST"])
    @has_access
    def decide(self, pk: int) -> Any:
        """Validate (with optional other options or the waiting list per discipline) or refuse a request."""
        item = db.session.get(ReenrolmentRequest, pk)
        if item is None:
            abort(404)
        decision = request.form.get("decision")
        try:
            if decision == "validate":
                overrides: dict[int, int | str] = {}
                for choice in item.choices:
                    raw = (request.form.get(f"override-{choice.discipline_id}") or "").strip()
                    if raw == reenrolment.WAITING:
                        overrides[choice.discipline_id] = reenrolment.WAITING
                    elif raw.isdigit():
                        overrides[choice.discipline_id] = int(raw)
                enrolments = reenrolment.validate(item, reviewer=g.user, overrides=overrides)
                waiting = [e for e in enrolments if e.status == "waiting"]
                if waiting:
                    message = _("Réinscription de %(student)s validée : %(num)d inscription(s) créée(s), "
                                "dont %(waiting)d en liste d'attente.", student=item.student, num=len(enrolments),
                                waiting=len(waiting))
                else:
                    message = _("Réinscription de %(student)s validée : %(num)d inscription(s) créée(s).",
                                student=item.student, num=len(enrolments))
            elif decision == "reject":
                reenrolment.reject(item, reviewer=g.user, reason=(request.form.get("reason") or "")[:2000])
                message = _("Réinscription de %(student)s refusée.", student=item.student)
            else:
                abort(400)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            for text in error.messages:
                flash(text, "danger")
            return redirect(url_for(".show", pk=pk))
        except StaleDataError:
            db.session.rollback()
            flash(str(STALE), "danger")
            return redirect(url_for(".show", pk=pk))
        flash(message, "success")
        return redirect(url_for(".queue", status="submitted", campaign=item.campaign_id))

    def _bulk(self, requests: list[ReenrolmentRequest]) -> None:
        result = reenrolment.bulk_validate(requests, reviewer=g.user)
        db.session.commit()
        if result.validated:
            flash(_("%(num)d réinscription(s) validée(s).", num=len(result.validated)), "success")
        for item, problems in result.skipped:
            flash(_("%(student)s : non validée — %(problems)s", student=item.student, problems=" ".join(problems)),
                  "warning")
        if not requests:
            flash(_("Aucune demande sélectionnée."), "warning")

    @expose("/bulk/", methods=["POST"])
    @has_access
    def bulk(self) -> Any:
        """Validate the requests ticked in the queue that have no problem; report the others."""
        ids = [int(v) for v in request.form.getlist("ids") if v.isdigit()]
        requests = list(db.session.scalars(select(ReenrolmentRequest).where(ReenrolmentRequest.id.in_(ids)))) if ids else []
        self._bulk(requests)
        return redirect(url_for(".queue", **{k: v for k, v in request.args.items() if k in (
            "campaign", "status", "site", "discipline", "missing")}))

    @action("validate_selected", _l("Valider"), _l("Valider les demandes sélectionnées sans problème ?"), "fa-check",
            single=False)
    def validate_selected(self, items: Any) -> Any:
        """Validate the selected requests without problems (state re-checked for each)."""
        self._bulk([r for r in (items if isinstance(items, list) else [items]) if r is not None])
        return redirect(self.get_redirect())


# --------------------------------------------------------------------------- dashboard



class ReenrolmentDashboardView(BaseView):
    """Campaign dashboard (counts, missing documents, demand against capacity) and exports."""

    route_base = "/reinscriptions/tableau-de-bord"
    default_view = "dashboard"
    class_permission_name = REENROLMENT
    method_permission_name = {"dashboard": "read", "export_csv": "read", "export_xlsx": "read"}
    base_permissions = ["can_read"]

    def _campaign(self) -> ReenrolmentCampaign:
        campaign_id = request.args.get("campaign", type=int)
        campaign = db.session.get(ReenrolmentCampaign, campaign_id) if campaign_id else None
        if campaign is None:
            campaign = open_campaign() or db.session.scalars(
                select(ReenrolmentCampaign).order_by(ReenrolmentCampaign.closes_at.desc())).first()
        if campaign is None:
            abort(404)
        return campaign

    @expose("/")
    @has_access
    def dashboard(self) -> Any:
        """Show the campaign's counts and per-course demand as plain HTML bars (no external script)."""
        campaign = self._campaign()
        board = reenrolment.dashboard(campaign)
        labels = [("not_started", _("Pas commencé")), ("in_progress", _("En cours")), ("submitted", _("Envoyées")),
                  ("validated", _("Validées")), ("rejected", _("Refusées")),
                  ("declined", _("Ne se réinscrivent pas"))]
        total = max(board.concerned, 1)
        bars = [(label, board.counts[key], round(100 * board.counts[key] / total)) for key, label in labels]
        campaigns = _campaigns_newest_first()
        return self.render_template("backoffice/reenrolment/dashboard.html",
                                    title=_("Tableau de bord — %(name)s", name=campaign.name),
                                    board=board, bars=bars, campaign=campaign, campaigns=campaigns)

    @expose("/export.csv")
    @has_access
    def export_csv(self) -> Any:
        """Export the campaign's requests as CSV (semicolons, UTF-8 with BOM, for spreadsheet software)."""
        campaign = self._campaign()
        return bytes_download(to_csv(_requests_table(campaign)), f"reinscriptions-{campaign.id}.csv",
                              "text/csv; charset=utf-8")

    @expose("/export.xlsx")
    @has_access
    def export_xlsx(self) -> Any:
        """Export the campaign's requests as an Excel workbook."""
        campaign = self._campaign()
        return bytes_download(to_xlsx(_requests_table(campaign)), f"reinscriptions-{campaign.id}.xlsx",
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _requests_table(campaign: ReenrolmentCampaign) -> Table:
    return Table(_("Réinscriptions"), reenrolment.EXPORT_HEADERS,
                 [list(row) for row in reenrolment.export_rows(campaign)])



def _campaigns_newest_first() -> list[ReenrolmentCampaign]:
    return list(db.session.scalars(select(ReenrolmentCampaign).order_by(ReenrolmentCampaign.opens_at.desc())))


def register(appbuilder: AppBuilder) -> None:
    """Add the « Réinscriptions » menu: queue, requests, dashboard, campaigns."""
    appbuilder.add_view(ReenrolmentRequestView, "Demandes de réinscription", label=_l("Demandes de réinscription"),
                        icon="fa-list", category=CATEGORY)
    appbuilder.add_view(ReenrolmentDashboardView, "Tableau de bord", label=_l("Tableau de bord"),
                        icon="fa-bar-chart", category=CATEGORY)
    appbuilder.add_view(ReenrolmentCampaignView, "Campagnes", label=_l("Campagnes"),
                        icon="fa-calendar", category=CATEGORY)
    appbuilder.add_view_no_menu(CampaignDocumentTypeView)
    appbuilder.add_view_no_menu(CourseOptionView)
    appbuilder.add_view_no_menu(CampaignFileView)
