"""Delivery flow: sends the notices' due e-mails and webhooks; failures are retried later by
a deferred outbox row, and never touch the state change that caused the notice."""

import asyncio

from prefect import flow

from casework.notifications.delivery import deliver_due
from flows import runtime
from texts import said

ACTOR = runtime.actor("deliver-notifications")


def send_due() -> dict[str, int]:
    report = deliver_due(
        runtime.uow(),
        actor=ACTOR,
        senders=runtime.senders(),
        wording=said,
        retry=runtime.retry_policy(),
    )
    return {
        "delivered": report.delivered,
        "retrying": report.retrying,
        "failed": report.failed,
        "skipped": report.skipped,
    }


@flow(name="deliver-notifications")
async def deliver_notifications() -> dict[str, int]:
    return await asyncio.to_thread(send_due)
