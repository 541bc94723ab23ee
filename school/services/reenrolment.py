"""Re-enrolment: the family's six-step request per pupil, and the secretariat's decisions.

Steps: 1 coordinates, 2 image rights, 3 documents, 4 courses, 5 summary and acceptance, 6 confirmation.
``step_reached`` counts the completed steps; a family may open any completed step or the first
unfinished one, never further. Nothing changes after the campaign's ``closes_at``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from school.clock import utcnow
from school.errors import DomainError
from school.extensions import db
from school.formatting import datetime_fr
from school.i18n import N_, Labels, Texts
from school.models import (
    Course, CourseOption, Discipline, Enrolment, ImageRightsConsent, ReenrolmentCampaign,
    ReenrolmentChoice, ReenrolmentRequest, SchoolYear, Student,
)
from school.services import audit
from school.services.documents import family_emails, missing_required
from school.services.settings import get_text

STEPS = Texts(
    N_("Modification des coordonnées"), N_("Autorisations"), N_("Documents"), N_("Cours"), N_("Récapitulatif"),
    N_("Finalisation"),
)
STATUS_LABELS = Labels({
    "draft": N_("En cours de saisie"),
    "submitted": N_("Réinscription en attente de validation"),
    "validated": N_("Réinscription validée"),
    "rejected": N_("Réinscription refusée"),
    "declined": N_("Ne souhaite pas se réinscrire"),
})
WAITING = "waiting"


# --------------------------------------------------------------------------- reading


def current_year() -> SchoolYear | None:
    """Return the current school year."""
    return db.session.scalars(select(SchoolYear).where(SchoolYear.is_current.is_(True))).first()


def current_disciplines(student: Student) -> list[Discipline]:
    """Return the disciplines the pupil studies this school year (active enrolments), by name."""
    year = current_year()
    if year is None:
        return []
    return list(db.session.scalars(
        select(Discipline).join(Course, Course.discipline_id == Discipline.id)
        .join(Enrolment, Enrolment.course_id == Course.id)
        .where(Enrolment.student_id == student.id, Enrolment.school_year_id == year.id,
               Enrolment.status == "active")
        .distinct().order_by(Discipline.name)
    ))


def options_for(campaign: ReenrolmentCampaign, discipline_id: int) -> list[CourseOption]:
    """Return the campaign's course options for a discipline, by label."""
    return list(db.session.scalars(
        select(CourseOption).where(CourseOption.campaign_id == campaign.id,
                                   CourseOption.discipline_id == discipline_id).order_by(CourseOption.label)
    ))


def find_request(student: Student, campaign: ReenrolmentCampaign) -> ReenrolmentRequest | None:
    """Return the pupil's request in ``campaign``, if one was started."""
    return db.session.scalars(select(ReenrolmentRequest).where(
        ReenrolmentRequest.student_id == student.id, ReenrolmentRequest.campaign_id == campaign.id)).first()


def first_unfinished(request: ReenrolmentRequest) -> int:
    """Return the step the family must do next (6 once submitted)."""
    if request.status in ("submitted", "validated", "rejected"):
        return 6
    return min(request.step_reached + 1, 5)


def allowed_step(request: ReenrolmentRequest, wanted: int) -> int:
    """Return ``wanted`` when the family may open it, else the first unfinished step."""
    if request.wants is not True:
        return 0
    if request.status != "draft":
        return 6
    if 1 <= wanted <= first_unfinished(request):
        return wanted
    return first_unfinished(request)


def is_closed(campaign: ReenrolmentCampaign, now: dt.datetime | None = None) -> bool:
    """Tell whether the campaign's deadline has passed."""
    return (now or utcnow()) >= campaign.closes_at


def closed_message(campaign: ReenrolmentCampaign) -> str:
    """Return the message shown once a campaign is closed."""
    return _("Les réinscriptions sont closes depuis le %(date)s.", date=datetime_fr(campaign.closes_at))


