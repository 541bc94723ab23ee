"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, free port) that keeps what it receives."""
from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask


@dataclass
class ReceivedMail:
    """One message as the SMTP server received it."""

    envelope_from: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """Return the plain-text part."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        """Return the HTML part (empty when there is none)."""
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""


@dataclass
class _Collector:
    messages: list[ReceivedMail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class MailServer:
    """Handle on a running SMTP server: its address and the messages received so far."""

    def __init__(self, host: str, port: int, collector: _Collector) -> None:
        self.host = host
        self.port = port
        self._collector = collector

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._collector.lock:
            return list(self._collector.messages)

    def to(self, address: str) -> list[ReceivedMail]:
        """Return the messages addressed to ``address``."""
        return [m for m in self.messages if address in m.recipients]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_mail_server() -> Iterator[MailServer]:
    """Run an SMTP server on 127.0.0.1 for the duration of the ``with`` block."""
    collector = _Collector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield MailServer("127.0.0.1", port, collector)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[MailServer]:
    """A real SMTP server the test's app delivers to (``MAIL_SERVER``/``MAIL_PORT`` point at it)."""
    with running_mail_server() as server:
        previous = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
        app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port)
        yield server
        app.config.update(previous)
