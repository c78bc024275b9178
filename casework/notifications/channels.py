"""The channels a delivery goes out on: e-mail over SMTP and a signed webhook for SMS or
messenger gateways. Each is configured by settings; an unconfigured one is absent."""

import hashlib
import hmac
import json
import smtplib
from email.message import EmailMessage

import httpx

from casework.notifications.delivery import Outgoing, Sender, SendFailed
from casework.notifications.model import Channel
from casework.privacy.keys import KeyRing
from casework.settings import Settings

SIGNATURE_HEADER = "X-Casework-Signature"
TIMESTAMP_HEADER = "X-Casework-Timestamp"


class EmailSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, outgoing: Outgoing) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"] = s.smtp_sender
        message["To"] = outgoing.address
        message["Subject"] = outgoing.subject
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(outgoing.text)
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_username and s.smtp_password is not None:
                    smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
                smtp.send_message(message)
        except smtplib.SMTPResponseException as exc:  # its message may quote an address
            raise SendFailed(_failure(exc, s.smtp_host, f"SMTP {exc.smtp_code}")) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise SendFailed(_failure(exc, s.smtp_host)) from None


def signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>": the gateway recomputes it with the shared
    secret and refuses a stale timestamp, so a captured request cannot be replayed later."""
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def verify_signature(
    secret: bytes, *, timestamp: str, body: bytes, header: str, now: float, tolerance: float = 300
) -> bool:
    """What a gateway checks (offered for gateways written in Python)."""
    if abs(now - float(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


class WebhookSender:
    def __init__(self, settings: Settings, keys: KeyRing) -> None:
        self.url = settings.webhook_url
        self.keys = keys
        self.timeout = settings.webhook_timeout_seconds

    def send(self, outgoing: Outgoing) -> None:
        body = json.dumps(
            {
                "delivery_id": outgoing.delivery_id,
                "to": outgoing.address,
                "kind": outgoing.kind,
                "language": outgoing.language.value,
                "serial": outgoing.serial,
                "level": outgoing.level,
                "text": outgoing.text,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        timestamp = str(int(outgoing.sent_at.timestamp()))
        try:
            response = httpx.post(
                self.url,
                content=body,
                headers={
                    "Content-Type": "application/json",
                    TIMESTAMP_HEADER: timestamp,
                    SIGNATURE_HEADER: signature(self.keys.webhook_secret, timestamp, body),
                    # The gateway can drop a retry of a message it already sent.
                    "Idempotency-Key": f"delivery-{outgoing.delivery_id}",
                },
                timeout=self.timeout,
            )
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            status = f"HTTP {exc.response.status_code}"
            raise SendFailed(_failure(exc, self._host(), status)) from None
        except httpx.HTTPError as exc:  # its message quotes the URL, secret and all
            raise SendFailed(_failure(exc, self._host())) from None

    def _host(self) -> str:
        try:
            return httpx.URL(self.url).host
        except httpx.InvalidURL:
            return "an invalid URL"


def _failure(error: Exception, host: str, status: str = "") -> str:
    """What may be kept of a channel's failure (see SendFailed), e.g. "HTTPStatusError (HTTP
    503) from gateway.example"."""
    told = f" ({status})" if status else ""
    return f"{type(error).__name__}{told} from {host}"


def configured_senders(settings: Settings) -> dict[Channel, Sender]:
    """The channels this installation has settings for."""
    senders: dict[Channel, Sender] = {}
    if settings.smtp_host:
        senders[Channel.EMAIL] = EmailSender(settings)
    if settings.webhook_url:
        senders[Channel.WEBHOOK] = WebhookSender(settings, KeyRing(settings))
    return senders
