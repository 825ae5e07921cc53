"""
A real SMTP server for tests, run in-process with aiosmtpd on a free port.

Tests talk to it through Django's SMTP backend, so everything between
building a message and a server accepting it is exercised for real.
"""

import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings

from tests.servers import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(preferencelist=("plain",)).get_content()
        return body.replace("\r\n", "\n")

    @property
    def html(self) -> str:
        body = self.message.get_body(preferencelist=("html",)).get_content()
        return body.replace("\r\n", "\n")


class RecordingHandler:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.messages: list[Received] = []
            # Accept this many messages in all, then answer "try later".
            self.accept_only: int | None = None
            self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Unbekannter Empfaenger"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.accept_only is not None and len(self.messages) >= self.accept_only:
                return "451 4.3.2 Bitte spaeter noch einmal versuchen"
            self.messages.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    message_from_bytes(envelope.content, policy=policy.default),
                )
            )
        return "250 2.0.0 Angenommen"


class SMTPSink:
    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.messages)

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.rcpt_tos]

    def settings(self) -> override_settings:
        return override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        )


class SMTPServerMixin:
    """Starts one server per test class; every test begins with no mail."""

    @classmethod
    def setUpClass(cls):
        cls.smtp = SMTPSink()
        cls.smtp.start()
        cls.addClassCleanup(cls.smtp.stop)
        smtp_settings = cls.smtp.settings()
        smtp_settings.enable()
        cls.addClassCleanup(smtp_settings.disable)
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.smtp.handler.reset()
