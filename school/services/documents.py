"""Documents families upload: content checks, safe storage, consultation, deletion and staff review.

A file and its database row succeed or fail together (SECURITY.md rule 17): the upload is written to
a temporary file inside ``UPLOAD_FOLDER``, the row is flushed, the caller commits, and only then is
the file moved into place. Session events do the move after a commit and delete the temporary file
when the transaction ends any other way, so a failed commit leaves no orphan file.
"""
from __future__ import annotations

import os
import re
import secrets
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from flask import current_app
from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.formatting import to_paris
from school.i18n import N_, Labels
from school.models import (
    CampaignDocumentType, Document, DocumentType, Family, ReenrolmentCampaign, Student,
)
from school.services import audit

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
# Names a family may find in ``DocumentType.accepted_formats`` for each detected kind.
FORMAT_ALIASES = {"pdf": {"pdf"}, "jpeg": {"jpg", "jpeg"}, "png": {"png"}}
STATUS_LABELS: Labels[str | None] = Labels(
    {None: N_("A fournir"), "deposited": N_("Déposé"), "validated": N_("Validé"), "refused": N_("Refusé")})
# Active PDF content we refuse: scripts, launch actions, attached files.
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?)(?=[\s/<>\[\]()%{}]|$)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_PENDING_KEY = "school_pending_files"


class FileLike(Protocol):
    """What an upload looks like (a werkzeug ``FileStorage``)."""

    filename: str | None
    stream: IO[bytes]


# --------------------------------------------------------------------------- content checks


def detect_kind(data: bytes) -> str | None:
    """Return "pdf", "jpeg" or "png" from the file's first bytes (magic numbers), else None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def pdf_has_active_content(data: bytes) -> bool:
    """Tell whether a PDF holds JavaScript, a launch action or an embedded file (compressed too)."""
    chunks = [data]
    for match in _PDF_STREAM.finditer(data):
        try:
            chunks.append(zlib.decompress(match.group(1).strip(b"\r\n")))
        except zlib.error:
            continue
    for chunk in chunks:
        # PDF names may hide letters as #xx escapes ("/J#61vaScript").
        normalised = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), chunk)
        if _ACTIVE_PDF.search(normalised):
            return True
    return False


def display_name(filename: str | None, kind: str) -> str:
    """Return the original file name made safe to show: no folders, no control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if not name:
        name = f"document.{'jpg' if kind == 'jpeg' else kind}"
    return name[:255]


def accepted_kinds(document_type: DocumentType) -> set[str]:
    """Return the detected kinds ("pdf", "jpeg", "png") a document type accepts."""
    formats = {f.strip().lower().lstrip(".") for f in (document_type.accepted_formats or "").split(",") if f.strip()}
    return {kind for kind, aliases in FORMAT_ALIASES.items() if aliases & formats}


def max_size(document_type: DocumentType) -> int:
    """Return the size limit in bytes for ``document_type`` (never above the site-wide limit)."""
    site_limit = int(current_app.config.get("MAX_UPLOAD_BYTES", 2 * 1024 * 1024))
    return min(document_type.max_size_bytes or site_limit, site_limit)


def megabytes(size: int) -> str:
    """Return a size in Mo with two decimals and a French comma, e.g. "0,35"."""
    return f"{size / (1024 * 1024):.2f}".replace(".", ",")


def limit_label(limit: int) -> str:
    """Return a byte limit as families read it, e.g. "2 Mo"."""
    mb = limit / (1024 * 1024)
    return _("%(size)s Mo", size=format(mb, "g").replace(".", ","))


# --------------------------------------------------------------------------- storage


def site_limit_label() -> str:
    """Return the site-wide upload limit as families read it (``MAX_UPLOAD_BYTES``)."""
    return limit_label(int(current_app.config.get("MAX_UPLOAD_BYTES", 2 * 1024 * 1024)))


