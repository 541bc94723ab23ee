"""« Configuration »: school years, sites, rooms, document types, portal texts and settings."""
from __future__ import annotations

from flask_appbuilder import AppBuilder
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from backoffice.security import CONFIGURATION
from backoffice.views.base import SchoolModelView
from school.formatting import date_fr, datetime_fr
from school.models import DocumentType, PortalText, Room, SchoolYear, Setting, Site
from school.services import portal_texts

CATEGORY = "Configuration"
SCOPE_LABELS = {"family": _l("Famille"), "student": _l("Élève")}


class SchoolYearView(SchoolModelView):
    """School years; one is the current year."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(SchoolYear)
    list_title = _l("Années scolaires")
    show_title = _l("Année scolaire")
    add_title = _l("Ajouter une année scolaire")
    edit_title = _l("Modifier une année scolaire")
    label_columns = {"label": _l("Année"), "starts_on": _l("Début"), "ends_on": _l("Fin"),
                     "is_current": _l("Année en cours")}
    list_columns = show_columns = add_columns = edit_columns = ["label", "starts_on", "ends_on", "is_current"]
    search_columns = ["label", "is_current"]
    order_columns = ["label", "starts_on", "ends_on"]
    formatters_columns = {"starts_on": date_fr, "ends_on": date_fr}
    base_order = ("starts_on", "desc")


class RoomView(SchoolModelView):
    """Rooms (salles) of each site."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(Room)
    list_title = _l("Salles")
    show_title = _l("Salle")
    add_title = _l("Ajouter une salle")
    edit_title = _l("Modifier une salle")
    label_columns = {"name": _l("Nom"), "site": _l("Antenne"), "capacity": _l("Capacité")}
    list_columns = show_columns = add_columns = edit_columns = ["name", "site", "capacity"]
    list_eager = ("site",)
    search_columns = ["name", "site"]
    order_columns = ["name", "capacity"]
    base_order = ("name", "asc")


class SiteView(SchoolModelView):
    """Sites (antennes) of the conservatoire, with their rooms."""

    domain = CONFIGURATION
    datamodel = SQLAInterface(Site)
    list_title = _l("Antennes")
    show_title = _l("Antenne")
    add_title = _l("Ajouter une antenne")
    edit_title = _l("Modifier une antenne")
    label_columns = {"name": _l("Nom"), "short_name": _l("Nom court"), "address": _l("Adresse"),
                     "postal_code": _l("Code postal"),
                     "city": _l("Ville")}
    list_columns = ["name", "short_name", "postal_code", "city"]
    show_columns = add_columns = edit_columns = ["name", "short_name", "address", "postal_code", "city"]
    search_columns = ["name", "city"]
    order_columns = ["name", "short_name", "city"]
    base_order = ("name", "asc")
    related_views = [RoomView]


class DocumentTypeView(SchoolModelView):
    """Types of documents families provide, with their rules."""

    domain = CONFIGURATION
    choice_columns = {"scope": lambda: [(key, str(label)) for key, label in SCOPE_LABELS.items()]}
    datamodel = SQLAInterface(DocumentType)
    list_title = _l("Types de documents")
    show_title = _l("Type de document")
    add_title = _l("Ajouter un type de document")
    edit_title = _l("Modifier un type de document")
    label_columns = {
        "name": _l("Nom"), "instructions": _l("Consignes"), "scope": _l("Concerne"),
        "validity_days": _l("Validité (jours)"),
        "accepted_formats": _l("Formats acceptés"), "max_size_bytes": _l("Taille maximale (octets)"),
        "is_quotient_certificate": _l("Attestation de quotient familial"), "active": _l("Actif"),
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
    list_title = _l("Textes du portail")
    show_title = _l("Texte du portail")
    add_title = _l("Ajouter un texte du portail")
    edit_title = _l("Modifier un texte du portail")
    label_columns = {"key": _l("Clé"), "title": _l("Titre"), "body": _l("Texte"), "version": _l("Version"),
                     "updated_at": _l("Modifié le")}
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
    list_title = _l("Paramètres")
    show_title = _l("Paramètre")
    add_title = _l("Ajouter un paramètre")
    edit_title = _l("Modifier un paramètre")
    label_columns = {"key": _l("Clé"), "label": _l("Libellé"), "value": _l("Valeur")}
    list_columns = show_columns = ["label", "key", "value"]
    add_columns = ["key", "label", "value"]
    edit_columns = ["label", "value"]
    search_columns = ["key", "label"]
    order_columns = ["label", "key"]
    base_order = ("label", "asc")


def register(appbuilder: AppBuilder) -> None:
    """Add the « Configuration » menu."""
    appbuilder.add_view(SchoolYearView, "Années scolaires", label=_l("Années scolaires"),
                        icon="fa-calendar-o", category=CATEGORY)
    appbuilder.add_view(SiteView, "Antennes", label=_l("Antennes"), icon="fa-map-marker", category=CATEGORY)
    appbuilder.add_view(RoomView, "Salles", label=_l("Salles"), icon="fa-building", category=CATEGORY)
    appbuilder.add_view(DocumentTypeView, "Types de documents", label=_l("Types de documents"),
                        icon="fa-file-o", category=CATEGORY)
    appbuilder.add_view(PortalTextView, "Textes du portail", label=_l("Textes du portail"),
                        icon="fa-align-left", category=CATEGORY)
    appbuilder.add_view(SettingView, "Paramètres", label=_l("Paramètres"), icon="fa-cog", category=CATEGORY)
