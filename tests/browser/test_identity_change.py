"""A parent corrects a mobile number; the secretariat validates it in the back office (Chromium)."""
from __future__ import annotations

import pytest

from school.extensions import db
from school.models import ChangeRequest
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def portal_login(page, username: str = "ztest1") -> None:  # type: ignore[no-untyped-def]
    page.goto("/portail/connexion")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill("Famille-Demo-2026")
    page.get_by_role("button", name="Se connecter").click()
    assert page.url.endswith("/portail/accueil")


def test_mobile_change_is_acknowledged_validated_and_shown(page, browser, live_server, smtp_server):
    portal_login(page)
    page.get_by_role("link", name="Famille", exact=True).click()
    page.locator("#phone_mobile").fill("06 12 34 56 78")
    page.get_by_role("button", name="Enregistrer").click()
    assert "attend la validation du secrétariat" in page.get_by_role("status").inner_text()
    assert "en attente de validation par le secrétariat" in page.locator("#pending-notice").inner_text()
    assert page.locator("#phone_mobile").input_value() == "0612345678"
    marker = page.locator("#phone_mobile-pending")
    assert marker.is_visible() and "Modifié" in marker.inner_text()
    assert page.locator("#phone_mobile").get_attribute("aria-describedby") == "phone_mobile-pending"
    assert_no_axe_violations(page)

    [ack] = smtp_server.to("test@vitrecommunaute.org")
    assert ack.subject.startswith("Accusé de réception")
    assert "Mobile : — → 0612345678" in ack.text

    request_id = db.session.query(ChangeRequest.id).filter_by(status="pending").scalar()
    staff = browser.new_context(locale="fr-FR", base_url=live_server).new_page()
    try:
        staff.goto("/login/")
        staff.locator("#username").fill("secretariat")
        staff.locator("#password").fill("Secretariat-Demo-2026")
        staff.locator("#password").press("Enter")
        staff.wait_for_url(lambda url: "/login" not in url)
        staff.goto("/changerequestview/list/")
        assert "1 en attente" in staff.content()
        staff.goto(f"/changerequestview/show/{request_id}")
        assert "0612345678" in staff.locator("table").first.inner_text()
        staff.locator("#approve-comment").fill("Numéro enregistré.")
        staff.get_by_role("button", name="Valider la demande").click()
        staff.get_by_text("validée : la fiche est mise à jour").wait_for()
        assert "0 en attente" in staff.content()
    finally:
        staff.context.close()

    page.reload()
    assert page.locator("#phone_mobile").input_value() == "0612345678"
    assert page.locator("#phone_mobile-pending").count() == 0
    assert page.locator("#pending-notice").count() == 0
    assert "a été validée : Numéro enregistré." in page.content()
    outcome = [m for m in smtp_server.to("test@vitrecommunaute.org") if m.subject.startswith("Modification validée")]
    assert len(outcome) == 1