# --------------------------------------------------------------------------- family steps


def _ensure_open(campaign: ReenrolmentCampaign) -> None:
    now = utcnow()
    if now >= campaign.closes_at:
        raise DomainError(closed_message(campaign))
    if now < campaign.opens_at:
        raise DomainError(_("Les réinscriptions ouvrent le %(date)s.", date=datetime_fr(campaign.opens_at)))


def _ensure_editable(request: ReenrolmentRequest) -> None:
    _ensure_open(request.campaign)
    if request.status in ("submitted", "validated", "rejected"):
        raise DomainError(_("Cette demande de réinscription a déjà été envoyée : elle ne peut plus être modifiée."))


def _ensure_step(request: ReenrolmentRequest, step: int) -> None:
    _ensure_editable(request)
    if request.wants is not True:
        raise DomainError(_("Indiquez d'abord si vous souhaitez réinscrire l'élève."))
    if step > first_unfinished(request):
        raise DomainError(_unfinished_step(request))


def _unfinished_step(request: ReenrolmentRequest) -> str:
    first = first_unfinished(request)
    return _("Terminez d'abord l'étape %(num)d « %(title)s ».", num=first, title=STEPS[first - 1])


def _touch(request: ReenrolmentRequest, step: int, author: User | None) -> None:
    request.step_reached = max(request.step_reached, step)
    request.updated_by_id = getattr(author, "id", None)


def start(student: Student, campaign: ReenrolmentCampaign) -> ReenrolmentRequest:
    """Return the pupil's request in ``campaign``, creating an empty draft once (race-safe)."""
    request = find_request(student, campaign)
    if request is not None:
        return request
    _ensure_open(campaign)
    request = ReenrolmentRequest(student=student, campaign=campaign, step_reached=0, status="draft",
                                 created_at=utcnow(), version=1)
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError:  # another tab created it at the same moment
        request = find_request(student, campaign)
        assert request is not None
    return request


def choose(request: ReenrolmentRequest, wants: bool, *, author: User | None) -> None:
    """Record "je souhaite / je ne souhaite pas réinscrire" (changeable until the deadline).

    :raises DomainError: after the deadline or once the request was sent.
    """
    _ensure_editable(request)
    request.wants = wants
    request.status = "draft" if wants else "declined"
    request.updated_by_id = getattr(author, "id", None)
    audit.record(author, "reenrolment_choice", request, {"wants": wants, "student": request.student.full_name})
    db.session.flush()


def save_coordinates(request: ReenrolmentRequest, changes: list[tuple[Any, dict[str, Any]]], *,
                     author: User) -> None:
    """Queue the corrected coordinates (record, validated values) for staff validation; finish step 1.

    :raises DomainError: after the deadline, once sent, or when steps are skipped.
    """
    _ensure_step(request, 1)
    from school.services import change_requests

    for record, values in changes:
        if record.family_id != request.student.family_id:
            raise DomainError(_("Cette fiche n'appartient pas à votre famille."))
        change_requests.submit(record, values, author=author)
    _touch(request, 1, author)
    db.session.flush()


def save_image_rights(request: ReenrolmentRequest, granted: bool | None, *, author: User | None) -> ImageRightsConsent:
    """Record the explicit yes/no image-rights answer for the campaign's school year; finish step 2.

    :raises DomainError: when no answer is given, after the deadline, once sent, or out of order.
    """
    _ensure_step(request, 2)
    if granted is None:
        raise DomainError(_("Répondez Oui ou Non au droit à l'image."))
    text = get_text("image_rights")
    consent = db.session.scalars(select(ImageRightsConsent).where(
        ImageRightsConsent.student_id == request.student_id,
        ImageRightsConsent.school_year_id == request.campaign.school_year_id)).first()
    if consent is None:
        consent = ImageRightsConsent(student_id=request.student_id, school_year_id=request.campaign.school_year_id,
                                     granted=granted, answered_at=utcnow())
        db.session.add(consent)
    consent.granted = granted
    consent.answered_by_id = getattr(author, "id", None)
    consent.answered_at = utcnow()
    consent.text_version = text.version if text is not None else 1
    request.image_rights = granted
    _touch(request, 2, author)
    audit.record(author, "image_rights", request.student, {
        "granted": granted, "school_year": request.campaign.school_year.label, "text_version": consent.text_version})
    db.session.flush()
    return consent


