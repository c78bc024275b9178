"""Escalation notices reach people: in the app, by e-mail and through a signed webhook,
retried with backoff; a failure never undoes the escalation and the coordinator sees it."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from casework.actors import Actor, Role, system_actor
from casework.errors import NotFound, PermissionDenied
from casework.escalation.commands.sweep import sweep
from casework.escalation.model import Escalation
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.notifications.channels import configured_senders
from casework.notifications.commands import add_contact, mark_read
from casework.notifications.delivery import LEASE, RetryPolicy, deliver_due
from casework.notifications.model import Channel, Delivery, DeliveryStatus
from casework.notifications.queries import delivery_problems, inbox, unread_count
from casework.outbox import OutboxMessage
from casework.privacy.keys import KeyRing
from casework.referrals import commands as referrals
from tests.support.network import demo
from tests.support.receivers import free_port, smtp_server, webhook_gateway
from texts import said

SYSTEM = system_actor("test-delivery")
COORDINATOR = Actor("test-coordinator", Role.COORDINATOR)
SECRET = "webhook-secret-" + "x" * 40
OVERDUE = datetime(2026, 3, 4, 9, 15, tzinfo=UTC)  # 15 minutes past the accept deadline


def overdue_referral(uow, clock):
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    clock.current = OVERDUE
    assert sweep(uow, actor=SYSTEM).escalated == 1
    return d, issued


def deliveries(uow) -> list[Delivery]:
    with uow:
        return list(uow.session.scalars(select(Delivery).order_by(Delivery.id)))


def pending_delivery_runs(uow) -> list[datetime]:
    with uow:
        return list(
            uow.session.scalars(
                select(OutboxMessage.available_at).where(
                    OutboxMessage.flow == "deliver-notifications",
                    OutboxMessage.dispatched_at.is_(None),
                )
            )
        )


def test_an_escalation_goes_out_by_email_with_no_personal_data(uow, clock, settings):
    d, issued = overdue_referral(uow, clock)
    assert pending_delivery_runs(uow) == [OVERDUE]  # one run of the delivery flow queued
    with smtp_server() as mailbox:
        smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mailbox.port})
        report = deliver_due(uow, actor=SYSTEM, wording=said, senders=configured_senders(smtp))
    assert report.delivered == 2 and report.errors == []
    with uow:
        institution = uow.session.get_one(Member, d.aids_centre).name
    by_recipient = {m["X-Envelope-To"]: m for m in mailbox.messages}
    assert set(by_recipient) == {"focal.01@demo.invalid", "casework.07@demo.invalid"}
    mail = by_recipient["focal.01@demo.invalid"]  # the member's own address: the region's language
    assert mail["Subject"] == f"Роҳхати {issued.serial} (сатҳи эскалатсия 1)"
    assert mail.get_content().strip() == (
        f"Роҳхати {issued.serial} (Санҷиш ва машварат оид ба ВНМО) ба {institution} камтар аз "
        "як рӯзи корӣ дер қабул мешавад. Сатҳи эскалатсия 1."
    )
    assert [(x.status, x.delivered_at) for x in deliveries(uow)] == [
        (DeliveryStatus.DELIVERED, OVERDUE)
    ] * 2


def add_webhook_contact(uow) -> None:
    d = demo(uow)
    with uow:
        network_id = uow.session.get_one(Member, d.aids_centre).network_id
    add_contact(
        uow,
        actor=SYSTEM,
        network_id=network_id,
        member_id=d.aids_centre,
        role="focal_point",
        channel=Channel.WEBHOOK,
        address="+992000000123",
    )


def test_the_webhook_is_signed_and_retried_with_backoff_until_it_goes(uow, clock, settings):
    add_webhook_contact(uow)
    _, issued = overdue_referral(uow, clock)
    with webhook_gateway() as gateway:
        gateway.statuses = [503]
        hook = settings.model_copy(
            update={"webhook_url": gateway.url, "webhook_secret": SecretStr(SECRET)}
        )
        senders = {Channel.WEBHOOK: configured_senders(hook)[Channel.WEBHOOK]}
        first = deliver_due(uow, actor=SYSTEM, wording=said, senders=senders)
        (webhook,) = [x for x in deliveries(uow) if x.channel is Channel.WEBHOOK]
        assert first.retrying == 1 and "503" in webhook.last_error
        assert (webhook.status, webhook.attempts) == (DeliveryStatus.PENDING, 1)
        assert webhook.next_attempt_at == OVERDUE + timedelta(seconds=30)
        assert OVERDUE + timedelta(seconds=30) in pending_delivery_runs(uow)
        assert (
            deliver_due(uow, actor=SYSTEM, wording=said, senders=senders).retrying == 0
        )  # not due yet
        clock.advance(timedelta(seconds=30))
        assert deliver_due(uow, actor=SYSTEM, wording=said, senders=senders).delivered == 1
    assert len(gateway.requests) == 2
    headers, body = gateway.requests[-1]
    timestamp = headers["X-Casework-Timestamp"]
    assert timestamp == str(int(clock.now().timestamp()))
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert headers["X-Casework-Signature"] == f"v1={expected.hexdigest()}"
    payload = json.loads(body)
    assert set(payload) == {"delivery_id", "to", "kind", "serial", "level", "language", "text"}
    assert (payload["to"], payload["serial"], payload["level"]) == (
        "+992000000123",
        issued.serial,
        1,
    )


def test_a_failed_webhook_keeps_its_status_and_host_but_no_secret_of_its_url(uow, clock, settings):
    """A gateway's URL may carry its secret in the query or the userinfo; the error the
    coordinator sees (and the database keeps) names the failure and the host only."""
    add_webhook_contact(uow)
    overdue_referral(uow, clock)
    retry = RetryPolicy(max_attempts=2, backoff=timedelta(seconds=30))
    errors = []

    def send(url: str) -> None:
        hook = settings.model_copy(update={"webhook_url": url, "webhook_secret": SecretStr(SECRET)})
        deliver_due(uow, actor=SYSTEM, wording=said, senders=configured_senders(hook), retry=retry)
        errors.extend(x.last_error for x in deliveries(uow) if x.channel is Channel.WEBHOOK)

    with webhook_gateway() as gateway:
        gateway.statuses = [500]
        send(gateway.url.replace("//", "//gw-user:userinfo-pass@") + "?token=tok-s3cr3t")
    clock.advance(timedelta(seconds=30))
    send(f"http://127.0.0.1:{free_port()}/sms?token=tok-s3cr3t")  # nobody listens: refused
    # The whole error, as kept and as the coordinator sees it: no token, userinfo or path.
    assert errors == ["HTTPStatusError (HTTP 500) from 127.0.0.1", "ConnectError from 127.0.0.1"]
    shown = {p.last_error for p in delivery_problems(uow, actor=COORDINATOR)}
    assert "ConnectError from 127.0.0.1" in shown and not any("tok-s3cr3t" in e for e in shown)


def test_a_delivery_that_keeps_failing_gives_up_visibly_and_the_escalation_stands(
    uow, clock, settings
):
    _, issued = overdue_referral(uow, clock)
    dead = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    retry = RetryPolicy(max_attempts=3, backoff=timedelta(seconds=30))
    for wait in (0, 30, 60):
        clock.advance(timedelta(seconds=wait))
        deliver_due(uow, actor=SYSTEM, wording=said, senders=configured_senders(dead), retry=retry)
    assert {(x.status, x.attempts) for x in deliveries(uow)} == {(DeliveryStatus.FAILED, 3)}
    problems = delivery_problems(uow, actor=COORDINATOR)
    assert len(problems) == 2
    assert all("ConnectionRefusedError" in p.last_error for p in problems)
    assert {p.address for p in problems} == {"focal.01@demo.invalid", "casework.07@demo.invalid"}
    with uow:  # the escalation committed long before any delivery was tried
        assert (
            uow.session.scalar(
                select(Escalation.level).where(Escalation.referral_id == issued.referral_id)
            )
            == 1
        )
    d = demo(uow)
    with pytest.raises(PermissionDenied):
        delivery_problems(uow, actor=d.caseworker())


def test_an_unconfigured_channel_fails_at_once_and_shows(uow, clock):
    overdue_referral(uow, clock)
    report = deliver_due(uow, actor=SYSTEM, wording=said, senders={})
    assert report.failed == 2
    assert {p.last_error for p in delivery_problems(uow, actor=COORDINATOR)} == {
        "the email channel is not configured"
    }


def test_a_sender_whose_lease_lapsed_cannot_undo_the_delivery_that_took_over(uow, clock):
    overdue_referral(uow, clock)
    sent: list[int] = []

    class Quick:
        def send(self, outgoing):
            sent.append(outgoing.delivery_id)

    class Stalled:
        """Answers only after its lease lapsed, when another sender has delivered the notice."""

        def send(self, outgoing):
            clock.advance(LEASE + timedelta(minutes=1))
            deliver_due(uow, actor=SYSTEM, wording=said, senders={Channel.EMAIL: Quick()})
            raise TimeoutError("the mail server stopped answering")

    once = RetryPolicy(max_attempts=1)
    report = deliver_due(
        uow, actor=SYSTEM, wording=said, senders={Channel.EMAIL: Stalled()}, retry=once
    )
    assert (report.failed, report.retrying, report.errors) == (0, 0, [])
    assert len(sent) == 2
    assert [(x.status, x.attempts) for x in deliveries(uow)] == [(DeliveryStatus.DELIVERED, 1)] * 2


def test_a_notice_about_a_referral_that_moved_on_is_not_sent(uow, clock, settings):
    d, issued = overdue_referral(uow, clock)
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    with smtp_server() as mailbox:
        smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mailbox.port})
        report = deliver_due(uow, actor=SYSTEM, wording=said, senders=configured_senders(smtp))
    assert report.skipped == 2 and mailbox.messages == []
    assert {x.status for x in deliveries(uow)} == {DeliveryStatus.SKIPPED}


def test_the_bell_shows_each_role_its_own_notices(uow, clock):
    d, issued = overdue_referral(uow, clock)
    caseworker, focal = d.caseworker(), d.focal()
    assert unread_count(uow, actor=caseworker) == 1
    assert unread_count(uow, actor=focal) == 1
    assert unread_count(uow, actor=d.caseworker(d.other_ngo)) == 0
    assert unread_count(uow, actor=COORDINATOR) == 0
    (notice,) = inbox(uow, actor=caseworker)
    assert notice.level == 1 and issued.serial in notice.message
    with pytest.raises(NotFound):
        mark_read(uow, actor=d.caseworker(d.other_ngo), notification_id=notice.id)
    mark_read(uow, actor=caseworker, notification_id=notice.id)
    assert unread_count(uow, actor=caseworker) == 0
    assert inbox(uow, actor=caseworker, unread_only=True) == []
    assert unread_count(uow, actor=focal) == 1


def test_the_webhook_secret_comes_from_a_file_never_the_database(settings, tmp_path):
    secret_file = tmp_path / "webhook-secret"
    secret_file.write_text(SECRET + "\n")
    keys = KeyRing(settings.model_copy(update={"webhook_secret_file": secret_file}))
    assert keys.webhook_secret == SECRET.encode()
