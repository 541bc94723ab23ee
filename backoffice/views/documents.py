"""« Documents à valider »: the documents families deposited, opened and validated or refused by staff."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import AppBuilder, expose
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from backoffice.security import DOCUMENTS
from backoffice.views.base import READ_WRITE, SchoolModelView
from school.errors import DomainError
from school.downloads import stored_file_download
from school.extensions import db
from school.formatting import datetime_fr
from school.models import Document
from school.services import documents

CATEGORY = "Réinscriptions"
MENU_NAME = "Documents à valider"  # view name (permissions, menu key): the label is translated




class DocumentQueueView(SchoolModelView):
    """Documents deposited by families: open the file, validate (QF tranche) or refuse (reason)."""

    domain = DOCUMENTS
    datamodel = SQLAInterface(Document)
    route_base = "/documents"
    method_permission_name = {**READ_WRITE, "file": "read", "review": "write"}
    base_permissions = ["can_read", "can_write"]
    list_title = _l("Documents à valider")
    show_title = _l("Document")
    show_template = "backoffice/reenrolment/document_show.html"
    label_columns = {
        "family": _l("Famille"), "student": _l("Élève"), "document_type": _l("Document"),
        "original_name": _l("Nom du fichier"),
        "uploaded_at": _l("Déposé le"), "status": _l("Etat"), "size_bytes": _l("Taille (Mo)"),
        "comment": _l("Motif du refus"),
        "qf_tranche": _l("Tranche QF"), "reviewed_by": _l("Traité par"), "reviewed_at": _l("Traité le"),
        "content_type": _l("Format"),
    }
    list_columns = ["uploaded_at", "family", "student", "document_type", "original_name", "size_bytes", "status"]
    list_eager = ("family", "student", "document_type")
    show_columns = ["family", "student", "document_type", "original_name", "content_type", "size_bytes",
                    "uploaded_at", "status", "qf_tranche", "comment", "reviewed_by", "reviewed_at"]
    search_columns = ["status", "document_type", "uploaded_at", "original_name"]
    order_columns = ["uploaded_at", "original_name", "status"]
    base_order = ("uploaded_at", "asc")
    formatters_columns = {
        "uploaded_at": datetime_fr, "reviewed_at": datetime_fr, "size_bytes": documents.megabytes,
        "status": lambda s: documents.STATUS_LABELS.get(s, s),
    }

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk: str) -> Any:
        """Show a document with the link to open it and the review forms."""
        item = db.session.get(Document, int(pk)) if str(pk).isdigit() else None
        if item is None:
            abort(404)
        widgets = self._show(item.id)
        return self.render_template(
            self.show_template, pk=item.id, title=self.show_title, widgets=widgets, item=item,
            status_label=documents.STATUS_LABELS[item.status], pending=item.status == "deposited",
            can_decide=self.appbuilder.sm.has_access("can_write", self.class_permission_name),
            size=documents.megabytes(item.size_bytes),
        )

    @expose("/file/<int:pk>", methods=["GET"])
    @has_access
    def file(self, pk: int) -> Any:
        """Send the document's file as an attachment."""
        item = db.session.get(Document, pk)
        if item is None:
            abort(404)
        try:
            path = documents.file_path(item)
        except DomainError as error:
            flash(str(error), "danger")
            return redirect(url_for(".show", pk=pk))
        return stored_file_download(path, item.original_name, item.content_type)

    @expose("/review/<int:pk>", methods=["POST"])
    @has_access
    def review(self, pk: int) -> Any:
        """Validate (with the QF tranche for a QF certificate) or refuse (with a reason) a document."""
        item = db.session.get(Document, pk)
        if item is None:
            abort(404)
        decision = request.form.get("decision")
        if decision not in ("validate", "refuse"):
            abort(400)
        tranche_raw = (request.form.get("qf_tranche") or "").strip()
        tranche = int(tranche_raw) if tranche_raw.isdigit() else None
        try:
            documents.review(item, reviewer=g.user, accept=decision == "validate",
                             reason=(request.form.get("reason") or "")[:2000], qf_tranche=tranche)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(url_for(".show", pk=pk))
        if decision == "validate":
            flash(_("Document « %(name)s » validé.", name=item.original_name), "success")
        else:
            flash(_("Document « %(name)s » refusé.", name=item.original_name), "success")
        return redirect(url_for(".list", _flt_0_status="deposited"))


def register(appbuilder: AppBuilder) -> None:
    """Add « Documents à valider » under « Réinscriptions »."""
    appbuilder.add_view(DocumentQueueView, MENU_NAME, label=_l("Documents à valider"),
                        icon="fa-file-pdf-o", category=CATEGORY)
