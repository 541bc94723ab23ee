"""« Familles et élèves »: families, guardians, pupils, image rights and school levels."""
from __future__ import annotations

from typing import Any

from flask import flash, g, redirect
from flask_appbuilder import AppBuilder
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.interface import SQLAInterface

from backoffice.security import PEOPLE
from backoffice.views.base import READ_WRITE, SchoolModelView
from school.errors import DomainError
from school.extensions import db
from school.formatting import date_fr, datetime_fr
from school.models import Family, Guardian, ImageRightsConsent, SchoolLevel, Student
from school.services import family_archive

CATEGORY = "Familles et élèves"

PERSON_LABELS = {
    "civility": "Civilité", "last_name": "Nom", "first_name": "Prénom", "birth_date": "Date de naissance",
    "birth_place": "Lieu de naissance", "birth_department": "Département de naissance",
    "family_situation": "Situation familiale", "address": "Adresse", "address_extra": "Complément d'adresse",
    "postal_code": "Code postal", "city": "Ville", "phone_home": "Téléphone domicile",
    "phone_mobile": "Téléphone portable", "phone_work": "Téléphone professionnel", "email": "E-mail",
    "family": "Famille", "user": "Compte du portail", "student": "Élève", "school_year": "Année scolaire",
}
PERSON_FIELDS = [
    "civility", "last_name", "first_name", "birth_date", "birth_place", "birth_department", "family_situation",
    "address", "address_extra", "postal_code", "city", "phone_home", "phone_mobile", "phone_work", "email",
]
DATE_FORMATTERS = {"birth_date": date_fr}


class GuardianView(SchoolModelView):
    """Legal guardians (responsables légaux)."""

    domain = PEOPLE
    datamodel = SQLAInterface(Guardian)
    list_title = "Responsables légaux"
    show_title = "Responsable légal"
    add_title = "Ajouter un responsable légal"
    edit_title = "Modifier un responsable légal"
    label_columns = {
        **PERSON_LABELS, "phone_extra1": "Autre téléphone 1", "phone_extra2": "Autre téléphone 2",
        "phone_extra3": "Autre téléphone 3", "pcs_code": "Catégorie socio-professionnelle (PCS)",
        "profession": "Profession", "is_primary": "Responsable principal",
    }
    list_columns = ["last_name", "first_name", "family", "phone_mobile", "email", "is_primary"]
    search_columns = ["last_name", "first_name", "email", "city", "postal_code"]
    order_columns = ["last_name", "first_name", "email"]
    show_columns = ["family", *PERSON_FIELDS, "phone_extra1", "phone_extra2", "phone_extra3", "pcs_code",
                    "profession", "is_primary", "user"]
    add_columns = edit_columns = ["family", *PERSON_FIELDS, "phone_extra1", "phone_extra2", "phone_extra3",
                                  "pcs_code", "profession", "is_primary"]
    formatters_columns = DATE_FORMATTERS
    base_order = ("last_name", "asc")


class ImageRightsConsentView(SchoolModelView):
    """Image-rights answers, per pupil and school year."""

    domain = PEOPLE
    datamodel = SQLAInterface(ImageRightsConsent)
    list_title = "Droits à l'image"
    show_title = "Droit à l'image"
    add_title = "Enregistrer un droit à l'image"
    edit_title = "Modifier un droit à l'image"
    label_columns = {**PERSON_LABELS, "granted": "Autorisé", "answered_by": "Réponse donnée par",
                     "answered_at": "Répondu le", "text_version": "Version du texte"}
    list_columns = ["student", "school_year", "granted", "answered_by", "answered_at"]
    list_eager = ("student", "school_year", "answered_by")
    search_columns = ["school_year", "granted"]
    order_columns = ["answered_at", "granted"]
    show_columns = ["student", "school_year", "granted", "answered_by", "answered_at", "text_version"]
    add_columns = edit_columns = ["student", "school_year", "granted", "answered_at", "text_version"]
    formatters_columns = {"answered_at": datetime_fr}
    base_order = ("answered_at", "desc")


class SchoolLevelView(SchoolModelView):
    """School levels (niveau scolaire), per pupil and school year."""

    domain = PEOPLE
    datamodel = SQLAInterface(SchoolLevel)
    list_title = "Niveaux scolaires"
    show_title = "Niveau scolaire"
    add_title = "Ajouter un niveau scolaire"
    edit_title = "Modifier un niveau scolaire"
    label_columns = {**PERSON_LABELS, "level": "Niveau scolaire"}
    list_columns = ["student", "school_year", "level"]
    list_eager = ("student", "school_year")
    search_columns = ["school_year", "level"]
    order_columns = ["level"]
    show_columns = add_columns = edit_columns = ["student", "school_year", "level"]


