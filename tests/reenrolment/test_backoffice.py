"""The secretariat's side: request queue, show page, decisions, bulk, dashboard, exports, campaigns."""
from __future__ import annotations

import datetime as dt
import html
import io

from openpyxl import load_workbook
from sqlalchemy import select

from school.extensions import db
from school.models import CampaignFile, Enrolment, ReenrolmentCampaign, SchoolYear
from tests.fixtures.files import minimal_pdf
from tests.reenrolment.helpers import option, student, submitted_request

BASE = "/reinscriptions/demandes"


def text(response) -> str:  # type: ignore[no-untyped-def]
    """Return the page as a reader sees it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def test_queue_lists_submitted_requests_with_missing_pieces(client, auth):
    request = submitted_request()
    db.session.commit()
    auth.staff_login("secretariat")
    page = text(client.get(f"{BASE}/file-attente/?status=submitted"))
    assert "Z-TEST Essai" in page and "Attestation de quotient familial de moins de 4 mois" in page
    assert "Culture musicale 1C3 - Vitré" in page
    fm = option("Culture musicale 1C3 - Vitré")
    assert "Z-TEST Essai" in text(client.get(f"{BASE}/file-attente/?discipline={fm.discipline_id}&site={fm.site_id}"))
    assert "Z-TEST Essai" not in text(client.get(f"{BASE}/file-attente/?site={option('Culture musicale 1C3 - Argentré').site_id}"))
    assert "Z-TEST Essai" in text(client.get(f"{BASE}/file-attente/?missing=1"))
    show = text(client.get(f"{BASE}/show/{request.id}"))
    assert "Droit à l'image (2027/2028) : Oui" in show and "Valider la réinscription" in show


def test_validate_from_the_show_page_creates_the_enrolment(client, auth):
    request = submitted_request()
    db.session.commit()
    auth.staff_login("secretariat")
    response = client.post(f"{BASE}/decide/{request.id}", data={"decision": "validate"})
    assert response.status_code == 302
    db.session.expire_all()
    enrolment = db.session.scalars(select(Enrolment).join(Enrolment.school_year).where(
        SchoolYear.label == "2027/2028", Enrolment.student_id == student("Essai").id)).one()
    assert enrolment.course.label == "Culture musicale 1C3 - Vitré" and enrolment.status == "active"
    again = client.post(f"{BASE}/decide/{request.id}", data={"decision": "validate"}, follow_redirects=True)
    assert "ne peut plus être traitée" in text(again)


def test_full_course_is_reported_then_waiting_list(client, auth):
    full = option("Culture musicale 1C3 - La Guerche")
    db.session.add(Enrolment(student=student("Léa"), course=full.course, school_year=full.course.school_year))
    request = submitted_request(label="Culture musicale 1C3 - La Guerche")
    db.session.commit()
    auth.staff_login("secretariat")
    page = text(client.post(f"{BASE}/decide/{request.id}", data={"decision": "validate"}, follow_redirects=True))
    assert "Le cours « Culture musicale 1C3 - La Guerche » est complet" in page and "complet" in page
    client.post(f"{BASE}/decide/{request.id}", data={
        "decision": "validate", f"override-{full.discipline_id}": "waiting"})
    db.session.expire_all()
    assert db.session.scalars(select(Enrolment.status).where(
        Enrolment.student_id == student("Essai").id, Enrolment.course_id == full.course_id)).one() == "waiting"


def test_reject_needs_a_reason(client, auth):
    request = submitted_request()
    db.session.commit()
    auth.staff_login("secretariat")
    page = text(client.post(f"{BASE}/decide/{request.id}", data={"decision": "reject", "reason": ""},
                            follow_redirects=True))
    assert "Indiquez le motif du refus" in page
    client.post(f"{BASE}/decide/{request.id}", data={"decision": "reject", "reason": "Hors délai"})
    db.session.expire_all()
    assert db.session.get(type(request), request.id).status == "rejected"


def test_bulk_validation_skips_requests_with_problems(client, auth):
    essai = submitted_request()
    hugo = submitted_request("Hugo", "Violon 1C2 - Vitré", "zdemo2")
    from school.models import DocumentType
    from school.services import documents
    from tests.fixtures.files import upload

    qf = db.session.scalars(select(DocumentType).where(DocumentType.is_quotient_certificate.is_(True))).one()
    documents.store_upload(hugo.student.family, None, qf, upload(minimal_pdf(), "qf.pdf"), author=None)
    db.session.commit()
    auth.staff_login("secretariat")
    page = text(client.post(f"{BASE}/bulk/", data={"ids": [str(essai.id), str(hugo.id)]}, follow_redirects=True))
    assert "1 réinscription(s) validée(s)." in page and "Z-TEST Essai : non validée" in page
    db.session.expire_all()
    assert (db.session.get(type(essai), essai.id).status, db.session.get(type(hugo), hugo.id).status) == (
        "submitted", "validated")
    # The FAB action ignores list filters: a validated request is re-checked and skipped.
    page = text(client.post(f"{BASE}/action_post", data={"action": "validate_selected", "rowid": [str(hugo.id)]},
                            follow_redirects=True))
    assert "Z-DEMO Hugo : non validée" in page


def test_dashboard_and_exports(client, auth):
    submitted_request()
    db.session.commit()
    auth.staff_login("secretariat")
    page = text(client.get("/reinscriptions/tableau-de-bord/"))
    assert "Réinscriptions 2027/2028" in page and "<svg" in page and "cdn" not in page.lower()
    assert "Culture musicale 1C3 - La Guerche" in page
    csv_response = client.get("/reinscriptions/tableau-de-bord/export.csv")
    body = csv_response.data.decode("utf-8")
    assert body.startswith("\ufeffÉlève;Famille;Statut")
    assert "Z-TEST Essai;Z-TEST;Réinscription en attente de validation" in body
    xlsx = client.get("/reinscriptions/tableau-de-bord/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A1"].value == "Élève" and sheet["A2"].value == "Z-TEST Essai"


def test_read_only_staff_cannot_decide(client, auth):
    request = submitted_request()
    db.session.commit()
    auth.staff_login("consultation")
    assert client.get(f"{BASE}/file-attente/").status_code == 200
    client.post(f"{BASE}/decide/{request.id}", data={"decision": "validate"})
    db.session.expire_all()
    assert db.session.get(type(request), request.id).status == "submitted"


def test_family_gets_no_back_office_page(client, auth):
    auth.portal_login("ztest1")
    response = client.get(f"{BASE}/file-attente/")
    assert response.status_code in (302, 403)


def test_campaign_dates_are_typed_in_paris_time(client, auth):
    auth.staff_login("admin")
    year = db.session.scalars(select(SchoolYear).where(SchoolYear.label == "2027/2028")).one()
    response = client.post("/reenrolmentcampaignview/add", data={
        "name": "Réinscriptions été", "school_year": str(year.id), "opens_at": "2027-06-01 09:00:00",
        "closes_at": "2027-07-01 00:00:00", "text_intro": "<b>Bienvenue</b>"})
    assert response.status_code == 302
    campaign = db.session.scalars(select(ReenrolmentCampaign).where(ReenrolmentCampaign.name == "Réinscriptions été")).one()
    assert campaign.opens_at == dt.datetime(2027, 6, 1, 7, 0) and campaign.closes_at == dt.datetime(2027, 6, 30, 22, 0)


def test_campaign_file_upload_and_family_download(client, auth, app):
    auth.staff_login("admin")
    campaign = db.session.scalars(select(ReenrolmentCampaign)).one()
    response = client.post("/campaignfileview/add", data={
        "campaign": str(campaign.id), "title": "Règlement intérieur",
        "upload": (io.BytesIO(minimal_pdf()), "reglement.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    item = db.session.scalars(select(CampaignFile)).one()
    assert item.original_name == "reglement.pdf" and len(item.stored_name) == 32
    auth.staff_logout()
    auth.portal_login("ztest1")
    download = client.get(f"/portail/reinscription/fichiers/{item.id}")
    assert download.status_code == 200 and download.data == minimal_pdf()
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_campaign_pages_and_full_list_open(client, auth):
    request = submitted_request()
    request.information = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    auth.staff_login("admin")
    campaign = db.session.scalars(select(ReenrolmentCampaign)).one()
    page = text(client.get(f"/reenrolmentcampaignview/show/{campaign.id}"))
    assert "Culture musicale 1C3 - La Guerche" in page and "Attestation de quotient familial" in page
    assert "17/02/2027 à 00:00" in page
    assert client.get(f"/reenrolmentcampaignview/edit/{campaign.id}").status_code == 200
    assert "Z-TEST Essai" in text(client.get(f"{BASE}/list/"))
    body = client.get("/reinscriptions/tableau-de-bord/export.csv").data.decode("utf-8")
    assert "'=HYPERLINK" in body and ";=HYPERLINK" not in body
