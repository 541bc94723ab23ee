"""Re-enrolment rules: choice, order of steps, deadline, idempotent submit, capacity and waiting list."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from school import clock
from school.errors import DomainError
from school.extensions import db
from school.models import (
    ChangeRequest, Enrolment, ImageRightsConsent, OutboxMessage, PortalText, ReenrolmentRequest, SchoolYear,
)
from school.services import reenrolment
from school.services.campaigns import open_campaign
from tests.reenrolment.helpers import option, student, submitted_request, user


@pytest.fixture
def frozen():
    clock.freeze(dt.datetime(2027, 1, 10, 12, 0))
    yield
    clock.freeze(None)


def _started(first_name: str = "Essai", username: str = "ztest1") -> ReenrolmentRequest:
    request = reenrolment.start(student(first_name), open_campaign())
    reenrolment.choose(request, True, author=user(username))
    return request


def test_start_creates_one_draft_per_pupil(app, frozen):
    essai = student("Essai")
    first = reenrolment.start(essai, open_campaign())
    again = reenrolment.start(essai, open_campaign())
    db.session.commit()
    assert first is again and first.status == "draft" and first.step_reached == 0
    assert db.session.query(ReenrolmentRequest).count() == 1


def test_declining_is_recorded_and_can_be_changed(app, frozen):
    request = reenrolment.start(student("Essai"), open_campaign())
    reenrolment.choose(request, False, author=user("ztest1"))
    assert (request.status, request.wants) == ("declined", False)
    reenrolment.choose(request, True, author=user("ztest1"))
    assert (request.status, request.wants) == ("draft", True)


def test_steps_are_enforced_in_order(app, frozen):
    request = _started()
    assert reenrolment.allowed_step(request, 5) == 1
    with pytest.raises(DomainError, match="Terminez d'abord l'étape 1"):
        reenrolment.save_image_rights(request, True, author=user("ztest1"))
    with pytest.raises(DomainError, match="Terminez d'abord l'étape 1"):
        reenrolment.submit(request, accepted=True, author=user("ztest1"))
    reenrolment.save_coordinates(request, [], author=user("ztest1"))
    assert reenrolment.allowed_step(request, 6) == 2
    assert reenrolment.allowed_step(request, 1) == 1


def test_coordinates_changes_become_a_change_request(app, frozen):
    request = _started()
    guardian = request.student.family.guardians[0]
    reenrolment.save_coordinates(request, [(guardian, {"city": "RENNES"})], author=user("ztest1"))
    db.session.commit()
    pending = db.session.scalars(select(ChangeRequest).where(ChangeRequest.target_id == guardian.id)).one()
    assert pending.status == "pending" and [f.new_value for f in pending.fields] == ["RENNES"]
    assert guardian.city == "VITRE"  # the record waits for validation


def test_coordinates_of_another_family_are_refused(app, frozen):
    request = _started()
    other = student("Léa")
    with pytest.raises(DomainError, match="n'appartient pas"):
        reenrolment.save_coordinates(request, [(other, {"city": "X"})], author=user("ztest1"))


def test_image_rights_answer_is_recorded_for_the_campaign_year(app, frozen):
    request = _started()
    reenrolment.save_coordinates(request, [], author=user("ztest1"))
    with pytest.raises(DomainError, match="Oui ou Non"):
        reenrolment.save_image_rights(request, None, author=user("ztest1"))
    text = db.session.scalars(select(PortalText).where(PortalText.key == "image_rights")).one()
    text.version = 3
    reenrolment.save_image_rights(request, False, author=user("ztest1"))
    db.session.commit()
    consent = db.session.scalars(select(ImageRightsConsent)).one()
    next_year = db.session.scalars(select(SchoolYear).where(SchoolYear.label == "2027/2028")).one()
    assert consent.school_year_id == next_year.id and consent.granted is False
    assert consent.answered_by_id == user("ztest1").id and consent.text_version == 3
    assert consent.answered_at == dt.datetime(2027, 1, 10, 12, 0)


def test_courses_need_an_option_for_each_renewed_discipline(app, frozen):
    request = _started()
    author = user("ztest1")
    reenrolment.save_coordinates(request, [], author=author)
    reenrolment.save_image_rights(request, True, author=author)
    reenrolment.finish_documents(request, author=author)
    fm = option("Culture musicale 1C3 - Vitré")
    with pytest.raises(DomainError, match="Choisissez le cours souhaité pour « Culture musicale »"):
        reenrolment.save_courses(request, [reenrolment.CourseAnswer(fm.discipline_id, True, None)], None, author=author)
    piano = option("Piano 1C3 - Vitré")
    with pytest.raises(DomainError, match="Choisissez le cours"):
        reenrolment.save_courses(request, [reenrolment.CourseAnswer(fm.discipline_id, True, piano.id)], None,
                                 author=author)
    with pytest.raises(DomainError, match="au moins une discipline"):
        reenrolment.save_courses(request, [reenrolment.CourseAnswer(fm.discipline_id, False, None)], "", author=author)
    reenrolment.save_courses(request, [reenrolment.CourseAnswer(fm.discipline_id, True, fm.id)], "Site de Vitré",
                             author=author)
    assert [(c.renew, c.course_option.label) for c in request.choices] == [(True, "Culture musicale 1C3 - Vitré")]
    assert request.information == "Site de Vitré" and request.step_reached == 4


def test_submit_needs_acceptance_then_is_idempotent(app, frozen):
    request = _started()
    author = user("ztest1")
    reenrolment.save_coordinates(request, [], author=author)
    reenrolment.save_image_rights(request, True, author=author)
    reenrolment.finish_documents(request, author=author)
    fm = option("Culture musicale 1C3 - Vitré")
    reenrolment.save_courses(request, [reenrolment.CourseAnswer(fm.discipline_id, True, fm.id)], None, author=author)
    with pytest.raises(DomainError, match="J'accepte"):
        reenrolment.submit(request, accepted=False, author=author)
    assert reenrolment.submit(request, accepted=True, author=author) is True
    db.session.commit()
    assert reenrolment.submit(request, accepted=True, author=author) is False
    db.session.commit()
    assert request.status == "submitted" and request.submitted_at == dt.datetime(2027, 1, 10, 12, 0)
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert len(mails) == 1 and "Culture musicale 1C3 - Vitré" in mails[0].body_text
    assert "Attestation de quotient familial" in mails[0].body_text  # still missing, listed
    with pytest.raises(DomainError, match="déjà été envoyée"):
        reenrolment.choose(request, False, author=author)


def test_concurrent_second_submit_fails_instead_of_overwriting(app, frozen):
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    request = submitted_request()
    request.status = "draft"  # pretend the first submit is not committed yet in another session
    request.step_reached = 4
    db.session.commit()
    other = Session(db.engine)
    twin = other.get(ReenrolmentRequest, request.id)
    reenrolment.submit(request, accepted=True, author=user("ztest1"))
    db.session.commit()
    twin.status = "submitted"
    with pytest.raises(StaleDataError):
        other.commit()
    other.close()


def test_nothing_changes_after_the_deadline(app):
    request = submitted_request()
    request.status = "draft"
    db.session.commit()
    campaign = open_campaign()
    clock.freeze(campaign.closes_at)
    try:
        with pytest.raises(DomainError, match="Les réinscriptions sont closes depuis le 17/02/2027 à 00:00"):
            reenrolment.submit(request, accepted=True, author=user("ztest1"))
        with pytest.raises(DomainError, match="closes"):
            reenrolment.choose(request, False, author=user("ztest1"))
        clock.freeze(campaign.closes_at - dt.timedelta(seconds=1))
        assert reenrolment.submit(request, accepted=True, author=user("ztest1")) is True
    finally:
        clock.freeze(None)


def test_validation_creates_next_year_enrolment_and_mails(app):
    request = submitted_request()
    db.session.commit()
    enrolments = reenrolment.validate(request, reviewer=user("secretariat"))
    db.session.commit()
    assert request.status == "validated"
    assert [(e.course.label, e.status, e.school_year.label) for e in enrolments] == [
        ("Culture musicale 1C3 - Vitré", "active", "2027/2028")]
    subjects = [m.subject for m in db.session.scalars(select(OutboxMessage))]
    assert any("validée" in s for s in subjects)
    with pytest.raises(DomainError, match="ne peut plus être traitée"):
        reenrolment.validate(request, reviewer=user("secretariat"))


def test_full_course_is_named_then_override_or_waiting_list(app):
    # Léa takes La Guerche's only place first.
    lea_option = option("Culture musicale 1C3 - La Guerche")
    db.session.add(Enrolment(student=student("Léa"), course=lea_option.course,
                             school_year=lea_option.course.school_year, status="active"))
    request = submitted_request(label="Culture musicale 1C3 - La Guerche")
    with pytest.raises(DomainError, match="Le cours « Culture musicale 1C3 - La Guerche » est complet"):
        reenrolment.validate(request, reviewer=user("secretariat"))
    assert request.status == "submitted"
    assert db.session.scalars(select(Enrolment).where(Enrolment.course_id == lea_option.course_id)).all()[0].student.first_name == "Léa"
    fm = lea_option.discipline_id
    enrolments = reenrolment.validate(request, reviewer=user("secretariat"), overrides={fm: reenrolment.WAITING})
    assert enrolments[0].status == "waiting" and enrolments[0].created_at == request.submitted_at


def test_override_to_another_option(app):
    request = submitted_request(label="Culture musicale 1C3 - La Guerche")
    other = option("Culture musicale 1C3 - Argentré")
    enrolments = reenrolment.validate(request, reviewer=user("secretariat"), overrides={other.discipline_id: other.id})
    assert enrolments[0].course.label == "Culture musicale 1C3 - Argentré"
    assert request.choices[0].course_option.label == "Culture musicale 1C3 - Argentré"


def test_waiting_list_follows_submission_order(app):
    full = option("Culture musicale 1C3 - La Guerche")
    db.session.add(Enrolment(student=student("Léa"), course=full.course, school_year=full.course.school_year,
                             status="active"))
    clock.freeze(dt.datetime(2027, 1, 5, 9, 0))
    try:
        early = submitted_request(label="Culture musicale 1C3 - La Guerche")
    finally:
        clock.freeze(None)
    clock.freeze(dt.datetime(2027, 1, 6, 9, 0))
    try:
        # Hugo (another family) asks later for violin; put him on the La Guerche list by override.
        late = submitted_request("Hugo", "Violon 1C2 - Vitré", "zdemo2")
    finally:
        clock.freeze(None)
    staff = user("secretariat")
    # Staff decide the later request first: the list still follows submission time.
    late_enrolment = reenrolment.validate(late, reviewer=staff, overrides={
        late.choices[0].discipline_id: reenrolment.WAITING})[0]
    reenrolment.validate(early, reviewer=staff, overrides={full.discipline_id: reenrolment.WAITING})
    violon_list = reenrolment.waiting_list(late_enrolment.course_id)
    assert [e.student.first_name for e in violon_list] == ["Hugo"]
    guerche_list = reenrolment.waiting_list(full.course_id)
    assert [e.student.first_name for e in guerche_list] == ["Essai"]
    assert guerche_list[0].created_at < late_enrolment.created_at


def test_reject_needs_a_reason(app):
    request = submitted_request()
    with pytest.raises(DomainError, match="motif"):
        reenrolment.reject(request, reviewer=user("secretariat"), reason="")
    reenrolment.reject(request, reviewer=user("secretariat"), reason="Dossier incomplet")
    db.session.commit()
    assert request.status == "rejected" and request.comment == "Dossier incomplet"
    assert any("Dossier incomplet" in m.body_text for m in db.session.scalars(select(OutboxMessage)))


def test_bulk_validate_skips_and_reports_problems(app):
    from tests.fixtures.files import minimal_pdf, upload
    from school.models import DocumentType
    from school.services import documents

    essai = submitted_request()  # the Z-TEST family has no QF certificate: skipped
    hugo = submitted_request("Hugo", "Violon 1C2 - Vitré", "zdemo2")
    qf = db.session.scalars(select(DocumentType).where(DocumentType.is_quotient_certificate.is_(True))).one()
    documents.store_upload(hugo.student.family, None, qf, upload(minimal_pdf(), "qf.pdf"), author=None)
    result = reenrolment.bulk_validate([essai, hugo], reviewer=user("secretariat"))
    db.session.commit()
    assert result.validated == [hugo] and hugo.status == "validated"
    assert result.skipped[0][0] is essai and "Pièce manquante" in result.skipped[0][1][0]
    assert essai.status == "submitted"


def test_dashboard_counts_and_demand(app):
    submitted_request()
    lea = reenrolment.start(student("Léa"), open_campaign())
    reenrolment.choose(lea, False, author=user("zdemo2"))
    hugo = reenrolment.start(student("Hugo"), open_campaign())
    reenrolment.choose(hugo, True, author=user("zdemo2"))
    board = reenrolment.dashboard(open_campaign())
    assert board.concerned == 3
    assert board.counts == {"not_started": 0, "in_progress": 1, "submitted": 1, "validated": 0, "rejected": 0,
                            "declined": 1}
    assert board.missing_documents == 1
    vitre = [d for d in board.demand if d.option.label == "Culture musicale 1C3 - Vitré"][0]
    assert (vitre.requested, vitre.enrolled, vitre.option.capacity) == (1, 0, 12)
    rows = reenrolment.export_rows(open_campaign())
    assert [(r[0], r[2]) for r in rows] == [
        ("Z-DEMO Hugo", "En cours de saisie"), ("Z-DEMO Léa", "Ne souhaite pas se réinscrire"),
        ("Z-TEST Essai", "Réinscription en attente de validation")]
