"""Resolution flow: after a case closes, cancel the referrals it left open."""

import asyncio
from uuid import UUID

from prefect import flow

from casework.referrals.commands import cancel_open_referrals_of_case
from flows import runtime

ACTOR = runtime.actor("resolution")


def cancel_open_referrals(case_id: str) -> int:
    return cancel_open_referrals_of_case(runtime.uow(), actor=ACTOR, case_id=UUID(case_id))


@flow(name="resolution", flow_run_name="resolution-{case_id}")
async def resolution_flow(case_id: str) -> dict[str, int]:
    return {"referrals_cancelled": await asyncio.to_thread(cancel_open_referrals, case_id)}
