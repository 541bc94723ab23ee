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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
MENU_NAME = "Modifications à valider"  # view name (permissions, menu key): the label is translated
STALE = _l("La fiche a été modifiée pendant la validation ; rechargez la page et recommencez.")


def pending_count() -> int:
    """Return how many requests wait for a decision."""
    return db.session.scalar(select(func.count(ChangeRequest.id)).where(ChangeRequest.status == "pending")) or 0


class PendingMenuLabel:
    """A menu label that shows the number of pending requests each time the menu is drawn."""

    def __str__(self) -> str:
        count = pending_count()
        return _("Modifications à valider (%(num)d)", num=count) if count else _("Modifications à valider")

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
    show_title = _l("Demande de modification")
    show_template = "backoffice/changes/show.html"
    label_columns = {
        "family": _l("Famille"), "target_label": _l("Fiche"), "fields": _l("Champs modifiés"), "status": _l("État"),
        "submitted_at": _l("Demandée le"), "updated_at": _l("Mise à jour le"), "submitted_by": _l("Demandée par"),
        "reviewer": _l("Traitée par"), "reviewed_at": _l("Traitée le"), "comment": _l("Commentaire"),
        "target_type": _l("Type"),
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

    list_title = _l("Modifications à valider")

    @expose("/list/")
    @has_access
    def list(self) -> Any:
        """List the requests, the title giving how many wait for a decision."""
        self.update_redirect()
        widgets = self._list()
        return self.render_template(self.list_template, widgets=widgets,
                                    title=_("Modifications à valider — %(num)d en attente", num=pending_count()))

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
                message = _("Demande de %(record)s validée : la fiche est mise à jour.", record=item.target_label)
            elif decision == "reject":
                change_requests.reject(item, reviewer=g.user, comment=comment)
                message = _("Demande de %(record)s refusée.", record=item.target_label)
            else:
                abort(400)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(url_for(".show", pk=pk))
        except StaleDataError:
            db.session.rollback()
            flash(str(STALE), "danger")
            return redirect(url_for(".show", pk=pk))
        flash(message, "success")
        return redirect(url_for(".list"))

    def _bulk(self, items: Any, decide: Any, done_message: Any) -> Any:
        requests = [r for r in (items if isinstance(items, list) else [items]) if r is not None]
        done, refused = 0, []
        for item in requests:
            # Actions ignore base filters and the list's status filter: each request is re-checked.
            try:
                with db.session.begin_nested():
                    decide(item)
                done += 1
            except DomainError as error:
                refused.append(_("%(record)s : %(error)s", record=item.target_label, error=error))
            except StaleDataError:
                refused.append(_("%(record)s : %(error)s", record=item.target_label, error=STALE))
        db.session.commit()
        if done:
            flash(str(done_message) % {"num": done}, "success")
        for text in refused:
            flash(text, "danger")
        if not requests:
            flash(_("Aucune demande sélectionnée."), "warning")
        return redirect(self.get_redirect())

    @action("approve_selected", _l("Valider"), _l("Valider les demandes sélectionnées ? Une demande en conflit "
                                                  "est refusée : ouvrez-la pour confirmer."), "fa-check", single=False)
    def approve_selected(self, items: Any) -> Any:
        """Approve the selected pending requests (those in conflict are left for review)."""
        return self._bulk(items, lambda r: change_requests.approve(r, reviewer=g.user),
                          _l("%(num)d demande(s) validée(s)."))

    @action("reject_selected", _l("Refuser"), _l("Refuser les demandes sélectionnées ?"), "fa-times", single=False)
    def reject_selected(self, items: Any) -> Any:
        """Reject the selected pending requests."""
        return self._bulk(items, lambda r: change_requests.reject(r, reviewer=g.user),
                          _l("%(num)d demande(s) refusée(s)."))


def register(appbuilder: AppBuilder) -> None:
    """Add « Modifications à valider » under « Familles et élèves »."""
    appbuilder.add_view(ChangeRequestView, MENU_NAME, label=PendingMenuLabel(), icon="fa-check-square-o",
                        category=CATEGORY)
