"""The private iCalendar feed and « Mes données » (GDPR right of access)."""
from __future__ import annotations

import json

from school.extensions import db
from school.models import AuditLog, Family, Student
from school.services.calendar_feed import fold


def _create_link(client) -> str:  # type: ignore[no-untyped-def]
    essai = db.session.query(Student).filter_by(last_name="Z-TEST").one()
    client.post("/portail/eleves/agenda", data={"student_id": essai.id})
    family = db.session.query(Family).filter_by(name="Z-TEST").one()
    db.session.refresh(family)
    return family.calendar_token


def test_calendar_feed_has_weekly_lessons_in_paris_time(client, auth):
    auth.portal_login("ztest1")
    token = _create_link(client)
    assert len(token) >= 43  # 32 random bytes
    auth.portal_logout()
    response = client.get(f"/portail/agenda/{token}.ics")  # no login: the token is the secret
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    assert "TZID:Europe/Paris" in unfolded
    assert "DTSTART;TZID=Europe/Paris:20260907T170000" in unfolded  # the first Monday of the year, 17:00
    assert "DURATION:PT1H15M" in unfolded
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270630T215959Z" in unfolded
    assert "SUMMARY:Culture musicale 1C2 — Z-TEST Essai" in unfolded
    assert "LOCATION:Berlioz (Vitré)" in unfolded
    assert "DESCRIPTION:Enseignant : BLANCHARD Laura" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_regenerating_the_link_revokes_the_old_one(client, auth):
    auth.portal_login("ztest1")
    old = _create_link(client)
    html = client.get(f"/portail/eleves/{db.session.query(Student).filter_by(last_name='Z-TEST').one().id}/cours")
    assert old in html.get_data(as_text=True) and "Régénérer le lien" in html.get_data(as_text=True)
    new = _create_link(client)
    assert new != old
    assert client.get(f"/portail/agenda/{old}.ics").status_code == 404
    assert client.get(f"/portail/agenda/{new}.ics").status_code == 200
    assert client.get("/portail/agenda/devine.ics").status_code == 404


def test_fold_never_splits_a_character():
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_my_data_page_and_json_download(client, auth):
    auth.portal_login("ztest1")
    page = client.get("/portail/mes-donnees")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for text in ("Mes données personnelles", "Z-TEST", "Culture musicale 1C2", "Contrôle rythmique", "Année sérieuse.",
                 "Claude Debussy", "77,00", "98135"):
        assert text in html, text
    assert "Z-DEMO" not in html and "Léa" not in html
    response = client.get("/portail/mes-donnees.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["family"]["reference"] == "F00001"
    assert "calendar_token" not in data["family"]
    assert [g["email"] for g in data["guardians"]] == ["test@vitrecommunaute.org"]
    student = data["students"][0]
    assert {e["course"] for e in student["enrolments"]} == {"Culture musicale 1C2", "Culture musicale 1C1"}
    assert sum(len(e["evaluations"]) for e in student["enrolments"]) == 4
    assert sum(len(e["absences"]) for e in student["enrolments"]) == 2
    assert student["year_results"][0]["comment"] == "Année sérieuse."
    assert len(student["repertoire"]) == 2
    assert data["invoices"][0]["total_cents"] == 7700 and data["payments"][0]["operation_number"] == "98135"
    assert "Léa" not in json.dumps(data, ensure_ascii=False)
    assert db.session.query(AuditLog).filter_by(action="gdpr_export").count() == 1


def test_family_page_links_to_my_data(client, auth):
    auth.portal_login("ztest1")
    assert 'href="/portail/mes-donnees"' in client.get("/portail/famille").get_data(as_text=True)
