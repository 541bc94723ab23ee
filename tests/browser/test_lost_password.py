"""A parent recovers the account by e-mail in Chromium; axe-core checks every account page."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

NEW_PASSWORD = "Ma nouvelle phrase de passe 2027"


def test_parent_resets_the_password_through_the_emailed_link(page, live_server, smtp_server):
    page.goto("/portail/connexion")
    assert_no_axe_violations(page)
    page.get_by_label("Identifiant").fill("ztest1")
    page.get_by_label("Mot de passe", exact=True).fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").inner_text() == "Identifiant ou mot de passe incorrect."
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Mot de passe perdu").click()
    assert page.title().startswith("Mot de passe perdu")
    assert_no_axe_violations(page)
    page.get_by_label("E-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Valider").click()
    assert "Adresse e-mail invalide" in page.locator("#email-error").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Identifiant").fill("ztest1")
    page.get_by_label("E-mail").fill("test@vitrecommunaute.org")
    page.get_by_role("button", name="Valider").click()
    assert "un message contenant un lien" in page.get_by_role("status").last.inner_text()
    assert_no_axe_violations(page)

    [mail] = smtp_server.to("test@vitrecommunaute.org")
    assert "Famille-Demo-2026" not in mail.text + mail.html
    link = re.search(r"http://\S+/portail/mot-de-passe-perdu/\S+", mail.text).group(0)
    assert link.startswith(live_server)
    page.goto(link)
    assert "entre 12 et 128 caractères" in page.locator("#password-rule").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill("autre chose encore")
    page.get_by_role("button", name="Enregistrer").click()
    assert "La confirmation ne correspond pas" in page.locator("#confirmation-error").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer").click()
    assert "Votre mot de passe est enregistré" in page.get_by_role("status").inner_text()

    page.get_by_label("Identifiant").fill("ztest1")
    page.get_by_label("Mot de passe", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.url.endswith("/portail/accueil")

    page.get_by_role("link", name="Mot de passe", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_label("Mot de passe actuel").fill("Famille-Demo-2026")
    page.get_by_label("Nouveau mot de passe").fill("Encore une autre phrase 2028")
    page.get_by_label("Confirmation du mot de passe").fill("Encore une autre phrase 2028")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Le mot de passe actuel est incorrect." in page.locator("#current_password-error").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Accessibilité", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Déclaration d'accessibilité"
    assert_no_axe_violations(page)
