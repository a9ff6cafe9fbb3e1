"""E-mail to trusted contacts: one small sender interface, SMTP behind it.

The bank writes to a contact twice: "will you be Mary's trusted contact?" when
they are named, and "Mary's payment is paused: call them first, or does it look
fine?" when a payment waits for them. Each e-mail carries a link to the bank's
web app (`PUBLIC_URL`), where the contact answers with buttons and confirms.

E-mail is offered only when SMTP is configured (`SMTP_HOST`), and a message
counts as sent only once the SMTP server has accepted it: the customer is never
told that a contact was asked when they were not. Phone numbers are not offered
at all, since no SMS or voice gateway is configured here.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from assistant.errors import BankError, ConfigurationError
from assistant.settings import env_setting, read_env

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    """How the bank sends e-mail to trusted contacts.

    Attributes:
        smtp_host: the SMTP server (SMTP_HOST); empty: e-mail contacts are not offered.
        smtp_port: its port (SMTP_PORT).
        smtp_from: the bank's sender address (SMTP_FROM).
        smtp_user: the SMTP log-in (SMTP_USER); empty: no log-in.
        smtp_password: its password (SMTP_PASSWORD), from the environment only.
        smtp_starttls: upgrade to TLS before logging in (SMTP_STARTTLS, 1 or 0; 0 only for
            a server on loopback).
        public_url: the web app as a contact's browser reaches it (PUBLIC_URL), for the
            links in the e-mails; required with SMTP_HOST, as is SMTP_FROM.
        timeout_seconds: how long one SMTP conversation may take (SMTP_TIMEOUT_SECONDS).
    """

    smtp_host: str = env_setting("SMTP_HOST", "")
    smtp_port: int = env_setting("SMTP_PORT", 587)
    smtp_from: str = env_setting("SMTP_FROM", "")
    smtp_user: str = env_setting("SMTP_USER", "")
    smtp_password: str = env_setting("SMTP_PASSWORD", "")
    smtp_starttls: bool = env_setting("SMTP_STARTTLS", True)
    public_url: str = env_setting("PUBLIC_URL", "")
    timeout_seconds: float = env_setting("SMTP_TIMEOUT_SECONDS", 10.0)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> MailSettings:
        settings = read_env(cls, env)
        if settings.smtp_host and not (settings.smtp_from and settings.public_url):
            raise ConfigurationError(
                "SMTP_HOST is set: set SMTP_FROM (the bank's sender address) and PUBLIC_URL "
                "(the web app's address as a contact's browser reaches it) too."
            )
        return settings


class SendFailed(BankError):
    """The message was not accepted for delivery; nobody may be told it was sent."""


class ContactSender(Protocol):
    """Delivers one message to one address, or raises SendFailed."""

    def send(self, address: str, subject: str, text: str) -> None: ...


class SmtpSender:
    """Sends through the configured SMTP server; accepted by it means sent."""

    def __init__(self, settings: MailSettings) -> None:
        self._settings = settings

    def send(self, address: str, subject: str, text: str) -> None:
        s = self._settings
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = s.smtp_from, address, subject
        message.set_content(text)
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.timeout_seconds) as smtp:
                if s.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            log.warning("E-mail to a trusted contact was not accepted: %s", type(error).__name__)
            raise SendFailed("The e-mail could not be sent.") from error


def email_sender(settings: MailSettings) -> SmtpSender | None:
    """The sender for these settings, or None when e-mail is not configured."""
    return SmtpSender(settings) if settings.smtp_host else None
