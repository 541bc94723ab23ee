"""« Pédagogie », teaching organisation: courses, teachers, disciplines, classes and enrolments."""
from __future__ import annotations

from typing import Any

from flask_appbuilder import AppBuilder
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import TimeField
from wtforms.validators import DataRequired

from backoffice.security import TEACHING
from backoffice.views.base import SchoolModelView
from school.formatting import datetime_fr
from school.models import Course, Cursus, Cycle, Department, Discipline, Enrolment, SchoolClass, Teacher

CATEGORY = "Pédagogie"
STATUS_LABELS = {"active": _l("Inscrit"), "waiting": _l("Liste d'attente"), "cancelled": _l("Annulé")}


def status_label(value: str | None) -> str:
    """Return the French label of an enrolment status."""
    return STATUS_LABELS.get(value or "", value or "")


class EnrolmentView(SchoolModelView):
    """Enrolments (inscriptions) of pupils in courses; a teacher sees their own courses' only."""

    domain = TEACHING
    teacher_scoped = True
    choice_columns = {"status": lambda: [(key, str(label)) for key, label in STATUS_LABELS.items()]}
    datamodel = SQLAInterface(Enrolment)
    list_title = _l("Inscriptions")
    show_title = _l("Inscription")
    add_title = _l("Inscrire un élève")
    edit_title = _l("Modifier une inscription")
    label_columns = {"student": _l("Élève"), "course": _l("Cours"), "school_year": _l("Année scolaire"),
                     "status": _l("Statut"),
                     "created_at": _l("Créée le"), "cancelled_at": _l("Annulée le")}
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
    list_title = _l("Cours")
    show_title = _l("Cours")
    add_title = _l("Ajouter un cours")
    edit_title = _l("Modifier un cours")
    label_columns = {
        "label": _l("Intitulé"), "school_year": _l("Année scolaire"), "discipline": _l("Discipline"),
        "school_class": _l("Classe"), "cycle": _l("Cycle"), "cursus": _l("Cursus"), "teacher": _l("Professeur"),
        "room": _l("Salle"),
        "weekday": _l("Jour (0 = lundi)"), "weekday_name": _l("Jour"), "start_time": _l("Heure de début"),
        "duration_minutes": _l("Durée (minutes)"), "duration_label": _l("Durée"), "capacity": _l("Capacité"),
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
        _l("Heure de début"), format="%H:%M", validators=[DataRequired()], widget=BS3TextFieldWidget(),
        description=_l("Format HH:MM, par exemple 17:00."))}


def _simple(model: type, title: Any, singular: Any, columns: list[str], labels: dict[str, Any],
            eager: tuple[str, ...] = (), search: list[str] | None = None) -> type[SchoolModelView]:
    """Build the view of a small reference table of the teaching domain."""
    lower = LazyString(lambda: str(singular).lower())  # lower-cased in the reader's language
    attrs: dict[str, Any] = {
        "__doc__": f"{model.__name__} (référentiel pédagogique).",
        "domain": TEACHING, "datamodel": SQLAInterface(model), "list_title": title, "show_title": singular,
        "add_title": _l("Ajouter : %(name)s", name=lower), "edit_title": _l("Modifier : %(name)s", name=lower),
        "label_columns": labels, "list_columns": columns, "list_eager": eager,
        "search_columns": search if search is not None else [columns[0]],
        "order_columns": [c for c in columns if c not in eager], "show_columns": columns,
        "add_columns": columns, "edit_columns": columns, "base_order": (columns[0], "asc"),
    }
    return type(f"{model.__name__}View", (SchoolModelView,), attrs)


TeacherView = _simple(
    Teacher, _l("Professeurs"), _l("Professeur"),
    ["last_name", "first_name", "civility", "email", "phone", "active", "user"],
    {"last_name": _l("Nom"), "first_name": _l("Prénom"), "civility": _l("Civilité"), "email": _l("E-mail"),
     "phone": _l("Téléphone"),
     "active": _l("Actif"), "user": _l("Compte")},
    eager=("user",), search=["last_name", "first_name", "email", "active"])
DepartmentView = _simple(Department, _l("Départements"), _l("Département"), ["name"], {"name": _l("Nom")})
DisciplineView = _simple(
    Discipline, _l("Disciplines"), _l("Discipline"), ["name", "department", "is_instrument"],
    {"name": _l("Nom"), "department": _l("Département"), "is_instrument": _l("Instrument")},
    eager=("department",), search=["name", "department", "is_instrument"])
CycleView = _simple(Cycle, _l("Cycles"), _l("Cycle"), ["name", "rank"], {"name": _l("Nom"), "rank": _l("Rang")})
CursusView = _simple(Cursus, _l("Cursus"), _l("Cursus"), ["name", "tariff_category"],
                     {"name": _l("Nom"), "tariff_category": _l("Catégorie tarifaire")}, eager=("tariff_category",))
SchoolClassView = _simple(SchoolClass, _l("Classes"), _l("Classe"), ["name", "department"],
                          {"name": _l("Nom"), "department": _l("Département")}, eager=("department",),
                          search=["name", "department"])
CourseView.related_views = [EnrolmentView]


def register(appbuilder: AppBuilder) -> None:
    """Add the teaching organisation to the « Pédagogie » menu."""
    appbuilder.add_view(CourseView, "Cours", label=_l("Cours"), icon="fa-calendar", category=CATEGORY)
    appbuilder.add_view(EnrolmentView, "Inscriptions", label=_l("Inscriptions"), icon="fa-list", category=CATEGORY)
    appbuilder.add_view(TeacherView, "Professeurs", label=_l("Professeurs"), icon="fa-user", category=CATEGORY)
    appbuilder.add_view(DisciplineView, "Disciplines", label=_l("Disciplines"), icon="fa-music", category=CATEGORY)
    appbuilder.add_view(DepartmentView, "Départements", label=_l("Départements"), icon="fa-sitemap",
                        category=CATEGORY)
    appbuilder.add_view(CycleView, "Cycles", label=_l("Cycles"), icon="fa-refresh", category=CATEGORY)
    appbuilder.add_view(CursusView, "Cursus", label=_l("Cursus"), icon="fa-road", category=CATEGORY)
    appbuilder.add_view(SchoolClassView, "Classes", label=_l("Classes"), icon="fa-users", category=CATEGORY)
