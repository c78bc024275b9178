"""Sending queued deliveries: claim the due ones, send each outside any transaction, record
the result. A failure is retried with exponential backoff and never touches the state change
that caused the notice; after the last attempt it stays visible to the coordinator."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import or_, select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import describe
from casework.escalation.model import Escalation
from casework.languages import Language
from casework.messages import Message
from casework.notifications.model import Channel, Delivery, DeliveryStatus, Notification
from casework.notifications.notices import request_delivery_run
from casework.referrals.model import Referral
from casework.uow import UnitOfWork

LEASE = timedelta(minutes=5)  # longer than any send; a dead sender's claims lapse after it


@dataclass(frozen=True)
class Outgoing:
    """What one delivery sends: the notice's text and subject in the language of the contact
    it goes to, and a few opaque facts, nothing personal."""

    delivery_id: int
    channel: Channel
    address: str
    kind: str
    level: int
    serial: str
    language: Language
    subject: str
    text: str
    sent_at: datetime


class Wording(Protocol):
    """How messages are put in a reader's language (texts.said: the domain renders no text)."""

    def say(self, message: Message, language: Language) -> str: ...

    def say_stored(
        self, key: str | None, params: dict[str, Any] | None, english: str, lang: Language
    ) -> str: ...


def subject(serial: str, level: int) -> Message | None:
    """An e-mail's subject; a governance notice (no referral) has its one sentence instead."""
    if not serial:
        return None
    if level:
        return Message(
            "notice.subject_escalated",
            "Referral {serial} (escalation level {level})",
            serial=serial,
            level=level,
        )
    return Message("notice.subject", "Referral {serial}", serial=serial)


class SendFailed(Exception):
    """A channel's failure in words that may be kept and shown to the coordinator: the
    library's error type, a status code and the host at most. Never a URL's path, query or
    userinfo (a gateway's URL may carry its secret there), nor what the library quoted."""


class Sender(Protocol):
    def send(self, outgoing: Outgoing) -> None:
        """Deliver or raise; a SendFailed's text is kept as the delivery's last error, of any
        other exception what casework.errors.describe keeps."""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    backoff: timedelta = timedelta(seconds=30)  # doubles after each failed attempt

    def next_attempt(self, now: datetime, attempts: int) -> datetime:
        return now + self.backoff * 2 ** (attempts - 1)


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _moved_on(session, notice: Notification, referral: Referral | None) -> bool:
    """A notice about a referral that has since closed, or an escalation whose deadline no
    longer runs, would only be noise: it is not sent. Governance notices have no referral."""
    if referral is None:
        return False
    if referral.is_closed:
        return True
    if notice.level == 0:
        return False
    step = session.scalar(
        select(Escalation).where(
            Escalation.referral_id == referral.id, Escalation.level == notice.level
        )
    )
    return step is not None and not step.still_applies(referral.status)


def _claim(
    uow: UnitOfWork, *, limit: int, report: DeliveryReport, wording: Wording
) -> tuple[list[Outgoing], int]:
    """Lease up to `limit` due deliveries to this sender; returns them and how many rows were
    read (moved-on ones are marked skipped instead of claimed)."""
    with uow:
        now = uow.now()
        rows = uow.session.execute(
            select(Delivery, Notification, Referral)
            .join(Notification, Notification.id == Delivery.notification_id)
            .outerjoin(Referral, Referral.id == Notification.referral_id)
            .where(
                Delivery.status == DeliveryStatus.PENDING,
                Delivery.next_attempt_at <= now,
                or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
            )
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
            .with_for_update(of=Delivery, skip_locked=True)
        ).all()
        claimed = []
        for delivery, notice, referral in rows:
            if _moved_on(uow.session, notice, referral):
                delivery.move_to(DeliveryStatus.SKIPPED, now=now)
                delivery.last_error = "not sent: the referral has moved on"
                report.skipped += 1
                continue
            delivery.claimed_until = now + LEASE
            serial = (referral.serial if referral is not None else None) or ""
            language = delivery.language
            text = wording.say_stored(
                notice.message_key, notice.message_params, notice.message, language
            )
            heading = subject(serial, notice.level)
            claimed.append(
                Outgoing(
                    delivery.id,
                    delivery.channel,
                    delivery.address,
                    notice.kind,
                    notice.level,
                    serial,
                    language,
                    wording.say(heading, language) if heading else text[:120],
                    text,
                    now,
                )
            )
        uow.commit()
        return claimed, len(rows)


def _record(
    uow: UnitOfWork,
    *,
    actor: Actor,
    delivery_id: int,
    error: str | None,
    retry: RetryPolicy,
    report: DeliveryReport,
) -> None:
    with uow:
        now = uow.now()
        delivery = uow.session.get_one(Delivery, delivery_id, with_for_update=True)
        if delivery.status is not DeliveryStatus.PENDING:
            return  # this sender's lease lapsed, and the one that took over recorded it
        delivery.claimed_until = None
        delivery.attempts += 1
        if error is None:
            delivery.move_to(DeliveryStatus.DELIVERED, now=now)
            delivery.last_error = None
            report.delivered += 1
            uow.audit(actor, AuditAction.NOTIFICATION_DELIVERED, delivery)
        else:
            delivery.last_error = error[:300]
            report.errors.append(error)
            if delivery.attempts >= retry.max_attempts:
                delivery.move_to(DeliveryStatus.FAILED, now=now)
                report.failed += 1
                uow.audit(actor, AuditAction.NOTIFICATION_DELIVERY_FAILED, delivery)
            else:
                delivery.next_attempt_at = retry.next_attempt(now, delivery.attempts)
                request_delivery_run(uow, at=delivery.next_attempt_at)
                report.retrying += 1
        uow.commit()


def deliver_due(
    uow: UnitOfWork,
    *,
    actor: Actor,
    senders: dict[Channel, Sender],
    wording: Wording,
    retry: RetryPolicy | None = None,
    limit: int = 200,
) -> DeliveryReport:
    """Send every delivery due now, in batches, each worded in its contact's language; the
    flow of the same name calls this."""
    retry = retry or RetryPolicy()
    report = DeliveryReport()
    unconfigured = RetryPolicy(max_attempts=1)  # retrying cannot help: fail at once, visibly
    while True:
        batch, read = _claim(uow, limit=limit, report=report, wording=wording)
        for outgoing in batch:
            sender = senders.get(outgoing.channel)
            policy = retry if sender is not None else unconfigured
            error: str | None = f"the {outgoing.channel.value} channel is not configured"
            if sender is not None:
                try:
                    sender.send(outgoing)
                    error = None
                except SendFailed as exc:
                    error = str(exc)
                except Exception as exc:  # any failure of the channel: keep it, retry later
                    error = describe(exc)  # not its message, which may quote a secret URL
            _record(
                uow,
                actor=actor,
                delivery_id=outgoing.delivery_id,
                error=error,
                retry=policy,
                report=report,
            )
        if read < limit:
            return report