def finish_documents(request: ReenrolmentRequest, *, author: User | None) -> list[str]:
    """Finish step 3 (missing required pieces do not block); return the names still missing.

    :raises DomainError: after the deadline, once sent, or out of order.
    """
    _ensure_step(request, 3)
    _touch(request, 3, author)
    db.session.flush()
    return missing_required(request.student.family, request.campaign, request.student)


@dataclass
class CourseAnswer:
    """A family's answer for one current discipline."""

    discipline_id: int
    renew: bool
    option_id: int | None


def save_courses(request: ReenrolmentRequest, answers: list[CourseAnswer], information: str | None, *,
                 author: User | None) -> None:
    """Record the per-discipline renewal choices and the free text; finish step 4.

    :raises DomainError: with every problem (no discipline renewed, missing or foreign course option).
    """
    _ensure_step(request, 4)
    disciplines = {d.id: d for d in current_disciplines(request.student)}
    by_discipline = {a.discipline_id: a for a in answers if a.discipline_id in disciplines}
    problems: list[str] = []
    fields: dict[str, str] = {}
    resolved: dict[int, tuple[bool, CourseOption | None]] = {}
    for discipline_id, discipline in disciplines.items():
        answer = by_discipline.get(discipline_id, CourseAnswer(discipline_id, False, None))
        option = None
        if answer.renew:
            options = {o.id: o for o in options_for(request.campaign, discipline_id)}
            if len(options) == 1 and answer.option_id is None:
                option = next(iter(options.values()))
            elif answer.option_id in options:
                option = options[answer.option_id]
            else:
                problems.append(_("Choisissez le cours souhaité pour « %(name)s ».", name=discipline.name))
                fields[f"option-{discipline_id}"] = problems[-1]
        resolved[discipline_id] = (answer.renew, option)
    information = (information or "").strip() or None
    if information and len(information) > 2000:
        problems.append(_("L'information complémentaire est limitée à 2000 caractères."))
        fields["information"] = problems[-1]
    if disciplines and not any(renew for renew, _ in resolved.values()) and not information:
        problems.append(_("Cochez « Réinscription » pour au moins une discipline, ou indiquez votre demande dans "
                          "« Information complémentaire »."))
        fields[f"renew-{next(iter(disciplines))}"] = problems[-1]
    if problems:
        error = DomainError(*problems)
        error.fields = fields  # type: ignore[attr-defined]  # lets the form link each message to its input
        raise error
    existing = {c.discipline_id: c for c in request.choices}
    for discipline_id, (renew, option) in resolved.items():
        choice = existing.get(discipline_id)
        if choice is None:
            choice = ReenrolmentChoice(discipline_id=discipline_id)
            request.choices.append(choice)
        choice.renew = renew
        choice.course_option = option
    request.information = information
    _touch(request, 4, author)
    db.session.flush()


