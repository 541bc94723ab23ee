"""« Sécurité », read-only journals: the audit log and the e-mail outbox."""
from __future__ import annotations

from flask_appbuilder import AppBuilder
from flask_appbuilder.models.sqla.interface import SQLAInterface

from backoffice.security import AUDIT, SECURITY_CATEGORY
from backoffice.views.base import SchoolModelView
from school.formatting import datetime_fr
from school.models import AuditLog, OutboxMessage

OUTBOX_STATUSES = {"pending": "En attente", "sent": "Envoyé", "failed": "Échec", "stored": "Enregistré (fichier)"}


class AuditLogView(SchoolModelView):
    """Who did what, when and from where (read only)."""

    domain = AUDIT
    base_permissions = ["can_read"]
    datamodel = SQLAInterface(AuditLog)
    list_title = "Journal d'audit"
    show_title = "Entrée du journal d'audit"
    label_columns = {"at": "Date (heure de Paris)", "actor": "Auteur", "user": "Compte", "action": "Action",
                     "target_type": "Type d'objet", "target_id": "N° d'objet", "details": "Détails",
                     "ip": "Adresse IP"}
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
    list_title = "Courriels envoyés"
    show_title = "Courriel"
    label_columns = {"recipient": "Destinataire", "subject": "Objet", "body_text": "Texte", "status": "Statut",
                     "attempts": "Tentatives", "last_error": "Dernière erreur", "created_at": "Créé le",
                     "sent_at": "Envoyé le"}
    list_columns = ["created_at", "recipient", "subject", "status", "attempts", "sent_at"]
    show_columns = ["created_at", "recipient", "subject", "status", "attempts", "sent_at", "last_error", "body_text"]
    search_columns = ["recipient", "subject", "status", "created_at"]
    order_columns = ["created_at", "recipient", "status", "sent_at"]
    formatters_columns = {"created_at": datetime_fr, "sent_at": datetime_fr,
                          "status": lambda value: OUTBOX_STATUSES.get(value, value)}
    base_order = ("created_at", "desc")


def register(appbuilder: AppBuilder) -> None:
    """Add the journals to FAB's « Sécurité » menu."""
    appbuilder.add_view(AuditLogView, "Journal d'audit", icon="fa-history", category=SECURITY_CATEGORY)
    appbuilder.add_view(OutboxMessageView, "Courriels envoyés", icon="fa-envelope", category=SECURITY_CATEGORY)
