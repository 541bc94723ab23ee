"""Elèves: each pupil's Identité, Cours (with evaluations and absences), Historique and Répertoire.

Every id in a URL is checked against the logged-in family: another family's id is a 404, no data.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError

from portal import bp
from portal.access import current_family, family_required, own_student_or_404
from portal.calendar import feed_url
from portal.family import outcomes_for
from portal.identity_form import STUDENT_LAYOUT, build
from school.choices import SCHOOL_LEVELS
from school.extensions import db
from school.formatting import date_fr, datetime_fr
from school.models import Student
from school.schemas.people import StudentSchema, YearAnswersSchema
from school.services import change_requests, pedagogy, student_year
from school.services.campaigns import open_campaign
from school.services.settings import get_text

PENDING_MESSAGE = _l("La fiche de l'élève est en attente de validation par le secrétariat.")
SAVED_MESSAGE = _l("La fiche d'identité de l'élève est mise à jour et attend la validation du secrétariat. "
                 "Un accusé de réception vous a été envoyé par e-mail.")
TABS = (
    ("portal.show_student", _l("Identité")),
    ("portal.show_student_courses", _l("Cours")),
    ("portal.show_student_history", _l("Historique")),
    ("portal.show_student_repertoire", _l("Répertoire")),
)


def _page(student: Student, tab: str, template: str, **context: Any) -> str:
    """Render a pupil's tab with the pupil selector and the tab bar."""
    tabs = [(url_for(endpoint, student_id=student.id), str(label), endpoint == tab) for endpoint, label in TABS]
    if open_campaign() is not None:
        tabs.append((url_for("portal.show_reenrolment", student_id=student.id), _("Réinscription"), False))
    return render_template(
        template, student=student, students=current_family().students, tabs=tabs, **context)


@bp.get("/eleves")
@family_required
def list_students() -> ResponseReturnValue:
    """Open the chosen pupil's file (the selector's choice, else the family's first pupil)."""
    students = current_family().students
    chosen = request.args.get("eleve", type=int)
    if chosen is not None:
        return redirect(url_for("portal.show_student", student_id=own_student_or_404(chosen).id))
    if not students:
        return render_template("portal/student_none.html")
    return redirect(url_for("portal.show_student", student_id=students[0].id))


def _identity(student: Student, *, submitted: dict[str, Any] | None = None,
              errors: dict[str, list[str]] | None = None) -> str:
    requested = change_requests.requested_values(student)
    groups = build(student, StudentSchema(), STUDENT_LAYOUT, requested, submitted, errors)
    year = pedagogy.current_year()
    consent = student_year.consent_for(student, year) if year else None
    level = student_year.level_for(student, year) if year else None
    text = get_text("image_rights")
    if submitted is not None:
        image_answer, level_value = submitted.get("image_rights") or "", submitted.get("school_level") or ""
    else:
        image_answer = ("oui" if consent.granted else "non") if consent else ""
        level_value = level.level if level else ""
    consent_note = ""
    if consent is not None:
        who = consent.answered_by.username if consent.answered_by else _("le secrétariat")
        consent_note = _("Réponse enregistrée le %(when)s (%(who)s).", when=datetime_fr(consent.answered_at), who=who)
    error_fields = [f for _legend, items in groups for f in items if f.error]
    year_errors = {k: " ".join(v) for k, v in (errors or {}).items() if k in ("image_rights", "school_level")}
    return _page(
        student, "portal.show_student", "portal/student_identity.html", groups=groups,
        error_fields=error_fields, year_errors=year_errors, pending=bool(requested),
        pending_message=str(PENDING_MESSAGE), outcomes=outcomes_for(student), year=year,
        image_text=text.body if text else "", image_answer=image_answer,
        consent_note=consent_note, levels=SCHOOL_LEVELS, level_value=level_value,
    )


@bp.get("/eleves/<int:student_id>/identite")
@family_required
def show_student(student_id: int) -> ResponseReturnValue:
    """Show a pupil's identity form (Elèves › Identité)."""
    return _identity(own_student_or_404(student_id))


@bp.post("/eleves/<int:student_id>/identite")
@family_required
def update_student(student_id: int) -> ResponseReturnValue:
    """Queue a pupil's identity corrections; record the image-rights answer and school level."""
    student = own_student_or_404(student_id)
    form = request.form.to_dict()
    errors: dict[str, list[str]] = {}
    try:
        changes = StudentSchema().load(form)
    except ValidationError as err:
        errors.update(err.messages)  # type: ignore[arg-type]
    try:
        answers = YearAnswersSchema().load(form)
    except ValidationError as err:
        errors.update(err.messages)  # type: ignore[arg-type]
    if errors:
        return _identity(student, submitted=form, errors=errors), 422
    year = pedagogy.current_year()
    had_pending = change_requests.pending_for(student) is not None
    result = change_requests.submit(student, changes, author=current_user)
    withdrawn = had_pending and result is None and change_requests.pending_for(student) is None
    answered = False
    if year is not None:
        if answers["image_rights"] is not None:
            answered = student_year.record_image_rights(student, year, answers["image_rights"] == "oui",
                                                        author=current_user)
        answered = student_year.set_school_level(student, year, answers["school_level"],
                                                 author=current_user) or answered
    db.session.commit()
    if result is not None:
        flash(str(SAVED_MESSAGE), "success")
    if answered:
        flash(_("Vos réponses pour l'année scolaire (droit à l'image, niveau scolaire) sont enregistrées."),
              "success")
    if withdrawn:
        flash(_("Votre demande de modification a été retirée : la fiche reste inchangée."), "info")
    if result is None and not answered and not withdrawn:
        flash(_("Aucune modification : la fiche est inchangée."), "info")
    return redirect(url_for("portal.show_student", student_id=student.id))


