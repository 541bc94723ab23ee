"""« Modifications à valider »: the queue of identity changes families asked for.

Staff read a diff (current / requested value, conflicts highlighted) and approve or reject each
request, or several at once; every decision goes through ``school.services.change_requests``.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import AppBuilder, expose
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from backoffice.security import CHANGE_REQUESTS
from backoffice.views.base import READ_WRITE, SchoolModelView
from school.errors import DomainError
from school.extensions import db
from school.formatting import datetime_fr
from school.models import ChangeRequest
from school.services import change_requests

CATEGORY = "Familles et élèves"
MENU_NAME = "Modifications à valider"
STALE = "La fiche a été modifiée pendant la validation ; rechargez la page et recommencez."


def pending_count() -> int:
    """Return how many requests wait for a decision."""
    return db.session.scalar(select(func.count(ChangeRequest.id)).where(ChangeRequest.status == "pending")) or 0


class PendingMenuLabel:
    """A menu label that shows the number of pending requests each time the menu is drawn."""

    def __str__(self) -> str:
        count = pending_count()
        return f"{MENU_NAME} ({count})" if count else MENU_NAME

    __html__ = __str__

    def __hash__(self) -> int:
        return hash(MENU_NAME)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PendingMenuLabel)


def _fields_label(fields: Any) -> str:
    return ", ".join(change_requests.FIELD_LABELS.get(f.field, f.field) for f in fields)


class ChangeRequestView(SchoolModelView):
    """Identity change requests: a read-only queue with decision forms and bulk actions."""

    domain = CHANGE_REQUESTS
    datamodel = SQLAInterface(ChangeRequest)
    # Read-only records: no add/edit/delete. Decisions (one by one or in bulk) need "can_decide",
    # granted to the secretariat in ``backoffice.security.ROLE_ACTIONS`` (admins hold everything).
    method_permission_name = {**READ_WRITE, "decide": "decide", "approve_selected": "decide",
                              "reject_selected": "decide"}
    base_permissions = ["can_read", "can_decide"]
    show_title = "Demande de modification"
    show_template = "backoffice/changes/show.html"
    label_columns = {
        "family": "Famille", "target_label": "Fiche", "fields": "Champs modifiés", "status": "État",
        "submitted_at": "Demandée le", "updated_at": "Mise à jour le", "submitted_by": "Demandée par",
        "reviewer": "Traitée par", "reviewed_at": "Traitée le", "comment": "Commentaire", "target_type": "Type",
    }
    list_columns = ["family", "target_label", "fields", "submitted_at", "status"]
    list_eager = ("family", "fields")
    show_columns = ["family", "target_label", "status", "submitted_by", "submitted_at", "updated_at",
                    "reviewer", "reviewed_at", "comment"]
    search_columns = ["status", "target_label", "submitted_at", "target_type"]
    order_columns = ["target_label", "submitted_at", "status"]
    base_order = ("submitted_at", "asc")
    formatters_columns = {
        "fields": _fields_label, "status": lambda s: change_requests.STATUS_LABELS.get(s, s),
        "submitted_at": datetime_fr, "updated_at": datetime_fr, "reviewed_at": datetime_fr,
    }

    list_title = MENU_NAME

    @expose("/list/")
    @has_access
    def list(self) -> Any:
        """List the requests, the title giving how many wait for a decision."""
        self.update_redirect()
        widgets = self._list()
        return self.render_template(self.list_template, widgets=widgets,
                                    title=f"{MENU_NAME} — {pending_count()} en attente")

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk: str) -> Any:
        """Show a request's diff (Champ / Valeur actuelle / Valeur demandée) and the decision forms."""
        item = db.session.get(ChangeRequest, int(pk)) if str(pk).isdigit() else None
        if item is None:
            abort(404)
        widgets = self._show(item.id)
        rows = change_requests.diff(item)
        return self.render_template(
            self.show_template, pk=item.id, title=self.show_title, widgets=widgets, item=item, rows=rows,
            conflict=any(r.conflict for r in rows), pending=item.status == "pending",
            can_decide=self.appbuilder.sm.has_access("can_decide", self.class_permission_name),
            status_label=change_requests.STATUS_LABELS[item.status],
        )

    @expose("/decide/<int:pk>", methods=["POST"])
    @has_access
    def decide(self, pk: int) -> Any:
        """Approve or reject one request, with an optional comment and conflict confirmation."""
        item = db.session.get(ChangeRequest, pk)
        if item is None:
            abort(404)
        decision = request.form.get("decision")
        comment = (request.form.get("comment") or "").strip()[:2000] or None
        try:
            if decision == "approve":
                change_requests.approve(item, reviewer=g.user, comment=comment,
                                        force=request.form.get("force") in ("1", "on", "y"))
                message = f"Demande de {item.target_label} validée : la fiche est mise à jour."
            elif decision == "reject":
                change_requests.reject(item, reviewer=g.user, comment=comment)
                message = f"Demande de {item.target_label} refusée."
            else:
                abort(400)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(url_for(".show", pk=pk))
        except StaleDataError:
            db.session.rollback()
            flash(STALE, "danger")
            return redirect(url_for(".show", pk=pk))
        flash(message, "success")
        return redirect(url_for(".list"))

    def _bulk(self, items: Any, decide: Any, verb: str) -> Any:
        requests = [r for r in (items if isinstance(items, list) else [items]) if r is not None]
        done, refused = 0, []
        for item in requests:
            # Actions ignore base filters and the list's status filter: each request is re-checked.
            try:
                with db.session.begin_nested():
                    decide(item)
                done += 1
            except DomainError as error:
                refused.append(f"{item.target_label} : {error}")
            except StaleDataError:
                refused.append(f"{item.target_label} : {STALE}")
        db.session.commit()
        if done:
            flash(f"{done} demande(s) {verb}(s).", "success")
        for text in refused:
            flash(text, "danger")
        if not requests:
            flash("Aucune demande sélectionnée.", "warning")
        return redirect(self.get_redirect())

    @action("approve_selected", "Valider", "Valider les demandes sélectionnées ? Une demande en conflit "
            "est refusée : ouvrez-la pour confirmer.", "fa-check", single=False)
    def approve_selected(self, items: Any) -> Any:
        """Approve the selected pending requests (those in conflict are left for review)."""
        return self._bulk(items, lambda r: change_requests.approve(r, reviewer=g.user), "validée")

    @action("reject_selected", "Refuser", "Refuser les demandes sélectionnées ?", "fa-times", single=False)
    def reject_selected(self, items: Any) -> Any:
        """Reject the selected pending requests."""
        return self._bulk(items, lambda r: change_requests.reject(r, reviewer=g.user), "refusée")


def register(appbuilder: AppBuilder) -> None:
    """Add « Modifications à valider » under « Familles et élèves »."""
    appbuilder.add_view(ChangeRequestView, MENU_NAME, label=PendingMenuLabel(), icon="fa-check-square-o",
                        category=CATEGORY)
