"""Password storage and e-mails: strong hashes, and no password in any e-mail (SECURITY.md 1, 4)."""
from __future__ import annotations

import re
from pathlib import Path

from flask_appbuilder.security.sqla.models import User

from school.extensions import db
from school.models import OutboxMessage
from seed.contract import DEMO_ACCOUNTS
from tests.conftest import PASSWORDS

NEW_PASSWORD = "Une phrase de passe solide 2027"


def test_every_seeded_password_uses_pbkdf2_sha256_600000(app):
    hashes = [u.password for u in db.session.query(User) if u.password]
    assert hashes
    assert all(h.startswith("pbkdf2:sha256:600000$") for h in hashes)


def test_no_captured_email_contains_a_password(app, client, auth):
    """Go through every flow that sends mail to a family, then scan every message and .eml file."""
    client.post("/portail/mot-de-passe-perdu", data={"username": "ztest1", "email": "test@vitrecommunaute.org"})
    body = db.session.query(OutboxMessage).one().body_text
    token = re.search(r"/portail/mot-de-passe-perdu/(\S+)", body).group(1)
    client.post(f"/portail/mot-de-passe-perdu/{token}", data={"new_password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    auth.portal_login("ztest1", NEW_PASSWORD)
    client.post("/portail/mot-de-passe", data={"current_password": NEW_PASSWORD, "new_password": NEW_PASSWORD + "!",
                                               "confirmation": NEW_PASSWORD + "!"})
    assert db.session.query(User).filter_by(username="ztest1").one().password.startswith("pbkdf2:sha256:600000$")
    secrets = [a.password for a in DEMO_ACCOUNTS] + [NEW_PASSWORD, NEW_PASSWORD + "!"]
    messages = db.session.query(OutboxMessage).all()
    assert len(messages) == 2
    files = list(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    assert len(files) == 2
    texts = [m.subject + m.body_text + (m.body_html or "") for m in messages] + [f.read_text() for f in files]
    for text in texts:
        for secret in secrets:
            assert secret not in text
    assert PASSWORDS["ztest1"] not in "".join(texts)
