"""Accueil: greeting, pupils, re-enrolment block while a campaign is open, home message."""
from __future__ import annotations

import datetime as dt

from school.clock import freeze
from school.extensions import db
from school.models import PortalText


def test_home_greets_the_guardian_and_lists_pupils_and_campaign(client, auth):
    freeze(dt.datetime(2026, 12, 4, 10, 0))
    try:
        auth.portal_login("ztest1")
        page = client.get("/portail/accueil")
    finally:
        freeze(None)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Bonjour Monsieur Z-TEST Essai" in html
    assert "Réinscriptions" in html and "Jusqu&#39;au 17/02/2027 à 00:00" in html
    assert "/portail/eleves/" in html and "/reinscription" in html
    assert "Bienvenue sur le portail des familles" in html
    assert "Z-DEMO" not in html


def test_home_hides_the_reenrolment_block_after_the_deadline(client, auth):
    auth.portal_login("ztest1")
    freeze(dt.datetime(2027, 3, 1, 10, 0))
    try:
        html = client.get("/portail/accueil").get_data(as_text=True)
    finally:
        freeze(None)
    assert "Bonjour Monsieur Z-TEST Essai" in html
    assert "Réinscriptions" not in html


def test_home_message_is_the_admin_text(client, auth):
    db.session.query(PortalText).filter_by(key="home_message").one().body = "Concert de Noël le 18 décembre."
    db.session.commit()
    auth.portal_login("zdemo2")
    html = client.get("/portail/accueil").get_data(as_text=True)
    assert "Concert de Noël le 18 décembre." in html
    assert "Bonjour Madame Z-DEMO Marie" in html
    assert "Z-DEMO Léa" in html and "Z-DEMO Hugo" in html


def test_home_requires_login(client):
    response = client.get("/portail/accueil")
    assert response.status_code == 302
    assert "/portail/connexion" in response.headers["Location"]


def test_home_message_written_by_admins_is_sanitised(client, auth):
    from school.extensions import db
    from school.models import PortalText

    text = db.session.query(PortalText).filter_by(key="home_message").one()
    text.body = '<p>Concert le <strong>12/12</strong></p><script>alert("x")</script>'
    db.session.commit()
    auth.portal_login("ztest1")
    html = client.get("/portail/accueil").get_data(as_text=True)
    assert "<strong>12/12</strong>" in html and "<script>alert" not in html
