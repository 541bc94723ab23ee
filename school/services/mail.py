"""The e-mail outbox: every message is stored first, then delivered once its transaction commits.

``queue_mail`` renders ``templates/mail/<template>.txt`` and ``.html`` and adds an
``OutboxMessage`` (status ``pending``) to the caller's transaction. Nothing leaves before the caller
commits: a session hook notes the ids of committed messages, and the app delivers them at the end of
the request (``after_request``, see ``backoffice.http``) or when a command's app context ends.
Delivery uses SMTP when ``MAIL_SERVER`` is set; otherwise the message is written as an ``.eml``
file under ``MAIL_FOLDER`` and marked ``stored``. A failed delivery stays ``pending`` with its error
until ``MAIL_MAX_ATTEMPTS``, then becomes ``failed``; ``flask mail resend`` retries.
"""
from __future__ import annotations

import logging
import smtplib
import threading
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, g, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from school.clock import utcnow
from school.extensions import db
from school.models import OutboxMessage
from school.services.settings import get_setting

log = logging.getLogger(__name__)

PENDING, SENT, FAILED, STORED = "pending", "sent", "failed", "stored"
_NEW_KEY = "outbox_new_ids"
_background: list[threading.Thread] = []


def queue_mail(recipient: str, template: str, subject: str, **context: Any) -> OutboxMessage:
    """Render ``template`` (text and HTML) for ``recipient`` and add it to the outbox (never commits)."""
    subject = str(subject)  # a lazy text is stored as the plain text of the current language
    env = current_app.jinja_env
    values = {
        "school_name": get_setting("school_name", "Conservatoire"),
        "school_email": get_setting("school_email"),
        "school_phone": get_setting("school_phone"),
        "site_url": current_app.config["SITE_URL"],
        "subject": subject,
        **context,
    }
    # Rendered straight from the environment: mails do not depend on a request or its context processors.
    body_text = env.get_template(f"mail/{template}.txt").render(values)
    body_html = env.get_template(f"mail/{template}.html").render(values)
    message = OutboxMessage(
        recipient=recipient, subject=subject[:200], body_text=body_text, body_html=body_html,
        status=PENDING, attempts=0, created_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault(_NEW_KEY, []).append(message.id)
    return message


@event.listens_for(Session, "after_commit")
def _note_committed(session: Session) -> None:
    ids = session.info.pop(_NEW_KEY, None)
    if ids and has_app_context():
        g.setdefault("outbox_committed_ids", []).extend(ids)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the outermost transaction: its messages are gone
        session.info.pop(_NEW_KEY, None)


def deliver_committed() -> int:
    """Deliver the messages committed in the current app context; return how many were tried."""
    ids = g.pop("outbox_committed_ids", None) if has_app_context() else None
    if not ids:
        return 0
    return _deliver(select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == PENDING))


def deliver_committed_in_background() -> None:
    """Deliver the messages committed in this app context from a thread, after the response.

    The request then takes the same time whether or not it sent an e-mail (a lost-password
    answer must not reveal a match by its duration). A message whose delivery is interrupted
    stays pending in the outbox for ``flask mail resend``.
    """
    ids = g.pop("outbox_committed_ids", None) if has_app_context() else None
    if not ids:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            _deliver(select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == PENDING))

    thread = threading.Thread(target=run, name="outbox-delivery", daemon=True)
    _background.append(thread)
    thread.start()


def wait_for_background_delivery(timeout: float = 30) -> None:
    """Wait until the background deliveries started so far are done (tests, clean shutdown)."""
    while _background:
        _background.pop().join(timeout)


def deliver_pending(*, include_failed: bool = False) -> int:
    """Deliver every pending message (and failed ones when asked); return how many were tried."""
    statuses = [PENDING, FAILED] if include_failed else [PENDING]
    return _deliver(select(OutboxMessage).where(OutboxMessage.status.in_(statuses)).order_by(OutboxMessage.id))


def _deliver(query: Any) -> int:
    # A separate session, so delivery never commits the caller's unrelated pending changes.
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    count = 0
    with Session(db.engine) as session:
        for message in session.scalars(query).all():
            count += 1
            message.attempts += 1
            try:
                _send(message)
            except (OSError, smtplib.SMTPException) as error:
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                message.status = FAILED if message.attempts >= max_attempts else PENDING
                log.warning("Mail %s to %s not delivered: %s", message.id, message.recipient, message.last_error)
            else:
                message.last_error = None
                message.sent_at = utcnow()
            session.commit()
    return count


def build_email(message: OutboxMessage) -> EmailMessage:
    """Return the MIME message (text with an HTML alternative) for an outbox row."""
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=config["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or None)
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def _send(message: OutboxMessage) -> None:
    config = current_app.config
    email = build_email(message)
    if not config.get("MAIL_SERVER"):
        folder = Path(config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{utcnow():%Y%m%d-%H%M%S}-{message.id:06d}.eml"
        path.write_bytes(email.as_bytes())
        message.status = STORED
        return
    timeout = config.get("MAIL_TIMEOUT", 10)
    if config.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(email)
    message.status = SENT