def upload_folder() -> Path:
    """Return the folder holding uploaded files (outside the web root), creating it when missing."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_path(stored_name: str) -> Path:
    """Return the path of a stored file; refuse anything that is not one of our random names."""
    if not re.fullmatch(r"[0-9a-f]{32}", stored_name):
        raise DomainError(_("Nom de fichier stocké invalide."))
    return upload_folder() / stored_name


def stage_file(session: Session, data: bytes) -> str:
    """Write ``data`` to a temporary file, moved into place when ``session`` commits; return its name.

    When the transaction ends without a commit (rollback, failed commit, closed session) the
    temporary file is deleted, so no orphan file remains.
    """
    folder = upload_folder()
    stored_name = secrets.token_hex(16)
    temp = folder / f".tmp-{stored_name}"
    with open(temp, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    session.info.setdefault(_PENDING_KEY, []).append(("move", str(temp), str(folder / stored_name)))
    return stored_name


def remove_file_on_commit(session: Session, stored_name: str) -> None:
    """Delete a stored file once ``session`` commits (a rollback keeps it)."""
    session.info.setdefault(_PENDING_KEY, []).append(("delete", None, str(stored_path(stored_name))))


@event.listens_for(Session, "after_commit")
def _apply_pending_files(session: Session) -> None:
    for action, temp, target in session.info.pop(_PENDING_KEY, []):
        if action == "move":
            os.replace(temp, target)
        else:
            Path(target).unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _discard_pending_files(session: Session, transaction: Any) -> None:
    if transaction.parent is not None or transaction.nested:
        return
    for action, temp, _target in session.info.pop(_PENDING_KEY, []):
        if action == "move":
            Path(temp).unlink(missing_ok=True)


# --------------------------------------------------------------------------- family operations


def store_upload(
    family: Family, student: Student | None, document_type: DocumentType, file_storage: FileLike, *,
    author: User | None,
) -> Document:
    """Check an uploaded file and add it as a deposited document of ``family`` (the caller commits).

    :raises DomainError: for a wrong type, pupil, format, size, empty file or active PDF content.
    """
    if not document_type.active:
        raise DomainError(_("Ce type de document n'est plus demandé."))
    if document_type.scope == "student":
        if student is None:
            raise DomainError(_("Choisissez l'élève concerné par le document « %(name)s ».", name=document_type.name))
        if student.family_id != family.id:
            raise DomainError(_("Cet élève n'appartient pas à votre famille."))
    else:
        student = None
    limit = max_size(document_type)
    data = file_storage.stream.read(limit + 1)
    if not data:
        raise DomainError(_("Le fichier est vide. Choisissez un fichier à importer."))
    if len(data) > limit:
        raise DomainError(_(
            "Le fichier dépasse la taille maximale autorisée (%(limit)s). "
            "Réduisez sa taille (par exemple en le numérisant en résolution plus faible) puis réessayez.",
            limit=limit_label(limit)))
    kind = detect_kind(data)
    if kind is None:
        raise DomainError(_(
            "Le fichier n'est ni un PDF ni une image JPEG ou PNG (son contenu a été vérifié, pas seulement "
            "son nom). Formats acceptés : .pdf, .jpg, .jpeg, .png."
        ))
    if kind not in accepted_kinds(document_type):
        raise DomainError(_(
            "Ce format n'est pas accepté pour « %(name)s » (formats acceptés : %(formats)s).",
            name=document_type.name, formats=document_type.accepted_formats.replace(",", ", ")))
    if kind == "pdf" and pdf_has_active_content(data):
        raise DomainError(_(
            "Ce PDF contient du contenu actif (JavaScript, lancement d'application ou fichier joint) et ne "
            "peut pas être accepté. Enregistrez-le de nouveau en PDF simple (« Imprimer en PDF »)."
        ))
    session = db.session()
    stored_name = stage_file(session, data)
    document = Document(
        document_type=document_type, family=family, student=student, stored_name=stored_name,
        original_name=display_name(file_storage.filename, kind), content_type=CONTENT_TYPES[kind],
        size_bytes=len(data), uploaded_at=utcnow(), uploaded_by_id=getattr(author, "id", None),
        status="deposited",
    )
    session.add(document)
    session.flush()
    audit.record(author, "document_upload", document, {
        "type": document_type.name, "size": len(data), "name": document.original_name})
    return document


def family_document(family: Family, document_id: int) -> Document | None:
    """Return the family's document ``document_id``, or None when it is not theirs."""
    document = db.session.get(Document, document_id)
    if document is None or document.family_id != family.id:
        return None
    return document


def file_path(document: Document) -> Path:
    """Return where the document's file is stored.

    :raises DomainError: when the file is missing on disk.
    """
    path = stored_path(document.stored_name)
    if not path.is_file():
        raise DomainError(_("Le fichier de ce document est introuvable. Contactez le secrétariat."))
    return path


def delete_document(document: Document, *, author: User | None) -> None:
    """Delete a family's document that staff have not validated (file removed after the commit).

    :raises DomainError: when the document is already validated.
    """
    if document.status == "validated":
        raise DomainError(_("Ce document a été validé par le secrétariat : il ne peut plus être supprimé."))
    audit.record(author, "document_delete", document, {
        "type": document.document_type.name, "name": document.original_name})
    remove_file_on_commit(db.session(), document.stored_name)
    db.session.delete(document)
    db.session.flush()


# --------------------------------------------------------------------------- staff review


def review(
    document: Document, *, reviewer: User, accept: bool, reason: str | None = None,
    qf_tranche: int | None = None,
) -> None:
    """Validate or refuse a deposited document, tell the family by e-mail, and audit it.

    :raises DomainError: when already reviewed, a refusal has no reason, or a QF tranche is missing.
    """
    if document.status != "deposited":
        raise DomainError(_("Ce document a déjà été traité (état : %(status)s).", status=STATUS_LABELS[document.status]))
    reason = (reason or "").strip() or None
    if accept:
        if document.document_type.is_quotient_certificate:
            if qf_tranche is None or not 1 <= int(qf_tranche) <= 6:
                raise DomainError(_("Indiquez la tranche de quotient familial (1 à 6) figurant sur l'attestation."))
            document.qf_tranche = int(qf_tranche)
            document.family.qf_tranche = int(qf_tranche)
        document.status = "validated"
    else:
        if reason is None:
            raise DomainError(_("Indiquez le motif du refus : il est communiqué à la famille."))
        document.status = "refused"
    document.comment = reason
    document.reviewed_by_id = reviewer.id
    document.reviewed_at = utcnow()
    audit.record(reviewer, "document_validate" if accept else "document_refuse", document, {
        "type": document.document_type.name, "reason": reason, "qf_tranche": document.qf_tranche})
    from school.services.mail import queue_mail

    template = "document_validated" if accept else "document_refused"
    subject = (_("Document validé : %(name)s", name=document.document_type.name) if accept
               else _("Document refusé : %(name)s", name=document.document_type.name))
    for recipient in family_emails(document.family):
        queue_mail(recipient, template, subject, document=document, reason=reason,
                   family=document.family)
    db.session.flush()


