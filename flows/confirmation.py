"""Confirmation flow: after an institution completes a referral, check its attestations;
a failed attestation of anonymous, free or voluntary service opens a memorandum breach."""

import asyncio
from uuid import UUID

from prefect import flow

from casework.governance.breaches.commands import open_breach_if_attestation_failed
from flows import runtime

ACTOR = runtime.actor("confirmation")


def check_attestations(referral_id: str) -> int | None:
    return open_breach_if_attestation_failed(
        runtime.uow(), actor=ACTOR, referral_id=UUID(referral_id)
    )


@flow(name="confirmation", flow_run_name="confirmation-{referral_id}")
async def confirmation_flow(referral_id: str) -> dict[str, int | None]:
    return {"breach_id": await asyncio.to_thread(check_attestations, referral_id)}
