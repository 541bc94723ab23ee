"""« Modifications à valider »: the queue, the diff, decisions one by one and in bulk, permissions."""
from __future__ import annotations

import pytest

from school.extensions import db
from school.models import ChangeRequest, Guardian, OutboxMessage, Student
from school.services import change_requests
from school.services.accounts import security_manager

BASE = "/changerequestview"


@pytest.fixture
def pending(app):
    """Two pending requests of family Z-TEST (guardian and pupil) and one of Z-DEMO."""
    sm = security_manager()
    ztest, zdemo = sm.find_user(username="ztest1"), sm.find_user(username="zdemo2")
    guardian = db.session.query(Guardian).filter_by(user_id=ztest.id).one()
    student = db.session.query(Student).filter_by(family_id=guardian.family_id).one()
    marie = db.session.query(Guardian).filter_by(user_id=zdemo.id).one()
    requests = [
        change_requests.submit(guardian, {"phone_mobile": "0612345678"}, author=ztest),
        change_requests.submit(student, {"emergency_phone": "0622222222"}, author=ztest),
        change_requests.submit(marie, {"profession": "Pianiste"}, author=zdemo),
    ]
    db.session.commit()
    return [r.id for r in requests]


def test_queue_lists_pending_requests_with_count_and_fields(client, auth, pending):
    auth.staff_login("secretariat")
    html = client.get(f"{BASE}/list/").get_data(as_text=True)
    assert "Modifications à valider — 3 en attente" in html
    assert "Responsable Z-TEST Essai" in html and "Élève Z-TEST Essai" in html
    assert "Téléphone de la personne à prévenir" in html and "Mobile" in html
    assert "Modifications à valider (3)" in html  # the menu entry carries the count


def test_show_page_has_the_diff_and_flags_a_conflict(client, auth, pending):
    guardian = db.session.query(Guardian).filter_by(last_name="Z-TEST").one()
    guardian.phone_mobile = "0699999999"
    db.session.commit()
    auth.staff_login("secretariat")
    html = client.get(f"{BASE}/show/{pending[0]}").get_data(as_text=True)
    assert "Valeur actuelle" in html and "Valeur demandée" in html
    assert "0699999999" in html and "0612345678" in html
    assert "conflit" in html and "Confirmer malgré le conflit" in html


def test_approve_one_then_second_decision_is_refused(client, auth, pending):
    auth.staff_login("secretariat")
    response = client.post(f"{BASE}/decide/{pending[0]}", data={"decision": "approve", "comment": "OK"},
                           follow_redirects=True)
    assert "validée : la fiche est mise à jour" in response.get_data(as_text=True)
    guardian = db.session.query(Guardian).filter_by(last_name="Z-TEST").one()
    db.session.refresh(guardian)
    assert guardian.phone_mobile == "0612345678"
    again = client.post(f"{BASE}/decide/{pending[0]}", data={"decision": "reject"}, follow_redirects=True)
    assert "Cette demande a déjà été traitée." in again.get_data(as_text=True)
    assert db.session.get(ChangeRequest, pending[0]).status == "approved"


def test_conflict_needs_confirmation(client, auth, pending):
    guardian = db.session.query(Guardian).filter_by(last_name="Z-TEST").one()
    guardian.phone_mobile = "0699999999"
    db.session.commit()
    auth.staff_login("secretariat")
    refused = client.post(f"{BASE}/decide/{pending[0]}", data={"decision": "approve"}, follow_redirects=True)
    assert "Modifié entre-temps par le secrétariat : Mobile" in refused.get_data(as_text=True)
    assert db.session.get(ChangeRequest, pending[0]).status == "pending"
    client.post(f"{BASE}/decide/{pending[0]}", data={"decision": "approve", "force": "1"})
    db.session.expire_all()
    assert db.session.get(ChangeRequest, pending[0]).status == "approved"
    assert db.session.get(Guardian, guardian.id).phone_mobile == "0612345678"


def test_reject_with_comment_mails_the_family(client, auth, pending):
    auth.staff_login("secretariat")
    client.post(f"{BASE}/decide/{pending[2]}", data={"decision": "reject", "comment": "Merci de préciser."})
    mail = db.session.query(OutboxMessage).filter_by(recipient="zdemo2@example.org").order_by(
        OutboxMessage.id.desc()).first()
    assert mail.subject.startswith("Modification refusée")
    assert "Merci de préciser." in mail.body_text


def test_bulk_approve_rechecks_each_request_state(client, auth, pending):
    auth.staff_login("secretariat")
    client.post(f"{BASE}/decide/{pending[2]}", data={"decision": "reject"})
    response = client.post(f"{BASE}/action_post", data={"action": "approve_selected", "rowid": [str(i) for i in pending]},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "2 demande(s) validée(s)." in html
    assert "Cette demande a déjà été traitée." in html
    db.session.expire_all()
    assert [db.session.get(ChangeRequest, i).status for i in pending] == ["approved", "approved", "rejected"]


def test_bulk_reject(client, auth, pending):
    auth.staff_login("admin")
    client.post(f"{BASE}/action_post", data={"action": "reject_selected", "rowid": [str(pending[0])]})
    db.session.expire_all()
    assert db.session.get(ChangeRequest, pending[0]).status == "rejected"


@pytest.mark.parametrize("username", ["comptable", "lblanchard"])
def test_other_staff_roles_cannot_open_or_decide(client, auth, pending, username):
    auth.staff_login(username)
    assert client.get(f"{BASE}/list/").status_code in (302, 403)
    client.post(f"{BASE}/decide/{pending[0]}", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(ChangeRequest, pending[0]).status == "pending"


def test_read_only_role_sees_the_queue_without_decision_forms(client, auth, pending):
    auth.staff_login("consultation")
    html = client.get(f"{BASE}/show/{pending[0]}").get_data(as_text=True)
    assert "Valeur demandée" in html
    assert "Valider la demande" not in html
    client.post(f"{BASE}/decide/{pending[0]}", data={"decision": "approve"})
    db.session.expire_all()
    assert db.session.get(ChangeRequest, pending[0]).status == "pending"


def test_family_account_gets_no_queue(client, auth, pending):
    auth.portal_login("ztest1")
    assert client.get(f"{BASE}/list/").status_code in (302, 403, 404)


def test_crafted_parameters_are_4xx(client, auth, pending):
    auth.staff_login("secretariat")
    assert client.get(f"{BASE}/show/999999").status_code == 404
    assert client.get(f"{BASE}/show/abc").status_code == 404
    assert client.post(f"{BASE}/decide/{pending[0]}", data={"decision": "maybe"}).status_code == 400
    assert client.get(f"{BASE}/list/?_oc_ChangeRequestView=password").status_code == 400


def test_requests_cannot_be_created_edited_or_deleted_by_hand(client, auth, pending):
    auth.staff_login("secretariat")
    for path in ("/add", f"/edit/{pending[0]}"):
        response = client.get(f"{BASE}{path}")
        assert response.status_code in (302, 403) and "/login" in response.headers.get("Location", "/login")
    client.post(f"{BASE}/delete/{pending[0]}")
    db.session.expire_all()
    assert db.session.get(ChangeRequest, pending[0]) is not None