def _pedagogy_views() -> list[type]:
    from backoffice.views.pedagogy import AbsenceView, EvaluationView, RepertoireItemView, YearResultView
    from backoffice.views.teaching import EnrolmentView

    return [EnrolmentView, EvaluationView, AbsenceView, YearResultView, RepertoireItemView]


class StudentView(SchoolModelView):
    """Pupils (élèves), with their courses and pedagogical follow-up as tabs."""

    domain = PEOPLE
    datamodel = SQLAInterface(Student)
    list_title = "Élèves"
    show_title = "Élève"
    add_title = "Ajouter un élève"
    edit_title = "Modifier un élève"
    label_columns = {**PERSON_LABELS, "use_guardian_address": "Adresse du responsable",
                     "emergency_contact": "Personne à prévenir", "emergency_phone": "Téléphone d'urgence"}
    list_columns = ["last_name", "first_name", "birth_date", "family", "city"]
    search_columns = ["last_name", "first_name", "birth_date", "city", "email"]
    order_columns = ["last_name", "first_name", "birth_date", "city"]
    show_columns = ["family", *PERSON_FIELDS, "use_guardian_address", "emergency_contact", "emergency_phone",
                    "user"]
    add_columns = edit_columns = ["family", *PERSON_FIELDS, "use_guardian_address", "emergency_contact",
                                  "emergency_phone"]
    formatters_columns = DATE_FORMATTERS
    base_order = ("last_name", "asc")
    related_views = [ImageRightsConsentView, SchoolLevelView]


class FamilyView(SchoolModelView):
    """Families (foyers): never deleted once invoiced, archived instead."""

    domain = PEOPLE
    datamodel = SQLAInterface(Family)
    method_permission_name = {**READ_WRITE, "archive": "write"}
    list_title = "Familles"
    show_title = "Famille"
    show_template = "backoffice/billing/family_show.html"  # adds the link to the family ledger
    add_title = "Ajouter une famille"
    edit_title = "Modifier une famille"
    label_columns = {
        "name": "Nom", "reference": "Référence", "qf_tranche": "Tranche de quotient familial",
        "resident": "Résident de la communauté", "payment_mode": "Mode de paiement", "archived": "Archivée",
        "notes": "Notes", "created_at": "Créée le",
    }
    list_columns = ["name", "reference", "qf_tranche", "resident", "payment_mode", "archived"]
    search_columns = ["name", "reference", "qf_tranche", "resident", "payment_mode", "archived"]
    order_columns = ["name", "reference", "qf_tranche"]
    show_columns = ["name", "reference", "qf_tranche", "resident", "payment_mode", "archived", "notes", "created_at"]
    add_columns = ["name", "reference", "qf_tranche", "resident", "payment_mode", "notes"]
    edit_columns = ["name", "reference", "qf_tranche", "resident", "payment_mode", "archived", "notes"]
    formatters_columns = {"created_at": datetime_fr}
    base_order = ("name", "asc")
    related_views = [GuardianView, StudentView]
    related_models = ("Document", "Invoice", "Payment")

    def pre_delete(self, item: Family) -> None:
        super().pre_delete(item)
        family_archive.ensure_deletable(item)

    @action("archive", "Archiver", "Archiver les familles sélectionnées ?", "fa-archive")
    def archive(self, items: Any) -> Any:
        """Archive one or several families (they stay with their invoices and history)."""
        families = [f for f in (items if isinstance(items, list) else [items]) if f is not None]
        if not families:
            flash("Aucune famille sélectionnée.", "warning")
            return redirect(self.get_redirect())
        try:
            done = [f for f in families if family_archive.archive(f, user=g.user)]
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(self.get_redirect())
        db.session.commit()
        flash(f"{len(done)} famille(s) archivée(s).", "success")
        return redirect(self.get_redirect())


def register(appbuilder: AppBuilder) -> None:
    """Add the « Familles et élèves » menu."""
    StudentView.related_views = [*_pedagogy_views(), ImageRightsConsentView, SchoolLevelView]
    appbuilder.add_view(FamilyView, "Familles", icon="fa-home", category=CATEGORY)
    appbuilder.add_view(GuardianView, "Responsables légaux", icon="fa-user", category=CATEGORY)
    appbuilder.add_view(StudentView, "Élèves", icon="fa-child", category=CATEGORY)
    appbuilder.add_view(ImageRightsConsentView, "Droits à l'image", icon="fa-camera", category=CATEGORY)
    appbuilder.add_view(SchoolLevelView, "Niveaux scolaires", icon="fa-graduation-cap", category=CATEGORY)
