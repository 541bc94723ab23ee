"""axe-core finds no violation on the main back-office pages (SECURITY.md rule 25).

Secretariat: login, home, families (list, show, edit, add form in error), students, courses, the
change-request queue and a request, the re-enrolment queue and dashboard, the documents queue.
Accounting: the invoice list and an invoice.
"""
from __future__ import annotations

import pytest

from school.extensions import db
from school.models import Family, Guardian, Invoice
from school.services import change_requests
from school.services.accounts import security_manager
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

PASSWORDS = {"secretariat": "Secretariat-Demo-2026", "comptable": "Comptable-Demo-2026"}


def staff_login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """Log in through the back-office login form (checked with axe on the way)."""
    page.goto("/login/")
    assert_no_axe_violations(page)
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORDS[username])
    page.locator("#password").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


# Every src/href of the page that leaves the server (the back office works without the internet).
EXTERNAL_REFERENCES = """() => Array.from(document.querySelectorAll('[src], [href]'))
    .map(element => element.getAttribute('src') || element.getAttribute('href'))
    .filter(url => /^(https?:)?\\/\\//i.test(url) && new URL(url, location.href).origin !== location.origin)"""


def check(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``path`` (no error page), check its own title, one <h1>, local resources, then run axe."""
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert page.title().endswith(" — Conservatoire"), (path, page.title())
    assert page.locator("h1").count() == 1, path
    assert page.evaluate(EXTERNAL_REFERENCES) == [], path
    assert_no_axe_violations(page)


def test_secretariat_pages_have_no_axe_violation(page):
    sm = security_manager()
    ztest1 = sm.find_user(username="ztest1")
    guardian = db.session.query(Guardian).filter_by(user_id=ztest1.id).one()
    request = change_requests.submit(guardian, {"phone_mobile": "0612345678"}, author=ztest1)
    db.session.commit()
    family_id = db.session.query(Family.id).filter_by(name="Z-TEST").scalar()

    staff_login(page, "secretariat")
    for path in ("/", "/familyview/list/", f"/familyview/show/{family_id}", f"/familyview/edit/{family_id}",
                 "/studentview/list/", "/courseview/list/", "/changerequestview/list/",
                 f"/changerequestview/show/{request.id}", "/reinscriptions/demandes/file-attente/",
                 "/reinscriptions/tableau-de-bord/", "/documents/list/"):
        check(page, path)

    page.goto("/familyview/add")
    assert_no_axe_violations(page)
    # The browser's own check of required fields would stop the empty form: test the server's answer.
    page.locator("#model_form").evaluate("form => { form.noValidate = true; }")
    page.locator("#model_form button[type=submit]").first.click()
    error = page.locator("#name-error")
    assert error.get_attribute("role") == "alert"
    assert "Ce champ est requis." in error.inner_text()
    assert page.locator("#name").get_attribute("aria-describedby") == "name-error"
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(page)


def test_accounting_pages_have_no_axe_violation(page):
    invoice_id = db.session.query(Invoice.id).order_by(Invoice.id).limit(1).scalar()
    staff_login(page, "comptable")
    for path in ("/invoiceview/list/", f"/invoiceview/show/{invoice_id}"):
        check(page, path)
