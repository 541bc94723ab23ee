"""« Pédagogie », teaching organisation: courses, teachers, disciplines, classes and enrolments."""
from __future__ import annotations

from typing import Any

from flask_appbuilder import AppBuilder
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from wtforms import TimeField
from wtforms.validators import DataRequired

from backoffice.security import TEACHING
from backoffice.views.base import SchoolModelView
from school.formatting import datetime_fr
from school.models import Course, Cursus, Cycle, Department, Discipline, Enrolment, SchoolClass, Teacher

CATEGORY = "Pédagogie"
STATUS_LABELS = {"active": "Inscrit", "waiting": "Liste d'attente", "cancelled": "Annulé"}


def status_label(value: str | None) -> str:
    """Return the French label of an enrolment status."""
    return STATUS_LABELS.get(value or "", value or "")


class EnrolmentView(SchoolModelView):
    """Enrolments (inscriptions) of pupils in courses; a teacher sees their own courses' only."""

    domain = TEACHING
    teacher_scoped = True
    datamodel = SQLAInterface(Enrolment)
    list_title = "Inscriptions"
    show_title = "Inscription"
    add_title = "Inscrire un élève"
    edit_title = "Modifier une inscription"
    label_columns = {"student": "Élève", "course": "Cours", "school_year": "Année scolaire", "status": "Statut",
                     "created_at": "Créée le", "cancelled_at": "Annulée le"}
    list_columns = ["student", "course", "school_year", "status"]
    list_eager = ("student", "course.school_year", "school_year")
    search_columns = ["school_year", "status"]
    order_columns = ["status", "created_at"]
    show_columns = ["student", "course", "school_year", "status", "created_at", "cancelled_at"]
    add_columns = edit_columns = ["student", "course", "school_year", "status"]
    formatters_columns = {"status": status_label, "created_at": datetime_fr, "cancelled_at": datetime_fr}
    base_order = ("created_at", "desc")


class CourseView(SchoolModelView):
    """Weekly course slots; the enrolled pupils are a tab of each course; a teacher sees their own."""

    domain = TEACHING
    teacher_scoped = True
    datamodel = SQLAInterface(Course)
    list_title = "Cours"
    show_title = "Cours"
    add_title = "Ajouter un cours"
    edit_title = "Modifier un cours"
    label_columns = {
        "label": "Intitulé", "school_year": "Année scolaire", "discipline": "Discipline",
        "school_class": "Classe", "cycle": "Cycle", "cursus": "Cursus", "teacher": "Professeur", "room": "Salle",
        "weekday": "Jour (0 = lundi)", "weekday_name": "Jour", "start_time": "Heure de début",
        "duration_minutes": "Durée (minutes)", "duration_label": "Durée", "capacity": "Capacité",
    }
    list_columns = ["label", "school_year", "discipline", "teacher", "room", "weekday_name", "start_time",
                    "duration_label", "capacity"]
    list_eager = ("school_year", "discipline", "teacher", "room.site")
    search_columns = ["label", "school_year", "discipline", "teacher", "weekday", "cycle"]
    order_columns = ["label", "start_time", "capacity", "weekday"]
    show_columns = ["label", "school_year", "discipline", "school_class", "cycle", "cursus", "teacher", "room",
                    "weekday_name", "start_time", "duration_label", "capacity"]
    add_columns = edit_columns = ["label", "school_year", "discipline", "school_class", "cycle", "cursus",
                                  "teacher", "room", "weekday", "start_time", "duration_minutes", "capacity"]
    base_order = ("label", "asc")
    related_views = [EnrolmentView]
    # FAB has no form field for time columns.
    add_form_extra_fields = edit_form_extra_fields = {"start_time": TimeField(
        "Heure de début", format="%H:%M", validators=[DataRequired()], widget=BS3TextFieldWidget(),
        description="Format HH:MM, par exemple 17:00.")}


def _simple(model: type, title: str, singular: str, columns: list[str], labels: dict[str, str],
            eager: tuple[str, ...] = (), search: list[str] | None = None) -> type[SchoolModelView]:
    """Build the view of a small reference table of the teaching domain."""
    attrs: dict[str, Any] = {
        "__doc__": f"{title} (référentiel pédagogique).",
        "domain": TEACHING, "datamodel": SQLAInterface(model), "list_title": title, "show_title": singular,
        "add_title": f"Ajouter : {singular.lower()}", "edit_title": f"Modifier : {singular.lower()}",
        "label_columns": labels, "list_columns": columns, "list_eager": eager,
        "search_columns": search if search is not None else [columns[0]],
        "order_columns": [c for c in columns if c not in eager], "show_columns": columns,
        "add_columns": columns, "edit_columns": columns, "base_order": (columns[0], "asc"),
    }
    return type(f"{model.__name__}View", (SchoolModelView,), attrs)


TeacherView = _simple(
    Teacher, "Professeurs", "Professeur",
    ["last_name", "first_name", "civility", "email", "phone", "active", "user"],
    {"last_name": "Nom", "first_name": "Prénom", "civility": "Civilité", "email": "E-mail", "phone": "Téléphone",
     "active": "Actif", "user": "Compte"},
    eager=("user",), search=["last_name", "first_name", "email", "active"])
DepartmentView = _simple(Department, "Départements", "Département", ["name"], {"name": "Nom"})
DisciplineView = _simple(
    Discipline, "Disciplines", "Discipline", ["name", "department", "is_instrument"],
    {"name": "Nom", "department": "Département", "is_instrument": "Instrument"},
    eager=("department",), search=["name", "department", "is_instrument"])
CycleView = _simple(Cycle, "Cycles", "Cycle", ["name", "rank"], {"name": "Nom", "rank": "Rang"})
CursusView = _simple(Cursus, "Cursus", "Cursus", ["name", "tariff_category"],
                     {"name": "Nom", "tariff_category": "Catégorie tarifaire"}, eager=("tariff_category",))
SchoolClassView = _simple(SchoolClass, "Classes", "Classe", ["name", "department"],
                          {"name": "Nom", "department": "Département"}, eager=("department",),
                          search=["name", "department"])
CourseView.related_views = [EnrolmentView]


def register(appbuilder: AppBuilder) -> None:
    """Add the teaching organisation to the « Pédagogie » menu."""
    appbuilder.add_view(CourseView, "Cours", icon="fa-calendar", category=CATEGORY)
    appbuilder.add_view(EnrolmentView, "Inscriptions", icon="fa-list", category=CATEGORY)
    appbuilder.add_view(TeacherView, "Professeurs", icon="fa-user", category=CATEGORY)
    appbuilder.add_view(DisciplineView, "Disciplines", icon="fa-music", category=CATEGORY)
    appbuilder.add_view(DepartmentView, "Départements", icon="fa-sitemap", category=CATEGORY)
    appbuilder.add_view(CycleView, "Cycles", icon="fa-refresh", category=CATEGORY)
    appbuilder.add_view(CursusView, "Cursus", icon="fa-road", category=CATEGORY)
    appbuilder.add_view(SchoolClassView, "Classes", icon="fa-users", category=CATEGORY)