def submit(request: ReenrolmentRequest, *, accepted: bool, author: User | None) -> bool:
    """Send the request for validation (step 5) and e-mail a confirmation; return False if already sent.

    A double submit changes nothing and sends no second e-mail; the version column makes a
    concurrent second submit fail at flush instead of overwriting the first.

    :raises DomainError: after the deadline, when steps 1–4 are not done, or without "J'accepte".
    """
    if request.status in ("submitted", "validated", "rejected"):
        return False
    _ensure_step(request, 5)
    if request.step_reached < 4:
        raise DomainError(_unfinished_step(request))
    if not accepted:
        raise DomainError(_("Cochez « J'accepte » pour valider votre demande de réinscription."))
    now = utcnow()
    request.accepted_at = now
    request.submitted_at = now
    request.status = "submitted"
    _touch(request, 6, author)
    db.session.flush()
    audit.record(author, "reenrolment_submit", request, {
        "student": request.student.full_name, "campaign": request.campaign.name,
        "choices": {c.discipline.name: (c.course_option.label if c.course_option else None)
                    for c in request.choices if c.renew}})
    _mail_family(request, "reenrolment_submitted",
                 _("Demande de réinscription de %(first)s %(last)s enregistrée",
                   first=request.student.first_name, last=request.student.last_name))
    return True


def _mail_family(request: ReenrolmentRequest, template: str, subject: str, **context: Any) -> None:
    from school.services.mail import queue_mail

    family = request.student.family
    missing = missing_required(family, request.campaign, request.student)
    for recipient in family_emails(family):
        queue_mail(recipient, template, subject, request=request, student=request.student,
                   campaign=request.campaign, missing=missing, **context)


# --------------------------------------------------------------------------- staff decisions


def active_count(course_id: int) -> int:
    """Return the number of active enrolments of a course."""
    return db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.course_id == course_id, Enrolment.status == "active")) or 0


def waiting_list(course_id: int) -> list[Enrolment]:
    """Return a course's waiting list in order of request submission."""
    return list(db.session.scalars(select(Enrolment).where(
        Enrolment.course_id == course_id, Enrolment.status == "waiting").order_by(Enrolment.created_at, Enrolment.id)))


def _check_submitted(request: ReenrolmentRequest) -> None:
    if request.status != "submitted":
        raise DomainError(_("Cette demande ne peut plus être traitée (état : %(status)s).",
                            status=STATUS_LABELS[request.status]))


def validate(request: ReenrolmentRequest, *, reviewer: User,
             overrides: dict[int, int | str] | None = None) -> list[Enrolment]:
    """Create next year's enrolments in the chosen courses, respecting capacity, and tell the family.

    ``overrides`` maps a discipline id to another course option id or to ``"waiting"`` (waiting list).

    :raises DomainError: when not waiting for validation, or naming every full course.
    """
    _check_submitted(request)
    overrides = overrides or {}
    plan: list[tuple[ReenrolmentChoice, CourseOption, str]] = []
    problems: list[str] = []
    for choice in sorted(request.choices, key=lambda c: c.discipline.name):
        if not choice.renew:
            continue
        wanted = overrides.get(choice.discipline_id)
        option = choice.course_option
        status = "active"
        if wanted == WAITING:
            status = "waiting"
        elif wanted is not None:
            option = db.session.get(CourseOption, int(wanted))
            if option is None or option.campaign_id != request.campaign_id or option.discipline_id != choice.discipline_id:
                problems.append(_("Option de cours invalide pour « %(name)s ».", name=choice.discipline.name))
                continue
        if option is None:
            problems.append(_("Aucun cours choisi pour « %(name)s ».", name=choice.discipline.name))
            continue
        if status == "active":
            # Lock the course row so two validations cannot both take its last place (PostgreSQL).
            db.session.execute(select(Course.id).where(Course.id == option.course_id).with_for_update())
            if active_count(option.course_id) >= option.capacity:
                problems.append(ngettext(
                    "Le cours « %(label)s » est complet (%(num)d place) : choisissez une autre option ou la liste "
                    "d'attente.",
                    "Le cours « %(label)s » est complet (%(num)d places) : choisissez une autre option ou la liste "
                    "d'attente.", option.capacity, label=option.label))
                continue
        plan.append((choice, option, status))
    if problems:
        raise DomainError(*problems)
    enrolments = []
    for choice, option, status in plan:
        enrolment = db.session.scalars(select(Enrolment).where(
            Enrolment.student_id == request.student_id, Enrolment.course_id == option.course_id)).first()
        if enrolment is None:
            enrolment = Enrolment(student_id=request.student_id, course_id=option.course_id,
                                  school_year_id=request.campaign.school_year_id)
            db.session.add(enrolment)
        enrolment.status = status
        enrolment.cancelled_at = None
        # The waiting list is ordered by submission time, not by the moment staff decided.
        enrolment.created_at = request.submitted_at or utcnow()
        choice.course_option = option
        enrolments.append(enrolment)
    request.status = "validated"
    request.reviewer_id = reviewer.id
    request.reviewed_at = utcnow()
    db.session.flush()
    audit.record(reviewer, "reenrolment_validate", request, {
        "student": request.student.full_name,
        "enrolments": [(e.course.label if e.course else e.course_id, e.status) for e in enrolments]})
    _mail_family(request, "reenrolment_validated",
                 _("Réinscription de %(first)s %(last)s validée",
                   first=request.student.first_name, last=request.student.last_name),
                 enrolments=enrolments)
    return enrolments


