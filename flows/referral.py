"""Referral flow: after a referral is requested (routed, numbered, dated), tell the institution."""

import asyncio
from uuid import UUID

from prefect import flow

from casework.notifications.commands import notify_institution_of_referral
from flows import runtime

ACTOR = runtime.actor("referral")


def notify_institution(referral_id: str) -> bool:
    return notify_institution_of_referral(runtime.uow(), actor=ACTOR, referral_id=UUID(referral_id))


@flow(name="referral", flow_run_name="referral-{referral_id}")
async def referral_flow(referral_id: str) -> dict[str, bool]:
    return {"institution_notified": await asyncio.to_thread(notify_institution, referral_id)}
