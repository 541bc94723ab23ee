"""Famille › Mes documents: the family's documents and the campaign's pieces; import, consult, delete.

Uploads are also made from wizard step 3 (same partials): ``?retour=<student_id>`` in the form's
address says where to come back, so even a refused oversized request (413, whose body is never
read) re-renders the page the family came from.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from portal import bp
from portal.access import current_family, family_required
from school.errors import DomainError
from school.downloads import stored_file_download
from school.extensions import db
from school.models import DocumentType, Student
from school.schemas import field_errors
from school.schemas.reenrolment import UploadSchema
from school.services import documents
from school.services.campaigns import open_campaign
from school.services.settings import get_text

def upload_notice() -> str:
    """Return the guide's notice with the configured size limit."""
    return _("La taille maximale autorisée pour chaque pièce justificative est fixée à %(limit)s. "
             "Seul l'import de document PDF ou d'image est possible (formats acceptés : .pdf, .jpg, .jpeg, .png).",
             limit=documents.site_limit_label())


def too_large() -> str:
    """Return the message for a request refused because of its size."""
    return _("Le fichier dépasse la taille maximale autorisée (%(limit)s). Réduisez sa taille "
             "(par exemple en le numérisant en résolution plus faible) puis réessayez.",
             limit=documents.site_limit_label())


def documents_context(*, errors: dict[str, str] | None = None, submitted: dict[str, Any] | None = None,
                      return_to: int | None = None) -> dict[str, Any]:
    """Return what the documents partials need: rows, import form choices, errors, texts."""
    family = current_family()
    campaign = open_campaign()
    instructions = get_text("documents_instructions")
    return {
        "document_rows": documents.document_rows(family, campaign),
        "upload_types": documents.uploadable_types(campaign),
        "upload_students": list(family.students),
        "upload_errors": errors or {},
        "upload_submitted": submitted or {},
        "upload_action": url_for("portal.upload_document", retour=return_to) if return_to else
        url_for("portal.upload_document"),
        "upload_notice": upload_notice(),
        "documents_instructions": instructions.body if instructions else "",
        "return_to": return_to,
    }


def _render_list(status: int = 200, **kwargs: Any) -> ResponseReturnValue:
    return render_template("portal/documents.html", **documents_context(**kwargs)), status


def _render_back(errors: dict[str, str], submitted: dict[str, Any], status: int) -> ResponseReturnValue:
    """Re-render the page the upload came from with its errors."""
    return_to = request.args.get("retour", type=int)
    if return_to is not None:
        from portal.reenrolment import render_documents_step

        return render_documents_step(return_to, errors=errors, submitted=submitted, status=status)
    return _render_list(status, errors=errors, submitted=submitted)


def _back_url() -> str:
    return_to = request.args.get("retour", type=int)
    if return_to is not None:
        return url_for("portal.show_reenrolment_step", student_id=return_to, n=3)
    return url_for("portal.list_documents")


@bp.get("/famille/documents")
@family_required
def list_documents() -> ResponseReturnValue:
    """Show the family's documents and the pieces to provide, with the import form."""
    return _render_list()


@bp.post("/famille/documents")
@family_required
def upload_document() -> ResponseReturnValue:
    """Import a document for the family (or one of its pupils)."""
    try:
        form = request.form
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return _render_back({"file": too_large()}, {}, 413)
    submitted = form.to_dict()
    errors: dict[str, str] = {}
    try:
        data = UploadSchema().load(form)
    except ValidationError as err:
        errors.update(field_errors(err.messages))
        data = {}
    if upload is None or not upload.filename:
        errors["file"] = _("Choisissez un fichier à importer.")
    family = current_family()
    doc_type = db.session.get(DocumentType, data["document_type_id"]) if data.get("document_type_id") else None
    if data.get("document_type_id") and (doc_type is None or not doc_type.active):
        errors["document_type_id"] = _("Choisissez le type de document.")
    student = None
    if data.get("student_id") is not None:
        student = db.session.get(Student, data["student_id"])
        if student is None or student.family_id != family.id:
            errors["student_id"] = _("Choisissez un élève de votre famille.")
    if doc_type is not None and doc_type.scope == "student" and student is None and "student_id" not in errors:
        errors["student_id"] = _("Choisissez l'élève concerné par le document « %(name)s ».", name=doc_type.name)
    if errors:
        return _render_back(errors, submitted, 422)
    assert doc_type is not None and upload is not None
    try:
        document = documents.store_upload(family, student, doc_type, upload, author=current_user)
    except DomainError as err:
        db.session.rollback()
        return _render_back({"file": str(err)}, submitted, 422)
    db.session.commit()
    flash(_("Le document « %(file)s » a été importé (%(type)s).", file=document.original_name, type=doc_type.name),
          "success")
    return redirect(_back_url())


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error: RequestEntityTooLarge) -> ResponseReturnValue:
    """Answer an oversized request (refused before the view runs) with the page and a French message."""
    if request.endpoint == "portal.upload_document":
        from flask_login import current_user as user

        from school.services.accounts import is_family

        if user.is_authenticated and is_family(user):
            return _render_back({"file": too_large()}, {}, 413)
    return render_template("errors/error.html", code=413, message=too_large()), 413


@bp.get("/famille/documents/<int:document_id>/fichier")
@family_required
def download_document(document_id: int) -> ResponseReturnValue:
    """Send one of the family's documents as an attachment (never rendered inline)."""
    document = documents.family_document(current_family(), document_id)
    if document is None:
        abort(404)
    try:
        path = documents.file_path(document)
    except DomainError as err:
        flash(str(err), "error")
        return redirect(url_for("portal.list_documents"))
    return stored_file_download(path, document.original_name, document.content_type)




@bp.post("/famille/documents/<int:document_id>/supprimer")
@family_required
def delete_document(document_id: int) -> ResponseReturnValue:
    """Delete one of the family's documents not yet validated."""
    document = documents.family_document(current_family(), document_id)
    if document is None:
        abort(404)
    name = document.original_name
    try:
        documents.delete_document(document, author=current_user)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "error")
        return redirect(_back_url())
    db.session.commit()
    flash(_("Le document « %(name)s » a été supprimé.", name=name), "success")
    return redirect(_back_url())