@bp.get("/eleves/<int:student_id>/cours")
@family_required
def show_student_courses(student_id: int) -> ResponseReturnValue:
    """List this year's courses of a pupil (Elèves › Cours) and the family's calendar link."""
    student = own_student_or_404(student_id)
    family = current_family()
    return _page(student, "portal.show_student_courses", "portal/student_courses.html",
                 enrolments=pedagogy.current_enrolments(student), year=pedagogy.current_year(),
                 calendar_url=feed_url(family) if family.calendar_token else "")


@bp.get("/eleves/<int:student_id>/historique")
@family_required
def show_student_history(student_id: int) -> ResponseReturnValue:
    """List a pupil's result sheets of past years (Elèves › Historique)."""
    student = own_student_or_404(student_id)
    return _page(student, "portal.show_student_history", "portal/student_history.html",
                 results=pedagogy.history(student))


@bp.get("/eleves/<int:student_id>/repertoire")
@family_required
def show_student_repertoire(student_id: int) -> ResponseReturnValue:
    """List the works a pupil studied, by school year (Elèves › Répertoire)."""
    student = own_student_or_404(student_id)
    return _page(student, "portal.show_student_repertoire", "portal/repertoire.html",
                 years=pedagogy.repertoire_by_year(student))


def _own(row: Any) -> Any:
    if row is None:
        abort(404)
    return row


COURSE_TABS = (("portal.show_course", _l("Cours")), ("portal.show_course_evaluations", _l("Evaluations")),
               ("portal.show_course_absences", _l("Absences")))


def _course_page(enrolment_id: int, tab: str) -> str:
    enrolment = _own(pedagogy.family_enrolment(enrolment_id, current_family().id))
    tabs = [(url_for(endpoint, enrolment_id=enrolment.id), str(label), endpoint == tab)
            for endpoint, label in COURSE_TABS]
    return render_template(
        "portal/course.html", enrolment=enrolment, course=enrolment.course, student=enrolment.student,
        tab=tab.rsplit("_", 1)[-1], tabs=tabs, evaluations=pedagogy.evaluations(enrolment),
        absences=pedagogy.absences(enrolment), date_fr=date_fr,
    )


@bp.get("/eleves/cours/<int:enrolment_id>")
@family_required
def show_course(enrolment_id: int) -> ResponseReturnValue:
    """Show a course's follow-up sheet (tab Cours)."""
    return _course_page(enrolment_id, "portal.show_course")


@bp.get("/eleves/cours/<int:enrolment_id>/evaluations")
@family_required
def show_course_evaluations(enrolment_id: int) -> ResponseReturnValue:
    """List a course's evaluations (tab Evaluations)."""
    return _course_page(enrolment_id, "portal.show_course_evaluations")


@bp.get("/eleves/cours/<int:enrolment_id>/absences")
@family_required
def show_course_absences(enrolment_id: int) -> ResponseReturnValue:
    """List a course's absences (tab Absences)."""
    return _course_page(enrolment_id, "portal.show_course_absences")


@bp.get("/eleves/evaluations/<int:evaluation_id>")
@family_required
def show_evaluation(evaluation_id: int) -> ResponseReturnValue:
    """Show one evaluation in detail."""
    evaluation = _own(pedagogy.family_evaluation(evaluation_id, current_family().id))
    return render_template("portal/evaluation.html", evaluation=evaluation, enrolment=evaluation.enrolment,
                           student=evaluation.enrolment.student, date_fr=date_fr)


@bp.get("/eleves/absences/<int:absence_id>")
@family_required
def show_absence(absence_id: int) -> ResponseReturnValue:
    """Show one absence in detail."""
    absence = _own(pedagogy.family_absence(absence_id, current_family().id))
    return render_template("portal/absence.html", absence=absence, enrolment=absence.enrolment,
                           student=absence.enrolment.student, date_fr=date_fr)


@bp.get("/eleves/historique/<int:result_id>")
@family_required
def show_year_result(result_id: int) -> ResponseReturnValue:
    """Show a past year's result sheet with that year's evaluations."""
    result = _own(pedagogy.family_year_result(result_id, current_family().id))
    return render_template("portal/year_result.html", result=result, student=result.student,
                           evaluations=pedagogy.result_evaluations(result), date_fr=date_fr)


@bp.app_template_filter("decimal_fr")
def decimal_fr(value: Any) -> str:
    """Return a mark or coefficient the French way: 16, 12,5 (empty for None)."""
    if value is None:
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return text.replace(".", ",")
