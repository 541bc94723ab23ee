"""With background delivery (the default outside tests), e-mails leave after the response."""
from pathlib import Path

import pytest

from school.extensions import db
from school.models import OutboxMessage
from school.services import mail


@pytest.fixture
def app_overrides():
    return {"MAIL_BACKGROUND": True}


def test_lost_password_mail_is_delivered_after_the_response(app, client):
    matching = client.post("/portail/mot-de-passe-perdu",
                           data={"username": "ztest1", "email": "test@vitrecommunaute.org"})
    mail.wait_for_background_delivery()
    db.session.expire_all()
    message = db.session.query(OutboxMessage).one()
    assert message.recipient == "test@vitrecommunaute.org" and message.status == "stored"
    assert len(list(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))) == 1
    # A mismatch gets the very same answer, and nothing is queued or sent.
    mismatch = client.post("/portail/mot-de-passe-perdu",
                           data={"username": "ztest1", "email": "someone@example.org"})
    mail.wait_for_background_delivery()
    assert mismatch.status_code == matching.status_code
    assert mismatch.get_data() == matching.get_data()
    assert db.session.query(OutboxMessage).count() == 1
