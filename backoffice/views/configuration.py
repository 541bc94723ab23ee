"""« Configuration »: school years, sites, rooms, document types, portal texts and settings."""
from __future__ import annotations

from flask_appbuilder import AppBuilder
from flask_appbuilder.models.sqla.interface import SQLAInterface

from backoffice.security import CONFIGURATION
from backoffice.views.base import SchoolModelView
from school.formatting import date_fr, datetime_fr
from school.models import DocumentType, PortalText, Room, SchoolYear, Setting, Site
from school.services import portal_texts

CATEGORY = "Configuration"
SCOPE_LABELS = {"family": "Famille", "student": "Élève"}


class SchoolYearView(SchoolModelView):
    """School years; one is the current year."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(SchoolYear)
    list_title = "Années scolaires"
    show_title = "Année scolaire"
    add_title = "Ajouter une année scolaire"
    edit_title = "Modifier une année scolaire"
    label_columns = {"label": "Année", "starts_on": "Début", "ends_on": "Fin", "is_current": "Année en cours"}
    list_columns = show_columns = add_columns = edit_columns = ["label", "starts_on", "ends_on", "is_current"]
    search_columns = ["label", "is_current"]
    order_columns = ["label", "starts_on", "ends_on"]
    formatters_columns = {"starts_on": date_fr, "ends_on": date_fr}
    base_order = ("starts_on", "desc")


class RoomView(SchoolModelView):
    """Rooms (salles) of each site."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(Room)
    list_title = "Salles"
    show_title = "Salle"
    add_title = "Ajouter une salle"
    edit_title = "Modifier une salle"
    label_columns = {"name": "Nom", "site": "Antenne", "capacity": "Capacité"}
    list_columns = show_columns = add_columns = edit_columns = ["name", "site", "capacity"]
    list_eager = ("site",)
    search_columns = ["name", "site"]
    order_columns = ["name", "capacity"]
    base_order = ("name", "asc")


class SiteView(SchoolModelView):
    """Sites (antennes) of the conservatoire, with their rooms."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(Site)
    list_title = "Antennes"
    show_title = "Antenne"
    add_title = "Ajouter une antenne"
    edit_title = "Modifier une antenne"
    label_columns = {"name": "Nom", "short_name": "Nom court", "address": "Adresse", "postal_code": "Code postal",
                     "city": "Ville"}
    list_columns = ["name", "short_name", "postal_code", "city"]
    show_columns = add_columns = edit_columns = ["name", "short_name", "address", "postal_code", "city"]
    search_columns = ["name", "city"]
    order_columns = ["name", "short_name", "city"]
    base_order = ("name", "asc")
    related_views = [RoomView]


class DocumentTypeView(SchoolModelView):
    """Types of documents families provide, with their rules."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(DocumentType)
    list_title = "Types de documents"
    show_title = "Type de document"
    add_title = "Ajouter un type de document"
    edit_title = "Modifier un type de document"
    label_columns = {
        "name": "Nom", "instructions": "Consignes", "scope": "Concerne", "validity_days": "Validité (jours)",
        "accepted_formats": "Formats acceptés", "max_size_bytes": "Taille maximale (octets)",
        "is_quotient_certificate": "Attestation de quotient familial", "active": "Actif",
    }
    list_columns = ["name", "scope", "validity_days", "accepted_formats", "max_size_bytes", "active"]
    show_columns = add_columns = edit_columns = ["name", "instructions", "scope", "validity_days",
                                                 "accepted_formats", "max_size_bytes", "is_quotient_certificate",
                                                 "active"]
    search_columns = ["name", "scope", "active"]
    order_columns = ["name", "scope"]
    formatters_columns = {"scope": lambda value: SCOPE_LABELS.get(value, value)}
    base_order = ("name", "asc")


class PortalTextView(SchoolModelView):
    """Texts families read on the portal."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(PortalText)
    list_title = "Textes du portail"
    show_title = "Texte du portail"
    add_title = "Ajouter un texte du portail"
    edit_title = "Modifier un texte du portail"
    label_columns = {"key": "Clé", "title": "Titre", "body": "Texte", "version": "Version",
                     "updated_at": "Modifié le"}
    list_columns = ["title", "key", "version", "updated_at"]
    show_columns = ["key", "title", "body", "version", "updated_at"]
    add_columns = ["key", "title", "body"]
    edit_columns = ["title", "body"]
    search_columns = ["key", "title"]
    order_columns = ["title", "key", "updated_at"]
    formatters_columns = {"updated_at": datetime_fr}
    base_order = ("title", "asc")

    def pre_update(self, item: PortalText) -> None:
        super().pre_update(item)
        portal_texts.record_edit(item)


class SettingView(SchoolModelView):
    """Settings admins change at run time."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(Setting)
    list_title = "Paramètres"
    show_title = "Paramètre"
    add_title = "Ajouter un paramètre"
    edit_title = "Modifier un paramètre"
    label_columns = {"key": "Clé", "label": "Libellé", "value": "Valeur"}
    list_columns = show_columns = ["label", "key", "value"]
    add_columns = ["key", "label", "value"]
    edit_columns = ["label", "value"]
    search_columns = ["key", "label"]
    order_columns = ["label", "key"]
    base_order = ("label", "asc")


def register(appbuilder: AppBuilder) -> None:
    """Add the « Configuration » menu."""
    appbuilder.add_view(SchoolYearView, "Années scolaires", icon="fa-calendar-o", category=CATEGORY)
    appbuilder.add_view(SiteView, "Antennes", icon="fa-map-marker", category=CATEGORY)
    appbuilder.add_view(RoomView, "Salles", icon="fa-building", category=CATEGORY)
    appbuilder.add_view(DocumentTypeView, "Types de documents", icon="fa-file-o", category=CATEGORY)
    appbuilder.add_view(PortalTextView, "Textes du portail", icon="fa-align-left", category=CATEGORY)
    appbuilder.add_view(SettingView, "Paramètres", icon="fa-cog", category=CATEGORY)
