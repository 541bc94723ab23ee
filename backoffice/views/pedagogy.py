"""« Pédagogie », follow-up: evaluations, absences, year results and repertoire (teachers: own courses)."""
from __future__ import annotations

from typing import Any

from flask_appbuilder import AppBuilder
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backoffice.security import PEDAGOGY
from backoffice.views.base import SchoolModelView, TeacherScopeFilter
from school.formatting import date_fr
from school.models import Absence, Enrolment, Evaluation, RepertoireItem, Student, YearResult

CATEGORY = "Pédagogie"
# The enrolment choice of a teacher's forms lists their own courses' enrolments only.
OWN_ENROLMENTS = {"enrolment": [["id", TeacherScopeFilter, None]]}


class StudentThroughEnrolment(BaseFilter):
    """Keep the rows of one pupil, reached through their enrolment (a tab of the pupil's page)."""

    name = _l("Élève")

    def apply(self, query: Any, value: Any) -> Any:
        enrolments = select(Enrolment.id).where(Enrolment.student_id == value).scalar_subquery()
        return query.filter(self.model.enrolment_id.in_(enrolments))


FOLLOW_UP_LABELS = {"enrolment": _l("Inscription"), "enrolment.student": _l("Élève"), "enrolment.course": _l("Cours"),
                    "student": _l("Élève"), "school_year": _l("Année scolaire"), "course": _l("Cours"),
                    "date": _l("Date")}


class EvaluationView(SchoolModelView):
    """Evaluations of pupils in a course."""

    domain = PEDAGOGY
    teacher_scoped = True
    datamodel = SQLAInterface(Evaluation)
    parent_filters = {Student: StudentThroughEnrolment}
    list_title = _l("Évaluations")
    show_title = _l("Évaluation")
    add_title = _l("Ajouter une évaluation")
    edit_title = _l("Modifier une évaluation")
    label_columns = {
        **FOLLOW_UP_LABELS, "name": _l("Intitulé"), "criterion_type": _l("Type de critère"), "mark": _l("Note"),
        "denominator": _l("Sur"), "coefficient": _l("Coefficient"), "letter": _l("Lettre"), "mention": _l("Mention"),
        "appreciation": _l("Appréciation"), "choice": _l("Choix"), "absent": _l("Absent"), "reason": _l("Motif"),
    }
    list_columns = ["enrolment.student", "enrolment.course", "name", "date", "mark", "denominator", "letter",
                    "mention"]
    list_eager = ("enrolment.student", "enrolment.course")
    search_columns = ["name", "date", "criterion_type", "letter", "mention", "absent"]
    order_columns = ["name", "date", "mark", "letter"]
    show_columns = ["enrolment", "name", "date", "criterion_type", "mark", "denominator", "coefficient", "letter",
                    "mention", "appreciation", "choice", "absent", "reason"]
    add_columns = edit_columns = show_columns
    add_form_query_rel_fields = edit_form_query_rel_fields = OWN_ENROLMENTS
    formatters_columns = {"date": date_fr}
    base_order = ("date", "desc")


class AbsenceView(SchoolModelView):
    """Absences of pupils in a course."""

    domain = PEDAGOGY
    teacher_scoped = True
    datamodel = SQLAInterface(Absence)
    parent_filters = {Student: StudentThroughEnrolment}
    list_title = _l("Absences")
    show_title = _l("Absence")
    add_title = _l("Ajouter une absence")
    edit_title = _l("Modifier une absence")
    label_columns = {**FOLLOW_UP_LABELS, "excused": _l("Excusée"), "reason": _l("Motif")}
    list_columns = ["enrolment.student", "enrolment.course", "date", "excused", "reason"]
    list_eager = ("enrolment.student", "enrolment.course")
    search_columns = ["date", "excused"]
    order_columns = ["date", "excused"]
    show_columns = add_columns = edit_columns = ["enrolment", "date", "excused", "reason"]
    add_form_query_rel_fields = edit_form_query_rel_fields = OWN_ENROLMENTS
    formatters_columns = {"date": date_fr}
    base_order = ("date", "desc")


class YearResultView(SchoolModelView):
    """Year result sheets (fiches de suivi)."""

    domain = PEDAGOGY
    teacher_scoped = True
    datamodel = SQLAInterface(YearResult)
    list_title = _l("Résultats annuels")
    show_title = _l("Résultat annuel")
    add_title = _l("Ajouter un résultat annuel")
    edit_title = _l("Modifier un résultat annuel")
    label_columns = {
        **FOLLOW_UP_LABELS, "department": _l("Département"), "school_class": _l("Classe"), "cycle": _l("Cycle"),
        "teacher": _l("Professeur"), "first_instrument": _l("Premier instrument"), "average": _l("Moyenne (sur 5)"),
        "letter_average": _l("Moyenne (lettre)"), "mention": _l("Mention"), "comment": _l("Commentaire"),
        "class_result": _l("Résultat de classe"), "cycle_result": _l("Résultat de cycle"),
        "admitted_class": _l("Admis en classe"), "admitted_cycle": _l("Admis en cycle"),
    }
    list_columns = ["student", "school_year", "department", "school_class", "teacher", "average", "mention"]
    list_eager = ("student", "school_year", "department", "school_class", "teacher")
    search_columns = ["school_year", "department", "mention", "class_result"]
    order_columns = ["average", "mention"]
    show_columns = ["student", "school_year", "enrolment", "department", "school_class", "cycle", "teacher",
                    "first_instrument", "average", "letter_average", "mention", "comment", "class_result",
                    "cycle_result", "admitted_class", "admitted_cycle"]
    add_columns = edit_columns = show_columns
    add_form_query_rel_fields = edit_form_query_rel_fields = OWN_ENROLMENTS


class RepertoireItemView(SchoolModelView):
    """Works a pupil studies (répertoire)."""

    domain = PEDAGOGY
    teacher_scoped = True
    datamodel = SQLAInterface(RepertoireItem)
    list_title = _l("Répertoire")
    show_title = _l("Œuvre du répertoire")
    add_title = _l("Ajouter une œuvre")
    edit_title = _l("Modifier une œuvre")
    label_columns = {**FOLLOW_UP_LABELS, "work": _l("Œuvre"), "composer": _l("Compositeur"), "status": _l("Statut")}
    list_columns = ["student", "school_year", "course", "work", "composer", "status"]
    list_eager = ("student", "school_year", "course.school_year")
    search_columns = ["work", "composer", "status", "school_year"]
    order_columns = ["work", "composer", "status"]
    show_columns = add_columns = edit_columns = ["student", "school_year", "course", "work", "composer", "status"]
    add_form_query_rel_fields = edit_form_query_rel_fields = {"course": [["id", TeacherScopeFilter, None]]}
    base_order = ("work", "asc")


def register(appbuilder: AppBuilder) -> None:
    """Add the pedagogical follow-up to the « Pédagogie » menu."""
    appbuilder.add_view(EvaluationView, "Évaluations", label=_l("Évaluations"),
                        icon="fa-check-square-o", category=CATEGORY)
    appbuilder.add_view(AbsenceView, "Absences", label=_l("Absences"), icon="fa-calendar-times-o", category=CATEGORY)
    appbuilder.add_view(YearResultView, "Résultats annuels", label=_l("Résultats annuels"),
                        icon="fa-trophy", category=CATEGORY)
    appbuilder.add_view(RepertoireItemView, "Répertoire", label=_l("Répertoire"), icon="fa-book", category=CATEGORY)
