"""The e-mail outbox: rendering, delivery after commit, SMTP, .eml files, retries and `flask mail`."""
from __future__ import annotations

import email
import email.policy
import socket
from pathlib import Path

import pytest

from school.extensions import db
from school.models import OutboxMessage
from school.services.mail import deliver_committed, deliver_pending, queue_mail
from tests.mailserver import smtp_server  # noqa: F401  (fixture)


def eml_files(app) -> list[Path]:  # type: ignore[no-untyped-def]
    return sorted(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))


def test_queued_mail_is_rendered_escaped_and_stored_as_eml(app):
    message = queue_mail("parent@example.org", "test", "Essai d'envoi", site_url="<script>x</script>")
    assert message.status == "pending"
    assert "Conservatoire de Musique et d'Art Dramatique de Vitré Communauté" in message.body_text
    assert "&lt;script&gt;" in message.body_html and "<script>" not in message.body_html
    db.session.commit()
    assert deliver_committed() == 1
    db.session.refresh(message)
    assert message.status == "stored" and message.attempts == 1
    [path] = eml_files(app)
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "parent@example.org" and parsed["Subject"] == "Essai d'envoi"
    assert "Ceci est un message de test" in parsed.get_body(preferencelist=("plain",)).get_content()


def test_nothing_leaves_when_the_transaction_is_rolled_back(app):
    queue_mail("parent@example.org", "test", "Annulé")
    db.session.rollback()
    db.session.commit()
    assert deliver_committed() == 0
    assert eml_files(app) == []
    assert db.session.query(OutboxMessage).count() == 0


def test_mail_queued_by_a_request_leaves_during_that_request(app, client):
    client.post("/portail/mot-de-passe-perdu", data={"username": "ztest1", "email": "test@vitrecommunaute.org"})
    message = db.session.query(OutboxMessage).one()
    assert message.status == "stored"
    assert len(eml_files(app)) == 1


def test_smtp_delivery(app, smtp_server):  # noqa: F811
    message = queue_mail("parent@example.org", "test", "Par SMTP")
    db.session.commit()
    deliver_committed()
    db.session.refresh(message)
    assert message.status == "sent" and message.sent_at is not None
    [received] = smtp_server.to("parent@example.org")
    assert received.subject == "Par SMTP"
    assert "Ceci est un message de test" in received.text and "<p>" in received.html


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_failures_are_kept_retried_then_abandoned_and_resent_by_command(app, smtp_server):  # noqa: F811
    app.config.update(MAIL_PORT=_closed_port(), MAIL_MAX_ATTEMPTS=2)
    message = queue_mail("parent@example.org", "test", "Réessayé")
    db.session.commit()
    deliver_committed()
    db.session.refresh(message)
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    deliver_pending()
    db.session.refresh(message)
    assert message.status == "failed" and message.attempts == 2
    app.config["MAIL_PORT"] = smtp_server.port
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "resend"])
    assert "0 message(s) traité(s)" in result.output  # abandoned messages need --failed
    result = runner.invoke(args=["mail", "resend", "--failed"])
    assert result.exit_code == 0, result.output
    assert "1 message(s) traité(s) ; 0 en attente ou en échec." in result.output
    db.session.refresh(message)
    assert message.status == "sent" and message.last_error is None
    assert len(smtp_server.to("parent@example.org")) == 1


def test_send_test_command(app, smtp_server):  # noqa: F811
    result = app.test_cli_runner().invoke(args=["mail", "send-test", "secretariat@example.org"])
    assert result.exit_code == 0, result.output
    assert ": sent" in result.output
    assert smtp_server.to("secretariat@example.org")[0].subject == "Message de test du conservatoire"


def test_send_test_command_reports_a_failure(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    result = app.test_cli_runner().invoke(args=["mail", "send-test", "secretariat@example.org"])
    assert result.exit_code == 1
    assert "pending" in result.output and "ConnectionRefusedError" in result.output


@pytest.mark.parametrize("template", ["password_reset", "password_changed", "test"])
def test_account_templates_render_in_french_without_secrets(app, template):
    message = queue_mail("parent@example.org", template, "Sujet", name="Essai Z-TEST", username="ztest1",
                         hours=24, link="http://portail.test/portail/mot-de-passe-perdu/abc", when="01/12/2026 à 10:00")
    assert "Bonjour" in message.body_text and "Bonjour" in message.body_html
    assert "Mot de passe :" not in message.body_text
