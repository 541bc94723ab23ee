"""« Familles et élèves »: families, guardians, pupils, image rights and school levels."""
from __future__ import annotations

from typing import Any

from flask import flash, g, redirect
from flask_appbuilder import AppBuilder
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from backoffice.security import PEOPLE
from backoffice.views.base import READ_WRITE, SchoolModelView
from school.errors import DomainError
from school.extensions import db
from school.formatting import date_fr, datetime_fr
from school.models import Family, Guardian, ImageRightsConsent, SchoolLevel, Student
from school import choices
from school.services import family_archive
from school.services.billing.payments import PAYMENT_MODES

CATEGORY = "Familles et élèves"

PERSON_LABELS = {
    "civility": _l("Civilité"), "last_name": _l("Nom"), "first_name": _l("Prénom"),
    "birth_date": _l("Date de naissance"),
    "birth_place": _l("Lieu de naissance"), "birth_department": _l("Département de naissance"),
    "family_situation": _l("Situation familiale"), "address": _l("Adresse"),
    "address_extra": _l("Complément d'adresse"),
    "postal_code": _l("Code postal"), "city": _l("Ville"), "phone_home": _l("Téléphone domicile"),
    "phone_mobile": _l("Téléphone portable"), "phone_work": _l("Téléphone professionnel"), "email": _l("E-mail"),
    "family": _l("Famille"), "user": _l("Compte du portail"), "student": _l("Élève"),
    "school_year": _l("Année scolaire"),
}
PERSON_FIELDS = [
    "civility", "last_name", "first_name", "birth_date", "birth_place", "birth_department", "family_situation",
    "address", "address_extra", "postal_code", "city", "phone_home", "phone_mobile", "phone_work", "email",
]
DATE_FORMATTERS = {"birth_date": date_fr}


class GuardianView(SchoolModelView):
    """Legal guardians (responsables légaux)."""

    domain = PEOPLE
    choice_columns = {
        "civility": lambda: choices.options(choices.CIVILITIES),
        "family_situation": lambda: choices.options(choices.FAMILY_SITUATIONS),
        "pcs_code": choices.pcs_options,
    }
    datamodel = SQLAInterface(Guardian)
    list_title = _l("Responsables légaux")
    show_title = _l("Responsable légal")
    add_title = _l("Ajouter un responsable légal")
    edit_title = _l("Modifier un responsable légal")
    label_columns = {
        **PERSON_LABELS, "phone_extra1": _l("Autre téléphone 1"), "phone_extra2": _l("Autre téléphone 2"),
        "phone_extra3": _l("Autre téléphone 3"), "pcs_code": _l("Catégorie socio-professionnelle (PCS)"),
        "profession": _l("Profession"), "is_primary": _l("Responsable principal"),
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
    list_title = _l("Droits à l'image")
    show_title = _l("Droit à l'image")
    add_title = _l("Enregistrer un droit à l'image")
    edit_title = _l("Modifier un droit à l'image")
    label_columns = {**PERSON_LABELS, "granted": _l("Autorisé"), "answered_by": _l("Réponse donnée par"),
                     "answered_at": _l("Répondu le"), "text_version": _l("Version du texte")}
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
    choice_columns = {"level": lambda: choices.options(choices.SCHOOL_LEVELS)}
    datamodel = SQLAInterface(SchoolLevel)
    list_title = _l("Niveaux scolaires")
    show_title = _l("Niveau scolaire")
    add_title = _l("Ajouter un niveau scolaire")
    edit_title = _l("Modifier un niveau scolaire")
    label_columns = {**PERSON_LABELS, "level": _l("Niveau scolaire")}
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
    choice_columns = {
        "civility": lambda: choices.options(choices.CIVILITIES),
        "family_situation": lambda: choices.options(choices.FAMILY_SITUATIONS),
    }
    datamodel = SQLAInterface(Student)
    list_title = _l("Élèves")
    show_title = _l("Élève")
    add_title = _l("Ajouter un élève")
    edit_title = _l("Modifier un élève")
    label_columns = {**PERSON_LABELS, "use_guardian_address": _l("Adresse du responsable"),
                     "emergency_contact": _l("Personne à prévenir"), "emergency_phone": _l("Téléphone d'urgence")}
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
    choice_columns = {
        "payment_mode": lambda: list(PAYMENT_MODES.items()),
        "qf_tranche": lambda: [(n, _("Tranche %(num)d", num=n)) for n in range(1, 7)],
    }
    datamodel = SQLAInterface(Family)
    method_permission_name = {**READ_WRITE, "archive": "write"}
    list_title = _l("Familles")
    show_title = _l("Famille")
    show_template = "backoffice/billing/family_show.html"  # adds the link to the family ledger
    add_title = _l("Ajouter une famille")
    edit_title = _l("Modifier une famille")
    label_columns = {
        "name": _l("Nom"), "reference": _l("Référence"), "qf_tranche": _l("Tranche de quotient familial"),
        "resident": _l("Résident de la communauté"), "payment_mode": _l("Mode de paiement"),
        "archived": _l("Archivée"),
        "notes": _l("Notes"), "created_at": _l("Créée le"),
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

    @action("archive", _l("Archiver"), _l("Archiver les familles sélectionnées ?"), "fa-archive")
    def archive(self, items: Any) -> Any:
        """Archive one or several families (they stay with their invoices and history)."""
        families = [f for f in (items if isinstance(items, list) else [items]) if f is not None]
        if not families:
            flash(_("Aucune famille sélectionnée."), "warning")
            return redirect(self.get_redirect())
        try:
            done = [f for f in families if family_archive.archive(f, user=g.user)]
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(self.get_redirect())
        db.session.commit()
        flash(_("%(num)d famille(s) archivée(s).", num=len(done)), "success")
        return redirect(self.get_redirect())


def register(appbuilder: AppBuilder) -> None:
    """Add the « Familles et élèves » menu."""
    StudentView.related_views = [*_pedagogy_views(), ImageRightsConsentView, SchoolLevelView]
    appbuilder.add_view(FamilyView, "Familles", label=_l("Familles"), icon="fa-home", category=CATEGORY)
    appbuilder.add_view(GuardianView, "Responsables légaux", label=_l("Responsables légaux"),
                        icon="fa-user", category=CATEGORY)
    appbuilder.add_view(StudentView, "Élèves", label=_l("Élèves"), icon="fa-child", category=CATEGORY)
    appbuilder.add_view(ImageRightsConsentView, "Droits à l'image", label=_l("Droits à l'image"),
                        icon="fa-camera", category=CATEGORY)
    appbuilder.add_view(SchoolLevelView, "Niveaux scolaires", label=_l("Niveaux scolaires"),
                        icon="fa-graduation-cap", category=CATEGORY)
