"""Temporary pages so every menu entry resolves; each is replaced by its own module."""
from __future__ import annotations

from flask import render_template

from portal import bp
from portal.access import family_required


@bp.get("/accueil")
@family_required
def home() -> str:
    """Show the home page."""
    return render_template("portal/simple.html", title="Accueil", body="")


@bp.get("/famille")
@family_required
def show_family() -> str:
    return render_template("portal/simple.html", title="Famille", body="")


@bp.get("/eleves")
@family_required
def list_students() -> str:
    return render_template("portal/simple.html", title="Elèves", body="")


@bp.get("/facturation")
@family_required
def show_billing() -> str:
    return render_template("portal/simple.html", title="Facturation", body="")


@bp.get("/accessibilite")
def accessibility() -> str:
    return render_template("portal/simple.html", title="Accessibilité", body="")


@bp.get("/mot-de-passe")
@family_required
def change_password() -> str:
    return render_template("portal/simple.html", title="Mot de passe", body="")


@bp.get("/mot-de-passe-perdu")
def lost_password() -> str:
    return render_template("portal/simple.html", title="Mot de passe perdu", body="")


@bp.get("/eleves/<int:student_id>/reinscription")
@family_required
def show_reenrolment(student_id: int) -> str:
    return render_template("portal/simple.html", title="Réinscription", body="")


@bp.get("/famille/documents")
@family_required
def list_documents() -> str:
    return render_template("portal/simple.html", title="Mes documents", body="")
