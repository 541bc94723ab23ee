"""Accessibilité: the RGAA accessibility statement of the portal (public, no login needed)."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from portal import bp
from school.services.settings import get_setting

# The pages axe-core checks in the browser test suite, with their error states where they have a form.
PAGES_TESTED = (
    _l("Connexion (avec le message d'erreur)"),
    _l("Mot de passe perdu (avec les erreurs de saisie)"),
    _l("Choix d'un nouveau mot de passe (lien reçu par e-mail, avec les erreurs de saisie)"),
    _l("Mot de passe (changement, avec les erreurs de saisie)"),
    _l("Accessibilité (cette page)"),
    _l("Accueil, Famille, Elèves et leurs onglets, Facturation, Réinscription (étapes et erreurs)"),
)
STATEMENT_DATE = "04/12/2026"


@bp.get("/accessibilite")
def accessibility() -> str:
    """Show the accessibility statement (déclaration d'accessibilité)."""
    return render_template(
        "portal/accessibility.html",
        school_name=get_setting("school_name", "Conservatoire"),
        school_email=get_setting("school_email"),
        school_phone=get_setting("school_phone"),
        school_address=get_setting("school_address"),
        portal_url=f"{current_app.config['SITE_URL']}/portail/",
        statement_date=get_setting("accessibility_statement_date", STATEMENT_DATE),
        pages_tested=[str(name) for name in PAGES_TESTED],
    )