def reject(request: ReenrolmentRequest, *, reviewer: User, reason: str | None) -> None:
    """Refuse a submitted request with a reason given to the family.

    :raises DomainError: when not waiting for validation or without a reason.
    """
    _check_submitted(request)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez le motif du refus : il est communiqué à la famille."))
    request.status = "rejected"
    request.comment = reason
    request.reviewer_id = reviewer.id
    request.reviewed_at = utcnow()
    db.session.flush()
    audit.record(reviewer, "reenrolment_reject", request, {"student": request.student.full_name, "reason": reason})
    _mail_family(request, "reenrolment_rejected",
                 _("Réinscription de %(first)s %(last)s refusée",
                   first=request.student.first_name, last=request.student.last_name), reason=reason)


def problems_of(request: ReenrolmentRequest) -> list[str]:
    """Return what keeps a request out of bulk validation (state, missing pieces, full courses)."""
    if request.status != "submitted":
        return [_("État : %(status)s.", status=STATUS_LABELS[request.status])]
    problems = [_("Pièce manquante : %(name)s.", name=name) for name in missing_required(
        request.student.family, request.campaign, request.student)]
    for choice in request.choices:
        if choice.renew and choice.course_option is not None:
            option = choice.course_option
            if active_count(option.course_id) >= option.capacity:
                problems.append(_("Le cours « %(label)s » est complet.", label=option.label))
    return problems


@dataclass
class BulkResult:
    """What a bulk validation did: validated requests and skipped ones with their reasons."""

    validated: list[ReenrolmentRequest] = field(default_factory=list)
    skipped: list[tuple[ReenrolmentRequest, list[str]]] = field(default_factory=list)


def bulk_validate(requests: list[ReenrolmentRequest], *, reviewer: User) -> BulkResult:
    """Validate each request without problems; skip and report the others (each in its own savepoint)."""
    result = BulkResult()
    for request in sorted(requests, key=lambda r: (r.submitted_at or utcnow(), r.id)):
        problems = problems_of(request)
        if problems:
            result.skipped.append((request, problems))
            continue
        try:
            with db.session.begin_nested():
                validate(request, reviewer=reviewer)
        except DomainError as err:
            db.session.refresh(request)
            result.skipped.append((request, err.messages))
            continue
        result.validated.append(request)
    return result


# --------------------------------------------------------------------------- dashboard and export


@dataclass
class OptionDemand:
    """Demand for one offered course: chosen by submitted/validated requests, enrolled, capacity."""

    option: CourseOption
    requested: int
    enrolled: int
    waiting: int

    @property
    def ratio(self) -> int:
        """Return demand as a percentage of capacity (capped at 100 for the bar width)."""
        return min(100, round(100 * self.requested / self.option.capacity)) if self.option.capacity else 0


