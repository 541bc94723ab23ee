"""« Sécurité », read-only journals: the audit log and the e-mail outbox."""
from __future__ import annotations

from flask_appbuilder import AppBuilder
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from backoffice.security import AUDIT, SECURITY_CATEGORY
from backoffice.views.base import SchoolModelView
from school.formatting import datetime_fr
from school.models import AuditLog, OutboxMessage

OUTBOX_STATUSES = {"pending": _l("En attente"), "sent": _l("Envoyé"), "failed": _l("Échec"),
                   "stored": _l("Enregistré (fichier)")}


class AuditLogView(SchoolModelView):
    """Who did what, when and from where (read only)."""

    domain = AUDIT
    base_permissions = ["can_read"]
    datamodel = SQLAInterface(AuditLog)
    list_title = _l("Journal d'audit")
    show_title = _l("Entrée du journal d'audit")
    label_columns = {"at": _l("Date (heure de Paris)"), "actor": _l("Auteur"), "user": _l("Compte"),
                     "action": _l("Action"),
                     "target_type": _l("Type d'objet"), "target_id": _l("N° d'objet"), "details": _l("Détails"),
                     "ip": _l("Adresse IP")}
    list_columns = ["at", "actor", "action", "target_type", "target_id", "ip"]
    show_columns = ["at", "actor", "user", "action", "target_type", "target_id", "details", "ip"]
    search_columns = ["actor", "action", "target_type", "target_id", "at"]
    order_columns = ["at", "actor", "action"]
    formatters_columns = {"at": datetime_fr}
    base_order = ("at", "desc")


class OutboxMessageView(SchoolModelView):
    """Every e-mail the application sent or tried to send (read only)."""

    domain = AUDIT
    base_permissions = ["can_read"]
    datamodel = SQLAInterface(OutboxMessage)
    list_title = _l("Courriels envoyés")
    show_title = _l("Courriel")
    label_columns = {"recipient": _l("Destinataire"), "subject": _l("Objet"), "body_text": _l("Texte"),
                     "status": _l("Statut"),
                     "attempts": _l("Tentatives"), "last_error": _l("Dernière erreur"), "created_at": _l("Créé le"),
                     "sent_at": _l("Envoyé le")}
    list_columns = ["created_at", "recipient", "subject", "status", "attempts", "sent_at"]
    show_columns = ["created_at", "recipient", "subject", "status", "attempts", "sent_at", "last_error", "body_text"]
    search_columns = ["recipient", "subject", "status", "created_at"]
    order_columns = ["created_at", "recipient", "status", "sent_at"]
    formatters_columns = {"created_at": datetime_fr, "sent_at": datetime_fr,
                          "status": lambda value: OUTBOX_STATUSES.get(value, value)}
    base_order = ("created_at", "desc")


def register(appbuilder: AppBuilder) -> None:
    """Add the journals to FAB's « Sécurité » menu."""
    appbuilder.add_view(AuditLogView, "Journal d'audit", label=_l("Journal d'audit"),
                        icon="fa-history", category=SECURITY_CATEGORY)
    appbuilder.add_view(OutboxMessageView, "Courriels envoyés", label=_l("Courriels envoyés"),
                        icon="fa-envelope", category=SECURITY_CATEGORY)
