"""Elèves › Réinscription: the yes/no choice and the six-step wizard, one request per pupil.

The order of steps, the deadline and idempotency are enforced by ``school.services.reenrolment``;
these views parse the forms, call it, commit and re-render errors next to their fields.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy.orm.exc import StaleDataError

from portal import bp
from portal.access import current_family, family_required, own_student_or_404
from portal.documents import documents_context
from school.downloads import stored_file_download
from portal.identity_form import GUARDIAN_LAYOUT, STUDENT_LAYOUT, build
from school.errors import DomainError
from school.extensions import db
from school.formatting import datetime_fr
from school.models import CampaignFile, ReenrolmentCampaign, ReenrolmentRequest, Student
from school.schemas.people import GuardianSchema, StudentSchema
from school.schemas.reenrolment import (
    CoursesSchema, ImageRightsSchema, SummarySchema, WantsSchema, course_answers,
)
from school.services import change_requests, documents, reenrolment
from school.services.campaigns import current_or_last_campaign, deadline_label, open_campaign
from school.services.settings import get_text

LAST_STEP = len(reenrolment.STEPS)


# --------------------------------------------------------------------------- helpers


def _tabs(student: Student) -> list[tuple[str, str, bool]]:
    from portal.students import TABS

    tabs = [(url_for(endpoint, student_id=student.id), str(label), False) for endpoint, label in TABS]
    tabs.append((url_for("portal.show_reenrolment", student_id=student.id), _("Réinscription"), True))
    return tabs


def _page(template: str, student: Student, status: int = 200, **context: Any) -> ResponseReturnValue:
    return render_template(template, student=student, students=current_family().students, tabs=_tabs(student),
                           **context), status


def _tab_page(student: Student, *, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    campaign = current_or_last_campaign()
    req = reenrolment.find_request(student, campaign) if campaign is not None else None
    closed = campaign is not None and reenrolment.is_closed(campaign)
    return _page(
        "portal/reenrolment.html", student, status, campaign=campaign, request_=req, closed=closed,
        closed_message=reenrolment.closed_message(campaign) if closed else None,
        deadline=deadline_label(campaign) if campaign is not None and not closed else None,
        status_label=reenrolment.STATUS_LABELS.get(req.status) if req is not None else None,
        resume_step=reenrolment.first_unfinished(req) if req is not None and req.wants else None,
        error=error,
    )


def _open_request(student: Student) -> tuple[ReenrolmentCampaign, ReenrolmentRequest] | None:
    campaign = open_campaign()
    if campaign is None:
        return None
    req = reenrolment.find_request(student, campaign)
    if req is None or req.wants is not True:
        return None
    return campaign, req


def _step_url(student: Student, n: int) -> str:
    return url_for("portal.show_reenrolment_step", student_id=student.id, n=n)


def _identity_forms(req: ReenrolmentRequest, submitted: dict[str, dict[str, Any]] | None = None,
                    errors: dict[str, dict[str, list[str]]] | None = None) -> list[dict[str, Any]]:
    """Return one identity form per guardian and for the pupil, with prefixed field names."""
    forms = []
    family = req.student.family
    records: list[tuple[str, Any, Any, Any, str]] = [
        (f"g{g.id}", g, GuardianSchema(), GUARDIAN_LAYOUT, _("Responsable — %(name)s", name=g.full_name))
        for g in family.guardians]
    records.append(("s", req.student, StudentSchema(), STUDENT_LAYOUT,
                    _("Élève — %(name)s", name=req.student.full_name)))
    for prefix, record, schema, layout, title in records:
        requested = change_requests.requested_values(record)
        groups = build(record, schema, layout, requested,
                       submitted.get(prefix) if submitted else None, (errors or {}).get(prefix))
        for _legend, items in groups:
            for item in items:
                item.name = f"{prefix}-{item.name}"
        changed = [str(change_requests.FIELD_LABELS.get(name, name)) for name in requested]
        forms.append({"prefix": prefix, "record": record, "schema": schema, "title": title, "groups": groups,
                      "changed": changed})
    return forms


def _step_context(req: ReenrolmentRequest, n: int) -> dict[str, Any]:
    campaign = req.campaign
    steps = [(i, label, url_for("portal.show_reenrolment_step", student_id=req.student_id, n=i)
              if i <= reenrolment.first_unfinished(req) and req.status == "draft" else None)
             for i, label in enumerate(reenrolment.STEPS, start=1)]
    return {
        "campaign": campaign, "request_": req, "n": n, "steps": steps, "last_step": LAST_STEP,
        "step_title": reenrolment.STEPS[n - 1], "deadline": deadline_label(campaign),
        "step_text": getattr(campaign, ("text_coordinates", "text_authorisations", "text_documents", "text_courses",
                                        "text_summary", "text_confirmation")[n - 1]),
        "previous_url": _step_url(req.student, n - 1) if 1 < n < LAST_STEP else None,
        "campaign_files": list(campaign.files),
    }


def _courses_rows(req: ReenrolmentRequest, submitted: dict[str, Any] | None) -> list[dict[str, Any]]:
    choices = {c.discipline_id: c for c in req.choices}
    rows = []
    for discipline in reenrolment.current_disciplines(req.student):
        choice = choices.get(discipline.id)
        if submitted is not None:
            renew = submitted.get(f"renew-{discipline.id}") in ("1", "on", "oui")
            chosen = submitted.get(f"option-{discipline.id}", "")
        else:
            renew = bool(choice and choice.renew)
            chosen = str(choice.course_option_id) if choice and choice.course_option_id else ""
        rows.append({"discipline": discipline, "renew": renew, "chosen": chosen,
                     "options": reenrolment.options_for(req.campaign, discipline.id)})
    return rows


def _render_step(student: Student, req: ReenrolmentRequest, n: int, *, errors: dict[str, str] | None = None,
                 messages: list[str] | None = None, submitted: dict[str, Any] | None = None,
                 identity_submitted: dict[str, dict[str, Any]] | None = None,
                 identity_errors: dict[str, dict[str, list[str]]] | None = None,
                 upload: dict[str, Any] | None = None, status: int = 200) -> ResponseReturnValue:
    context = _step_context(req, n)
    errors = errors or {}
    context.update(errors=errors, messages=messages or [], submitted=submitted or {})
    family = student.family
    if n in (1, 5):
        context["identity_forms"] = _identity_forms(req, identity_submitted, identity_errors)
        context["identity_error_fields"] = [
            f for form in context["identity_forms"] for _l, items in form["groups"] for f in items if f.error]
    if n == 2:
        text = get_text("image_rights")
        context["image_rights_text"] = text.body if text else ""
        answer = (submitted or {}).get("image_rights")
        if answer is None and req.image_rights is not None:
            answer = "oui" if req.image_rights else "non"
        context["image_rights_answer"] = answer
    if n in (3, 5):
        context.update(documents_context(return_to=student.id, **(upload or {})))
        context["documents_caption"] = _("Pièces à fournir - Famille")
        context["missing"] = documents.missing_required(family, req.campaign, student)
    if n in (4, 5):
        context["course_rows"] = _courses_rows(req, submitted if n == 4 and submitted else None)
        notice = get_text("courses_notice")
        context["courses_notice"] = notice.body if notice else ""
        context["information"] = (submitted or {}).get("information", req.information or "") if n == 4 else (
            req.information or "")
    if n == LAST_STEP:
        context["submitted_label"] = datetime_fr(req.submitted_at)
        context["status_label"] = reenrolment.STATUS_LABELS[req.status]
    if n == 5:
        context["image_rights_label"] = {True: _("Oui"), False: _("Non"), None: _("Non renseigné")}[req.image_rights]
    error_count = len(errors) + len(messages or []) + len(context.get("identity_error_fields", []))
    if upload and upload.get("errors"):
        error_count += len(upload["errors"])
    context["has_errors"] = error_count > 0
    return _page("portal/reenrolment_step.html", student, status, **context)


def render_documents_step(student_id: int, *, errors: dict[str, str], submitted: dict[str, Any],
                          status: int) -> ResponseReturnValue:
    """Re-render wizard step 3 with the import form's errors (called by the documents views)."""
    student = own_student_or_404(student_id)
    opened = _open_request(student)
    if opened is None:
        return _tab_page(student, error=next(iter(errors.values()), None), status=status)
    return _render_step(student, opened[1], 3, upload={"errors": errors, "submitted": submitted}, status=status)


