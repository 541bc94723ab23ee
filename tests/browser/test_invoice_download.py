"""A family downloads its invoice from Facturation; another family gets a 404 for the same URL."""
from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/portail/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill("Famille-Demo-2026")
    page.get_by_role("button", name="Se connecter").click()


def test_family_downloads_its_invoice_and_other_family_gets_404(page, backend):  # type: ignore[no-untyped-def]
    login(page, "ztest1")
    page.get_by_role("link", name="Facturation", exact=True).click()
    table = page.get_by_role("table", name="Facturation cotisations")
    row = table.get_by_role("row").filter(has_text="AVIS DES SOMMES A PAYER")
    assert "77,00\u00a0€" in row.inner_text()  # the first trimester of 231,00 €
    assert_no_axe_violations(page)
    link = row.get_by_role("link", name="FC2026-00001")
    href = link.get_attribute("href")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "facture-FC2026-00001.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    page.get_by_role("button", name="Déconnexion").click()
    login(page, "zdemo2")
    response = page.goto(href)
    assert response is not None and response.status == 404
    assert "Z-TEST" not in page.content()