@dataclass
class Dashboard:
    """Counts for a campaign's dashboard."""

    campaign: ReenrolmentCampaign
    concerned: int
    counts: dict[str, int]
    missing_documents: int
    demand: list[OptionDemand]


def concerned_students(campaign: ReenrolmentCampaign) -> list[Student]:
    """Return the pupils concerned by a campaign: those with an active enrolment this year."""
    year = current_year()
    if year is None:
        return []
    return list(db.session.scalars(
        select(Student).join(Enrolment, Enrolment.student_id == Student.id)
        .where(Enrolment.school_year_id == year.id, Enrolment.status == "active").distinct()
        .order_by(Student.last_name, Student.first_name)))


def campaign_requests(campaign: ReenrolmentCampaign) -> list[ReenrolmentRequest]:
    """Return every request of a campaign, by pupil name."""
    return list(db.session.scalars(
        select(ReenrolmentRequest).join(Student, Student.id == ReenrolmentRequest.student_id)
        .where(ReenrolmentRequest.campaign_id == campaign.id).order_by(Student.last_name, Student.first_name)))


def dashboard(campaign: ReenrolmentCampaign) -> Dashboard:
    """Return the campaign's counts: not started / in progress / submitted / validated / declined…"""
    students = concerned_students(campaign)
    requests = {r.student_id: r for r in campaign_requests(campaign)}
    counts = {"not_started": 0, "in_progress": 0, "submitted": 0, "validated": 0, "rejected": 0, "declined": 0}
    for student in students:
        request = requests.get(student.id)
        if request is None or (request.status == "draft" and request.wants is None):
            counts["not_started"] += 1
        elif request.status == "draft":
            counts["in_progress"] += 1
        else:
            counts[request.status] += 1
    missing = sum(1 for r in requests.values() if r.status in ("submitted", "validated")
                  and missing_required(r.student.family, campaign, r.student))
    demand = []
    for option in db.session.scalars(select(CourseOption).where(CourseOption.campaign_id == campaign.id)
                                      .order_by(CourseOption.label)):
        requested = db.session.scalar(
            select(func.count(ReenrolmentChoice.id)).join(ReenrolmentRequest)
            .where(ReenrolmentChoice.course_option_id == option.id, ReenrolmentChoice.renew.is_(True),
                   ReenrolmentRequest.status.in_(("submitted", "validated")))) or 0
        waiting = db.session.scalar(select(func.count(Enrolment.id)).where(
            Enrolment.course_id == option.course_id, Enrolment.status == "waiting")) or 0
        demand.append(OptionDemand(option, requested, active_count(option.course_id), waiting))
    return Dashboard(campaign, len(students), counts, missing, demand)


EXPORT_HEADERS = Texts(N_("Élève"), N_("Famille"), N_("Statut"), N_("Souhaite se réinscrire"), N_("Étape atteinte"),
                       N_("Droit à l'image"), N_("Choix de cours"), N_("Information complémentaire"),
                       N_("Envoyée le"), N_("Pièces manquantes"))


def export_rows(campaign: ReenrolmentCampaign) -> list[list[str]]:
    """Return one row per request of the campaign, as staff read them (for CSV and XLSX)."""
    rows = []
    yes_no = {True: _("Oui"), False: _("Non"), None: ""}
    for r in campaign_requests(campaign):
        choices = "; ".join(
            f"{c.discipline.name} : {c.course_option.label if c.renew and c.course_option else _('non renouvelée')}"
            for c in sorted(r.choices, key=lambda c: c.discipline.name))
        rows.append([
            r.student.full_name, r.student.family.name, STATUS_LABELS[r.status],
            yes_no[r.wants], str(r.step_reached),
            yes_no[r.image_rights], choices, r.information or "",
            datetime_fr(r.submitted_at), ", ".join(missing_required(r.student.family, campaign, r.student)),
        ])
    return rows