# --------------------------------------------------------------------------- routes


@bp.get("/eleves/<int:student_id>/reinscription")
@family_required
def show_reenrolment(student_id: int) -> ResponseReturnValue:
    """Show the pupil's Réinscription tab: the choice, the request's state, or why it is closed."""
    return _tab_page(own_student_or_404(student_id))


@bp.post("/eleves/<int:student_id>/reinscription")
@family_required
def choose_reenrolment(student_id: int) -> ResponseReturnValue:
    """Record "je souhaite / je ne souhaite pas réinscrire" and start the wizard when wanted."""
    student = own_student_or_404(student_id)
    campaign = open_campaign()
    if campaign is None:
        last = current_or_last_campaign()
        message = reenrolment.closed_message(last) if last else _("Aucune campagne de réinscription n'est ouverte.")
        return _tab_page(student, error=message, status=409)
    try:
        wants = WantsSchema().load(request.form)["wants"] == "oui"
    except ValidationError:
        return _tab_page(student, error=_("Choisissez « Je souhaite » ou « Je ne souhaite pas » réinscrire l'élève."),
                         status=422)
    try:
        req = reenrolment.start(student, campaign)
        reenrolment.choose(req, wants, author=current_user)
    except DomainError as err:
        db.session.rollback()
        return _tab_page(student, error=str(err), status=409)
    db.session.commit()
    if not wants:
        flash(_("Votre réponse est enregistrée : vous ne souhaitez pas réinscrire %(first_name)s %(last_name)s. "
                "Vous pouvez changer d'avis jusqu'à la date limite.",
                first_name=student.first_name, last_name=student.last_name), "success")
        return redirect(url_for("portal.show_reenrolment", student_id=student.id))
    return redirect(_step_url(student, reenrolment.first_unfinished(req)))