def family_emails(family: Family) -> list[str]:
    """Return the e-mail addresses of a family's guardians, primary guardian first (no duplicates)."""
    emails: list[str] = []
    for guardian in sorted(family.guardians, key=lambda g: (not g.is_primary, g.id)):
        if guardian.email and guardian.email.lower() not in {e.lower() for e in emails}:
            emails.append(guardian.email)
    if not emails:
        emails = [s.email for s in family.students if s.email][:1]
    return emails


# --------------------------------------------------------------------------- listings


@dataclass
class DocumentRow:
    """One line of the "Mes documents" table: a document, or a piece still to provide."""

    type_name: str
    student_name: str | None
    document: Document | None
    required: bool | None

    @property
    def file_name(self) -> str:
        return self.document.original_name if self.document else "-"

    @property
    def date(self) -> str:
        return f"{to_paris(self.document.uploaded_at):%d/%m/%Y}" if self.document else ""

    @property
    def time(self) -> str:
        return f"{to_paris(self.document.uploaded_at):%H:%M}" if self.document else ""

    @property
    def size(self) -> str:
        return megabytes(self.document.size_bytes if self.document else 0)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.document.status if self.document else None]

    @property
    def reason(self) -> str | None:
        return self.document.comment if self.document and self.document.status == "refused" else None

    @property
    def can_delete(self) -> bool:
        return self.document is not None and self.document.status != "validated"


def campaign_requirements(campaign: ReenrolmentCampaign | None) -> list[CampaignDocumentType]:
    """Return the document types a campaign asks for, required ones first."""
    if campaign is None:
        return []
    return list(db.session.scalars(
        select(CampaignDocumentType).where(CampaignDocumentType.campaign_id == campaign.id)
        .order_by(CampaignDocumentType.required.desc(), CampaignDocumentType.id)
    ))


def family_documents(family: Family) -> list[Document]:
    """Return every document of ``family``, newest first."""
    return list(db.session.scalars(
        select(Document).where(Document.family_id == family.id).order_by(Document.uploaded_at.desc(), Document.id.desc())
    ))


def document_rows(family: Family, campaign: ReenrolmentCampaign | None,
                  students: list[Student] | None = None) -> list[DocumentRow]:
    """Return the family's documents plus a "A fournir" line per campaign piece not yet provided."""
    documents = family_documents(family)
    students = students if students is not None else list(family.students)
    rows: list[DocumentRow] = []
    for requirement in campaign_requirements(campaign):
        doc_type = requirement.document_type
        targets: list[Student | None] = list(students) if doc_type.scope == "student" else [None]
        for student in targets:
            matching = [d for d in documents if d.document_type_id == doc_type.id
                        and (student is None or d.student_id == student.id)]
            if not matching:
                rows.append(DocumentRow(doc_type.name, student.full_name if student else None, None,
                                        requirement.required))
    requirement_ids = {r.document_type_id: r.required for r in campaign_requirements(campaign)}
    for document in documents:
        rows.append(DocumentRow(document.document_type.name,
                                document.student.full_name if document.student else None, document,
                                requirement_ids.get(document.document_type_id)))
    return rows


def missing_required(family: Family, campaign: ReenrolmentCampaign | None,
                     student: Student | None = None) -> list[str]:
    """Return the names of required campaign pieces with no deposited or validated document."""
    documents = [d for d in family_documents(family) if d.status in ("deposited", "validated")]
    missing: list[str] = []
    for requirement in campaign_requirements(campaign):
        if not requirement.required:
            continue
        doc_type = requirement.document_type
        if doc_type.scope == "student":
            if student is None:
                continue
            ok = any(d.document_type_id == doc_type.id and d.student_id == student.id for d in documents)
        else:
            ok = any(d.document_type_id == doc_type.id for d in documents)
        if not ok:
            missing.append(doc_type.name)
    return missing


def uploadable_types(campaign: ReenrolmentCampaign | None) -> list[DocumentType]:
    """Return the active document types a family may import, the campaign's first."""
    types = list(db.session.scalars(select(DocumentType).where(DocumentType.active.is_(True)).order_by(DocumentType.name)))
    first = [r.document_type_id for r in campaign_requirements(campaign)]
    return sorted(types, key=lambda t: (first.index(t.id) if t.id in first else len(first), t.name))
