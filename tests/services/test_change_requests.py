"""Change requests: merge, nothing changed, conflict, force, reject, double decision, e-mails, audit."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from school.clock import freeze
from school.errors import DomainError
from school.extensions import db
from school.models import AuditLog, ChangeRequest, Guardian, OutboxMessage, PasswordResetToken, Student
from school.services import change_requests
from school.services.accounts import security_manager


@pytest.fixture
def people(app):
    sm = security_manager()
    family_user, staff = sm.find_user(username="ztest1"), sm.find_user(username="secretariat")
    guardian = db.session.query(Guardian).filter_by(user_id=family_user.id).one()
    student = db.session.query(Student).filter_by(family_id=guardian.family_id).one()
    return guardian, student, family_user, staff


def outbox(recipient: str = "test@vitrecommunaute.org") -> list[OutboxMessage]:
    return db.session.query(OutboxMessage).filter_by(recipient=recipient).order_by(OutboxMessage.id).all()


def test_submit_stores_old_and_new_values_without_touching_the_record(people):
    guardian, _student, user, _staff = people
    request = change_requests.submit(guardian, {"phone_mobile": "0612345678", "city": "VITRE"}, author=user)
    db.session.commit()
    assert guardian.phone_mobile is None
    assert [(f.field, f.old_value, f.new_value) for f in request.fields] == [("phone_mobile", None, "0612345678")]
    assert change_requests.requested_values(guardian) == {"phone_mobile": "0612345678"}
    assert [m.subject for m in outbox()] == ["Accusé de réception — modification de la fiche de Responsable Z-TEST Essai"]
    audit = db.session.query(AuditLog).filter_by(action="change_request_submitted").one()
    assert json.loads(audit.details)["changes"] == {"phone_mobile": [None, "0612345678"]}


def test_nothing_changed_queues_nothing(people):
    guardian, _student, user, _staff = people
    assert change_requests.submit(guardian, {"city": "VITRE", "birth_date": dt.date(1980, 1, 1)}, author=user) is None
    assert db.session.query(ChangeRequest).count() == 0
    assert outbox() == []


def test_second_edit_merges_into_the_one_pending_request(people):
    guardian, _student, user, _staff = people
    first = change_requests.submit(guardian, {"phone_mobile": "0612345678"}, author=user)
    db.session.commit()
    second = change_requests.submit(guardian, {"phone_mobile": "0700000000", "profession": "Luthier"}, author=user)
    db.session.commit()
    assert second.id == first.id
    assert db.session.query(ChangeRequest).count() == 1
    assert {f.field: (f.old_value, f.new_value) for f in second.fields} == {
        "phone_mobile": (None, "0700000000"), "profession": ("Technicien", "Luthier")}
    assert len(outbox()) == 2  # one acknowledgement per submission


def test_reverting_every_field_withdraws_the_request(people):
    guardian, _student, user, _staff = people
    change_requests.submit(guardian, {"profession": "Luthier"}, author=user)
    db.session.commit()
    assert change_requests.submit(guardian, {"profession": "Technicien"}, author=user) is None
    db.session.commit()
    assert db.session.query(ChangeRequest).count() == 0


def test_approve_applies_every_field_and_mails_the_outcome(people):
    guardian, student, user, staff = people
    freeze(dt.datetime(2026, 12, 4, 9, 0))
    try:
        request = change_requests.submit(student, {"birth_date": dt.date(2016, 2, 1), "use_guardian_address": False,
                                                   "emergency_phone": "0611111111"}, author=user)
        db.session.commit()
        version = student.version
        change_requests.approve(request, reviewer=staff, comment="Vu avec l'acte de naissance.")
        db.session.commit()
    finally:
        freeze(None)
    db.session.refresh(student)
    assert (student.birth_date, student.use_guardian_address, student.emergency_phone) == (
        dt.date(2016, 2, 1), False, "0611111111")
    assert student.version == version + 1
    assert (request.status, request.reviewer_id, request.comment) == ("approved", staff.id, "Vu avec l'acte de naissance.")
    assert change_requests.outcome_label(request) == (
        "Votre modification du 04/12/2026 a été validée : Vu avec l'acte de naissance.")
    mail = outbox()[-1]
    assert mail.subject == "Modification validée — fiche de Élève Z-TEST Essai"
    assert "Date de naissance : 01/02/2016" in mail.body_text
    audit = db.session.query(AuditLog).filter_by(action="change_request_approved").one()
    assert json.loads(audit.details)["changes"]["birth_date"] == ["2016-01-01", "2016-02-01"]
    assert audit.actor == "secretariat"


def test_conflict_is_refused_unless_forced(people):
    guardian, _student, user, staff = people
    request = change_requests.submit(guardian, {"phone_mobile": "0612345678", "profession": "Luthier"}, author=user)
    db.session.commit()
    guardian.phone_mobile = "0699999999"  # staff changed the same field meanwhile
    db.session.commit()
    assert [d.label for d in change_requests.diff(request) if d.conflict] == ["Mobile"]
    with pytest.raises(DomainError, match="Modifié entre-temps par le secrétariat : Mobile"):
        change_requests.approve(request, reviewer=staff)
    db.session.rollback()
    db.session.refresh(guardian)
    assert (guardian.phone_mobile, guardian.profession) == ("0699999999", "Technicien")
    change_requests.approve(request, reviewer=staff, force=True)
    db.session.commit()
    db.session.refresh(guardian)
    assert (guardian.phone_mobile, guardian.profession) == ("0612345678", "Luthier")


def test_reject_keeps_the_record_and_a_second_decision_is_refused(people):
    guardian, _student, user, staff = people
    request = change_requests.submit(guardian, {"profession": "Luthier"}, author=user)
    db.session.commit()
    change_requests.reject(request, reviewer=staff, comment="Justificatif manquant.")
    db.session.commit()
    db.session.refresh(guardian)
    assert guardian.profession == "Technicien"
    assert outbox()[-1].subject == "Modification refusée — fiche de Responsable Z-TEST Essai"
    assert "Justificatif manquant." in outbox()[-1].body_text
    with pytest.raises(DomainError, match="déjà été traitée"):
        change_requests.approve(request, reviewer=staff)
    with pytest.raises(DomainError, match="déjà été traitée"):
        change_requests.reject(request, reviewer=staff)


def test_double_approve_is_refused(people):
    guardian, _student, user, staff = people
    request = change_requests.submit(guardian, {"profession": "Luthier"}, author=user)
    db.session.commit()
    change_requests.approve(request, reviewer=staff)
    db.session.commit()
    with pytest.raises(DomainError, match="déjà été traitée"):
        change_requests.approve(request, reviewer=staff)
    assert len([m for m in outbox() if m.subject.startswith("Modification validée")]) == 1


def test_approved_email_change_updates_the_login_account_and_spends_reset_links(people):
    guardian, _student, user, staff = people
    db.session.add(PasswordResetToken(user_id=user.id, token_hash="0" * 64, email=user.email,
                                      expires_at=dt.datetime(2099, 1, 1)))
    request = change_requests.submit(guardian, {"email": "essai.nouveau@example.org"}, author=user)
    db.session.commit()
    change_requests.approve(request, reviewer=staff)
    db.session.commit()
    db.session.refresh(user)
    assert guardian.email == user.email == "essai.nouveau@example.org"
    assert db.session.query(PasswordResetToken).filter_by(user_id=user.id).one().used_at is not None
    # The outcome goes to the account's (new) address.
    assert [m.subject for m in outbox("essai.nouveau@example.org")] == [
        "Modification validée — fiche de Responsable Z-TEST Essai"]


def test_approving_an_email_used_by_another_account_is_refused(people):
    guardian, _student, user, staff = people
    request = change_requests.submit(guardian, {"email": "zdemo2@example.org"}, author=user)
    db.session.commit()
    with pytest.raises(DomainError, match="déjà utilisée"):
        change_requests.approve(request, reviewer=staff)