@bp.get("/eleves/<int:student_id>/reinscription/etape/<int:n>")
@family_required
def show_reenrolment_step(student_id: int, n: int) -> ResponseReturnValue:
    """Show step ``n`` of the wizard, or send the family to the first unfinished step."""
    student = own_student_or_404(student_id)
    if not 1 <= n <= LAST_STEP:
        abort(404)
    opened = _open_request(student)
    if opened is None:
        return redirect(url_for("portal.show_reenrolment", student_id=student.id))
    _campaign, req = opened
    allowed = reenrolment.allowed_step(req, n)
    if allowed != n:
        return redirect(_step_url(student, allowed))
    return _render_step(student, req, n)


@bp.post("/eleves/<int:student_id>/reinscription/etape/<int:n>")
@family_required
def save_reenrolment_step(student_id: int, n: int) -> ResponseReturnValue:
    """Save step ``n`` and go on; a step posted out of order goes back to the first unfinished one."""
    student = own_student_or_404(student_id)
    if not 1 <= n <= LAST_STEP:
        abort(404)
    opened = _open_request(student)
    if opened is None:
        campaign = current_or_last_campaign()
        if campaign is not None and reenrolment.is_closed(campaign):
            return _tab_page(student, error=reenrolment.closed_message(campaign), status=409)
        return redirect(url_for("portal.show_reenrolment", student_id=student.id))
    _campaign, req = opened
    if req.status != "draft":
        return redirect(_step_url(student, LAST_STEP))
    if n > reenrolment.first_unfinished(req) or n == LAST_STEP:
        first = reenrolment.first_unfinished(req)
        flash(_("Terminez d'abord l'étape %(num)d « %(title)s ».", num=first, title=reenrolment.STEPS[first - 1]),
              "error")
        return redirect(_step_url(student, first))
    try:
        response = _SAVERS[n](student, req)
    except DomainError as err:
        db.session.rollback()
        if reenrolment.is_closed(req.campaign):
            return _tab_page(student, error=str(err), status=409)
        return _render_step(student, req, n, messages=err.messages,
                            errors=getattr(err, "fields", None), submitted=request.form.to_dict(), status=422)
    return response


