"""Consent-revocation flow: after consent to referral is revoked (or the beneficiary erased),
tell each institution that its referral was cancelled, without the reason.

The cancellation itself is done by the revoking command, in its own transaction: from the
moment revocation commits no referral of the beneficiary is open, so no institution can
accept one, no sweep escalates one and no reminder goes out. This flow only does what may be
slow or fail and be retried; it is idempotent."""

import asyncio
from uuid import UUID

from prefect import flow

from casework.beneficiaries.commands.revocation import (
    REVOCATION_FLOW,
    notify_institutions_of_cancellation,
)
from flows import runtime

ACTOR = runtime.actor(REVOCATION_FLOW)


def notify_cancellations(beneficiary_id: str) -> int:
    return notify_institutions_of_cancellation(
        runtime.uow(), actor=ACTOR, beneficiary_id=UUID(beneficiary_id)
    )


@flow(name=REVOCATION_FLOW, flow_run_name="consent-revocation-{beneficiary_id}")
async def consent_revocation_flow(beneficiary_id: str) -> dict[str, int]:
    return {"institutions_notified": await asyncio.to_thread(notify_cancellations, beneficiary_id)}