def _save_coordinates(student: Student, req: ReenrolmentRequest) -> ResponseReturnValue:
    forms = _identity_forms(req)
    submitted: dict[str, dict[str, Any]] = {}
    errors: dict[str, dict[str, list[str]]] = {}
    changes = []
    for form in forms:
        prefix = form["prefix"] + "-"
        data = {k[len(prefix):]: v for k, v in request.form.items() if k.startswith(prefix)}
        submitted[form["prefix"]] = data
        try:
            changes.append((form["record"], form["schema"].load(data)))
        except ValidationError as err:
            errors[form["prefix"]] = err.messages  # type: ignore[assignment]
    if errors:
        return _render_step(student, req, 1, identity_submitted=submitted, identity_errors=errors, status=422)
    reenrolment.save_coordinates(req, changes, author=current_user)
    db.session.commit()
    return redirect(_step_url(student, 2))


def _save_image_rights(student: Student, req: ReenrolmentRequest) -> ResponseReturnValue:
    try:
        answer = ImageRightsSchema().load(request.form)["image_rights"]
    except ValidationError as err:
        return _render_step(student, req, 2, errors={"image_rights": " ".join(err.messages["image_rights"])},  # type: ignore[index]
                            status=422)
    reenrolment.save_image_rights(req, answer == "oui", author=current_user)
    db.session.commit()
    return redirect(_step_url(student, 3))


def _save_documents(student: Student, req: ReenrolmentRequest) -> ResponseReturnValue:
    reenrolment.finish_documents(req, author=current_user)
    db.session.commit()
    return redirect(_step_url(student, 4))


def _save_courses(student: Student, req: ReenrolmentRequest) -> ResponseReturnValue:
    try:
        information = CoursesSchema().load(request.form)["information"]
    except ValidationError as err:
        message = " ".join(err.messages["information"])  # type: ignore[index]
        return _render_step(student, req, 4, errors={"information": message}, submitted=request.form.to_dict(),
                            status=422)
    discipline_ids = [d.id for d in reenrolment.current_disciplines(student)]
    reenrolment.save_courses(req, course_answers(request.form, discipline_ids), information, author=current_user)
    db.session.commit()
    return redirect(_step_url(student, 5))


def _submit(student: Student, req: ReenrolmentRequest) -> ResponseReturnValue:
    try:
        SummarySchema().load(request.form)
    except ValidationError as err:
        return _render_step(student, req, 5, errors={"accept": " ".join(err.messages["accept"])},  # type: ignore[index]
                            status=422)
    try:
        reenrolment.submit(req, accepted=True, author=current_user)
        db.session.commit()
    except StaleDataError:
        # A second click or tab submitted meanwhile: the first one stands, nothing is sent twice.
        db.session.rollback()
    return redirect(_step_url(student, LAST_STEP))


_SAVERS = {1: _save_coordinates, 2: _save_image_rights, 3: _save_documents, 4: _save_courses, 5: _submit}


@bp.get("/reinscription/fichiers/<int:file_id>")
@family_required
def download_campaign_file(file_id: int) -> ResponseReturnValue:
    """Send a document of the open campaign (rules, forms) as a download."""
    item = db.session.get(CampaignFile, file_id)
    campaign = open_campaign()
    if item is None or campaign is None or item.campaign_id != campaign.id:
        abort(404)
    try:
        path = documents.stored_path(item.stored_name)
    except DomainError:
        abort(404)
    if not path.is_file():
        abort(404)
    return stored_file_download(path, item.original_name, item.content_type)

